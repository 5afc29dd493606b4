"""What a peer lacks, in the order it should get it.

Three priority classes: governance (membership, keys, epochs, revoked attestations) with
everything it depends on, and proof of misbehaviour; then every other block; then document
chunks. Blocks go in the order this store applied them, which puts parents before children,
so any prefix of the list applies without waiting for what comes after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from app.core import vclock
from app.core.node import Node
from app.core.objects import object_id
from app.core.txtypes import TxType

GOVERNANCE = (
    TxType.MEMBER_ADD,
    TxType.MEMBER_REMOVE,
    TxType.KEY_ROTATE,
    TxType.KEY_REVOKE,
    TxType.EPOCH_PROPOSAL,
    TxType.EPOCH_APPROVE,
    TxType.ATTEST_REVOKE,
)


class Class(IntEnum):
    GOVERNANCE = 0
    BLOCKS = 1
    DOCUMENTS = 2


@dataclass(frozen=True)
class Item:
    cls: Class
    kind: str  # "block", "evidence" or "chunk"
    id: bytes
    author: bytes  # the feed, for blocks
    seq: int
    size: int
    load: Callable[[], bytes]
    txs: int = 0  # transactions in the block, counted for our own feed only


def missing(
    node: Node,
    has_block: Callable[[bytes, int], bool],
    has_chunk: Callable[[bytes], bool],
    has_evidence: Callable[[bytes], bool],
) -> list[Item]:
    """Everything we hold that the peer lacks, by class, each class in applying order."""
    store = node.store
    cut = _governance_cut(node)
    me = node.commune
    ours: dict[int, int] = dict(
        store.all("SELECT seq, count(*) FROM txs WHERE author = ? GROUP BY seq", (me,))
    )
    items: list[Item] = []
    for rowid, oid, author, seq, size in store.all(
        "SELECT rowid, id, author, seq, length(data) FROM blocks ORDER BY rowid"
    ):
        author = bytes(author)
        if has_block(author, seq):
            continue
        cls = Class.GOVERNANCE if seq <= cut.get(author, -1) else Class.BLOCKS
        txs = ours.get(seq, 0) if author == me else 0
        items.append(Item(cls, "block", bytes(oid), author, seq, size, _loader(node, rowid), txs))
    for author, seq, second in store.all(
        "SELECT author, seq, second FROM evidence WHERE second IS NOT NULL ORDER BY n"
    ):
        data = bytes(second)
        oid = object_id(data)
        if not has_evidence(oid):
            items.append(
                Item(Class.GOVERNANCE, "evidence", oid, bytes(author), seq, len(data), _const(data))
            )
    for cid, size in store.all("SELECT id, length(data) FROM chunks ORDER BY rowid"):
        if not has_chunk(bytes(cid)):
            items.append(
                Item(Class.DOCUMENTS, "chunk", bytes(cid), b"", 0, size, _chunk_loader(node, cid))
            )
    items.sort(key=lambda item: item.cls)  # stable: applying order holds inside each class
    return items


def _governance_cut(node: Node) -> vclock.Clock:
    """For each feed, the last seq that a governance block depends on (or is)."""
    marks = ",".join(str(int(t)) for t in GOVERNANCE)
    clocks = []
    for author, seq, vc in node.store.all(
        "SELECT b.author, b.seq, b.vc FROM blocks b WHERE b.id IN "
        f"(SELECT DISTINCT block FROM txs WHERE type IN ({marks}))"
    ):
        clock = vclock.unpack(bytes(vc))
        clock[bytes(author)] = max(clock.get(bytes(author), -1), seq)
        clocks.append(clock)
    return vclock.merge(clocks)


def _loader(node: Node, rowid: int) -> Callable[[], bytes]:
    return lambda: bytes(node.store.value("SELECT data FROM blocks WHERE rowid = ?", (rowid,)))


def _chunk_loader(node: Node, cid: bytes) -> Callable[[], bytes]:
    return lambda: bytes(node.store.value("SELECT data FROM chunks WHERE id = ?", (cid,)))


def _const(data: bytes) -> Callable[[], bytes]:
    return lambda: data
