"""A commune whose node key the authorities replaced (its laptop was stolen) writes a kit from
its new laptop: the epoch that re-keyed it proves the new key from the genesis, so a
verify-only laptop told the network id takes the kit as checked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.journeys.conftest import Cli, Town, rekey_by_stick


def test_a_rekeyed_commune_writes_a_kit_anchored_to_the_network(
    cli: Cli, demo: Callable[[int], list[Town]], tmp_path: Path
) -> None:
    ambam, bipindi, campo = demo(3)
    network = ambam.json("status")["network_id"]
    code = ambam.json("backup", "paper", "--out", tmp_path / "qr.png")["seed"]

    # Ambam's clerk rebuilds a laptop from the paper; Bipindi and Campo give it a new key.
    new = Town(cli, tmp_path / "ambam-new")
    trip = tmp_path / "trip"
    trip.mkdir()
    new.run("backup", "restore", "--paper", code, "--stick", trip)
    rekey = new.json("rekey", "request")["code"]
    bipindi.run("join", "invite", "--stick", trip)
    new.run("join", "accept", "--stick", trip)
    rekey_by_stick(rekey, bipindi, trip, approvers=[campo], then=[bipindi, new])
    assert new.json("status")["node_key"] != ambam.json("status")["node_key"]

    stick, verifier = tmp_path / "stick", tmp_path / "gendarmerie"
    new.run("attest", "kit", "export", "--to", stick)
    imported = new.cli(
        "--json", "attest", "kit", "import", "--from", stick, "--kit", verifier,
        "--network-id", network,
    )  # fmt: skip
    assert imported.code == 0, imported.err
    assert imported.json()["anchored"] is True and "Ambam" in imported.json()["updated"]
