"""Members: the commune's people (mayor, deputies with their delegations, councillors, the
secretary, technicians), added, given a role, suspended or reinstated, removed, and given a new
key when they forgot their PIN. Every change is signed by the commune's node key on this laptop,
except the new key, signed by the mayor or deputy acting (app/core/members/service.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.members import queries, service
from app.core.members.queries import Person
from app.core.node.node import Node
from app.core.safetext import line
from app.ui import confirm, failure
from app.ui.empty import EmptyState
from app.ui.flow import FlowLayout
from app.ui.icons import icon
from app.ui.laptops import LaptopsBox
from app.ui.operations import CollectionOp, QueryOp
from app.ui.plain import fill, rich
from app.ui.worker import Worker


class MembersPage(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.roles = {
            "mayor": self.tr("mayor"),
            "deputy": self.tr("deputy"),
            "councillor": self.tr("councillor"),
            "secretary": self.tr("secretary of the town hall"),
            "technician": self.tr("technician"),
        }
        self.delegation_names = {
            "civil_status": self.tr("civil status"),
            "urbanism": self.tr("urbanism"),
            "finances": self.tr("finances"),
            "roads": self.tr("roads"),
            "schools": self.tr("schools"),
        }
        self.list = QTreeWidget()
        self.list.setAccessibleName(self.tr("Members of the commune"))
        self.list.setHeaderLabels(
            [self.tr("Name"), self.tr("Role"), self.tr("Delegations"), self.tr("Status")]
        )
        self.list.setRootIsDecorated(False)
        self.list.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.list.currentItemChanged.connect(lambda *_: self._chosen())
        self.name = QLineEdit()
        self.name.setMaxLength(80)
        self.role = QComboBox()
        for code in queries.ROLES:
            self.role.addItem(self.roles.get(code, code), code)
        self.role.currentIndexChanged.connect(lambda _i: self._deputy_only())
        self.delegations: dict[str, QCheckBox] = {}
        delegation_row = FlowLayout()  # rows wrap on a narrow window
        for code in queries.delegations():
            box = QCheckBox(self.delegation_names.get(code, code))
            self.delegations[code] = box
            delegation_row.addWidget(box)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(128)
        self.pin.setPlaceholderText(self.tr("4 characters or more, typed by the person"))
        self.add_button = QPushButton(self.tr("Add this person"))
        self.add_button.setIcon(icon("add_person"))
        self.add_button.clicked.connect(self.add)
        self.role_button = QPushButton(self.tr("Give the chosen member this role"))
        self.role_button.clicked.connect(self.change_role)
        self.suspend_button = QPushButton(self.tr("Suspend"))
        self.suspend_button.clicked.connect(self.suspend)
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.remove_button.clicked.connect(self.remove)
        # A forgotten PIN: the mayor or a deputy, acting, gives the chosen member a new key
        # under the PIN they type in the form; signed with the acting person's own key.
        self.reissue_button = QPushButton(self.tr("New key (forgotten PIN)"))
        self.reissue_button.clicked.connect(self.reissue)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._failed = failure.into(self.message)

        form_box = QGroupBox(self.tr("A person and their role"))
        form = QFormLayout(form_box)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Delegations (a deputy's)"), delegation_row)
        form.addRow(self.tr("Their PIN"), self.pin)
        buttons = FlowLayout()
        for button in (self.add_button, self.role_button):
            buttons.addWidget(button)
        form.addRow(buttons)
        chosen = FlowLayout()
        for button in (self.suspend_button, self.reissue_button, self.remove_button):
            chosen.addWidget(button)
        layout = QVBoxLayout(self)
        # Right after founding, the mayor is alone: say what to do, and take them to the form.
        self.empty = EmptyState(
            self.tr(
                "Only one member so far. Add the deputies, the secretary and the councillors "
                "with the form below: each types their own PIN."
            ),
            self.tr("Add a person"),
            lambda: self.name.setFocus(),
        )
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 3)
        layout.addLayout(chosen)
        layout.addWidget(form_box)
        layout.addWidget(self.message)
        self.laptops = LaptopsBox(worker)
        layout.addWidget(self.laptops, 1)
        self._deputy_only()
        self._chosen()

    def refresh(self) -> None:
        QueryOp(self, self.worker, queries.people, self._show).failure(
            self._failed
        ).run_in_background()
        self.laptops.refresh()

    def _show(self, people: tuple[Person, ...]) -> None:
        self.list.clear()
        self.empty.follow(sum(p.active for p in people) - 1)
        for person in people:
            if not person.active:
                state = self.tr("removed")
            elif person.suspended:
                state = self.tr("suspended")
            elif person.acting:
                state = self.tr("acting on this laptop")
            else:
                state = self.tr("active")
            item = QTreeWidgetItem(
                [
                    line(person.name),
                    self.roles.get(person.role, line(person.role)),
                    ", ".join(self.delegation_names.get(d, d) for d in person.delegations),
                    state,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, person)
            self.list.addTopLevelItem(item)
        self._chosen()

    def _person(self) -> Person | None:
        item = self.list.currentItem()
        if item is None:
            return None
        person: Person = item.data(0, Qt.ItemDataRole.UserRole)
        return person

    def _chosen(self) -> None:
        person = self._person()
        usable = person is not None and person.active
        self.role_button.setEnabled(usable)
        self.remove_button.setEnabled(usable)
        self.suspend_button.setEnabled(usable)
        self.reissue_button.setEnabled(usable)
        self.suspend_button.setText(
            self.tr("Reinstate") if person is not None and person.suspended else self.tr("Suspend")
        )

    def _deputy_only(self) -> None:
        deputy = self.role.currentData() == queries.DEPUTY
        for box in self.delegations.values():
            box.setEnabled(deputy)

    def _given(self) -> tuple[str, tuple[str, ...]]:
        role = str(self.role.currentData())
        if role != queries.DEPUTY:
            return role, ()
        return role, tuple(code for code, box in self.delegations.items() if box.isChecked())

    def add(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.message.setText(self.tr("Type the person's name first."))
            return
        role, delegations = self._given()
        pin = self.pin.text() or None  # none: whoever opens the profile signs as them
        self.pin.clear()
        self._act(
            lambda node: service.add_member(node, name, role, delegations, pin),
            fill(self.tr("{name} was added."), name=line(name)),
        )
        self.name.clear()

    def change_role(self) -> None:
        person = self._person()
        if person is None:
            return
        role, delegations = self._given()
        member = person.id
        self._act(
            lambda node: service.change_role(node, member, role, delegations),
            fill(self.tr("{name} has a new role."), name=line(person.name)),
        )

    def suspend(self) -> None:
        person = self._person()
        if person is None:
            return
        member = person.id
        if person.suspended:
            self._act(
                lambda node: service.reinstate(node, member),
                fill(self.tr("{name} was reinstated."), name=line(person.name)),
            )
        else:
            self._act(
                lambda node: service.suspend(node, member),
                fill(
                    self.tr("{name} is suspended: nothing they sign is accepted."),
                    name=line(person.name),
                ),
            )

    def reissue(self) -> None:
        """The chosen member forgot their PIN: a new key, opened by the new PIN they type in
        the form. The mayor or a deputy must be the one acting (the rules refuse anyone else)."""
        person = self._person()
        if person is None:
            return
        pin = self.pin.text()
        if not pin:
            self.message.setText(
                fill(
                    self.tr("{name} types their new PIN in the form first."),
                    name=line(person.name),
                )
            )
            self.pin.setFocus()
            return
        self.pin.clear()  # not kept in the widget once sent
        member = person.id
        self._act(
            lambda node: service.reissue(node, member, pin),
            fill(
                self.tr(
                    "{name} has a new key, opened by their new PIN; what they signed stays valid."
                ),
                name=line(person.name),
            ),
        )

    def remove(self) -> None:
        person = self._person()
        if person is None:
            return
        if not confirm.ask(
            self,
            self.tr("Remove a member"),
            rich(
                fill(
                    self.tr(
                        "Remove {name} for good? What they signed stays valid; they can sign "
                        "nothing more."
                    ),
                    name=line(person.name),
                )
            ),
            fill(self.tr("Remove {name}"), name=line(person.name)),
        ):
            return
        member = person.id
        self._act(
            lambda node: service.remove(node, member),
            fill(self.tr("{name} was removed."), name=line(person.name)),
        )

    def _act(self, run: Callable[[Node], object], success: str) -> None:
        self.message.setText(self.tr("Working…"))
        CollectionOp(self, self.worker, run, lambda _r: self._done(success)).failure(
            self._failed
        ).run_in_background()

    def _done(self, text: str) -> None:
        """Said once the refreshed list is on screen, so the next click acts on it."""

        def shown(people: tuple[Person, ...]) -> None:
            self._show(people)
            self.message.setText(text)

        QueryOp(self, self.worker, queries.people, shown).failure(self._failed).run_in_background()
