"""Votes between communes: open one, cast a ballot (with a confirmation), close, see the result
as bars, recount it from the signed ballots, and export the record for an offline recount."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.node.node import Node
from app.core.safetext import line
from app.core.votes import queries
from app.core.votes import service as votes
from app.ui import confirm, failure, files, formats, tone
from app.ui.empty import EmptyState
from app.ui.fit import ems
from app.ui.flow import FlowLayout, SideBySide
from app.ui.icons import icon
from app.ui.operations import CollectionOp, LongOp, QueryOp
from app.ui.plain import fill, rich, show
from app.ui.worker import Worker


class VotesPage(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.current: bytes | None = None
        self.detail: queries.Detail | None = None
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Votes"))
        self.list.setWordWrap(True)  # long questions wrap rather than scroll sideways
        self.list.currentItemChanged.connect(self._chosen)
        self.new_vote = QPushButton(self.tr("New vote"))
        self.new_vote.setIcon(icon("votes"))
        self.new_vote.clicked.connect(self.start_vote)
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.choices = QVBoxLayout()
        self.choice_group = QButtonGroup(self)
        self.cast_button = QPushButton(self.tr("Cast my ballot"))
        self.cast_button.setIcon(icon("sign"))
        self.cast_button.clicked.connect(self.cast)
        self.results = QVBoxLayout()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.close_button = QPushButton(self.tr("Close the vote"))
        self.close_button.clicked.connect(self.close_vote)
        self.ask_close_button = QPushButton(self.tr("Ask to close"))
        self.ask_close_button.setToolTip(
            self.tr(
                "After the closing date, if the member who opened the vote does not close it: "
                "once two thirds of the voters asked, any of them may close it."
            )
        )
        self.ask_close_button.clicked.connect(self.ask_close)
        self.verify_button = QPushButton(self.tr("Recount"))
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton(self.tr("Export the record"))
        self.export_button.clicked.connect(self.export)
        # An exported record, this laptop's or another's, checked from its own founding act.
        self.check_button = QPushButton(self.tr("Check a record…"))
        self.check_button.clicked.connect(self.check_record)
        self.discuss_button = QPushButton(self.tr("Discuss in the forum"))
        self.discuss_button.clicked.connect(self.discuss)
        self.message = QLabel()
        self._failed = failure.into(self.message)
        self.message.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.new_vote)
        self.empty = EmptyState(
            self.tr("No vote yet. A vote asks every commune the same question."),
            self.tr("Open a vote…"),
            self.start_vote,
        )
        left_layout.addWidget(self.empty)
        left_layout.addWidget(self.list)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.question)
        right_layout.addWidget(self.facts)
        right_layout.addLayout(self.choices)
        right_layout.addWidget(self.cast_button)
        right_layout.addLayout(self.results)
        right_layout.addWidget(self.outcome)
        actions = FlowLayout()  # wraps on a narrow window
        for button in (
            self.close_button,
            self.ask_close_button,
            self.verify_button,
            self.export_button,
            self.check_button,
            self.discuss_button,
        ):
            actions.addWidget(button)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.message)
        right_layout.addStretch(1)
        # The votes, then the chosen one: side by side, or one above the other on a narrow
        # window (150 %, large text); a splitter would cut the wrapped facts and outcome.
        columns = SideBySide(self)
        columns.add_column(left, 1)
        columns.add_column(right, 2)
        self._show(None)

    # --- loading ----------------------------------------------------------------------------

    def refresh(self, then: str = "") -> None:
        """Reload the list and the chosen vote; `then` is said once both are on screen."""
        QueryOp(
            self, self.worker, queries.votes, lambda rows: self._listed(rows, then)
        ).run_in_background()

    def _listed(self, rows: list[queries.Summary], then: str = "") -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for row in rows:
            state = self.tr("closed") if row.closed else self.tr("open")
            item = QListWidgetItem(f"{line(row.question)} ({state})")
            item.setData(Qt.ItemDataRole.UserRole, row.id.hex())
            self.list.addItem(item)
            if row.id == self.current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.empty.follow(len(rows))
        if self.current is not None:
            self._load(self.current, then)
        elif then:
            self.message.setText(then)

    def _chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.current = bytes.fromhex(str(item.data(Qt.ItemDataRole.UserRole)))
            self.message.clear()
            self._load(self.current)

    def _load(self, vote: bytes, then: str = "") -> None:
        def shown(detail: queries.Detail | None) -> None:
            self._show(detail)
            if then:
                self.message.setText(then)

        QueryOp(self, self.worker, lambda node: queries.vote(node, vote), shown).run_in_background()

    def _show(self, detail: queries.Detail | None) -> None:
        self.detail = detail
        _clear(self.choices)
        _clear(self.results)
        for button in self.choice_group.buttons():
            self.choice_group.removeButton(button)
        has = detail is not None
        for widget in (
            self.close_button,
            self.ask_close_button,
            self.verify_button,
            self.export_button,
            self.discuss_button,
        ):
            widget.setEnabled(has)
        if detail is None:
            self.question.setText(self.tr("Choose a vote, or open a new one."))
            self.facts.clear()
            self.outcome.clear()
            self.cast_button.setEnabled(False)
            return
        show(self.question, detail.question)
        closes = formats.short_date(detail.closes) if detail.closes else self.tr("no date")
        rule = self.tr("two-thirds") if detail.rule == "two_thirds" else self.tr("majority")
        facts = self.tr(
            "Opened by {convener} · rule: {rule} · %n voter(s) · closing date: {closes}",
            "",
            detail.voters,
        )
        facts = fill(
            facts,
            convener=line(detail.convener),
            rule=rule,
            closes=closes,
        )
        nature = (
            self.tr("Vote under the body's statutes, not a council deliberation.")
            if detail.nature == "statutes"
            else self.tr("Opinion only (avis): a council decision needs a sitting.")
        )
        self.facts.setText(facts + "\n" + nature)
        can_vote = not detail.closed and detail.my_choice is None
        for number, option in enumerate(detail.options):
            radio = QRadioButton(line(option).replace("&", "&&"))  # & would mark a shortcut
            radio.setEnabled(can_vote)
            radio.setChecked(option == detail.my_choice)
            self.choice_group.addButton(radio, number)
            self.choices.addWidget(radio)
        self.cast_button.setEnabled(can_vote)
        self.close_button.setEnabled(not detail.closed)
        self.ask_close_button.setEnabled(not detail.closed and not detail.i_asked)
        total = max(1, sum(detail.tally))
        for option, count in zip(detail.options, detail.tally, strict=True):
            bar = QProgressBar()
            bar.setRange(0, total)
            bar.setValue(count)
            shown = fill(
                self.tr("{option}: {count}"), option=line(option), count=formats.number(count)
            )
            bar.setFormat(shown.replace("%", "%%"))  # %p, %v: Qt's
            self.results.addWidget(bar)
        outcome = self._outcome(detail)
        if not detail.closed and detail.undecided:
            waiting = ", ".join(
                f"{line(w.name)} ({self._heard(w.heard)})" for w in detail.undecided
            )
            outcome += "\n" + fill(self.tr("Not voted yet: {waiting}"), waiting=waiting)
        if not detail.closed and detail.close_asked:
            outcome += "\n" + fill(
                self.tr(
                    "%n voter(s) of {voters} asked to close it; {needed} needed.",
                    "",
                    detail.close_asked,
                ),
                voters=formats.number(detail.voters),
                needed=formats.number(detail.close_needed),
            )
        show(self.outcome, outcome)

    def _heard(self, when: int | None) -> str:
        if when is None:
            return self.tr("no news by stick yet")
        day = formats.short_date(when)
        return fill(self.tr("last heard {day}"), day=day)

    def _outcome(self, detail: queries.Detail) -> str:
        ballots = self.tr("%n ballot(s) counted.", "", len(detail.ballots))
        follow = detail.outcome
        if follow:
            when = formats.short_date(follow.follow_up)
            ballots += "\n" + fill(
                self.tr("Outcome: {statement} — carried out by {owner}, follow-up on {when}."),
                statement=line(follow.statement),
                owner=line(follow.owner or "—"),
                when=when,
            )
        if not detail.closed:
            return self.tr("The vote is open.") + " " + ballots
        winner = detail.winner
        text = (
            fill(self.tr("Closed. Decision: {winner}."), winner=line(str(winner)))
            if winner
            else self.tr("Closed without a decision.")
        )
        return text + " " + ballots

    # --- acting -----------------------------------------------------------------------------

    def cast(self) -> None:
        detail, vote = self.detail, self.current
        button = self.choice_group.checkedButton()
        if detail is None or vote is None:
            return
        if button is None:
            self.message.setText(self.tr("Choose an answer first."))
            return
        choice = detail.options[self.choice_group.checkedId()]  # as signed, not as shown
        if not confirm.ask(
            self,
            self.tr("Confirm the ballot"),
            rich(
                fill(
                    self.tr(
                        "Vote “{choice}” on “{question}”? A ballot cannot be changed afterwards."
                    ),
                    choice=line(choice),
                    question=line(detail.question),
                )
            ),
            fill(self.tr("Vote {choice}"), choice=line(choice)),
        ):
            return
        self._act(
            lambda node: _sealed(node, votes.cast(node, vote, choice)),
            self.tr("Your ballot is signed and recorded."),
        )

    def close_vote(self) -> None:
        vote = self.current
        if vote is None:
            return
        dialog = OutcomeDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        outcome = dialog.values()
        self._act(lambda node: votes.close(node, vote, outcome), self.tr("The vote is closed."))

    def ask_close(self) -> None:
        detail, vote = self.detail, self.current
        if detail is None or vote is None:
            return
        if not confirm.ask(
            self,
            self.tr("Ask to close the vote"),
            rich(
                fill(
                    self.tr(
                        "Ask to close “{question}” without the member who opened it? Once two "
                        "thirds of the voters asked, any of them may close it."
                    ),
                    question=line(detail.question),
                )
            ),
            self.tr("Ask to close"),
        ):
            return
        self._act(
            lambda node: _sealed(node, votes.ask_to_close(node, vote)),
            self.tr("Your request to close the vote is signed."),
        )

    def verify(self) -> None:
        vote = self.current
        if vote is None:
            return

        QueryOp(self, self.worker, lambda node: queries.vote(node, vote), self._verified).failure(
            self._failed
        ).run_in_background()

    def _verified(self, detail: queries.Detail | None) -> None:
        if detail is None:
            return
        count = len(detail.ballots)
        if not detail.closed:
            text = self.tr("Recounted from %n signed ballot(s); the vote is still open.", "", count)
        elif detail.valid:
            text = self.tr("The count checks out: recounted from %n signed ballot(s).", "", count)
        else:
            text = self.tr(
                "The count does NOT match the %n signed ballot(s). Report it to the council.",
                "",
                count,
            )
        self.message.setText(text)

    def export(self) -> None:
        vote = self.current
        if vote is None:
            return
        folder = files.folder(self, self.tr("Export the record to…"))
        if folder:
            # A ballot a file, thousands of them for a big vote: long I/O, off the store worker.
            self._write(
                lambda node: votes.export_record(node, vote, Path(folder)),
                self.tr("The record was written to the chosen folder."),
            )

    def check_record(self) -> None:
        folder = files.folder(self, self.tr("Check the record in…"))
        if folder:
            self.message.setText(self.tr("Working…"))
            LongOp.off_store(
                self, self.worker, lambda _progress: votes.check_record(Path(folder)), self._checked
            ).failure(self._failed).run_in_background()

    def _checked(self, checked: Any) -> None:
        self.message.setText(
            self.tr(
                "The record checks out from the network's founding act: %n ballot(s) counted "
                "again give the result announced at the close.",
                "",
                checked.ballots,
            )
            if checked.closed
            else self.tr(
                "The record checks out from the network's founding act; the vote is still open.",
            )
        )

    def discuss(self) -> None:
        """A forum thread about this vote, for the mayors to argue before they decide."""
        detail, vote = self.detail, self.current
        if detail is None or vote is None:
            return
        self._act(
            lambda node: votes.discuss(node, vote),
            self.tr("A thread about this vote is open in the forum."),
        )

    def start_vote(self) -> None:
        dialog = NewVoteDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        question, options, rule, closes, kind, nature = dialog.values()
        self._act(
            lambda node: _sealed(
                node,
                votes.open_vote(
                    node, question, options, rule=rule, closes=closes, kind=kind, nature=nature
                ),
            ),
            self.tr("The vote is open."),
        )

    def _act(self, run: Callable[[Node], object], success: str) -> None:
        self.message.setText(self.tr("Working…"))
        CollectionOp(self, self.worker, run, lambda _result: self._done(success)).failure(
            self._failed
        ).run_in_background()

    def _write(self, run: Callable[[Node], object], success: str) -> None:
        """Files written from the ledger, which does not change: nobody else is told."""
        self.message.setText(self.tr("Working…"))
        LongOp(
            self, self.worker, lambda node, _progress: run(node), lambda _r: self._done(success)
        ).quiet().failure(self._failed).run_in_background()

    def _done(self, success: str) -> None:
        # Said once the refreshed vote is on screen: whoever reads it then acts on the vote as
        # it now is (cast, closed), never on the one before.
        self.refresh(then=success)


def _sealed(node: Node, tx: bytes) -> bytes:
    node.maybe_seal()
    return tx


def _clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


class OutcomeDialog(QDialog):
    """What the close records besides the count: the decision in words, its owner, a date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Close the vote"))
        self.setMinimumWidth(ems(self, 60))
        self.statement = QLineEdit()
        self.statement.setPlaceholderText(self.tr("for example: Ambam buys the generator"))
        self.owner = QLineEdit()
        self.follow_up = QDateEdit(QDate.currentDate().addDays(30))
        self.follow_up.setCalendarPopup(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Outcome (optional)"), self.statement)
        form.addRow(self.tr("Carried out by"), self.owner)
        form.addRow(self.tr("Follow-up date"), self.follow_up)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any] | None:
        if not self.statement.text().strip():
            return None
        return {
            "statement": self.statement.text().strip(),
            "owner": self.owner.text().strip(),
            "follow_up": int(self.follow_up.dateTime().toSecsSinceEpoch()),
        }


class NewVoteDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New vote"))
        self.setMinimumWidth(ems(self, 65))
        self.question = QLineEdit()
        self.options = QPlainTextEdit()
        self.options.setPlainText(self.tr("Yes\nNo\nAbstention"))
        self.rule = QComboBox()
        self.rule.addItem(self.tr("majority"), "majority")
        self.rule.addItem(self.tr("two-thirds"), "two_thirds")
        self.electorate = QComboBox()
        self.electorate.addItem(self.tr("mayors and deputies"), "members")
        self.electorate.addItem(self.tr("one voice per commune"), "communes")
        self.nature = QComboBox()
        self.nature.addItem(self.tr("opinion (avis)"), "opinion")
        self.nature.addItem(self.tr("vote under the body's statutes"), "statutes")
        self.closes = QDateEdit(QDate.currentDate().addDays(14))
        self.closes.setCalendarPopup(True)
        self.problem = QLabel()
        tone.problems_only(self.problem)
        form = QFormLayout(self)
        form.addRow(self.tr("Question"), self.question)
        form.addRow(self.tr("Answers, one per line"), self.options)
        form.addRow(self.tr("Rule"), self.rule)
        form.addRow(self.tr("Who votes"), self.electorate)
        form.addRow(self.tr("Nature"), self.nature)
        form.addRow(self.tr("Closing date"), self.closes)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _answers(self) -> list[str]:
        return [line.strip() for line in self.options.toPlainText().splitlines() if line.strip()]

    def _accept(self) -> None:
        if not self.question.text().strip():
            self.problem.setText(self.tr("Write the question."))
        elif len(self._answers()) < 2:
            self.problem.setText(self.tr("Give at least two answers."))
        else:
            self.accept()

    def values(self) -> tuple[str, list[str], str, int, str, str]:
        closes = int(self.closes.dateTime().toSecsSinceEpoch())
        return (
            self.question.text().strip(),
            self._answers(),
            str(self.rule.currentData()),
            closes,
            str(self.electorate.currentData()),
            str(self.nature.currentData()),
        )
