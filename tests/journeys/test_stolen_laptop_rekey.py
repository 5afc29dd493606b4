"""Ambam's laptop is stolen. The thief holds the commune's node key; the other communes give
Ambam a new one through an epoch, and everything the stolen key signs after the stated point is
refused everywhere, whenever it arrives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.journeys.conftest import Cli, Town, rekey_by_stick


def _round(towns: list[Town], stick: Path) -> None:
    for _ in range(2):
        for town in towns:
            town.visit(stick)


def _mayor(town: Town) -> str:
    """The commune's mayor in office: one at a time (a second one is refused)."""
    members = town.json("member", "list")["members"]
    return next(str(m["id"]) for m in members if m["role"] == "mayor" and m["active"])


def _stolen(town: Town) -> int:
    """How many blocks this laptop refused as signed by a revoked node key."""
    return int(town.json("status")["refused"].get("stolen_key", 0))


def test_a_stolen_laptop_is_rekeyed_from_paper_and_the_thiefs_blocks_are_refused(
    cli: Cli, demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    ambam, bipindi, campo = demo(3)
    code = ambam.json("backup", "paper", "--out", tmp_path / "qr.png")["seed"]
    ambam.run("forum", "thread", "--title", "Avant le vol", "--body", "…")
    _round([ambam, bipindi, campo], stick)
    thief = ambam  # the laptop is gone, with the node key in it

    # The clerk rebuilds a laptop from the paper; Bipindi answers its request on a stick.
    new = Town(cli, tmp_path / "ambam-new")
    trip = tmp_path / "trip"
    trip.mkdir()
    new.run("backup", "restore", "--paper", code, "--stick", trip)
    rekey = new.json("rekey", "request")["code"]  # at once: the clerk phones it to Bipindi
    bipindi.run("join", "invite", "--stick", trip)
    new.run("join", "accept", "--stick", trip)
    assert "Avant le vol" in new.titles()

    # Bipindi proposes the new key: one approval of three is not enough.
    proposal = rekey_by_stick(rekey, bipindi, trip, then=[new])
    early = new.fails("member", "add", "--name", "Maire d'Ambam")
    assert "not approved" in early

    # Campo approves: two thirds. The stick goes Campo → Bipindi → the new laptop.
    round_trip = tmp_path / "round"
    round_trip.mkdir()
    rekey_by_stick(rekey, bipindi, round_trip, approvers=[campo], proposal=proposal)
    bipindi.visit(round_trip)
    new.run("sync", "import", "--from", round_trip)

    # The thief signs on with the stolen key.
    thief.run("forum", "thread", "--title", "Faux arrêté", "--body", "signé par le voleur")
    loot = tmp_path / "loot"
    loot.mkdir()
    thief.run("sync", "export", "--to", loot)

    # The new laptop signs again under its new key, continuing the commune's feed. The mayor's
    # key went with the laptop: the commune removes her, then registers its mayor again.
    new.run("member", "remove", _mayor(new))
    new.run("member", "add", "--name", "Maire d'Ambam")
    new.run("forum", "thread", "--title", "De retour", "--body", "Nouvelle clé.")
    new.run("sync", "export", "--to", round_trip)
    for town in (bipindi, campo):
        town.run("sync", "import", "--from", round_trip)
        assert "De retour" in town.titles()

    # The thief can no longer read what the communes write: the epoch's transport key is
    # sealed to the new node key only.
    report = thief.json("sync", "import", "--from", round_trip)
    assert report["left_out"] == 1
    assert "transport key this laptop lacks" in report["problems"][0]
    assert "De retour" not in thief.titles()

    # The thief's stick arrives late, after the new key's blocks: refused on every node.
    for town in (new, bipindi, campo):
        assert _stolen(town) == 0
        town.run("sync", "import", "--from", loot)
        assert _stolen(town) == 1, town.name
        assert "Faux arrêté" not in town.titles()

    # Months later the new laptop dies too: the paper printed under the new key rebuilds it.
    paper = new.json("backup", "paper", "--out", tmp_path / "qr2.png")["seed"]
    assert paper != code
    third = Town(cli, tmp_path / "ambam-third")
    again = tmp_path / "again"
    again.mkdir()
    third.run("backup", "restore", "--paper", paper, "--stick", again)
    bipindi.run("join", "invite", "--stick", again)
    third.run("join", "accept", "--stick", again)
    assert {"Avant le vol", "De retour"} <= third.titles()
    assert third.json("status")["commune_id"] == new.json("status")["commune_id"]
    assert bipindi.json("status")["epoch"] == 1  # no epoch for a commune already there
    third.run("member", "remove", _mayor(third))  # the paper holds no member's key
    third.run("member", "add", "--name", "Maire d'Ambam")
    third.run("forum", "thread", "--title", "Troisième portable", "--body", "…")
    third.run("sync", "export", "--to", again)
    campo.run("sync", "import", "--from", again)
    assert "Troisième portable" in campo.titles()
