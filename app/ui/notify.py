"""Telling the mayor that news came: a banner at the top of the window (and a message from the
tray icon where the desktop has a tray) saying in words what arrived and from whom — "2 new forum
messages and 1 vote from Bipindi" — and a button that opens the screen where it is.

Whatever brought it (a stick, a cable, a town hall on the local network), a change to the
ledger is announced by `changes()`; the banner then asks the core what came from other communes
since it last looked (app/core/news.py). It looks on the store's worker, in order with every
other operation, so two quick changes never tell the same news twice.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QSystemTrayIcon,
    QWidget,
)

from app.core import news
from app.core.news import Heads, News
from app.core.node.node import Node
from app.core.safetext import line
from app.ui.operations import QueryOp, changes
from app.ui.plain import fill, show
from app.ui.worker import Worker

Go = Callable[[str], None]  # opens the screen of a kind of news: "posts", "votes", …


class NewsBanner(QFrame):
    """Hidden until news comes; "Show" opens its screen, "Dismiss" hides it."""

    def __init__(self, worker: Worker, go: Go, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.go = go
        self.kind: str | None = None
        self.heads: Heads | None = None  # read and written on the worker thread only
        self.setObjectName("news")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#news { background: #e3f2fd; border: 1px solid #90caf9; }")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Show"))
        self.open_button.setAccessibleName(self.tr("Show what arrived"))
        self.open_button.clicked.connect(self.open_news)
        self.dismiss = QPushButton(self.tr("Dismiss"))
        self.dismiss.setAccessibleName(self.tr("Dismiss the news"))
        self.dismiss.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.dismiss)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = self.window().windowIcon()
            if icon.isNull():
                icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.messageClicked.connect(self.open_news)
            self.tray.show()
        self.hide()
        self.listening = True
        changes().executed.connect(self._changed)
        self._look()  # the first look only marks where the ledger stands: nothing is news yet

    def stop(self) -> None:
        """The window closes: no more looking (the notifier outlives no window)."""
        if self.listening:
            self.listening = False
            changes().executed.disconnect(self._changed)
        if self.tray is not None:
            self.tray.hide()

    def _changed(self, _initiator: object) -> None:
        self._look()

    def _look(self) -> None:
        QueryOp(self, self.worker, self._since, self.tell).failure(
            lambda _error: None  # a notice that cannot be read is no reason to interrupt
        ).run_in_background()

    def _since(self, node: Node) -> News:
        if self.heads is None:
            self.heads = news.mark(node)
            return News()
        found, self.heads = news.since(node, self.heads)
        return found

    def tell(self, found: News) -> None:
        if not found:
            return
        sentences = [
            fill(
                self.tr("{items} from {commune}."),
                items=self.items(arrival.counts),
                commune=line(arrival.commune),
            )
            for arrival in found.arrivals
        ]
        text = " ".join(sentences)
        show(self.text, text)  # commune names are the communes' own words
        self.setAccessibleDescription(text)
        self.kind = found.main_kind
        self.show()
        if self.tray is not None:
            if not self.window().windowIcon().isNull():  # the window's, once it has one
                self.tray.setIcon(self.window().windowIcon())
            self.tray.showMessage(self.tr("News arrived"), text)

    def items(self, counts: dict[str, int]) -> str:
        words = {
            "posts": lambda n: self.tr("%n new forum message(s)", "", n),
            "votes": lambda n: self.tr("%n vote(s)", "", n),
            "attestations": lambda n: self.tr("%n attestation(s)", "", n),
            "documents": lambda n: self.tr("%n document(s)", "", n),
        }
        parts = [words[kind](count) for kind, count in counts.items() if kind in words]
        if len(parts) == 1:
            return parts[0]
        joined = fill(self.tr("{first} and {last}"), first=", ".join(parts[:-1]), last=parts[-1])
        return joined

    def open_news(self) -> None:
        self.hide()
        if self.kind is not None:
            self.go(self.kind)
