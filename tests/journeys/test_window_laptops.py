"""Ambam's mayor adds the secretary's desktop as a second laptop of the commune from the window
(Members, "The commune's laptops", "Add a laptop…", the USB stick there and back), sees it
listed, then retires it with a confirmation named by its action. The desktop's own side is the
window too: its first run asks to join Ambam with the stick's offer, and once the stick is
back its Members screen takes the invitation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core.node.node import Node
from app.ui.firstrun import FirstRunDialog
from app.ui.laptops import LaptopsBox
from app.ui.members import MembersPage
from app.ui.window import MainWindow
from app.ui.worker import Worker
from tests.journeys.conftest import Cli, Town
from tests.test_cli import PASS

WAIT = 30_000


def _rows(box: LaptopsBox) -> list[tuple[str, str]]:
    return [
        (box.list.topLevelItem(n).text(0), box.list.topLevelItem(n).text(1))
        for n in range(box.list.topLevelItemCount())
    ]


def _members(window: MainWindow) -> MembersPage:
    page = next(
        window.stack.widget(n)
        for n in range(window.stack.count())
        if isinstance(window.stack.widget(n), MembersPage)
    )
    window.nav.setCurrentRow(window.stack.indexOf(page))
    assert isinstance(page, MembersPage)
    return page


def test_a_laptop_is_added_by_stick_and_retired_from_the_window(
    qtbot,
    cli: Cli,
    demo: Callable[[int], list[Town]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OBAMBU_LAN", "off")
    monkeypatch.setenv("OBAMBU_NEW_PIN", "1234")  # the desk's PIN, typed there
    ambam, bipindi = demo(2)
    trip = tmp_path / "trip"
    trip.mkdir()
    desk = Town(cli, tmp_path / "ambam-desk")
    monkeypatch.setattr("app.ui.files.QFileDialog.getExistingDirectory", lambda *a, **k: str(trip))

    desk_worker = Worker()
    stopped: list[Worker] = []
    worker = Worker()
    worker.open(lambda: Node.open(ambam.home, PASS))
    window = MainWindow(worker)
    qtbot.addWidget(window)
    window.sealer.stop()
    window.show()
    try:
        box = _members(window).laptops
        qtbot.waitUntil(lambda: box.list.topLevelItemCount() == 1, timeout=WAIT)
        assert _rows(box) == [
            ("Ambam", "first laptop (it holds the commune's signature key) — this laptop")
        ]
        assert not box.retire_button.isEnabled()

        # First trip: the offer goes on the stick, and the desk asks to join with it.
        qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: box.message.text().startswith("The offer is on"), timeout=WAIT)
        first_run = FirstRunDialog(desk_worker, desk.home, tmp_path / "demo")
        qtbot.addWidget(first_run)
        first_run.passphrase.setText(PASS)
        first_run.again.setText(PASS)
        monkeypatch.setattr(
            "app.ui.firstrun.QInputDialog.getText", lambda *a, **k: ("Secrétariat", True)
        )
        qtbot.mouseClick(first_run.laptop_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: first_run.result() == first_run.DialogCode.Accepted, timeout=WAIT)

        # Second trip: the stick is back, the desk is added, and takes its place with it.
        qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: box.message.text().startswith("Secrétariat added."), timeout=WAIT)
        assert _rows(box)[1] == ("Secrétariat", "in service")
        desk_window = MainWindow(desk_worker)
        qtbot.addWidget(desk_window)
        desk_window.sealer.stop()
        desk_window.show()
        desk_box = _members(desk_window).laptops
        qtbot.waitUntil(lambda: desk_box.join_button.isVisible(), timeout=WAIT)
        assert desk_box.message.text().startswith("This laptop asked to join Ambam")
        qtbot.mouseClick(desk_box.join_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: desk_box.message.text() == "This laptop is now one of the commune's laptops.",
            timeout=WAIT,
        )
        assert [row[0] for row in _rows(desk_box)] == ["Ambam", "Secrétariat"]
        assert _rows(desk_box)[1][1] == "in service — this laptop"
        assert not desk_box.join_button.isVisible()
        desk_worker.stop()
        stopped.append(desk_worker)
        assert [x["this"] for x in desk.json("device", "laptops")["laptops"]] == [False, True]

        # The desk is retired: the confirmation's button says what it does.
        box.list.setCurrentItem(box.list.topLevelItem(1))
        assert box.retire_button.isEnabled()
        monkeypatch.setattr(
            "app.ui.laptops.QInputDialog.getText", lambda *a, **k: ("remplacé", True)
        )
        asked: list[str] = []

        def answer() -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, QMessageBox)
            asked.append(dialog.text())
            retire = next(b for b in dialog.buttons() if b.text() == "Retire Secrétariat")
            retire.click()

        QTimer.singleShot(0, answer)
        qtbot.mouseClick(box.retire_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: box.message.text() == "Secrétariat is retired.", timeout=WAIT)
        assert asked and asked[0].startswith("Retire Secrétariat?")
        assert _rows(box)[1] == ("Secrétariat", "retired")
    finally:
        worker.stop()
        if desk_worker not in stopped:
            desk_worker.stop()
    laptops = ambam.json("device", "laptops")["laptops"]
    assert [(x["name"], x["retired"]) for x in laptops] == [
        ("Ambam", False),
        ("Secrétariat", True),
    ]
    # The neighbour learns it by the next stick.
    ambam.run("sync", "export", "--to", trip)
    bipindi.run("sync", "import", "--from", trip)
