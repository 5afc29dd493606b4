"""Shared documents: add one (encrypted, shared with the communes chosen), see what each holds,
and open a document shared with us."""

from __future__ import annotations

import textwrap
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.documents import queries, service
from app.core.documents.queries import Document
from app.core.node.node import Node
from app.core.safetext import line
from app.ui import failure, formats
from app.ui.fit import ems
from app.ui.flow import SideBySide
from app.ui.operations import CollectionOp, LongOp, QueryOp
from app.ui.plain import fill, show
from app.ui.worker import Worker


def _list(node: Node) -> tuple[list[Document], list[str]]:
    with node.overlay():
        return queries.documents(node), queries.other_communes(node)


def _open(node: Node, doc: bytes, folder: Path) -> Path:
    """Decrypts the document into `folder` (the user's choice, never a shared temp folder)."""
    name, content = service.open_document(node, doc)
    # The name is another commune's: no folder part, and nothing hidden or reordered in it (a
    # right-to-left override makes "facture‮fdp.exe" read as "facture.exe.pdf").
    safe = line(Path(name).name)
    target = folder / (safe if safe not in ("", ".", "..") else "document")
    target.write_bytes(content)
    return target


class DocumentsPage(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.communes: list[str] = []
        self.rows: list[Document] = []
        self.add_button = QPushButton(self.tr("Add a document…"))
        self.add_button.clicked.connect(self.add)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._chosen)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("Open…"))
        self.open_button.clicked.connect(self.open_document)
        self.message = QLabel()
        self._failed = failure.into(self.message)
        self.message.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.add_button)
        left_layout.addWidget(self.list)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.details)
        right_layout.addWidget(self.open_button)
        right_layout.addWidget(self.message)
        right_layout.addStretch(1)
        # Side by side, or one above the other on a narrow window (150 %, large text).
        columns = SideBySide(self)
        columns.add_column(left, 2)
        columns.add_column(right, 3)
        self._chosen(-1)

    def refresh(self) -> None:
        QueryOp(self, self.worker, _list, self._listed).failure(self._failed).run_in_background()

    def _listed(self, result: tuple[list[Document], list[str]]) -> None:
        self.rows, self.communes = result
        self.list.clear()
        for row in self.rows:
            item = QListWidgetItem(line(f"{row.name} — {row.sender}"))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)

    def _chosen(self, number: int) -> None:
        if not 0 <= number < len(self.rows):
            self.details.setText(self.tr("Choose a document, or add one."))
            self.open_button.setEnabled(False)
            return
        row = self.rows[number]
        when = formats.short_date(row.published)
        facts = [
            (self.tr("Name"), row.name),
            (self.tr("From"), row.sender),
            (self.tr("Published"), when),
            (self.tr("Type"), row.mime),
            (self.tr("Size"), self.tr("%Ln byte(s)", "", row.size)),
            # In groups, so that it wraps on a narrow window instead of widening the screen.
            (self.tr("Fingerprint (SHA-256)"), " ".join(textwrap.wrap(row.sha256, 16))),
            (self.tr("Tags"), ", ".join(row.tags) or "—"),
            (self.tr("Shared with"), ", ".join(row.recipients)),
            (self.tr("Encrypted"), self.tr("yes") if row.encrypted else self.tr("no")),
        ]
        facts = [(label, line(str(value))) for label, value in facts]  # one line each
        fact = self.tr("{label}: {value}")
        show(
            self.details, "\n".join(fill(fact, label=label, value=value) for label, value in facts)
        )
        self.open_button.setEnabled(True)

    def add(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the document to share"))
        if not path:
            return
        dialog = ShareDialog(self.communes, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        recipients, tags = dialog.values()
        self.message.setText(self.tr("Encrypting and sharing…"))

        CollectionOp(
            self,
            self.worker,
            lambda node: service.publish(node, Path(path), recipients, tags),
            lambda _tx: self._done(self.tr("Shared.")),
        ).failure(self._failed).run_in_background()

    def open_document(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Where to put the opened copy"))
        if not folder:
            return
        doc = bytes.fromhex(str(item.data(Qt.ItemDataRole.UserRole)))
        # Decrypting and writing a large file is long I/O: off the store worker, and quiet,
        # since the ledger does not change.
        LongOp(
            self, self.worker, lambda node, _progress: _open(node, doc, Path(folder)), self._opened
        ).quiet().failure(self._failed).run_in_background()

    def _opened(self, path: Path) -> None:
        self.message.setText(fill(self.tr("Opened: {path}"), path=str(path)))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _done(self, text: str) -> None:
        """Said once the refreshed list is on screen: whoever reads "Shared." finds the
        document in it."""

        def shown(result: tuple[list[Document], list[str]]) -> None:
            self._listed(result)
            self.message.setText(text)

        QueryOp(self, self.worker, _list, shown).failure(self._failed).run_in_background()


class ShareDialog(QDialog):
    """Which communes may read the document (ours always can), and its tags."""

    def __init__(self, communes: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Share the document"))
        self.setMinimumWidth(ems(self, 52))
        self.communes = QListWidget()
        for name in communes:
            item = QListWidgetItem(line(name))
            item.setData(Qt.ItemDataRole.UserRole, name)  # the name as the ledger knows it
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.communes.addItem(item)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("for example: budget, road"))
        form = QFormLayout(self)
        form.addRow(self.tr("Share with"), self.communes)
        form.addRow(self.tr("Tags, separated by commas"), self.tags)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(buttons)
        form.addRow(row)

    def values(self) -> tuple[list[str], list[str]]:
        chosen = [
            str(self.communes.item(n).data(Qt.ItemDataRole.UserRole))
            for n in range(self.communes.count())
            if self.communes.item(n).checkState() == Qt.CheckState.Checked
        ]
        tags = [t.strip() for t in self.tags.text().split(",") if t.strip()]
        return chosen, tags
