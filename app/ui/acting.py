"""Who is acting: "You act as …" always in view, "Change person" in two steps (choose the
person, then they type their PIN), and "Lock". The PIN opens that person's key for this session
only (app/core/members/service.act_as); whoever acted before is locked again, and "Lock" closes
the acting person's key until they type their PIN again (service.lock)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.members import queries, service
from app.core.members.queries import Person
from app.core.safetext import line
from app.ui import failure
from app.ui.icons import icon
from app.ui.operations import CollectionOp, QueryOp
from app.ui.plain import fill
from app.ui.worker import Worker


class ActingBar(QWidget):
    """One line at the top of the window: who signs what is done now, and a way to change."""

    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.label = QLabel()
        self.label.setWordWrap(True)  # a refusal said here may be a long sentence
        self.change = QPushButton(self.tr("Change person…"))
        self.change.setIcon(icon("members"))
        self.change.clicked.connect(self.choose)
        # Leaving the laptop for a moment: their key closes, and signing needs their PIN again.
        self.lock_button = QPushButton(self.tr("Lock"))
        self.lock_button.setIcon(icon("lock"))
        self.lock_button.setToolTip(
            self.tr("Close your key: nothing is signed in your name until your PIN is typed again.")
        )
        self.lock_button.clicked.connect(self.lock)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.lock_button)
        layout.addWidget(self.change)
        self.dialog: TakeOver | None = None

    def refresh(self) -> None:
        QueryOp(self, self.worker, queries.people, self._show).quiet().run_in_background()

    def _show(self, people: tuple[Person, ...]) -> None:
        acting = next((p for p in people if p.acting), None)
        if acting is None:
            self.label.setText(self.tr("Nobody acts on this laptop yet: add a member."))
        elif acting.locked:
            self.label.setText(
                fill(
                    self.tr("You act as {name} — locked: change person and type the PIN."),
                    name=line(acting.name),
                )
            )
        else:
            self.label.setText(fill(self.tr("You act as {name}"), name=line(acting.name)))

    def lock(self) -> None:
        """Locks the acting person's key (service.lock); the label then says so."""
        CollectionOp(self, self.worker, service.lock, self._locked).failure(
            failure.into(self.label)
        ).run_in_background()

    def _locked(self, locked: bool) -> None:
        if locked:
            self.refresh()
        else:
            self.label.setText(self.tr("This person has no PIN, so their key cannot be locked."))

    def choose(self) -> None:
        QueryOp(self, self.worker, queries.people, self._open).quiet().run_in_background()

    def _open(self, people: tuple[Person, ...]) -> None:
        here = [p for p in people if p.here and p.active and not p.suspended]
        self.dialog = TakeOver(self.worker, here, self)
        self.dialog.accepted.connect(self.refresh)
        self.dialog.open()


class TakeOver(QDialog):
    """Step 1: who takes over. Step 2: their PIN (nothing to type for someone without one)."""

    def __init__(self, worker: Worker, people: list[Person], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.setWindowTitle(self.tr("Change person"))
        self.person = QComboBox()
        self.person.setAccessibleName(self.tr("Who takes over"))
        for person in people:
            self.person.addItem(line(person.name), person)
        self.pin = QLineEdit()
        self.pin.setAccessibleName(self.tr("PIN"))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(128)
        self.who = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._failed = failure.into(self.message)
        self.steps = QStackedWidget()
        first = QWidget()
        first_layout = QVBoxLayout(first)
        first_layout.addWidget(QLabel(self.tr("Who takes over on this laptop?")))
        first_layout.addWidget(self.person)
        second = QWidget()
        second_layout = QVBoxLayout(second)
        second_layout.addWidget(self.who)
        second_layout.addWidget(self.pin)
        self.steps.addWidget(first)
        self.steps.addWidget(second)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.next_step)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def next_step(self) -> None:
        person: Person | None = self.person.currentData()
        if person is None:
            return
        if self.steps.currentIndex() == 0:
            self.who.setText(fill(self.tr("{name}, type your PIN:"), name=line(person.name)))
            self.steps.setCurrentIndex(1)
            self.pin.setFocus()
            return
        member, pin = person.id, self.pin.text() or None
        self.pin.clear()  # not kept in the widget once sent
        self.message.setText(self.tr("Checking…"))
        CollectionOp(
            self, self.worker, lambda node: service.act_as(node, member, pin), self._done
        ).failure(self._failed).run_in_background()

    def _done(self, _result: object) -> None:
        self.accept()  # the operation told every screen of the change (changes())
