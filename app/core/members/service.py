"""Keys and epochs: what a mayor does when a laptop may have been copied or was lost, and when
a new commune asks to join. These go out at once: the node seals them without waiting, and they
travel first (ledger/registry.py lists them as governance)."""

from __future__ import annotations

from typing import Any

from app.core.errors import NotFound
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node

GOVERNANCE = 0  # the highest priority: who belongs and which keys count come before the rest


def rotate_my_key(node: Node) -> bytes:
    """Moves the member on this laptop to the key committed last time, committing the next."""
    new = node.keyring.identity(node.member).rotated()
    body = {"pk": new.current.public_key, "next": new.next_digest}
    tx = node.submit(TxType.KEY_ROTATE, body)
    node.seal()
    return tx


def revoke_key(node: Node, kid: bytes, reason: str) -> bytes:
    """Revokes, in the commune's name, a key of one of its members (a stolen laptop)."""
    body = {"kid": kid, "reason": reason}
    tx = node.submit(TxType.KEY_REVOKE, body, actor=node.commune, prio=GOVERNANCE)
    node.seal()
    return tx


def approve_epoch(node: Node, proposal: bytes) -> bytes:
    """Approves, in the commune's name, the proposed next epoch."""
    tx = node.submit(
        TxType.EPOCH_APPROVE, {"proposal": proposal}, actor=node.commune, prio=GOVERNANCE
    )
    node.seal()
    return tx


# --- the commune's people: registered, given a role, suspended, removed by the commune's node --


def add_member(node: Node, name: str, role: str, delegations: tuple[str, ...] = ()) -> bytes:
    """Registers a person of this commune, with keys made on this laptop; returns their id."""
    member = node.add_member(name, role, delegations)
    node.seal()
    return member


def change_role(node: Node, member: bytes, role: str, delegations: tuple[str, ...] = ()) -> bytes:
    """Gives a member a new role; a deputy's delegations come with it (and replace the old)."""
    body: dict[str, Any] = {"id": member, "role": role}
    if delegations:
        body["deleg"] = list(delegations)
    return _governance(node, TxType.MEMBER_ROLE, body)


def suspend(node: Node, member: bytes, reason: str = "") -> bytes:
    """Suspends a member: nothing they sign from then on is accepted, until reinstated."""
    return _governance(
        node, TxType.MEMBER_SUSPEND, {"id": member, "suspended": 1, "reason": reason}
    )


def reinstate(node: Node, member: bytes) -> bytes:
    return _governance(node, TxType.MEMBER_SUSPEND, {"id": member, "suspended": 0})


def remove(node: Node, member: bytes) -> bytes:
    """Removes a member for good: what they signed stays valid, they sign nothing more."""
    return _governance(node, TxType.MEMBER_REMOVE, {"id": member})


def act_as(node: Node, member: bytes) -> None:
    """The member who signs on this laptop from now on: one whose keys are on this laptop."""
    node.keyring.identity(member)  # NotFound: their keys are on another laptop
    with node.overlay():
        row = node.store.one("SELECT commune, active FROM actors WHERE id = ?", (member,))
    if row is None or bytes(row[0]) != node.commune or not row[1]:
        raise NotFound("This commune has no such member: choose one from `obambu member list`.")
    node.store.set_meta("member", member)


def _governance(node: Node, kind: TxType, body: dict[str, Any]) -> bytes:
    tx = node.submit(kind, body, actor=node.commune, prio=GOVERNANCE)
    node.seal()
    return tx
