"""Council sittings for the secretary: convene, then enter each item's vote as it happens in the
room. The screen gathers what the secretary says and hands it to app/core/council/service.py;
the law's checks run in the ledger rules, and a breach comes back as its sentence with the
article it cites. A sitting's record is exported for anyone to check offline, and a record
folder, this laptop's or another's, is checked here from its own founding act."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.council import queries, service
from app.core.safetext import line
from app.ui import failure, files, formats
from app.ui.convocation import ProxyDialog, ReceiptDialog
from app.ui.empty import EmptyState
from app.ui.fit import ems, fit_window
from app.ui.flow import FlowLayout, SideBySide
from app.ui.icons import icon
from app.ui.operations import CollectionOp, LongOp, QueryOp
from app.ui.pin_prompt import PinDialog
from app.ui.plain import fill, show
from app.ui.vote_entry import VoteEntryDialog
from app.ui.worker import Worker


class SittingsPage(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.rows: list[queries.Sitting] = []
        self.convene_button = QPushButton(self.tr("Convene a sitting…"))
        self.convene_button.setIcon(icon("sittings"))
        self.convene_button.clicked.connect(self.convene)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Council sittings"))
        self.list.setWordWrap(True)  # a long sitting's line wraps at large text sizes
        self.list.currentRowChanged.connect(self._chosen)
        self.items = QListWidget()
        self.items.setAccessibleName(self.tr("Agenda and deliberations"))
        self.items.setWordWrap(True)
        self.vote_button = QPushButton(self.tr("Enter the vote on this item…"))
        self.vote_button.clicked.connect(self.enter_vote)
        self.discuss_button = QPushButton(self.tr("Discuss this item in the forum"))
        self.discuss_button.clicked.connect(self.discuss)
        self.receipt_button = QPushButton(self.tr("Convocation received…"))
        self.receipt_button.clicked.connect(self.record_receipt)
        self.proxy_button = QPushButton(self.tr("Proxy…"))
        self.proxy_button.clicked.connect(self.record_proxy)
        self.details = QLabel()
        self.details.setWordWrap(True)
        # Councillors who never use the laptop sign their own receipt or approval here, with
        # their PIN: the same service as `obambu --as ID sitting receipt|approve`.
        self.signers = QListWidget()
        self.signers.setAccessibleName(self.tr("Members who may still sign for themselves"))
        self.signers.setWordWrap(True)
        self.signers.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)  # a few names
        self.sign_own_button = QPushButton(self.tr("Sign with their PIN…"))
        self.sign_own_button.clicked.connect(self.sign_own)
        self.pin_dialog: PinDialog | None = None
        self.appoint_button = QPushButton(self.tr("Appointment round…"))
        self.appoint_button.clicked.connect(self.appoint)
        self.minutes_button = QPushButton(self.tr("Minutes…"))
        self.minutes_button.clicked.connect(self.show_minutes)
        self.list_button = QPushButton(self.tr("Save the list of deliberations…"))
        self.list_button.clicked.connect(self.save_list)
        self.published_button = QPushButton(self.tr("Mark as published"))
        self.published_button.clicked.connect(lambda: self.mark("published"))
        self.transmitted_button = QPushButton(self.tr("Mark as transmitted"))
        self.transmitted_button.clicked.connect(lambda: self.mark("transmitted"))
        self.export_button = QPushButton(self.tr("Export for the prefecture…"))
        self.export_button.clicked.connect(self.export_act)
        # The sitting's signed record, for a prefecture or a citizen to check on any computer;
        # and the check of such a folder, from its own founding act (app/core/audit).
        self.record_button = QPushButton(self.tr("Export the record…"))
        self.record_button.clicked.connect(self.export_record)
        self.check_button = QPushButton(self.tr("Check a record…"))
        self.check_button.clicked.connect(self.check_record)
        self.message = QLabel()
        self._failed = failure.into(self.message)
        self.message.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.convene_button)
        self.empty = EmptyState(
            self.tr("No council sitting yet. Convene the council to start one."),
            self.tr("Convene a sitting…"),
            self.convene,
        )
        left_layout.addWidget(self.empty)
        left_layout.addWidget(self.list)
        left_layout.addWidget(self.list_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.details)
        before = FlowLayout()  # rows of buttons wrap on a narrow window
        for button in (self.receipt_button, self.proxy_button):
            before.addWidget(button)
        right_layout.addLayout(before)
        may_sign = QLabel(self.tr("Members who may still sign for themselves"))
        may_sign.setWordWrap(True)
        right_layout.addWidget(may_sign)
        right_layout.addWidget(self.signers)
        right_layout.addWidget(self.sign_own_button)
        right_layout.addWidget(QLabel(self.tr("Agenda and deliberations")))
        right_layout.addWidget(self.items)
        right_layout.addWidget(self.vote_button)
        acts = FlowLayout()
        for button in (self.published_button, self.transmitted_button, self.export_button):
            acts.addWidget(button)
        right_layout.addWidget(self.discuss_button)
        right_layout.addLayout(acts)
        right_layout.addWidget(self.appoint_button)
        right_layout.addWidget(self.minutes_button)
        record = FlowLayout()
        for button in (self.record_button, self.check_button):
            record.addWidget(button)
        right_layout.addLayout(record)
        right_layout.addWidget(self.message)
        # The sittings, then the chosen one's details: side by side, or one above the other
        # on a narrow window (150 %, large text) rather than the screen scrolling sideways.
        columns = SideBySide(self)
        columns.add_column(left, 1)
        columns.add_column(right, 2)
        self._chosen(-1)

    def refresh(self) -> None:
        QueryOp(self, self.worker, queries.sittings, self._listed).failure(
            self._failed
        ).run_in_background()

    def _listed(self, rows: list[queries.Sitting]) -> None:
        current = self.list.currentRow()
        self.rows = rows
        self.list.clear()
        for row in rows:
            self.list.addItem(
                fill(
                    self.tr("Sitting no. {number} of {date}"),
                    number=str(row.number),
                    date=line(formats.date(row.date)),
                )
            )
        self.empty.follow(len(rows))
        if rows:
            self.list.setCurrentRow(max(0, min(current, len(rows) - 1)))

    def _chosen(self, number: int) -> None:
        self.items.clear()
        self.vote_button.setEnabled(0 <= number < len(self.rows))
        self.minutes_button.setEnabled(0 <= number < len(self.rows))
        self.appoint_button.setEnabled(0 <= number < len(self.rows))
        self.receipt_button.setEnabled(0 <= number < len(self.rows))
        self.proxy_button.setEnabled(0 <= number < len(self.rows))
        self.record_button.setEnabled(0 <= number < len(self.rows))
        self.details.clear()
        self.signers.clear()
        self.sign_own_button.setEnabled(False)
        if not 0 <= number < len(self.rows):
            return
        row = self.rows[number]
        show(self.details, self._details(row))
        QueryOp(
            self, self.worker, lambda node: queries.own_signers(node, row.id), self._signers
        ).failure(self._failed).run_in_background()
        states = {
            "adopted": "",
            "published": self.tr("published"),
            "transmitted": self.tr("transmitted"),
            "executory": self.tr("executory"),
        }
        for item in row.items:
            voted = row.deliberations.get(item.number)
            state = voted.label if voted else self.tr("not voted yet")
            if voted and states[voted.state]:
                state += " · " + states[voted.state]
            entry = QListWidgetItem(f"{item.number + 1}. {line(item.title)} — {line(state)}")
            entry.setData(Qt.ItemDataRole.UserRole, item.number)
            self.items.addItem(entry)
        self.items.setCurrentRow(0)

    def _details(self, row: queries.Sitting) -> str:
        """Who has received the convocation, and the proxies given: what the secretary checks
        before opening the sitting."""
        receipts = row.receipts
        missing = [r.name for r in receipts if r.means is None]
        got = len(receipts) - len(missing)
        lines = [
            fill(
                self.tr("Convocation received by %n member(s) of {total}.", "", got),
                total=formats.number(len(receipts)),
            )
        ]
        if missing:
            lines.append(
                fill(self.tr("No receipt yet: {missing}"), missing=", ".join(map(line, missing)))
            )
        for proxy in row.proxies:
            lines.append(
                fill(
                    self.tr("Proxy: {mandant} to {holder}"),
                    mandant=line(row.name(proxy.mandant)),
                    holder=line(row.name(proxy.holder)),
                )
            )
        return "\n".join(lines)

    def _signers(self, signers: tuple[queries.Signer, ...]) -> None:
        self.signers.clear()
        for signer in signers:
            left = [self.tr("receipt")] if signer.receipt else []
            left += [self.tr("minutes")] if signer.approval else []
            entry = QListWidgetItem(
                fill(
                    self.tr("{name} — to sign: {left}"),
                    name=line(signer.name),
                    left=", ".join(left),
                )
            )
            entry.setData(Qt.ItemDataRole.UserRole, signer)
            self.signers.addItem(entry)
        if signers:
            self.signers.setCurrentRow(0)
        self.sign_own_button.setEnabled(bool(signers))

    def sign_own(self) -> None:
        """The chosen councillor signs their own receipt, or the minutes shown to them, by
        typing their PIN; whoever acts on this laptop acts again afterwards."""
        number, chosen = self.list.currentRow(), self.signers.currentItem()
        if not 0 <= number < len(self.rows) or chosen is None:
            return
        sitting = self.rows[number].id
        signer: queries.Signer = chosen.data(Qt.ItemDataRole.UserRole)
        QueryOp(
            self,
            self.worker,
            lambda node: queries.minutes_of(node, sitting),
            lambda read: self._ask_own_pin(sitting, signer, read),
        ).failure(self._failed).run_in_background()

    def _ask_own_pin(self, sitting: bytes, signer: queries.Signer, read: queries.Minutes) -> None:
        what = OwnSignature(signer, read.text)

        def signed(pin: str) -> None:
            digest = read.digest if what.minutes_chosen() else None
            CollectionOp(
                self,
                self.worker,
                lambda node: service.sign_own(node, sitting, signer.member, pin, digest),
                lambda _tx: self._signed_own(dialog, signer),
            ).failure(dialog.wrong).run_in_background()

        dialog = PinDialog(signer.name, signed, self, above=what)
        self.pin_dialog = dialog
        dialog.open()

    def _signed_own(self, dialog: PinDialog, signer: queries.Signer) -> None:
        dialog.done_signing()
        self._done(fill(self.tr("Signed by {name} with their PIN."), name=line(signer.name)))

    def record_receipt(self) -> None:
        number = self.list.currentRow()
        if not 0 <= number < len(self.rows):
            return
        row = self.rows[number]
        missing = [r.member for r in row.receipts if r.means is None]
        dialog = ReceiptDialog(row.members, missing, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        member, means, on = dialog.values()
        CollectionOp(
            self,
            self.worker,
            lambda node: service.record_receipt(node, row.id, member, means, on),
            lambda _tx: self._done(self.tr("Recorded.")),
        ).failure(self._failed).run_in_background()

    def record_proxy(self) -> None:
        number = self.list.currentRow()
        if not 0 <= number < len(self.rows):
            return
        row = self.rows[number]
        dialog = ProxyDialog(row.members, row.number, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        mandant, holder, first, last, illness = dialog.values()
        CollectionOp(
            self,
            self.worker,
            lambda node: service.give_proxy(
                node, row.id, mandant, holder, first, last, illness=illness
            ),
            lambda _tx: self._done(self.tr("The proxy is recorded.")),
        ).failure(self._failed).run_in_background()

    def convene(self) -> None:
        dialog = ConveneDialog(self.rows, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        convocation = dialog.convocation()
        self.message.setText(self.tr("Signing the convocation…"))
        CollectionOp(
            self,
            self.worker,
            lambda node: service.convene(node, convocation),
            lambda _tx: self._done(self.tr("Convocation signed.")),
        ).failure(self._failed).run_in_background()

    def enter_vote(self) -> None:
        sitting = self.list.currentRow()
        item = self.items.currentItem()
        if not 0 <= sitting < len(self.rows) or item is None:
            return
        row = self.rows[sitting]
        number = int(item.data(Qt.ItemDataRole.UserRole))
        dialog = VoteEntryDialog(row, self, number)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        entry = dialog.entry()
        CollectionOp(
            self,
            self.worker,
            lambda node: service.record_vote(node, row.id, number, entry),
            lambda _tx: self._done(self.tr("The vote is recorded.")),
        ).failure(self._failed).run_in_background()

    def _act(self) -> bytes | None:
        number, item = self.list.currentRow(), self.items.currentItem()
        if not 0 <= number < len(self.rows) or item is None:
            return None
        found = self.rows[number].deliberations.get(int(item.data(Qt.ItemDataRole.UserRole)))
        if found is None:
            self.message.setText(self.tr("This item has not been voted yet."))
            return None
        return found.act

    def mark(self, status: str) -> None:
        act = self._act()
        if act is None:
            return
        CollectionOp(
            self,
            self.worker,
            lambda node: service.mark_act(node, act, status),
            lambda _tx: self._done(self.tr("Recorded.")),
        ).failure(self._failed).run_in_background()

    def export_act(self) -> None:
        act = self._act()
        if act is None:
            return
        folder = files.folder(self, self.tr("Export the act to"))
        if folder:
            LongOp(
                self,
                self.worker,
                lambda node, _progress: service.export_act(node, act, Path(folder)),
                lambda path: self.message.setText(fill(self.tr("Written: {path}"), path=str(path))),
            ).quiet().failure(self._failed).run_in_background()

    def export_record(self) -> None:
        number = self.list.currentRow()
        if not 0 <= number < len(self.rows):
            return
        sitting = self.rows[number].id
        folder = files.folder(self, self.tr("Export the sitting's record to…"))
        if folder:
            # Every signed step of the sitting a file, with the pages that prove them: long I/O.
            self.message.setText(self.tr("Working…"))
            LongOp(
                self,
                self.worker,
                lambda node, _progress: service.export_record(node, sitting, Path(folder)),
                # The folder's name is the start of the sitting's id in hexadecimal: not said.
                lambda _path: self.message.setText(
                    self.tr(
                        "The sitting's record was written to a new folder in the chosen one. "
                        "Anyone can check it with “Check a record…”, on any laptop."
                    )
                ),
            ).quiet().failure(self._failed).run_in_background()

    def check_record(self) -> None:
        folder = files.folder(self, self.tr("Check the record in…"))
        if folder:
            self.message.setText(self.tr("Working…"))
            LongOp.off_store(
                self,
                self.worker,
                lambda _progress: service.check_record(Path(folder)),
                self._checked,
            ).failure(self._failed).run_in_background()

    def _checked(self, checked: Any) -> None:
        """What the check proved, one count to a sentence: the deliberations as signed, and the
        approvals of exactly the minutes that they give."""
        signed = self.tr(
            "The record checks out from the network's founding act: %n deliberation(s), as "
            "they were signed.",
            "",
            checked.objects["deliberations"],
        )
        approved = self.tr(
            "The minutes written again from them carry %n signature(s) of approval.",
            "",
            checked.approved,
        )
        self.message.setText(f"{signed} {approved}")

    def discuss(self) -> None:
        """A forum thread about the sitting, titled with the item, to prepare it between mayors."""
        number, item = self.list.currentRow(), self.items.currentItem()
        if not 0 <= number < len(self.rows) or item is None:
            return
        sitting, chosen = self.rows[number].id, int(item.data(Qt.ItemDataRole.UserRole))
        CollectionOp(
            self,
            self.worker,
            lambda node: service.discuss(node, sitting, chosen),
            lambda _tx: self._done(self.tr("A thread is open in the forum.")),
        ).failure(self._failed).run_in_background()

    def appoint(self) -> None:
        number = self.list.currentRow()
        if not 0 <= number < len(self.rows):
            return
        row = self.rows[number]
        dialog = AppointDialog(row.members, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        office, votes = dialog.values()
        CollectionOp(
            self,
            self.worker,
            lambda node: queries.elected(node, service.appoint(node, row.id, office, votes)),
            lambda elected: self.message.setText(
                fill(self.tr("Elected: {elected}"), elected=line(row.name(elected)))
                if elected
                else self.tr("Nobody has the majority: enter the next round.")
            ),
        ).failure(self._failed).run_in_background()

    def show_minutes(self) -> None:
        number = self.list.currentRow()
        if not 0 <= number < len(self.rows):
            return
        sitting = self.rows[number].id
        QueryOp(
            self,
            self.worker,
            lambda node: queries.minutes_of(node, sitting),
            lambda read: self._minutes(sitting, read),
        ).failure(self._failed).run_in_background()

    def _minutes(self, sitting: bytes, read: queries.Minutes) -> None:
        dialog = MinutesDialog(read.text, list(read.signed_by), self)
        if dialog.exec() == MinutesDialog.SIGN:
            CollectionOp(
                self,
                self.worker,
                lambda node: service.approve_minutes(node, sitting, read.digest),
                lambda _tx: self._done(self.tr("Your signature is recorded.")),
            ).failure(self._failed).run_in_background()

    def save_list(self) -> None:
        path = files.save_file(
            self, self.tr("Save the list of deliberations"), "deliberations.csv", "CSV (*.csv)"
        )
        if path:
            target = Path(path)
            LongOp(
                self,
                self.worker,
                lambda node, _progress: service.save_deliberations(node, target),
                lambda _r: self.message.setText(fill(self.tr("Saved: {path}"), path=str(path))),
            ).quiet().failure(self._failed).run_in_background()

    def _done(self, text: str) -> None:
        """Said once the refreshed list is on screen: whoever reads "recorded" then acts on the
        sitting as it now is (the room of the item just voted, say), never on the one before."""

        def shown(rows: list[queries.Sitting]) -> None:
            self._listed(rows)
            self.message.setText(text)

        QueryOp(self, self.worker, queries.sittings, shown).failure(
            self._failed
        ).run_in_background()


class AppointDialog(QDialog):
    """One round of an appointment: the office, the candidates and the votes each received."""

    def __init__(self, members: tuple[queries.Member, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Appointment round"))
        self.members = members
        self.office = QLineEdit()
        self.office.setPlaceholderText(self.tr("for example: first deputy"))
        self.candidate: list[QCheckBox] = []
        self.count: list[QSpinBox] = []
        grid = QGridLayout()
        for row, member in enumerate(members):
            box, spin = QCheckBox(line(member.name)), QSpinBox()
            spin.setRange(0, 999)
            spin.setAccessibleName(fill(self.tr("Votes for {name}"), name=line(member.name)))
            self.candidate.append(box)
            self.count.append(spin)
            grid.addWidget(box, row, 0)
            grid.addWidget(spin, row, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Office"), self.office)
        form.addRow(QLabel(self.tr("Candidates and the votes each received")))
        form.addRow(grid)
        form.addRow(buttons)

    def values(self) -> tuple[str, dict[str, int]]:
        """The office, and the votes each ticked candidate received."""
        chosen = {
            member.id: spin.value()
            for member, box, spin in zip(self.members, self.candidate, self.count, strict=True)
            if box.isChecked()
        }
        return self.office.text().strip(), chosen


class OwnSignature(QWidget):
    """What a councillor signs with their PIN: their receipt of the convocation, or the minutes,
    whose text they read here first."""

    def __init__(self, signer: queries.Signer, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = QComboBox()
        if signer.receipt:
            self.what.addItem(self.tr("the receipt of the convocation, handed over today"), False)
        if signer.approval:
            self.what.addItem(self.tr("the minutes below"), True)
        self.text = QPlainTextEdit(text)
        self.text.setAccessibleName(self.tr("What they sign"))
        self.text.setReadOnly(True)
        self.text.setMinimumSize(ems(self, 50), self.fontMetrics().lineSpacing() * 8)
        self.what.currentIndexChanged.connect(self._shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("They sign:")))
        layout.addWidget(self.what)
        layout.addWidget(self.text)
        self._shown()

    def minutes_chosen(self) -> bool:
        return bool(self.what.currentData())

    def _shown(self) -> None:
        self.text.setVisible(self.minutes_chosen())


class MinutesDialog(QDialog):
    """The minutes as the ledger gives them, who has signed this exact text, and a signature."""

    SIGN = 2

    def __init__(self, text: str, signed: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Minutes"))
        self.text = QPlainTextEdit(text)
        self.text.setAccessibleName(self.tr("Minutes"))
        self.text.setReadOnly(True)
        who = ", ".join(signed) if signed else self.tr("nobody yet")
        self.signed = QLabel(fill(self.tr("Signed by: {who}"), who=who))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        sign = buttons.addButton(
            self.tr("Sign the minutes"), QDialogButtonBox.ButtonRole.ActionRole
        )
        sign.clicked.connect(lambda: self.done(self.SIGN))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.signed)
        layout.addWidget(buttons)
        fit_window(self, ems(self, 90), self.fontMetrics().lineSpacing() * 40)


class ConveneDialog(QDialog):
    """The convocation: date, rank, population, members and the texts put to the vote."""

    def __init__(
        self, earlier: list[queries.Sitting] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Convene a sitting"))
        self.earlier = earlier or []
        self.again = QComboBox()
        self.again.addItem(self.tr("no: an ordinary convocation"), None)
        for row in self.earlier:
            if row.open_items:
                label = fill(self.tr("sitting no. {number} of {date}"), number=str(row.number))
                self.again.addItem(fill(label, date=line(formats.date(row.date))), row.id)
        self.again.currentIndexChanged.connect(self._carry_over)
        self.setMinimumWidth(ems(self, 70))
        self.date = QDateEdit(QDate.currentDate().addDays(7))
        self.date.setCalendarPopup(True)
        self.number = QSpinBox()
        self.number.setRange(1, 999)
        self.population = QSpinBox()
        self.population.setRange(1, 10_000_000)
        self.population.setValue(2000)
        self.urgent = QCheckBox(self.tr("urgent convocation"))
        self.members = QPlainTextEdit()
        self.members.setPlaceholderText(
            self.tr(
                "One councillor per line, the birth date after a semicolon if known "
                "(it settles a tied appointment); the first presides"
            )
        )
        self.items = QPlainTextEdit()
        self.items.setPlaceholderText(self.tr("One motion per line, as it will be put to the vote"))
        form = QFormLayout(self)
        # French labels are long: at a large text size they go above their field, uncut.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Date of the sitting"), self.date)
        form.addRow(self.tr("Sitting number"), self.number)
        form.addRow(self.tr("Population of the commune"), self.population)
        form.addRow("", self.urgent)
        form.addRow(self.tr("Convened again, without quorum, after"), self.again)
        form.addRow(self.tr("Councillors"), self.members)
        form.addRow(self.tr("Agenda"), self.items)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _carry_over(self) -> None:
        """A council convened again after a failed quorum takes up what was not decided, with
        the same members, three days later at the earliest (L2121-17)."""
        chosen = self.again.currentData()
        row = next((r for r in self.earlier if r.id == chosen), None)
        if row is None:
            return
        self.members.setPlainText(
            "\n".join(f"{m.name}; {m.born}" if m.born else m.name for m in row.members)
        )
        self.items.setPlainText("\n".join(item.title for item in row.open_items))
        self.number.setValue(row.number + 1)
        self.population.setValue(row.population)
        earliest = service.earliest_again(row)
        again = QDate(earliest.year, earliest.month, earliest.day)
        self.date.setDate(max(self.date.date(), again))

    def convocation(self) -> service.Convocation:
        lines = [n.strip() for n in self.members.toPlainText().splitlines() if n.strip()]
        members = []
        for entry in lines:
            name, _, born = (part.strip() for part in entry.partition(";"))
            members.append((name, born))
        motions = [m.strip() for m in self.items.toPlainText().splitlines() if m.strip()]
        held = self.date.date().toPython()
        assert isinstance(held, date)
        again = self.again.currentData()
        return service.Convocation(
            held,
            self.number.value(),
            self.population.value(),
            members,
            motions,
            urgent=self.urgent.isChecked(),
            reconvenes=bytes(again) if again else None,
        )
