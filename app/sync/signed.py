"""Small statements a commune's laptop signs for the sync layer (beacons, segment trailers).

They are not ledger objects: nothing is applied from them. They are believed only when signed
by a key the ledger knows and has not revoked: a commune's node key, or the key of one of its
further laptops in service (docs/ledger.md, "A commune's devices"), so a stick cannot lie about
who was there. Each laptop signs with its own key, for its own feed.
"""

from __future__ import annotations

from typing import Any

from app.core.encoding import cbor
from app.core.encoding.cose import CoseError, parse_sign1, sign1, verify_sign1
from app.core.node.node import Node


class Forged(Exception):
    """Not signed by a node or laptop key this ledger knows."""


# A key that speaks for a feed: a commune's node key, or a laptop's not retired; never a key
# the ledger revoked, nor one an epoch re-keyed (`key_limits`): a thief's laptop still holds
# that key, and its beacons would make a restored laptop wait for blocks refused everywhere.
IN_FORCE = (
    "k.revoked = 0 AND k.kid NOT IN (SELECT kid FROM key_limits) "
    "AND (a.role = 'node' OR (a.role = 'laptop' AND l.retired_seq IS NULL))"
)
FEED_KEYS = (
    "SELECT k.pk, k.actor FROM keys k JOIN actors a ON a.id = k.actor "
    "LEFT JOIN laptops l ON l.id = a.id WHERE k.kid = ? AND " + IN_FORCE
)


def sign(node: Node, payload: dict[str, Any]) -> bytes:
    key = node.keyring.identity(node.feed).current
    return sign1(cbor.encode(payload), key.signing_key, node.network_id)


def open_signed(node: Node, data: bytes) -> tuple[bytes, dict[str, Any]]:
    """(feed, payload) of a statement by one of the network's laptops: the feed is the
    commune's id for its first laptop, the laptop's id for a further one."""
    try:
        envelope = parse_sign1(data)
        row = node.store.one(FEED_KEYS, (envelope.kid,))
        if row is None:
            raise Forged("signed by a key that is not a node key of this network")
        verify_sign1(envelope, bytes(row[0]), node.network_id)
        payload: Any = cbor.decode(envelope.payload)
    except (CoseError, cbor.CanonicalError) as exc:
        raise Forged(str(exc)) from exc
    if not isinstance(payload, dict):
        raise Forged("not a map")
    return bytes(row[1]), payload


def commune_of(node: Node, feed: bytes) -> bytes:
    """The commune a feed writes for: itself, or a laptop's commune."""
    value = node.store.value("SELECT commune FROM actors WHERE id = ?", (feed,))
    return bytes(value) if value is not None else feed


def feed_name(node: Node, feed: bytes) -> str:
    """How a person reads a feed: the commune's name, and a further laptop's name after it."""
    row = node.store.one(
        "SELECT a.name, c.name, a.role FROM actors a LEFT JOIN actors c ON c.id = a.commune "
        "WHERE a.id = ?",
        (feed,),
    )
    if row is None:
        return feed.hex()
    if row[2] == "laptop":
        return f"{row[1] or ''} ({row[0]})"
    return str(row[0])
