"""Small statements a commune's node signs for the sync layer (beacons, segment trailers).

They are not ledger objects: nothing is applied from them. They are believed only when signed
by a node key the ledger knows and has not revoked, so a stick cannot lie about who was there.
"""

from __future__ import annotations

from typing import Any

from app.core.encoding import cbor
from app.core.encoding.cose import CoseError, parse_sign1, sign1, verify_sign1
from app.core.node.node import Node


class Forged(Exception):
    """Not signed by a node key this ledger knows."""


def sign(node: Node, payload: dict[str, Any]) -> bytes:
    key = node.keyring.identity(node.commune).current
    return sign1(cbor.encode(payload), key.signing_key, node.network_id)


def open_signed(node: Node, data: bytes) -> tuple[bytes, dict[str, Any]]:
    """(commune, payload) of a statement by one of the network's nodes."""
    try:
        envelope = parse_sign1(data)
        row = node.store.one(
            "SELECT k.pk, k.actor FROM keys k JOIN actors a ON a.id = k.actor "
            "WHERE k.kid = ? AND k.revoked = 0 AND a.role = 'node'",
            (envelope.kid,),
        )
        if row is None:
            raise Forged("signed by a key that is not a node key of this network")
        verify_sign1(envelope, bytes(row[0]), node.network_id)
        payload: Any = cbor.decode(envelope.payload)
    except (CoseError, cbor.CanonicalError) as exc:
        raise Forged(str(exc)) from exc
    if not isinstance(payload, dict):
        raise Forged("not a map")
    return bytes(row[1]), payload
