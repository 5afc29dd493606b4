"""A feed's own head: what its beacon says, raised by the segment trailers it signed since.

A visit that only adds blocks of the writer's own feed leaves its beacon unwritten when the
segment it just wrote, signed by it, lists them (export._write_beacons): a trailer is the
feed's signed word that it holds every block it lists, so a second word would cost ~200 bytes
a visit for nothing. Readers therefore take a feed's head of its own feed as the higher of its
beacon's and of the highest seq of its own feed listed by a trailer it signed at or after that
beacon's incarnation (docs/spec/stick.md, "A feed's own head"). The claims are kept in the
store, so that the screens and the next stick see the same heads after this stick has gone.

Pruning does not use this rule: a stick keeps a segment until the beacons show its blocks, so
a trailer that raised a head is never deleted before a beacon says the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.core.encoding import cbor
from app.core.ledger import incarnation
from app.core.node.node import Node
from app.sync import beacon
from app.sync.beacon import Beacon, bounded, sized_id
from app.sync.signed import Forged, open_signed
from app.sync.stick import SegmentInfo

META = "own_heads"  # the store's meta key: CBOR [[feed id, seq, trailer time], …]
KEPT = 100_000  # feeds kept (a network has at most a few thousand); past it, newest heads win


@dataclass(frozen=True)
class Claim:
    """A trailer signed by a feed listing that feed's own blocks up to `seq`, signed at `time`."""

    seq: int
    time: int


def claims_in(segments: Iterable[SegmentInfo]) -> dict[bytes, Claim]:
    """For each feed that signed one of `segments`, its highest claim over its own feed."""
    out: dict[bytes, Claim] = {}
    for info in segments:
        claim = _own(info.creator, info.feeds, info.time)
        if claim is not None:
            out[info.creator] = higher(out.get(info.creator), claim)
    return out


def take_trailer(node: Node, trailer: bytes | None) -> None:
    """Hears a segment trailer read from a stick (intake): its signer's own head, kept."""
    if trailer is None:
        return
    try:
        feed, body = open_signed(node, trailer)
        ranges = [(sized_id(a, 8), bounded(f), bounded(last)) for a, f, last in body["feeds"]]
        claim = _own(feed, ranges, bounded(body["time"]))
    except (Forged, KeyError, TypeError, ValueError):
        return  # not believed, or no directory: it claims nothing
    if claim is not None:
        hear(node, {feed: claim})


def hear(node: Node, claims: dict[bytes, Claim]) -> None:
    """Keeps `claims` where they raise what is known. Our own feed's, while this laptop is
    restoring, are taken as word of what it signed (incarnation.hear_trailer)."""
    if not claims:
        return
    mine = claims.get(node.feed)
    if mine is not None:
        incarnation.hear_trailer(node.store, mine.seq, mine.time)
    kept = load(node)
    # The incarnation of each feed's newest beacon, as stored: no signature checked again for
    # each segment an import reads.
    lives = {
        feed: int(node.store.value("SELECT incarnation FROM beacons WHERE commune = ?", (feed,), 0))
        for feed in claims
    }
    changed = False
    for feed, claim in claims.items():
        old = kept.get(feed)
        # A claim older than the feed's newest incarnation is of a life it may have lost.
        dead = old is not None and old.time < lives.get(feed, 0)
        if old != claim and (old is None or dead or claim.seq > old.seq):
            kept[feed] = claim
            changed = True
    if changed:
        _save(node, kept)


def load(node: Node) -> dict[bytes, Claim]:
    """The claims kept; an unreadable record counts as none (beacons alone then: safe)."""
    raw = node.store.meta(META)
    if raw is None:
        return {}
    try:
        record: Any = cbor.decode(raw)
        return {sized_id(f, 8): Claim(bounded(s), bounded(t)) for f, s, t in record}
    except (ValueError, TypeError):
        return {}


def heads(heard: Beacon, claim: Claim | None) -> dict[bytes, int]:
    """`heard`'s heads with its own feed's raised by `claim`, when the claim is of the
    beacon's life (signed at or after its incarnation) and says more."""
    own = heard.heads.get(heard.feed, -1)
    if claim is None or claim.time < heard.incarnation or claim.seq <= own:
        return heard.heads
    return {**heard.heads, heard.feed: claim.seq}


def shown(heard: Beacon, claim: Claim | None) -> Beacon:
    """`heard` as a reader that knows `claim` takes it: its own head raised, and its time the
    claim's when later (a feed that writes a segment each day writes its beacon less often,
    and the screens date its last word by either)."""
    raised = heads(heard, claim)
    later = claim is not None and claim.time > heard.time and claim.time >= heard.incarnation
    if raised is heard.heads and not later:
        return heard
    return Beacon(
        heard.feed,
        heard.bseq,
        claim.time if claim is not None and later else heard.time,
        raised,
        heard.chunks,
        heard.seen,
        heard.keys,
        heard.data,
        heard.incarnation,
    )


def known(node: Node) -> list[Beacon]:
    """Every feed's newest beacon as readers take it: its own head raised by the claims kept.
    What "what does X hold" reads (health, held_by_all), but never pruning."""
    kept = load(node)
    return [shown(b, kept.get(b.feed)) for b in beacon.known(node)]


def _own(feed: bytes, ranges: Iterable[tuple[bytes, int, int]], at: int) -> Claim | None:
    seqs = [last for author, _, last in ranges if author == feed]
    return Claim(max(seqs), at) if seqs else None


def higher(old: Claim | None, new: Claim) -> Claim:
    if old is None or (new.seq, new.time) > (old.seq, old.time):
        return new
    return old


def _save(node: Node, kept: dict[bytes, Claim]) -> None:
    newest = sorted(kept.items(), key=lambda item: -item[1].time)[:KEPT]
    record = [[feed, c.seq, c.time] for feed, c in sorted(newest)]
    with node.store.transaction():
        node.store.set_meta(META, cbor.encode(record))
