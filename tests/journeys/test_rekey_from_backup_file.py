"""The same theft, with a backup file instead of the paper sheet: the new laptop restores the
file, takes in one stick from a neighbour, asks for its new key, and signs again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.journeys.conftest import Cli, Town, rekey_by_stick


def test_a_laptop_restored_from_a_backup_file_is_rekeyed_and_signs_again(
    cli: Cli, demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    ambam, bipindi, campo = demo(3)
    backup = tmp_path / "ambam.obk"
    ambam.run("backup", "create", "--out", backup)
    ambam.run("forum", "thread", "--title", "Après la sauvegarde", "--body", "…")
    for _ in range(2):
        for town in (ambam, bipindi, campo):
            town.visit(stick)

    new = Town(cli, tmp_path / "ambam-new")
    new.run("backup", "restore", "--file", backup)
    code = new.json("rekey", "request")["code"]
    trip = tmp_path / "trip"
    trip.mkdir()
    # One stick, from Bipindi through Campo: the new laptop's history and the approvals.
    rekey_by_stick(code, bipindi, trip, approvers=[campo], then=[new])
    assert "Après la sauvegarde" in new.titles()
    new.run("forum", "thread", "--title", "Nouvelle clé", "--body", "…")
    new.run("sync", "export", "--to", trip)
    bipindi.run("sync", "import", "--from", trip)
    assert "Nouvelle clé" in bipindi.titles()
    # The stolen laptop's next block is refused.
    ambam.run("forum", "thread", "--title", "Du voleur", "--body", "…")
    loot = tmp_path / "loot"
    loot.mkdir()
    ambam.run("sync", "export", "--to", loot)
    bipindi.run("sync", "import", "--from", loot)
    assert bipindi.json("status")["refused"] == {"stolen_key": 1}
