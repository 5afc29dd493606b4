"""This laptop's transport key of a given epoch: what every reader of sticks and beacons asks."""

from __future__ import annotations

from app.core.ledger import transport
from app.core.node.node import Node


def epoch_key(node: Node, epoch: int) -> bytes | None:
    """The key of `epoch` sealed to this laptop, or None when it never was. A commune's first
    laptop holds it under its commune's id; a further laptop under its own feed's, from its
    invitation (app/sync/laptops.py)."""
    return transport.key_for(node.store, node.keyring, node.feed, epoch)
