"""Council sittings for the secretary: convene, then enter each item's vote as it happens in the
room. The law's checks run in the ledger rules; a breach comes back as its French sentence
with the article it cites."""

from __future__ import annotations

import hashlib
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
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.council import minutes
from app.core.council.ruleprofile import load
from app.core.encoding import cbor
from app.core.ledger.objects import parse_tx
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.core.safetext import line
from app.core.store.atomic import write_atomic
from app.ui import failure
from app.ui.convocation import ProxyDialog, ReceiptDialog
from app.ui.plain import show
from app.ui.vote_entry import VoteEntryDialog
from app.ui.worker import Worker


def motion_hash(text: str) -> bytes:
    """What binds every ballot to the exact text put to the vote."""
    return hashlib.sha256(text.encode("utf-8")).digest()


def _sittings(node: Node) -> list[dict[str, Any]]:
    with node.overlay():
        rows = node.store.all(
            "SELECT id, body FROM sittings WHERE commune = ? ORDER BY date DESC", (node.commune,)
        )
        out = []
        for sid, data in rows:
            body: Any = cbor.decode(bytes(data))
            voted, acts, present = {}, {}, None
            for act, item, outcome in node.store.all(
                "SELECT id, item, outcome FROM deliberations WHERE sitting = ? ORDER BY item",
                (sid,),
            ):
                voted[int(item)] = cbor.decode(bytes(outcome))
                acts[int(item)] = (bytes(act), minutes.act_state(node, bytes(act)))
                present = parse_tx(node.object(bytes(act))).body["present"]
            proxies = [
                cbor.decode(bytes(p))
                for (p,) in node.store.all(
                    "SELECT body FROM sitting_proxies WHERE sitting = ? ORDER BY rowid", (sid,)
                )
            ]
            out.append(
                {
                    "id": bytes(sid),
                    "body": body,
                    "voted": voted,
                    "acts": acts,
                    "proxies": proxies,
                    "present": present,
                    "receipts": minutes.convocation_receipts(node, bytes(sid)),
                }
            )
    return out


def _submit(node: Node, kind: TxType, body: dict[str, Any]) -> bytes:
    tx = node.submit(kind, body, prio=1)
    node.seal()  # the registre is kept as the sitting goes
    return tx


class SittingsPage(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.rows: list[dict[str, Any]] = []
        self.convene_button = QPushButton(self.tr("Convene a sitting…"))
        self.convene_button.clicked.connect(self.convene)
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._chosen)
        self.items = QListWidget()
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
        self.message = QLabel()
        self._failed = failure.into(self.message)
        self.message.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.convene_button)
        left_layout.addWidget(self.list)
        left_layout.addWidget(self.list_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.details)
        before = QHBoxLayout()
        for button in (self.receipt_button, self.proxy_button):
            before.addWidget(button)
        right_layout.addLayout(before)
        right_layout.addWidget(QLabel(self.tr("Agenda and deliberations")))
        right_layout.addWidget(self.items)
        right_layout.addWidget(self.vote_button)
        acts = QHBoxLayout()
        for button in (self.published_button, self.transmitted_button, self.export_button):
            acts.addWidget(button)
        right_layout.addWidget(self.discuss_button)
        right_layout.addLayout(acts)
        right_layout.addWidget(self.appoint_button)
        right_layout.addWidget(self.minutes_button)
        right_layout.addWidget(self.message)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([360, 740])
        QVBoxLayout(self).addWidget(splitter)
        self._chosen(-1)

    def refresh(self) -> None:
        self.worker.submit(_sittings, self._listed, self._failed)

    def _listed(self, rows: list[dict[str, Any]]) -> None:
        current = self.list.currentRow()
        self.rows = rows
        self.list.clear()
        for row in rows:
            body = row["body"]
            self.list.addItem(
                self.tr("Sitting no. %1 of %2")
                .replace("%1", line(str(body["number"])))
                .replace("%2", line(str(body["date"])))
            )
        if rows:
            self.list.setCurrentRow(max(0, min(current, len(rows) - 1)))

    def _chosen(self, number: int) -> None:
        self.items.clear()
        self.vote_button.setEnabled(0 <= number < len(self.rows))
        self.minutes_button.setEnabled(0 <= number < len(self.rows))
        self.appoint_button.setEnabled(0 <= number < len(self.rows))
        self.receipt_button.setEnabled(0 <= number < len(self.rows))
        self.proxy_button.setEnabled(0 <= number < len(self.rows))
        self.details.clear()
        if not 0 <= number < len(self.rows):
            return
        row = self.rows[number]
        show(self.details, self._details(row))
        states = {
            "adopted": "",
            "published": self.tr("published"),
            "transmitted": self.tr("transmitted"),
            "executory": self.tr("executory"),
        }
        for index, item in enumerate(row["body"]["items"]):
            outcome = row["voted"].get(index)
            state = outcome["label"] if outcome else self.tr("not voted yet")
            if index in row["acts"] and states[row["acts"][index][1]]:
                state += " · " + states[row["acts"][index][1]]
            entry = QListWidgetItem(f"{index + 1}. {line(item['title'])} — {line(state)}")
            entry.setData(Qt.ItemDataRole.UserRole, index)
            self.items.addItem(entry)
        self.items.setCurrentRow(0)

    def _details(self, row: dict[str, Any]) -> str:
        """Who has received the convocation, and the proxies given: what the secretary checks
        before opening the sitting."""
        receipts: list[minutes.Receipt] = row["receipts"]
        missing = [r.name for r in receipts if r.means is None]
        got = len(receipts) - len(missing)
        lines = [
            self.tr("Convocation received by %1 of %2.")
            .replace("%1", str(got))
            .replace("%2", str(len(receipts)))
        ]
        if missing:
            lines.append(self.tr("No receipt yet: %1").replace("%1", ", ".join(map(line, missing))))
        names = {m[0]: m[1] for m in row["body"]["members"]}
        for proxy in row["proxies"]:
            lines.append(
                self.tr("Proxy: %1 to %2")
                .replace("%1", line(names.get(proxy["mandant"], "?")))
                .replace("%2", line(names.get(proxy["holder"], "?")))
            )
        return "\n".join(lines)

    def record_receipt(self) -> None:
        number = self.list.currentRow()
        if not 0 <= number < len(self.rows):
            return
        row = self.rows[number]
        missing = [r.member for r in row["receipts"] if r.means is None]
        dialog = ReceiptDialog(row["body"]["members"], missing, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        body = dialog.body(row["id"])
        self.worker.submit(
            lambda node: _submit(node, TxType.SITTING_RECEIPT, body),
            lambda _tx: self._done(self.tr("Recorded.")),
            self._failed,
        )

    def record_proxy(self) -> None:
        number = self.list.currentRow()
        if not 0 <= number < len(self.rows):
            return
        row = self.rows[number]
        dialog = ProxyDialog(row["body"]["members"], int(row["body"]["number"]), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        body = dialog.body(row["id"])
        self.worker.submit(
            lambda node: _submit(node, TxType.SITTING_PROXY, body),
            lambda _tx: self._done(self.tr("The proxy is recorded.")),
            self._failed,
        )

    def convene(self) -> None:
        dialog = ConveneDialog(self.rows, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        body = dialog.body()
        self.message.setText(self.tr("Signing the convocation…"))
        self.worker.submit(
            lambda node: _submit(node, TxType.SITTING_CONVENE, body),
            lambda _tx: self._done(self.tr("Convocation signed.")),
            self._failed,
        )

    def enter_vote(self) -> None:
        sitting = self.list.currentRow()
        item = self.items.currentItem()
        if not 0 <= sitting < len(self.rows) or item is None:
            return
        row = self.rows[sitting]
        number = int(item.data(Qt.ItemDataRole.UserRole))
        dialog = VoteEntryDialog(row["body"], row["proxies"], row["present"], self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        motion = row["body"]["items"][number]["motion"]
        body = {"sitting": row["id"], "item": number, "motion": motion, **dialog.values()}
        self.worker.submit(
            lambda node: _submit(node, TxType.SITTING_VOTE, body),
            lambda _tx: self._done(self.tr("The vote is recorded.")),
            self._failed,
        )

    def _act(self) -> bytes | None:
        number, item = self.list.currentRow(), self.items.currentItem()
        if not 0 <= number < len(self.rows) or item is None:
            return None
        found = self.rows[number]["acts"].get(int(item.data(Qt.ItemDataRole.UserRole)))
        if found is None:
            self.message.setText(self.tr("This item has not been voted yet."))
            return None
        return bytes(found[0])

    def mark(self, status: str) -> None:
        act = self._act()
        if act is None:
            return
        body = {"act": act, "status": status, "date": date.today().isoformat()}
        self.worker.submit(
            lambda node: _submit(node, TxType.ACT_STATUS, body),
            lambda _tx: self._done(self.tr("Recorded.")),
            self._failed,
        )

    def export_act(self) -> None:
        act = self._act()
        if act is None:
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export the act to"))
        if folder:
            self.worker.submit(
                lambda node: minutes.transmission(node, act, Path(folder)),
                lambda path: self.message.setText(self.tr("Written: %1").replace("%1", str(path))),
                self._failed,
            )

    def discuss(self) -> None:
        """A forum thread about the sitting, titled with the item, to prepare it between mayors."""
        number, item = self.list.currentRow(), self.items.currentItem()
        if not 0 <= number < len(self.rows) or item is None:
            return
        row = self.rows[number]
        title = row["body"]["items"][int(item.data(Qt.ItemDataRole.UserRole))]["title"]
        body = {"title": str(title)[:200], "body": "", "about": row["id"]}
        self.worker.submit(
            lambda node: _submit(node, TxType.FORUM_THREAD, body),
            lambda _tx: self._done(self.tr("A thread is open in the forum.")),
            self._failed,
        )

    def appoint(self) -> None:
        number = self.list.currentRow()
        if not 0 <= number < len(self.rows):
            return
        row = self.rows[number]
        dialog = AppointDialog(row["body"]["members"], self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        office, candidates, votes = dialog.values()
        sitting = row["id"]

        def run(node: Node) -> str | None:
            done = node.store.value(
                "SELECT max(round) FROM appointments WHERE sitting = ? AND office = ?",
                (sitting, office),
            )
            body = {
                "sitting": sitting,
                "office": office,
                "round": (done or 0) + 1,
                "candidates": candidates,
                "votes": votes,
            }
            tx = _submit(node, TxType.SITTING_APPOINT, body)
            elected = node.store.value("SELECT elected FROM appointments WHERE id = ?", (tx,))
            return None if elected is None else str(elected)

        names = {m[0]: m[1] for m in row["body"]["members"]}
        self.worker.submit(
            run,
            lambda elected: self.message.setText(
                self.tr("Elected: %1").replace("%1", names.get(elected, elected))
                if elected
                else self.tr("Nobody has the majority: enter the next round.")
            ),
            self._failed,
        )

    def show_minutes(self) -> None:
        number = self.list.currentRow()
        if not 0 <= number < len(self.rows):
            return
        sitting = self.rows[number]["id"]

        def gather(node: Node) -> tuple[str, bytes, list[tuple[str, bytes]]]:
            text, digest = minutes.minutes(node, sitting)
            return text, digest, minutes.approvals(node, sitting)

        self.worker.submit(gather, lambda r: self._minutes(sitting, *r), self._failed)

    def _minutes(
        self, sitting: bytes, text: str, digest: bytes, signed: list[tuple[str, bytes]]
    ) -> None:
        dialog = MinutesDialog(text, [name for name, d in signed if d == digest], self)
        if dialog.exec() == MinutesDialog.SIGN:
            body = {"sitting": sitting, "minutes": digest}
            self.worker.submit(
                lambda node: _submit(node, TxType.MINUTES_APPROVE, body),
                lambda _tx: self._done(self.tr("Your signature is recorded.")),
                self._failed,
            )

    def save_list(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the list of deliberations"), "deliberations.csv", "CSV (*.csv)"
        )
        if path:
            target = Path(path)
            self.worker.submit(
                lambda node: write_atomic(target, minutes.deliberations_csv(node).encode()),
                lambda _r: self.message.setText(self.tr("Saved: %1").replace("%1", path)),
                self._failed,
            )

    def _done(self, text: str) -> None:
        """Said once the refreshed list is on screen: whoever reads "recorded" then acts on the
        sitting as it now is (the room of the item just voted, say), never on the one before."""

        def shown(rows: list[dict[str, Any]]) -> None:
            self._listed(rows)
            self.message.setText(text)

        self.worker.submit(_sittings, shown, self._failed)


class AppointDialog(QDialog):
    """One round of an appointment: the office, the candidates and the votes each received."""

    def __init__(self, members: list[list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Appointment round"))
        self.members = members
        self.office = QLineEdit()
        self.office.setPlaceholderText(self.tr("for example: first deputy"))
        self.candidate: list[QCheckBox] = []
        self.count: list[QSpinBox] = []
        grid = QGridLayout()
        for row, (_, name, _born) in enumerate(members):
            box, spin = QCheckBox(name), QSpinBox()
            spin.setRange(0, 999)
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

    def values(self) -> tuple[str, list[str], dict[str, int]]:
        chosen = [
            (member[0], spin.value())
            for member, box, spin in zip(self.members, self.candidate, self.count, strict=True)
            if box.isChecked()
        ]
        return self.office.text().strip(), [c for c, _ in chosen], dict(chosen)


class MinutesDialog(QDialog):
    """The minutes as the ledger gives them, who has signed this exact text, and a signature."""

    SIGN = 2

    def __init__(self, text: str, signed: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Minutes"))
        self.setMinimumSize(640, 480)
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        who = ", ".join(signed) if signed else self.tr("nobody yet")
        self.signed = QLabel(self.tr("Signed by: %1").replace("%1", who))
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


class ConveneDialog(QDialog):
    """The convocation: date, rank, population, members and the texts put to the vote."""

    def __init__(
        self, earlier: list[dict[str, Any]] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Convene a sitting"))
        self.earlier = earlier or []
        self.again = QComboBox()
        self.again.addItem(self.tr("no: an ordinary convocation"), None)
        for row in self.earlier:
            body = row["body"]
            open_items = len(body["items"]) - len(row["voted"])
            if open_items:
                label = self.tr("sitting no. %1 of %2").replace("%1", str(body["number"]))
                self.again.addItem(label.replace("%2", str(body["date"])), row["id"])
        self.again.currentIndexChanged.connect(self._carry_over)
        self.setMinimumWidth(560)
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
        row = next((r for r in self.earlier if r["id"] == chosen), None)
        if row is None:
            return
        body = row["body"]
        self.members.setPlainText(
            "\n".join(f"{name}; {born}" if born else name for _, name, born in body["members"])
        )
        self.items.setPlainText(
            "\n".join(
                item["title"] for n, item in enumerate(body["items"]) if n not in row["voted"]
            )
        )
        self.number.setValue(int(body["number"]) + 1)
        self.population.setValue(int(body["population"]))
        failed = QDate.fromString(str(body["date"]), "yyyy-MM-dd")
        self.date.setDate(max(self.date.date(), failed.addDays(3)))

    def body(self) -> dict[str, Any]:
        lines = [n.strip() for n in self.members.toPlainText().splitlines() if n.strip()]
        members = []
        for n, entry in enumerate(lines):
            name, _, born = (part.strip() for part in entry.partition(";"))
            members.append([f"m{n + 1}", name, born if _is_date(born) else ""])
        motions = [m.strip() for m in self.items.toPlainText().splitlines() if m.strip()]
        profile = load("fr")
        held = self.date.date().toPython()
        assert isinstance(held, date)
        return {
            "profile": profile.code,
            "digest": bytes.fromhex(profile.digest),
            "population": self.population.value(),
            "date": held.isoformat(),
            "urgent": int(self.urgent.isChecked()),
            "number": self.number.value(),
            "president": "m1",
            "members": members,
            "items": [{"title": text[:500], "motion": motion_hash(text)} for text in motions],
            **({"reconvenes": self.again.currentData()} if self.again.currentData() else {}),
        }


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
