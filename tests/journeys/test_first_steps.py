"""A mayor who has never seen the app founds a network in French: the home screen lists the
first steps, each ticked as it is done, and news that a stick brings from a commune that joined
is told in a banner whose button opens the screen where it is."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox

from app.ui import i18n
from app.ui.firstrun import FirstRunDialog
from app.ui.paper import PaperDialog
from app.ui.window import MainWindow
from app.ui.worker import Worker
from tests.journeys.conftest import Cli, Town, open_vote, open_window

WAIT = 60_000
PASSPHRASE = "une phrase assez longue"


@pytest.fixture
def french(qapp: QApplication) -> Iterator[None]:
    i18n.install(qapp, "fr")
    yield
    i18n.install(qapp, "en")


def whenever_shown(answer: Callable[[], bool]) -> QTimer:
    """Answers a modal dialog as the person would, whenever one shows (`answer` says if it did)."""
    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(50)
    return timer


def close_the_paper_backup() -> bool:
    """The mayor reads the paper backup offered after founding, and closes it for now."""
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, PaperDialog):
        return False
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Close).click()
    return True


def say_yes() -> bool:
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, QMessageBox):
        return False
    roles = (QMessageBox.ButtonRole.YesRole, QMessageBox.ButtonRole.AcceptRole)
    next(b for b in dialog.buttons() if dialog.buttonRole(b) in roles).click()
    return True


def ticks(window: MainWindow) -> dict[str, bool]:
    return {name: tick.isChecked() for name, (tick, _button) in window.home.steps.items()}


def test_a_founded_network_guides_its_mayor_and_tells_the_news(  # type: ignore[no-untyped-def]
    qtbot, cli: Cli, french: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OBAMBU_LAN", "off")
    monkeypatch.setenv("OBAMBU_PASSPHRASE", PASSPHRASE)
    worker = Worker()
    try:
        # Founding, from the first-run dialog.
        dialog = FirstRunDialog(worker, tmp_path / "ambam", tmp_path / "demo")
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.commune, "Ambam")
        qtbot.keyClicks(dialog.mayor, "Marie Ndongo")
        qtbot.keyClicks(dialog.network, "Communes du Sud")
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.keyClicks(dialog.again, PASSPHRASE)
        paper = whenever_shown(close_the_paper_backup)
        qtbot.mouseClick(dialog.found_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=WAIT)
        paper.stop()

        window = MainWindow(worker)
        qtbot.addWidget(window)
        window.sealer.stop()
        window.show()
        home = window.home
        qtbot.waitUntil(lambda: home.steps_box.isVisible(), timeout=WAIT)
        assert ticks(window) == {"members": False, "communes": False, "paper": False}
        assert home.steps_box.title() == "Premiers pas"

        # First step: the button opens Members, where the mayor adds a deputy.
        members_button = home.steps["members"][1]
        qtbot.mouseClick(members_button, Qt.MouseButton.LeftButton)
        assert window.stack.currentWidget() is window.members
        members = window.members
        qtbot.keyClicks(members.name, "Anne Bella")
        members.role.setCurrentIndex(members.role.findData("deputy"))
        qtbot.keyClicks(members.pin, "4321")
        qtbot.mouseClick(members.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Anne Bella" in members.message.text(), timeout=WAIT)
        window.nav.setCurrentRow(window.stack.indexOf(home))
        qtbot.waitUntil(lambda: ticks(window)["members"], timeout=WAIT)
        assert ticks(window) == {"members": True, "communes": False, "paper": False}
        assert not members_button.isEnabled()

        # Second step: Bipindi asks to join on a stick; the mayor invites it from Network.
        bipindi = Town(cli, tmp_path / "bipindi")
        trip = tmp_path / "trip"
        trip.mkdir()
        bipindi.run("join", "request", "--commune", "Bipindi", "--stick", trip)
        qtbot.mouseClick(home.steps["communes"][1], Qt.MouseButton.LeftButton)
        assert window.stack.currentWidget() is window.network
        yes = whenever_shown(say_yes)
        window.network.invite_from(trip)  # what choosing the stick's folder does
        qtbot.waitUntil(lambda: "Invitation" in window.network.message.text(), timeout=WAIT)
        yes.stop()

        # Bipindi joins, opens a vote and posts twice in the forum; its stick comes back.
        bipindi.run("join", "accept", "--stick", trip)
        bipindi.run("member", "add", "--name", "Maire de Bipindi")
        open_vote(bipindi, "Route commune ?")
        bipindi.run("forum", "thread", "--title", "Marché de Bipindi", "--body", "Samedi")
        bipindi.run("forum", "thread", "--title", "Pluies", "--body", "La piste est coupée")
        bipindi.run("sync", "export", "--to", trip)
        assert not window.news.isVisible()

        station = window.sync_station
        window.nav.setCurrentRow(window.stack.indexOf(station))
        station.use(trip)
        qtbot.waitUntil(lambda: station.sync_button.isEnabled(), timeout=WAIT)
        qtbot.mouseClick(station.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.news.isVisible(), timeout=WAIT)
        assert window.news.text.text() == ("2 nouveaux messages du forum et 1 vote de Bipindi.")
        qtbot.mouseClick(window.news.open_button, Qt.MouseButton.LeftButton)
        assert window.stack.currentWidget() is window.forum
        assert not window.news.isVisible()

        # Back home: Bipindi joined, so the second step is ticked; the paper backup is left.
        window.nav.setCurrentRow(window.stack.indexOf(home))
        qtbot.waitUntil(lambda: ticks(window)["communes"], timeout=WAIT)
        assert ticks(window) == {"members": True, "communes": True, "paper": False}
        assert "Bipindi" in home.received.text()
    finally:
        worker.stop()


def test_printing_the_paper_backup_is_the_last_step_and_the_list_goes(  # type: ignore[no-untyped-def]
    qtbot, demo: Callable[[int], list[Town]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the demo the members and the communes are there; the paper backup is not printed.
    The mayor prints it to a PDF file from the home screen: the first steps are done."""
    monkeypatch.setenv("OBAMBU_LAN", "off")
    ambam, _bipindi, _campo = demo(3)
    window, worker = open_window(qtbot, ambam)
    pdf = tmp_path / "sauvegarde.pdf"
    try:
        home = window.home
        qtbot.waitUntil(lambda: home.steps_box.isVisible(), timeout=WAIT)
        assert ticks(window) == {"members": True, "communes": True, "paper": False}

        def print_it() -> bool:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, PaperDialog):
                return False
            if pdf.exists():
                close_the_paper_backup()  # printed: the mayor closes the backup's page
            else:
                dialog.print_button.click()  # the printer's dialog, modal in turn
            return True

        def to_a_file() -> bool:
            """The printer's dialog: "Print to File (PDF)", the file's name typed in."""
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, QPrintDialog):
                return False
            field = dialog.findChild(QLineEdit, "filename")
            assert field is not None
            field.setText(str(pdf))
            dialog.accept()
            return True

        # Two watchers: Qt never runs a timer's slot again while it is still in it, and the
        # printer's dialog opens from inside the first one.
        printing = whenever_shown(print_it)
        filing = whenever_shown(to_a_file)
        qtbot.mouseClick(home.steps["paper"][1], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not home.steps_box.isVisible(), timeout=WAIT)
        printing.stop()
        filing.stop()
        assert pdf.stat().st_size > 0
    finally:
        worker.stop()
