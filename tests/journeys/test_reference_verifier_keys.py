"""The key history of docs/spec/records.md, followed by both verifiers through the commands a
person uses: Ambam's secretary's desk becomes a laptop of Ambam; Campo's stolen laptop is
replaced and its new node key approved through an epoch; Ambam's mayor gives the deputy a new key
(a forgotten PIN). Then a vote between communes: the deputy votes for Ambam with the new key,
Campo's new laptop with the new node key, Bipindi as before. The exported record checks in both
verifiers with the same count; the deputy's old key, which signed nothing after the re-issue,
and Campo's old key are in the record's history."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.audit.replay import causal_order
from app.core.ledger.ledger import Ledger
from app.core.ledger.objects import parse_genesis
from app.core.node import registry
from app.core.store.store import Store
from tests.journeys.conftest import Cli, Town, open_vote, rekey_by_stick
from tests.journeys.test_second_laptop import _desk
from tests.test_reference_verifier import run_check


@pytest.fixture(autouse=True)
def _new_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OBAMBU_NEW_PIN", "1234")  # the deputy's new PIN, and the desk's


def test_both_verifiers_follow_a_new_laptop_a_rekeyed_commune_and_a_reissued_key(
    cli: Cli, demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    ambam, bipindi, campo, djoum = demo(4)
    desk, _ = _desk(cli, ambam, tmp_path)
    backup = tmp_path / "campo.obk"
    campo.run("backup", "create", "--out", backup)
    for _ in range(2):
        for town in (ambam, desk, bipindi, campo, djoum):
            town.visit(stick)

    # Campo's laptop is stolen: the new one's node key, approved by three communes of four.
    new = Town(cli, tmp_path / "campo-new")
    new.run("backup", "restore", "--file", backup)
    code = new.json("rekey", "request")["code"]
    rekey_by_stick(code, bipindi, stick, approvers=[ambam, djoum], then=[new])
    assert new.json("status")["epoch"] == 1

    # Ambam's mayor gives the deputy a new key; the deputy forgot the PIN.
    people = {m["name"]: str(m["id"]) for m in ambam.json("member", "list")["members"]}
    mayor, deputy = people["Marie Ndongo"], people["Paul Abega"]
    ambam.run("--as", mayor, "member", "rekey", deputy)

    vote = open_vote(ambam, "Forage commun à Nkolo ?")
    ambam.json("--as", deputy, "vote", "cast", "--vote", vote, "--choice", "oui")
    for town in (ambam, new, bipindi):
        town.visit(stick)
    new.run("vote", "cast", "--vote", vote, "--choice", "non")
    bipindi.run("vote", "cast", "--vote", vote, "--choice", "oui")
    for town in (new, bipindi, ambam):
        town.visit(stick)
    ambam.run("vote", "close", "--vote", vote)
    shown = ambam.json("vote", "show", "--vote", vote)
    assert (shown["count"], shown["tally"]) == (3, [2, 1])

    folder = Path(ambam.json("vote", "export", "--vote", vote, "--record", tmp_path)["folder"])
    ours = cli("--json", "audit", "record", folder).json()
    code_, theirs = run_check("record", str(folder))
    assert code_ == 0, theirs
    assert theirs["count"] == ours["ballots"] == 3
    assert theirs["tally"] == ours["tally"] == shown["tally"]
    assert theirs["root"] == ours["root"] == shown["root"]
    assert theirs["blocks"] == ours["blocks"]

    # The order of the index's block list is nobody's promise: reversed, the same verdict
    # (before app/core/audit/replay.py put the blocks in causal order, Campo's first block
    # under its new key was set aside when it came before the block proposing that key).
    index = json.loads((folder / "record.json").read_text(encoding="utf-8"))
    index["record"]["blocks"].reverse()
    (folder / "record.json").write_text(json.dumps(index), encoding="utf-8")
    again = cli("--json", "audit", "record", folder)
    assert again.code == 0, again.err
    assert again.json() == ours
    _a_node_takes_them_in_any_order(folder, tmp_path / "node.db")


def _a_node_takes_them_in_any_order(folder: Path, path: Path) -> None:
    """A node given the same blocks each before its parents (a stick or a relay delivers in
    any order) applies them all: Campo's first block under its new key waits for the block that
    proposes that key instead of being set aside for good as signed by a key Campo never had."""
    store = Store.open(path, secrets.token_bytes(32), create=True)
    try:
        genesis = parse_genesis((folder / "genesis.cbor").read_bytes())
        ledger = Ledger(store, genesis.id, registry.RULES)
        with store.transaction():
            ledger.apply_genesis(genesis)
        blocks = [p.read_bytes() for p in sorted((folder / "blocks").glob("*.cbor"))]
        for data in reversed(causal_order(blocks)):
            ledger.receive(data)
        assert store.value("SELECT count(*) FROM quarantine") == 0
        assert store.value("SELECT count(*) FROM waiting") == 0
        assert store.value("SELECT count(*) FROM blocks") == len(blocks)
    finally:
        store.close()


def test_a_vote_closed_by_an_elector_after_two_thirds_asked_checks_in_both(
    cli: Cli, demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    """Ambam opens a vote closing today and goes silent; Bipindi and Campo vote and ask to
    close; Campo closes it. Who may close (records.md) is checked by both on Campo's record."""
    ambam, bipindi, campo = demo(3)
    vote = open_vote(ambam, "Forage commun à Nkolo ?", "--days", "0")
    ambam.run("vote", "cast", "--vote", vote, "--choice", "non")
    ambam.visit(stick)
    for town in (bipindi, campo):
        town.visit(stick)
        town.run("vote", "cast", "--vote", vote, "--choice", "oui")
        town.run("vote", "ask-close", "--vote", vote)
        town.visit(stick)
    campo.run("vote", "close", "--vote", vote)
    folder = Path(campo.json("vote", "export", "--vote", vote, "--record", tmp_path)["folder"])
    ours = cli("--json", "audit", "record", folder).json()
    code, theirs = run_check("record", str(folder))
    assert code == 0, theirs
    assert (theirs["count"], theirs["tally"]) == (ours["ballots"], ours["tally"]) == (3, [2, 1])
    assert theirs["root"] == ours["root"]
