"""Campo's laptop is stolen; its new laptop asks for a new node key and Bipindi proposes it.
Ambam's secretary's desk (Ambam's second laptop) and the mayor's laptop each approve in
Ambam's name before they meet: both approvals stand, and Ambam counts once, so with four
communes the epoch still waits for a third commune (docs/ledger.md, "Counting communes, not
laptops"). What only the commune's node key signs is refused on the desk with a sentence of its
own."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.journeys.conftest import Cli, Town
from tests.journeys.test_second_laptop import _desk


@pytest.fixture(autouse=True)
def _new_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OBAMBU_NEW_PIN", "1234")  # the deputy's PIN on the desk


def test_the_desk_approves_an_epoch_in_ambam_s_name_and_ambam_counts_once(
    cli: Cli, demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    ambam, bipindi, campo, djoum = demo(4)
    desk, _ = _desk(cli, ambam, tmp_path)
    backup = tmp_path / "campo.obk"
    campo.run("backup", "create", "--out", backup)
    for _ in range(2):
        for town in (ambam, desk, bipindi, campo, djoum):
            town.visit(stick)

    # Campo's laptop is stolen: the new one asks, Bipindi proposes (and approves).
    new = Town(cli, tmp_path / "campo-new")
    new.run("backup", "restore", "--file", backup)
    code = new.json("rekey", "request")["code"]
    proposal = bipindi.json("rekey", "propose", "--code", code)["proposal"]
    trip = tmp_path / "trip"  # a fresh stick from Bipindi: all it holds, Campo's feed too
    trip.mkdir()
    bipindi.run("sync", "export", "--to", trip)
    other = tmp_path / "trip-copy"
    shutil.copytree(trip, other)

    # The desk and the mayor's laptop each take a copy and approve, before they meet.
    desk.run("sync", "import", "--from", trip)
    approved = desk.run("rekey", "approve", proposal)
    assert "Approved in this commune's name" in approved.out
    desk.run("sync", "export", "--to", trip)
    ambam.run("sync", "import", "--from", other)
    ambam.run("rekey", "approve", proposal)
    ambam.run("sync", "export", "--to", trip)  # the stick now carries both approvals
    ambam.run("sync", "import", "--from", trip)
    desk.run("sync", "import", "--from", trip)
    # Both stand, no double signature; a third approval of Ambam is a duplicate.
    for town in (ambam, desk):
        assert town.json("status")["evidence"] == 0, town.name
        assert "already approved" in town.fails("rekey", "approve", proposal), town.name
    # Bipindi and Ambam (once) are two of four communes: three are needed, so the new
    # laptop of Campo still waits.
    new.run("sync", "import", "--from", trip)
    refused = new.fails("forum", "thread", "--title", "Trop tôt", "--body", "…")
    assert "not approved yet" in refused, refused
    assert new.json("status")["epoch"] == 0

    # Djoum approves: three communes, the epoch is certified and Campo's new laptop signs.
    djoum.run("sync", "import", "--from", trip)
    djoum.run("rekey", "approve", proposal)
    djoum.run("sync", "export", "--to", trip)
    new.run("sync", "import", "--from", trip)
    new.run("forum", "thread", "--title", "Campo de retour", "--body", "…")
    new.run("sync", "export", "--to", trip)
    for town in (desk, ambam, bipindi, djoum):
        town.visit(trip)
        status = town.json("status")
        assert (status["epoch"], status["evidence"]) == (1, 0), town.name
        assert "Campo de retour" in town.titles(), town.name

    # Campo's new laptop writes a verifier kit: its new key is proven from the genesis by the
    # epoch's approvals (the desk's with its laptop's record), so a gendarmerie told the
    # network id takes it as checked (docs/spec/kit.md).
    new.visit(trip)
    network = new.json("status")["network_id"]
    new.run("attest", "kit", "export", "--to", tmp_path / "kit")
    imported = new.json(
        "attest", "kit", "import", "--from", tmp_path / "kit", "--kit", tmp_path / "verifier",
        "--network-id", network,
    )  # fmt: skip
    assert imported["anchored"] is True and "Campo" in imported["updated"]


def test_what_only_the_node_key_signs_is_refused_on_the_desk_with_its_sentence(
    cli: Cli, demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    ambam, bipindi = demo(2)
    desk, _ = _desk(cli, ambam, tmp_path)
    deputy = desk.json("member", "add", "--name", "Adjointe d'Ambam", "--role", "deputy")["id"]
    for town in (ambam, desk, bipindi):
        town.visit(stick)
    code = "00" * 72
    for argv in (
        ("rekey", "propose", "--code", code),
        ("rekey", "request"),
        ("attest", "kit", "export", "--to", tmp_path / "kit"),
    ):
        refused = desk.fails(*argv)
        assert "Only the commune's first laptop does this" in refused, (argv, refused)
        assert "holds no key" not in refused
    # The desk changes its commune's members like the first laptop: here, the deputy's role.
    desk.run("member", "role", deputy, "--role", "councillor")
    for town in (desk, ambam):
        town.visit(stick)
    roles = {m["name"]: m["role"] for m in ambam.json("member", "list")["members"]}
    assert roles["Adjointe d'Ambam"] == "councillor"
