"""`obambu audit replica`: the whole profile checked from its genesis. Only the raw signed
blocks are read from it; every one is verified again into a fresh ledger (replay.py), and the
feed heads that replay reaches must be the ones this profile shows.

What the profile holds outside its ledger is said beside, not checked: the blocks that wait for a
block they build on (the table `waiting`: a stick or a session brought a block without its
parent), and the objects refused on receipt (`quarantine`, with the rule each broke). Neither
counts in the heads; an auditor who compares two laptops must know that one may hold more than
its heads show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.core.audit.replay import replay
from app.core.errors import NotFound, Rejected
from app.core.node.node import Node


@dataclass(frozen=True)
class Replica:
    network_id: str
    blocks: int
    heads: dict[str, str]  # author id (hex) → id of its latest block (hex)
    waiting: int = 0  # blocks held apart until a block they build on arrives
    quarantined: int = 0  # objects refused on receipt, kept apart with their reason
    refused: dict[str, int] = field(default_factory=dict)  # reason → how many of those

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
        return Replica(done.network_id.hex(), done.blocks, found, **apart(node.store))


def apart(store: Any) -> dict[str, Any]:
    """What the profile holds outside its ledger, from its own tables: how many blocks wait for
    a block they build on, how many objects were refused on receipt and the rule each broke."""
    refused = dict(store.all("SELECT reason, count(*) FROM quarantine GROUP BY reason ORDER BY 1"))
    return {
        "waiting": int(store.value("SELECT count(*) FROM waiting")),
        "quarantined": sum(refused.values()),
        "refused": refused,
    }
