"""Any commune of the network invites, not only a founding one: a commune admitted after the
founding, and a founding commune after its re-key. The newcomer believes the invitation only
once the stick's blocks show its key in force; a thief's old key is refused, nothing joined."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.journeys.conftest import Cli, Town, rekey_by_stick


def _join(cli: Cli, tmp_path: Path, name: str, inviter: Town) -> tuple[Town, Path, str | None]:
    """`name`'s new laptop asks on a fresh stick, `inviter` answers it: the newcomer, the stick,
    and the proposal of the epoch that admits it (None when no epoch was needed)."""
    newcomer = Town(cli, tmp_path / name.lower())
    trip = tmp_path / f"trip-{name.lower()}"
    trip.mkdir()
    newcomer.run("join", "request", "--commune", name, "--stick", trip)
    proposal = inviter.json("join", "invite", "--stick", trip)["proposal"]
    return newcomer, trip, proposal


def _approve(proposal: str, trip: Path, approvers: list[Town], then: list[Town]) -> None:
    """The admitting epoch's approvals go round by stick, then reach `then`."""
    for town in approvers:
        town.run("sync", "import", "--from", trip)
        town.run("rekey", "approve", proposal)
        town.run("sync", "export", "--to", trip)
    for town in then:
        town.run("sync", "import", "--from", trip)


def test_a_commune_admitted_after_the_founding_invites_a_fifth(
    cli: Cli, demo: Callable[[int], list[Town]], tmp_path: Path
) -> None:
    ambam, bipindi, campo = demo(3)
    ambam.run("forum", "thread", "--title", "Avant Djoum", "--body", "…")

    # Ambam (founding) invites Djoum; Bipindi's approval makes two thirds.
    djoum, trip, proposal = _join(cli, tmp_path, "Djoum", ambam)
    djoum.run("join", "accept", "--stick", trip)
    assert proposal is not None
    _approve(proposal, trip, [bipindi], then=[ambam, djoum])
    assert djoum.json("status")["epoch"] == 1
    djoum.run("member", "add", "--name", "Maire de Djoum")

    # Djoum's node key is in no genesis: Ebolowa holds the genesis alone, and learns from the
    # stick Djoum writes that Djoum is an authority whose key is in force.
    ebolowa, second, admits = _join(cli, tmp_path, "Ebolowa", djoum)
    joined = ebolowa.json("join", "accept", "--stick", second)
    assert joined["new"] > 0 and joined["left_out"] == 0
    status = ebolowa.json("status")
    assert status["network_id"] == ambam.json("status")["network_id"]
    assert status["epoch"] == 1 and status["authorities"] == 4
    assert "Avant Djoum" in ebolowa.titles()

    # Three approvals of four (Djoum's own, then Ambam's and Campo's): Ebolowa is an authority
    # and writes a block every commune takes.
    assert admits is not None
    _approve(admits, second, [ambam, campo], then=[djoum, ebolowa])
    assert ebolowa.json("status")["epoch"] == 2
    ebolowa.run("member", "add", "--name", "Maire d'Ebolowa")
    ebolowa.run("forum", "thread", "--title", "Bonjour d'Ebolowa", "--body", "…")
    ebolowa.run("sync", "export", "--to", second)
    for town in (ambam, bipindi, campo, djoum):
        town.run("sync", "import", "--from", second)
        assert "Bonjour d'Ebolowa" in town.titles(), town.name


def test_a_rekeyed_commune_invites_and_the_thiefs_old_key_is_refused(
    cli: Cli, demo: Callable[[int], list[Town]], tmp_path: Path
) -> None:
    ambam, bipindi, campo = demo(3)
    code = ambam.json("backup", "paper", "--out", tmp_path / "qr.png")["seed"]
    thief = ambam  # the laptop is stolen, with Ambam's founding node key in it

    # Ambam's clerk rebuilds a laptop from the paper; Bipindi and Campo give it a new key.
    new = Town(cli, tmp_path / "ambam-new")
    trip = tmp_path / "trip"
    trip.mkdir()
    new.run("backup", "restore", "--paper", code, "--stick", trip)
    rekey = new.json("rekey", "request")["code"]
    bipindi.run("join", "invite", "--stick", trip)
    new.run("join", "accept", "--stick", trip)
    rekey_by_stick(rekey, bipindi, trip, approvers=[campo], then=[bipindi, new])
    assert new.json("status")["node_key"] != thief.json("status")["node_key"]

    # Ambam's new key is in no genesis: Djoum learns it from the stick's epochs.
    djoum, stick, proposal = _join(cli, tmp_path, "Djoum", new)
    assert proposal is not None
    djoum.run("join", "accept", "--stick", stick)
    assert djoum.json("status")["epoch"] == 1  # the re-key's epoch: Ambam's new key in force

    # The thief answers Fang's request on a stick that carries the re-key (Bipindi wrote on it
    # first). Fang's laptop takes the stick in, finds the old key limited, and refuses.
    fang = Town(cli, tmp_path / "fang")
    loot = tmp_path / "loot"
    loot.mkdir()
    fang.run("join", "request", "--commune", "Fang", "--stick", loot)
    bipindi.run("sync", "export", "--to", loot)
    thief.run("join", "invite", "--stick", loot)
    refused = fang.fails("join", "accept", "--stick", loot)
    assert refused == (
        "obambu: This invitation is not signed by a commune of the network. Ask a commune of "
        "the network to invite you."
    )
    assert "not joined a network" in fang.fails("status")  # no half-joined profile

    # The same laptop joins when a commune in force answers the request on that stick.
    bipindi.run("join", "invite", "--stick", loot)
    fang.run("join", "accept", "--stick", loot)
    status = fang.json("status")
    assert status["network_id"] == bipindi.json("status")["network_id"]
    assert status["refused"].get("stolen_key", 0) >= 1  # the thief's proposal, refused
