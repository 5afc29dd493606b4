"""Each person signs with their own key, opened by their own PIN: the secretary at the town
hall's laptop cannot sign as the mayor, a councillor signs on the secretary's laptop with their
PIN and the other commune receives it as theirs, and a guessed PIN is refused, then delayed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.journeys.conftest import Town


def _people(town: Town) -> dict[str, str]:
    return {m["name"]: str(m["id"]) for m in town.json("member", "list")["members"]}


def _with_new_pin(monkeypatch: pytest.MonkeyPatch, town: Town, pin: str, *argv: str) -> object:
    monkeypatch.setenv("OBAMBU_NEW_PIN", pin)
    try:
        return town.json(*argv)
    finally:
        monkeypatch.delenv("OBAMBU_NEW_PIN")


def test_the_secretary_cannot_sign_as_the_mayor_and_a_councillor_signs_with_their_pin(
    demo: Callable[[int], list[Town]], stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OBAMBU_NEW_PIN", raising=False)  # OBAMBU_PIN: the demo's 1234
    ambam, bipindi = demo(2)
    mayor = _people(ambam)["Marie Ndongo"]
    # The mayor seals her key under her PIN; new people get theirs when they are added.
    _with_new_pin(monkeypatch, ambam, "2468", "member", "pin", mayor)
    added = _with_new_pin(
        monkeypatch, ambam, "1357", "member", "add", "--name", "Eric Nguema", "--role", "secretary"
    )
    assert isinstance(added, dict) and added["pin"] is True
    secretary = str(added["id"])
    councillor = str(
        _with_new_pin(
            monkeypatch,
            ambam,
            "9753",
            "member",
            "add",
            "--name",
            "Joseph Essomba",
            "--role",
            "councillor",
        )["id"]  # type: ignore[index]
    )

    # Without her PIN nobody signs as the mayor, though the profile is open.
    monkeypatch.delenv("OBAMBU_PIN")
    assert "locked" in ambam.fails("forum", "thread", "--title", "Budget", "--body", "Lundi.")

    # The secretary takes over with her own PIN and works as herself.
    monkeypatch.setenv("OBAMBU_PIN", "1357")
    ambam.run("member", "use", secretary)
    ambam.json("forum", "thread", "--title", "Permanence", "--body", "Mardi matin.")
    # Her PIN does not open the mayor's key, for one command or for good.
    assert "PIN is wrong" in ambam.fails(
        "--as", mayor, "forum", "thread", "--title", "X", "--body", "Y"
    )
    assert "PIN is wrong" in ambam.fails("member", "use", mayor)
    # A third wrong PIN in a row: the mayor's PIN cannot even be tried for a while, right or not.
    assert "PIN is wrong" in ambam.fails("member", "use", mayor)
    monkeypatch.setenv("OBAMBU_PIN", "2468")
    assert "wait" in ambam.fails("member", "use", mayor)

    # The councillor, who has no laptop, signs a thread on the secretary's laptop with his PIN.
    monkeypatch.setenv("OBAMBU_PIN", "9753")
    ambam.json("--as", councillor, "forum", "thread", "--title", "École", "--body", "Toiture.")
    monkeypatch.setenv("OBAMBU_PIN", "1357")
    ambam.json("forum", "thread", "--title", "Courrier", "--body", "Reçu.")  # still the secretary

    # The secretary convenes the council; Joseph signs his own receipt of it, with his PIN, on
    # her laptop, and only his own: another member's receipt is the secretary's to record.
    day = (date.today() + timedelta(days=6)).isoformat()
    sitting = str(
        ambam.json(
            "sitting",
            "convene",
            "--date",
            day,
            "--member",
            "Joseph Essomba",
            "--member",
            "Jeanne Mvondo",
            "--item",
            "Le conseil approuve la réfection du puits.",
        )["id"]
    )
    monkeypatch.setenv("OBAMBU_PIN", "9753")
    receipt = ["sitting", "receipt", "--sitting", sitting, "--means", "hand"]
    assert "Only the mayor" in ambam.fails("--as", councillor, *receipt, "--member", "m2")
    ambam.json("--as", councillor, *receipt, "--member", "m1")

    ambam.visit(stick)
    bipindi.visit(stick)
    authors = {t["title"]: t["author"] for t in bipindi.json("forum", "list")}
    assert authors["École"] == "Joseph Essomba"
    assert authors["Permanence"] == authors["Courrier"] == "Eric Nguema"
    assert "Budget" not in authors
    receipts = bipindi.json("sitting", "show", "--sitting", sitting)["receipts"]
    assert [(r["member"], r["means"], r["own"]) for r in receipts] == [
        ("m1", "hand", True),
        ("m2", None, False),
    ]
