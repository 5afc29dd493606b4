"""What the sittings screen and `obambu sitting …` read: typed views of the council's tables.

Every view is read in the node's overlay, so what the secretary just signed shows at once, even
before its block is sealed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.council import minutes
from app.core.encoding import cbor
from app.core.errors import NotFound
from app.core.ledger.objects import parse_tx
from app.core.ledger.txtypes import Role
from app.core.members import queries as members
from app.core.node.node import Node

CHOICES = minutes.CHOICE_NAMES  # pour, contre, abstention, blanc, nul, nppv: the registre's words


@dataclass(frozen=True)
class Member:
    id: str  # m1, m2…: the convocation's own numbering
    name: str
    born: str  # YYYY-MM-DD, or "" when unknown


@dataclass(frozen=True)
class Item:
    number: int  # from 0, as the ledger counts; people see number + 1
    title: str
    motion: bytes  # SHA-256 of the text put to the vote


@dataclass(frozen=True)
class GivenProxy:
    mandant: str
    holder: str
    first: int
    last: int
    illness: bool

    def covers(self, sitting_number: int) -> bool:
        return self.first <= sitting_number <= self.last


@dataclass(frozen=True)
class Deliberation:
    act: bytes  # the SITTING_VOTE transaction: the act the prefecture receives
    item: int
    adopted: bool
    label: str  # "adopté", "rejeté", "le conseil prend acte"…, as the registre words it
    mode: str  # public, appel_nominal, secret, acte
    totals: tuple[int, ...]  # in the order of CHOICES
    state: str  # adopted | published | transmitted | executory
    present: tuple[str, ...]
    interested: tuple[str, ...]


@dataclass(frozen=True)
class Sitting:
    id: bytes
    number: int
    date: str
    population: int
    profile: str
    president: str
    urgent: bool
    members: tuple[Member, ...]
    items: tuple[Item, ...]
    reconvenes: bytes | None
    deliberations: Mapping[int, Deliberation] = field(default_factory=dict)
    proxies: tuple[GivenProxy, ...] = ()
    receipts: tuple[minutes.Receipt, ...] = ()
    approvals: tuple[minutes.Approval, ...] = ()
    own_ballots: Mapping[int, Mapping[str, str]] = field(default_factory=dict)  # item -> votes

    @property
    def unapproved(self) -> tuple[Member, ...]:
        """The convened members who have not signed the minutes yet."""
        signed = {a.member for a in self.approvals}
        return tuple(m for m in self.members if m.id not in signed)

    @property
    def without_receipt(self) -> tuple[Member, ...]:
        """The convened members whose receipt of the convocation is not recorded yet."""
        got = {r.member for r in self.receipts if r.means is not None}
        return tuple(m for m in self.members if m.id not in got)

    def name(self, member: str) -> str:
        return next((m.name for m in self.members if m.id == member), "?")

    @property
    def open_items(self) -> tuple[Item, ...]:
        """The items not decided yet: what a sitting convened again may take up."""
        return tuple(i for i in self.items if i.number not in self.deliberations)

    @property
    def last_room(self) -> tuple[str, ...] | None:
        """Who was present at the last item voted: where the next item's room starts."""
        if not self.deliberations:
            return None
        return self.deliberations[max(self.deliberations)].present

    @property
    def proxies_in_force(self) -> tuple[GivenProxy, ...]:
        return tuple(p for p in self.proxies if p.covers(self.number))


@dataclass(frozen=True)
class Minutes:
    text: str
    digest: bytes  # what a member signs
    signed_by: tuple[str, ...]  # who signed this exact text
    signed_other: tuple[str, ...]  # who signed an earlier text of them
    approvals: tuple[minutes.Approval, ...] = ()  # each signature; own: the member signed it


@dataclass(frozen=True)
class Signer:
    """A convened member who may sign for themself on this laptop, with their PIN."""

    member: str  # m1, m2…: the convocation's id
    name: str
    person: bytes  # their id in the commune: the key that signs
    receipt: bool  # their receipt of the convocation is still to be recorded
    approval: bool  # they have not signed the minutes yet


def own_signers(node: Node, sitting_id: bytes) -> tuple[Signer, ...]:
    """The convened members who may sign their own receipt or approval of the minutes on this
    laptop, and have one of them left to sign: registered in the commune under the name the
    convocation gives, active, not suspended, their keys here."""
    held = sitting(node, sitting_id)
    people = {
        p.name: p.id
        for p in members.people(node)
        if p.ours and p.active and not p.suspended and p.here and p.role in Role.MEMBER_ROLES
    }
    received = {m.id for m in held.members} - {m.id for m in held.without_receipt}
    approved = {m.id for m in held.members} - {m.id for m in held.unapproved}
    return tuple(
        Signer(m.id, m.name, people[m.name], m.id not in received, m.id not in approved)
        for m in held.members
        if m.name in people and (m.id not in received or m.id not in approved)
    )


def sittings(node: Node) -> list[Sitting]:
    """This commune's sittings, the newest first."""
    with node.overlay():
        return [
            _read(node, bytes(sid), bytes(data))
            for sid, data in node.store.all(
                "SELECT id, body FROM sittings WHERE commune = ? ORDER BY date DESC, rowid DESC",
                (node.commune,),
            )
        ]


def sitting(node: Node, sitting_id: bytes) -> Sitting:
    with node.overlay():
        data = node.store.value("SELECT body FROM sittings WHERE id = ?", (sitting_id,))
        if data is None:
            raise NotFound("There is no such sitting here. Check its number, or sync first.")
        return _read(node, sitting_id, bytes(data))


def minutes_of(node: Node, sitting_id: bytes) -> Minutes:
    with node.overlay():
        text, digest = minutes.minutes(node, sitting_id)
        signed = minutes.approvals_of(node, sitting_id)
    return Minutes(
        text,
        digest,
        tuple(a.name for a in signed if a.digest == digest),
        tuple(a.name for a in signed if a.digest != digest),
        tuple(signed),
    )


def next_round(node: Node, sitting_id: bytes, office: str) -> int:
    """The round an appointment to `office` is at: rounds are entered in order (L2121-21)."""
    with node.overlay():
        done = node.store.value(
            "SELECT max(round) FROM appointments WHERE sitting = ? AND office = ?",
            (sitting_id, office),
        )
    return int(done or 0) + 1


def elected(node: Node, appointment: bytes) -> str | None:
    """The member a round elected, or None when nobody had the majority."""
    with node.overlay():
        found = node.store.value("SELECT elected FROM appointments WHERE id = ?", (appointment,))
    return None if found is None else str(found)


def _read(node: Node, sitting_id: bytes, data: bytes) -> Sitting:
    body: Any = cbor.decode(data)
    reconvenes = body.get("reconvenes")
    return Sitting(
        id=sitting_id,
        number=int(body["number"]),
        date=str(body["date"]),
        population=int(body["population"]),
        profile=str(body["profile"]),
        president=str(body["president"]),
        urgent=bool(body["urgent"]),
        members=tuple(Member(str(m[0]), str(m[1]), str(m[2])) for m in body["members"]),
        items=tuple(
            Item(n, str(item["title"]), bytes(item["motion"]))
            for n, item in enumerate(body["items"])
        ),
        reconvenes=None if reconvenes is None else bytes(reconvenes),
        deliberations=_deliberations(node, sitting_id),
        proxies=tuple(
            GivenProxy(
                str(p["mandant"]),
                str(p["holder"]),
                int(p["first"]),
                int(p["last"]),
                bool(p["illness"]),
            )
            for p in _proxy_bodies(node, sitting_id)
        ),
        receipts=tuple(minutes.convocation_receipts(node, sitting_id)),
        approvals=tuple(minutes.approvals_of(node, sitting_id)),
        own_ballots=minutes.own_ballots(node, sitting_id),
    )


def _deliberations(node: Node, sitting_id: bytes) -> dict[int, Deliberation]:
    out = {}
    for act, item, data in node.store.all(
        "SELECT id, item, outcome FROM deliberations WHERE sitting = ? ORDER BY item",
        (sitting_id,),
    ):
        outcome: Any = cbor.decode(bytes(data))
        entry = parse_tx(node.object(bytes(act))).body  # the room as the secretary entered it
        out[int(item)] = Deliberation(
            act=bytes(act),
            item=int(item),
            adopted=bool(outcome["adopted"]),
            label=str(outcome["label"]),
            mode=str(outcome["mode"]),
            totals=tuple(int(n) for n in outcome["totals"]),
            state=minutes.act_state(node, bytes(act)),
            present=tuple(str(m) for m in entry["present"]),
            interested=tuple(str(m) for m in entry.get("interested", [])),
        )
    return out


def _proxy_bodies(node: Node, sitting_id: bytes) -> list[Any]:
    return [
        cbor.decode(bytes(data))
        for (data,) in node.store.all(
            "SELECT body FROM sitting_proxies WHERE sitting = ? ORDER BY rowid", (sitting_id,)
        )
    ]
