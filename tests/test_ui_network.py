"""Network and keys: members listed, my key rotated, a lost key revoked, a proposal approved,
and a backup written only with the profile's own passphrase."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.crypto.backup import open_backup
from app.ui.network import NetworkPage

PASS = "pass phrase"


@pytest.fixture
def page(qtbot, ambam_worker):  # type: ignore[no-untyped-def]
    made = NetworkPage(ambam_worker)
    qtbot.addWidget(made)
    made.refresh()
    qtbot.waitUntil(lambda: made.members.topLevelItemCount() == 6, timeout=20_000)
    return made


def test_rotate_my_key_changes_the_key_shown(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    mine = [page.members.topLevelItem(n) for n in range(6)]
    before = {item.text(0): item.text(3) for item in mine}
    monkeypatch.setattr("app.ui.confirm.ask", lambda *a, **k: True)
    page.rotate()
    qtbot.waitUntil(lambda: page.message.text() == "Your key was rotated.", timeout=20_000)
    after = {
        page.members.topLevelItem(n).text(0): page.members.topLevelItem(n).text(3) for n in range(6)
    }
    changed = [name for name in before if before[name] != after[name]]
    assert changed == ["Maire de Ambam"]


def test_revoking_a_member_of_another_commune_is_refused(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    others = [
        page.members.topLevelItem(n)
        for n in range(6)
        if page.members.topLevelItem(n).text(2) != "Ambam"
        and page.members.topLevelItem(n).text(1) == "mayor"
    ]
    page.members.setCurrentItem(others[0])
    page.revoke()
    assert page.message.text() == "Only a member of this commune can be revoked here."


def test_revoke_our_mayors_key(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ours = next(
        page.members.topLevelItem(n)
        for n in range(6)
        if page.members.topLevelItem(n).text(0) == "Maire de Ambam"
    )
    page.members.setCurrentItem(ours)
    monkeypatch.setattr(
        "app.ui.network.QInputDialog.getText", lambda *a, **k: ("ordinateur volé", True)
    )
    page.revoke()
    qtbot.waitUntil(lambda: page.message.text() == "The key was revoked.", timeout=20_000)
    states = {
        page.members.topLevelItem(n).text(0): page.members.topLevelItem(n).text(4) for n in range(6)
    }
    assert states["Maire de Ambam"] == "key revoked"


def test_a_backup_needs_the_profiles_own_passphrase(
    qtbot, page, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "stick" / "ambam.obk"
    target.parent.mkdir()
    monkeypatch.setattr(
        "app.ui.files.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    monkeypatch.setattr("app.ui.network.QInputDialog.getText", lambda *a, **k: ("faux", True))
    page.backup()
    qtbot.waitUntil(lambda: "passphrase is wrong" in page.message.text(), timeout=20_000)
    assert not target.exists()
    monkeypatch.setattr("app.ui.network.QInputDialog.getText", lambda *a, **k: (PASS, True))
    page.backup()
    qtbot.waitUntil(lambda: page.message.text().startswith("Backup written"), timeout=20_000)
    assert open_backup(target.read_bytes(), PASS)
