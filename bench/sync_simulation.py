"""Stick and relay sync between 10, 100 and 1,000 communes, against flooding as a baseline.

Goal: report rounds to convergence and bytes per visit for 10, 100 and 1,000 communes, against
flooding every object on every visit as a baseline measured in the same run.

What it measures, per number of communes N and for each scheme:

* rounds until every commune holds every object (a round = every stick makes one hop and the
  commune it reaches syncs with it, then every relay link runs once);
* mean and max bytes written to a stick per visit (segments with their headers, frames, tags
  and trailers, plus beacons);
* the worst stick fill: the most bytes any stick held at any time, and as a share of capacity;
* how many segments were pruned from sticks;
* for our scheme, the mean bytes per visit over a few rounds after convergence (steady state),
  and the share of what it wrote that was beacons or objects written again after a prune.

Flooding writes nothing more once its sticks are full, so its mean bytes per visit falls the
longer it runs; the ratio is therefore also given over the same rounds for both schemes (those
until the first of them converged or the round limit).

The network: each commune writes K = 20 blocks (sizes log-normal around 1.2 KB, clipped to
300 B-20 KB); seq 0 and, in 3 communes out of 10, one later block are governance (the class
covers each feed up to its last governance block); 3 communes out of 10 publish a document of
1-4 chunks of 64 KB. N // 10 sticks (at least 2) of 256 MiB and N // 10 relay links (at least
1) that carry 3 minutes a day at 115,200 baud; everything is drawn from one seed.

The rules are those of app/sync (delta.py, export.py, stick.py, intake.py), applied exactly:

* A visit imports first: every segment on the stick the commune has not seen, then applies the
  blocks whose parents it holds (the others wait, as in the `waiting` table).
* Then it exports what the stick lacks (by the segments' directories) and not every commune
  already holds (by the newest beacons it knows, once it knows one of each): governance first,
  then the other blocks, then document chunks, within the stick's room (free space less
  max(free / 10, BEACON_ROOM)), with the same fit test, the same rule that once one block
  misses every later block is left out, and segments cut at SEGMENT_LIMIT.
* It writes its fresh beacon (feed heads, the stick's segments it has seen) and every beacon it
  knows that is newer than the stick's copy; then prunes a segment that was on the stick
  before the visit only when every commune's newest beacon known to the writer holds every
  feed range of the segment and, if it holds chunks, lists the segment as seen.
* Flooding imports the same way but writes every object it holds on each visit, whatever the
  stick holds, writes no beacons and never prunes; what does not fit is left out.
* Relay links run the same way in both schemes: each direction sends, within half the link's
  daily budget, the governance-class blocks and the blocks of at most `relay_small` bytes the
  other side lacks, in applying order, feed prefixes only (never a child without its parent).

The `cut` scheme (CutSimulation) replaces beacons with signed cuts acknowledged by each feed
(bench/stick_prices.py has the form): a stick carries at most two cuts and one ack per feed, so
its beacon bytes grow as O(N); an ack's heads cover the document parts their blocks name (a
document's parts are named by its feed's last block here), and `--restores` restores laptops
from an old backup mid-way. Its bookkeeping walks what changed since a commune's last visit of a
stick (logs of which feeds' acks changed when), not all N feeds, which is what lets it run
5,000 and 10,000 communes in full (no sampling). `--prune route` (and `route+compact`) adds a
pruning rule for networks whose data outgrows a stick: once a stick is full, what every commune
of its route (its last visitors) holds is neither written to it nor kept on it
(CutSimulation.make_room).

The `v2` scheme is beacon version 2 as app/sync writes it (`vector+changed` with the code's
rules: Simulation.code); `v2+skip` also leaves our own beacon out when only our own head moved
and the visit's segment carries it.

Simplifications, the only way 1,000 communes fit in one process and a few minutes:

* Objects are abstract: a number and a size, no SQLCipher, no encryption, no signatures. Sets
  of objects are Python integers used as bitmaps; sizes on the stick are computed from the
  real constants (segment.FRAME_BYTES + 16-byte AEAD tag per record, 48-byte segment header,
  a trailer of ~200 bytes plus its directory, a beacon of ~150 + 20 bytes per feed + 27 per
  segment name it lists).
* Every commune writes its K blocks before the first round, so blocks depend only on their
  own feed's parents; applying order is modelled as feed by feed, seq ascending (the real
  one interleaves feeds by arrival; both put parents first, and the classes come in the same
  order). There is no evidence of misbehaviour, no damaged or pulled stick, no key change.
* A stick's route is a random walk on a geographic graph (communes at random points in a
  square, each linked to its `neighbours` nearest); both schemes see the same routes.
* Relays exchange no beacons, and their airtime costs a fixed overhead per record and per
  240-byte radio frame; free space is capacity less what the simulation wrote.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import heapq
import math
import operator
import random
import sys
import time
from array import array
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from app.sync.export import BEACON_ROOM
from app.sync.segment import FOOTER_BYTES, FRAME_BYTES, HEADER_BYTES, TAG_BYTES
from app.sync.stick import INDEX_SLACK, SEGMENT_LIMIT, index_stale, pruned_record
from bench import stick_prices
from bench.stick_prices import Prices

MIB = 1024 * 1024
RECORD_OVERHEAD = FRAME_BYTES + TAG_BYTES  # on the stick, per block or chunk
FIRST_SEGMENT_SLACK = HEADER_BYTES + 1024  # what export.py keeps for the first segment
CHUNK_BYTES = 64 * 1024
MIN_BLOCK, MAX_BLOCK = 300, 20 * 1024
RADIO_PAYLOAD = 240  # bytes of data per radio frame (frames.MAX_PAYLOAD)
RADIO_FRAME_OVERHEAD = 13  # header, CRC, COBS and delimiter per frame
RADIO_RECORD_OVERHEAD = 24  # message header and AEAD tag per record
# Each scheme: the beacon form (bench/stick_prices.py) and which known beacons a visit copies to
# the stick: "newer" every one newer than the stick's copy (today), "changed" only those whose
# heads differ from it. "flooding" writes every object it holds and no beacons.
BEACONS: dict[str, tuple[str, str]] = {
    "obambu": ("v1", "newer"),
    "vector": ("vector", "newer"),
    "changed": ("v1", "changed"),
    "vector+changed": ("vector", "changed"),
    "delta": ("delta", "changed"),
    "cut": ("cut", "changed"),  # signed cuts and acks: CutSimulation
    # beacon version 2 as app/sync writes it (vector+changed and the four rules of the code:
    # Simulation.code); +skip: our own beacon not written when only our head moved and the
    # visit's segment (its signed trailer) carries it
    "v2": ("vector", "changed"),
    "v2+skip": ("vector", "changed"),
}
SCHEMES = (*BEACONS, "flooding")


@dataclass(frozen=True)
class Config:
    communes: int
    seed: int = 1
    blocks: int = 20  # K: blocks each commune writes at the start
    capacity: int = 256 * MIB  # bytes per stick
    sticks: int | None = None  # default max(2, N // 10)
    relay_links: int | None = None  # default max(1, N // 10)
    relay_budget: int = 115_200 // 10 * 180  # bytes per link per round: 3 minutes at 115,200 8N1
    relay_small: int = 4096  # biggest non-governance block a relay carries
    neighbours: int = 4
    max_rounds: int = 1500
    tail: int = 10  # rounds measured after our scheme converged
    progress: int = 0  # print a line to stderr every so many rounds (0: never)
    # flooding stops once its sticks are full, or once nothing was written for 100 rounds (it
    # never prunes: a stick's last room is a few KB that only a small enough block can take);
    # its bytes are counted as zero for the rounds left, and its convergence is then not known
    flood_until_full: bool = False
    restores: int = 0  # communes whose laptop is restored from an old backup...
    restore_round: int = 0  # ...at the start of this round (0: none)
    # cut: an ack's heads cover the document parts their blocks name (so parts are pruned and
    # skipped like blocks); False: as app/sync today, acks list the segments of parts seen
    parts_by_heads: bool = True
    # cut: "all" prunes a segment once every commune holds it; "route" also, once the stick is
    # full (room under a quarter of it), skips and prunes (oldest first, as much as the visit
    # needs) what every commune of its route holds: the communes whose acks were written to
    # it within its last `route_visits` visits; "route+compact" also prunes a segment the
    # route lacks less than half of when the visitor holds that part, and writes it again
    prune: str = "all"
    route_visits: int = 16
    # cut: a new cut only once the newest is this many rounds (days) old, unless the stick's
    # segments take more than its free space and the new cut would let one go (cuts.CUT_AGE,
    # acks._pressed); 0: as soon as the previous one reached every commune
    cut_age: int = 10

    @property
    def stick_count(self) -> int:
        return self.sticks if self.sticks is not None else max(2, self.communes // 10)

    @property
    def relay_count(self) -> int:
        return self.relay_links if self.relay_links is not None else max(1, self.communes // 10)


@dataclass
class Tally:
    """What the sticks were given, over some visits."""

    visits: int = 0
    bytes: int = 0  # segments and beacons
    max_bytes: int = 0  # in one visit
    beacon_bytes: int = 0
    copies: int = 0  # beacons written, our own and copies
    files_bytes: int = 0  # segment headers, trailers, footers, index, pruned.obp, NETWORK
    rewritten_bytes: int = 0  # objects written again to a stick that held them before a prune

    def add(self, written: int, beacons: int) -> None:
        self.visits += 1
        self.bytes += written
        self.max_bytes = max(self.max_bytes, written)
        self.beacon_bytes += beacons

    def per_visit(self, part: int) -> float:
        return part / self.visits if self.visits else 0.0

    @property
    def mean(self) -> float:
        return self.bytes / self.visits if self.visits else 0.0

    def share(self, part: int) -> float:
        return part / self.bytes if self.bytes else 0.0


@dataclass(frozen=True)
class Result:
    scheme: str
    communes: int
    sticks: int
    objects: int
    data_bytes: int  # the size of every object, once
    rounds: int | None  # rounds to convergence; None: not within max_rounds
    last_progress: int  # last round in which a commune took in something new
    tally: Tally  # visits until convergence (or max_rounds)
    round_bytes: tuple[int, ...]  # bytes written to sticks in each round
    worst_fill: int  # most bytes on any stick at any time
    worst_beacons: int  # most beacon bytes (with cuts) on any stick at any time
    capacity: int
    pruned: int  # segments pruned
    complete: int  # communes holding every object at the end
    held: float  # share of (commune, object) pairs held at the end
    tail: Tally | None  # our scheme, the rounds after convergence
    seconds: float
    cuts: int = 0  # the cut scheme: cuts proposed
    full_at: int | None = None  # flooding stopped at this round: every stick full
    route_pruned: int = 0  # segments pruned by the route rule (the cut scheme, --prune route)

    @property
    def mean_visit_bytes(self) -> float:
        return self.tally.mean

    @property
    def max_visit_bytes(self) -> int:
        return self.tally.max_bytes

    @property
    def fill_share(self) -> float:
        return self.worst_fill / self.capacity

    def bytes_per_visit(self, rounds: int) -> float:
        """Mean bytes per visit over the first `rounds` rounds."""
        rounds = min(rounds, len(self.round_bytes))
        return sum(self.round_bytes[:rounds]) / (rounds * self.sticks) if rounds else 0.0


# --- the world: objects, map, routes, relays ---------------------------------------------------


def bits(mask: int) -> Iterator[int]:
    """The positions of the set bits of `mask`, ascending."""
    text = bin(mask)[:1:-1]  # least significant bit first
    i = text.find("1")
    while i >= 0:
        yield i
        i = text.find("1", i + 1)


def from_positions(positions: Sequence[int]) -> int:
    if not positions:
        return 0
    buf = bytearray(max(positions) // 8 + 1)
    for i in positions:
        buf[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buf, "little")


class World:
    """Everything both schemes share: the objects, the map, the relays. Built from the seed.

    Object i is bit i. Feed a's block seq s is bit a * (K + 1) + s; bit a * (K + 1) + K is a
    spacer that is never set, so that adding carries never cross from one feed to the next.
    Document chunks follow the feeds.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        n, k = config.communes, config.blocks
        rng = random.Random(f"obambu-sync:{config.seed}:{n}")
        self.n = n
        self.stride = k + 1
        sizes: list[int] = []
        gov: list[int] = []
        small: list[int] = []
        for a in range(n):
            base = a * self.stride
            cut = 0  # seq 0 adds the commune's members; sometimes a later key rotation
            if k > 1 and rng.random() < 0.3:
                cut = rng.randrange(1, k)
            for s in range(k):
                size = int(min(MAX_BLOCK, max(MIN_BLOCK, rng.lognormvariate(math.log(1200), 0.9))))
                sizes.append(size)
                if s <= cut:
                    gov.append(base + s)
                elif size <= config.relay_small:
                    small.append(base + s)
            sizes.append(0)  # spacer
        self.chunk_base = n * self.stride
        own_chunks: list[list[int]] = [[] for _ in range(n)]
        for a in range(n):
            if rng.random() < 0.3:  # a published document, cut into 64 KB chunks
                parts = rng.randint(1, 4)
                for p in range(parts):
                    last = p == parts - 1
                    own_chunks[a].append(len(sizes))
                    sizes.append(rng.randint(4096, CHUNK_BYTES) if last else CHUNK_BYTES)
        self.size = sizes
        # a document's parts are named by its feed's last block: heads that cover that block
        # cover the parts (the cut scheme's acks)
        self.doc_block: dict[int, int] = {}
        self.doc_parts: dict[int, tuple[int, int]] = {}  # its first part, how many
        for a, chunks in enumerate(own_chunks):
            if chunks:
                block = a * self.stride + k - 1
                self.doc_parts[block] = (chunks[0], len(chunks))  # consecutive
                self.doc_block.update(dict.fromkeys(chunks, block))
        self.docs = from_positions(list(self.doc_parts))
        block_bits = [i for i in range(self.chunk_base) if i % self.stride != k]
        self.blocks = from_positions(block_bits)
        self.chunks = from_positions(range(self.chunk_base, len(sizes)))
        self.all = self.blocks | self.chunks
        self.gov = from_positions(gov)
        self.seq0 = from_positions([a * self.stride for a in range(n)])
        self.eligible = self.gov | from_positions(small)
        self.objects = self.all.bit_count()
        self.data_bytes = sum(sizes)
        chunk_sizes = sizes[self.chunk_base :]
        self.min_chunk = min(chunk_sizes) if chunk_sizes else 0
        self.mean_block = RECORD_OVERHEAD + sum(sizes[: self.chunk_base]) // max(1, n * k)
        self.mean_chunk = RECORD_OVERHEAD + sum(chunk_sizes) // max(1, len(chunk_sizes))
        self.own = [
            from_positions(list(range(a * self.stride, a * self.stride + k)) + own_chunks[a])
            for a in range(n)
        ]
        self.neighbours = _geographic_graph(n, config.neighbours, rng)
        edges = sorted({(min(a, b), max(a, b)) for a in range(n) for b in self.neighbours[a]})
        self.relays = rng.sample(edges, min(len(edges), config.relay_count))
        self.stick_starts = [rng.randrange(n) for _ in range(config.stick_count)]

    def closure(self, mask: int) -> int:
        """The blocks of `mask` whose parents are all in `mask`: each feed's held prefix."""
        blocks = mask & self.blocks
        return ((blocks + (blocks & self.seq0)) ^ blocks) & blocks

    def parts_of(self, blocks: int) -> int:
        """The document parts named by the blocks of `blocks`."""
        parts = self.doc_parts
        return from_positions(
            [i for b in bits(blocks & self.docs) for i in range(parts[b][0], sum(parts[b]))]
        )

    def runs(self, mask: int) -> int:
        """Feed ranges in a segment's directory."""
        blocks = mask & self.blocks
        return (blocks & ~(blocks << 1)).bit_count()


@functools.cache
def pruned_price(feeds: int, holders: int, parts: int, seq: int) -> int:
    """pruned.obp with "parts" (app/sync's stick.pruned_record), sealed: `feeds` feeds' cuts at
    `seq`, and `parts` parts pruned while `holders` holders were each in their first life.
    (bench/stick_prices.py has no price for "parts" yet: this encodes it whole.)"""
    cut = {stick_prices.feed(f): seq for f in range(feeds)}
    lives = {stick_prices.feed(f): 1 for f in range(holders)}
    ids = frozenset(i.to_bytes(stick_prices.CHUNK_ID, "big") for i in range(parts))
    record = pruned_record(cut, [(lives, ids)] if parts else [])
    return len(stick_prices._sealed(record, b"pruned"))


def replace_known(node: Commune, feed: int, heard: Beacon | Ack) -> None:
    """`heard` is the newest beacon `node` knows of `feed` now."""
    old = node.known[feed]
    node.known[feed] = heard
    if old is None:
        node.known_count += 1
        node.common = None
    elif heard.heads is not old.heads:
        # heads only grow, but for a restored laptop's (a new incarnation): its smaller
        # heads shrink what all hold at once; what they gained is checked by held_by_all
        if node.common is not None and old.heads & ~heard.heads:
            node.common &= heard.heads
        node.grown |= heard.heads & ~old.heads


def _geographic_graph(n: int, k: int, rng: random.Random) -> list[list[int]]:
    """Random points in a square, each linked to its k nearest; components joined nearest first."""
    points = [(rng.random(), rng.random()) for _ in range(n)]
    links: list[set[int]] = [set() for _ in range(n)]
    for a, (x, y) in enumerate(points):
        # the k + 1 nearest (a itself first): the same as sorting all N, in a fraction of the time
        dist = heapq.nsmallest(
            k + 1, (((px - x) ** 2 + (py - y) ** 2, b) for b, (px, py) in enumerate(points))
        )
        for _, b in dist[1:]:
            links[a].add(b)
            links[b].add(a)
    while True:
        component = _component(links, 0)
        if len(component) == n:
            break
        outside = [b for b in range(n) if b not in component]
        _, a, b = min(
            ((points[a][0] - points[b][0]) ** 2 + (points[a][1] - points[b][1]) ** 2, a, b)
            for a in sorted(component)
            for b in outside
        )
        links[a].add(b)
        links[b].add(a)
    return [sorted(link) for link in links]


def _component(links: list[set[int]], start: int) -> set[int]:
    seen, todo = {start}, [start]
    while todo:
        for b in links[todo.pop()]:
            if b not in seen:
                seen.add(b)
                todo.append(b)
    return seen


# --- the simulation --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Beacon:
    commune: int
    bseq: int
    heads: int  # the blocks the commune has applied (each feed's prefix up to its head)
    stick: int  # the stick it was written to: it lists that stick's segments present then
    time: int  # the visit it was made at
    size: int
    life: int = 0  # its commune's incarnation (a laptop restored from a backup: one more)


@dataclass(frozen=True, slots=True)
class Cut:
    """A signed cut (bench/stick_prices.py): the proposer's heads of every feed."""

    key: tuple[int, int]  # (height, proposer): the higher key is the newer cut
    heads: int  # the blocks its proposer held: each feed's prefix
    size: int
    day: int = 0  # the round it was proposed in: its "time"


@dataclass(frozen=True, slots=True)
class Ack:
    """A feed's acknowledgement of a cut: "I hold everything in `cut`, except …"."""

    commune: int
    bseq: int  # the newer ack of a feed has the higher (a restored laptop's: its incarnation)
    cut: Cut
    heads: int  # what it says its commune holds: the cut less the exceptions, and its own feed
    stick: int  # the stick it was written to: it lists that stick's segments present then
    time: int
    size: int
    life: int = 0


@dataclass(slots=True)
class Segment:
    born: int  # the visit that wrote it
    mask: int  # blocks and chunks it holds
    has_chunks: bool
    size: int
    trailer: int  # its trailer record's size, which index.obi repeats
    indexed: bool = False


class Commune:
    __slots__ = (
        "best",
        "bseq",
        "common",
        "cut_refs",
        "grown",
        "held",
        "hint",
        "known",
        "known_count",
        "last_visit",
        "life",
        "log",
        "log_start",
        "log_time",
        "parts_basis",
        "parts_common",
        "parts_held",
        "parts_lacking",
        "pending",
    )

    def __init__(self, n: int, own: int) -> None:
        self.held = own
        self.pending = 0  # blocks whose parents are missing
        self.known: list[Beacon | Ack | None] = [None] * n  # newest beacon heard from each commune
        self.known_count = 0
        self.common: int | None = None  # AND of the known beacons' heads, when all are known
        # Heads only grow, so `common` is kept up to date from what the replaced beacons' heads
        # gained (`grown`) rather than ANDed again over every beacon: the same value, found in
        # a few ANDs instead of N (the cost that made 2,000 communes slow).
        self.grown = 0
        self.hint = 0  # the beacon that last showed a bit not held by all: tried first
        self.bseq = 0
        self.life = 0  # incarnation: a restored laptop's is one more
        self.last_visit: dict[int, int] = {}  # stick: visit; every segment older was seen
        # The cut scheme: the newest cut heard, how many known acks name each cut, and which
        # feeds' acks were learned when (so that a visit copies what changed since this
        # commune's last visit of the stick without walking all N feeds).
        self.best: Cut | None = None
        self.cut_refs: dict[tuple[int, int], int] = {}
        self.log = array("i")  # feeds whose known ack changed...
        self.log_time = array("q")  # ...at which visit (ascending)
        self.log_start = -1  # entries up to this visit may have been dropped
        self.parts_basis = 0  # the blocks held by all that `parts_common` was found for...
        self.parts_common = 0  # ...with the document parts those blocks name
        self.parts_held = -1  # the document parts held that `parts_lacking` was found for...
        self.parts_lacking = 0  # ...and the blocks naming a document it lacks a part of


class Stick:
    __slots__ = (
        "at",
        "beacon_bytes",
        "beacon_size",
        "beacons",
        "claimed",
        "cut_feeds",
        "cuts",
        "deltas",
        "ever",
        "full",
        "id",
        "index_size",
        "log",
        "log_start",
        "log_time",
        "pruned_lives",
        "pruned_parts",
        "pruned_size",
        "rng",
        "route",
        "segments",
        "union",
        "used",
    )

    def __init__(self, number: int, at: int, n: int, seed: str) -> None:
        self.id = number
        self.at = at
        self.rng = random.Random(seed)
        self.segments: list[Segment] = []  # oldest first
        self.union = 0
        self.ever = 0  # every object it ever held
        self.used = 0
        self.beacons: list[Beacon | Ack | None] = [None] * n
        self.beacon_size = [0] * n  # bytes of each feed's beacon file(s) on the stick
        self.beacon_bytes = 0  # their sum, with the cuts
        self.cuts: list[Cut] = []  # the cut scheme: at most two, oldest first
        self.log = array("i")  # feeds whose ack was written here...
        self.log_time = array("q")  # ...at which visit
        self.log_start = -1
        self.deltas = [0] * n  # of which deltas written since the whole statement
        self.claimed = False  # NETWORK and the note written
        self.index_size = 0
        self.pruned_size = 0
        self.cut_feeds: set[int] = set()  # the feeds pruned.obp lists
        self.pruned_parts = 0  # v2: the document parts pruned.obp lists ("parts")...
        self.pruned_lives = 0  # ...with the holders' lives then (Simulation.lives)
        self.route: deque[tuple[int, int]] = deque()  # its last visits: (commune, visit)
        self.full = False  # the route rule: its room was under a quarter at this visit


class _Plan:
    """The fit test and segment cuts of export._write_segments."""

    def __init__(self, room: int) -> None:
        self.room = room
        self.used = 0
        self.open_size = 0  # 0: no segment open yet
        self.segments: list[list[int]] = []  # positions written, per segment

    def add(self, position: int, record: int) -> bool:
        if self.used + record + (0 if self.open_size else FIRST_SEGMENT_SLACK) > self.room:
            return False
        if not self.open_size or self.open_size + record > SEGMENT_LIMIT:
            self.segments.append([])
            self.open_size = HEADER_BYTES
            self.used += HEADER_BYTES
        self.segments[-1].append(position)
        self.open_size += record
        self.used += record
        return True


class Simulation:
    def __init__(self, world: World, scheme: str) -> None:
        if scheme not in SCHEMES:
            raise ValueError(scheme)
        self.world = world
        self.config = world.config
        self.ours = scheme != "flooding"
        self.scheme = scheme
        self.form, self.copy = BEACONS.get(scheme, ("v1", "newer"))
        self.parts_by_heads = self.form == "cut" and self.config.parts_by_heads
        # v2: the four rules of app/sync that beacon version 2 brought (docs/performance.md,
        # "Beacon version 2 in the code"): our own beacon written only when the stick's copy
        # lacks something or is a day old; `seen` names only segments of document parts;
        # pruned document parts not written again (pruned.obp "parts"); index.obi rewritten
        # by stick.index_stale. And a prune believes a feed's copy on this stick for the
        # segments it saw (its newest beacon may be another stick's).
        self.code = scheme.startswith("v2")
        self.skip = scheme == "v2+skip"
        self.lives = 0  # bumped at each restore: pruned.obp's parts are then written again
        self.prices = Prices.derive(max(0, self.config.blocks - 1))
        n = world.n
        self.communes = [Commune(n, own) for own in world.own]
        self.complete = sum(c.held == world.all for c in self.communes)
        seed = f"obambu-sync:{self.config.seed}:{n}:stick"
        self.sticks = [Stick(i, at, n, f"{seed}:{i}") for i, at in enumerate(world.stick_starts)]
        self.clock = 0
        self.tally = Tally()
        self.worst_fill = 0
        self.worst_beacons = 0
        self.cuts_made = 0
        self.pruned = 0
        self.route_pruned = 0  # of which by the route rule
        self.skipped = 0  # v2+skip: our own beacons left out (the trailer carries the head)
        self.round_bytes: list[int] = []  # bytes written to sticks in each round
        self.rounds_run = 0
        self.last_progress = 0  # last round in which some commune took in something new

    # --- running ---

    def run(self) -> Result:
        started = time.perf_counter()
        rounds: int | None = None
        full_at: int | None = None
        while self.rounds_run < self.config.max_rounds:
            self.round()
            if self.complete == self.world.n:
                rounds = self.rounds_run
                break
            if not self.ours and self.config.flood_until_full and self.all_full(100):
                full_at = self.rounds_run
                left = self.config.max_rounds - full_at
                self.round_bytes.extend([0] * left)  # what it writes from now on: nothing
                self.tally.visits += left * len(self.sticks)
                break
        tally, round_bytes, last_progress = self.tally, tuple(self.round_bytes), self.last_progress
        tail: Tally | None = None
        if self.ours and rounds is not None and self.config.tail:
            self.tally = tail = Tally()
            for _ in range(self.config.tail):
                self.round()
        total = self.world.objects * self.world.n
        held = sum((c.held & self.world.all).bit_count() for c in self.communes)
        return Result(
            scheme=self.scheme,
            communes=self.world.n,
            sticks=len(self.sticks),
            objects=self.world.objects,
            data_bytes=self.world.data_bytes,
            rounds=rounds,
            last_progress=last_progress,
            tally=tally,
            round_bytes=round_bytes,
            worst_fill=self.worst_fill,
            worst_beacons=self.worst_beacons,
            capacity=self.config.capacity,
            pruned=self.pruned,
            complete=self.complete,
            held=held / total,
            tail=tail,
            seconds=time.perf_counter() - started,
            cuts=self.cuts_made,
            full_at=full_at,
            route_pruned=self.route_pruned,
        )

    def all_full(self, quiet: int) -> bool:
        """No stick has room for a segment of one block, or none was written for `quiet`
        rounds."""
        if len(self.round_bytes) >= quiet and not any(self.round_bytes[-quiet:]):
            return True
        least = FIRST_SEGMENT_SLACK + RECORD_OVERHEAD + MIN_BLOCK
        return all(self.room(stick) < least for stick in self.sticks)

    def round(self) -> None:
        self.rounds_run += 1
        if self.rounds_run == self.config.restore_round:
            self.restore()
        before = self.tally.bytes
        for stick in self.sticks:
            stick.at = stick.rng.choice(self.world.neighbours[stick.at])
            self.visit(stick, stick.at)
        budget = self.config.relay_budget // 2
        for a, b in self.world.relays:
            self.relay(a, b, budget)
            self.relay(b, a, budget)
        self.round_bytes.append(self.tally.bytes - before)
        every = self.config.progress
        if every and self.rounds_run % every == 0:
            print(
                f"{self.scheme} N={self.world.n:,} round {self.rounds_run}: "
                f"{self.complete:,} communes complete, {time.process_time():,.0f} s of CPU",
                file=sys.stderr,
                flush=True,
            )

    def restore(self) -> None:
        """Laptops restored from an old backup: each holds its own feed and documents only,
        knows nothing of the others, and starts a new incarnation (its beacons and acks are
        newer than every one it wrote before: `bseq` keeps growing here)."""
        world = self.world
        rng = random.Random(f"obambu-sync:{self.config.seed}:{world.n}:restore")
        for c in rng.sample(range(world.n), min(world.n, self.config.restores)):
            old = self.communes[c]
            if old.held == world.all:
                self.complete -= 1
            node = Commune(world.n, world.own[c])
            node.bseq = old.bseq
            node.life = old.life + 1
            self.communes[c] = node
        self.lives += 1

    # --- a stick visit ---

    def visit(self, stick: Stick, c: int) -> None:
        self.clock += 1
        now = self.clock
        node = self.communes[c]
        files = self.claim(stick) + (self.reindex(stick) if self.ours else 0)
        self.take(node, stick, now)
        wanted = node.held & ~stick.union if self.ours else node.held
        if self.ours:  # export.held_by_all: what every commune holds is needed by nobody
            wanted &= ~self.held_by_all(node)
            if self.code and stick.pruned_lives == self.lives:  # pruned.obp "parts"
                wanted &= ~stick.pruned_parts
            wanted = self.make_room(node, c, stick, wanted, now)
        holding = list(stick.segments)
        written = self.write(stick, wanted, now)
        beacons = self.write_beacons(node, c, stick, now) if self.ours else 0
        self.worst_fill = max(self.worst_fill, stick.used)
        self.worst_beacons = max(self.worst_beacons, stick.beacon_bytes)
        if self.ours:
            files += self.prune(node, stick, holding)
        node.last_visit[stick.id] = now
        self.tally.files_bytes += files
        self.tally.add(written + beacons + files, beacons)

    def make_room(self, node: Commune, c: int, stick: Stick, wanted: int, now: int) -> int:
        """What the visit writes, once a pruning rule for full sticks had its say (none here)."""
        return wanted

    def claim(self, stick: Stick) -> int:
        """Stick.claim: NETWORK and the note, on a stick's first visit."""
        if stick.claimed:
            return 0
        stick.claimed = True
        stick.used += self.prices.network
        return self.prices.network

    def reindex(self, stick: Stick) -> int:
        """Stick.holding: index.obi written again once INDEX_SLACK segments are missing from it
        (v2: stick.index_stale, once 8 and half the stick's are)."""
        missing = sum(not s.indexed for s in stick.segments)
        if missing < INDEX_SLACK or (self.code and not index_stale(missing, len(stick.segments))):
            return 0
        size = self.prices.index([(s.size, s.trailer) for s in stick.segments])
        for s in stick.segments:
            s.indexed = True
        stick.used += size - stick.index_size
        stick.index_size = size
        return size

    def take(self, node: Commune, stick: Stick, now: int) -> None:
        """intake.stage + apply_staged: every segment not seen yet, then the stick's beacons."""
        last = node.last_visit.get(stick.id, -1)
        incoming = 0
        for segment in reversed(stick.segments):
            if segment.born <= last:
                break
            incoming |= segment.mask
        if incoming:
            self.receive(node, incoming)
        if self.ours:
            for commune, (heard, mine) in enumerate(zip(stick.beacons, node.known, strict=True)):
                if heard is mine or heard is None:
                    continue
                if mine is None or heard.bseq > mine.bseq:
                    replace_known(node, commune, heard)

    def receive(self, node: Commune, incoming: int) -> None:
        world = self.world
        if not incoming & ~node.held:
            return
        candidates = (node.held | node.pending | incoming) & world.blocks
        applied = world.closure(candidates)
        node.pending = candidates & ~applied
        node.held = applied | ((node.held | incoming) & world.chunks)
        self.last_progress = self.rounds_run
        if node.held == world.all:
            self.complete += 1

    def room(self, stick: Stick) -> int:
        free = self.config.capacity - stick.used
        return max(0, free - max(free // 10, BEACON_ROOM))

    def write(self, stick: Stick, wanted: int, now: int) -> int:
        """export._write_segments: governance, then blocks, then chunks, within the room."""
        world = self.world
        room = self.room(stick)
        if not wanted or room < FIRST_SEGMENT_SLACK + RECORD_OVERHEAD + MIN_BLOCK:
            return 0
        size = world.size
        plan = _Plan(room)
        stopped = False  # once one block misses, every later block is left out
        for part in (wanted & world.gov, wanted & world.blocks & ~world.gov):
            for i in bits(part):
                if not plan.add(i, RECORD_OVERHEAD + size[i]):
                    stopped = True
                    break
            if stopped:
                break
        for i in bits(wanted & world.chunks):
            fits = plan.add(i, RECORD_OVERHEAD + size[i])
            if not fits and plan.room - plan.used < RECORD_OVERHEAD + world.min_chunk:
                break  # no chunk fits any more: the rest are left out too
        written = 0
        for positions in plan.segments:
            mask = from_positions(positions)
            chunk_count = (mask & world.chunks).bit_count()
            records = sum(RECORD_OVERHEAD + size[i] for i in positions)
            trailer = self.prices.trailer(world.runs(mask), chunk_count, len(positions))
            total = HEADER_BYTES + records + trailer + FOOTER_BYTES
            self.tally.files_bytes += HEADER_BYTES + trailer + FOOTER_BYTES
            stick.segments.append(Segment(now, mask, chunk_count > 0, total, trailer))
            again = mask & stick.ever
            if again:
                self.tally.rewritten_bytes += sum(size[i] for i in bits(again))
            stick.union |= mask
            stick.ever |= mask
            stick.used += total
            written += total
        return written

    def write_beacons(self, node: Commune, c: int, stick: Stick, now: int) -> int:
        """export._write_beacons: our fresh beacon, then the known ones the scheme copies (today:
        every one newer than the stick's copy), each at its form's real size."""
        if self.code:
            return self.write_beacons_v2(node, c, stick, now)
        world = self.world
        node.bseq += 1
        heads = node.held & world.blocks
        listed = len(stick.segments)  # those on the stick at the start, and those just written
        if self.form == "v1":
            size = self.prices.v1((heads & world.seq0).bit_count(), listed)
        else:  # the vector form, and the whole statement a delta stands for
            size = self.prices.vector(world.n, listed)
        before = node.known[c]
        if before is not None and before.heads == heads:
            heads = before.heads  # one int for every beacon of unchanged heads
        mine = Beacon(c, node.bseq, heads, stick.id, now, size, node.life)
        replace_known(node, c, mine)
        on_stick = stick.beacons
        if self.copy == "newer":
            copied = [
                b for b, s in zip(node.known, on_stick, strict=True) if b is not None and b is not s
            ]
        else:  # only what the stick's copy lacks: other heads, or segments of this stick seen
            here = stick.id
            copied = [
                b
                for b, s in zip(node.known, on_stick, strict=True)
                if b is not None
                and b is not s
                and (s is None or b.heads != s.heads or (b.stick == here and b.time > s.time))
            ]
        return self.copy_beacons(stick, copied, listed)

    def day(self, visit: int) -> int:
        """The round (a day: each stick makes one hop) of a visit."""
        return (visit - 1) // len(self.sticks)

    def write_beacons_v2(self, node: Commune, c: int, stick: Stick, now: int) -> int:
        """export._write_beacons as app/sync has it with beacon version 2."""
        world = self.world
        here = stick.id
        parts = [seg.born for seg in stick.segments if seg.has_chunks]  # what `seen` names

        def lacks(b: Beacon | Ack, s: Beacon | Ack) -> bool:
            """`b` names a segment of parts on this stick that `s` does not."""
            if b.stick != here:
                return False
            since = s.time if s.stick == here and s.life == b.life else -1
            return any(since < born <= b.time for born in parts)

        heads = node.held & world.blocks
        on_stick = stick.beacons
        old = on_stick[c]
        before = node.known[c]
        if before is not None and before.heads == heads:
            heads = before.heads  # one int for every beacon of unchanged heads
        size = self.prices.vector(world.n, len(parts))
        mine = Beacon(c, node.bseq + 1, heads, here, now, size, node.life)
        written = 0
        if old is None or old.life != node.life or self.day(now) > self.day(old.time):
            needed = True  # none of ours here yet, another life, or a day old ("Visited")
        elif lacks(mine, old):
            needed = True
        elif old.heads == heads:
            needed = False  # nothing it says is new: not written (0 B a quiet visit)
        else:
            # other heads: +skip leaves it out when only our own feed moved and a segment of
            # this visit (its trailer, signed by us) carries our head: readers take the higher
            needed = not (
                self.skip
                and not (old.heads ^ heads) & ~world.own[c]
                and any(
                    seg.born == now and seg.mask & world.own[c] & heads & ~old.heads
                    for seg in stick.segments[-8:]
                )
            )
            if not needed:  # the stick's copy now says our head, through the trailer
                node.bseq += 1
                replace_known(node, c, mine)
                on_stick[c] = mine
                self.skipped += 1
        if needed:
            node.bseq += 1
            replace_known(node, c, mine)
        copied = [
            b
            for f, (b, s) in enumerate(zip(node.known, on_stick, strict=True))
            if b is not None
            and b is not s
            and (
                needed
                if f == c
                else s is None or b.heads != s.heads or b.life != s.life or lacks(b, s)
            )
        ]
        written += self.copy_beacons(stick, copied, len(parts))
        return written

    def copy_beacons(self, stick: Stick, copied: Sequence[Beacon | Ack], listed: int) -> int:
        on_stick = stick.beacons
        written = 0
        for heard in copied:
            f = heard.commune
            old = on_stick[f]
            size = kept = heard.size
            stick.deltas[f] = 0
            if self.form == "delta" and old is not None:
                delta = self.prices.delta(self.changed_feeds(heard.heads & ~old.heads), listed)
                chain = stick.deltas[f] + delta
                if chain <= heard.size:  # else the whole statement replaces base and deltas
                    size, kept = delta, stick.beacon_size[f] + delta
                    stick.deltas[f] = chain
            stick.used += kept - stick.beacon_size[f]
            stick.beacon_bytes += kept - stick.beacon_size[f]
            stick.beacon_size[f] = kept
            on_stick[f] = heard
            written += size
        self.tally.copies += len(copied)
        return written

    def changed_feeds(self, grown: int) -> list[int]:
        """The feeds whose head moved, from the blocks a newer beacon adds (each feed's a run)."""
        starts = grown & ~(grown << 1)
        stride = self.world.stride
        return [i // stride for i in bits(starts)]

    def held_by_all(self, node: Commune) -> int:
        if node.known_count < self.world.n:
            return 0
        known = node.known
        if node.common is None:
            node.common = functools.reduce(operator.and_, (b.heads for b in known if b))
            node.grown = 0
        elif node.grown:
            gained = node.grown & ~node.common
            node.grown = 0
            if gained:
                hint = known[node.hint]
                gained &= hint.heads if hint is not None else gained
                last = None  # heads shared by many beacons or acks are ANDed once in a row
                for i, b in enumerate(known):
                    if not gained:
                        break
                    if b is not None and b.heads is not last:
                        last = b.heads
                        gained &= last
                        if not gained:
                            node.hint = i
                node.common |= gained
        return node.common

    def prune(self, node: Commune, stick: Stick, holding: list[Segment]) -> int:
        """export._prune: whole segments every commune's newest known beacon says it holds;
        pruned.obp written first. Returns the bytes of that file."""
        if node.known_count < self.world.n or not holding:
            return 0
        known = node.known
        common = self.held_by_all(node)
        blocks = self.world.blocks
        gone: list[Segment] = []
        for segment in holding:
            if segment.mask & blocks & ~common:
                continue
            if self.parts_by_heads:  # common holds the parts its blocks name
                if segment.mask & ~common:
                    continue
                gone.append(segment)
                continue
            # cut: each feed's ack on this stick lists the segments of parts it saw here
            seen_by = stick.beacons if self.form == "cut" else known
            if self.code:  # v2: or the feed's copy on this stick, of the same life, does
                here, born = stick.id, segment.born
                if segment.has_chunks and not all(
                    b is not None
                    and (
                        (b.stick == here and b.time >= born)
                        or (
                            s is not None
                            and s.life == b.life
                            and s.stick == here
                            and s.time >= born
                        )
                    )
                    for b, s in zip(known, stick.beacons, strict=True)
                ):
                    continue
            elif segment.has_chunks and not all(
                b is not None and b.stick == stick.id and b.time >= segment.born for b in seen_by
            ):
                continue
            gone.append(segment)
        if not gone:
            return 0
        stride = self.world.stride
        for segment in gone:
            stick.cut_feeds.update(i // stride for i in bits(segment.mask & blocks))
        cut = self.prices.pruned(len(stick.cut_feeds))
        if self.code:  # pruned.obp "parts": the parts pruned, every holder's life then
            if stick.pruned_lives != self.lives:
                stick.pruned_parts, stick.pruned_lives = 0, self.lives
            chunks = self.world.chunks
            stick.pruned_parts |= functools.reduce(operator.or_, (s.mask for s in gone)) & chunks
            if stick.pruned_parts:
                cut = pruned_price(
                    len(stick.cut_feeds),
                    self.world.n,
                    stick.pruned_parts.bit_count(),
                    self.prices.seq,
                )
        stick.used += cut - stick.pruned_size
        stick.pruned_size = cut
        dropped = {id(s) for s in gone}
        stick.segments = [s for s in stick.segments if id(s) not in dropped]
        stick.used -= sum(s.size for s in gone)
        stick.union = functools.reduce(operator.or_, (s.mask for s in stick.segments), 0)
        self.pruned += len(gone)
        return cut

    # --- a relay link ---

    def relay(self, a: int, b: int, budget: int) -> None:
        """One direction of a radio link: governance and small blocks the other side lacks."""
        world = self.world
        sender, receiver = self.communes[a], self.communes[b]
        candidates = sender.held & ~receiver.held & world.eligible
        if not candidates:
            return
        sendable = world.closure((receiver.held & world.blocks) | candidates) & candidates
        spent = 0
        sent = 0
        for part in (sendable & world.gov, sendable & ~world.gov):
            stop = None
            for i in bits(part):
                payload = RADIO_RECORD_OVERHEAD + world.size[i]
                cost = payload + -(-payload // RADIO_PAYLOAD) * RADIO_FRAME_OVERHEAD
                if spent + cost > budget:
                    stop = i
                    break
                spent += cost
            if stop is None:
                sent |= part
            else:
                sent |= part & ((1 << stop) - 1)
                break
        if sent:
            self.receive(receiver, sent)


class CutSimulation(Simulation):
    """The `cut` scheme: signed cuts acknowledged by each feed, copied only when changed.

    * A visitor proposes a new cut, its own holding, when every commune's newest ack it knows
      names its newest cut and it holds all of that cut and more: cuts only grow, and one is
      proposed only once the previous one has reached everyone (so a few dozen in a network's
      life, not one a visit), and the newest is `cut_age` rounds old or the stick presses
      (`pressed`: cuts.CUT_AGE and acks._pressed, a round a day). Of two cuts, the higher
      (height, proposer) is the newer.
    * A commune's ack names the newest cut it has heard; its exceptions are the feeds it holds
      less of than the cut, each with what it holds. What an ack says its commune holds is the
      cut less the exceptions, plus its own feed: never more than the commune holds, so
      what every commune holds (export's skip, pruning) is the AND of the newest acks known,
      as with beacons, and a restored laptop's new ack (a new incarnation) lowers it.
    * A stick carries the two newest cuts it has seen, and one ack per feed naming one of
      them; acks naming an older cut are dropped with it (every feed had acknowledged the
      newer cut before the next could be proposed, so they were stale).
    * An ack lists the segments of document parts it has seen on the stick it is written to
      (not every segment: blocks are pruned by the heads), and such a segment is pruned once
      every feed's ack on the stick lists it.
    * A visit writes its own ack, the newest cut if the stick lacks it, and the acks it has
      learned since its last visit of this stick that differ from the stick's copy (its own
      too: an unchanged ack that would list no new segment is not written again); so the
      bookkeeping walks what changed, not all N feeds (each commune and stick keeps a log of
      which feeds' acks changed when, and walks all N only when that log was cut short).
    """

    def __init__(self, world: World, scheme: str) -> None:
        super().__init__(world, scheme)
        self.log_limit = world.n // 2 + 256  # entries a log keeps before dropping its older half

    def make_room(self, node: Commune, c: int, stick: Stick, wanted: int, now: int) -> int:
        """The route rule (`--prune route`), once the stick is full: what every commune of its
        route holds is not written to it, and its oldest segments the route holds are pruned
        until the rest fits. With `route+compact`, a segment of which the route lacks less than
        half (in bytes) is pruned too when the visitor holds that part: it is written again in
        this visit's segments, so a stick is not kept full by segments each pinned by a few
        objects one commune of its route lacks.

        Never the last copy: a pruned object is held by the route's communes, whose acks never
        claim more than they hold (the visitor is always one), or written again by the visitor;
        and it is not held by all (or the usual rule had pruned it), so whoever holds it writes
        it again to any stick whose route lacks it."""
        prune = self.config.prune
        if prune == "all":
            return wanted
        route = stick.route
        route.append((c, now))
        if len(route) > self.config.route_visits:
            route.popleft()
        room = self.room(stick)
        stick.full = room < self.config.capacity // 4
        if not stick.full:
            return wanted
        world = self.world
        held = self.route_held(node, c, stick)
        wanted &= ~held
        # what the rest would take, from the mean sizes (a sum over every wanted bit costs a
        # visit as much as the export itself at 5,000 communes)
        need = FIRST_SEGMENT_SLACK + (wanted & world.blocks).bit_count() * world.mean_block
        need += (wanted & world.chunks).bit_count() * world.mean_chunk
        if need <= room:
            return wanted
        compact = prune == "route+compact"
        keep = node.held & ~self.held_by_all(node) & ~held if compact else 0
        lacking, missing = ~held, ~node.held
        blocks, chunks = world.blocks, world.chunks
        gone: list[Segment] = []
        freed = 0
        for segment in stick.segments:  # oldest first
            if room >= need:
                break
            lacked = segment.mask & lacking
            if lacked:
                if not compact or lacked & missing:
                    continue
                lacked &= keep
                again = (lacked & blocks).bit_count() * world.mean_block
                again += (lacked & chunks).bit_count() * world.mean_chunk
                if 2 * again > segment.size:
                    continue
                wanted |= lacked  # written again below, in this visit's segments
                need += again
            gone.append(segment)
            freed += segment.size
            free = self.config.capacity - stick.used + freed
            room = max(0, free - max(free // 10, BEACON_ROOM))
        if gone:
            # no pruned.obp entry: it says "held by every commune", which these are not
            dropped = {id(s) for s in gone}
            stick.segments = [s for s in stick.segments if id(s) not in dropped]
            stick.used -= freed
            stick.union = functools.reduce(operator.or_, (s.mask for s in stick.segments), 0)
            self.pruned += len(gone)
            self.route_pruned += len(gone)
        return wanted

    def route_held(self, node: Commune, c: int, stick: Stick) -> int:
        """What every commune of the stick's route holds, by the newest acks `node` knows: the
        visitor, and those whose acks were written here within the route's visits."""
        world = self.world
        start, here, on_stick, known = stick.route[0][1], stick.id, stick.beacons, node.known
        heads = node.held & world.blocks
        if self.parts_by_heads:
            heads &= ~self.parts_lacking(node, c)
        for f in {f for f, _ in stick.route if f != c}:
            ack = on_stick[f]
            if ack is None or ack.stick != here or ack.time < start:
                continue  # no ack of its own written here lately: not known as of the route
            newest = known[f]
            heads &= newest.heads if newest is not None else ack.heads
        return heads | world.parts_of(heads) if self.parts_by_heads else heads

    def since(self, owner: Commune | Stick, visit: int) -> Iterable[int]:
        """The feeds whose ack `owner` changed after `visit` (every feed, if it cannot tell)."""
        if visit < owner.log_start:
            return range(self.world.n)
        i = bisect.bisect_right(owner.log_time, visit)
        return dict.fromkeys(owner.log[i:])

    def logged(self, owner: Commune | Stick, feed: int, now: int) -> None:
        owner.log.append(feed)
        owner.log_time.append(now)
        if len(owner.log) > self.log_limit:
            half = len(owner.log) // 2
            owner.log_start = owner.log_time[half - 1]
            del owner.log[:half]
            del owner.log_time[:half]

    def learn(self, node: Commune, feed: int, heard: Ack, now: int) -> None:
        """`heard` is the newest ack `node` knows of `feed` now."""
        old = node.known[feed]
        node.known[feed] = heard
        refs = node.cut_refs
        if old is None:  # the AND of the acks known so far, one more: not N ANDs at the end
            node.known_count += 1
            node.common = heard.heads if node.common is None else node.common & heard.heads
        else:
            assert isinstance(old, Ack)
            key = old.cut.key
            refs[key] -= 1
            if not refs[key]:
                del refs[key]
            if heard.heads is not old.heads:
                # the AND of all: replacing one term by a smaller one shrinks it (a restore, a
                # cut named anew); the bits it gained are checked against all by held_by_all
                if node.common is not None:
                    node.common &= heard.heads
                node.grown |= heard.heads & ~old.heads
        refs[heard.cut.key] = refs.get(heard.cut.key, 0) + 1
        self.logged(node, feed, now)

    def take(self, node: Commune, stick: Stick, now: int) -> None:
        """What the stick holds and was not seen, then its cuts and the acks written since."""
        last = node.last_visit.get(stick.id, -1)
        incoming = 0
        for segment in reversed(stick.segments):
            if segment.born <= last:
                break
            incoming |= segment.mask
        if incoming:
            self.receive(node, incoming)
        for cut in stick.cuts:
            if node.best is None or cut.key > node.best.key:
                node.best = cut
        on_stick, known = stick.beacons, node.known
        for f in self.since(stick, last):
            heard = on_stick[f]
            mine = known[f]
            if heard is not None and heard is not mine and (mine is None or heard.bseq > mine.bseq):
                assert isinstance(heard, Ack)
                self.learn(node, f, heard, now)

    def write_beacons(self, node: Commune, c: int, stick: Stick, now: int) -> int:
        world = self.world
        n = world.n
        held = node.held & world.blocks
        best = node.best
        if best is None or (
            node.cut_refs.get(best.key, 0) == n
            and held & ~best.heads
            and not best.heads & ~held
            and (
                self.rounds_run - best.day >= self.config.cut_age or self.pressed(stick, held, best)
            )
        ):
            key = (best.key[0] + 1 if best else 0, c)
            best = node.best = Cut(key, held, self.prices.cut(n), self.rounds_run)
            self.cuts_made += 1
        heads = (best.heads & held) | (world.own[c] & world.blocks)
        exceptions = self.changed_feeds(best.heads & ~heads)  # each a run: one pair a feed
        mine = node.known[c]
        if heads == best.heads:
            heads = best.heads  # no exception: the cut's own int, shared by its acks
        elif mine is not None and mine.heads == heads:
            heads = mine.heads  # one int for every ack of unchanged holding
        if self.parts_by_heads:  # less of a feed than a document whose parts are missing
            heads &= ~self.parts_lacking(node, c)
        node.bseq += 1
        # it lists only the segments of document parts seen here (blocks are pruned by heads),
        # and none where the heads cover the parts
        parts_born = [] if self.parts_by_heads else [s.born for s in stick.segments if s.has_chunks]
        size = self.prices.ack(exceptions, len(parts_born))
        self.learn(node, c, Ack(c, node.bseq, best, heads, stick.id, now, size), now)
        written = self.place(stick, best)
        names = {cut.key for cut in stick.cuts}
        here = stick.id
        on_stick, known = stick.beacons, node.known
        copied = 0
        for f in self.since(node, node.last_visit.get(here, -1)):
            b, s = known[f], on_stick[f]
            if b is None or b is s or not isinstance(b, Ack) or b.cut.key not in names:
                continue
            if s is not None and (
                s.bseq >= b.bseq
                or (
                    b.heads == s.heads
                    and isinstance(s, Ack)
                    and b.cut is s.cut
                    and not (
                        b.stick == here and any(s.time < born <= b.time for born in parts_born)
                    )
                    # the route rule: on a full stick, a visitor's own ack is written again if
                    # the stick's copy is older than its route, so that it counts in the route
                    and not (
                        f == c and stick.full and (s.stick != here or s.time < stick.route[0][1])
                    )
                )
            ):
                continue
            self.put(stick, f, b, now)
            written += b.size
            copied += 1
        self.tally.copies += copied
        return written

    def pressed(self, stick: Stick, held: int, best: Cut) -> bool:
        """acks._pressed: the stick's segments take more than its free space, and a cut of
        `held` would let one of them go (its blocks all held, some beyond `best`)."""
        if sum(s.size for s in stick.segments) <= self.config.capacity - stick.used:
            return False
        blocks = self.world.blocks
        return any(
            s.mask & blocks & ~best.heads and not s.mask & blocks & ~held for s in stick.segments
        )

    def parts_lacking(self, node: Commune, c: int) -> int:
        """The blocks naming a document some part of which `node` lacks (each feed's last)."""
        world = self.world
        held = node.held & world.chunks
        if held == node.parts_held:
            return node.parts_lacking
        if node.parts_held < 0:  # a new laptop holds its own documents only
            node.parts_held = world.own[c] & world.chunks
            node.parts_lacking = world.docs & ~world.own[c]
        whole = []  # the documents of the parts received since, if now whole
        doc = world.doc_block
        for block in {doc[i] for i in bits(held & ~node.parts_held)}:
            first, count = world.doc_parts[block]
            if (held >> first) & ((1 << count) - 1) == (1 << count) - 1:
                whole.append(block)
        if whole:
            node.parts_lacking &= ~from_positions(whole)
        node.parts_held = held
        return node.parts_lacking

    def held_by_all(self, node: Commune) -> int:
        """What every commune's newest known ack says it holds, and the parts those blocks name."""
        common = super().held_by_all(node)
        if not self.parts_by_heads or not common:
            return common
        if common != node.parts_basis:
            node.parts_basis = common
            node.parts_common = common | self.world.parts_of(common)
        return node.parts_common

    def put(self, stick: Stick, feed: int, ack: Ack | None, now: int) -> None:
        size = ack.size if ack is not None else 0
        grown = size - stick.beacon_size[feed]
        stick.used += grown
        stick.beacon_bytes += grown
        stick.beacon_size[feed] = size
        stick.beacons[feed] = ack
        if ack is not None:
            self.logged(stick, feed, now)

    def place(self, stick: Stick, cut: Cut) -> int:
        """The stick keeps its two newest cuts; acks naming an older one go with it."""
        if cut in stick.cuts:
            return 0
        cuts = sorted([*stick.cuts, cut], key=lambda c: c.key)
        stick.cuts, gone = cuts[-2:], cuts[:-2]
        for old in gone:
            stick.used -= old.size
            stick.beacon_bytes -= old.size
            for f, ack in enumerate(stick.beacons):
                if isinstance(ack, Ack) and ack.cut is old:
                    self.put(stick, f, None, 0)
        if cut not in stick.cuts:
            return 0
        stick.used += cut.size
        stick.beacon_bytes += cut.size
        return cut.size


def simulate(config: Config, scheme: str, world: World | None = None) -> Result:
    kind = CutSimulation if scheme == "cut" else Simulation
    return kind(world or World(config), scheme).run()


def compare(config: Config, scheme: str = "obambu") -> tuple[Result, Result]:
    """A scheme and flooding on the same world, routes and relays."""
    ours, flooding = compare_all(config, (scheme,))
    return ours, flooding


def compare_all(config: Config, schemes: Sequence[str]) -> list[Result]:
    """Each scheme, then flooding, on the same world, routes and relays."""
    world = World(config)
    results = []
    for s in (*schemes, "flooding"):
        results.append(simulate(config, s, world))
        if config.progress:
            print(results[-1], file=sys.stderr, flush=True)
    return results


# --- the report ------------------------------------------------------------------------------


def _mib(n: float) -> str:
    return f"{n / MIB:,.2f} MiB"


def _ratio(a: float, b: float) -> float:
    return a / b if b else math.inf


def _rounds(result: Result) -> str:
    return str(result.rounds) if result.rounds is not None else f">{len(result.round_bytes)}"


def full_stick_beacons(n: int, form: str, prices: Prices) -> int:
    """The beacons a stick holds once it carries one of each of n feeds, each listing every
    feed (a delta's chain is kept under its whole statement's size)."""
    size = prices.v1(n, 0) if form == "v1" else prices.vector(n, 0)
    return n * size


def table(config: Config, results: Sequence[Result]) -> str:
    """One row per scheme, flooding last; ratios against flooding over the same rounds."""
    *schemes, flooding = results
    head = (
        f"{'scheme':<15} {'rounds':>7} {'mean B/visit':>13} {'vs flood':>8} {'beacons':>7} "
        f"{'copies/visit':>12} {'files B/visit':>13} {'worst stick fill':>24} "
        f"{'after: B/visit':>14} {'beacons on a stick':>18} {'per commune':>11} {'secs':>6}"
    )
    lines = [
        f"N = {config.communes:,} communes: {flooding.objects:,} objects, "
        f"{_mib(flooding.data_bytes)}; {config.stick_count} sticks of {_mib(config.capacity)}, "
        f"{config.relay_count} relay links",
        "goal (issue 21): bytes per visit <= 0.3 of flooding's at 1,000 communes ('vs flood')",
        head,
        "-" * len(head),
    ]
    for r in results:
        window = min(len(r.round_bytes), len(flooding.round_bytes))
        same = _ratio(r.bytes_per_visit(window), flooding.bytes_per_visit(window))
        fill = f"{_mib(r.worst_fill)} ({r.fill_share:.1%})"
        t = r.tally
        after = f"{r.tail.mean:,.0f}" if r.tail is not None else "-"
        ratio = f"{same:.3f}" if r is not flooding else "1"
        lines.append(
            f"{r.scheme:<15} {_rounds(r):>7} {r.mean_visit_bytes:>13,.0f} {ratio:>8} "
            f"{t.share(t.beacon_bytes):>7.1%} {t.per_visit(t.copies):>12.1f} "
            f"{t.per_visit(t.files_bytes):>13,.0f} {fill:>24} {after:>14} "
            f"{r.worst_beacons:>18,} {r.worst_beacons / r.communes:>11,.0f} {r.seconds:>6.1f}"
        )
    prices = Prices.derive(max(0, config.blocks - 1))
    forms = {"v1": "today's beacon", "vector": "the varint vector (and delta's whole)"}
    lines.append(
        "beacons on a stick carrying every feed's: "
        + "; ".join(
            f"{name} {_mib(full_stick_beacons(config.communes, form, prices))}"
            for form, name in forms.items()
        )
    )
    for r in schemes:
        if r.tail is not None:
            tail = r.tail
            lines.append(
                f"{r.scheme} after convergence ({config.tail} more rounds): "
                f"{tail.mean:,.0f} B per visit, {tail.share(tail.beacon_bytes):.1%} beacons, "
                f"{tail.per_visit(tail.copies):.1f} beacons written per visit, "
                f"{tail.per_visit(tail.files_bytes):,.0f} B of other files per visit, "
                f"{tail.per_visit(tail.rewritten_bytes):,.0f} B of objects written again after "
                "a prune"
            )
    for r in results:
        if r.cuts:
            lines.append(f"{r.scheme}: {r.cuts} cuts proposed")
        if r.scheme != "flooding":
            lines.append(
                f"{r.scheme}: {r.pruned:,} segments pruned ({r.route_pruned:,} by the route "
                f"rule); {r.held:.1%} held, {r.complete:,} communes complete"
            )
        if r.tally.rewritten_bytes and r.scheme != "flooding":
            lines.append(
                f"{r.scheme}: {r.tally.share(r.tally.rewritten_bytes):.1%} objects written again "
                "after a prune"
            )
        if r.full_at is not None:
            lines.append(
                f"{r.scheme}: its sticks full (nothing written in 100 rounds) at round "
                f"{r.full_at}; not run further: 0 B a visit counted for rounds {r.full_at + 1}-"
                f"{len(r.round_bytes)}, convergence not known"
            )
        elif r.rounds is None:
            ran = len(r.round_bytes)
            progress = (
                "still taking in new objects at the last round"
                if r.last_progress == ran
                else f"nothing new taken in after round {r.last_progress}"
            )
            lines.append(
                f"{r.scheme}: not converged after {ran} rounds ({r.held:.1%} of what communes "
                f"could hold held, {r.complete:,} communes complete), {progress}"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--communes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--quick", action="store_true", help="10 and 100 communes only")
    parser.add_argument(
        "--scheme",
        nargs="+",
        choices=list(BEACONS),
        default=["obambu"],
        help="beacon schemes to run beside flooding",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--blocks", type=int, default=20, help="blocks per commune")
    parser.add_argument("--capacity-mib", type=float, default=256, help="per stick")
    parser.add_argument(
        "--relay-seconds", type=int, default=180, help="daily airtime of a relay at 115,200 baud"
    )
    parser.add_argument("--max-rounds", type=int, default=1500)
    parser.add_argument("--tail", type=int, default=10, help="rounds after convergence")
    parser.add_argument("--progress", type=int, default=0, help="a line to stderr every N rounds")
    parser.add_argument(
        "--flood-until-full",
        action="store_true",
        help="stop flooding once every stick is full (it writes nothing more)",
    )
    parser.add_argument(
        "--restores", type=int, default=0, help="laptops restored from an old backup..."
    )
    parser.add_argument("--restore-round", type=int, default=0, help="...at this round")
    parser.add_argument(
        "--parts-by-seen",
        action="store_true",
        help="cut: acks list segments of document parts seen, as app/sync's beacons today",
    )
    parser.add_argument(
        "--prune",
        choices=["all", "route", "route+compact"],
        default="all",
        help="cut: also prune, once a stick is full, what every commune of its route holds",
    )
    parser.add_argument(
        "--route-visits", type=int, default=16, help="a stick's route: its last so many visits"
    )
    parser.add_argument(
        "--cut-age", type=int, default=10, help="cut: rounds (days) before a new cut (0: none)"
    )
    args = parser.parse_args(argv)
    sizes = [n for n in args.communes if n <= 100] if args.quick else args.communes
    base = Config(
        communes=0,
        seed=args.seed,
        blocks=args.blocks,
        capacity=int(args.capacity_mib * MIB),
        relay_budget=115_200 // 10 * args.relay_seconds,
        max_rounds=args.max_rounds,
        tail=args.tail,
        progress=args.progress,
        flood_until_full=args.flood_until_full,
        restores=args.restores,
        restore_round=args.restore_round,
        parts_by_heads=not args.parts_by_seen,
        prune=args.prune,
        route_visits=args.route_visits,
        cut_age=args.cut_age,
    )
    print(
        f"Sync simulation, seed {args.seed}, {args.blocks} blocks per commune, "
        f"relay budget {base.relay_budget:,} B per link per round"
    )
    for n in sizes:
        config = replace(base, communes=n)
        print()
        print(table(config, compare_all(config, args.scheme)), flush=True)


if __name__ == "__main__":
    main()
