"""Issue 18's "Done when": a mayor who has never seen Obambu, on a 1366×768 laptop at 150 %
display scaling, in French, founds a network, adds a member, posts in the forum, opens a vote
and casts the commune's ballot, issues an attestation and verifies it, invites a second commune
and syncs a stick with it — every step through the window's own controls, and at every screen
and dialog nothing cut off or out of the screen (tests/layout_check.py).

Qt reads the display scale when the application starts, so the walk runs in a process of its
own: the first test starts pytest on the second with the scale and the screen set; the second
is skipped in any other process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QWidget,
)

from app.ui import i18n
from app.ui.firstrun import FirstRunDialog
from app.ui.forum import NewThreadDialog
from app.ui.members import MembersPage
from app.ui.paper import PaperDialog
from app.ui.settings import Settings, apply_font
from app.ui.votes import NewVoteDialog
from app.ui.window import MainWindow
from app.ui.worker import Worker
from tests.journeys.conftest import Cli, Town, pin_dialog
from tests.layout_check import findings, fits_with_title_bar
from tests.test_layouts import screen_file

SCALED = "OBAMBU_SCALED_JOURNEY"  # set in the process that walks
WAIT = 60_000
PASSPHRASE = "le manguier derrière la mairie"
PIN = "2468"


def test_a_new_mayor_alone_at_150_percent(tmp_path: Path) -> None:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen_file(tmp_path)}"
    env["QT_SCALE_FACTOR"] = "1.5"
    env["OBAMBU_CONFIG_DIR"] = str(tmp_path / "config")  # a new user's settings
    env["OBAMBU_LAN"] = "off"
    env[SCALED] = "1"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            f"{__file__}::test_walk",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert run.returncode == 0 and "1 passed" in run.stdout, run.stdout[-6000:] + run.stderr[-2000:]


class Walk:
    """The mayor's hands and eyes: clicks, typing, and what they see cut off along the way."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.cut: list[str] = []
        self.seen: list[str] = []  # the windows and dialogs looked at, by title
        self.met: list[type] = []  # the kinds of modal dialogs answered

    def look(self, window: QWidget) -> None:
        for _ in range(5):  # the layouts a change asked for, done as the next paint would
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            QApplication.processEvents()
        self.seen.append(window.windowTitle())
        self.cut += findings(window)
        size = fits_with_title_bar(window)
        if size:
            self.cut.append(size)
        assert not self.cut, "\n".join(self.cut)

    def click(self, button: QPushButton) -> None:
        assert button.isVisible() and button.isEnabled(), button.text()
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def type(self, field: QWidget, text: str) -> None:
        """Key by key; QTest knows only ASCII keys, so an accented letter comes as the key
        event a French keyboard sends for it."""
        field.setFocus()
        for char in text:
            if char.isascii():
                self.qtbot.keyClicks(field, char)
                continue
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    field, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                )

    def when_shown(self, kind: type, act: Callable[[Any], None]) -> list[bool]:
        """Acts on the next modal dialog of `kind` once it shows (it runs its own event loop,
        so the test's next line waits behind it); the list says when it was handled."""
        handled: list[bool] = []

        def poll(tries: int = 0) -> None:
            shown = QApplication.activeModalWidget()
            if isinstance(shown, kind) and shown.isVisible():
                self.cut += findings(shown)
                self.seen.append(shown.windowTitle())
                self.met.append(kind)
                try:
                    act(shown)
                    handled.append(True)
                except Exception as error:  # said by the test, not a dialog left waiting
                    self.cut.append(f"{shown.windowTitle()}: {error!r}")
                    shown.reject()
            elif tries < 1200:
                QTimer.singleShot(50, lambda: poll(tries + 1))

        QTimer.singleShot(0, poll)
        return handled

    def confirm(self) -> list[bool]:
        """The next question box: the button that goes ahead (Yes, or one named by its action)."""

        def accept(box: QMessageBox) -> None:
            going = (QMessageBox.ButtonRole.YesRole, QMessageBox.ButtonRole.AcceptRole)
            ahead = [b for b in box.buttons() if box.buttonRole(b) in going]
            assert ahead, [b.text() for b in box.buttons()]
            ahead[0].click()

        return self.when_shown(QMessageBox, accept)

    def pin_if_asked(self, pin: str) -> None:
        dialog = pin_dialog()
        if dialog is not None:
            self.look(dialog)
            self.type(dialog.pin, pin)
            self.click(dialog.sign)

    def page(self, window: MainWindow, page: QWidget) -> None:
        window.nav.setCurrentRow(window.stack.indexOf(page))
        self.qtbot.waitUntil(lambda: window.worker.pending == 0, timeout=WAIT)
        self.look(window)


@pytest.mark.skipif(not os.environ.get(SCALED), reason="walked at 150 % in its own process")
def test_walk(qtbot, qapp, cli: Cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    i18n.install(qapp, "fr")
    apply_font(Settings.load().font_size)  # what `obambu run` does at start
    walk = Walk(qtbot)
    worker = Worker()
    home = tmp_path / "obambu" / "ambam"

    # First run: the commune, the mayor, the network, a passphrase twice; the paper backup.
    first = FirstRunDialog(worker, home, tmp_path / "demo")
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    walk.look(first)
    for field, text in (
        (first.commune, "Ambam"),
        (first.mayor, "Marie Ndongo"),
        (first.network, "Communes de la Vallée du Ntem"),
        (first.passphrase, PASSPHRASE),
        (first.again, PASSPHRASE),
    ):
        walk.type(field, text)
    paper = walk.when_shown(
        PaperDialog, lambda d: _press(d, QDialogButtonBox.ButtonRole.RejectRole)
    )
    walk.click(first.found_button)
    qtbot.waitUntil(lambda: first.result() == first.DialogCode.Accepted, timeout=WAIT)
    assert paper, "the paper backup was offered"

    window = MainWindow(worker, home.parent)
    qtbot.addWidget(window)
    window.sealer.stop()
    window.show()
    qtbot.waitExposed(window)
    try:
        qtbot.waitUntil(lambda: "Ambam" in window.home.title.text(), timeout=WAIT)
        walk.look(window)
        _add_a_member(walk, window)
        _post(walk, window)
        _vote(walk, window)
        _attest(walk, window)
        _sync_with_a_second_commune(walk, window, Town(cli, tmp_path / "bipindi"), tmp_path)
    finally:
        worker.stop()
    assert not walk.cut, "\n".join(walk.cut)
    met = {PaperDialog, NewThreadDialog, NewVoteDialog, QMessageBox}
    assert met <= set(walk.met), walk.met  # each step's dialog was looked at, then answered


def _press(dialog: QWidget, role: QDialogButtonBox.ButtonRole) -> None:
    """The button at the dialog's bottom that goes ahead (AcceptRole: "OK", "Post"…) or
    closes it (RejectRole), whatever its words."""
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    (button,) = [b for b in box.buttons() if box.buttonRole(b) == role]
    button.click()


def _add_a_member(walk: Walk, window: MainWindow) -> None:
    members = next(p for _, p in window.pages if isinstance(p, MembersPage))
    walk.page(window, members)
    walk.type(members.name, "Paul Abega")
    members.role.setCurrentIndex(members.role.findData("deputy"))
    walk.type(members.pin, PIN)
    walk.click(members.add_button)
    names = lambda: [  # noqa: E731
        members.list.topLevelItem(n).text(0) for n in range(members.list.topLevelItemCount())
    ]
    walk.qtbot.waitUntil(lambda: "Paul Abega" in names(), timeout=WAIT)
    walk.look(window)


def _post(walk: Walk, window: MainWindow) -> None:
    forum = window.forum
    walk.page(window, forum)

    def write(dialog: NewThreadDialog) -> None:
        walk.type(dialog.title, "Piste de Nkoemvone")
        walk.type(dialog.body, "La piste est coupée après les pluies : qui a une tronçonneuse ?")
        _press(dialog, QDialogButtonBox.ButtonRole.AcceptRole)

    written = walk.when_shown(NewThreadDialog, write)
    walk.click(forum.new_thread)
    assert written
    walk.qtbot.waitUntil(lambda: forum.threads.rowCount() == 1, timeout=WAIT)
    walk.look(window)


def _vote(walk: Walk, window: MainWindow) -> None:
    votes = window.votes
    walk.page(window, votes)

    def ask(dialog: NewVoteDialog) -> None:
        walk.type(dialog.question, "Achat d'une niveleuse commune ?")
        _press(dialog, QDialogButtonBox.ButtonRole.AcceptRole)

    asked = walk.when_shown(NewVoteDialog, ask)
    walk.click(votes.new_vote)
    assert asked
    walk.pin_if_asked(PIN)
    walk.qtbot.waitUntil(lambda: votes.list.count() == 1, timeout=WAIT)
    votes.list.setCurrentRow(0)
    walk.qtbot.waitUntil(lambda: votes.cast_button.isEnabled(), timeout=WAIT)
    walk.look(window)
    yes = next(b for b in votes.findChildren(QRadioButton) if b.text() == "Oui")
    # On its round mark: the button is as wide as the page, its center may be past the text.
    walk.qtbot.mouseClick(yes, Qt.MouseButton.LeftButton, pos=QPoint(8, yes.height() // 2))
    confirmed = walk.confirm()
    walk.click(votes.cast_button)
    assert confirmed, votes.message.text()
    walk.pin_if_asked(PIN)
    walk.qtbot.waitUntil(
        lambda: votes.detail is not None and votes.detail.my_choice == "Oui", timeout=WAIT
    )
    walk.look(window)


def _attest(walk: Walk, window: MainWindow) -> None:
    office = window.attestations
    walk.page(window, office)
    issue = office.issue
    office.tabs.setCurrentWidget(issue)
    walk.type(issue.subject, "Ngono Mbarga Jeanne")
    for field, text in ((issue.born, "1987-06-14"), (issue.place, "Ambam"), (issue.detail, "—")):
        if field.isVisible():
            walk.type(field, text)
    walk.look(window)
    confirmed = walk.confirm()
    walk.click(issue.sign_button)
    assert confirmed
    walk.pin_if_asked(PIN)
    walk.qtbot.waitUntil(lambda: issue.last is not None, timeout=WAIT)
    walk.look(window)
    assert issue.last is not None
    number = issue.last.number

    verify = office.verify
    office.tabs.setCurrentWidget(verify)
    walk.type(verify.input, number)
    walk.qtbot.keyClick(verify.input, Qt.Key.Key_Return)
    walk.qtbot.waitUntil(lambda: verify.last is not None, timeout=WAIT)
    assert verify.last is not None and verify.last.outcome == "authentic"
    walk.look(window)


def _sync_with_a_second_commune(
    walk: Walk, window: MainWindow, bipindi: Town, tmp_path: Path
) -> None:
    """Bipindi's laptop asks to join on a stick; the mayor invites it from Réseau et clés;
    Bipindi takes the invitation, writes a thread and its news on the stick; the mayor syncs
    the stick at the Sync station and reads Bipindi's thread; Bipindi reads hers."""
    stick = tmp_path / "stick"
    stick.mkdir()
    bipindi.run("join", "request", "--commune", "Bipindi", "--stick", stick)
    network = window.network
    walk.page(window, network)
    confirmed = walk.confirm()
    network.invite_from(stick)  # what choosing the stick's folder does
    assert confirmed
    walk.pin_if_asked(PIN)
    walk.qtbot.waitUntil(lambda: (stick / "OBAMBU").is_dir(), timeout=WAIT)
    walk.qtbot.waitUntil(lambda: window.worker.pending == 0, timeout=WAIT)
    walk.look(window)
    bipindi.run("join", "accept", "--stick", stick)
    bipindi.run("member", "add", "--name", "Jean Mvondo")
    bipindi.run("forum", "thread", "--title", "Bonjour de Bipindi", "--body", "Merci !")
    bipindi.run("sync", "export", "--to", stick)

    station = window.sync_station
    walk.page(window, station)
    station.use(stick)  # what choosing the stick's folder does
    walk.qtbot.waitUntil(lambda: station.sync_button.isEnabled(), timeout=WAIT)
    walk.click(station.sync_button)
    walk.qtbot.waitUntil(lambda: station.safe.text() != "", timeout=WAIT)
    walk.look(window)
    walk.page(window, window.forum)
    walk.qtbot.waitUntil(lambda: window.forum.threads.rowCount() == 2, timeout=WAIT)
    bipindi.run("sync", "import", "--from", stick)
    assert "Piste de Nkoemvone" in bipindi.titles()
