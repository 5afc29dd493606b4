"""A mayor gives the commune its people from the command line: a deputy with a delegation, a
secretary, two councillors; who may cancel an attestation follows the roles and delegations,
a suspended member signs nothing more, and every commune learns of it by stick."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.journeys.conftest import Town


def _add(town: Town, name: str, role: str, *delegations: str) -> str:
    argv = ["member", "add", "--name", name, "--role", role]
    for delegation in delegations:
        argv += ["--delegation", delegation]
    return str(town.json(*argv)["id"])


def _members(town: Town, *extra: str) -> dict[str, dict[str, object]]:
    return {m["name"]: m for m in town.json("member", "list", *extra)["members"]}


def test_a_mayor_gives_the_commune_its_people_and_the_roles_decide_who_may_cancel(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    ambam, bipindi = demo(2)
    for town in (ambam, bipindi):  # the demo gives every commune its people
        roles = [m["role"] for m in town.json("member", "list")["members"]]
        assert roles == ["mayor", "deputy", "secretary", "councillor", "councillor"]
    mayor = _members(ambam)["Marie Ndongo"]["id"]
    deputy = _add(ambam, "Anne Bella", "deputy", "urbanism")
    _add(ambam, "Eric Nguema", "secretary")
    councillor = _add(ambam, "Joseph Essomba", "councillor")
    other = _add(ambam, "Alice Zang", "councillor")
    listed = _members(ambam)
    assert listed["Anne Bella"]["role"] == "deputy"
    assert listed["Anne Bella"]["delegations"] == ["urbanism"]
    assert listed["Eric Nguema"]["role"] == "secretary"
    assert {listed[n]["role"] for n in ("Joseph Essomba", "Alice Zang")} == {"councillor"}
    assert listed["Marie Ndongo"]["acting"] is True  # the mayor still signs on this laptop

    issued = ambam.json("attest", "issue", "--type", "res", "--subject", "Jean Mba")["id"]
    cancel = ["attest", "revoke", "--id", issued, "--reason", "lost_or_stolen"]

    # A councillor may not cancel: the sentence names who may, and the article.
    ambam.run("member", "use", councillor)
    refused = ambam.fails(*cancel)
    assert "Only the mayor or a deputy with the civil status delegation may cancel" in refused
    assert "L2122-18" in refused

    # A deputy acts only within the delegation the mayor gave: urbanism is not civil status.
    ambam.run("member", "use", deputy)
    assert "civil status delegation" in ambam.fails(*cancel)
    ambam.run("member", "use", mayor)
    ambam.json("member", "role", deputy, "--role", "deputy", "--delegation", "civil_status")
    assert _members(ambam)["Anne Bella"]["delegations"] == ["civil_status"]
    ambam.run("member", "use", deputy)
    ambam.json(*cancel)
    assert "already cancelled" in ambam.fails(*cancel)

    # Suspended, the deputy signs nothing more, on this laptop or anywhere the stick goes.
    ambam.run("member", "use", mayor)
    ambam.json("member", "suspend", deputy, "--reason", "enquête en cours")
    ambam.run("member", "use", deputy)
    assert "suspended" in ambam.fails("forum", "thread", "--title", "Essai", "--body", "Bonjour")
    ambam.run("member", "use", mayor)
    ambam.visit(stick)
    bipindi.visit(stick)
    theirs = _members(bipindi, "--all")
    assert theirs["Anne Bella"]["suspended"] is True
    assert theirs["Anne Bella"]["commune"] == "Ambam"

    # Reinstated, then the other councillor removed for good; the list says so everywhere.
    ambam.json("member", "reinstate", deputy)
    ambam.json("member", "remove", other)
    ambam.run("member", "use", deputy)
    ambam.json("forum", "thread", "--title", "Voirie", "--body", "Réunion jeudi.")
    ambam.run("member", "use", mayor)
    refused = ambam.fails("member", "use", other)
    assert "no such member" in refused
    ambam.visit(stick)
    bipindi.visit(stick)
    theirs = _members(bipindi, "--all")
    assert theirs["Anne Bella"]["suspended"] is False
    assert theirs["Alice Zang"]["active"] is False
    assert "Voirie" in bipindi.titles()
