"""`obambu audit replica`: the whole profile checked from its genesis. Only the raw signed
blocks are read from it; every one is verified again into a fresh ledger (replay.py), and the
feed heads that replay reaches must be the ones this profile shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.audit.replay import replay
from app.core.errors import NotFound, Rejected
from app.core.node.node import Node


@dataclass(frozen=True)
class Replica:
    network_id: str
    blocks: int
    heads: dict[str, str]  # author id (hex) → id of its latest block (hex)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def heads(store: Any) -> dict[str, str]:
    return {
        bytes(a).hex(): bytes(h).hex()
        for a, h in store.all("SELECT author, head_id FROM feeds ORDER BY author")
    }


def blocks(node: Node) -> list[dict[str, Any]]:
    """Every block this profile holds, by feed then seq: what `obambu object list` shows."""
    rows = node.store.all("SELECT id, author, seq, epoch FROM blocks ORDER BY author, seq")
    return [
        {"id": bytes(i).hex(), "author": bytes(a).hex(), "seq": s, "epoch": e}
        for i, a, s, e in rows
    ]


def check(node: Node) -> Replica:
    genesis = node.store.meta("genesis")
    if genesis is None:
        raise NotFound("This profile has no genesis.")
    blocks = [bytes(d) for (d,) in node.store.all("SELECT data FROM blocks ORDER BY seq")]
    with replay(genesis, blocks) as done:
        found = heads(done.ledger.store)
        if found != heads(node.store) or done.blocks != len(blocks):
            raise Rejected(
                "audit_replica_differs",
                "Verified again from the genesis, the blocks do not lead to the heads this "
                "profile shows: its database was changed outside the program.",
            )
        return Replica(done.network_id.hex(), done.blocks, found)
