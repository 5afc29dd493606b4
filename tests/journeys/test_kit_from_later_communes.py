"""Kits written where the genesis alone proves nothing: a commune whose node key the
authorities replaced (its laptop was stolen) writes one from its new laptop, and a commune
admitted by a commune admitted after the genesis writes one. The epochs prove each key from the
genesis, so a verify-only laptop told the network id takes the kit as checked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.journeys.conftest import Cli, Town, rekey_by_stick
from tests.journeys.test_invitations_from_any_commune import _approve, _join


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


def test_a_commune_admitted_by_an_admitted_commune_writes_a_kit_proven_over_two_epochs(
    cli: Cli, demo: Callable[[int], list[Town]], tmp_path: Path
) -> None:
    ambam, bipindi, campo = demo(3)
    network = ambam.json("status")["network_id"]
    # Ambam invites Djoum (epoch 1, with Bipindi's approval); Djoum invites Ebolowa (epoch 2,
    # with Ambam's and Campo's): Ebolowa's key is two epochs away from the genesis.
    djoum, trip, proposal = _join(cli, tmp_path, "Djoum", ambam)
    djoum.run("join", "accept", "--stick", trip)
    assert proposal is not None
    _approve(proposal, trip, [bipindi], then=[ambam, djoum])
    ebolowa, second, admits = _join(cli, tmp_path, "Ebolowa", djoum)
    ebolowa.run("join", "accept", "--stick", second)
    assert admits is not None
    _approve(admits, second, [ambam, campo], then=[djoum, ebolowa])
    assert ebolowa.json("status")["epoch"] == 2
    ebolowa.run("member", "add", "--name", "Maire d'Ebolowa")
    paper = ebolowa.json("attest", "issue", "--type", "nais", "--subject", "Paul Ékani")

    stick, verifier = tmp_path / "stick", tmp_path / "gendarmerie"
    ebolowa.run("attest", "kit", "export", "--to", stick)
    imported = ebolowa.json(
        "attest", "kit", "import", "--from", stick, "--kit", verifier, "--network-id", network
    )
    assert imported["anchored"] is True and "Ebolowa" in imported["updated"]
    checked = ebolowa.json(
        "attest", "verify", paper["qr"], "--kit", verifier, "--network-id", network
    )
    assert checked["outcome"] == "authentic" and checked["issuer"] == "Maire d'Ebolowa"
