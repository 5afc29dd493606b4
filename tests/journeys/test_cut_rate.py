"""Ambam's clerk posts a notice a day and takes the stick on to Bipindi (issue 21, the one-day
goal with cuts): Bipindi takes each day in, but proposes no new cut while the newest is younger
than cuts.CUT_AGE, so Ambam's next visit pays no ack for one; the days' segments stay on the
stick meanwhile. Once the newest cut is old enough, Bipindi's visit proposes one, Ambam's
acknowledges it, and the stick forgets those segments (docs/spec/stick.md, "Proposing";
docs/performance.md, "A rate for cuts")."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.sync import cuts
from tests.journeys.conftest import Town, stick_files

DAY = 86_400


def _written(before: dict[str, tuple[int, int, int]], stick: Path) -> set[str]:
    """The files a visit wrote (new, or replaced)."""
    return {p for p, s in stick_files(stick).items() if before.get(p) != s}


def _cuts(stick: Path) -> set[str]:
    return {p.name for p in (stick / "OBAMBU" / "cut").glob("*.obc")}


def _segments(stick: Path) -> set[str]:
    return {p.name for p in (stick / "OBAMBU" / "seg").rglob("*.obs")}


def test_a_new_cut_waits_until_the_newest_is_old_enough(
    demo: Callable[[int], list[Town]], stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = time.time

    def on_day(day: int) -> None:  # the clerk's visit, `day` days on, at about the same hour
        now = real() + day * DAY + 600
        monkeypatch.setattr(time, "time", lambda: now + (real() % 1))

    ambam, bipindi = demo(2)
    for town in (ambam, bipindi, ambam, bipindi):  # they have met: a cut, and both acks of it
        town.visit(stick)
    first = _cuts(stick)
    assert first
    kept: set[str] = set()
    for day in range(1, 4):
        on_day(day)
        ambam.run("forum", "thread", "--title", f"Avis n° {day}", "--body", "Voir le panneau.")
        before = stick_files(stick)
        _, report = ambam.visit(stick)
        kept |= set(report["segments"])
        # No cut was proposed since: Ambam has no new one to acknowledge (its segment's trailer
        # dates its visit, so no ack is written to keep it dated either).
        assert not {p for p in _written(before, stick) if p.startswith(("cut/", "ack/"))}
        bipindi.visit(stick)
        assert f"Avis n° {day}" in bipindi.titles()
        assert _cuts(stick) == first  # the newest cut is days old, not CUT_AGE
    assert kept and kept <= _segments(stick)  # no ack says Bipindi holds them yet: kept

    on_day(cuts.CUT_AGE // DAY + 1)  # the first cut is now old enough
    bipindi.visit(stick)
    assert _cuts(stick) - first  # Bipindi proposed one: all it holds, the three notices too
    ambam.visit(stick)  # acknowledges it: both acks say both hold the days' segments
    bipindi.visit(stick)
    assert not kept & _segments(stick)
