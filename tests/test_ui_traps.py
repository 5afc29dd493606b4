"""No traps (issue 18), screen by screen beneath the journeys of
tests/journeys/test_window_no_traps.py: a confirmation's buttons say what they do, every file
dialog starts in Documents, a stick, or the last folder used (never the program's folder), and
red is kept for problems: "Opening the profile…" is a status."""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.ui import confirm, files, tone
from app.ui.settings import Settings
from app.ui.unlock import UnlockDialog
from app.ui.worker import Worker

SCREENS = Path(__file__).resolve().parent.parent / "app" / "ui"


def _press(text: str | None, seen: list[list[str]]) -> None:
    """When the box shows: note its buttons, then press the one named `text` (None: Escape)."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append([button.text() for button in box.buttons()])
        if text is None:
            box.reject()  # what Escape and the window's close button do
        else:
            next(b for b in box.buttons() if b.text() == text).click()

    QTimer.singleShot(0, press)


@pytest.mark.parametrize(
    ("pressed", "acted"), [("Remove Paul", True), ("Cancel", False), (None, False)]
)
def test_a_confirmation_names_its_action_and_cancel(
    qtbot, pressed: str | None, acted: bool
) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[list[str]] = []
    _press(pressed, seen)
    assert confirm.ask(parent, "Remove a member", "Remove Paul for good?", "Remove Paul") is acted
    assert sorted(seen[0]) == ["Cancel", "Remove Paul"]  # never Yes / No


def test_no_screen_asks_yes_or_no_nor_opens_its_own_file_dialog() -> None:
    """Every question goes through confirm.ask, every file dialog through files.py."""
    found = []
    for path in sorted(SCREENS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                name = f"{getattr(node.value, 'id', '')}.{node.attr}"
                if name == "QMessageBox.question" or node.attr in ("Yes", "No"):
                    found.append(f"{path.name}:{node.lineno} {name}")
                if name.startswith("QFileDialog.") and path.name != "files.py":
                    found.append(f"{path.name}:{node.lineno} {name}")
    assert found == []


def test_red_is_only_for_problems() -> None:
    """The one red of the screens is tone.PROBLEM_STYLE: a screen never paints a label red
    itself, so a status cannot be drawn as an error by mistake."""
    painted = [
        f"{path.name}: {line.strip()}"
        for path in sorted(SCREENS.glob("*.py"))
        if path.name != "tone.py"
        for line in path.read_text(encoding="utf-8").splitlines()
        if "setStyleSheet" in line and ("#b0" in line or "red" in line)
    ]
    assert painted == []


def test_unlocking_says_opening_as_a_status_and_a_wrong_passphrase_as_a_problem(  # type: ignore[no-untyped-def]
    qtbot, net
) -> None:
    home = net.nodes[0].home
    net.nodes[0].close()
    worker = Worker()
    dialog = UnlockDialog(worker, home)
    qtbot.addWidget(dialog)
    dialog.show()
    try:
        qtbot.keyClicks(dialog.passphrase, "pas la bonne")
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        assert dialog.problem.text() == "Opening the profile…"
        assert not tone.is_problem(dialog.problem)  # a status, not an error
        qtbot.waitUntil(lambda: "wrong" in dialog.problem.text(), timeout=20_000)
        assert tone.is_problem(dialog.problem)
        dialog.passphrase.setText("pass phrase")
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        assert not tone.is_problem(dialog.problem)
        qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20_000)
        assert not dialog.demo_box.isVisible()  # no demo on this laptop: nothing offered
    finally:
        worker.stop()
        from app.core.node.node import Node

        net.nodes[0] = Node.open(home, "pass phrase")


def test_file_dialogs_start_in_documents_then_in_the_last_folder(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    starts: list[str] = []
    chosen = tmp_path / "clé" / "OBAMBU-KIT"
    chosen.mkdir(parents=True)

    def folder_dialog(*args: Any) -> str:
        starts.append(args[2])
        return str(chosen)

    monkeypatch.setattr("app.ui.files.QFileDialog.getExistingDirectory", folder_dialog)
    monkeypatch.setattr("app.ui.files.plugged_stick", lambda: None)
    assert files.folder(parent, "Choose the stick") == chosen
    assert starts == [str(files.documents())] and starts[0] != os.getcwd()
    assert Settings.load().last_folder == str(chosen)  # kept for the next start, too
    saved: list[str] = []
    monkeypatch.setattr(
        "app.ui.files.QFileDialog.getSaveFileName",
        lambda parent, title, proposed, kinds: saved.append(proposed) or ("", ""),
    )
    assert files.save_file(parent, "Save", "act.pdf", "PDF (*.pdf)") is None  # cancelled
    assert saved == [str(chosen / "act.pdf")]
    # The folder is gone (the stick was removed): the next dialog starts in Documents again.
    chosen.rmdir()
    assert files.start_folder() == files.documents()


def test_a_plugged_stick_is_where_a_dialog_starts(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    stick = tmp_path / "CLE"
    (stick / "OBAMBU").mkdir(parents=True)

    class Volume:
        def __init__(self, root: Path, read_only: bool = False) -> None:
            self.root, self.read_only = root, read_only

        def isValid(self) -> bool:
            return True

        def isReady(self) -> bool:
            return True

        def isReadOnly(self) -> bool:
            return self.read_only

        def rootPath(self) -> str:
            return str(self.root)

    volumes = [Volume(Path("/")), Volume(tmp_path / "cdrom", True), Volume(stick)]
    monkeypatch.setattr("app.ui.files.QStorageInfo.mountedVolumes", lambda: volumes)
    assert files.plugged_stick() == stick
    assert files.start_folder() == stick  # nothing remembered yet
    elsewhere = tmp_path / "Documents"
    elsewhere.mkdir()
    files.remember(elsewhere)
    assert files.start_folder() == elsewhere  # a file: where the person was last
    assert files.start_folder(stick_first=True) == stick  # a folder: the stick plugged in
