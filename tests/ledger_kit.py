"""Tools for tests that hand-craft blocks and transactions, honest or not."""

from __future__ import annotations

import time
from typing import Any

from app.core.crypto.keys import KeyPair
from app.core.ledger.objects import make_block, make_tx, parse_block
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node


def counts(node: Node) -> dict[str, int]:
    tables = (
        "blocks",
        "txs",
        "threads",
        "posts",
        "votes",
        "ballots",
        "attestations",
        "documents",
        "actors",
        "evidence",
        "quarantine",
        "waiting",
    )
    return {t: int(node.store.value(f"SELECT count(*) FROM {t}")) for t in tables}


def signed_tx(
    node: Node,
    kind: TxType,
    body: dict[str, Any],
    *,
    actor: bytes | None = None,
    key: KeyPair | None = None,
    aseq: int | None = None,
    network_id: bytes | None = None,
) -> bytes:
    actor = actor or node.member
    key = key or node.keyring.identity(actor).current
    if aseq is None:
        aseq = node._next_aseq(actor)
    return make_tx(
        key,
        network_id or node.network_id,
        type=kind,
        actor=actor,
        aseq=aseq,
        body=body,
        time=int(time.time()),
    )


def next_block(node: Node, txs: list[bytes]) -> bytes:
    """`node`'s honest next block holding `txs`, signed but not applied anywhere."""
    return node._block(txs)


def raw_block(node: Node, txs: list[bytes], **changes: Any) -> bytes:
    """A block like the honest next one, with some fields replaced, signed by `key`."""
    honest = parse_block(next_block(node, []))
    fields: dict[str, Any] = {
        "author": honest.author,
        "seq": honest.seq,
        "prev": honest.prev,
        "refs": honest.refs,
        "epoch": honest.epoch,
        "time": honest.time,
        "txs": txs,
    }
    key = changes.pop("key", None) or node.keyring.by_kid(honest.kid)
    network_id = changes.pop("network_id", None) or node.network_id
    fields.update(changes)
    return make_block(key, network_id, **fields)
