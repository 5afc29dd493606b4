"""The unlock screen, shown on every start: the passphrase opens the encrypted profile.

After three wrong passphrases the Unlock button rests for a while before each further try, five
seconds and then twice as long each time (up to five minutes): a person who mistyped hardly
notices, someone trying a list of guesses at the keyboard is slowed to a crawl. The wait is a
QTimer: the window stays responsive, it only refuses to try again before the time is up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.node.node import Node
from app.ui import failure
from app.ui.fit import ems, scrolled_dialog
from app.ui.worker import Worker


class UnlockDialog(QDialog):
    FREE_TRIES = 3  # wrong passphrases before the first wait
    FIRST_WAIT_MS = 5_000
    LONGEST_WAIT_MS = 300_000

    def __init__(self, worker: Worker, home: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.home = home
        self.wrong = 0  # wrong passphrases typed in this window
        self.said = ""  # the last failure's sentence
        self.waiting = QTimer(self)  # runs while the button rests
        self.waiting.setSingleShot(True)
        self.waiting.timeout.connect(self._rested)
        self.countdown = QTimer(self)  # only redraws the seconds left
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self._show_wait)
        self.setWindowTitle(self.tr("Obambu — unlock"))
        self.prompt = QLabel(self.tr("Type the passphrase of this laptop's profile."))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox()
        self.unlock = self.buttons.addButton(
            self.tr("Unlock"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unlock.setDefault(True)  # Enter in the passphrase field unlocks
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)
        self.prompt.setWordWrap(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.prompt, self.passphrase, self.problem):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setMinimumWidth(ems(self, 60))
        # The error, often two lines, then the wait: room for it below the field, scrolling
        # rather than cut when the window is low (a dialog does not grow for wrapped text).
        scrolled_dialog(self, body, self.buttons)
        self.resize(self.width(), self.height() + self.fontMetrics().lineSpacing() * 3)
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        if self.waiting.isActive() or not self.unlock.isEnabled():
            return  # Enter pressed while resting, or while a try is still running
        secret = self.passphrase.text()
        self.unlock.setEnabled(False)
        self.problem.setText(self.tr("Opening the profile…"))
        self.worker.open(lambda: Node.open(self.home, secret), self._opened, self._failed)

    def _opened(self, node: Node) -> None:
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        self.said = failure.report(error, self.problem)
        if getattr(error, "code", None) == "wrong_passphrase":
            self.wrong += 1
            if self.wrong >= self.FREE_TRIES:
                self._rest()
                return
        self.unlock.setEnabled(True)

    def _rest(self) -> None:
        """The button rests before the next try, longer after each wrong passphrase."""
        extra = self.wrong - self.FREE_TRIES  # 0 after the third wrong try
        self.waiting.setInterval(min(self.FIRST_WAIT_MS << min(extra, 16), self.LONGEST_WAIT_MS))
        self.waiting.start()
        self.countdown.start()
        self._show_wait()

    def _show_wait(self) -> None:
        seconds = max(1, -(-self.waiting.remainingTime() // 1000))  # rounded up
        wait = self.tr("Wait %n second(s) before trying again.", "", seconds)
        self.problem.setText(self.said + " " + wait)

    def _rested(self) -> None:
        self.countdown.stop()
        self.unlock.setEnabled(True)
        self.problem.setText(self.said)
