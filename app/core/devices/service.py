"""A commune's further laptop, from either side: the new laptop asks, the first one adds it,
the new one takes its place as a feed of the commune (docs/ledger.md, "A commune's devices").

The new laptop is a profile made as usual (its key made with it), that holds the network's
genesis; it never holds the commune's node key, so it can never sign in the commune's feed.
"""

from __future__ import annotations

from typing import Any

from app.core.devices import laptops
from app.core.errors import NotFound, Rejected
from app.core.ledger.txtypes import TxType
from app.core.node.node import FEED, Node


def need_first_laptop(node: Node, why: str = "") -> None:
    """Refuses, on a further laptop, what only the commune's node key signs (adding or retiring
    a laptop, inviting a commune, proposing an epoch, a verifier kit): one sentence of its own,
    not "no key for that member"."""
    if node.feed != node.commune:
        raise Rejected(
            "first_laptop_only",
            "Only the commune's first laptop does this (it holds the commune's node key). "
            + (why or "Run this on it."),
        )


def request(node: Node, commune: bytes, name: str) -> dict[str, Any]:
    """On the new laptop: what the commune's first laptop needs to add it, signed by its key."""
    identity = node.keyring.identity(node.feed)
    message = laptops.proof_of_possession(node.network_id, commune)
    return {
        "laptop": identity.actor,
        "pk": identity.current.public_key,
        "next": identity.next_digest,
        "name": name,
        "pop": identity.current.signing_key.sign(message).signature,
    }


def add(node: Node, asked: dict[str, Any]) -> bytes:
    """On the first laptop: registers the new one, sealed at once for the next stick."""
    tx = node.submit(TxType.LAPTOP_ADD, asked, actor=node.commune, prio=0)
    node.seal()
    return tx


def take_place(node: Node, commune: bytes) -> None:
    """On the new laptop, once its addition arrived: it writes its own feed of `commune`."""
    me = node.feed
    row = node.store.one("SELECT commune FROM laptops WHERE id = ?", (me,))
    if row is None or bytes(row[0]) != commune:
        raise NotFound(
            "This laptop's addition has not arrived yet. Take in a stick from the commune's "
            "first laptop."
        )
    with node.store.transaction():
        node.store.set_meta(FEED, me)
        node.store.set_meta("commune", commune)


def retire(node: Node, laptop: bytes, reason: str) -> bytes:
    """On the first laptop: the laptop's blocks held here stand, it signs nothing after them."""
    head = node.store.one("SELECT head_seq, head_id FROM feeds WHERE author = ?", (laptop,))
    body: dict[str, Any] = {"laptop": laptop, "seq": -1, "reason": reason}
    if head is not None:
        body.update(seq=int(head[0]), head=bytes(head[1]))
    tx = node.submit(TxType.LAPTOP_RETIRE, body, actor=node.commune, prio=0)
    node.seal()
    return tx
