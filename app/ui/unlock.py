"""The unlock screen, shown on every start: the passphrase opens the encrypted profile."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.node import Node
from app.ui.messages import user_message
from app.ui.worker import Worker


class UnlockDialog(QDialog):
    def __init__(self, worker: Worker, home: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.home = home
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
        layout = QVBoxLayout(self)
        for widget in (self.prompt, self.passphrase, self.problem, self.buttons):
            layout.addWidget(widget)
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        secret = self.passphrase.text()
        self.unlock.setEnabled(False)
        self.problem.setText(self.tr("Opening the profile…"))
        self.worker.open(lambda: Node.open(self.home, secret), self._opened, self._failed)

    def _opened(self, node: Node) -> None:
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.unlock.setEnabled(True)
        self.problem.setText(user_message(error))
        self.passphrase.selectAll()
        self.passphrase.setFocus()
