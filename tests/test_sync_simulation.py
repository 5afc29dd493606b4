"""The sync simulation (bench/sync_simulation.py): its model holds and its figures mean it."""

from __future__ import annotations

import dataclasses
import random

import pytest

from bench.sync_simulation import (
    MIB,
    Config,
    Result,
    World,
    bits,
    compare,
    from_positions,
    main,
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
    assert out.count("obambu / flooding: bytes per visit") == 2
