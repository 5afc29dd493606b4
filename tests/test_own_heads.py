"""A feed's own head (docs/spec/stick.md): its beacon's, raised by the trailers it signed in
the same life; kept in the store; never raised by a trailer of another feed or another life."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

from app.core.encoding import cbor
from app.core.ledger import incarnation
from app.core.node import backups
from app.sync import beacon, own_heads
from app.sync.export import held_by_all, trailer_payload
from app.sync.signed import sign
from app.sync.stick import SegmentInfo
from tests.conftest import Network
from tests.sync_kit import post

A, B = b"A" * 8, b"B" * 8


def _info(creator: bytes, feeds: list[tuple[bytes, int, int]], at: int) -> SegmentInfo:
    return SegmentInfo("s.obs", 0, creator, at, 0, feeds, [], [], b"")


def _beacon(feed: bytes, heads: dict[bytes, int], inc: int = 0) -> beacon.Beacon:
    return beacon.Beacon(feed, 1, 100, heads, 0, frozenset(), 0, b"", inc)


def test_a_trailer_raises_only_its_signers_own_feed() -> None:
    claims = own_heads.claims_in(
        [
            _info(A, [(A, 0, 4), (B, 0, 9)], 50),  # A's own blocks to 4; B's say nothing of B
            _info(A, [(A, 5, 7)], 60),
            _info(B, [(A, 0, 12)], 70),  # B wrote A's blocks: no claim of A's, none of B's
        ]
    )
    assert claims == {A: own_heads.Claim(7, 60)}
    heard = _beacon(A, {A: 3, B: 2})
    assert own_heads.heads(heard, claims[A]) == {A: 7, B: 2}
    assert own_heads.heads(heard, own_heads.Claim(2, 60)) is heard.heads  # says less


def test_a_trailer_of_an_earlier_life_raises_nothing() -> None:
    restored = _beacon(A, {A: 3}, inc=1000)
    assert own_heads.heads(restored, own_heads.Claim(9, 999)) == {A: 3}
    assert own_heads.heads(restored, own_heads.Claim(9, 1000)) == {A: 9}


def test_claims_are_kept_and_a_claim_of_a_lost_life_gives_way(net: Network) -> None:
    a, b, _ = net.nodes
    own_heads.hear(a, {b.feed: own_heads.Claim(9, 100)})
    own_heads.hear(a, {b.feed: own_heads.Claim(5, 200)})  # lower, same life: kept the higher
    assert own_heads.load(a) == {b.feed: own_heads.Claim(9, 100)}
    # b is restored: its beacon's incarnation is after the old claim, which then gives way.
    order = beacon.genesis_feeds(a)
    restored = beacon.payload(50, int(time.time()), {b.feed: 3}, 0, [], 0, 300, order)
    beacon.remember(a, beacon.parse(a, sign(b, restored)))
    own_heads.hear(a, {b.feed: own_heads.Claim(4, 310)})
    assert own_heads.load(a) == {b.feed: own_heads.Claim(4, 310)}
    (shown,) = [x for x in own_heads.known(a) if x.feed == b.feed]
    assert shown.heads[b.feed] == 4


def test_a_trailer_read_from_a_stick_is_heard_and_raises_what_all_hold(net: Network) -> None:
    a, b, c = net.nodes
    for node in (a, b, c):  # every authority's beacon is known to a
        beacon.remember(a, beacon.parse(a, beacon.make(node, [])))
    before = held_by_all(a)
    post(b, "un avis")
    net.sync([a, b])  # a holds b's new block; c does not: what all hold stays as it was
    head = b.heads()[b.feed]
    trailer = sign(
        b, trailer_payload(int(time.time()), 1, bytes(32), [[b.feed, head, head]], [], [])
    )
    own_heads.take_trailer(a, trailer)
    assert own_heads.load(a)[b.feed].seq == head
    assert held_by_all(a) == before
    (seen,) = [x for x in own_heads.known(a) if x.feed == b.feed]
    assert seen.heads[b.feed] == head


def test_bytes_from_outside_claim_nothing(net: Network) -> None:
    a = net.nodes[0]
    rng = random.Random(7)
    valid = sign(a, trailer_payload(1, 1, bytes(32), [[a.feed, 3, 3]], [], []))
    for _ in range(300):
        junk = bytearray(valid if rng.random() < 0.5 else os.urandom(rng.randrange(1, 300)))
        for _ in range(rng.randrange(1, 4)):
            junk[rng.randrange(len(junk))] = rng.randrange(256)
        own_heads.take_trailer(a, bytes(junk))
    own_heads.take_trailer(a, None)
    forged = sign(a, {"v": 1, "time": -1, "feeds": [[a.feed, 0, 1 << 63]]})
    own_heads.take_trailer(a, forged)
    assert own_heads.load(a) in ({}, {a.feed: own_heads.Claim(3, 1)})
    with a.store.transaction():
        a.store.set_meta(own_heads.META, cbor.encode([[b"short", 1, 2]]))
    assert own_heads.load(a) == {}  # a damaged record: beacons alone, which is safe


def test_a_restored_laptop_fixes_its_incarnation_after_its_own_trailers(
    net: Network, tmp_path: Path
) -> None:
    """A trailer of its old life, heard before its first beacon, must raise nothing in its new
    one: the incarnation it fixes is later than that trailer, within half a day ahead."""
    saved = backups.export(net.nodes[0], "sauvegarde")
    restored = backups.restore(tmp_path / "new", saved, "sauvegarde", "nouveau")
    try:
        now = int(time.time())
        incarnation.hear_trailer(restored.store, 0, now + 3600)  # its old clock was ahead
        assert incarnation.current(restored.store) > now + 3600
    finally:
        restored.close()
    again = backups.restore(tmp_path / "again", saved, "sauvegarde", "nouveau")
    try:
        incarnation.hear_trailer(again.store, 0, int(time.time()) + 3 * 86_400)
        ahead = incarnation.current(again.store) - time.time()
        assert incarnation.AHEAD < ahead <= incarnation.AHEAD + 2  # capped: readers would refuse
    finally:
        again.close()
