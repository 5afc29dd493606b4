"""Shared documents as a list people understand: what it is, which commune shared it, when,
with whom, how large; "Open" shows it in the laptop's own application, "Save as…" keeps a copy
where the person chooses; "Share a document…" encrypts a file for the communes chosen.

No type code, fingerprint or number is shown: a mayor recognises a document by its name, its
sender and its date. "Open" decrypts into a private folder that is emptied when Obambu quits
(app/ui/private_copies.py), so a document read once is not left lying in the Downloads folder.
"""

from __future__ import annotations

from datetime import date as Date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.documents import queries, service
from app.core.documents.queries import Document
from app.core.node.node import Node
from app.core.safetext import line
from app.ui import failure, files, formats, private_copies, tone
from app.ui.operations import CollectionOp, LongOp, QueryOp
from app.ui.plain import fill, show
from app.ui.worker import Worker

COLUMNS = 5  # document, from, date, shared with, size


def _list(node: Node) -> tuple[list[Document], list[str]]:
    with node.overlay():
        return queries.documents(node)[::-1], queries.other_communes(node)  # newest first


class DocumentsPage(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.communes: list[str] = []
        self.rows: list[Document] = []
        self.add_button = QPushButton(self.tr("Share a document…"))
        self.add_button.clicked.connect(self.add)
        self.empty = QLabel(
            self.tr("No document yet. Share one with “Share a document”."), wordWrap=True
        )
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName(self.tr("Shared documents"))
        self.list.setHeaderLabels(
            [
                self.tr("Document"),
                self.tr("From"),
                self.tr("Date"),
                self.tr("Shared with"),
                self.tr("Size"),
            ]
        )
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.list.currentItemChanged.connect(lambda *_: self._chosen())
        self.list.itemDoubleClicked.connect(lambda *_: self.open_document())
        self.details = QLabel(wordWrap=True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self.open_document)
        self.save_button = QPushButton(self.tr("Save as…"))
        self.save_button.clicked.connect(self.save_document)
        self.message = QLabel(wordWrap=True)
        self._problem = lambda error: failure.report(
            error, lambda sentence: tone.problem(self.message, sentence)
        )
        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.save_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.details)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        self._listed(([], []))

    # --- the list -------------------------------------------------------------------------

    def refresh(self) -> None:
        QueryOp(self, self.worker, _list, self._listed).failure(self._problem).run_in_background()

    def _listed(self, result: tuple[list[Document], list[str]]) -> None:
        chosen = self._current()
        self.rows, self.communes = result
        self.list.clear()
        for row in self.rows:
            item = QTreeWidgetItem(
                [
                    line(row.name),
                    line(row.sender),
                    self._when(row),
                    self._shared_with(row),
                    formats.size(row.size),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            item.setTextAlignment(4, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
            if chosen is not None and row.id == chosen.id:
                self.list.setCurrentItem(item)
        self.empty.setVisible(not self.rows)
        for shown_with_rows in (self.list, self.details, self.open_button, self.save_button):
            shown_with_rows.setVisible(bool(self.rows))
        self._chosen()

    def _when(self, row: Document) -> str:
        return formats.date(Date.fromtimestamp(row.published))

    def _shared_with(self, row: Document) -> str:
        if row.shared_with_all:
            return self.tr("all communes")
        others = [line(name) for name in row.recipients if name != row.sender]
        return ", ".join(others) if others else self.tr("no other commune")

    def _current(self) -> Document | None:
        item = self.list.currentItem()
        if item is None:
            return None
        wanted = item.data(0, Qt.ItemDataRole.UserRole)
        return next((row for row in self.rows if row.id == wanted), None)

    def _chosen(self) -> None:
        row = self._current()
        self.open_button.setEnabled(False)
        self.save_button.setEnabled(False)
        if row is None:
            self.details.setText(self.tr("Choose a document to open it.") if self.rows else "")
            return
        said = fill(
            self.tr("“{name}”, shared by {sender} on {when} with {whom}."),
            name=line(row.name),
            sender=line(row.sender),
            when=self._when(row),
            whom=self._shared_with(row),
        )
        if row.tags:
            tags = ", ".join(line(tag) for tag in row.tags)
            said += " " + fill(self.tr("Subjects: {tags}."), tags=tags)
        if not row.for_us:
            said += " " + fill(
                self.tr("It was not shared with your commune: ask {sender} for it."),
                sender=line(row.sender),
            )
        elif not service.opens_directly(row.name):
            said += " " + fill(
                self.tr(
                    "A file of this kind could run a program on this laptop, so it does not "
                    "open from here: save it with “Save as…”, and open it only if you trust "
                    "{sender}."
                ),
                sender=line(row.sender),
            )
            self.save_button.setEnabled(True)
        else:
            self.open_button.setEnabled(True)
            self.save_button.setEnabled(True)
        show(self.details, said)

    # --- opening and saving ---------------------------------------------------------------

    def open_document(self) -> None:
        row = self._current()
        if row is None or not self.open_button.isEnabled():
            return
        doc = bytes.fromhex(row.id)
        folder = private_copies.folder()  # made here, on the GUI thread, before the work
        tone.status(self.message, self.tr("Opening…"))
        # Decrypting and writing a large file is long I/O: off the store worker, and quiet,
        # since the ledger does not change.
        LongOp(
            self,
            self.worker,
            lambda node, _progress: service.write_copy(node, doc, folder),
            self._opened,
        ).quiet().failure(self._problem).run_in_background()

    def _opened(self, path: Path) -> None:
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            text = self.tr(
                "“{name}” is open in this laptop's application. To keep it, use “Save as…”: the "
                "copy opened is removed when Obambu closes."
            )
        else:
            text = self.tr(
                "No application on this laptop opens “{name}”. Save it with “Save as…” and "
                "open it from there."
            )
        tone.status(self.message, fill(text, name=path.name))

    def save_document(self) -> None:
        row = self._current()
        if row is None or not self.save_button.isEnabled():
            return
        target = files.save_file(self, self.tr("Save the document as"), service.safe_name(row.name))
        if target is None:
            return
        doc = bytes.fromhex(row.id)
        LongOp(
            self,
            self.worker,
            lambda node, _progress: service.save_as(node, doc, target),
            lambda path: tone.status(self.message, fill(self.tr("Saved: {path}"), path=str(path))),
        ).quiet().failure(self._problem).run_in_background()

    # --- sharing --------------------------------------------------------------------------

    def add(self) -> None:
        path = files.open_file(self, self.tr("Choose the document to share"))
        if path is None:
            return
        dialog = ShareDialog(self.communes, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        recipients, tags = dialog.values()
        tone.status(self.message, self.tr("Encrypting and sharing…"))
        CollectionOp(
            self,
            self.worker,
            lambda node: service.publish(node, path, recipients, tags),
            lambda _tx: self._done(self.tr("Shared.")),
        ).failure(self._problem).run_in_background()

    def _done(self, text: str) -> None:
        """Said once the refreshed list is on screen: whoever reads "Shared." finds the
        document in it."""

        def shown(result: tuple[list[Document], list[str]]) -> None:
            self._listed(result)
            tone.status(self.message, text)

        QueryOp(self, self.worker, _list, shown).failure(self._problem).run_in_background()


class ShareDialog(QDialog):
    """Which communes may read the document (ours always can), and its subjects."""

    def __init__(self, communes: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Share the document"))
        self.communes = QListWidget()
        self.communes.setAccessibleName(self.tr("Share with"))
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
        form.addRow(self.tr("Subjects, separated by commas"), self.tags)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Share"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[list[str], list[str]]:
        chosen = [
            str(self.communes.item(n).data(Qt.ItemDataRole.UserRole))
            for n in range(self.communes.count())
            if self.communes.item(n).checkState() == Qt.CheckState.Checked
        ]
        tags = [t.strip() for t in self.tags.text().split(",") if t.strip()]
        return chosen, tags
