"""A clerk's everyday sync by stick: what was done just before is on the stick, always."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.journeys.conftest import Town, open_vote


def test_a_mayor_posts_and_the_clerk_syncs_at_once(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """Ambam's mayor starts a thread; the clerk exports to the stick a second later, without
    anything else in between; Bipindi takes the stick in and reads the thread."""
    ambam, bipindi, _ = demo(3)
    ambam.run("forum", "thread", "--title", "Pont emporté", "--body", "Passez par Nkoemvone.")
    written = ambam.json("sync", "export", "--to", stick)
    assert written["ours_sealed"] == 1  # the thread was sealed by the export itself
    assert written["ours_left_behind"] == 0
    assert ambam.json("status")["pending"] == 0
    bipindi.run("sync", "import", "--from", stick)
    assert "Pont emporté" in bipindi.titles()


def test_the_export_says_the_stick_may_be_removed_only_when_nothing_of_ours_stays_behind(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """A clerk with a tiny budget sees that the mayor's message did not fit, and is not told
    that the stick may be removed as if all were done."""
    ambam, _, _ = demo(3)
    ambam.run("forum", "thread", "--title", "Réunion", "--body", "x" * 2000)
    text = ambam.run("sync", "export", "--to", stick, "--budget-mb", "0.001").out
    assert "You may remove the stick" not in text
    assert "of your" in text
    text = ambam.run("sync", "export", "--to", stick).out
    assert "You may remove the stick" in text


def test_a_vote_opened_and_cast_then_synced_at_once_is_counted_everywhere(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """Ambam opens a vote and syncs at once; Bipindi votes and syncs at once; Ambam closes it
    after the stick came back, and every commune recounts the same result."""
    ambam, bipindi, campo = demo(3)
    vote = open_vote(ambam, "Marché le samedi ?")
    ambam.visit(stick)
    bipindi.visit(stick)
    bipindi.run("vote", "cast", "--vote", vote, "--choice", "oui")
    bipindi.json("sync", "export", "--to", stick)
    ambam.run("vote", "cast", "--vote", vote, "--choice", "oui")
    ambam.visit(stick)
    ambam.run("vote", "close", "--vote", vote)
    ambam.visit(stick)
    campo.visit(stick)
    shown = [town.json("vote", "show", "--vote", vote) for town in (ambam, campo)]
    assert len(shown[0]["ballots"]) == 2
    assert shown[0]["tally"] == shown[1]["tally"]
    assert shown[0]["closed"] and shown[1]["valid"] is True  # Campo recounted the same


def test_one_stick_used_for_a_year_of_weekly_exports_and_imports(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """The secretary of Ambam and of Bipindi share one stick, every week for a year; the ninth
    visit used to break the stick for good."""
    ambam, bipindi, _ = demo(3)
    for week in range(52):
        town = (ambam, bipindi)[week % 2]
        town.run("forum", "thread", "--title", f"Semaine {week}", "--body", "RAS")
        town.visit(stick)
    ambam.visit(stick)  # the last week's news, written by Bipindi
    assert {f"Semaine {w}" for w in range(52)} <= ambam.titles() == bipindi.titles()


def test_a_ballot_overtaken_by_the_close_is_named_as_not_sent(
    demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    """Bipindi's mayor votes, but before the clerk syncs, a stick brings Ambam's close of that
    vote: the export says the ballot was not sent, and why, instead of carrying it silently."""
    ambam, bipindi, _ = demo(3)
    vote = open_vote(ambam, "Nouveau marché ?")
    ambam.visit(stick)
    bipindi.visit(stick)
    bipindi.run("vote", "cast", "--vote", vote, "--choice", "non")
    ambam.run("vote", "close", "--vote", vote)
    ambam.visit(stick)
    bipindi.run("sync", "import", "--from", stick)
    written = bipindi.run("sync", "export", "--to", stick).out
    assert "Not sent:" in written and "closed" in written.lower()
    assert bipindi.json("status")["pending"] == 0
