"""Urgent news goes first, bulk last; an item's lifetime is how long carriers offer it."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from pathlib import Path

from tests.journeys.conftest import Town


def test_an_urgent_post_passes_a_full_stick_of_bulk_documents(
    demo: Callable[[int], list[Town]], tmp_path: Path
) -> None:
    """Bipindi shares a large plan and a week of bulk notices; Campo has them all. Ambam's
    mayor then warns of cholera (urgent). Campo's clerk has room for little on Djoum's
    stick: the warning is on it, and what did not fit is the bulk."""
    ambam, bipindi, campo, djoum = demo(4)
    plan = tmp_path / "plan.bin"
    plan.write_bytes(os.urandom(600_000))
    bipindi.run("doc", "add", "--file", plan)
    for n in range(40):  # one block each: the bulk alone would fill Djoum's stick
        bipindi.run(
            "forum", "thread", "--title", f"Avis {n}", "--body", "x" * 3000, "--priority", "P3"
        )
        bipindi.run("seal")
    for carrier, town in ((tmp_path / "s1", bipindi), (tmp_path / "s2", ambam)):
        carrier.mkdir()
        if town is ambam:
            ambam.run(
                "forum",
                "thread",
                "--title",
                "Choléra",
                "--body",
                "Faites bouillir l'eau.",
                "--priority",
                "P0",
            )
        town.run("sync", "export", "--to", carrier)
        campo.run("sync", "import", "--from", carrier)
    to_djoum = tmp_path / "to-djoum"
    to_djoum.mkdir()
    written = campo.json("sync", "export", "--to", to_djoum, "--budget-mb", "0.1")
    assert written["left_out"] > 0  # the stick could not take everything
    assert set(written["left_out_classes"]) <= {"blocks", "documents"}
    djoum.run("sync", "import", "--from", to_djoum)
    titles = djoum.titles()
    assert "Choléra" in titles
    assert not {f"Avis {n}" for n in range(40)} <= titles  # bulk was what stayed behind


def test_a_stick_carried_through_five_communes_in_a_random_order(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """Every commune posts; a clerk carries one stick round the five town halls in an order
    nobody planned, twice; then all five hold the same threads."""
    towns = demo(5)
    for town in towns:
        town.run("forum", "thread", "--title", f"Nouvelles de {town.name}", "--body", "RAS")
    order = random.Random(os.environ.get("PYTEST_SEED", "5")).sample(towns, 5)
    for town in order + order:
        town.visit(stick)
    for town in order[:-1]:  # the last laptop's own news reached the others only in round 2
        town.visit(stick)
    expected = {f"Nouvelles de {town.name}" for town in towns}
    for town in towns:
        assert expected <= town.titles(), town.name


def test_a_notice_whose_lifetime_ended_is_no_longer_carried_unless_needed(
    demo: Callable[[int], list[Town]], tmp_path: Path
) -> None:
    """Ambam announces this morning's market for one second only; by the time the clerk
    syncs, it is over and the stick does not carry it. When the mayor posts again, the old
    notice travels after all, because the new block follows it in Ambam's register: a
    lifetime never makes anything invalid."""
    ambam, bipindi, _ = demo(3)
    ambam.run("forum", "thread", "--title", "Marché ce matin", "--body", "…", "--ttl", "1")
    ambam.run("seal")
    time.sleep(2.1)  # the notice's whole life
    first = tmp_path / "first"
    first.mkdir()
    ambam.run("sync", "export", "--to", first)
    bipindi.run("sync", "import", "--from", first)
    assert "Marché ce matin" not in bipindi.titles()
    ambam.run("forum", "thread", "--title", "Conseil jeudi", "--body", "…")
    second = tmp_path / "second"
    second.mkdir()
    ambam.run("sync", "export", "--to", second)
    bipindi.run("sync", "import", "--from", second)
    assert {"Marché ce matin", "Conseil jeudi"} <= bipindi.titles()
