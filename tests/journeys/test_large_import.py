"""A stick that brings more than a page of blocks: their signatures are checked by worker
processes on the laptop's other cores while this one writes the store (issue 21)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.sync import intake
from tests.journeys.conftest import Town


def test_a_month_of_messages_on_one_stick_is_checked_on_the_other_cores(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """Ambam's clerk seals each message as the mayor writes it, for a month without a visit
    from the stick; Bipindi takes it in: every message arrives, each signature was checked
    (all but the first few, by the workers), and taking the stick again changes nothing."""
    ambam, bipindi, _ = demo(3)
    messages = intake.APPLY_BATCH + 20
    for n in range(messages):
        ambam.run("forum", "thread", "--title", f"Message {n}", "--body", "Compte rendu du jour.")
        ambam.run("seal")
    ambam.run("sync", "export", "--to", stick)
    report = bipindi.json("sync", "import", "--from", stick)
    assert report["new"] >= messages
    assert report["quarantined"] == report["pending"] == 0
    # Each message is a block and a transaction: two signatures; the first few checked here.
    assert report["checked_apart"] >= 2 * (messages - intake.GROUP_BLOCKS)
    listed = {row["title"] for row in bipindi.json("forum", "list", "--limit", str(2 * messages))}
    assert {f"Message {n}" for n in range(messages)} <= listed
    again = bipindi.json("sync", "import", "--from", stick)
    assert again["new"] == 0 and again["checked_apart"] == 0
