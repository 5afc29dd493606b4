"""Two town halls pass one stick back and forth for weeks with little to say: a visit that brings
nothing new rewrites no beacon (issue 21, "Beacons that scale": copied only when changed), yet
the stick still forgets what every commune holds, and a laptop restored from its backup still
gets back what it signed after it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.journeys.conftest import Cli, Town


def _beacon_files(stick: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((stick / "OBAMBU" / "bcn").glob("*.obb"))}


def _segments(stick: Path) -> set[str]:
    return {p.name for p in (stick / "OBAMBU" / "seg").rglob("*.obs")}


def test_visits_that_bring_nothing_rewrite_no_beacon_and_the_stick_still_forgets(
    cli: Cli, demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
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
    for _ in range(3):  # the stick goes round until both hold what the other wrote
        for town in (ambam, bipindi):
            _, report = town.visit(stick)
            pruned |= set(report["pruned"])
            written |= set(report["segments"])
    assert "Après la sauvegarde" in bipindi.titles()
    # Every segment written, Bipindi's document too, was forgotten once both held it.
    assert written and written <= pruned and not _segments(stick)

    # A week of visits with nothing new: not one byte of the beacon files changes.
    before = _beacon_files(stick)
    assert len(before) == 2
    for _ in range(3):
        for town in (ambam, bipindi):
            _, report = town.visit(stick)
            assert report["bytes_written"] == 0 and report["segments"] == []
            assert _beacon_files(stick) == before
    assert not _segments(stick)

    # Something new from Bipindi: the segment it writes, signed by it, shows its new head, so
    # no beacon is written (docs/spec/stick.md, "A feed's own head"); Ambam takes the post in,
    # says so in its beacon, and sees Bipindi behind on nothing. The segment stays until
    # Bipindi's own beacon shows it (its next daily refresh): no stick forgets on a trailer's word.
    bipindi.run("forum", "thread", "--title", "Marché samedi", "--body", "…")
    _, report = bipindi.visit(stick)
    assert report["segments"] and _beacon_files(stick) == before
    _, report = ambam.visit(stick)
    after = _beacon_files(stick)
    assert after != before and after.keys() == before.keys()
    assert not report["pruned"] and _segments(stick)
    (seen,) = ambam.json("sync", "health")
    assert seen["commune"] == "Bipindi" and seen["behind"] == 0

    # Ambam's laptop is stolen; restored from its March backup, it lacks its own post and
    # Bipindi's plan, which the stick forgot long ago: Bipindi writes them back, and Ambam may
    # sign again.
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
