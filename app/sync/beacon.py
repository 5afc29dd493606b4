"""Beacons: a laptop's signed word of what it holds (the head of every feed) and when.

The stick carries the newest beacon of every feed it has heard of, so knowledge of who is
behind travels as far as the blocks do. A beacon is believed only when signed by a node key the
ledger knows, or a laptop key in service; the newest (highest beacon seq) of each feed wins. A
beacon is a feed's, not a commune's: two laptops of one commune never overwrite each other's
(docs/ledger.md, "A commune's devices").
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.core.encoding import leb128
from app.core.encoding.cose import CoseError, parse_sign1
from app.core.ledger import incarnation, transport
from app.core.ledger.objects import parse_genesis
from app.core.node.node import Node
from app.sync.keys import epoch_key
from app.sync.signed import FEED_KEYS, Forged, open_signed, sign


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
# Our own beacon is written again on a stick where our last word (its copy of our beacon, or a
# segment trailer we signed there) is this old, even when it lacks nothing: the Sync screen's
# "Visited" dates come from both, and stay true to a day.
REFRESH = 24 * 3600
VERSION = 2  # what this release writes; it reads 1 too (a stick of the previous release)


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
        genesis_feeds(node),
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
    order: Sequence[bytes] = (),
) -> dict[str, Any]:
    """What a beacon of version 2 signs (docs/spec/stick.md, "Beacons"): the heads of the
    genesis' feeds (`order`) as one byte string of varints of seq + 1 in that order (0: none
    held; trailing zeros left out), the other feeds as [feed id, seq] sorted by id. Apart so
    that bench/sync_simulation.py prices beacons at the size this code writes."""
    place = {feed: i for i, feed in enumerate(order)}
    vector = [0] * len(order)
    others = []
    for author, seq in sorted(heads.items()):
        if author in place:
            vector[place[author]] = seq + 1
        else:
            others.append([author, seq])
    while vector and vector[-1] == 0:
        vector.pop()
    return {
        "v": VERSION,
        "bseq": bseq,
        "time": at,
        "heads": leb128.encode_all(vector),
        "others": others,
        "chunks": chunks,
        "seen": sorted(seen),
        "keys": keys,
        "inc": inc,
    }


def payload_v1(
    bseq: int,
    at: int,
    heads: dict[bytes, int],
    chunks: int,
    seen: list[str],
    keys: int,
    inc: int,
) -> dict[str, Any]:
    """What a beacon of version 1 signed (the previous release's, still read): every head as
    [feed id, seq]. Kept for the spec's vectors and the simulation's price of that form."""
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
        heads = read_heads(body, genesis_feeds(node))
        heard = Beacon(
            feed,
            bounded(body["bseq"]),
            bounded(body["time"]),
            heads,
            bounded(body["chunks"]),
            frozenset(str(n) for n in body["seen"]),
            bounded(body["keys"]),
            data,
            bounded(body["inc"] if body["v"] == VERSION else body.get("inc", 0)),  # v1: optional
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise Forged("not a beacon") from exc
    if heard.incarnation > time.time() + FUTURE:
        raise Forged("a beacon from a restore that has not happened yet")
    return heard


def read_heads(body: dict[str, Any], order: Sequence[bytes]) -> dict[bytes, int]:
    """The heads a beacon's payload states, version 1 or 2, bounded before anything is kept.
    Raises KeyError, TypeError or ValueError for what is not a beacon."""
    version = body["v"]
    if isinstance(version, bool) or version not in (1, VERSION):
        raise ValueError("a beacon of another version")
    if version == 1:
        return {sized_id(a, 8): bounded(s) for a, s in body["heads"]}
    vector = body["heads"]
    if not isinstance(vector, bytes):
        raise TypeError("not a head vector")
    # seq + 1 of each genesis feed: at most one a feed, and seq below LIMIT as everywhere.
    values = leb128.decode_all(vector, count=len(order), largest=LIMIT)
    heads = {order[i]: n - 1 for i, n in enumerate(values) if n}
    last = b""
    for item in body["others"]:
        author, seq = item
        author = sized_id(author, 8)
        if author <= last or author in heads or author in order:
            raise ValueError("a feed twice, out of order, or of the genesis")
        heads[author] = bounded(seq)
        last = author
    return heads


def genesis_feeds(node: Node) -> tuple[bytes, ...]:
    """The genesis' communes in its order: every node knows it from the first block. Kept by
    network id (the genesis' SHA-256), so that reading N beacons parses the genesis once."""
    order = _GENESIS_FEEDS.get(node.network_id)
    if order is None:
        genesis = node.store.meta("genesis")
        if genesis is None:
            return ()
        order = tuple(a.commune for a in parse_genesis(genesis).authorities)
        _GENESIS_FEEDS[node.network_id] = order
    return order


_GENESIS_FEEDS: dict[bytes, tuple[bytes, ...]] = {}


def lacks(
    copy: Beacon | None, heads: dict[bytes, int], keys: int, inc: int, seen: Iterable[str]
) -> bool:
    """Whether a stick's `copy` of a feed's beacon lacks something a newer word of that feed
    says: a higher head of any feed, a newer key epoch, another incarnation, or a segment of
    this stick taken in whole (`seen`: of this stick's only). Only then is the newer one worth
    its bytes on the stick (docs/spec/stick.md, "Beacons": what a writer copies)."""
    if copy is None or inc != copy.incarnation or keys > copy.keys:
        return True
    if any(seq > copy.heads.get(author, -1) for author, seq in heads.items()):
        return True
    return not copy.seen.issuperset(seen)


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
    """The beacons kept, read again as a stick's are: a key revoked since is no longer
    believed. Each is checked once while the key its kid names stays the same in force (a
    visit asks several times: issue 21); the clock's rule is applied on every read."""
    kept = _checked.get(node, {})
    fresh: dict[bytes, _Checked] = {}
    for (stored,) in node.store.all("SELECT data FROM beacons ORDER BY commune"):
        data = bytes(stored)
        hit = kept.get(data)
        if hit is None or node.store.one(FEED_KEYS, (hit.kid,)) != hit.key:
            try:
                heard = parse(node, data)
                kid = parse_sign1(data).kid
            except (Forged, CoseError):
                continue  # its key was revoked since: no longer believed
            hit = _Checked(heard, kid, node.store.one(FEED_KEYS, (kid,)))
        elif hit.beacon.incarnation > time.time() + FUTURE:
            continue  # the clock went back: parse's rule, as on a first read
        fresh[data] = hit
    _checked[node] = fresh  # only those kept now: never more than the store holds
    return [hit.beacon for hit in fresh.values()]


@dataclass(frozen=True)
class _Checked:
    beacon: Beacon
    kid: Any
    key: tuple[Any, ...] | None  # the ledger's row for `kid` when checked (key and feed)


_checked: weakref.WeakKeyDictionary[Node, dict[bytes, _Checked]] = weakref.WeakKeyDictionary()


def writing_key(node: Node) -> tuple[int, bytes]:
    """The transport key to write under: the newest one every current authority (and each of
    its further laptops) is known to hold. Right after a rotation, some communes have not
    adopted the new epoch yet; writing under it would lock them out of the very blocks that
    would bring it to them. So the old key stays in use until every one's beacon, or ack of its
    current life, reports the new one."""
    held = [
        int(e)
        for (e,) in node.store.all(
            "SELECT epoch FROM transport_keys WHERE commune = ? ORDER BY epoch", (node.feed,)
        )
    ]
    if not held:
        return transport.newest(node.store, node.keyring, node.feed)  # raises the sentence
    beacons = known(node)
    heard = {b.feed: b.keys for b in beacons}
    # An ack of a feed's current life says its key epoch too (it may be its only word now).
    lives = {b.feed: b.incarnation for b in beacons}
    for feed, inc, keys in node.store.all("SELECT feed, inc, keys FROM acks"):
        life = lives.get(bytes(feed))
        if life is None or int(inc) > life:
            heard[bytes(feed)] = int(keys)
        elif int(inc) == life:
            heard[bytes(feed)] = max(int(keys), heard[bytes(feed)])
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
