"""Home: in plain words, what the mayor needs to know now — the first steps after founding, what
waits for them (votes, sittings, unread messages), what the other communes have received from
us and what leaves with the next USB stick."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import status
from app.core.node.node import Node
from app.core.safetext import line
from app.core.status import FirstSteps, Home
from app.sync import health
from app.sync.health import Reach
from app.ui import formats
from app.ui.operations import QueryOp
from app.ui.paper import offer_paper, paper_text
from app.ui.plain import fill, show
from app.ui.worker import Worker


def gather(node: Node) -> tuple[Home, Reach]:
    """Everything the home screen shows, read in one go on the worker thread."""
    return status.home(node), health.reach(node)


def long_date(stamp: int) -> str:
    """A block's POSIX time as the day in words: "12 mars 2026"."""
    return formats.date(date.fromtimestamp(stamp))


class Step(QWidget):
    """One first step: a mark that says whether it is done, and its sentence, wrapped (a
    QCheckBox never wraps: at 150 % its sentence ran off the screen). Ticked from what is done,
    never by hand, so nothing here takes a click."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mark = QLabel()
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.mark)
        row.addWidget(self.text, 1)
        self.setChecked(False)

    def setChecked(self, done: bool) -> None:  # QCheckBox's names: the tests read them so
        self.done = done
        self.mark.setText("✓" if done else "○")
        self.mark.setAccessibleName(self.tr("Done") if done else self.tr("To do"))

    def isChecked(self) -> bool:
        return self.done


class HomePage(QWidget):
    go = Signal(str)  # the screen to open: "members", "network", "votes", … (the window's)

    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.title.setWordWrap(True)
        self.steps_box = QGroupBox(self.tr("First steps"))
        steps = QGridLayout(self.steps_box)
        self.steps: dict[str, tuple[Step, QPushButton]] = {}
        for row, (name, text, action, accessible) in enumerate(
            (
                (
                    "members",
                    self.tr("Add the members of your commune: deputies, secretary, councillors."),
                    self.tr("Add members…"),
                    self.tr("Add members: open the Members screen"),
                ),
                (
                    "communes",
                    self.tr(
                        "Invite the other communes: each writes its request to join on a USB "
                        "stick, which you bring here to admit it."
                    ),
                    self.tr("Invite communes…"),
                    self.tr("Invite communes: open the Network screen"),
                ),
                (
                    "paper",
                    self.tr("Print the paper backup and lock it away from the laptop."),
                    self.tr("Print the paper backup…"),
                    self.tr("Print the paper backup"),
                ),
            )
        ):
            tick = Step(text)
            button = QPushButton(action)
            button.setAccessibleName(accessible)
            steps.addWidget(tick, row, 0)
            steps.addWidget(button, row, 1)
            steps.setColumnStretch(0, 1)
            self.steps[name] = (tick, button)
        self.steps["members"][1].clicked.connect(lambda: self.go.emit("members"))
        self.steps["communes"][1].clicked.connect(lambda: self.go.emit("network"))
        self.steps["paper"][1].clicked.connect(self.print_paper)
        self.steps_box.hide()
        self.attention = QLabel()
        self.attention.setWordWrap(True)
        # Reached by Tab like a control, so the keyboard path goes into home as into any screen
        # (and a screen reader reads what waits), and copied as text.
        readable = Qt.TextInteractionFlag.TextSelectableByKeyboard | (
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.attention.setTextInteractionFlags(readable)
        self.attention.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.attention.setAccessibleName(self.tr("For you now"))
        attention_box = QGroupBox(self.tr("For you now"))
        QVBoxLayout(attention_box).addWidget(self.attention)
        self.received = QLabel()
        self.received.setWordWrap(True)
        self.received.setTextInteractionFlags(readable)
        self.received.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.received.setAccessibleName(self.tr("Your news in the other communes"))
        received_box = QGroupBox(self.tr("Your news in the other communes"))
        QVBoxLayout(received_box).addWidget(self.received)
        content = QWidget()
        inner = QVBoxLayout(content)
        for widget in (self.title, self.steps_box, attention_box, received_box):
            inner.addWidget(widget)
        inner.addStretch(1)
        layout = QVBoxLayout(self)  # the window's screens scroll (app/ui/sidebar.py), never clip
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(content)

    def refresh(self) -> None:
        QueryOp(self, self.worker, gather, self.show_data).run_in_background()

    def show_data(self, data: tuple[Home, Reach]) -> None:
        home, reach = data
        state = home.status
        title = self.tr("{commune} — network of %n commune(s)", "", state.authorities)
        show(self.title, fill(title, commune=line(state.commune)))
        self.show_steps(home.steps)
        show(self.attention, "\n".join(self.attention_lines(home, reach)))
        show(self.received, "\n".join(self.received_lines(home, reach)))

    def show_steps(self, steps: FirstSteps | None) -> None:
        if steps is None or steps.done:
            self.steps_box.hide()
            return
        for name, done in (
            ("members", steps.members),
            ("communes", steps.communes),
            ("paper", steps.paper),
        ):
            tick, button = self.steps[name]
            tick.setChecked(done)
            button.setEnabled(not done)
        self.steps_box.show()

    def attention_lines(self, home: Home, reach: Reach) -> list[str]:
        state = home.status
        lines = []
        if home.awaiting:
            lines.append(self.tr("%n vote(s) await your ballot.", "", home.awaiting))
        for number, day in home.coming[:3]:
            text = self.tr("Council sitting no. {number} on {day}.")
            lines.append(fill(text, number=str(number), day=formats.date(day)))
        if home.unread:
            lines.append(self.tr("%n forum discussion(s) with new messages.", "", home.unread))
        if reach.not_out and reach.communes:
            lines.append(
                self.tr(
                    "%n of your messages will leave with the next USB stick.", "", reach.not_out
                )
            )
        if state.waiting:
            lines.append(
                self.tr(
                    "Some news from the other communes waits for earlier news: sync a USB "
                    "stick that went round the communes."
                )
            )
        if state.evidence:
            lines.append(
                self.tr(
                    "A commune broke the network's rules, and the proof was kept: see the "
                    "Network screen."
                )
            )
        return lines or [self.tr("Nothing waits for you.")]

    def received_lines(self, home: Home, reach: Reach) -> list[str]:
        lines = []
        for commune in reach.communes:
            name = line(commune.commune)
            if commune.upto is None:
                text = fill(self.tr("{commune} has received nothing from you yet."), commune=name)
            elif commune.everything:
                text = fill(self.tr("{commune} has received all your news."), commune=name)
            else:
                text = fill(
                    self.tr("{commune} has received your news of {day}."),
                    commune=name,
                    day=long_date(commune.upto),
                )
            lines.append(text)
        for relay in home.relays:  # radio relays, from their signed link reports
            name = line(relay["name"])
            report = relay["report"]
            if report is None:
                lines.append(fill(self.tr("Radio relay {name}: no report yet."), name=name))
                continue
            text = self.tr(
                "Radio relay {name} (report of {when}): %n message(s) waiting on it.",
                "",
                report.status.queued,
            )
            lines.append(fill(text, name=name, when=formats.datetime(relay["received"])))
        return lines or [self.tr("No other commune in the network yet.")]

    def print_paper(self) -> None:
        QueryOp(self, self.worker, paper_text, self._show_paper).run_in_background()

    def _show_paper(self, result: tuple[str, str]) -> None:
        offer_paper(self, self.worker, result, self.refresh)
