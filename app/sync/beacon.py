"""Beacons: a laptop's signed word of what it holds (the head of every feed) and when.

The stick carries the newest beacon of every feed it has heard of, so knowledge of who is
behind travels as far as the blocks do. A beacon is believed only when signed by a node key the
ledger knows, or a laptop key in service; the newest (highest beacon seq) of each feed wins. A
beacon is a feed's, not a commune's: two laptops of one commune never overwrite each other's
(docs/ledger.md, "A commune's devices").
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from app.core.ledger import incarnation, transport
from app.core.node.node import Node
from app.sync.keys import epoch_key
from app.sync.signed import Forged, open_signed, sign


@dataclass(frozen=True)
class Beacon:
    feed: bytes  # the laptop that wrote it: its commune's id for the first one
    bseq: int
    time: int
    heads: dict[bytes, int]
    chunks: int
    seen: frozenset[str]  # stick segments this commune has taken in whole
    keys: int  # the newest transport key epoch it holds
    data: bytes
    incarnation: int = 0  # a laptop restored from a backup or paper starts a new one

    @property
    def order(self) -> tuple[int, int]:
        """Which of two beacons of one feed is newer: a new incarnation wins, then bseq."""
        return self.incarnation, self.bseq


LIMIT = 1 << 62  # numbers beyond this are no honest commune's: refused before the store sees them
FUTURE = 24 * 3600  # an incarnation may be ahead of our clock by this much, not more


def make(node: Node, seen: list[str]) -> bytes:
    with node.store.transaction():
        node.store.bump("beacon_seq")
        bseq = node.store.counter("beacon_seq")
    chunks = int(node.store.value("SELECT count(*) FROM chunks"))
    body = payload(
        bseq,
        int(time.time()),
        node.heads(),
        chunks,
        seen,
        transport.newest(node.store, node.keyring, node.feed)[0],
        incarnation.current(node.store),
    )
    data = sign(node, body)
    remember(node, parse(node, data))
    return data


def payload(
    bseq: int,
    at: int,
    heads: dict[bytes, int],
    chunks: int,
    seen: list[str],
    keys: int,
    inc: int,
) -> dict[str, Any]:
    """What a beacon signs (docs/spec/stick.md, "Beacons"); apart so that
    bench/sync_simulation.py prices beacons at the size this code writes."""
    return {
        "v": 1,
        "bseq": bseq,
        "time": at,
        "heads": [[author, seq] for author, seq in sorted(heads.items())],
        "chunks": chunks,
        "seen": sorted(seen),
        "keys": keys,
        "inc": inc,
    }


def parse(node: Node, data: bytes) -> Beacon:
    feed, body = open_signed(node, data)
    try:
        heads = {sized_id(a, 8): bounded(s) for a, s in body["heads"]}
        heard = Beacon(
            feed,
            bounded(body["bseq"]),
            bounded(body["time"]),
            heads,
            bounded(body["chunks"]),
            frozenset(str(n) for n in body["seen"]),
            bounded(body["keys"]),
            data,
            bounded(body.get("inc", 0)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise Forged("not a beacon") from exc
    if heard.incarnation > time.time() + FUTURE:
        raise Forged("a beacon from a restore that has not happened yet")
    return heard


def sized_id(value: object, size: int) -> bytes:
    """An id as signed statements carry it: bytes of its size (never bytes(n) of a number)."""
    if not isinstance(value, bytes) or len(value) != size:
        raise ValueError("not an id")
    return value


def bounded(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < LIMIT:
        raise ValueError("a number out of range")
    return value


def remember(node: Node, beacon: Beacon) -> bool:
    """Keeps `beacon` if it is the newest heard from its feed; True when it was. (The table's
    column `commune` holds the feed: the commune's id for its first laptop.)"""
    incarnation.hear(node.store, node.feed, beacon.feed, beacon.incarnation, beacon.heads)
    known = node.store.one(
        "SELECT incarnation, bseq FROM beacons WHERE commune = ?", (beacon.feed,)
    )
    if known is not None and tuple(known) >= beacon.order:
        return False
    with node.store.transaction():
        node.store.run(
            "INSERT OR REPLACE INTO beacons (commune, bseq, time, data, incarnation) "
            "VALUES (?, ?, ?, ?, ?)",
            (beacon.feed, beacon.bseq, beacon.time, beacon.data, beacon.incarnation),
        )
    return True


def forget(node: Node, commune: bytes) -> None:
    """Drops what `commune` said it holds: its laptop is being rebuilt from paper."""
    with node.store.transaction():
        node.store.run("DELETE FROM beacons WHERE commune = ?", (commune,))


def known(node: Node) -> list[Beacon]:
    out = []
    for (data,) in node.store.all("SELECT data FROM beacons ORDER BY commune"):
        try:
            out.append(parse(node, bytes(data)))
        except Forged:
            continue  # its key was revoked since: no longer believed
    return out


def writing_key(node: Node) -> tuple[int, bytes]:
    """The transport key to write under: the newest one every current authority (and each of
    its further laptops) is known to hold. Right after a rotation, some communes have not
    adopted the new epoch yet; writing under it would lock them out of the very blocks that
    would bring it to them. So the old key stays in use until every one's beacon reports the
    new one."""
    held = [
        int(e)
        for (e,) in node.store.all(
            "SELECT epoch FROM transport_keys WHERE commune = ? ORDER BY epoch", (node.feed,)
        )
    ]
    if not held:
        return transport.newest(node.store, node.keyring, node.feed)  # raises the sentence
    heard = {b.feed: b.keys for b in known(node)}
    heard[node.feed] = held[-1]
    authorities = holders(node) | {node.feed}  # our commune's further laptops too
    common = min(heard.get(feed, held[0]) for feed in authorities)
    epoch = max((e for e in held if e <= common), default=held[0])
    key = epoch_key(node, epoch)
    if key is None:
        return transport.newest(node.store, node.keyring, node.feed)
    return epoch, key


def holders(node: Node) -> frozenset[bytes]:
    """The feeds whose beacons must all show a block before a stick forgets it, and a new
    transport key before sticks are written under it: every authority's first laptop, and
    every further laptop in service of an authority (a desk that relies on sticks would
    otherwise never get what was pruned, nor open what is written; docs/ledger.md)."""
    communes = node.ledger.authorities(node.ledger.current_epoch())
    laptops = {
        bytes(laptop)
        for laptop, commune in node.store.all(
            "SELECT id, commune FROM laptops WHERE retired_seq IS NULL"
        )
        if bytes(commune) in communes
    }
    return communes | laptops


def describe_heads(heads: dict[bytes, int]) -> dict[str, Any]:
    return {author.hex(): seq for author, seq in heads.items()}
