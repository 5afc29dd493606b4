"""Network and signatures: who has received our news and when, the communes and their members,
proposals waiting for approval (one click), changing my signing key, revoking a lost one, and
writing an encrypted backup. What only a technician needs (epochs, key ids, what each laptop
holds) is in the "Details" panel, collapsed until asked for (docs/glossaire.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.members import queries, service
from app.core.members.queries import Member, Network, Proposal
from app.core.node import backups
from app.core.node.node import Node
from app.core.safetext import line
from app.sync import health, invite
from app.sync.export import export
from app.sync.health import News, Reach
from app.ui import confirm, failure, files, formats
from app.ui.empty import EmptyState
from app.ui.flow import FlowLayout
from app.ui.operations import CollectionOp, LongOp, QueryOp
from app.ui.paper import offer_paper, paper_text
from app.ui.plain import fill, rich
from app.ui.worker import Worker


@dataclass(frozen=True)
class Shown:
    """Everything the page shows, read in one go on the worker thread."""

    network: Network
    news: tuple[News, ...]  # each laptop heard from, as its beacons say (the Details)
    reach: Reach  # what each commune has of ours, and what no one has yet: home's count too


def gather(node: Node) -> Shown:
    with node.overlay():
        network = queries.network(node)
    # Outside the preview: there, pending items count as a block already written.
    return Shown(network, health.news(node), health.reach(node))


class NetworkDetails(QWidget):
    """The technician's view of the network: the epoch in force, every key's id, and what each
    laptop holds as its latest beacon says. Its own translation context, so the glossary's test
    lets it use the technical words (tests/test_glossary.py)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.epoch = QLabel()
        self.keys = QTreeWidget()
        self.keys.setHeaderLabels(
            [self.tr("Name"), self.tr("Commune"), self.tr("Key id"), self.tr("Key state")]
        )
        self.keys.setRootIsDecorated(False)
        self.keys.setAccessibleName(self.tr("Signing keys of the members"))
        self.keys.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.proposals = QTreeWidget()
        self.proposals.setHeaderLabels([self.tr("Epoch proposed"), self.tr("Proposed by")])
        self.proposals.setAccessibleName(self.tr("Epochs proposed"))
        self.proposals.setRootIsDecorated(False)
        self.heads = QTreeWidget()
        self.heads.setHeaderLabels(
            [self.tr("Laptop"), self.tr("Last beacon"), self.tr("Blocks behind"), self.tr("Heads")]
        )
        self.heads.setRootIsDecorated(False)
        self.heads.setAccessibleName(self.tr("What each laptop holds"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.epoch)
        layout.addWidget(self.keys)
        layout.addWidget(self.proposals)
        layout.addWidget(self.heads)

    def show_data(self, shown: Shown) -> None:
        data = shown.network
        self.epoch.setText(fill(self.tr("Current epoch: {epoch}"), epoch=str(data.epoch)))
        self.keys.clear()
        for member in data.members:
            state = self.tr("revoked") if member.revoked else self.tr("in force")
            QTreeWidgetItem(
                self.keys, [line(member.name), line(member.commune), member.kid.hex(), state]
            )
        self.proposals.clear()
        for proposal in data.proposals:
            QTreeWidgetItem(self.proposals, [str(proposal.epoch), line(proposal.by)])
        self.heads.clear()
        for news in shown.news:
            QTreeWidgetItem(
                self.heads,
                [line(news.commune), formats.datetime(news.heard), str(news.behind), news.heads],
            )


class NetworkPage(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.data: Network | None = None
        self.news = QTreeWidget()  # who has received our news, and when
        self.news.setAccessibleName(self.tr("Your news in the other communes"))
        self.news.setHeaderLabels(
            [self.tr("Commune"), self.tr("Has received your news"), self.tr("Last news from it")]
        )
        self.news.setRootIsDecorated(False)
        self.news.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Its last column too, not squeezed to what is left of the width.
        self.news.header().setStretchLastSection(False)
        self.outgoing = QLabel()
        self.outgoing.setWordWrap(True)
        self.members = QTreeWidget()
        self.members.setAccessibleName(self.tr("Communes and members"))
        self.members.setHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Role"),
                self.tr("Commune"),
                self.tr("Status"),
            ]
        )
        self.members.setRootIsDecorated(False)
        self.members.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rotate_button = QPushButton(self.tr("Change my signing key"))
        self.rotate_button.clicked.connect(self.rotate)
        self.revoke_button = QPushButton(self.tr("Revoke this member's signing key…"))
        self.revoke_button.clicked.connect(self.revoke)
        self.backup_button = QPushButton(self.tr("Write an encrypted backup…"))
        self.backup_button.clicked.connect(self.backup)
        self.message = QLabel()
        self._failed = failure.into(self.message)
        self.paper_button = QPushButton(self.tr("Paper backup…"))
        self.paper_button.clicked.connect(
            lambda: QueryOp(self, self.worker, paper_text, self._show_paper)
            .failure(self._failed)
            .run_in_background()
        )
        self.proposals = QTreeWidget()
        self.proposals.setAccessibleName(self.tr("Proposals waiting for approval"))
        self.proposals.setHeaderLabels(
            [self.tr("Proposal"), self.tr("Proposed by"), self.tr("Approvals")]
        )
        self.proposals.setRootIsDecorated(False)
        self.proposals.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.proposals.currentItemChanged.connect(lambda *_: self._ask())
        self.asked = QLabel()  # the chosen proposal, said as the question it asks
        self.asked.setWordWrap(True)
        self.rekey_box = QGroupBox(self.tr("Laptop stolen or lost"))
        self.request_button = QPushButton(
            self.tr("This laptop replaces the commune's stolen or lost one: ask for its new key")
        )
        self.request_button.clicked.connect(self.request_rekey)
        self.code = QLineEdit()  # the re-key code, to read out on the phone
        self.code.setReadOnly(True)
        self.code.setVisible(False)
        self.rekey_state = QLabel()
        self.rekey_state.setWordWrap(True)
        self.propose_button = QPushButton(self.tr("Propose a commune's new key…"))
        self.propose_button.clicked.connect(self.propose_rekey)
        rekey_layout = QVBoxLayout(self.rekey_box)
        rekey_layout.addWidget(self.request_button)
        rekey_layout.addWidget(self.code)
        rekey_layout.addWidget(self.rekey_state)
        rekey_layout.addWidget(self.propose_button)
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.clicked.connect(self.approve)
        self.invite_button = QPushButton(self.tr("Invite the communes waiting on a USB stick…"))
        self.invite_button.clicked.connect(self.choose_invite)
        # The technician's details, behind a disclosure a mayor need never open.
        self.details = NetworkDetails()
        self.details.setVisible(False)
        self.details_button = QToolButton()
        self.details_button.setText(self.tr("Details"))
        self.details_button.setCheckable(True)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setAccessibleName(self.tr("Show the technical details"))
        self.details_button.toggled.connect(self._disclose)
        self.epoch = self.details.epoch  # the epoch in force, said only in the details
        self.message.setWordWrap(True)
        news_box = QGroupBox(self.tr("Your news in the network"))
        news_layout = QVBoxLayout(news_box)
        news_layout.addWidget(self.outgoing)
        news_layout.addWidget(self.news)
        members_box = QGroupBox(self.tr("Communes and members"))
        members_layout = QVBoxLayout(members_box)
        self.empty = EmptyState(
            self.tr(
                "Your commune is alone in the network so far. A commune that wants to join "
                "installs Obambu and writes its request on a USB stick: bring the stick here."
            ),
            self.tr("Invite the communes waiting on a USB stick…"),
            self.choose_invite,
        )
        members_layout.addWidget(self.empty)
        members_layout.addWidget(self.members)
        keys_row = FlowLayout()  # rows of buttons wrap on a narrow window
        for button in (
            self.rotate_button,
            self.revoke_button,
            self.backup_button,
            self.paper_button,
        ):
            keys_row.addWidget(button)
        members_layout.addLayout(keys_row)
        epochs_box = QGroupBox(self.tr("Proposals to approve"))
        epochs_layout = QVBoxLayout(epochs_box)
        epochs_layout.addWidget(self.proposals)
        epochs_layout.addWidget(self.asked)
        epochs_row = FlowLayout()
        epochs_row.addWidget(self.approve_button)
        epochs_row.addWidget(self.invite_button)
        epochs_layout.addLayout(epochs_row)
        layout = QVBoxLayout(self)
        layout.addWidget(news_box, 1)
        layout.addWidget(members_box, 3)
        layout.addWidget(epochs_box, 1)
        layout.addWidget(self.rekey_box)
        layout.addWidget(self.message)
        layout.addWidget(self.details_button)
        layout.addWidget(self.details, 2)

    def _disclose(self, shown: bool) -> None:
        self.details.setVisible(shown)
        arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        self.details_button.setArrowType(arrow)

    def refresh(self) -> None:
        QueryOp(self, self.worker, gather, self._show).failure(self._failed).run_in_background()

    def _show(self, shown: Shown) -> None:
        data = shown.network
        self.data = data
        self._show_news(shown)
        self.details.show_data(shown)
        roles = {
            "node": self.tr("town hall"),
            "mayor": self.tr("mayor"),
            "deputy": self.tr("deputy"),
            "clerk": self.tr("secretary of the town hall"),
            "secretary": self.tr("secretary of the town hall"),
            "councillor": self.tr("councillor"),
            "technician": self.tr("technician"),
        }
        self.members.clear()
        self.empty.follow(sum(m.role == "node" and not m.ours for m in data.members))
        for member in data.members:
            if member.revoked:
                state = self.tr("signing key revoked")
            elif not member.active:
                state = self.tr("removed")
            else:
                state = self.tr("active")
            item = QTreeWidgetItem(
                [
                    line(member.name),
                    roles.get(member.role, line(member.role)),
                    line(member.commune),
                    state,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, member)
            self.members.addTopLevelItem(item)
        self.proposals.clear()
        for proposal in data.proposals:
            count = f"{proposal.approvals} / {proposal.needed}"
            item = QTreeWidgetItem([self.what(proposal), line(proposal.by), count])
            item.setData(0, Qt.ItemDataRole.UserRole, proposal)
            self.proposals.addTopLevelItem(item)
        first = self.proposals.topLevelItem(0)
        if first is not None:
            self.proposals.setCurrentItem(first)
        self.approve_button.setEnabled(bool(data.proposals))
        self._ask()
        # Asking stops this laptop signing until the communes approve: a healthy laptop's
        # mis-click would leave it unable to sign, so only a restored one is offered it.
        self.request_button.setVisible(data.restored or data.rekey_waiting)
        if data.rekey_waiting:
            self.code.setText(data.rekey_code)
            self.code.setVisible(bool(data.rekey_code))
            self.rekey_state.setText(
                self.tr(
                    "Give this code by phone to a neighbouring commune: it proposes the new key. "
                    "This laptop waits, and signs again once two thirds of the communes approved "
                    "it and a USB stick brought their approvals here."
                )
            )
        else:
            self.code.setVisible(False)
            self.rekey_state.setText("")

    def _show_news(self, shown: Shown) -> None:
        """Who has received our news and when, in the mayor's words: "Bipindi has received your
        news of 12 March"; and how much of ours has reached no one yet."""
        unsent = shown.reach.not_out
        if unsent:
            text = self.tr(
                "Not yet received by any other commune: %n of your items. The next USB stick "
                "takes them.",
                "",
                unsent,
            )
        else:
            text = self.tr("Every one of your items has reached at least one other commune.")
        self.outgoing.setText(text)
        self.news.clear()
        heard = {news.commune: news.heard for news in shown.news}  # a commune's own laptop
        for commune in shown.reach.communes:
            if commune.everything and commune.upto is not None:
                received = fill(
                    self.tr("all of it, up to {date}"),
                    date=formats.date(Date.fromtimestamp(commune.upto)),
                )
            elif commune.everything:
                received = self.tr("all of it")
            elif commune.upto is not None:
                received = fill(
                    self.tr("up to {date}"), date=formats.date(Date.fromtimestamp(commune.upto))
                )
            else:
                received = self.tr("nothing yet")
            last = heard.get(commune.commune)
            QTreeWidgetItem(
                self.news,
                [
                    line(commune.commune),
                    received,
                    "" if last is None else formats.datetime(last),
                ],
            )
        if not shown.reach.communes:
            QTreeWidgetItem(
                self.news,
                [self.tr("No other commune in the network yet."), "", ""],
            )

    def what(self, proposal: Proposal) -> str:
        """A proposal said as what it does: a commune's new key, a commune admitted."""
        if proposal.rekeyed:
            return fill(
                self.tr("{commune} asks for a new commune key (laptop stolen or lost): approve?"),
                commune=", ".join(line(name) for name in proposal.rekeyed),
            )
        if proposal.admitted:
            return fill(
                self.tr("{commune} asks to join the network: admit it?"),
                commune=", ".join(line(name) for name in proposal.admitted),
            )
        return fill(
            self.tr("A change in the list of the communes that approve: approve it?"),
        )

    def _ask(self) -> None:
        item = self.proposals.currentItem()
        if item is None:
            self.asked.setText("")
            return
        proposal: Proposal = item.data(0, Qt.ItemDataRole.UserRole)
        said = fill(
            self.tr("Proposed by {by}. Approvals of communes: {approvals} of the {needed} needed."),
            by=line(proposal.by),
            approvals=str(proposal.approvals),
            needed=str(proposal.needed),
        )
        if proposal.mine:
            said += " " + self.tr("Your commune has approved it.")
        self.asked.setText(self.what(proposal) + "\n" + said)

    def request_rekey(self) -> None:
        """On the commune's new laptop, restored from paper or a backup file: the code of its
        new key, which a neighbouring commune proposes to the network."""
        if not confirm.ask(
            self,
            self.tr("Laptop stolen or lost"),
            self.tr(
                "Was the commune's laptop stolen or lost, and is this laptop restored from its "
                "paper or its backup file? This laptop then asks for a new commune key and signs "
                "nothing until the communes approve it."
            ),
            self.tr("Ask the communes"),
        ):
            return
        self.message.setText(self.tr("Working…"))
        CollectionOp(self, self.worker, service.request_rekey, self._show_code).failure(
            self._failed
        ).run_in_background()

    def _show_code(self, code: str) -> None:
        def shown(data: Shown) -> None:
            self._show(data)
            self.code.setText(code)
            self.code.setVisible(True)
            self.message.setText(self.tr("Read this code out to the neighbouring commune."))

        QueryOp(self, self.worker, gather, shown).failure(self._failed).run_in_background()

    def propose_rekey(self) -> None:
        """On a neighbour's first laptop: the code phoned by the commune that lost its laptop."""
        code, ok = QInputDialog.getText(
            self,
            self.tr("Propose a commune's new key"),
            self.tr("The code the commune's new laptop shows (144 characters)"),
        )
        if not ok or not code.strip():
            return
        text = code.strip()
        self._act(
            lambda node: service.propose_rekey(node, text),
            self.tr(
                "Proposed and approved in your commune's name. A USB stick takes it to the other "
                "communes, which approve it on this screen."
            ),
        )

    def rotate(self) -> None:
        if confirm.ask(
            self,
            self.tr("Change my signing key"),
            self.tr(
                "Sign from now on with the new signing key prepared last time? Do it when a "
                "laptop may have been copied; other communes learn it at the next sync."
            ),
            self.tr("Change my signing key"),
        ):
            self._act(service.rotate_my_key, self.tr("Your signing key was changed."))

    def revoke(self) -> None:
        item = self.members.currentItem()
        if item is None:
            self.message.setText(self.tr("Choose a member of this commune first."))
            return
        member: Member = item.data(0, Qt.ItemDataRole.UserRole)
        if not member.ours or member.role == "node":
            self.message.setText(self.tr("Only a member of this commune can be revoked here."))
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Revoke the signing key"), self.tr("Reason (for example: laptop stolen)")
        )
        if not ok:
            return
        kid, why = member.kid, reason.strip()
        self._act(
            lambda node: service.revoke_key(node, kid, why), self.tr("The signing key was revoked.")
        )

    def approve(self) -> None:
        item = self.proposals.currentItem() or self.proposals.topLevelItem(0)
        if item is None:
            return
        proposal: Proposal = item.data(0, Qt.ItemDataRole.UserRole)
        if not confirm.ask(self, self.tr("Approve"), rich(self.what(proposal)), self.tr("Approve")):
            return
        pid = proposal.id
        self._act(lambda node: service.approve_epoch(node, pid), self.tr("Approved."))

    def _show_paper(self, result: tuple[str, str]) -> None:
        offer_paper(self, self.worker, result)

    def choose_invite(self) -> None:
        folder = files.folder(self, self.tr("Choose the USB stick"))
        if folder:
            self.invite_from(Path(folder))

    def invite_from(self, stick: Path) -> None:
        """Reads the join requests on the stick, asks, then proposes, approves and writes the
        invitations, and the stick gets the proposal so other communes can approve it."""
        requests = invite.read_requests(stick)
        if not requests:
            self.message.setText(self.tr("There is no join request on this stick."))
            return
        names = ", ".join(line(r.name) for r in requests)  # written by whoever made the stick
        if not confirm.ask(
            self,
            self.tr("Invite"),
            rich(
                fill(
                    self.tr(
                        "Invite {names}? A commune new to the network must also be approved by "
                        "the others; "
                        "a commune's laptop rebuilt from paper is simply given the network back."
                    ),
                    names=names,
                )
            ),
            fill(self.tr("Invite {names}"), names=names),
        ):
            return

        def run(node: Node) -> None:
            invite.invite(node, stick, requests)
            export(node, stick)

        self._write(
            run, self.tr("Invitation written. Take the stick to the other communes."), changed=True
        )

    def backup(self) -> None:
        path = files.save_file(self, self.tr("Write the backup to"), "obambu-backup.obk")
        if not path:
            return
        secret, ok = QInputDialog.getText(
            self,
            self.tr("Backup passphrase"),
            self.tr("The profile's passphrase (the backup opens with it)"),
            QLineEdit.EchoMode.Password,
        )
        if not ok or not secret:
            return
        target = Path(path)

        self._write(
            lambda node: backups.write(node, target, secret),
            self.tr("Backup written. Keep it apart from the laptop."),
            changed=False,
        )

    def _act(self, run: Callable[[Node], object], success: str) -> None:
        self.message.setText(self.tr("Working…"))
        CollectionOp(self, self.worker, run, lambda _r: self._done(success)).failure(
            self._failed
        ).run_in_background()

    def _write(self, run: Callable[[Node], object], success: str, changed: bool) -> None:
        """Long file or stick I/O (a backup, an invitation), on a thread of its own; only an
        invitation changes the ledger, so only it tells the other screens."""
        self.message.setText(self.tr("Working…"))
        op = LongOp(
            self, self.worker, lambda node, _progress: run(node), lambda _r: self._done(success)
        ).failure(self._failed)
        if not changed:
            op.quiet()
        op.run_in_background()

    def _done(self, text: str) -> None:
        """Said once the refreshed members and proposals are on screen: whoever reads the
        message then acts on the network as it now is, never on the one before."""

        def shown(data: Shown) -> None:
            self._show(data)
            self.message.setText(text)

        QueryOp(self, self.worker, gather, shown).failure(self._failed).run_in_background()
