"""Ambam's clerk posts one notice a day and takes the stick on to Bipindi (issue 21, "Reduce the
fixed cost per stick visit"): on such a day Ambam's visit writes its segment and no beacon,
since the segment's trailer, signed by Ambam, says its new head (docs/spec/stick.md, "A
feed's own head"); Bipindi still knows how far Ambam has got, and sees it behind on nothing."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.journeys.conftest import Town, stick_files


def _written(before: dict[str, tuple[int, int, int]], stick: Path) -> dict[str, int]:
    """The files a visit wrote (new, or replaced), with their sizes."""
    return {p: s[0] for p, s in stick_files(stick).items() if before.get(p) != s}


def test_a_notice_a_day_writes_its_segment_and_no_beacon(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    ambam, bipindi = demo(2)
    for town in (ambam, bipindi, ambam, bipindi):  # they have met: each one's beacon is there
        town.visit(stick)
    ambam_id = next(r["commune_id"] for r in bipindi.json("sync", "health"))
    for day in range(1, 6):
        ambam.run("forum", "thread", "--title", f"Avis n° {day}", "--body", "Voir le panneau.")
        before = stick_files(stick)
        _, report = ambam.visit(stick)
        wrote = _written(before, stick)
        (segment,) = report["segments"]
        assert not [p for p in wrote if p.startswith("bcn/")]  # no beacon: the trailer says it
        assert segment in {Path(p).name for p in wrote}
        # Beside it: the index, and (since the switch to cuts and acks) its ack of the cut
        # Bipindi proposed on taking yesterday's notice in, and the stick's record of that
        # notice's segment, forgotten now that both acks say they hold it (docs/performance.md,
        # "The switch to cuts and acknowledgements").
        others = set(wrote) - {p for p in wrote if p.endswith(segment)} - {"index.obi"}
        assert {p.split("/")[0] for p in others} <= {"ack", "pruned.obp"}
        assert sum(wrote.values()) == report["bytes_written"]

        bipindi.visit(stick)
        assert f"Avis n° {day}" in bipindi.titles()
        (ambam_seen,) = bipindi.json("sync", "health")
        listed = ambam.json("object", "list")
        seqs = {b["id"]: b["seq"] for b in listed["blocks"]}
        head = seqs[listed["heads"][ambam_id]]
        assert ambam_seen["commune"] == "Ambam" and ambam_seen["behind"] == 0
        assert ambam_seen["heads"][ambam_id] == head  # as far as Ambam has got, today's too


def test_days_passing_each_visit_is_dated_by_its_segment_and_writes_no_beacon(
    demo: Callable[[int], list[Town]], stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ambam's clerk posts a notice each day and plugs the stick in; a day passes between
    visits (on the program's clock). Ambam's beacon on the stick grows old, but each day's
    segment carries Ambam's signed trailer, dated: that is its word that it came by, so no
    beacon is written to keep its visits dated, and Bipindi's clerk, days later, sees on the
    stick and then in the network's health that Ambam came by on the last day."""
    real = time.time
    ambam, bipindi = demo(2)
    for town in (ambam, bipindi, ambam, bipindi):
        town.visit(stick)
    now = real()
    for day in range(1, 4):
        now = real() + day * 86_400 + 600
        monkeypatch.setattr(time, "time", lambda now=now: now + (real() % 1))
        ambam.run("forum", "thread", "--title", f"Avis n° {day}", "--body", "Voir le panneau.")
        before = stick_files(stick)
        _, report = ambam.visit(stick)
        wrote = _written(before, stick)
        assert report["segments"] and not [p for p in wrote if p.startswith("bcn/")]

    visited = bipindi.json("sync", "preflight", "--from", stick)["visited"]
    assert visited[0][0] == "Ambam" and visited[0][1] >= int(now)  # the last day, by its trailer
    bipindi.visit(stick)
    assert {f"Avis n° {day}" for day in range(1, 4)} <= bipindi.titles()
    (heard,) = bipindi.json("sync", "health")
    assert heard["commune"] == "Ambam" and heard["time"] >= int(now)
