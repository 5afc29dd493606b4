"""What `obambu status` prints and the home screen shows: where this laptop's node stands."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.core.council import queries as council
from app.core.devices import devices
from app.core.forum import queries as forum
from app.core.node import backups
from app.core.node.node import Node
from app.core.votes import queries as votes

COUNTED = ("threads", "posts", "votes", "attestations", "documents")


@dataclass(frozen=True)
class Head:
    """Our latest block and how many authorities are known to hold it."""

    seq: int | None
    known_to: int
    of: int
    final: bool  # two thirds of the authorities hold it


@dataclass(frozen=True)
class Status:
    network_id: str
    commune: str
    commune_id: str
    node_key: str
    epoch: int
    authorities: int
    feeds: dict[str, int]  # author id (hex) → the latest block we hold from them
    feed_names: dict[str, str]  # commune id (hex) → its name
    pending: int  # our transactions not sealed yet
    counts: dict[str, int]
    evidence: int
    waiting: int
    quarantined: int
    my_head: Head
    refused: dict[str, int]  # the rule each quarantined object broke → how many
    # The feed this laptop writes: the commune's id, or a further laptop's own (its key is
    # then node_key, its head my_head; docs/ledger.md, "A commune's devices").
    feed_id: str = ""
    # Author id (hex) → the id of the latest block we hold from them: what `obambu object list`
    # shows and an auditor compares across laptops.
    heads: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FirstSteps:
    """What a commune does once after founding (or joining): each step done or not, read from
    the ledger (members, communes) and from this laptop (the paper backup printed)."""

    members: bool  # someone besides the mayor is a member of this commune
    communes: bool  # another commune belongs to the network
    paper: bool  # the paper backup of the current node key was printed

    @property
    def done(self) -> bool:
        return self.members and self.communes and self.paper


def first_steps(node: Node) -> FirstSteps:
    store = node.store
    with node.overlay():  # a member just added counts before its block is sealed
        people = store.value(
            "SELECT count(*) FROM actors WHERE commune = ? AND id != commune AND active",
            (node.commune,),
        )
        communes = store.value(
            "SELECT count(*) FROM actors WHERE id = commune AND id != ?", (node.commune,)
        )
    return FirstSteps(
        members=int(people) > 1, communes=int(communes) > 0, paper=backups.paper_printed(node)
    )


@dataclass(frozen=True)
class Home:
    """Everything the home screen shows from the node, read in one go."""

    status: Status
    awaiting: int  # open votes without a ballot from this laptop's member
    unread: int  # forum threads with messages not read here
    relays: list[dict[str, Any]]  # radio relays with their latest link report
    coming: tuple[tuple[int, str], ...] = ()  # this commune's sittings today or later: number, day
    steps: FirstSteps | None = None


def status(node: Node) -> Status:
    store = node.store
    names: dict[bytes, str] = dict(store.all("SELECT id, name FROM actors WHERE id = commune"))
    feeds = {bytes(a).hex(): s for a, s in store.all("SELECT author, head_seq FROM feeds")}
    me = node.feed
    head = store.value("SELECT head_seq FROM feeds WHERE author = ?", (me,))
    known, total = node.ledger.confirmations(me, head) if head is not None else (0, 0)
    return Status(
        network_id=node.network_id.hex(),
        commune=commune_name(node),
        commune_id=node.commune.hex(),
        node_key=node.keyring.identity(me).current.public_key.hex(),
        epoch=node.ledger.current_epoch(),
        authorities=len(node.ledger.authorities(node.ledger.current_epoch())),
        feeds=dict(sorted(feeds.items())),
        feed_names={bytes(a).hex(): n for a, n in names.items()},
        pending=node.pending_count(),
        counts={name: store.counter(name) for name in COUNTED},
        evidence=int(store.value("SELECT count(*) FROM evidence")),
        waiting=int(store.value("SELECT count(*) FROM waiting")),
        quarantined=int(store.value("SELECT count(*) FROM quarantine")),
        my_head=Head(head, known, total, total > 0 and 3 * known >= 2 * total),
        refused=dict(store.all("SELECT reason, count(*) FROM quarantine GROUP BY reason")),
        feed_id=me.hex(),
        heads={
            bytes(a).hex(): bytes(h).hex()
            for a, h in store.all("SELECT author, head_id FROM feeds ORDER BY author")
        },
    )


def home(node: Node) -> Home:
    return Home(
        status=status(node),
        awaiting=awaiting_ballots(node),
        unread=forum.unread_threads(node),
        relays=devices.latest(node.store),
        coming=coming_sittings(node),
        steps=first_steps(node),
    )


def coming_sittings(node: Node) -> tuple[tuple[int, str], ...]:
    """This commune's council sittings dated today or later, the nearest first."""
    today = date.today().isoformat()
    found = [(s.date, s.number) for s in council.sittings(node) if s.date >= today]
    return tuple((number, day) for day, number in sorted(found))


def awaiting_ballots(node: Node) -> int:
    """Open votes this laptop's member has not voted in (all of them before a member exists)."""
    return sum(not v.closed and not v.voted for v in votes.votes(node))


def commune_name(node: Node) -> str:
    return (node.store.meta("commune_name") or b"").decode()
