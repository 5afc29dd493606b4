"""The unlock screen, shown on every start: the passphrase opens the encrypted profile.

After three wrong passphrases the Unlock button rests for a while before each further try, five
seconds and then twice as long each time (up to five minutes): a person who mistyped hardly
notices, someone trying a list of guesses at the keyboard is slowed to a crawl. The wait is a
QTimer: the window stays responsive, it only refuses to try again before the time is up.

When this laptop holds the demo network too, the screen offers it, with its passphrase shown
(app/ui/demo_network.py says why): opening it sets `home` to the demo's.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.node.node import Node
from app.ui import demo_network, failure, tone
from app.ui.fit import ems, scrolled_dialog
from app.ui.worker import Worker


class UnlockDialog(QDialog):
    FREE_TRIES = 3  # wrong passphrases before the first wait
    FIRST_WAIT_MS = 5_000
    LONGEST_WAIT_MS = 300_000

    def __init__(
        self,
        worker: Worker,
        home: Path,
        parent: QWidget | None = None,
        demo_root: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.home = home
        self.demo_root = demo_root
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
        self.buttons = QDialogButtonBox()
        self.unlock = self.buttons.addButton(
            self.tr("Unlock"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)
        self.prompt.setWordWrap(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.prompt, self.passphrase, self.problem):
            layout.addWidget(widget)
        self.demo_box = QGroupBox(self.tr("Demo network"))
        self.demo_button = QPushButton(self.tr("Open the demo network"))
        self.demo_button.clicked.connect(self.open_demo)
        self.demo_said = QLabel(demo_network.passphrase_sentence())
        self.demo_said.setWordWrap(True)
        demo = QVBoxLayout(self.demo_box)
        demo.addWidget(self.demo_said)
        demo.addWidget(self.demo_button)
        layout.addWidget(self.demo_box)
        self.demo_box.setVisible(demo_root is not None and demo_network.exists(demo_root))
        layout.addStretch(1)
        self.setMinimumWidth(ems(self, 60))
        # The error, often two lines, then the wait: room for it below the field, scrolling
        # rather than cut when the window is low (a dialog does not grow for wrapped text).
        scrolled_dialog(self, body, self.buttons)
        # Enter in the passphrase field unlocks: made default once in the dialog, or Qt makes
        # the first button it finds default when the dialog shows (the hidden demo's).
        self.unlock.setDefault(True)
        self.resize(self.width(), self.height() + self.fontMetrics().lineSpacing() * 3)
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        if self.waiting.isActive() or not self.unlock.isEnabled():
            return  # Enter pressed while resting, or while a try is still running
        secret = self.passphrase.text()
        self.unlock.setEnabled(False)
        self.demo_button.setEnabled(False)
        tone.status(self.problem, self.tr("Opening the profile…"))
        self.worker.open(lambda: Node.open(self.home, secret), self._opened, self._failed)

    def open_demo(self) -> None:
        """The demo network instead of this laptop's profile: the window opens on it."""
        if self.demo_root is None or not self.unlock.isEnabled():
            return
        self.unlock.setEnabled(False)
        self.demo_button.setEnabled(False)
        tone.status(self.problem, self.tr("Opening the demo network…"))
        root, home = self.demo_root, self.home

        def failed(error: BaseException) -> None:
            self.home = home  # still this laptop's profile to unlock
            self._failed(error)

        self.home = demo_network.open_demo(self, self.worker, root, self._opened, failed)

    def _opened(self, node: Node) -> None:
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        self.said = failure.report(error, lambda sentence: tone.problem(self.problem, sentence))
        self.demo_button.setEnabled(True)
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
        tone.problem(self.problem, self.said + " " + wait)

    def _rested(self) -> None:
        self.countdown.stop()
        self.unlock.setEnabled(True)
        tone.problem(self.problem, self.said)
