"""app/sync/acks.py's `_pressed`: when a stick needs a new cut before the newest is CUT_AGE
old (docs/spec/stick.md, "Proposing"): its segments take more room than it has left free, and a
cut of what this laptop holds would let one of them go."""

from __future__ import annotations

import shutil
from collections import namedtuple
from pathlib import Path

import pytest

from app.sync import acks, cuts
from app.sync.stick import Holding, SegmentInfo, Stick

A, B = b"A" * 8, b"B" * 8
CUT = cuts.Cut(1, A, 0, (A, B), (5, 3), b"\0")  # holds A to seq 4, B to seq 2
Usage = namedtuple("Usage", "total used free")


def _holding(*feeds: list[tuple[bytes, int, int]], size: int = 1000) -> Holding:
    return Holding(
        {
            f"s{i}.obs": SegmentInfo(f"s{i}.obs", size, A, 0, 1, f, [], [], b"")
            for i, f in enumerate(feeds)
        }
    )


@pytest.fixture
def stick(tmp_path: Path) -> Stick:
    return Stick.at(tmp_path, create=True)


def _free(monkeypatch: pytest.MonkeyPatch, free: int) -> None:
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10**9, 10**9 - free, free))


def test_a_stick_short_of_room_presses_for_a_cut_that_lets_a_segment_go(
    stick: Stick, monkeypatch: pytest.MonkeyPatch
) -> None:
    holding = _holding([(A, 0, 4)], [(A, 5, 7), (B, 0, 3)])  # the second is beyond the cut
    holds = {A: 7, B: 3}
    _free(monkeypatch, 1999)  # the segments take 2,000 B: more than is free
    assert acks._pressed(stick, holding, CUT, holds)
    _free(monkeypatch, 2000)
    assert not acks._pressed(stick, holding, CUT, holds)


def test_no_press_when_a_new_cut_would_let_nothing_go(
    stick: Stick, monkeypatch: pytest.MonkeyPatch
) -> None:
    _free(monkeypatch, 0)
    holds = {A: 7, B: 2}
    # Within the cut already (waiting on acks, not on a cut), or holding a block we lack.
    assert not acks._pressed(stick, _holding([(A, 0, 4)], [(B, 0, 3)]), CUT, holds)
    assert not acks._pressed(stick, _holding([(A, 5, 7)]), None, holds)  # no cut: the first rule
    assert acks._pressed(stick, _holding([(A, 5, 7)]), CUT, holds)
