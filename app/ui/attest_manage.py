"""Corriger, remplacer ou annuler: the commune's attestations, a correction that issues a new
number and replaces the old paper, a cancellation with a reason from a fixed list, and how far
the news has travelled (which communes' laptops have it, from their beacons)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.attestations import certificates, doctypes, queries
from app.core.attestations.attest_rules import NEEDS_NOTE
from app.core.attestations.certificates import Issued, Request
from app.core.attestations.doctypes import DocType
from app.core.attestations.queries import Listed
from app.core.node.node import Node
from app.core.safetext import line
from app.sync.spread import Reached, spread
from app.ui import failure, formats
from app.ui.attest_verify import reason_words
from app.ui.operations import CollectionOp, QueryOp
from app.ui.plain import fill, show
from app.ui.worker import Worker

REASONS = ("clerical_error", "court_decision", "fraud", "lost_or_stolen", "other")


def _listed(node: Node, search: str) -> tuple[list[Listed], list[DocType]]:
    with node.overlay():
        return queries.ours(node, search), doctypes.load(node.home)


def _kind(types: list[DocType], code: str) -> str:
    """The document's name in the screen's language; the code only for a type unknown here."""
    kind = doctypes.find(types, code)
    if kind is None:
        return code
    return kind.label if QLocale().language() is QLocale.Language.French else kind.label_en


class ManagePanel(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.rows: list[Listed] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name or number"))
        self.search.returnPressed.connect(self.refresh)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._chosen)
        self.correct_button = QPushButton(self.tr("Correct…"))
        self.correct_button.clicked.connect(self.correct)
        self.cancel_button = QPushButton(self.tr("Cancel the attestation…"))
        self.cancel_button.clicked.connect(self.cancel)
        self.spread = QLabel()
        self.spread.setWordWrap(True)
        self.message = QLabel()
        self._failed = failure.into(self.message)
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.spread)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        search = self.search.text().strip()
        QueryOp(
            self, self.worker, lambda node: _listed(node, search), self._show
        ).run_in_background()

    def _show(self, found: tuple[list[Listed], list[DocType]]) -> None:
        rows, types = found
        current = self.list.currentRow()
        self.rows = rows
        self.list.clear()
        for row in rows:
            when = formats.short_date(row.issued)
            text = f"{row.number} — {row.subject} ({_kind(types, row.type)}, {when})"
            if row.replaced_by:
                text += " · " + fill(
                    self.tr("replaced by no. {replaced_by}"), replaced_by=row.replaced_by
                )
            elif row.reason:
                text += " · " + self.tr("cancelled")
            item = QListWidgetItem(line(text))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
        if rows:
            self.list.setCurrentRow(max(0, min(current, len(rows) - 1)))

    def _current(self) -> Listed | None:
        number = self.list.currentRow()
        return self.rows[number] if 0 <= number < len(self.rows) else None

    def _chosen(self, _number: int) -> None:
        row = self._current()
        valid = row is not None and not row.reason
        self.correct_button.setEnabled(valid)
        self.cancel_button.setEnabled(valid)
        self.spread.clear()
        if row is not None and row.reason:
            author, seq = row.revoke_author, row.revoke_seq
            if author is not None and seq is not None:
                QueryOp(
                    self, self.worker, lambda node: spread(node, author, seq), self._spread
                ).run_in_background()

    def _spread(self, reached: list[Reached]) -> None:
        have = [r.commune for r in reached if r.has_it]
        lacking = [r.commune for r in reached if not r.has_it]
        lines = []
        if have:
            lines.append(fill(self.tr("Known to: {have}."), have=", ".join(map(line, have))))
        if lacking:
            lines.append(
                fill(
                    self.tr(
                        "Not yet known to: {lacking}. It will reach them with the next stick or "
                        "radio exchange."
                    ),
                    lacking=", ".join(map(line, lacking)),
                )
            )
        show(self.spread, "\n".join(lines))

    def correct(self) -> None:
        row = self._current()
        if row is None:
            return
        fields = certificates.verify_fields(row.data)
        dialog = CorrectDialog(fields, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        old, request, (reason, note) = row.id, dialog.request(), dialog.reason()
        CollectionOp(
            self,
            self.worker,
            lambda node: certificates.correct(node, old, request, reason, note),
            self._corrected,
        ).failure(self._failed).run_in_background()

    def _corrected(self, issued: Issued) -> None:
        text = self.tr(
            "Attestation no. {number} signed; it replaces the earlier one. Print it from the "
            "Issue tab."
        )
        self.message.setText(fill(text, number=issued.number))
        self.refresh()

    def cancel(self) -> None:
        row = self._current()
        if row is None:
            return
        dialog = ReasonDialog(self)
        dialog.setWindowTitle(fill(self.tr("Cancel no. {number}"), number=row.number))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        att, (reason, note) = row.id, dialog.reason()
        CollectionOp(
            self,
            self.worker,
            lambda node: certificates.revoke(node, att, reason, note),
            self._cancelled,
        ).failure(self._failed).run_in_background()

    def _cancelled(self, _tx: bytes) -> None:
        self.message.setText(
            self.tr(
                "Cancelled and recorded here. Other town halls will know it after the next "
                "stick or radio exchange."
            )
        )
        self.refresh()


class ReasonDialog(QDialog):
    """A reason from the fixed list, and a note (required for fraud and other)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reasons = QComboBox()
        for code in REASONS:
            self.reasons.addItem(reason_words(code), code)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("What happened, in a few words"))
        self.form = QFormLayout(self)
        self.form.addRow(self.tr("Reason"), self.reasons)
        self.form.addRow(self.tr("Note"), self.note)
        self.warning = QLabel(self.tr("Only under lawful authority: the mayor or a deputy."))
        self.warning.setWordWrap(True)
        self.form.addRow(self.warning)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reasons.currentIndexChanged.connect(self._update)
        self.note.textChanged.connect(self._update)
        self.form.addRow(self.buttons)
        self._update()

    def _update(self) -> None:
        needs = self.reasons.currentData() in NEEDS_NOTE and not self.note.text().strip()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not needs)

    def reason(self) -> tuple[str, str | None]:
        return str(self.reasons.currentData()), self.note.text().strip() or None


class CorrectDialog(ReasonDialog):
    """The corrected fields, then the reason: the new paper replaces the old one."""

    def __init__(self, fields: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(fill(self.tr("Correct no. {number}"), number=fields["number"]))
        self.doc_type = str(fields["type"])
        self.subject, self.born, self.place, self.detail = (
            QLineEdit(str(fields.get(name) or ""))
            for name in ("subject", "born", "place", "detail")
        )
        for row, (label, edit) in enumerate(
            (
                (self.tr("Full name"), self.subject),
                (self.tr("Born on"), self.born),
                (self.tr("Born at"), self.place),
                (self.tr("Detail"), self.detail),
            )
        ):
            self.form.insertRow(row, label, edit)

    def request(self) -> Request:
        return Request(
            self.doc_type,
            self.subject.text().strip(),
            born=self.born.text().strip() or None,
            place=self.place.text().strip() or None,
            detail=self.detail.text().strip() or None,
        )
