"""Home: what needs attention, how far my latest block has travelled, and the network's health."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QGroupBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import status
from app.core.node.node import Node
from app.core.safetext import line
from app.core.status import Home
from app.sync import health
from app.ui import formats
from app.ui.operations import QueryOp
from app.ui.plain import fill, show
from app.ui.worker import Worker


def gather(node: Node) -> tuple[Home, list[dict[str, Any]]]:
    """Everything the home screen shows, read in one go on the worker thread."""
    return status.home(node), health.report(node)


class HomePage(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.attention = QLabel()
        self.attention.setWordWrap(True)
        self.confirmation = QLabel()
        self.confirmation.setWordWrap(True)
        attention_box = QGroupBox(self.tr("Needs attention"))
        QVBoxLayout(attention_box).addWidget(self.attention)
        mine_box = QGroupBox(self.tr("My latest block"))
        QVBoxLayout(mine_box).addWidget(self.confirmation)
        self.health = QTreeWidget()
        self.health.setHeaderLabels(
            [self.tr("Commune"), self.tr("Last heard"), self.tr("Behind by")]
        )
        self.health.setRootIsDecorated(False)
        self.health.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Its last column too, not squeezed to what is left of the width ("Behind by").
        self.health.header().setStretchLastSection(False)
        health_box = QGroupBox(self.tr("Network health"))
        QVBoxLayout(health_box).addWidget(self.health)
        layout = QVBoxLayout(self)
        for widget in (self.title, attention_box, mine_box, health_box):
            layout.addWidget(widget)

    def refresh(self) -> None:
        QueryOp(self, self.worker, gather, self.show_data).run_in_background()

    def show_data(self, data: tuple[Home, list[dict[str, Any]]]) -> None:
        home, communes = data
        state = home.status
        title = self.tr("{commune} — network of %n commune(s)", "", state.authorities)
        show(self.title, fill(title, commune=line(state.commune)))
        lines = []
        if home.awaiting:
            lines.append(self.tr("%n vote(s) await your ballot.", "", home.awaiting))
        if home.unread:
            lines.append(self.tr("%n forum thread(s) with new messages.", "", home.unread))
        if state.pending:
            lines.append(
                self.tr("%n transaction(s) not yet sealed into a block.", "", state.pending)
            )
        if state.waiting:
            lines.append(
                self.tr("%n block(s) wait for earlier blocks: sync a stick.", "", state.waiting)
            )
        if state.evidence:
            lines.append(
                self.tr("%n proof(s) of misbehaviour were found: see Network.", "", state.evidence)
            )
        self.attention.setText("\n".join(lines) or self.tr("Nothing needs your attention."))
        head = state.my_head
        if head.seq is None:
            self.confirmation.setText(self.tr("This commune has not written a block yet."))
        else:
            text = self.tr("Block #{seq} is known to {known_to} of %n commune(s).", "", head.of)
            text = fill(text, seq=str(head.seq), known_to=str(head.known_to))
            if head.final:
                text += " " + self.tr("It is final.")
            self.confirmation.setText(text)
        self.health.clear()
        for row in communes:
            when = formats.datetime(row["time"])
            behind = (
                self.tr("%n block(s)", "", row["behind"])
                if row["behind"]
                else self.tr("up to date")
            )
            QTreeWidgetItem(self.health, [line(row["commune"]), when, behind])
        for relay in home.relays:  # radio relays, from their signed link reports
            name = fill(self.tr("Relay {name}"), name=line(relay["name"]))
            report = relay["report"]
            if report is None:
                QTreeWidgetItem(self.health, [name, self.tr("no report yet"), ""])
                continue
            when = formats.datetime(relay["received"])
            queued = self.tr("%n object(s) waiting on it", "", report.status.queued)
            QTreeWidgetItem(self.health, [name, when, queued])
        if not communes and not home.relays:
            QTreeWidgetItem(self.health, [self.tr("No beacon heard yet: sync a stick."), "", ""])
