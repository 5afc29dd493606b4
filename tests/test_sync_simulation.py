"""The sync simulation (bench/sync_simulation.py): its model holds and its figures mean it."""

from __future__ import annotations

import dataclasses
import functools
import operator
import random

import pytest

from bench import stick_prices
from bench.stick_prices import Prices
from bench.sync_simulation import (
    BEACONS,
    MIB,
    Ack,
    Beacon,
    Commune,
    Config,
    Cut,
    CutSimulation,
    Result,
    Segment,
    Simulation,
    Stick,
    World,
    bits,
    compare,
    compare_all,
    from_positions,
    main,
    simulate,
)

TEN = Config(communes=10, seed=7)


def _figures(result: Result) -> Result:
    return dataclasses.replace(result, seconds=0.0)  # everything but the wall-clock time


@pytest.fixture(scope="module")
def ten() -> tuple[Result, Result]:
    return compare(TEN)


def test_our_scheme_converges_and_every_commune_holds_everything(
    ten: tuple[Result, Result],
) -> None:
    ours, _ = ten
    assert ours.rounds is not None
    assert ours.complete == 10
    assert ours.held == 1.0
    assert ours.tally.visits == ours.rounds * TEN.stick_count


def test_we_write_fewer_bytes_per_visit_than_flooding(ten: tuple[Result, Result]) -> None:
    ours, flooding = ten
    assert flooding.mean_visit_bytes > 0
    assert ours.mean_visit_bytes < flooding.mean_visit_bytes
    window = len(ours.round_bytes)  # the same visits for both
    assert ours.bytes_per_visit(window) < flooding.bytes_per_visit(window)


def test_no_stick_exceeds_its_capacity_even_when_flooding_fills_it() -> None:
    config = dataclasses.replace(TEN, capacity=1 * MIB, max_rounds=600)
    ours, flooding = compare(config)
    assert flooding.worst_fill > 0.7 * config.capacity  # the limit was reached...
    for result in (ours, flooding):
        assert 0 < result.worst_fill <= config.capacity  # ...and never passed
    # a stick smaller than the network's data still carries it all, thanks to pruning
    assert ours.pruned > 0
    assert ours.rounds is not None
    assert flooding.rounds is None


def test_the_same_seed_gives_the_same_figures(ten: tuple[Result, Result]) -> None:
    again = compare(TEN)
    assert [_figures(r) for r in again] == [_figures(r) for r in ten]
    other = compare(dataclasses.replace(TEN, seed=8))
    assert [_figures(r) for r in other] != [_figures(r) for r in ten]


def test_bitmaps_and_feed_prefixes() -> None:
    rng = random.Random(3)
    positions = sorted(rng.sample(range(5000), 300))
    assert list(bits(from_positions(positions))) == positions
    world = World(Config(communes=5, blocks=6))
    stride = world.stride
    for _ in range(200):
        held = from_positions(rng.sample(range(world.chunk_base), 12)) & world.blocks
        expected = set()
        for feed in range(5):
            seq = 0
            while seq < 6 and held >> (feed * stride + seq) & 1:
                expected.add(feed * stride + seq)
                seq += 1
        assert set(bits(world.closure(held))) == expected


def test_the_quick_run_prints_a_table_for_10_and_100(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--quick", "--tail", "2"])
    out = capsys.readouterr().out
    assert "N = 10 communes" in out
    assert "N = 100 communes" in out
    assert "N = 1,000" not in out
    assert out.count("beacons on a stick carrying every feed's") == 2
    rows = [line.split() for line in out.splitlines()]
    assert sum(1 for r in rows if r[:1] == ["obambu"] and r[1] != "after") == 2
    assert sum(1 for r in rows if r[:1] == ["flooding"]) == 2


def test_each_beacon_scheme_runs_beside_flooding(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--communes", "10", "--tail", "2", "--scheme", *BEACONS])
    rows = {line.split()[0] for line in capsys.readouterr().out.splitlines() if line}
    assert set(BEACONS) | {"flooding"} <= rows


@pytest.mark.parametrize("scheme", list(BEACONS))
def test_every_beacon_scheme_converges(scheme: str) -> None:
    ours, flooding = compare(TEN, scheme)
    assert ours.rounds is not None and ours.held == 1.0
    assert ours.tally.beacon_bytes > 0 and flooding.tally.beacon_bytes == 0
    assert ours.tally.files_bytes > 0  # trailers, headers, footers, NETWORK at least


def test_compact_beacons_copied_only_when_changed_write_fewer_bytes() -> None:
    hundred = Config(communes=100, seed=3, tail=3)
    schemes = ["obambu", "vector", "vector+changed", "delta"]
    results = {r.scheme: r for r in compare_all(hundred, schemes)}
    today, vector, both = results["obambu"], results["vector"], results["vector+changed"]
    assert vector.tally.beacon_bytes < today.tally.beacon_bytes
    assert both.tally.copies < vector.tally.copies
    assert results["delta"].tally.beacon_bytes < both.tally.beacon_bytes
    assert both.tail is not None and today.tail is not None
    assert both.tail.mean < today.tail.mean


def test_stick_prices_are_the_real_encoded_sizes() -> None:
    """Every price the simulation uses equals len() of the real encoding, across CBOR's
    length-head boundaries (23/24, 255/256 items)."""
    rng = random.Random(5)
    for seq in (0, 19, 23, 24, 300):
        prices = Prices.derive(seq)
        for heads in (0, 1, 23, 24, 255, 256, 700):
            seen = rng.choice([0, 1, 23, 24, 40])
            listed = {f: seq for f in range(heads)}
            assert prices.v1(heads, seen) == len(stick_prices.beacon_v1(listed, seen))
            if seq < 127:  # the vector's price assumes one byte a feed
                whole = stick_prices.beacon_vector(listed, heads, seen)
                assert prices.vector(heads, seen) == len(whole)
            changed = sorted(rng.sample(range(heads + 200), min(heads, 60)))
            delta = stick_prices.beacon_delta(dict.fromkeys(changed, seq), seen)
            if seq < 127:
                assert prices.delta(changed, seen) == len(delta)
            if seq < 127:  # a cut and an ack, priced as the real encoders write them
                assert prices.cut(heads) == len(stick_prices.cut_file(listed, heads))
                held = {f: rng.randrange(-1, seq + 1) for f in changed}
                ack = stick_prices.ack_file(held, seen, head=seq)
                assert prices.ack(changed, seen) == len(ack)
        for ranges, chunks, records in ((0, 0, 0), (1, 0, 1), (30, 3, 25), (300, 24, 400)):
            spans = [(f, 0, seq) for f in range(ranges)]
            assert prices.trailer(ranges, chunks, records) == stick_prices.trailer_record(
                spans, chunks, records
            )
        for feeds in (0, 1, 24, 300):
            assert prices.pruned(feeds) == stick_prices.pruned_file(feeds, seq)
        for count in (0, 1, 30):
            entries = [(rng.randrange(1000, 70_000_000), rng.randrange(200, 9000))] * count
            assert prices.index(entries) == stick_prices.index_file(entries)


def test_a_beacon_priced_as_app_sync_writes_it() -> None:
    """The payload is app/sync's own (beacon.payload); today's head costs 11-13 bytes."""
    assert Prices.derive(19).v1_head == 11
    assert Prices.derive(200).v1_head == 12
    assert Prices.derive(5000).v1_head == 13
    assert Prices.derive(19).vector(1000, 0) < Prices.derive(19).v1(1000, 0) // 9


# --- signed cuts (issue 21): the form whose size per stick is O(N) ---


def test_cuts_write_fewer_beacon_bytes_than_the_vector_copied_when_changed() -> None:
    hundred = Config(communes=100, seed=3, tail=5)
    cut, vector, _ = compare_all(hundred, ["cut", "vector+changed"])
    assert cut.rounds is not None and cut.held == 1.0
    assert cut.rounds == vector.rounds  # the same objects travel as fast
    # an ack (~214 B here) is smaller than a vector of every feed's head even without the
    # names of segments seen (280 B here)...
    per_ack = cut.tally.beacon_bytes / cut.tally.copies
    assert per_ack < Prices.derive(hundred.blocks - 1).vector(100, 0)
    assert cut.tally.beacon_bytes < 0.25 * vector.tally.beacon_bytes
    # ...and after convergence an unchanged ack is not written again: a visit writes almost
    # no beacon bytes where the vector form writes at least its own
    assert cut.tail is not None and vector.tail is not None
    after = cut.tail.per_visit(cut.tail.beacon_bytes)
    assert after < 0.25 * vector.tail.per_visit(vector.tail.beacon_bytes)


def test_beacon_bytes_on_a_stick_grow_linearly_with_cuts_not_as_n_squared() -> None:
    def worst(n: int, scheme: str) -> int:
        config = Config(communes=n, seed=2, sticks=4, relay_links=4, tail=0)
        return compare(config, scheme)[0].worst_beacons

    cut = worst(120, "cut") / worst(60, "cut")
    vector = worst(120, "vector+changed") / worst(60, "vector+changed")
    assert 1.7 < cut < 2.3  # about 2: an ack a feed, and two cuts of a byte a feed
    # towards 4 (N vectors of N heads; 3.1 here, where a beacon's fixed 180 B still counts)
    assert vector > 2.8


def test_a_cut_is_never_pruned_past_an_exception() -> None:
    """The pruning rule: a segment goes only once every holder's newest ack covers it, and an
    exception (a holder that has less of a feed than the cut) keeps it."""
    config = Config(communes=3, blocks=4, seed=1)
    world = World(config)
    sim = CutSimulation(world, "cut")
    stick = sim.sticks[0]
    feed_1 = world.own[1] & world.blocks
    segment = Segment(born=1, mask=feed_1, has_chunks=False, size=1000, trailer=200)
    everything = world.blocks
    cut = Cut((0, 0), everything, sim.prices.cut(3))
    lacking = everything & ~(feed_1 & ~world.seq0)  # feed 1 held up to seq 0 only

    def prunes(holdings: list[int]) -> bool:
        node = Commune(3, world.own[0])
        for f, heads in enumerate(holdings):
            sim.learn(node, f, Ack(f, 1, cut, heads, stick.id, 2, 200), 2)
        stick.segments = [segment]
        stick.used = segment.size
        sim.prune(node, stick, [segment])
        return not stick.segments

    assert prunes([everything, everything, everything])
    assert not prunes([everything, everything, lacking])
    assert not prunes([lacking, everything, everything])


def test_a_restored_laptop_gets_back_what_its_acks_say_it_lacks() -> None:
    """Three laptops restored from an old backup mid-way: their new acks (a new incarnation)
    carry exceptions, so nothing they lack is counted as held by all, and they converge."""
    config = Config(communes=10, seed=1, restores=3, restore_round=30, tail=2)
    cut, _ = compare(config, "cut")
    assert cut.rounds is not None and cut.rounds > 30
    assert cut.held == 1.0
    assert cut.pruned > 0


def test_pruned_document_parts_are_not_written_again() -> None:
    """app/sync's finding: a segment of document parts, pruned once every commune listed it
    as seen, was written again by the next visitor that held the parts. With acks whose heads
    cover the parts their blocks name, parts are skipped and pruned like blocks."""
    config = Config(communes=10, seed=1, tail=3)
    fixed, _ = compare(config, "cut")
    before, _ = compare(dataclasses.replace(config, parts_by_heads=False), "cut")
    assert fixed.tail is not None and before.tail is not None
    assert before.tail.rewritten_bytes > 0
    assert fixed.tail.rewritten_bytes == 0
    assert fixed.tail.mean < before.tail.mean / 10
    assert fixed.held == before.held == 1.0


def test_flooding_stopped_once_its_sticks_are_full_gives_the_same_bytes() -> None:
    """--flood-until-full (what makes 5,000 and 10,000 communes affordable) counts exactly
    the bytes a full run of flooding writes: nothing, once its sticks take nothing more."""
    config = dataclasses.replace(TEN, capacity=1 * MIB, max_rounds=600)
    whole = simulate(config, "flooding")
    quick = simulate(dataclasses.replace(config, flood_until_full=True), "flooding")
    assert quick.full_at is not None and quick.full_at < 600
    assert quick.round_bytes == whole.round_bytes
    assert quick.mean_visit_bytes == whole.mean_visit_bytes


# --- a pruning rule for data larger than a stick ---------------------------------------------


def test_the_route_rule_changes_nothing_while_sticks_have_room() -> None:
    """Where no stick fills (a quarter of it free), `--prune route+compact` gives the very
    figures of the usual rule: the 1,000-commune figures cannot regress from it."""
    config = Config(communes=100, seed=3, tail=2)
    plain = simulate(config, "cut")
    route = simulate(dataclasses.replace(config, prune="route+compact"), "cut")
    assert route.route_pruned == 0
    assert _figures(route) == _figures(plain)


def test_only_the_route_rule_with_compaction_converges_when_the_data_outgrows_a_stick() -> None:
    """100 communes, 7.7 MiB of data, sticks of 2 MiB: pruning what every commune holds frees
    almost nothing; pruning what a stick's route holds frees room but leaves segments pinned
    by a few objects one commune of the route lacks; written again by the visitor, they go."""
    config = Config(communes=100, capacity=2 * MIB, max_rounds=1000, tail=0)
    results = {p: simulate(dataclasses.replace(config, prune=p), "cut") for p in PRUNES}
    assert results["all"].rounds is None and results["all"].held < 0.9
    assert results["route"].rounds is None and results["route"].held > results["all"].held
    compact = results["route+compact"]
    assert compact.rounds is not None and compact.held == 1.0 and compact.route_pruned > 0
    assert compact.worst_fill <= config.capacity


PRUNES = ("all", "route", "route+compact")


class _Watched(CutSimulation):
    """Checks every segment the route rule prunes against the stores of the communes."""

    checked = 0

    def make_room(self, node: Commune, c: int, stick: Stick, wanted: int, now: int) -> int:
        before = list(stick.segments)
        wanted = super().make_room(node, c, stick, wanted, now)
        after = {id(s) for s in stick.segments}
        for segment in before:
            if id(segment) in after:
                continue
            self.checked += 1
            # never the last copy: the visitor's own store holds all of it...
            assert not segment.mask & ~node.held
            # ...and what a commune of the route lacks is written again by this visit
            route = {f for f, _ in stick.route}
            lacked = segment.mask & ~functools.reduce(
                operator.and_, (self.communes[f].held for f in route)
            )
            assert not lacked & ~wanted & ~self.held_by_all(node)
        return wanted


def test_the_route_rule_never_prunes_the_last_copy_a_commune_needs() -> None:
    config = Config(communes=100, capacity=2 * MIB, max_rounds=400, prune="route+compact")
    sim = _Watched(World(config), "cut")
    sim.run()
    assert sim.checked > 10


def test_a_segment_a_commune_of_the_route_lacks_stays_under_the_route_rule() -> None:
    config = Config(communes=3, blocks=4, seed=1, capacity=1 * MIB, prune="route")
    world = World(config)
    sim = CutSimulation(world, "cut")
    stick = sim.sticks[0]
    feed_2 = world.own[2] & world.blocks
    segment = Segment(born=1, mask=feed_2, has_chunks=False, size=900_000, trailer=200)
    stick.segments, stick.union, stick.used = [segment], feed_2, config.capacity
    cut = Cut((0, 0), world.blocks, sim.prices.cut(3))
    visitor = sim.communes[0]
    visitor.held = world.all
    for f, heads in enumerate([world.blocks, world.blocks & ~feed_2 | world.seq0, world.blocks]):
        ack = Ack(f, 1, cut, heads, stick.id, 2, 200)
        sim.learn(visitor, f, ack, 2)
        stick.beacons[f] = ack
    stick.route.append((1, 2))  # commune 1 visited it, and its ack was written there
    sim.make_room(visitor, 0, stick, world.own[0] & world.blocks, 3)
    assert stick.segments == [segment]  # commune 1 lacks feed 2: kept
    stick.route.clear()
    stick.route.append((2, 2))  # its route now: communes 2 and 0, which hold feed 2
    sim.make_room(visitor, 0, stick, world.own[0] & world.blocks, 3)
    assert stick.segments == []


# --- beacon version 2 as app/sync writes it ---------------------------------------------------


def test_v2_does_not_write_pruned_document_parts_again() -> None:
    """pruned.obp "parts": at 10 communes after convergence the vector copied when changed
    writes ~34 KB of parts again a visit; v2, as app/sync, none."""
    config = Config(communes=10, seed=1, tail=5)
    vector, v2, _ = compare_all(config, ["vector+changed", "v2"])
    assert vector.tail is not None and v2.tail is not None
    assert vector.tail.rewritten_bytes > 0
    assert v2.tail.rewritten_bytes == 0
    assert v2.rounds == vector.rounds and v2.held == 1.0
    assert v2.tail.mean < vector.tail.mean / 10


def _v2(scheme: str = "v2") -> tuple[Simulation, Stick]:
    sim = Simulation(World(Config(communes=3, blocks=4, seed=1, sticks=2)), scheme)
    return sim, sim.sticks[0]


def test_v2_writes_our_beacon_only_when_the_sticks_copy_lacks_something_or_is_a_day_old() -> None:
    sim, stick = _v2()
    sim.visit(stick, 0)  # visit 1, day 0: none of ours on the stick yet
    first = sim.tally.beacon_bytes
    assert first > 0 and stick.beacons[0] is not None
    sim.visit(stick, 0)  # visit 2, day 0: nothing new
    assert sim.tally.beacon_bytes == first
    sim.visit(stick, 0)  # visit 3, day 1 (two sticks, one hop each a day): "Visited"
    assert sim.tally.beacon_bytes > first


def test_v2_skip_leaves_our_beacon_out_when_only_our_head_moved_and_the_trailer_says_it() -> None:
    for scheme, skipped in (("v2", False), ("v2+skip", True)):
        sim, stick = _v2(scheme)
        world = sim.world
        node = sim.communes[0]
        last = 3  # our feed's last block (seq 3): not on the stick, not in its copy of ours
        heads = node.held & world.blocks & ~(1 << last)
        stick.beacons[0] = node.known[0] = Beacon(0, 1, heads, stick.id, 1, 300)
        node.bseq = 1
        sim.clock = 1  # the same day
        sim.visit(stick, 0)
        assert stick.segments[-1].mask >> last & 1  # its segment carries our last block
        assert (sim.tally.beacon_bytes == 0) is skipped
        on_stick = stick.beacons[0]
        assert on_stick is not None and on_stick.heads >> last & 1  # readers know our head


def test_v2_rewrites_the_index_by_stick_index_stale() -> None:
    for scheme, rewritten in (("vector+changed", True), ("v2", False)):
        sim, stick = _v2(scheme)
        stick.segments = [Segment(i, 0, False, 5000, 215, indexed=i < 12) for i in range(20)]
        assert (sim.reindex(stick) > 0) is rewritten  # 8 missing of 20: not half for v2
    stick.segments += [Segment(20 + i, 0, False, 5000, 215) for i in range(3)]
    assert sim.reindex(stick) > 0  # v2: 11 missing of 23, half
