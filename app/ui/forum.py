"""The mayors' forum: threads on the left (lazy, searchable), the open thread on the right with
each message's priority and signature badge, and a reply box under it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.documents import queries as documents
from app.core.documents import service as library
from app.core.forum import queries, service
from app.core.forum.queries import Opening, Post, Thread
from app.core.node.node import Node
from app.ui import failure, formats
from app.ui.fit import ems, on_font_change
from app.ui.flow import SideBySide
from app.ui.lazy import LazyTableModel
from app.ui.operations import CollectionOp, QueryOp
from app.ui.plain import fill, show
from app.ui.worker import Worker

THUMBNAIL = 160  # pixels
STAMP = "28/12/2026 23:59"  # the widest date the lists show


def _when(stamp: int) -> str:
    return formats.datetime(stamp)


def _thread_page(search: str) -> Any:
    def fetch(node: Node, offset: int, limit: int) -> list[Thread]:
        with node.overlay():
            return queries.threads(node, limit, offset, search)

    return fetch


def _post_page(thread: bytes) -> Any:
    def fetch(node: Node, offset: int, limit: int) -> list[Post]:
        with node.overlay():
            return queries.posts(node, thread, limit, offset)

    return fetch


class ForumPage(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.current: bytes | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search the forum"))
        self.search.returnPressed.connect(self.refresh)
        self.new_thread = QPushButton(self.tr("New thread"))
        self.new_thread.clicked.connect(self.start_thread)
        self.threads = LazyTableModel(
            worker,
            [
                (self.tr("Priority"), lambda r: r.priority),
                (self.tr("Subject"), lambda r: r.title + (" *" if r.pending else "")),
                (self.tr("By"), lambda r: r.author),
                (self.tr("Replies"), lambda r: str(r.posts)),
                (self.tr("Last message"), lambda r: _when(r.last_post)),
            ],
            _thread_page(""),
            bold=lambda r: bool(r.unread),
        )
        self.thread_view = _table(
            self.threads, stretch=1, samples={0: "P0", 2: "Marie N.", 3: "99", 4: STAMP}
        )
        self.thread_view.selectionModel().currentRowChanged.connect(self._open)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.opening = QLabel()
        self.opening.setWordWrap(True)
        badge = {
            "valid": self.tr("signed"),
            "revoked": self.tr("key revoked"),
            "pending": self.tr("not sent"),
        }
        self.posts = LazyTableModel(
            worker,
            [
                (self.tr("By"), lambda r: r.author),
                (self.tr("Message"), self._message_text),
                (self.tr("Signature"), lambda r: badge.get(r.badge, r.badge)),
                (self.tr("Date"), lambda r: _when(r.created)),
            ],
            _post_page(b""),
        )
        self.post_view = _table(
            self.posts,
            stretch=1,
            samples={0: "Jeanne Mvondo", 2: self.tr("key revoked"), 3: STAMP},
        )
        self.post_view.selectionModel().currentRowChanged.connect(self._post_chosen)
        self.thumbnail = QLabel()
        self.thumbnail.setVisible(False)
        self.attached: list[tuple[str, str]] = []  # (document id hex, name) for the reply
        self.hide_button = QPushButton(self.tr("Hide…"))
        self.hide_button.clicked.connect(lambda: self.moderate("hide"))
        self.flag_button = QPushButton(self.tr("Flag…"))
        self.flag_button.clicked.connect(lambda: self.moderate("flag"))
        self.attach_button = QPushButton(self.tr("Attach a document…"))
        self.attach_button.clicked.connect(self.choose_attachment)
        self.attached_label = QLabel()
        self.reply = QPlainTextEdit()
        self.reply.setPlaceholderText(self.tr("Write a reply"))
        self.reply.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.send = QPushButton(self.tr("Reply"))
        self.send.clicked.connect(self.send_reply)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_thread)
        left_layout.addLayout(top)
        left_layout.addWidget(self.thread_view)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        for widget in (self.heading, self.opening, self.post_view, self.thumbnail):
            right_layout.addWidget(widget)
        moderation = QHBoxLayout()
        moderation.addStretch(1)
        moderation.addWidget(self.flag_button)
        moderation.addWidget(self.hide_button)
        right_layout.addLayout(moderation)
        right_layout.addWidget(self.reply)
        bottom = QHBoxLayout()
        bottom.addWidget(self.attach_button)
        bottom.addWidget(self.attached_label)
        bottom.addWidget(self.problem, 1)
        bottom.addWidget(self.send)
        right_layout.addLayout(bottom)
        # Side by side, or one above the other on a narrow window (150 %, large text); a
        # splitter would cut the thread's wrapped opening line.
        columns = SideBySide(self)
        columns.add_column(left, 1)
        columns.add_column(right, 1)
        self._show_thread(None)

    def refresh(self) -> None:
        self.threads.reset(_thread_page(self.search.text().strip()))
        if self.current is not None:
            self.posts.reset(_post_page(self.current))

    def _open(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if not index.isValid():
            return
        row: Thread = self.threads.row(index.row())
        self.current = bytes.fromhex(row.id)
        thread = self.current
        QueryOp(
            self, self.worker, lambda node: _opening(node, thread), self._show_thread
        ).run_in_background()
        self.posts.reset(_post_page(thread))
        # A read mark is the profile's: the other screens (home's unread count) hear of it.
        CollectionOp(
            self, self.worker, lambda node: service.mark_read(node, thread)
        ).run_in_background()
        # Shown as read at once; the store remembers it.
        self.threads.replace(index.row(), replace(row, unread=False))

    def _show_thread(self, detail: Opening | None) -> None:
        if detail is None:
            self.heading.setText(self.tr("Choose a thread, or start a new one."))
            self.opening.clear()
        else:
            show(self.heading, f"{detail.priority} · {detail.title}")
            opening = f"{detail.author} — {detail.body}"
            about = detail.about
            if about is not None:
                line = (
                    fill(self.tr("About the consultation: {first}"), first=about.first)
                    if about.kind == "vote"
                    else fill(
                        self.tr("About sitting no. {first} of {second}"),
                        first=about.first,
                        second=about.second,
                    )
                )
                opening = line + "\n" + opening
            show(self.opening, opening)
        self.reply.setEnabled(detail is not None)
        self.send.setEnabled(detail is not None)

    def send_reply(self) -> None:
        text = self.reply.toPlainText().strip()
        if not text or self.current is None:
            self.problem.setText(self.tr("Write something before sending."))
            return
        thread = self.current
        attach = [bytes.fromhex(doc) for doc, _ in self.attached]
        self.send.setEnabled(False)
        CollectionOp(
            self,
            self.worker,
            lambda node: service.reply(node, thread, text, attach=attach),
            self._sent,
        ).failure(self._failed).run_in_background()

    def _sent(self, _tx: bytes) -> None:
        self.attached = []
        self.attached_label.clear()
        self.reply.clear()
        self.problem.clear()
        self.send.setEnabled(True)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.send.setEnabled(True)
        failure.report(error, self.problem)

    def choose_attachment(self) -> None:
        QueryOp(self, self.worker, _document_names, self._offer_documents).failure(
            self._failed
        ).run_in_background()

    def _offer_documents(self, documents: list[tuple[str, str]]) -> None:
        if not documents:
            self.problem.setText(self.tr("No document yet: add one in Documents first."))
            return
        names = [name for _, name in documents]
        name, ok = QInputDialog.getItem(
            self, self.tr("Attach a document"), self.tr("Document"), names, 0, False
        )
        if ok:
            chosen = documents[names.index(name)]
            if chosen not in self.attached:
                self.attached.append(chosen)
            show(self.attached_label, "📎 " + ", ".join(n for _, n in self.attached))

    def _post_chosen(self, index: QModelIndex, _previous: QModelIndex) -> None:
        """Shows the first image attached to the chosen message, decrypted on the worker."""
        self.thumbnail.setVisible(False)
        if not index.isValid():
            return
        images = [a for a in self.posts.row(index.row()).attachments if a.mime.startswith("image/")]
        if images:
            doc = bytes.fromhex(images[0].id)
            QueryOp(
                self,
                self.worker,
                lambda node: library.open_document(node, doc)[1],
                self._show_thumbnail,
            ).failure(failure.quietly).run_in_background()

    def _show_thumbnail(self, data: bytes) -> None:
        image = QImage.fromData(data)
        if image.isNull():
            return  # not an image after all: the name is shown, that is enough
        self.thumbnail.setPixmap(
            QPixmap.fromImage(image).scaled(
                THUMBNAIL,
                THUMBNAIL,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.thumbnail.setVisible(True)

    def _message_text(self, row: Post) -> str:
        if row.hidden:
            return fill(self.tr("[hidden by the commune: {hidden}]"), hidden=row.hidden)
        text = _message_text(row)
        if row.flags:
            text += "  ⚑ " + self.tr("flagged %n time(s)", "", row.flags)
        return text

    def moderate(self, action: str) -> None:
        index = self.post_view.currentIndex()
        if not index.isValid():
            self.problem.setText(self.tr("Choose a message first."))
            return
        reason, ok = QInputDialog.getText(self, self.tr("Moderation"), self.tr("Reason"))
        if not ok or not reason.strip():
            return
        post = bytes.fromhex(self.posts.row(index.row()).id)
        why = reason.strip()
        CollectionOp(
            self,
            self.worker,
            lambda node: service.moderate(node, post, action, why),
            lambda _tx: self.refresh(),
        ).failure(self._failed).run_in_background()

    def start_thread(self) -> None:
        dialog = NewThreadDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        title, body, prio = dialog.values()
        CollectionOp(
            self,
            self.worker,
            lambda node: service.start_thread(node, title, body, priority=prio),
            lambda _tx: self.refresh(),
        ).failure(self._failed).run_in_background()


def _message_text(row: Post) -> str:
    names = [a.name for a in row.attachments]
    return row.body + ("  📎 " + ", ".join(names) if names else "")


def _document_names(node: Node) -> list[tuple[str, str]]:
    with node.overlay():
        return [(d.id, d.name) for d in documents.latest_first(node)]


def _opening(node: Node, thread: bytes) -> Opening | None:
    with node.overlay():
        return queries.opening(node, thread)


def _table(model: LazyTableModel, stretch: int, samples: dict[int, str]) -> QTableView:
    """A list of rows: each other column as wide as its sample (or its title), and the
    `stretch` column takes the rest. Sizing from samples, not contents, keeps columns still
    while pages arrive."""
    view = QTableView()
    view.setModel(model)
    header = view.horizontalHeader()

    def size_columns() -> None:  # again when the text size changes in Settings
        metrics = header.fontMetrics()
        for column, sample in samples.items():
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title))
            header.resizeSection(column, width + 24)
        # A narrow window scrolls the table sideways rather than cut the stretched column's
        # title.
        title = str(model.headerData(stretch, Qt.Orientation.Horizontal))
        header.setMinimumSectionSize(metrics.horizontalAdvance(title) + 24)

        # Room for every column and the stretched one's title: Qt squeezes a stretched
        # column below its minimum when the table is narrower than the others together.
        columns = sum(header.sectionSize(column) for column in samples)
        frame = 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()
        view.setMinimumWidth(columns + header.minimumSectionSize() + frame)

    size_columns()
    on_font_change(header, size_columns)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    return view


class NewThreadDialog(QDialog):
    PRIORITIES = (0, 1, 2, 3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New thread"))
        self.setMinimumWidth(ems(self, 65))
        self.title = QLineEdit()
        self.body = QPlainTextEdit()
        self.priority = QComboBox()
        for prio, label in zip(
            self.PRIORITIES,
            (
                self.tr("P0 — urgent, governance"),
                self.tr("P1 — important"),
                self.tr("P2 — normal"),
                self.tr("P3 — chatter"),
            ),
            strict=True,
        ):
            self.priority.addItem(label, prio)
        self.priority.setCurrentIndex(2)
        form = QFormLayout(self)
        form.addRow(self.tr("Subject"), self.title)
        form.addRow(self.tr("Message"), self.body)
        form.addRow(self.tr("Priority"), self.priority)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept(self) -> None:
        if self.title.text().strip():
            self.accept()
        else:
            self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> tuple[str, str, int]:
        return (
            self.title.text().strip(),
            self.body.toPlainText().strip(),
            int(self.priority.currentData()),
        )
