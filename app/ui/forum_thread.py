"""The right side of the forum: the thread opened, its messages as cards in the order they were
written (app/ui/forum_cards.py), and the box to reply under them. Opening a thread marks it read
for the person acting (forum service.mark_read); the list on the left hears of it (`read`)."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.documents import queries as documents
from app.core.forum import queries, service
from app.core.forum.queries import Opening, Post
from app.core.node.node import Node
from app.ui import failure, formats, tone
from app.ui.forum_cards import MessageCard, priority
from app.ui.operations import CollectionOp, QueryOp
from app.ui.plain import fill, show
from app.ui.worker import Worker

PAGE = 100  # messages shown at once; "Show the next messages" brings the following ones


class ThreadPane(QWidget):
    read = Signal(str)  # a thread's id, once its messages were shown and marked read
    wrote = Signal()  # a reply or a moderation recorded: the thread list moves

    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        # Who the changes made here are told as coming from: the forum page, so the window
        # does not refresh it again (window._changed) for what it shows already.
        self.initiator: QWidget = self
        self.current: bytes | None = None
        self.opening: Opening | None = None
        self.messages: list[Post] = []
        self.cards: list[MessageCard] = []
        self.loading = False
        self.to_end = False  # the next reading shows the end of the thread (a reply just sent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tag = QLabel()  # the priority in words and what the thread is about
        self.tag.setWordWrap(True)
        self.column = QVBoxLayout()
        self.column.setSpacing(8)
        self.more = QPushButton(self.tr("Show the next messages"))
        self.more.clicked.connect(self._more)
        self.more.setVisible(False)
        inside = QWidget()
        inside_layout = QVBoxLayout(inside)
        inside_layout.addLayout(self.column)
        inside_layout.addWidget(self.more)
        inside_layout.addStretch(1)
        self.messages_area = QScrollArea()
        self.messages_area.setWidgetResizable(True)
        self.messages_area.setWidget(inside)
        self.messages_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.messages_area.setAccessibleName(self.tr("Messages of the thread"))
        self.attached: list[tuple[str, str]] = []  # (document id hex, name) for the reply
        self.reply = QPlainTextEdit()
        self.reply.setPlaceholderText(self.tr("Write a reply"))
        self.reply.setAccessibleName(self.tr("Your reply"))
        self.reply.setTabChangesFocus(True)  # Tab leaves the box: the keyboard path goes on
        # Three lines of the person's text size: enough to see what one writes, and the thread
        # above keeps the room on a small screen.
        lines = self.reply.fontMetrics().lineSpacing() * 3
        self.reply.setMaximumHeight(lines + 2 * self.reply.frameWidth() + 8)
        self.attach_button = QPushButton(self.tr("Attach a document…"))
        self.attach_button.clicked.connect(self.choose_attachment)
        self.attached_label = QLabel()
        self.attached_label.setWordWrap(True)
        self.send = QPushButton(self.tr("Reply"))
        self.send.setToolTip(self.tr("Ctrl+Enter sends the reply"))
        self.send.clicked.connect(self.send_reply)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self.reply, self.send_reply)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        tone.problems_only(self.problem)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tag)
        layout.addWidget(self.messages_area, 1)
        layout.addWidget(self.reply)
        bottom = QHBoxLayout()
        bottom.addWidget(self.attach_button)
        bottom.addWidget(self.attached_label, 1)
        bottom.addWidget(self.send)
        layout.addLayout(bottom)
        layout.addWidget(self.problem)
        self._show(None, [])

    # --- showing a thread --------------------------------------------------------------------

    def open_thread(self, thread: bytes) -> None:
        """Shows `thread` from its first message; its messages are then read."""
        if thread != self.current:
            self.problem.clear()
        self.current = thread
        self._load(0, mark=True)

    def refresh(self) -> None:
        """The thread shown, read again (a reply, a moderation, a sync brought news)."""
        if self.current is not None:
            self._load(0, mark=False)

    def _load(self, offset: int, mark: bool) -> None:
        thread = self.current
        if thread is None:
            return
        self.loading = True
        shown_now = max(len(self.messages), PAGE) if offset == 0 else PAGE
        QueryOp(
            self,
            self.worker,
            lambda node: _conversation(node, thread, offset, shown_now + 1),
            lambda found: self._arrived(thread, offset, found, mark),
        ).failure(self._failed).run_in_background()

    def _arrived(
        self, thread: bytes, offset: int, found: tuple[Opening | None, list[Post]], mark: bool
    ) -> None:
        if thread != self.current:
            return  # another thread was opened meanwhile
        self.loading = False
        opening, posts = found
        page = PAGE if offset else max(len(self.messages), PAGE)
        more = len(posts) > page
        posts = posts[:page]
        if offset == 0:
            bar = self.messages_area.verticalScrollBar()
            kept = bar.value() if not mark else 0  # read again: the reader stays where they were
            to_end, self.to_end = self.to_end, False  # after a reply: to the reply
            self._show(opening, posts)
            QTimer.singleShot(0, lambda: bar.setValue(bar.maximum() if to_end else kept))
        else:
            self.messages.extend(posts)
            for post in posts:
                self._add(MessageCard(self.worker, post, self.moderate))
            self._chain()
        self.more.setVisible(more)
        if mark and opening is not None:
            CollectionOp(
                self.initiator,
                self.worker,
                lambda node: service.mark_read(node, thread),
                self._marked,
            ).failure(failure.quietly).run_in_background()

    def _marked(self, _result: object) -> None:
        if self.current is not None:
            self.read.emit(self.current.hex())

    def _more(self) -> None:
        self._load(len(self.messages), mark=True)

    def _show(self, opening: Opening | None, posts: list[Post]) -> None:
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        self.opening = opening
        self.messages = list(posts)
        if opening is None:
            self.heading.setText(self.tr("Choose a thread on the left, or start a new one."))
            self.tag.clear()
        else:
            show(self.heading, opening.title)
            self.tag.setText(self._tag(opening))
            self._add(MessageCard(self.worker, opening))
            for post in posts:
                self._add(MessageCard(self.worker, post, self.moderate))
        for widget in (self.reply, self.send, self.attach_button):
            widget.setEnabled(opening is not None)
        self._chain()

    def _chain(self) -> None:
        """Tab goes through the messages in order, each with its buttons, then to the reply:
        cards are made after the reply box, and Qt's order is the order widgets were made."""
        order: list[QWidget] = [self.messages_area]
        for card in self.cards:
            order.append(card)
            order += [b for b in (card.flag_button, card.hide_button) if b is not None]
        order += [self.more, self.reply, self.attach_button, self.send]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def _tag(self, opening: Opening) -> str:
        words = fill(self.tr("Priority: {priority}"), priority=priority(opening.prio))
        about = opening.about
        if about is None:
            return words
        if about.kind == "vote":
            line = fill(self.tr("About the consultation: {first}"), first=about.first)
        else:
            line = fill(
                self.tr("About sitting no. {first} of {second}"),
                first=about.first,
                second=formats.date(about.second),
            )
        return f"{words} · {line}"

    def _add(self, card: MessageCard) -> None:
        self.column.addWidget(card)
        self.cards.append(card)

    # --- replying ----------------------------------------------------------------------------

    def send_reply(self) -> None:
        text = self.reply.toPlainText().strip()
        if not text or self.current is None:
            self.problem.setText(self.tr("Write something before sending."))
            return
        thread = self.current
        attach = [bytes.fromhex(doc) for doc, _ in self.attached]
        self.send.setEnabled(False)
        CollectionOp(
            self.initiator,
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
        self.to_end = True
        self.refresh()
        self.wrote.emit()

    def _failed(self, error: BaseException) -> None:
        self.loading = False
        self.send.setEnabled(self.current is not None)
        failure.report(error, self.problem)

    def choose_attachment(self) -> None:
        QueryOp(self, self.worker, _document_names, self._offer_documents).failure(
            self._failed
        ).run_in_background()

    def _offer_documents(self, found: list[tuple[str, str]]) -> None:
        if not found:
            self.problem.setText(self.tr("No document yet: add one in Documents first."))
            return
        names = [name for _, name in found]
        name, ok = QInputDialog.getItem(
            self, self.tr("Attach a document"), self.tr("Document"), names, 0, False
        )
        if ok:
            chosen = found[names.index(name)]
            if chosen not in self.attached:
                self.attached.append(chosen)
            show(self.attached_label, "📎 " + ", ".join(n for _, n in self.attached))

    # --- moderation --------------------------------------------------------------------------

    def moderate(self, post_id: str, action: str) -> None:
        """Hides or flags a reply, with the reason asked here; every commune sees who and why."""
        title = self.tr("Hide this message") if action == "hide" else self.tr("Flag this message")
        reason, ok = QInputDialog.getText(self, title, self.tr("Why?"))
        if not ok or not reason.strip():
            return
        post = bytes.fromhex(post_id)
        why = reason.strip()
        CollectionOp(
            self.initiator,
            self.worker,
            lambda node: service.moderate(node, post, action, why),
            lambda _tx: self._moderated(),
        ).failure(self._failed).run_in_background()

    def _moderated(self) -> None:
        self.refresh()
        self.wrote.emit()


def _conversation(
    node: Node, thread: bytes, offset: int, limit: int
) -> tuple[Opening | None, list[Post]]:
    with node.overlay():
        return queries.opening(node, thread), queries.posts(node, thread, limit, offset)


def _document_names(node: Node) -> list[tuple[str, str]]:
    with node.overlay():
        return [(d.id, d.name) for d in documents.latest_first(node)]
