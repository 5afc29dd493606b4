"""Two town halls pass one stick back and forth for weeks with little to say: a visit that brings
nothing new rewrites no beacon nor acknowledgement (issue 21, "Beacons that scale": copied only
when changed), yet the stick still forgets what every commune holds, and a laptop restored from
its backup still gets back what it signed after it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.sync import cuts
from tests.journeys.conftest import Cli, Town


def _word_files(stick: Path) -> dict[str, bytes]:
    """The communes' words on the stick: beacons, acks and cuts."""
    root = stick / "OBAMBU"
    found = [*root.glob("bcn/*.obb"), *root.glob("ack/*.oba"), *root.glob("cut/*.obc")]
    return {p.name: p.read_bytes() for p in sorted(found)}


def _segments(stick: Path) -> set[str]:
    return {p.name for p in (stick / "OBAMBU" / "seg").rglob("*.obs")}


DAY = 86_400


def later(monkeypatch: pytest.MonkeyPatch, seconds: int = cuts.CUT_AGE) -> None:
    """The program's clock moved on (by cuts.CUT_AGE: the newest cut is then old enough for the
    next one to be proposed)."""
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + seconds)


def test_visits_that_bring_nothing_rewrite_no_beacon_and_the_stick_still_forgets(
    cli: Cli,
    demo: Callable[[int], list[Town]],
    stick: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ambam, bipindi = demo(2)
    backup = tmp_path / "ambam.obk"
    ambam.run("backup", "create", "--out", backup)
    ambam.run("forum", "thread", "--title", "Après la sauvegarde", "--body", "Le puits.")
    plan = tmp_path / "plan.txt"
    plan.write_text("Plan du puits", encoding="utf-8")
    doc = bipindi.json("doc", "add", "--file", plan, "--to", "Ambam")["id"]
    pruned: set[str] = set()
    written: set[str] = set()
    for round_ in range(3):  # the stick goes round until both hold what the other wrote
        if round_ == 1:
            # The first cut holds Ambam's post; the next comes once it is CUT_AGE old. Half a
            # day before, the stick goes round: each commune's status list, days old, is made
            # again, so that the next cut holds it too.
            later(monkeypatch, cuts.CUT_AGE - DAY // 2)
            for town in (ambam, bipindi):
                _, report = town.visit(stick)
                written |= set(report["segments"])
            later(monkeypatch, DAY // 2)  # and the stick goes round again
        for town in (ambam, bipindi):
            _, report = town.visit(stick)
            pruned |= set(report["pruned"])
            written |= set(report["segments"])
    assert "Après la sauvegarde" in bipindi.titles()
    # Every segment written, Bipindi's document too, was forgotten once both held it.
    assert written and written <= pruned and not _segments(stick)

    # A week of visits with nothing new: not one byte of the words on the stick changes. Both
    # speak by acks: one each, no beacon ("During the upgrade").
    before = _word_files(stick)
    assert sum(n.endswith(".oba") for n in before) == 2
    assert not any(n.endswith(".obb") for n in before)
    for _ in range(3):
        for town in (ambam, bipindi):
            _, report = town.visit(stick)
            assert report["bytes_written"] == 0 and report["segments"] == []
            assert _word_files(stick) == before
    assert not _segments(stick)

    # Something new from Bipindi, CUT_AGE later: the segment it writes, signed by it, shows its
    # new head, so it writes no ack (docs/spec/stick.md, "A feed's own head"), and more of its
    # own feed is no reason for a cut. Ambam takes the post in, proposes the next cut (the
    # newest is old enough: "Proposing") and acknowledges it, and sees Bipindi behind on
    # nothing but the one block this visit made (Ambam's status list, days old, made again).
    # The segment stays until Bipindi's ack says it holds it: no stick forgets on a trailer's
    # word. Bipindi's next visit acknowledges the cut, and the stick forgets it.
    later(monkeypatch)
    bipindi.run("forum", "thread", "--title", "Marché samedi", "--body", "…")
    _, report = bipindi.visit(stick)
    assert report["segments"] and _word_files(stick) == before
    _, report = ambam.visit(stick)
    assert _word_files(stick) != before
    assert not report["pruned"] and _segments(stick)
    (seen,) = ambam.json("sync", "health")
    assert seen["commune"] == "Bipindi" and seen["behind"] == 1
    _, report = bipindi.visit(stick)
    assert report["pruned"] and not _segments(stick)

    # Ambam's laptop is stolen; restored from its March backup, it lacks its own post and
    # Bipindi's plan, which the stick forgot long ago: Bipindi writes them back, and Ambam may
    # sign again. The theft is found the next day: a restore dated in the very second of the
    # old laptop's last segment would take that segment's trailer for its own life's word
    # (words.py: a trailer signed at or after the incarnation), which no real theft allows.
    later(monkeypatch, DAY)
    new = Town(cli, tmp_path / "ambam-new")
    new.run("backup", "restore", "--file", backup)
    new.visit(stick)
    bipindi.visit(stick)
    new.visit(stick)
    assert {"Après la sauvegarde", "Marché samedi"} <= new.titles()
    new.run("doc", "get", "--id", doc, "--out", tmp_path / "got.txt")
    assert (tmp_path / "got.txt").read_text(encoding="utf-8") == "Plan du puits"
    new.run("forum", "thread", "--title", "De retour", "--body", "Nouveau portable.")
    new.visit(stick)
    bipindi.visit(stick)
    assert "De retour" in bipindi.titles()
    for town in (new, bipindi):
        assert town.json("status")["evidence"] == 0
