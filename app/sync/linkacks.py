"""The cuts and acknowledgements a session over a link carries (docs/sync.md, "Session"; issue
21), between two laptops whose hellos both announce "acks".

Before its `done` each side sends the cuts it keeps (`cuts`: the two newest, as a stick) and
which ack of each feed it keeps (`have`: feed, incarnation, aseq); once both are done and it
applied what came, our own ack (made as a visit makes it: acks.own_ack) and each feed's newest
ack naming one of those cuts, unless the peer has it or a newer one (`acks`).

What arrives is hostile: each statement is bounded and checked as a stick's files are
(cuts.node_bounds, read_cut, read_ack, its exceptions against its cut) before anything is kept
through acks.remember; a refused one is counted, with the sentence of the first, and the
session goes on. The statements are the signed bytes, not sealed: the link is a proven peer's,
as for beacons.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import cast

from app.core.node.node import Node
from app.sync import acks, beacon, cuts
from app.sync.cuts import Ack, Cut
from app.sync.errors import StatementRefused


@dataclass
class Taken:
    """What one message of the peer's gave: statements that checked (each kept unless one as
    new is known: acks.remember), refused, and why (the first)."""

    kept: int = 0
    refused: int = 0
    why: str = ""

    def refuse(self, exc: StatementRefused) -> None:
        self.refused += 1
        self.why = self.why or exc.message


Have = dict[bytes, tuple[int, int]]  # feed -> (inc, aseq) of the ack the peer keeps


def cuts_to_send(node: Node) -> tuple[list[bytes], list[list[object]]]:
    """The two newest cuts we keep, and which ack of each feed we keep (the peer's `Have`)."""
    know = acks.known(node)
    kept, _ = cuts.keep_on_stick(know.cuts.values(), [])
    have = [[feed, ack.inc, ack.aseq] for feed, ack in sorted(know.acks.items())]
    return [c.data for c in kept], have


def peer_has(have: list[list[object]]) -> Have:
    """The peer's `have` (checked by messages.py): what not to send it again."""
    return {bytes(cast(bytes, f)): (int(cast(int, i)), int(cast(int, s))) for f, i, s in have}


def acks_to_send(node: Node, has: Have | None = None) -> list[bytes]:
    """Our ack, made now if due, and each feed's newest ack naming one of the two newest cuts,
    but those the peer keeps already (`has`) or as new."""
    know = acks.known(node)
    newest = cuts.newest_cut(know.cuts.values())
    if newest is None:
        return []  # nothing to acknowledge yet: no cut was proposed on any stick
    ours = own_ack(node, know, newest)
    if ours is not None:
        know.acks[node.feed] = ours
    _, kept = cuts.keep_on_stick(know.cuts.values(), know.acks.values())
    has = has or {}
    return [a.data for f, a in kept.items() if a.order > has.get(f, (-1, -1))]


def own_ack(node: Node, know: acks.Known, newest: Cut) -> Ack | None:
    """A session is a visit of sorts: our ack is made again when it would say something new
    (we hold more now, or a newer cut came), or when it is a day old (beacon.REFRESH), so
    that the peer dates us by it. The segments of proofs it says we took in whole are those our
    kept ack says: a link carries none."""
    kept = know.acks.get(node.feed)
    seen = kept.seen if kept is not None else frozenset()
    now = int(time.time())
    return acks.own_ack(
        node, know, newest, acks.held(node), seen, lambda ours: now >= ours.time + beacon.REFRESH
    )


def take_cuts(node: Node, blobs: list[bytes]) -> Taken:
    """The peer's cuts (two at most: messages.py), each read as a stick's; those that check
    are kept."""
    bounds, signers = cuts.node_bounds(node), cuts.node_signers(node)
    found, taken = acks.OnStick(), Taken()
    for data in blobs:
        try:
            cut = cuts.read_cut(data, signers, node.network_id, bounds)
        except StatementRefused as exc:
            taken.refuse(exc)
            continue
        found.cuts[cut.name] = cut
    if found.cuts:
        acks.remember(node, found)
    taken.kept = len(found.cuts)
    return taken


def take_acks(node: Node, blobs: list[bytes]) -> Taken:
    """The peer's acks: at most one a feed the network may hold (cuts.Bounds.feeds; more are
    refused unread), each read as a stick's and fitted to its cut when that is known; of each
    feed the newest is kept if newer than ours (acks.remember)."""
    bounds, signers = cuts.node_bounds(node), cuts.node_signers(node)
    judge = acks.known(node).cuts
    found, taken = acks.OnStick(), Taken()
    for data in blobs[: bounds.feeds]:
        try:
            ack = cuts.read_ack(data, signers, node.network_id, bounds)
            if ack.cut in judge:
                cuts.holding(ack, judge[ack.cut])  # its exceptions fit its cut, or refused
        except StatementRefused as exc:
            taken.refuse(exc)
            continue
        if cuts.newer_ack(found.acks.get(ack.feed), ack):
            found.acks[ack.feed] = ack
    if len(blobs) > bounds.feeds:
        taken.refuse(StatementRefused("The other side sent more acknowledgements than feeds."))
        taken.refused += len(blobs) - bounds.feeds - 1
    if found.acks:
        acks.remember(node, found)
    taken.kept = len(found.acks)
    return taken
