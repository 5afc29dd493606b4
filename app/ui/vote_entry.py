"""The secretary's entry of one item, as it happens in the room.

Who is present changes between items (members arrive late, leave, or step out because they are
interested in the affair), so the room is entered for each item, starting from the previous
item's. The vote is entered member by member (show of hands with names, roll call), as totals
(show of hands counted, or the count of a secret ballot, whose secrecy forbids names), or not
at all when the council only takes note. The rules run in the ledger; this dialog only shows
the quorum as the secretary ticks, so a missing quorum is seen before signing.
"""

from __future__ import annotations

from typing import Any

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

from app.core.council import council
from app.core.council.ruleprofile import load

CHOICES = tuple(c.value for c in council.Choice)


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
        self,
        sitting: dict[str, Any],
        proxies: list[dict[str, Any]],
        present_before: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Enter the vote"))
        self.members: list[list[str]] = sitting["members"]
        self.profile = load(str(sitting["profile"]))
        self.number = int(sitting["number"])
        self.president = str(sitting["president"])
        self.proxies = [p for p in proxies if int(p["first"]) <= self.number <= int(p["last"])]
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
        room = self._room(present_before)
        ballots = QGroupBox(self.tr("Votes cast under a proxy"))
        self.proxy_box = ballots
        proxy_grid = QGridLayout(ballots)
        names = {m[0]: m[1] for m in self.members}
        for row, proxy in enumerate(self.proxies):
            label = self.tr("%1 for %2").replace("%1", names.get(proxy["holder"], "?"))
            proxy_grid.addWidget(
                QLabel(label.replace("%2", names.get(proxy["mandant"], "?"))), row, 0
            )
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
        self._update()

    def _room(self, present_before: list[str] | None) -> QScrollArea:
        grid = QGridLayout()
        headers = (
            self.tr("Councillor"),
            self.tr("Present"),
            self.tr("Interested, left the room"),
            self.tr("Vote"),
        )
        for column, text in enumerate(headers):
            grid.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        for row, (member_id, name, _born) in enumerate(self.members, start=1):
            present = QCheckBox()
            present.setChecked(present_before is None or member_id in present_before)
            present.setAccessibleName(self.tr("%1 is present").replace("%1", name))
            interested = QCheckBox()
            interested.setAccessibleName(self.tr("%1 is interested").replace("%1", name))
            choice = self._choice_box()
            for box in (present, interested):
                box.toggled.connect(self._update)
            self.present.append(present)
            self.interested.append(interested)
            self.choices.append(choice)
            grid.addWidget(QLabel(name), row, 0)
            grid.addWidget(present, row, 1)
            grid.addWidget(interested, row, 2)
            grid.addWidget(choice, row, 3)
        inner = QWidget()
        inner.setLayout(grid)
        area = QScrollArea()
        area.setWidget(inner)
        area.setWidgetResizable(True)
        area.setMinimumHeight(min(420, 40 + 34 * len(self.members)))
        area.setMinimumWidth(inner.sizeHint().width() + 24)  # no sideways scrolling
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
        present, interested = self._ids(self.present), self._ids(self.interested)
        members = tuple(council.Member(m[0], m[1]) for m in self.members)
        sitting = council.Sitting(self.number, members, self.president)
        check = council.check_quorum(
            self.profile, sitting, council.ItemPresence("", frozenset(present), interested)
        )
        required = self.profile.quorum.required(len(self.members))
        counted = len(present - interested)
        text = (
            self.tr("Quorum: %1 counted, %2 required.")
            if not isinstance(check, council.Breach)
            else self.tr("No quorum: %1 counted, %2 required.")
        )
        self.quorum.setText(text.replace("%1", str(counted)).replace("%2", str(required)))

    def _ids(self, boxes: list[QCheckBox]) -> frozenset[str]:
        pairs = zip(self.members, boxes, strict=True)
        return frozenset(m[0] for m, box in pairs if box.isChecked())

    def values(self) -> dict[str, Any]:
        """The fields of the SITTING_VOTE body that this dialog decides."""
        present = [
            m[0] for m, box in zip(self.members, self.present, strict=True) if box.isChecked()
        ]
        interested = [
            m[0] for m, box in zip(self.members, self.interested, strict=True) if box.isChecked()
        ]
        how = str(self.how.currentData())
        out: dict[str, Any] = {
            "mode": str(self.mode.currentData()),
            "present": present,
            "interested": interested,
            "how": how,
        }
        if how == "ballots":
            out["ballots"] = [
                [m[0], str(choice.currentData()), ""]
                for m, choice in zip(self.members, self.choices, strict=True)
                if m[0] in present and m[0] not in interested
            ] + [
                [p["holder"], str(choice.currentData()), p["mandant"]]
                for p, choice in zip(self.proxies, self.proxy_choices, strict=True)
                if p["holder"] in present
                and p["mandant"] not in present
                and p["holder"] not in interested
                and p["mandant"] not in interested
            ]
        elif how == "totals":
            out["totals"] = [self.totals[value].value() for value in CHOICES]
            if self.casting.currentData() is not None and self.mode.currentData() != "secret":
                out["president_choice"] = str(self.casting.currentData())
        return out
