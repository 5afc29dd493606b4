"""Network and signatures: members listed, my signing key changed, a lost key revoked, a
proposal approved, and a backup written only with the profile's own passphrase."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.crypto.backup import open_backup
from app.core.forum.service import start_thread
from app.sync import beacon, health
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
    keys = page.details.keys  # a key's id is the technician's: in the details
    before = {keys.topLevelItem(n).text(0): keys.topLevelItem(n).text(2) for n in range(6)}
    monkeypatch.setattr("app.ui.confirm.ask", lambda *a, **k: True)
    page.rotate()
    qtbot.waitUntil(lambda: page.message.text() == "Your signing key was changed.", timeout=20_000)
    after = {keys.topLevelItem(n).text(0): keys.topLevelItem(n).text(2) for n in range(6)}
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
    qtbot.waitUntil(lambda: page.message.text() == "The signing key was revoked.", timeout=20_000)
    states = {
        page.members.topLevelItem(n).text(0): page.members.topLevelItem(n).text(3) for n in range(6)
    }
    assert states["Maire de Ambam"] == "signing key revoked"


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


def test_details_hold_the_technical_words_until_asked(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    """The epoch, the keys' ids and each laptop's heads are behind "Details", closed at first;
    the page itself says what has reached no one yet, and what each commune holds of ours."""
    page.show()
    assert page.details.isHidden() and not page.details_button.isChecked()
    qtbot.waitUntil(lambda: page.news.topLevelItemCount() > 0, timeout=20_000)
    shown = page.news.topLevelItem(0)
    # Every other commune, with what it holds of ours as far as this laptop knows (the same
    # count as the home screen's: app/sync/health.reach).
    assert shown.text(0) == "Bipindi"
    assert shown.text(1) in ("nothing yet", "all of it") or shown.text(1).startswith("up to ")
    assert page.outgoing.text().startswith("Not yet received by any other commune: ")
    assert [page.members.headerItem().text(c) for c in range(page.members.columnCount())] == [
        "Name",
        "Role",
        "Commune",
        "Status",
    ]
    qtbot.mouseClick(page.details_button, Qt.MouseButton.LeftButton)
    assert page.details.isVisible()
    assert page.epoch.text() == "Current epoch: 0"
    keys = page.details.keys
    assert keys.topLevelItemCount() == 6
    assert all(len(keys.topLevelItem(n).text(2)) == 16 for n in range(6))
    qtbot.mouseClick(page.details_button, Qt.MouseButton.LeftButton)
    assert page.details.isHidden()


def test_news_says_who_holds_ours_and_what_reached_no_one(net) -> None:  # type: ignore[no-untyped-def]
    """Bipindi's beacon says it holds all of Ambam's blocks: Ambam's news reached it, up to the
    time of Ambam's latest block, and nothing of Ambam's is unsent; a thread started after is
    unsent until a beacon says someone holds it."""
    ambam, bipindi = net.nodes[0], net.nodes[1]

    def of_bipindi() -> health.Received:
        (found,) = [c for c in health.reach(ambam).communes if c.commune == "Bipindi"]
        return found

    assert health.reach(ambam).not_out > 0  # no beacon heard yet: nobody is known to hold it
    beacon.remember(ambam, beacon.parse(ambam, beacon.make(bipindi, [])))
    (bipindi_news,) = health.news(ambam)
    assert bipindi_news.commune == "Bipindi"
    assert of_bipindi().everything and of_bipindi().upto is not None
    assert health.reach(ambam).not_out == 0
    start_thread(ambam, "Route de Kribi", "Les travaux commencent lundi.")
    assert health.reach(ambam).not_out == 1  # pending
    ambam.seal()
    assert health.reach(ambam).not_out == 1  # sealed, on no other laptop yet
    assert not of_bipindi().everything
