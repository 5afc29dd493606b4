"""app/sync/cuts.py: cuts and acknowledgements built, signed, read back from hostile bytes and
judged by the rules of docs/spec/stick.md, "Cuts and acknowledgements"."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping

import pytest

from app.core.crypto.keys import KeyPair
from app.core.errors import ObambuError
from app.sync import cuts
from bench.stick_prices import Prices

NETWORK = bytes(range(32))
TRANSPORT = bytes(range(0x40, 0x60))
TIME = 1_767_225_600
COMMUNES = [KeyPair(bytes([i]) * 32) for i in range(1, 5)]  # the genesis' four
LAPTOP = KeyPair(bytes([9]) * 32)  # a further laptop of the first commune
ORDER = tuple(k.kid for k in COMMUNES)
BOUNDS = cuts.Bounds(ORDER, 1)
A, B, C, D = ORDER


def signers(kid: bytes) -> cuts.Signer | None:
    for key in COMMUNES:
        if key.kid == kid:
            return cuts.Signer(key.public_key, key.kid, True)
    if kid == LAPTOP.kid:
        return cuts.Signer(LAPTOP.public_key, LAPTOP.kid, False)
    return None


def make_cut(height: int, heads: Mapping[bytes, int], by: KeyPair = COMMUNES[0]) -> cuts.Cut:
    payload = cuts.cut_payload(height, by.kid, TIME, heads, ORDER)
    return cuts.read_cut(cuts.sign(payload, by.signing_key, NETWORK), signers, NETWORK, BOUNDS)


def make_ack(
    key: KeyPair,
    cut: cuts.Cut,
    held: Mapping[bytes, int],
    *,
    aseq: int = 1,
    inc: int = 0,
    keys: int = 0,
    seen: Iterable[str] = (),
) -> cuts.Ack:
    own = held.get(key.kid, -1) + 1
    payload = cuts.ack_payload(
        aseq, TIME, cut.name, cuts.exceptions_of(cut, held, key.kid), own, keys, inc, seen
    )
    data = cuts.sign(payload, key.signing_key, NETWORK)
    return cuts.read_ack(data, signers, NETWORK, BOUNDS, now=TIME)


FULL = {A: 9, B: 9, C: 9, D: 9}


def test_a_cut_and_an_ack_read_back_as_built_with_a_feed_outside_the_genesis() -> None:
    cut = make_cut(3, FULL | {LAPTOP.kid: 2})
    assert cut.heads() == FULL | {LAPTOP.kid: 2}
    assert cut.feeds == (*ORDER, LAPTOP.kid) and cut.counts == (10, 10, 10, 10, 3)
    ack = make_ack(LAPTOP, cut, {A: 9, B: 4, C: 9, LAPTOP.kid: 5})  # D: none
    assert ack.feed == LAPTOP.kid and ack.exceptions == ((1, 5), (3, 0))
    assert cuts.holding(ack, cut) == {A: 9, B: 4, C: 9, LAPTOP.kid: 5}


def test_held_by_all_is_the_and_of_every_holders_newest_ack() -> None:
    cut = make_cut(1, FULL)
    acks = {
        A: make_ack(COMMUNES[0], cut, FULL),
        B: make_ack(COMMUNES[1], cut, FULL | {C: 3}),
        C: make_ack(COMMUNES[2], cut, FULL | {A: 5, C: 12}),  # its own feed beyond the cut
    }
    known = {cut.name: cut}
    assert cuts.held_by_all([A, B, C], acks, known) == {A: 5, B: 9, C: 3, D: 9}
    # Until every holder's ack is known, nothing is held by all.
    assert cuts.held_by_all([A, B, C, D], acks, known) is None
    acks[D] = make_ack(COMMUNES[3], cut, {A: 9, B: 9, D: 9})  # none of C
    assert cuts.held_by_all([A, B, C, D], acks, known) == {A: 5, B: 9, D: 9}
    # An ack naming a cut nobody here knows tells nothing yet.
    other = make_cut(2, FULL | {A: 10})
    acks[D] = make_ack(COMMUNES[3], other, FULL | {A: 10}, aseq=2)
    assert cuts.held_by_all([A, B, C, D], acks, known) is None


def test_a_restored_laptops_new_ack_replaces_its_old_one_and_the_and_falls() -> None:
    cut = make_cut(1, FULL)
    old = make_ack(COMMUNES[1], cut, FULL, aseq=40)
    restored = make_ack(COMMUNES[1], cut, {B: 6}, aseq=1, inc=TIME)  # its own feed from backup
    assert cuts.newer_ack(old, restored) and not cuts.newer_ack(restored, old)
    acks = {A: make_ack(COMMUNES[0], cut, FULL), B: old}
    assert cuts.held_by_all([A, B], acks, {cut.name: cut}) == FULL
    acks[B] = restored
    assert cuts.held_by_all([A, B], acks, {cut.name: cut}) == {B: 6}
    # A restore that has not happened yet is refused.
    with pytest.raises(cuts.StatementRefused, match="restore"):
        cuts.read_ack(restored.data, signers, NETWORK, BOUNDS, now=TIME - 2 * cuts.FUTURE)


def test_a_new_cut_is_proposed_only_once_the_last_reached_every_holder() -> None:
    assert cuts.may_propose(None, [A, B], {}, {A: 0})
    cut = make_cut(1, FULL)
    more = FULL | {A: 12}
    acks = {A: make_ack(COMMUNES[0], cut, more)}
    assert not cuts.may_propose(cut, [A, B], acks, more)  # B has not acknowledged it
    acks[B] = make_ack(COMMUNES[1], cut, FULL | {C: 2})  # with an exception: still names it
    assert cuts.may_propose(cut, [A, B], acks, more)
    assert not cuts.may_propose(cut, [A, B], acks, FULL)  # nothing more than the cut
    assert not cuts.may_propose(cut, [A, B], acks, more | {D: 8})  # less of D than the cut
    newer = make_cut(1, FULL, by=COMMUNES[3])  # the same height, proposed at once
    assert cuts.newest_cut([cut, newer]) is newer and newer.order > cut.order
    acks[B] = make_ack(COMMUNES[1], newer, FULL, aseq=2)
    assert not cuts.may_propose(newer, [A, B], acks, more)  # A still names the other


def test_a_new_cut_waits_until_the_newest_is_cut_age_old_unless_the_stick_needs_it() -> None:
    cut = make_cut(1, FULL)  # signed at TIME
    more = FULL | {A: 12}
    acks = {A: make_ack(COMMUNES[0], cut, more), B: make_ack(COMMUNES[1], cut, FULL)}
    old = TIME + cuts.CUT_AGE
    assert not cuts.may_propose(cut, [A, B], acks, more, now=old - 1)
    assert cuts.may_propose(cut, [A, B], acks, more, now=old)
    assert cuts.may_propose(cut, [A, B], acks, more, now=TIME, pressed=True)  # the stick fills
    # A cut dated far ahead of our clock (its signer's is wrong) does not hold cuts back.
    assert not cuts.may_propose(cut, [A, B], acks, more, now=TIME - cuts.FUTURE)
    assert cuts.may_propose(cut, [A, B], acks, more, now=TIME - cuts.FUTURE - 1)
    # The rate never lets through what the rest of the rule refuses, nor holds back a first cut.
    assert not cuts.may_propose(cut, [A, B], acks, FULL, now=old, pressed=True)
    assert cuts.may_propose(None, [A, B], {}, {A: 0}, now=TIME)


def test_a_feed_is_claimed_only_up_to_the_block_before_a_document_it_lacks() -> None:
    heads = {A: 9, B: 4, C: 0}
    assert cuts.covered(heads, {A: 7, C: 0}) == {A: 6, B: 4}
    cut = make_cut(1, FULL)
    ack = make_ack(COMMUNES[1], cut, cuts.covered(FULL, {A: 7}))
    assert cuts.holding(ack, cut)[A] == 6 and ack.exceptions == ((0, 7),)


def test_a_stick_keeps_two_cuts_and_one_ack_a_feed_naming_one_of_them() -> None:
    first, second, third = (make_cut(h, FULL | {A: 9 + h}) for h in (1, 2, 3))
    a1 = make_ack(COMMUNES[0], first, FULL | {A: 10}, aseq=1)
    a2 = make_ack(COMMUNES[0], second, FULL | {A: 11}, aseq=2)
    b1 = make_ack(COMMUNES[1], first, FULL | {A: 10}, aseq=7)
    c2 = make_ack(COMMUNES[2], second, FULL | {A: 11}, aseq=3)
    kept, acks = cuts.keep_on_stick([first, second], [a1, a2, b1, c2])
    assert kept == [first, second] and acks == {A: a2, B: b1, C: c2}
    kept, acks = cuts.keep_on_stick([first, second, third, third], [a1, a2, b1, c2])
    assert kept == [second, third] and acks == {A: a2, C: c2}  # b1 went with the first cut


def test_a_visit_writes_an_ack_only_when_it_says_something_new() -> None:
    cut = make_cut(1, FULL)
    copy = make_ack(COMMUNES[0], cut, FULL | {C: 3}, aseq=5)
    assert cuts.worth_writing(None, copy)
    assert not cuts.worth_writing(copy, make_ack(COMMUNES[0], cut, FULL | {C: 3, A: 15}, aseq=6))
    assert cuts.worth_writing(copy, make_ack(COMMUNES[0], cut, FULL, aseq=6))
    assert cuts.worth_writing(copy, make_ack(COMMUNES[0], cut, FULL | {C: 3}, aseq=6, keys=1))
    assert cuts.worth_writing(copy, make_ack(COMMUNES[0], cut, FULL | {C: 3}, aseq=1, inc=TIME))
    assert not cuts.worth_writing(copy, make_ack(COMMUNES[0], cut, FULL, aseq=4))  # older
    newer = make_cut(2, FULL | {A: 12})
    assert cuts.worth_writing(copy, make_ack(COMMUNES[0], newer, FULL | {A: 12}, aseq=6))


def test_an_ack_written_elsewhere_does_not_replace_a_copy_that_saw_this_sticks_proofs() -> None:
    """Of the segments in "seen", only those now on this stick (`here`) make a newer ack
    worth writing; one that lacks a segment of this stick the copy lists leaves the copy."""
    cut = make_cut(1, FULL)
    copy = make_ack(COMMUNES[0], cut, FULL, aseq=5, seen=["p1.obs"])
    elsewhere = make_ack(COMMUNES[0], cut, FULL, aseq=6, seen=["m1.obs"])
    here = {"p1.obs", "s2.obs"}
    assert cuts.worth_writing(copy, elsewhere)  # no stick named: every name counts
    assert not cuts.worth_writing(copy, elsewhere, here)
    assert not cuts.worth_writing(copy, make_ack(COMMUNES[0], cut, FULL, aseq=6), here)
    more = make_ack(COMMUNES[0], cut, FULL, aseq=6, seen=["p1.obs", "s2.obs"])
    assert cuts.worth_writing(copy, more, here)
    assert cuts.worth_writing(copy, make_ack(COMMUNES[0], cut, FULL | {C: 3}, aseq=6), here)
    restored = make_ack(COMMUNES[0], cut, FULL, aseq=1, inc=TIME)
    assert cuts.worth_writing(copy, restored, here)  # another life: its copy says nothing


def test_a_segment_is_held_by_all_when_each_of_its_ranges_is() -> None:
    together = {A: 9, B: 4}
    assert cuts.segment_held_by_all([(A, 0, 9), (B, 3, 4)], together)
    assert not cuts.segment_held_by_all([(A, 0, 9), (B, 3, 5)], together)
    assert not cuts.segment_held_by_all([(C, 0, 0)], together)


def test_a_cut_signed_by_a_laptop_or_for_another_commune_is_refused() -> None:
    payload = cuts.cut_payload(1, LAPTOP.kid, TIME, FULL, ORDER)
    with pytest.raises(cuts.StatementRefused, match="not signed by the commune"):
        cuts.read_cut(cuts.sign(payload, LAPTOP.signing_key, NETWORK), signers, NETWORK, BOUNDS)
    payload = cuts.cut_payload(1, B, TIME, FULL, ORDER)
    forged = cuts.sign(payload, COMMUNES[0].signing_key, NETWORK)
    with pytest.raises(cuts.StatementRefused, match="not signed by the commune"):
        cuts.read_cut(forged, signers, NETWORK, BOUNDS)
    stranger = KeyPair(bytes([77]) * 32)
    with pytest.raises(cuts.StatementRefused, match="not signed by a key"):
        cuts.read_cut(cuts.sign(payload, stranger.signing_key, NETWORK), signers, NETWORK, BOUNDS)
    with pytest.raises(cuts.StatementRefused, match="not a valid signed"):  # another network
        cuts.read_cut(
            cuts.sign(payload, COMMUNES[1].signing_key, bytes(32)), signers, NETWORK, BOUNDS
        )


def test_oversized_statements_are_refused_before_a_byte_is_decoded() -> None:
    def untouched(kid: bytes) -> cuts.Signer | None:
        raise AssertionError("read before its size was checked")

    with pytest.raises(cuts.StatementRefused, match="larger"):
        cuts.read_cut(bytes(BOUNDS.cut_bytes + 1), untouched, NETWORK, BOUNDS)
    with pytest.raises(cuts.StatementRefused, match="larger"):
        cuts.read_ack(bytes(BOUNDS.ack_bytes + 1), untouched, NETWORK, BOUNDS)
    with pytest.raises(cuts.StatementRefused, match="larger"):
        cuts.open_file(bytes(BOUNDS.cut_bytes + 49), cuts.CUT_PURPOSE, untouched, BOUNDS.cut_bytes)
    # More exceptions than the network has feeds (each valid varints) are refused too.
    pairs = bytes([0, 1]) * (BOUNDS.feeds + 1)
    payload = cuts.ack_payload(1, TIME, bytes(16), {}, 1, 0, 0) | {"except": pairs}
    with pytest.raises(cuts.StatementRefused):
        cuts.read_ack(
            cuts.sign(payload, COMMUNES[0].signing_key, NETWORK), signers, NETWORK, BOUNDS
        )


def test_a_sealed_file_opens_only_as_its_purpose_and_under_a_key_held() -> None:
    cut = make_cut(1, FULL)
    blob = cuts.seal(cut.data, cuts.CUT_PURPOSE, TRANSPORT, 3)
    keys = {3: TRANSPORT}.get
    assert cuts.open_file(blob, cuts.CUT_PURPOSE, keys, BOUNDS.cut_bytes) == cut.data
    with pytest.raises(cuts.StatementRefused, match="damaged"):
        cuts.open_file(blob, cuts.ACK_PURPOSE, keys, BOUNDS.ack_bytes)
    with pytest.raises(cuts.StatementRefused, match="lacks"):
        cuts.open_file(blob, cuts.CUT_PURPOSE, {}.get, BOUNDS.cut_bytes)
    with pytest.raises(ValueError):
        cuts.seal(cut.data, b"beacon", TRANSPORT, 3)


def test_a_refusal_is_an_error_with_its_code_and_one_sentence() -> None:
    with pytest.raises(ObambuError) as caught:
        cuts.read_ack(b"\x00", signers, NETWORK, BOUNDS)
    assert caught.value.code == "statement_refused"
    assert caught.value.message.endswith(".") and "\n" not in caught.value.message


@pytest.mark.parametrize("seq", [0, 19, 100, 5000])
def test_the_modules_sizes_are_the_simulations_prices(seq: int) -> None:
    """bench/stick_prices.py prices cuts and acks from this module's payloads; with real ids,
    real signatures and the real seal the files are the sizes the simulation counts."""
    rng = random.Random(seq)
    prices = Prices.derive(seq)
    for feeds in (1, 24, 130, 1000):
        keys = [KeyPair(rng.randbytes(32)) for _ in range(min(feeds, 3))]
        order = tuple(k.kid for k in keys) + tuple(rng.randbytes(8) for _ in range(feeds - 3))
        heads = dict.fromkeys(order, seq)
        payload = cuts.cut_payload(1000, keys[0].kid, TIME + rng.randrange(10**6), heads, order)
        blob = cuts.seal(cuts.sign(payload, keys[0].signing_key, NETWORK), b"cut", TRANSPORT, 0)
        if seq < 127:  # the cut's price assumes one byte a feed
            assert len(blob) == prices.cut(feeds)
        missing = sorted(rng.sample(range(feeds), min(feeds, 40)))
        held = {i: rng.randrange(0, min(seq + 1, 127)) for i in missing}
        payload = cuts.ack_payload(1000, TIME, rng.randbytes(16), held, seq + 1, 0, 0)
        blob = cuts.seal(
            cuts.sign(payload, keys[1 % len(keys)].signing_key, NETWORK), b"ack", TRANSPORT, 0
        )
        assert len(blob) == prices.ack(missing, 0)
    # The figures docs/performance.md states: 173 B + 1 B a feed, 207 B + 2 B an exception.
    assert Prices.derive(19).cut(0) == 173 and Prices.derive(19).cut(10_000) == 10_176
    assert Prices.derive(19).ack([], 0) == 207 and Prices.derive(19).ack([5, 9], 0) == 211


def _and_of_holdings(
    holders: list[bytes], acks: Mapping[bytes, cuts.Ack], known: Mapping[bytes, cuts.Cut]
) -> dict[bytes, int]:
    """The rule as the spec says it: the least, over holders, of what each holds."""
    every = [cuts.holding(acks[h], known[acks[h].cut]) for h in holders]
    return {f: min(h[f] for h in every) for f in every[0] if all(f in h for h in every)}


@pytest.mark.parametrize("seed", range(40))
def test_held_by_all_walks_less_but_says_what_the_and_of_holdings_says(seed: int) -> None:
    """held_by_all groups the acks by cut and walks only where one says other than its cut;
    on random networks (feeds outside the cut, exceptions on an ack's own feed, heads of 0,
    two cuts) it gives the AND of `holding` exactly."""
    rng = random.Random(seed)
    n = rng.randint(1, 12)
    feeds = [rng.randbytes(8) for _ in range(n + 2)]
    made = []
    for height in range(rng.randint(1, 2)):
        listed = feeds[: rng.randint(1, n)]
        counts = tuple(rng.randint(0, 6) for _ in listed)
        made.append(cuts.Cut(height, listed[0], 0, tuple(listed), counts, bytes([height])))
    known = {c.name: c for c in made}
    holders = rng.sample(feeds, rng.randint(1, len(feeds)))
    acks = {}
    for feed in holders:
        cut = rng.choice(made)
        places = [i for i, c in enumerate(cut.counts) if c]
        exceptions = sorted(rng.sample(places, rng.randint(0, len(places))))
        said = tuple((i, rng.randrange(cut.counts[i])) for i in exceptions)
        acks[feed] = cuts.Ack(feed, 1, 0, cut.name, said, rng.randint(0, 8), 0, 0, frozenset(), b"")
    assert cuts.held_by_all(holders, acks, known) == _and_of_holdings(holders, acks, known)


def test_the_reading_bench_reads_what_it_wrote() -> None:
    """bench/cut_reading.py at a small size: every ack read, sizes as the prices say (no
    timing asserted: speed is the bench's, figures in docs/performance.md)."""
    from bench import cut_reading

    figures = cut_reading.measure(30)
    assert figures["cut"] == Prices.derive(19).cut(30) - 2  # height 1, not the price's 1000
    assert 207 <= figures["ack"] <= 211


def test_the_largest_honest_statements_fit_their_bounds() -> None:
    """The bounds refuse nothing honest: a cut of every feed at seq 2,097,150 (3 varint bytes)
    with every further feed and the 64 of slack at the largest seq, and an ack excepting every
    feed with 256 segment names of 64 characters, are read."""
    genesis = (*ORDER, *(bytes([0xEE]) + i.to_bytes(7, "big") for i in range(996)))
    bounds = cuts.Bounds(genesis, 10)
    further = [bytes([0xF0]) + i.to_bytes(7, "big") for i in range(10 + cuts.SLACK)]
    heads = dict.fromkeys(genesis, 2_097_150) | dict.fromkeys(further, cuts.LIMIT - 1)
    payload = cuts.cut_payload(cuts.LIMIT - 1, A, cuts.LIMIT - 1, heads, genesis)
    data = cuts.sign(payload, COMMUNES[0].signing_key, NETWORK)
    cut = cuts.read_cut(data, signers, NETWORK, bounds)
    assert len(cut.feeds) == bounds.feeds and len(data) <= bounds.cut_bytes
    names = [f"{i:064d}" for i in range(cuts.SEEN_MOST)]
    lacking = dict.fromkeys(range(bounds.feeds), 2_097_150)
    big = cuts.LIMIT - 1
    payload = cuts.ack_payload(big, big, cut.name, lacking, big, big, 0, names)
    data = cuts.sign(payload, COMMUNES[1].signing_key, NETWORK)
    assert len(data) <= bounds.ack_bytes
    assert len(cuts.read_ack(data, signers, NETWORK, bounds).exceptions) == bounds.feeds
