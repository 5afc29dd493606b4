"""The first screens, driven as a person would: first run, unlock, home — in French."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.crypto.paper import text_to_seed
from app.core.node.node import Node
from app.ui import i18n
from app.ui.firstrun import FirstRunDialog
from app.ui.paper import PaperDialog
from app.ui.unlock import UnlockDialog
from app.ui.window import MainWindow
from app.ui.worker import Worker


@pytest.fixture
def french(qapp: QApplication):  # type: ignore[no-untyped-def]
    i18n.install(qapp, "fr")
    yield
    i18n.install(qapp, "en")


@pytest.fixture
def worker(qtbot):  # type: ignore[no-untyped-def]
    made = Worker()
    yield made
    made.stop()


def test_first_run_opens_the_demo_and_home_shows_it(qtbot, worker, french, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(worker, tmp_path / "profile", tmp_path / "demo")
    qtbot.addWidget(dialog)
    assert dialog.demo_button.text() == "Ouvrir le réseau de démonstration"
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=60_000)
    window = MainWindow(worker)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "Ambam" in window.home.title.text(), timeout=20_000)
    assert "réseau de 3 communes" in window.home.title.text()
    # In plain words: what waits for the mayor, what leaves with the next stick, and what the
    # other communes have received (every commune of the demo has voted already; of
    # Ambam's two threads only the one the others answered holds news: his own are never new).
    attention = window.home.attention.text().split("\n")
    assert attention[0].startswith("Séance du conseil n° 1 le ")
    assert attention[1:] == [
        "1 discussion du forum avec de nouveaux messages.",
        "3 de vos messages partiront avec la prochaine clé USB.",
    ]
    received = window.home.received.text().split("\n")
    assert [r.split(" a reçu vos nouvelles du ")[0] for r in received] == ["Bipindi", "Campo"]


def test_founding_a_network_checks_the_passphrase_first(
    qtbot, worker, french, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog(worker, tmp_path / "profile", tmp_path / "demo")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.commune, "Ambam")
    qtbot.keyClicks(dialog.mayor, "Marie Ndongo")
    qtbot.keyClicks(dialog.network, "Communes du Sud")
    qtbot.keyClicks(dialog.passphrase, "court")
    qtbot.keyClicks(dialog.again, "court")
    qtbot.mouseClick(dialog.found_button, Qt.MouseButton.LeftButton)
    assert "au moins 12 caractères" in dialog.problem.text()
    assert not (tmp_path / "profile").exists()  # nothing was created
    for field in (dialog.passphrase, dialog.again):
        field.setText("une phrase assez longue")
    offered: list[str] = []
    monkeypatch.setattr(PaperDialog, "exec", lambda self: offered.append(self.text) or 0)
    qtbot.mouseClick(dialog.found_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=60_000)
    assert (tmp_path / "profile" / "profile.json").exists()
    (seed,) = offered  # the paper backup was offered, with the node key as grouped text
    assert len(text_to_seed(seed)) == 32


def test_a_wrong_passphrase_says_so_in_french_and_opens_nothing(qtbot, worker, french, net) -> None:  # type: ignore[no-untyped-def]
    home = net.nodes[0].home
    dialog = UnlockDialog(worker, home)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.passphrase, "pas la bonne")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "incorrecte" in dialog.problem.text(), timeout=20_000)
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.passphrase.setText("pass phrase")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20_000)


@pytest.mark.parametrize(("language", "flags"), [("fr", []), ("en", ["-pluralonly"])])
def test_every_visible_string_has_a_translation(
    tmp_path: Path, language: str, flags: list[str]
) -> None:
    """French: every string. English: the plural forms (the sources are English already)."""
    copy = tmp_path / f"{language}.ts"
    shutil.copy(i18n.source(language), copy)
    tool = Path(sys.executable).with_name("pyside6-lupdate")
    sources = sorted(str(p) for p in Path(i18n.__file__).parent.glob("*.py"))
    run = subprocess.run(
        [str(tool), *flags, *sources, "-ts", str(copy)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    if not flags:  # with -pluralonly, "new" also counts the strings it then strips
        assert "(0 new" in run.stdout, run.stdout  # no string missing from the .ts
    text = copy.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text
    assert "<translation></translation>" not in text
    assert "<numerusform></numerusform>" not in text


def test_restore_from_a_backup_file(qtbot, worker, net, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.core.node import backups

    original = net.nodes[0]
    backup = tmp_path / "ambam.obk"
    backup.write_bytes(backups.export(original, "pass phrase"))
    dialog = FirstRunDialog(worker, tmp_path / "restored", tmp_path / "demo")
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("pas la bonne")
    dialog.again.setText("pas la bonne")
    dialog.restore(backup)
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled(), timeout=20_000)
    assert "does not open this backup" in dialog.problem.text()
    assert not (tmp_path / "restored").exists()
    dialog.passphrase.setText("pass phrase")
    dialog.again.setText("pass phrase")
    opened: list[Node] = []
    dialog.accepted.connect(lambda: opened.append(Node.open(tmp_path / "restored", "pass phrase")))
    dialog.restore(backup)
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    assert opened[0].commune == original.commune
    assert opened[0].heads()[original.commune] == original.heads()[original.commune]
    opened[0].close()
