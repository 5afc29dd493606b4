"""What the network screen reads: the members of every commune, and the epochs proposed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.encoding import cbor
from app.core.ledger import incarnation
from app.core.ledger.ledger import threshold
from app.core.ledger.objects import Authority
from app.core.ledger.txtypes import Role
from app.core.members import powers
from app.core.node.node import REKEY_KID, Node


@dataclass(frozen=True)
class Member:
    """A member, or a commune's town hall (role "node"), with the key it signs with."""

    id: bytes
    name: str
    role: str
    commune: str
    ours: bool  # of this laptop's commune
    active: bool
    kid: bytes
    revoked: bool  # its key was revoked


@dataclass(frozen=True)
class Proposal:
    """A next epoch proposed and not yet reached, with the approvals it has gathered."""

    id: bytes
    epoch: int
    by: str
    approvals: int
    needed: int
    mine: bool  # this laptop's commune approved it
    rekeyed: tuple[str, ...] = ()  # the communes it gives a new node key (a stolen or lost laptop)
    admitted: tuple[str, ...] = ()  # the communes it admits to the network


@dataclass(frozen=True)
class Network:
    members: tuple[Member, ...]
    proposals: tuple[Proposal, ...]
    epoch: int
    member: bytes | None  # the member acting on this laptop, None before there is one
    # This laptop asked for its commune's new node key, not approved yet, and the code that
    # carries it (what `obambu rekey request` prints).
    rekey_waiting: bool = False
    rekey_code: str = ""
    # Rebuilt from paper or a backup file, now or once: only such a laptop is offered to ask
    # for a new key, since asking stops this laptop signing until the communes approve.
    restored: bool = False


def network(node: Node) -> Network:
    """The members (by commune, town hall first) and the proposals for later epochs."""
    names = {bytes(i): str(n) for i, n in node.store.all("SELECT id, name FROM actors")}
    members = tuple(
        Member(
            id=bytes(r[0]),
            name=r[1],
            role=r[2],
            commune=names.get(bytes(r[3]), "?"),
            ours=bytes(r[3]) == node.commune,
            active=bool(r[4]),
            kid=bytes(r[5]),
            revoked=bool(r[6]),
        )
        for r in node.store.all(
            "SELECT a.id, a.name, a.role, a.commune, a.active, a.kid, "
            "coalesce(k.revoked, 0) FROM actors a LEFT JOIN keys k ON k.kid = a.kid "
            "ORDER BY a.commune, a.role != 'node', a.name"
        )
    )
    epoch = node.ledger.current_epoch()
    authorities = node.ledger.authorities(epoch)
    proposals = []
    for pid, target, author in node.store.all(
        "SELECT id, epoch, author FROM proposals WHERE epoch > ? ORDER BY epoch, id", (epoch,)
    ):
        approvals = {
            bytes(c)
            for (c,) in node.store.all("SELECT commune FROM approvals WHERE proposal = ?", (pid,))
        }
        proposals.append(
            Proposal(
                id=bytes(pid),
                epoch=target,
                by=names.get(bytes(author), "?"),
                approvals=len(approvals & authorities),
                needed=threshold(len(authorities)),
                mine=node.commune in approvals,
                rekeyed=tuple(
                    names.get(bytes(c), "?")
                    for (c,) in node.store.all(
                        "SELECT commune FROM rekeys WHERE proposal = ? ORDER BY commune", (pid,)
                    )
                ),
                admitted=_admitted(node, bytes(pid), names),
            )
        )
    asked = node.store.meta(REKEY_KID)
    current = node.store.value("SELECT kid FROM actors WHERE id = ?", (node.commune,))
    waiting = asked is not None and current is not None and asked != current
    code = ""
    if waiting:
        newest = node.keyring.identity(node.commune)
        if newest.current.kid == asked:  # as members.service.request_rekey gives it again
            code = (node.commune + newest.current.public_key + newest.next_digest).hex()
    return Network(
        members,
        tuple(proposals),
        epoch,
        node.store.meta("member"),
        rekey_waiting=waiting,
        rekey_code=code,
        restored=bool(
            node.store.counter(incarnation.RESTORING) or node.store.counter(incarnation.INCARNATION)
        ),
    )


def _admitted(node: Node, proposal: bytes, known: dict[bytes, str]) -> tuple[str, ...]:
    """The communes a proposal lists among its authorities that are not in the network yet."""
    body: Any = cbor.decode(
        node.store.value("SELECT body FROM proposals WHERE id = ?", (proposal,))
    )
    listed = [Authority.from_cbor(item) for item in body["authorities"]]
    return tuple(a.name for a in listed if a.commune not in known)


def name(node: Node, actor: bytes) -> str:
    """A member's or a commune's name as the ledger knows it, "?" for one it does not know."""
    return str(node.store.value("SELECT name FROM actors WHERE id = ?", (actor,), "?"))


def public_key(node: Node, kid: bytes) -> bytes | None:
    """The public key a signature's key id names, if the ledger knows it."""
    value = node.store.value("SELECT pk FROM keys WHERE kid = ?", (kid,))
    return None if value is None else bytes(value)


ROLES = Role.NEW_ROLES  # what a person may be given, in this order on the screens
DEPUTY = Role.DEPUTY  # the one role that carries delegations


@dataclass(frozen=True)
class Person:
    """A person of this laptop's commune, as the Members screen and `obambu member list` show."""

    id: bytes
    name: str
    commune: str
    ours: bool  # of this laptop's commune
    role: str  # "clerk" (the secretary's former name) is read as "secretary"
    delegations: tuple[str, ...]
    suspended: bool
    active: bool  # False once removed
    acting: bool  # the member who signs on this laptop now
    here: bool  # their keys are on this laptop
    locked: bool = False  # here, sealed under their PIN, and not typed in this session


def people(node: Node, everyone: bool = False) -> tuple[Person, ...]:
    """This commune's members (every commune's with `everyone`, ours first), pending changes
    included: the mayor, deputies, the secretary, councillors, technicians, the removed last."""
    acting = node.acting or node.store.meta("member")
    with node.overlay():
        rows = node.store.all(
            "SELECT a.id, a.name, c.name, a.commune, a.role, a.delegations, a.suspended, "
            "a.active, EXISTS (SELECT 1 FROM keyring k WHERE k.actor = a.id) "
            "FROM actors a JOIN actors c ON c.id = a.commune "
            "WHERE a.id != a.commune AND (? OR a.commune = ?) "
            "ORDER BY a.commune != ?, c.name, a.active DESC, CASE a.role WHEN 'mayor' THEN 0 "
            "WHEN 'deputy' THEN 1 WHEN 'secretary' THEN 2 WHEN 'clerk' THEN 2 "
            "WHEN 'councillor' THEN 3 ELSE 4 END, a.name",
            (int(everyone), node.commune, node.commune),
        )
    return tuple(
        Person(
            id=bytes(r[0]),
            name=str(r[1]),
            commune=str(r[2]),
            ours=bytes(r[3]) == node.commune,
            role=Role.SECRETARY if r[4] == Role.CLERK else str(r[4]),
            delegations=tuple(d for d in str(r[5]).split(",") if d),
            suspended=bool(r[6]),
            active=bool(r[7]),
            acting=acting == bytes(r[0]),
            here=bool(r[8]),
            locked=bool(r[8]) and not node.keyring.is_unlocked(bytes(r[0])),
        )
        for r in rows
    )


def delegations() -> dict[str, str]:
    """The delegations a mayor may give a deputy, with their names in the law's language."""
    return powers.delegations()


def who_may(node: Node, power: str) -> tuple[Person, ...]:
    """The people of this commune who hold `power` (their role, or a deputy's delegation) and
    whose key is on this laptop, neither suspended nor removed: those who may sign a change
    the person acting may not make (the window offers them, app/ui/operations.py)."""
    return tuple(
        p
        for p in people(node)
        if p.ours
        and p.here
        and p.active
        and not p.suspended
        and powers.holds(p.role, p.delegations, power)
    )
