"""The secretary's entry of one item, as it happens in the room.

Who is present changes between items (members arrive late, leave, or step out because they are
interested in the affair), so the room is entered for each item, starting from the previous
item's. The vote is entered member by member (show of hands with names, roll call), as totals
(show of hands counted, or the count of a secret ballot, whose secrecy forbids names), or not
at all when the council only takes note. The rules run in the ledger, and who may vote
under a proxy is app/core/council/service.py's to say; this dialog only shows the quorum as the
secretary ticks, so a missing quorum is seen before signing.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.council import queries, service
from app.core.safetext import line
from app.ui import formats
from app.ui.fit import ems, fit_window
from app.ui.plain import fill

CHOICES = queries.CHOICES


def choice_name(value: str) -> str:
    """The choice as the registre names it, in the reader's language."""
    names = {
        "pour": QCoreApplication.translate("VoteEntryDialog", "for"),
        "contre": QCoreApplication.translate("VoteEntryDialog", "against"),
        "abstention": QCoreApplication.translate("VoteEntryDialog", "abstains"),
        "blanc": QCoreApplication.translate("VoteEntryDialog", "blank ballot"),
        "nul": QCoreApplication.translate("VoteEntryDialog", "spoilt ballot"),
        "nppv": QCoreApplication.translate("VoteEntryDialog", "takes no part"),
    }
    return names[value]


class VoteEntryDialog(QDialog):
    """The room, the mode and the votes of one agenda item."""

    def __init__(
        self, sitting: queries.Sitting, parent: QWidget | None = None, item: int | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Enter the vote"))
        self.sitting = sitting
        self.members = sitting.members
        self.proxies = sitting.proxies_in_force
        self.how = QComboBox()
        self.how.addItem(self.tr("each member's vote"), "ballots")
        self.how.addItem(self.tr("totals of the count"), "totals")
        self.how.addItem(self.tr("no vote: the council takes note"), "noted")
        self.mode = QComboBox()
        self.mode.addItem(self.tr("public (show of hands)"), "public")
        self.mode.addItem(self.tr("roll call"), "appel_nominal")
        self.mode.addItem(self.tr("secret ballot"), "secret")
        self.present: list[QCheckBox] = []
        self.interested: list[QCheckBox] = []
        self.choices: list[QComboBox] = []
        self.proxy_choices: list[QComboBox] = []
        self.totals: dict[str, QSpinBox] = {}
        self.casting = QComboBox()
        self.quorum = QLabel()
        room = self._room(sitting.last_room)
        ballots = QGroupBox(self.tr("Votes cast under a proxy"))
        self.proxy_box = ballots
        proxy_grid = QGridLayout(ballots)
        for row, proxy in enumerate(self.proxies):
            label = fill(self.tr("{holder} for {mandant}"), holder=line(sitting.name(proxy.holder)))
            given = QLabel(fill(label, mandant=line(sitting.name(proxy.mandant))))
            given.setWordWrap(True)  # two long names: two lines, not the screen's width
            proxy_grid.addWidget(given, row, 0)
            choice = self._choice_box()
            self.proxy_choices.append(choice)
            proxy_grid.addWidget(choice, row, 1)
        ballots.setVisible(bool(self.proxies))
        self.totals_box = self._totals_box()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Mode"), self.mode)
        form.addRow(self.tr("Entered as"), self.how)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(room)
        layout.addWidget(ballots)
        layout.addWidget(self.totals_box)
        layout.addWidget(self.quorum)
        layout.addWidget(buttons)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.how.currentIndexChanged.connect(self._update)
        self.own = QLabel()
        self.own.setWordWrap(True)
        layout.insertWidget(1, self.own)
        self._signed_by_members(sitting.own_ballots.get(item, {}) if item is not None else {})
        self._update()
        fit_window(self, self.sizeHint().width(), self.sizeHint().height())

    def _signed_by_members(self, signed: Mapping[str, str]) -> None:
        """The ballots members signed themselves on this item: a roll call, each of them
        present and voting as they signed (the ledger refuses any other entry)."""
        self.own.setVisible(bool(signed))
        if not signed:
            return
        self.mode.setCurrentIndex(self.mode.findData("appel_nominal"))
        self.how.setCurrentIndex(self.how.findData("ballots"))
        for n, member in enumerate(self.members):
            if member.id in signed:
                self.present[n].setChecked(True)
                self.interested[n].setChecked(False)
                self.choices[n].setCurrentIndex(self.choices[n].findData(signed[member.id]))
        names = ", ".join(
            f"{line(self.sitting.name(member))} ({choice_name(choice)})"
            for member, choice in signed.items()
        )
        self.own.setText(
            fill(self.tr("Signed by the members themselves, as entered: {names}"), names=names)
        )

    def _room(self, present_before: tuple[str, ...] | None) -> QScrollArea:
        grid = QGridLayout()
        headers = (
            self.tr("Councillor"),
            self.tr("Present"),
            self.tr("Interested, left the room"),
            self.tr("Vote"),
        )
        for column, text in enumerate(headers):
            grid.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        for row, member in enumerate(self.members, start=1):
            name = line(member.name)
            present = QCheckBox()
            present.setChecked(present_before is None or member.id in present_before)
            present.setAccessibleName(fill(self.tr("{name} is present"), name=name))
            interested = QCheckBox()
            interested.setAccessibleName(fill(self.tr("{name} is interested"), name=name))
            choice = self._choice_box()
            for box in (present, interested):
                box.toggled.connect(self._update)
            self.present.append(present)
            self.interested.append(interested)
            self.choices.append(choice)
            named = QLabel(name)
            named.setWordWrap(True)  # a long name takes two lines, not the screen's width
            grid.addWidget(named, row, 0)
            grid.addWidget(present, row, 1)
            grid.addWidget(interested, row, 2)
            grid.addWidget(choice, row, 3)
        inner = QWidget()
        inner.setLayout(grid)
        area = QScrollArea()
        area.setWidget(inner)
        area.setWidgetResizable(True)
        # Every councillor's line when they are few, eight lines' worth when many: it scrolls.
        lines = self.fontMetrics().lineSpacing() * 8
        area.setMinimumHeight(min(inner.sizeHint().height() + 4, lines))
        # No sideways scrolling: as wide as its lines, or their names wrap.
        wide = min(inner.sizeHint().width(), max(inner.minimumSizeHint().width(), ems(self, 80)))
        bar = area.verticalScrollBar().sizeHint().width() + 2 * area.frameWidth()
        area.setMinimumWidth(wide + bar)
        return area

    def _totals_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Totals of the count"))
        form = QFormLayout(box)
        for value in CHOICES:
            spin = QSpinBox()
            spin.setRange(0, 2 * len(self.members))
            spin.valueChanged.connect(self._update)
            self.totals[value] = spin
            form.addRow(choice_name(value), spin)
        self.casting.addItem(self.tr("not needed"), None)
        self.casting.addItem(choice_name("pour"), "pour")
        self.casting.addItem(choice_name("contre"), "contre")
        form.addRow(self.tr("The president voted (on a tie)"), self.casting)
        return box

    def _choice_box(self) -> QComboBox:
        box = QComboBox()
        for value in CHOICES:
            box.addItem(choice_name(value), value)
        return box

    def _mode_changed(self) -> None:
        # A secret ballot is counted, never named: only totals or taking note make sense.
        secret = self.mode.currentData() == "secret"
        if secret and self.how.currentData() == "ballots":
            self.how.setCurrentIndex(self.how.findData("totals"))
        self._update()

    def _update(self) -> None:
        how = self.how.currentData()
        for n, choice in enumerate(self.choices):
            choice.setVisible(how == "ballots")
            choice.setEnabled(self.present[n].isChecked() and not self.interested[n].isChecked())
        self.proxy_box.setVisible(how == "ballots" and bool(self.proxies))
        self.totals_box.setVisible(how == "totals")
        self.casting.setEnabled(self.mode.currentData() != "secret")
        quorum = service.quorum(self.sitting, self._ids(self.present), self._ids(self.interested))
        text = (
            self.tr(
                "Quorum reached: %n member(s) counted, {required} required.", "", quorum.counted
            )
            if quorum.met
            else self.tr(
                "No quorum: %n member(s) counted, {required} required.", "", quorum.counted
            )
        )
        self.quorum.setText(fill(text, required=formats.number(quorum.required)))

    def _ids(self, boxes: list[QCheckBox]) -> list[str]:
        pairs = zip(self.members, boxes, strict=True)
        return [m.id for m, box in pairs if box.isChecked()]

    def entry(self) -> service.VoteEntry:
        """What the secretary entered; which proxy ballots count is the service's to decide."""
        how = str(self.how.currentData())
        casting = self.casting.currentData()
        if self.mode.currentData() == "secret" or casting is None:
            casting = None  # a secret ballot has no casting vote (L2121-20)
        present, interested = self._ids(self.present), self._ids(self.interested)
        usable = service.proxies_voting(self.sitting, present, interested)
        return service.VoteEntry(
            mode=str(self.mode.currentData()),
            present=present,
            interested=interested,
            how=how,
            choices={
                m.id: str(box.currentData())
                for m, box in zip(self.members, self.choices, strict=True)
                if box.isEnabled()  # present and not interested
            }
            if how == "ballots"
            else {},
            proxy_choices={
                p.mandant: str(box.currentData())
                for p, box in zip(self.proxies, self.proxy_choices, strict=True)
                if p in usable
            }
            if how == "ballots"
            else {},
            totals=[self.totals[value].value() for value in CHOICES] if how == "totals" else [],
            president_choice=None if casting is None else str(casting),
        )
