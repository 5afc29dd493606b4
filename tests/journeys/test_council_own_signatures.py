"""Councillors sign with their own PIN on the secretary's laptop: their ballot in a roll call
before she enters the item, and their approval of the minutes. Her entry must agree with every
ballot they signed, the minutes say which votes they signed themselves, and the other commune
receives both as theirs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.journeys.conftest import Town

ITEMS = [
    "Le conseil approuve la réfection du toit de l'école.",
    "Le conseil approuve le budget du marché.",
]


def _people(town: Town) -> dict[str, str]:
    return {m["name"]: str(m["id"]) for m in town.json("member", "list")["members"]}


def test_councillors_sign_their_ballot_and_the_minutes_with_their_own_pin(
    demo: Callable[[int], list[Town]], stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ambam, bipindi = demo(2)  # every demo person's PIN is 1234 (OBAMBU_PIN)
    people = _people(ambam)
    jean, lucie, rose = people["Jean Owona"], people["Lucie Mebenga"], people["Rose Atangana"]
    ambam.run("member", "use", rose)  # the secretary's laptop
    argv = ["sitting", "convene", "--date", (date.today() + timedelta(days=6)).isoformat()]
    for name in ("Marie Ndongo", "Paul Abega", "Jean Owona", "Claire Nkoulou"):
        argv += ["--member", name]  # Lucie Mebenga is not convened to this one
    for item in ITEMS:
        argv += ["--item", item]
    sitting = str(ambam.json(*argv, "--number", "2")["id"])

    # Jean signs his own vote on item 1 before the secretary enters it, once.
    ballot = ["sitting", "ballot", "--sitting", sitting, "--item", "1"]
    ambam.json("--as", jean, *ballot, "--choice", "contre")
    assert "already signed their ballot" in ambam.fails("--as", jean, *ballot, "--choice", "pour")
    # Lucie is not convened; the secretary is not a councillor of the sitting.
    assert "not among the members" in ambam.fails("--as", lucie, *ballot, "--choice", "pour")
    assert "not among the members" in ambam.fails(*ballot, "--choice", "pour")

    # The secretary's entry must carry Jean's vote as he signed it, by name.
    vote = ["sitting", "vote", "--sitting", sitting, "--item", "1"]
    assert "roll call" in ambam.fails(*vote, "--others", "pour")
    roll = [*vote, "--mode", "appel_nominal"]
    assert "signed their own ballot" in ambam.fails(*roll, "--others", "pour")
    assert "mark them present" in ambam.fails(*roll, "--absent", "m3", "--others", "pour")
    assert ambam.json(*roll, "--ballot", "m3=contre", "--others", "pour")["adopted"]
    assert "already been voted" in ambam.fails("--as", jean, *ballot, "--choice", "pour")
    # Item 2 nobody signed: entered as before, by show of hands.
    ambam.json(*vote[:-1], "2", "--others", "pour")

    minutes = ambam.json("sitting", "minutes", "--sitting", sitting)
    assert "Jean Owona\u202f: contre (bulletin signé de sa main)" in minutes["text"]
    assert "Paul Abega\u202f: pour\n" in minutes["text"]

    # Jean approves the minutes he read, with his PIN; a wrong digest and a second one refused.
    approve = ["sitting", "approve", "--sitting", sitting, "--digest"]
    assert "changed since they were read" in ambam.fails("--as", jean, *approve, "00" * 32)
    ambam.json("--as", jean, *approve, minutes["digest"])
    assert "already signed" in ambam.fails("--as", jean, *approve, minutes["digest"])
    assert "not among the members" in ambam.fails("--as", lucie, *approve, minutes["digest"])
    # The secretary signs too, in her own name: not a member's own signature.
    ambam.json(*approve, minutes["digest"])

    # The mayor suspends Paul, the deputy: his approval is refused while he is suspended.
    mayor = people["Marie Ndongo"]
    ambam.run("--as", mayor, "member", "suspend", people["Paul Abega"])
    refused = ambam.fails("--as", people["Paul Abega"], *approve, minutes["digest"])
    assert "suspended" in refused

    ambam.visit(stick)
    bipindi.visit(stick)
    shown = bipindi.json("sitting", "show", "--sitting", sitting)
    assert [(a["name"], a["member"], a["own"]) for a in shown["approvals"]] == [
        ("Jean Owona", "m3", True),
        ("Rose Atangana", None, False),
    ]
    assert shown["own_ballots"] == {"1": {"m3": "contre"}}
    there = bipindi.json("sitting", "minutes", "--sitting", sitting)
    assert there["digest"] == minutes["digest"] and there["signed_by"] == [
        "Jean Owona",
        "Rose Atangana",
    ]
