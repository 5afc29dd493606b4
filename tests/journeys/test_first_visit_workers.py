"""A commune joins the demo network and takes in, on its first visit, a stick carrying a month
of Ambam's messages: the mayor's key comes in Ambam's first blocks, which the new laptop has
never seen, and still every later signature is checked on the other cores (issue 21: the
workers' keys once missed what a stick's first blocks reveal, and a first visit checked every
transaction in place). What a technician sees: `obambu --json join accept` says how many
signatures were checked apart (`checked_apart`). Workers start for any import of more than
one page of staged rows, at least one whatever the cores (`intake.workers()`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.sync import intake
from tests.journeys.conftest import Cli, Town


def test_a_new_commune_s_first_stick_is_checked_on_the_other_cores(
    cli: Cli, demo: Callable[[int], list[Town]], tmp_path: Path
) -> None:
    """Ambam's mayor writes a message a day, each sealed in its block, for a month and more;
    then Djoum asks to join, Ambam answers on the stick, and Djoum's new laptop takes in the
    whole network at once."""
    ambam, _, _ = demo(3)
    messages = intake.APPLY_BATCH + 20  # more blocks than one page: workers start
    for n in range(messages):
        ambam.run("forum", "thread", "--title", f"Message {n}", "--body", "Compte rendu du jour.")
        ambam.run("seal")

    djoum = Town(cli, tmp_path / "djoum")
    trip = tmp_path / "trip"
    trip.mkdir()
    djoum.run("join", "request", "--commune", "Djoum", "--stick", trip)
    ambam.json("join", "invite", "--stick", trip)
    joined = djoum.json("join", "accept", "--stick", trip)

    assert joined["quarantined"] == joined["pending"] == 0
    listed = {row["title"] for row in djoum.json("forum", "list", "--limit", str(2 * messages))}
    assert {f"Message {n}" for n in range(messages)} <= listed
    # Each message is a block and a transaction, two signatures: all but those of the first
    # few blocks, applied in place while the workers start, were checked apart. Without the
    # keys the first blocks reveal, the workers could vouch for none of the mayor's messages
    # (145 of the 261 here then: the blocks' own signatures and a few others).
    assert joined["checked_apart"] >= 2 * (messages - intake.GROUP_BLOCKS)
