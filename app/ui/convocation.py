"""What the secretary records around a convocation: each member's receipt, and the proxies
members give each other before the sitting (CGCT L2121-20)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from app.core.council.queries import Member
from app.core.safetext import line


def _members(box: QComboBox, members: tuple[Member, ...]) -> None:
    for member in members:
        box.addItem(line(member.name), member.id)


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class ReceiptDialog(QDialog):
    """How and when one member received the convocation, as the receipt says."""

    def __init__(
        self, members: tuple[Member, ...], missing: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Convocation received"))
        self.member = QComboBox()
        _members(self.member, members)
        if missing:  # start with someone whose receipt is still to be recorded
            self.member.setCurrentIndex(self.member.findData(missing[0]))
        self.means = QComboBox()
        self.means.addItem(self.tr("handed over"), "hand")
        self.means.addItem(self.tr("left at home"), "home")
        self.means.addItem(self.tr("by e-mail"), "email")
        self.means.addItem(self.tr("by post"), "post")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Councillor"), self.member)
        form.addRow(self.tr("Received"), self.means)
        form.addRow(self.tr("On"), self.date)
        form.addRow(_buttons(self))

    def values(self) -> tuple[str, str, date]:
        """The member, how they received it, and when."""
        on = self.date.date().toPython()
        assert isinstance(on, date)
        return str(self.member.currentData()), str(self.means.currentData()), on


class ProxyDialog(QDialog):
    """A written proxy: who gives it, to whom, for which sittings (three at most, L2121-20)."""

    def __init__(
        self, members: tuple[Member, ...], number: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Proxy"))
        self.mandant = QComboBox()
        _members(self.mandant, members)
        self.holder = QComboBox()
        _members(self.holder, members)
        self.holder.setCurrentIndex(min(1, len(members) - 1))
        self.first = QSpinBox()
        self.last = QSpinBox()
        for spin in (self.first, self.last):
            spin.setRange(1, 9999)
            spin.setValue(number)
        self.illness = QCheckBox(self.tr("illness, certified"))
        form = QFormLayout(self)
        form.addRow(self.tr("Given by"), self.mandant)
        form.addRow(self.tr("To"), self.holder)
        form.addRow(self.tr("From sitting no."), self.first)
        form.addRow(self.tr("To sitting no."), self.last)
        form.addRow("", self.illness)
        form.addRow(_buttons(self))

    def values(self) -> tuple[str, str, int, int, bool]:
        """Who gives it, to whom, the first and last sitting it covers, and whether for illness."""
        return (
            str(self.mandant.currentData()),
            str(self.holder.currentData()),
            self.first.value(),
            self.last.value(),
            self.illness.isChecked(),
        )
