"""This laptop's transport key of a given epoch: what every reader of sticks and beacons asks."""

from __future__ import annotations

import weakref
from typing import Any

from app.core.ledger import transport
from app.core.node.node import Node

# Epoch -> (the store's row it was opened from, the key): a reader asks once a file (a stick of
# N communes: N acks a visit), and opening the sealed box each time was an eighth of a visit's
# work (bench.ack_bytes). A row replaced (a further laptop's invitation again) is opened anew.
_opened: weakref.WeakKeyDictionary[Node, dict[int, tuple[Any, bytes]]] = weakref.WeakKeyDictionary()


def epoch_key(node: Node, epoch: int) -> bytes | None:
    """The key of `epoch` sealed to this laptop, or None when it never was. A commune's first
    laptop holds it under its commune's id; a further laptop under its own feed's, from its
    invitation (app/sync/laptops.py)."""
    row = node.store.one(
        "SELECT kid, sealed FROM transport_keys WHERE epoch = ? AND commune = ?",
        (epoch, node.feed),
    )
    if row is None:
        return None
    kept = _opened.setdefault(node, {})
    hit = kept.get(epoch)
    if hit is not None and hit[0] == row:
        return hit[1]
    key = transport.key_for(node.store, node.keyring, node.feed, epoch)
    if key is not None:
        kept[epoch] = (row, key)
    return key
