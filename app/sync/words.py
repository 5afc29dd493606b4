"""A feed's word of what it holds, during the upgrade from beacons to cuts and acks
(docs/spec/stick.md, "During the upgrade"; issue 21).

A feed's word is its newest ack once one of its current incarnation is known (an ack whose
"inc" is at least its newest beacon's), its beacon until then: a laptop still on the previous
release counts by its beacon, and a laptop of this release by its ack as soon as one is heard.
What every holder holds is the AND over that mix (`held_by_all`), what export skips and what a
stick prunes; health and the screens read a word's heads and time the same way.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from app.core.node.node import Node
from app.sync import acks, beacon, cuts, own_heads
from app.sync.beacon import Beacon
from app.sync.cuts import Ack, Cut


@dataclass
class Words:
    """Every feed heard of: those whose word is an ack, those whose word is still a beacon."""

    acks: dict[bytes, Ack] = field(default_factory=dict)
    beacons: dict[bytes, Beacon] = field(default_factory=dict)
    cuts: dict[bytes, Cut] = field(default_factory=dict)

    def incarnation(self, feed: bytes) -> int | None:
        if feed in self.acks:
            return self.acks[feed].inc
        if feed in self.beacons:
            return self.beacons[feed].incarnation
        return None

    def heads(self, feed: bytes) -> dict[bytes, int] | None:
        """What `feed` holds as its word says (None: nothing heard, or its ack's cut unknown)."""
        if feed in self.acks:
            ack = self.acks[feed]
            cut = self.cuts.get(ack.cut)
            return None if cut is None else cuts.holding(ack, cut)
        if feed in self.beacons:
            return self.beacons[feed].heads
        return None


def words(node: Node, raised: bool = False, known: acks.Known | None = None) -> Words:
    """Each feed's word. `raised`: a feed's own head raised by the trailers it signed since
    (own_heads: what "what does X hold" reads, never pruning)."""
    known = acks.known(node) if known is None else known
    heard = own_heads.known(node) if raised else beacon.known(node)
    claims = own_heads.load(node) if raised else {}
    out = Words(cuts=known.cuts)
    for b in heard:
        out.beacons[b.feed] = b
    for feed, ack in known.acks.items():
        old = out.beacons.get(feed)
        if old is not None and (ack.inc < old.incarnation or ack.cut not in known.cuts):
            # A beacon of a newer life (its ack of that life not heard yet), or an ack naming
            # a cut not known here: the beacon says what it held in that life, which only grew.
            continue
        out.beacons.pop(feed, None)
        claim = claims.get(feed)
        if claim is not None and claim.time >= ack.inc:
            # Its own head raised by the trailers it signed since, and its word dated by the
            # later of the ack and those trailers (own_heads.shown, as for beacons).
            ack = dataclasses.replace(
                ack, head=max(ack.head, claim.seq + 1), time=max(ack.time, claim.time)
            )
        out.acks[feed] = ack
    return out


def held_by_all(node: Node, heard: Words | None = None) -> dict[bytes, int]:
    """For each feed, the seq every holder's word says it holds (empty until every holder has
    said, and while the cut some holder's ack names is not known)."""
    holders = beacon.holders(node)
    heard = words(node, raised=True) if heard is None else heard
    if not holders or any(heard.incarnation(h) is None for h in holders):
        return {}
    together: dict[bytes, int] | None = None
    by_ack = [h for h in holders if h in heard.acks]
    if by_ack:
        together = cuts.held_by_all(by_ack, heard.acks, heard.cuts)
        if together is None:
            return {}
    for h in holders:
        if h in heard.beacons:
            says = heard.beacons[h].heads
            together = (
                dict(says)
                if together is None
                else {f: min(s, says[f]) for f, s in together.items() if f in says}
            )
    if together and node.feed in holders:
        # This laptop by what it holds, whatever its word on record: restored from a backup,
        # its old life's word claims what it no longer holds until its new one is heard.
        mine = node.heads()
        together = {f: min(s, mine[f]) for f, s in together.items() if f in mine}
    return together or {}


def lives(node: Node, heard: Words | None = None) -> dict[bytes, int] | None:
    """Every holder's incarnation, as its word says (None: one is not heard yet)."""
    heard = words(node) if heard is None else heard
    out = {}
    for h in beacon.holders(node):
        inc = heard.incarnation(h)
        if inc is None:
            return None
        out[h] = inc
    return out


def as_beacons(node: Node) -> list[Beacon]:
    """Each feed's word as a beacon's fields (heads, time, incarnation, key epoch) for those
    who read "what does X hold, and when did it say so": health, spread, the Sync screen. An
    ack whose cut is not known and no beacon beside it is left out (it says nothing yet)."""
    heard = words(node, raised=True)
    out = list(heard.beacons.values())
    for feed, ack in heard.acks.items():
        heads = heard.heads(feed)
        if heads is None:
            continue
        out.append(
            Beacon(feed, ack.aseq, ack.time, heads, 0, ack.seen, ack.keys, ack.data, ack.inc)
        )
    return sorted(out, key=lambda b: b.feed)
