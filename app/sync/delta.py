"""What a peer lacks, in the order it should get it.

Three priority classes: governance (membership, keys, epochs, revoked attestations) with
everything it depends on, and proof of misbehaviour; then every other block; then document
chunks. Inside the blocks, urgency decides: the blocks holding a P0 (urgent) transaction and
everything they depend on come first, then P1's, then P2's, then P3 (bulk), so a budget that
cuts, cuts bulk first. Within one level blocks go in the order this store applied them, which
puts parents before children; a block is never ranked after a block that depends on it, so
any prefix of the list applies without waiting for what comes after it.

A transaction's lifetime (its `ttl`) is how long carriers offer it, never whether it is valid:
a block whose every transaction has expired is no longer offered, unless a block that is
offered depends on it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from app.core.ledger import vclock
from app.core.ledger.objects import object_id
from app.core.node import registry
from app.core.node.node import Node

GOVERNANCE = registry.GOVERNANCE  # membership, keys, epochs, revocations: they travel first


LEVELS = range(4)  # P0 urgent, P1 important, P2 ordinary, P3 bulk


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
    rank: int = 0  # inside the blocks class: 0 urgent … 3 bulk (what it is, or what needs it)
    expires: int = 0  # when carriers stop offering it for itself; 0: never


def missing(
    node: Node,
    has_block: Callable[[bytes, int], bool],
    has_chunk: Callable[[bytes], bool],
    has_evidence: Callable[[bytes], bool],
) -> list[Item]:
    """Everything we hold that the peer lacks, by class, each class in applying order."""
    store = node.store
    cut = _governance_cut(node)
    me = node.feed  # our own blocks: this laptop's feed
    ours: dict[int, int] = dict(
        store.all("SELECT seq, count(*) FROM txs WHERE author = ? GROUP BY seq", (me,))
    )
    carriage = _carriage(node)
    now = int(time.time())
    wanted: list[tuple[int, bytes, bytes, int, int, bytes]] = []
    for rowid, oid, author, seq, size, vc in store.all(
        "SELECT rowid, id, author, seq, length(data), vc FROM blocks ORDER BY rowid"
    ):
        author = bytes(author)
        if not has_block(author, seq):
            wanted.append((rowid, bytes(oid), author, seq, size, bytes(vc)))
    ranks, needed = _ranks(wanted, carriage, now)
    items: list[Item] = []
    for rowid, oid, author, seq, size, _ in wanted:
        governance = seq <= cut.get(author, -1)
        rank = 0 if governance else ranks.get((author, seq))
        if rank is None:
            continue  # expired, and nothing offered needs it
        txs = ours.get(seq, 0) if author == me else 0
        # A block that a live block depends on is carried as long as it is needed.
        expires = 0 if seq <= needed.get(author, -1) else carriage.get((author, seq), (2, 0))[1]
        cls = Class.GOVERNANCE if governance else Class.BLOCKS
        loader = _loader(node, rowid)
        items.append(Item(cls, "block", oid, author, seq, size, loader, txs, rank, expires))
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
    # Stable: applying order holds inside each class and level.
    items.sort(key=lambda item: (item.cls, item.rank))
    return items


def _carriage(node: Node) -> dict[tuple[bytes, int], tuple[int, int]]:
    """For each block: its most urgent transaction's priority, and when it stops being
    offered (0: never, as soon as one of its transactions never expires)."""
    return {
        (bytes(author), seq): (prio, 0 if forever else expires)
        for author, seq, prio, forever, expires in node.store.all(
            "SELECT author, seq, min(prio), max(expires = 0), max(expires) FROM txs "
            "GROUP BY author, seq"
        )
    }


def _ranks(
    wanted: list[tuple[int, bytes, bytes, int, int, bytes]],
    carriage: dict[tuple[bytes, int], tuple[int, int]],
    now: int,
) -> tuple[dict[tuple[bytes, int], int], vclock.Clock]:
    """Each wanted block's level: the most urgent level of a live block that is it or needs it;
    and for each feed, up to which seq a live block needs its blocks.

    Along one feed a later block's clock covers every earlier one's (a block's clock holds its
    own seq too), so each level's cut is the merge of the clocks of the latest live block of
    each feed at that level or above.
    """
    latest: list[dict[bytes, tuple[int, bytes]]] = [{} for _ in LEVELS]
    for _, _, author, seq, _, vc in wanted:
        prio, expires = carriage.get((author, seq), (2, 0))
        if expires and expires < now:
            continue
        for level in range(prio, len(LEVELS)):
            if seq > latest[level].get(author, (-1, b""))[0]:
                latest[level][author] = (seq, vc)
    cuts = [vclock.merge(vclock.unpack(vc) for _, vc in latest[level].values()) for level in LEVELS]
    ranks: dict[tuple[bytes, int], int] = {}
    for _, _, author, seq, _, _ in wanted:
        for level in LEVELS:
            if seq <= cuts[level].get(author, -1):
                ranks[(author, seq)] = level
                break
    # What live blocks depend on, themselves left out (a block's clock holds its own seq).
    needed = vclock.merge(
        {**vclock.unpack(vc), author: seq - 1} for author, (seq, vc) in latest[-1].items()
    )
    return ranks, needed


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
