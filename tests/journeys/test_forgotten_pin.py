"""A forgotten PIN: the mayor (or a deputy), with their own PIN, gives the person a new key
(`obambu member rekey`). The person keeps their id, their role, their place in a vote opened
before and everything they signed; the forgotten key opens nothing more; the secretary or a
councillor cannot do it. And a commune has one mayor at a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.journeys.conftest import Town


def _people(town: Town, *extra: str) -> dict[str, dict[str, object]]:
    return {str(m["name"]): m for m in town.json("member", "list", *extra)["members"]}


def _ids(town: Town) -> dict[str, str]:
    return {name: str(m["id"]) for name, m in _people(town).items()}


def test_a_councillor_who_forgot_his_pin_gets_a_new_key_from_the_mayor_and_stays_himself(
    demo: Callable[[int], list[Town]], stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jean Owona signed his convocation receipt and a forum thread with his PIN, then forgot
    it. The secretary and a fellow councillor may not give him a new key; the mayor does, with
    her own PIN. He signs again under his new PIN, as the same member; Bipindi still holds his
    receipt as his own, and his posts before and after under one name and one id."""
    monkeypatch.delenv("OBAMBU_NEW_PIN", raising=False)  # OBAMBU_PIN: the demo's 1234
    ambam, bipindi = demo(2)
    ids = _ids(ambam)
    mayor, secretary = ids["Marie Ndongo"], ids["Rose Atangana"]
    jean, lucie = ids["Jean Owona"], ids["Lucie Mebenga"]

    # The secretary convenes the council; Jean signs his receipt and a thread with his PIN.
    ambam.run("member", "use", secretary)
    day = (date.today() + timedelta(days=6)).isoformat()
    sitting = str(
        ambam.json(
            "sitting",
            "convene",
            "--date",
            day,
            "--member",
            "Jean Owona",
            "--member",
            "Lucie Mebenga",
            "--item",
            "Le conseil approuve la réfection du puits.",
        )["id"]
    )
    receipt = ["sitting", "receipt", "--sitting", sitting, "--means", "hand", "--member", "m1"]
    ambam.json("--as", jean, *receipt)
    ambam.json("--as", jean, "forum", "thread", "--title", "Avant", "--body", "Signé.")

    # He forgot his PIN.
    monkeypatch.setenv("OBAMBU_PIN", "0000")
    assert "PIN is wrong" in ambam.fails("--as", jean, "forum", "list")

    # Neither the secretary nor a councillor may give him a new key, each with their own PIN.
    monkeypatch.setenv("OBAMBU_PIN", "1234")
    monkeypatch.setenv("OBAMBU_NEW_PIN", "8642")
    refused = ambam.fails("member", "rekey", jean)
    assert "Only the mayor or a deputy may re-issue the key of a member" in refused
    assert "Only the mayor or a deputy" in ambam.fails("--as", lucie, "member", "rekey", jean)
    # The mayor may, with hers; nobody re-issues their own.
    assert "own key" in ambam.fails("--as", mayor, "member", "rekey", mayor)
    done = ambam.json("--as", mayor, "member", "rekey", jean)
    assert done["id"] == jean and done["pin"] is True
    monkeypatch.delenv("OBAMBU_NEW_PIN")

    # The forgotten PIN opens nothing; the new one signs, as the same member.
    assert "PIN is wrong" in ambam.fails("--as", jean, "forum", "list")
    monkeypatch.setenv("OBAMBU_PIN", "8642")
    ambam.json("--as", jean, "forum", "thread", "--title", "Après", "--body", "Signé aussi.")
    listed = _people(ambam)["Jean Owona"]
    assert (listed["id"], listed["role"], listed["active"]) == (jean, "councillor", True)

    ambam.visit(stick)
    bipindi.visit(stick)
    authors = {t["title"]: t["author"] for t in bipindi.json("forum", "list")}
    assert authors["Avant"] == authors["Après"] == "Jean Owona"
    theirs = [m for m in bipindi.json("member", "list", "--all")["members"] if m["id"] == jean]
    assert len(theirs) == 1 and theirs[0]["active"] is True
    receipts = bipindi.json("sitting", "show", "--sitting", sitting)["receipts"]
    assert [(r["member"], r["means"], r["own"]) for r in receipts] == [
        ("m1", "hand", True),
        ("m2", None, False),
    ]


def test_the_mayor_who_forgot_her_pin_in_a_vote_is_reissued_by_her_deputy_and_her_ballot_counts(
    demo: Callable[[int], list[Town]], stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Marie Ndongo opens a vote of the mayors and deputies, then forgets her PIN. Her deputy
    gives her a new key; she is still in the vote's electorate and still its convener: she
    votes, closes it, and Bipindi counts her ballot."""
    monkeypatch.delenv("OBAMBU_NEW_PIN", raising=False)
    ambam, bipindi = demo(2)
    ids = _ids(ambam)
    mayor, deputy = ids["Marie Ndongo"], ids["Paul Abega"]
    vote = str(
        ambam.json(
            "vote",
            "open",
            "--question",
            "Faut-il un forage commun ?",
            "--option",
            "oui",
            "--option",
            "non",
            "--electorate",
            "members",
        )["id"]
    )
    ambam.visit(stick)
    bipindi.visit(stick)
    bipindi.run("vote", "cast", "--vote", vote, "--choice", "non")  # Bipindi's mayor

    monkeypatch.setenv("OBAMBU_PIN", "4321")
    assert "PIN is wrong" in ambam.fails("vote", "cast", "--vote", vote, "--choice", "oui")
    monkeypatch.setenv("OBAMBU_PIN", "1234")  # the deputy's
    ambam.run("member", "use", deputy)
    monkeypatch.setenv("OBAMBU_NEW_PIN", "2468")
    assert ambam.json("member", "rekey", mayor, "--reason", "code oublié")["id"] == mayor
    monkeypatch.delenv("OBAMBU_NEW_PIN")

    monkeypatch.setenv("OBAMBU_PIN", "2468")
    ambam.run("member", "use", mayor)
    ambam.run("vote", "cast", "--vote", vote, "--choice", "oui")
    monkeypatch.setenv("OBAMBU_PIN", "1234")
    ambam.run("--as", deputy, "vote", "cast", "--vote", vote, "--choice", "oui")
    bipindi.visit(stick)
    ambam.visit(stick)
    monkeypatch.setenv("OBAMBU_PIN", "2468")
    ambam.run("vote", "close", "--vote", vote)  # she opened it, she closes it
    ambam.visit(stick)
    bipindi.visit(stick)
    shown = bipindi.json("vote", "show", "--vote", vote)
    assert shown["closed"] and shown["valid"] is True
    assert shown["count"] == 3 and shown["tally"] == [2, 1]
    assert shown["result"]["winner"] == "oui"


def test_a_commune_has_one_mayor_at_a_time(demo: Callable[[int], list[Town]], stick: Path) -> None:
    """A second mayor is refused, added or promoted; once the mayor hands over (she becomes a
    councillor), her deputy becomes mayor, and Bipindi reads one mayor of Ambam."""
    ambam, bipindi = demo(2)
    ids = _ids(ambam)
    mayor, deputy = ids["Marie Ndongo"], ids["Paul Abega"]
    added = ambam.fails("member", "add", "--name", "Hélène Zang", "--role", "mayor")
    assert "already has a mayor" in added
    assert "already has a mayor" in ambam.fails("member", "add", "--name", "Hélène Zang")
    assert "already has a mayor" in ambam.fails("member", "role", deputy, "--role", "mayor")
    ambam.json("member", "role", mayor, "--role", "councillor")
    ambam.json("member", "role", deputy, "--role", "mayor")
    ambam.visit(stick)
    bipindi.visit(stick)
    ambam_people = [m for m in bipindi.json("member", "list", "--all")["members"]]
    roles = {m["name"]: m["role"] for m in ambam_people if m["commune"] == "Ambam"}
    assert roles["Paul Abega"] == "mayor" and roles["Marie Ndongo"] == "councillor"
    assert list(roles.values()).count("mayor") == 1
