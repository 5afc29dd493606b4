"""Waiting to join: the request went out on a stick; the invitation comes back on one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.node.node import Node
from app.sync import invite
from app.ui import failure, files, jobs
from app.ui.fit import ems, scrolled_dialog
from app.ui.operations import LongOp
from app.ui.worker import Worker


def take_invitation(node: Node, stick: Path) -> int:
    """Accepts the invitation and takes in what the stick carries; returns new items."""
    return invite.accept(node, stick).new


class JoinDialog(QDialog):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.setWindowTitle(self.tr("Joining a network"))
        self.setMinimumWidth(ems(self, 65))
        text = QLabel(
            self.tr(
                "This laptop has asked to join a network: its request is on a stick. When the "
                "stick comes back from a commune of the network, plug it in and choose it here."
            )
        )
        text.setWordWrap(True)
        self.choose = QPushButton(self.tr("Choose the stick that came back…"))
        self.choose.clicked.connect(self.choose_stick)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(text)
        layout.addWidget(self.choose)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        scrolled_dialog(self, body)

    def choose_stick(self) -> None:
        folder = files.folder(self, self.tr("Choose the stick"))
        if folder:
            self.take(Path(folder))

    def take(self, stick: Path) -> None:
        self.choose.setEnabled(False)
        self.problem.setText(self.tr("Reading the invitation…"))
        # Reading a stick: a job of the sync line, never the store's worker.
        LongOp(
            self, self.worker, lambda node, _: take_invitation(node, stick), self._joined
        ).in_line(jobs.SYNC).failure(self._failed).run_in_background()

    def _joined(self, _new: int) -> None:
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.choose.setEnabled(True)
        failure.report(error, self.problem)
