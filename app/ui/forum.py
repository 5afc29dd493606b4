"""The forum, read as a conversation: threads on the left (the whole subject, wrapped, when it
last moved, how many messages are new to the person acting), the thread opened on the right as
cards (app/ui/forum_thread.py, app/ui/forum_cards.py). A thread opens on a click, a double-click
or Enter; arrows only move through the list, so browsing it marks nothing read. The search looks
as one types, accents and case aside, in subjects and in every message (forum queries.threads)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.forum import queries, service
from app.core.forum.queries import Thread
from app.core.node.node import Node
from app.ui import failure
from app.ui.fit import ems
from app.ui.forum_cards import day, priority
from app.ui.forum_thread import ThreadPane
from app.ui.lazy import LazyTableModel, Row
from app.ui.operations import CollectionOp
from app.ui.plain import fill
from app.ui.worker import Worker

SEARCH_PAUSE_MS = 300  # the search runs once typing pauses this long, not at every key


def _thread_page(search: str) -> Any:
    def fetch(node: Node, offset: int, limit: int) -> list[Thread]:
        with node.overlay():
            return queries.threads(node, limit, offset, search)

    return fetch


class ThreadList(LazyTableModel):
    """The threads, page by page; `settled` once a reset's first page is in, even an empty one
    (the page then says why it is empty)."""

    settled = Signal()

    def _arrived(self, generation: int, rows: Any, error: BaseException | None = None) -> None:
        first = generation == self.generation and not self.rows
        super()._arrived(generation, rows, error)
        if first:
            self.settled.emit()

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.AccessibleTextRole and index.isValid():
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        return super().data(index, role)


class ForumPage(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.search = QLineEdit()
        self.search.setAccessibleName(self.tr("Search the forum"))
        self.search.setPlaceholderText(self.tr("Search the forum"))
        self.search.setAccessibleName(self.tr("Search the forum"))
        self.search.setClearButtonEnabled(True)
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(SEARCH_PAUSE_MS)
        self.pause.timeout.connect(self._search)
        self.search.textChanged.connect(lambda _text: self.pause.start())
        self.search.returnPressed.connect(self._search)  # no wait for one who presses Enter
        self.new_thread = QPushButton(self.tr("New thread…"))
        self.new_thread.setAccessibleName(self.tr("Start a new thread"))
        self.new_thread.clicked.connect(self.start_thread)
        self.searched = ""  # what the list shows the threads of
        self.threads = ThreadList(
            worker, [(self.tr("Thread"), self._line)], _thread_page(""), bold=_unread
        )
        self.threads.settled.connect(self._settled)
        self.thread_view = QListView()
        self.thread_view.setModel(self.threads)
        self.thread_view.setWordWrap(True)  # a subject is read whole, on as many lines as it needs
        self.thread_view.setUniformItemSizes(False)
        self.thread_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.thread_view.setSpacing(2)
        self.thread_view.setAlternatingRowColors(True)
        self.thread_view.setAccessibleName(self.tr("Threads"))
        self.thread_view.clicked.connect(self._open)
        self.thread_view.activated.connect(self._open)  # Enter, or a double-click
        self.thread_view.doubleClicked.connect(self._open)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.first = QPushButton(self.tr("Write the first message…"))
        self.first.clicked.connect(self.start_thread)
        empty_panel = QWidget()
        empty_layout = QVBoxLayout(empty_panel)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty)
        empty_layout.addWidget(self.first, 0, Qt.AlignmentFlag.AlignCenter)
        empty_layout.addStretch(2)
        self.listing = QStackedWidget()
        self.listing.addWidget(self.thread_view)
        self.listing.addWidget(empty_panel)
        self.pane = ThreadPane(worker)
        self.pane.initiator = self
        self.pane.read.connect(self._read)
        self.pane.wrote.connect(self._list_again)
        # What the older tests and other screens reach on the page itself.
        self.heading, self.reply, self.send, self.problem = (
            self.pane.heading,
            self.pane.reply,
            self.pane.send,
            self.pane.problem,
        )
        left = QWidget()
        left_layout = QVBoxLayout(left)
        top = QHBoxLayout()  # the button first: the search field may shrink, never the button
        top.addWidget(self.new_thread)
        top.addStretch(1)
        left_layout.addLayout(top)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.listing, 1)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.pane)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        QVBoxLayout(self).addWidget(splitter)
        self.setTabOrder(self.search, self.new_thread)
        self.setTabOrder(self.new_thread, self.thread_view)

    @property
    def current(self) -> bytes | None:
        return self.pane.current

    def refresh(self) -> None:
        self.searched = self.search.text().strip()
        self.threads.reset(_thread_page(self.searched))
        self.pane.refresh()

    def _list_again(self) -> None:
        self.threads.reset(_thread_page(self.searched))

    def _search(self) -> None:
        self.pause.stop()
        if self.search.text().strip() != self.searched:
            self.refresh()

    def _settled(self) -> None:
        empty = self.threads.rowCount() == 0
        if empty and self.searched:
            self.empty.setText(
                fill(
                    self.tr("No message contains “{words}”. Try another word."),
                    words=self.searched,
                )
            )
        elif empty:
            self.empty.setText(
                self.tr(
                    "No message in the forum yet. Write the first one: the other communes "
                    "receive it with the next exchange."
                )
            )
        self.first.setVisible(empty and not self.searched)
        self.listing.setCurrentIndex(1 if empty else 0)

    def _line(self, row: Thread) -> str:
        """A thread in the list: its whole subject, then its priority, author, last activity
        and what is new."""
        facts = [priority(row.prio), row.author, day(row.last_post)]
        if row.unread:
            facts.append(self.tr("%n new message(s)", "", row.unread))
        if row.pending:
            facts.append(self.tr("not sent yet"))
        return row.title + "\n" + " · ".join(facts)

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row: Thread = self.threads.row(index.row())
        self.pane.open_thread(bytes.fromhex(row.id))

    def _read(self, thread: str) -> None:
        """The thread's messages were shown: no longer new, here at once (the store has it)."""
        for number, row in enumerate(self.threads.rows):
            if row.id == thread and row.unread:
                self.threads.replace(number, replace(row, unread=0))

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

    def _failed(self, error: BaseException) -> None:
        failure.report(error, self.pane.problem)


def _unread(row: Row) -> bool:
    return bool(row.unread)


class NewThreadDialog(QDialog):
    PRIORITIES = (0, 1, 2, 3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New thread"))
        self.setMinimumWidth(ems(self, 52))
        self.title = QLineEdit()
        self.title.setAccessibleName(self.tr("Subject"))
        self.body = QPlainTextEdit()
        self.body.setAccessibleName(self.tr("Message"))
        self.body.setTabChangesFocus(True)
        self.priority = QComboBox()
        self.priority.setAccessibleName(self.tr("Priority"))
        for prio, label in zip(
            self.PRIORITIES,
            (
                self.tr("Urgent: travels before everything else"),
                self.tr("Important"),
                self.tr("Normal"),
                self.tr("Can wait: travels last"),
            ),
            strict=True,
        ):
            self.priority.addItem(label, prio)
        self.priority.setCurrentIndex(2)
        form = QFormLayout(self)
        form.addRow(self.tr("Subject"), self.title)
        form.addRow(self.tr("Message"), self.body)
        form.addRow(self.tr("Priority"), self.priority)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.post = buttons.addButton(self.tr("Post"), QDialogButtonBox.ButtonRole.AcceptRole)
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
