"""The commune's laptops, on the Members screen: the list (`obambu device laptops`), adding one
by USB stick from the first laptop (`obambu device add-laptop`, both trips), and retiring one
(`obambu device retire-laptop`). On the new laptop, its first run asks to join
(`join-laptop`, app/ui/firstrun.py) and this box then takes the invitation back from the stick
(`accept-laptop`) (docs/ledger.md, "A commune's devices")."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.devices import queries, service
from app.core.devices.queries import Laptop
from app.core.errors import ObambuError
from app.core.node.node import Node
from app.core.safetext import line
from app.sync import intake, laptop_invite
from app.sync.export import export
from app.ui import confirm, failure, files
from app.ui.operations import CollectionOp, LongOp, QueryOp
from app.ui.plain import fill
from app.ui.worker import Worker


@dataclass(frozen=True)
class Laptops:
    laptops: tuple[Laptop, ...]
    waiting: str | None  # this laptop asked to join this commune, and waits for its invitation


def gather(node: Node) -> Laptops:
    with node.overlay():
        waiting = laptop_invite.waiting(node)
        if waiting is not None:
            return Laptops((), waiting)
        return Laptops(tuple(queries.laptops(node)), None)


def add_by_stick(node: Node, stick: Path) -> list[str] | None:
    """What `obambu device add-laptop` does: the offer on the stick (None), or, once the new
    laptop's request is on it, the laptops added, invited, and the stick given what they lack
    (their names)."""
    laptop_invite.need_first_laptop(node)
    requests, refused = laptop_invite.read_requests(node, stick)
    if not requests:
        if refused:
            raise ObambuError(
                "The laptop request on this stick is damaged or forged. Write it again on the "
                "new laptop.",
                code="damaged_laptop_request",
            )
        laptop_invite.write_offer(node, stick)
        return None
    added = set(laptop_invite.add(node, stick, requests))
    export(node, stick)
    return [r.name for r in requests if r.laptop in added]


def join_by_stick(node: Node, stick: Path) -> int:
    """What `obambu device accept-laptop` does, on the new laptop: the keys its invitation
    carries, the stick, then its place as a laptop of the commune; the new items."""
    laptop_invite.accept(node, stick)
    report = intake.import_(node, stick)
    laptop_invite.take_place(node)
    return report.new


class LaptopsBox(QGroupBox):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("The commune's laptops"))
        self.worker = worker
        self.list = QTreeWidget()
        self.list.setHeaderLabels([self.tr("Laptop"), self.tr("Status")])
        self.list.setRootIsDecorated(False)
        self.list.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.list.currentItemChanged.connect(lambda *_: self._chosen())
        self.add_button = QPushButton(self.tr("Add a laptop…"))
        self.add_button.clicked.connect(self.add)
        self.retire_button = QPushButton(self.tr("Retire…"))
        self.retire_button.clicked.connect(self.retire)
        self.join_button = QPushButton(self.tr("The USB stick is back from the first laptop…"))
        self.join_button.clicked.connect(self.join)
        self.join_button.setVisible(False)
        self.message = QLabel(
            self.tr(
                'To add a laptop: plug the USB stick in here and press "Add a laptop"; then '
                "plug it into the new laptop, and back in here."
            )
        )
        self.message.setWordWrap(True)
        self._failed = failure.into(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.retire_button)
        buttons.addWidget(self.join_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._chosen()

    def refresh(self) -> None:
        QueryOp(self, self.worker, gather, self._show).failure(self._failed).run_in_background()

    def _show(self, found: Laptops) -> None:
        self.list.clear()
        waits = found.waiting is not None
        self.join_button.setVisible(waits)
        self.add_button.setVisible(not waits)
        self.retire_button.setVisible(not waits)
        if found.waiting is not None:
            self.message.setText(
                fill(
                    self.tr(
                        "This laptop asked to join {commune}: its request is on the USB stick. "
                        "When the stick comes back from the commune's first laptop, plug it in "
                        'here and press "The USB stick is back".'
                    ),
                    commune=line(found.waiting),
                )
            )
        for laptop in found.laptops:
            if laptop.retired:
                state = self.tr("retired")
            elif laptop.first:
                state = self.tr("first laptop (it holds the commune's signature key)")
            else:
                state = self.tr("in service")
            if laptop.this:
                state += " — " + self.tr("this laptop")
            item = QTreeWidgetItem([line(laptop.name), state])
            item.setData(0, Qt.ItemDataRole.UserRole, laptop)
            self.list.addTopLevelItem(item)
        self._chosen()

    def _chosen(self) -> Laptop | None:
        item = self.list.currentItem()
        laptop: Laptop | None = None if item is None else item.data(0, Qt.ItemDataRole.UserRole)
        self.retire_button.setEnabled(
            laptop is not None and not laptop.first and not laptop.retired
        )
        return laptop

    def add(self) -> None:
        folder = files.folder(self, self.tr("Choose the USB stick"))
        if folder:
            self.add_from(Path(folder))

    def add_from(self, stick: Path) -> None:
        self.message.setText(self.tr("Writing to the USB stick…"))
        LongOp(
            self, self.worker, lambda node, _progress: add_by_stick(node, stick), self._added
        ).failure(self._failed).run_in_background()

    def _added(self, names: list[str] | None) -> None:
        if names is None:
            said = self.tr(
                "The offer is on the USB stick. Plug it into the new laptop and, at its first "
                'start, choose "A further laptop of a commune"; then plug the stick back in '
                'here and press "Add a laptop" again.'
            )
        elif not names:
            said = self.tr("No new laptop asked on this USB stick: nothing was added.")
        else:
            said = fill(
                self.tr(
                    "{names} added. Plug the USB stick into the new laptop and press "
                    '"The USB stick is back from the first laptop" there.'
                ),
                names=", ".join(line(n) for n in names),
            )
        self._then(said)

    def join(self) -> None:
        folder = files.folder(self, self.tr("Choose the USB stick"))
        if folder:
            self.join_from(Path(folder))

    def join_from(self, stick: Path) -> None:
        """On the new laptop: its invitation and the stick; then it writes its own feed."""
        self.message.setText(self.tr("Reading the USB stick…"))
        LongOp(
            self,
            self.worker,
            lambda node, _progress: join_by_stick(node, stick),
            lambda _new: self._then(self.tr("This laptop is now one of the commune's laptops.")),
        ).failure(self._failed).run_in_background()

    def retire(self) -> None:
        laptop = self._chosen()
        if laptop is None or laptop.first or laptop.retired:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Retire a laptop"), self.tr("Why (for example: lost, stolen, replaced)")
        )
        if not ok:
            return
        name = line(laptop.name)
        if not confirm.ask(
            self,
            self.tr("Retire a laptop"),
            fill(
                self.tr(
                    "Retire {name}? What it signed until now stands; what it signs after is "
                    "refused by every commune."
                ),
                name=name,
            ),
            fill(self.tr("Retire {name}"), name=name),
        ):
            return
        target, why = laptop.id, reason.strip()
        self.message.setText(self.tr("Working…"))
        CollectionOp(
            self,
            self.worker,
            lambda node: self._retire(node, target, why),
            lambda _r: self._then(fill(self.tr("{name} is retired."), name=name)),
        ).failure(self._failed).run_in_background()

    @staticmethod
    def _retire(node: Node, laptop: bytes, reason: str) -> bytes:
        service.need_first_laptop(node, "A laptop is retired there.")
        return service.retire(node, laptop, reason)

    def _then(self, said: str) -> None:
        """Said once the refreshed list is on screen."""

        def shown(found: Laptops) -> None:
            self._show(found)
            self.message.setText(said)

        QueryOp(self, self.worker, gather, shown).failure(self._failed).run_in_background()
