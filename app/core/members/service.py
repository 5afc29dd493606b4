"""Keys and epochs: what a mayor does when a laptop may have been copied or was lost, and when
a new commune asks to join. These go out at once: the node seals them without waiting, and they
travel first (ledger/registry.py lists them as governance)."""

from __future__ import annotations

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
