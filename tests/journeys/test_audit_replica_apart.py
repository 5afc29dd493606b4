"""`obambu audit replica` says what the profile holds apart from its ledger (issue 20): a stick
that lost a file brings Ambam a block of Bipindi's without the block it builds on; the replica
still checks, and says one block waits for its parent, until the complete stick comes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from tests.journeys.conftest import Town


def _segments(stick: Path) -> set[Path]:
    return set((stick / "OBAMBU" / "seg").glob("*/*.obs"))


def test_the_replica_reports_a_block_waiting_for_its_parent(
    demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    ambam, bipindi, _ = demo(3)
    before = ambam.json("audit", "replica")
    assert (before["waiting"], before["quarantined"], before["refused"]) == (0, 0, {})

    bipindi.run("forum", "thread", "--title", "Route de Nkolo", "--body", "Travaux lundi.")
    bipindi.run("sync", "export", "--to", stick)
    first = _segments(stick)
    bipindi.run("forum", "thread", "--title", "Marché de Bipindi", "--body", "Samedi.")
    bipindi.run("sync", "export", "--to", stick)
    second = _segments(stick) - first
    assert second, "the second visit should write a segment of its own"
    whole = tmp_path / "whole"
    shutil.copytree(stick, whole)
    for lost in first:  # the file with the first message is lost from the stick
        lost.unlink()

    ambam.run("sync", "import", "--from", stick)
    assert "Route de Nkolo" not in ambam.titles()
    replica = ambam.json("audit", "replica")
    assert (replica["waiting"], replica["quarantined"]) == (1, 0)
    assert replica["heads"] == ambam.json("status")["heads"]
    text = ambam.run("audit", "replica").out
    assert "Waiting: 1 block(s) received without a block they build on" in text

    ambam.run("sync", "import", "--from", whole)  # the complete stick fills the gap
    assert {"Route de Nkolo", "Marché de Bipindi"} <= ambam.titles()
    after = ambam.json("audit", "replica")
    assert after["waiting"] == 0
    assert "Waiting" not in ambam.run("audit", "replica").out
