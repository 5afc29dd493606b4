"""A town hall's laptop is stolen: the commune comes back from its backup file or its paper
backup, and is signing again after one stick from a neighbour, without signing twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.journeys.conftest import Cli, Town


def _weeks_of_sticks(towns: list[Town], stick: Path, rounds: int = 2) -> None:
    """The stick goes round the communes until every one has heard every other's beacon."""
    for _ in range(rounds):
        for town in towns:
            town.visit(stick)


def _no_double_signature(*towns: Town) -> None:
    for town in towns:
        assert town.json("status")["evidence"] == 0, town.name


def test_a_stolen_laptop_restored_from_its_backup_file_signs_again_after_one_stick(
    cli: Cli, demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    """Ambam's secretary made a backup file in March; the laptop kept working until it was
    stolen in June. On a new laptop she restores the backup, is told to sync first, takes in
    Bipindi's stick, and the mayor posts again; every commune gets the post, nobody sees two
    blocks for one number."""
    ambam, bipindi, campo = demo(3)
    backup = tmp_path / "ambam.obk"
    ambam.run("backup", "create", "--out", backup)
    for n in range(3):  # work done after the backup: only the other communes have it now
        ambam.run("forum", "thread", "--title", f"Après la sauvegarde {n}", "--body", "…")
    _weeks_of_sticks([ambam, bipindi, campo], stick)

    new = Town(cli, tmp_path / "ambam-new")
    new.run("backup", "restore", "--file", backup)
    refused = new.fails("forum", "thread", "--title", "Trop tôt", "--body", "…")
    assert "sync" in refused.lower()
    fresh = tmp_path / "bipindi-stick"
    fresh.mkdir()
    bipindi.run("sync", "export", "--to", fresh)  # Bipindi does not know of the theft
    new.run("sync", "import", "--from", fresh)
    assert {f"Après la sauvegarde {n}" for n in range(3)} <= new.titles()
    new.run("forum", "thread", "--title", "De retour", "--body", "Nouveau portable.")
    new.visit(fresh)
    for town in (bipindi, campo):
        town.visit(fresh)
        assert "De retour" in town.titles()
    _no_double_signature(new, bipindi, campo)


def test_a_laptop_rebuilt_from_paper_signs_again_after_one_stick(
    cli: Cli, demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    """Ambam has no backup file, only the paper sheet locked in the safe. The clerk rebuilds
    the laptop from the sheet, the request goes to Bipindi on a stick, Bipindi answers on the
    same stick, and Ambam is back with its whole history, signing again."""
    ambam, bipindi, campo = demo(3)
    code = ambam.json("backup", "paper", "--out", tmp_path / "qr.png")["seed"]
    ambam.run("forum", "thread", "--title", "Avant le vol", "--body", "…")
    _weeks_of_sticks([ambam, bipindi, campo], stick)
    before = ambam.json("status")["feeds"]

    new = Town(cli, tmp_path / "ambam-paper")
    trip = tmp_path / "trip"
    trip.mkdir()
    new.run("backup", "restore", "--paper", code, "--stick", trip)
    bipindi.run("join", "invite", "--stick", trip)
    new.run("join", "accept", "--stick", trip)
    assert "Avant le vol" in new.titles()
    assert new.json("status")["feeds"] == before
    # The paper holds no member's key: the commune removes its mayor (one at a time) and
    # registers her again on this laptop.
    mayor = next(m for m in new.json("member", "list")["members"] if m["role"] == "mayor")
    new.run("member", "remove", str(mayor["id"]))
    new.run("member", "add", "--name", "Maire d'Ambam")
    new.run("forum", "thread", "--title", "Reconstruit", "--body", "Depuis le papier.")
    new.visit(trip)
    bipindi.visit(trip)
    campo.visit(trip)
    assert "Reconstruit" in campo.titles()
    _no_double_signature(new, bipindi, campo)
