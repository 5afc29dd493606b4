"""Home: what needs attention, how far my latest block has travelled, and the network's health."""

from __future__ import annotations

import time
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

from app.core import queries
from app.core.devices import devices
from app.core.node.node import Node
from app.core.safetext import line
from app.core.votes import queries as vote_queries
from app.sync import health
from app.ui.plain import show
from app.ui.worker import Worker


def gather(node: Node) -> dict[str, Any]:
    """Everything the home screen shows, read in one go on the worker thread."""
    awaiting = sum(not v.closed and not v.voted for v in vote_queries.votes(node))
    return {
        "status": queries.status(node),
        "health": health.report(node),
        "relays": devices.latest(node.store),
        "awaiting": awaiting,
        "unread": queries.unread_threads(node),
    }


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
        health_box = QGroupBox(self.tr("Network health"))
        QVBoxLayout(health_box).addWidget(self.health)
        layout = QVBoxLayout(self)
        for widget in (self.title, attention_box, mine_box, health_box):
            layout.addWidget(widget)

    def refresh(self) -> None:
        self.worker.submit(gather, self.show_data)

    def show_data(self, data: dict[str, Any]) -> None:
        status = data["status"]
        title = self.tr("%1 — network of %2 communes")
        show(
            self.title,
            title.replace("%1", line(status["commune"])).replace("%2", str(status["authorities"])),
        )
        lines = []
        if data["awaiting"]:
            lines.append(self.tr("%n vote(s) await your ballot.", "", data["awaiting"]))
        if data["unread"]:
            lines.append(self.tr("%n forum thread(s) with new messages.", "", data["unread"]))
        if status["pending"]:
            lines.append(
                self.tr("%n transaction(s) not yet sealed into a block.", "", status["pending"])
            )
        if status["waiting"]:
            lines.append(
                self.tr("%n block(s) wait for earlier blocks: sync a stick.", "", status["waiting"])
            )
        if status["evidence"]:
            lines.append(
                self.tr(
                    "%n proof(s) of misbehaviour were found: see Network.", "", status["evidence"]
                )
            )
        self.attention.setText("\n".join(lines) or self.tr("Nothing needs your attention."))
        head = status["my_head"]
        if head["seq"] is None:
            self.confirmation.setText(self.tr("This commune has not written a block yet."))
        else:
            text = self.tr("Block #%1 is known to %2 of %3 communes.")
            for mark, value in (("%1", head["seq"]), ("%2", head["known_to"]), ("%3", head["of"])):
                text = text.replace(mark, str(value))
            if head["final"]:
                text += " " + self.tr("It is final.")
            self.confirmation.setText(text)
        self.health.clear()
        for row in data["health"]:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(row["time"]))
            behind = (
                self.tr("%n block(s)", "", row["behind"])
                if row["behind"]
                else self.tr("up to date")
            )
            QTreeWidgetItem(self.health, [line(row["commune"]), when, behind])
        for relay in data["relays"]:  # radio relays, from their signed link reports
            name = self.tr("Relay %1").replace("%1", line(relay["name"]))
            report = relay["report"]
            if report is None:
                QTreeWidgetItem(self.health, [name, self.tr("no report yet"), ""])
                continue
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(relay["received"]))
            queued = self.tr("%n object(s) waiting on it", "", report.status.queued)
            QTreeWidgetItem(self.health, [name, when, queued])
        if not data["health"] and not data["relays"]:
            QTreeWidgetItem(self.health, [self.tr("No beacon heard yet: sync a stick."), "", ""])
