"""A close that states a tally the ballots do not give (issue 20, `audit_wrong_tally`).

The ledger refuses such a close on receipt (`wrong_tally`, app/core/votes/rules.py), so a record
that carries one is refused at its block, before any recount: `audit_block_refused`. The record
check's own recount (app/core/audit/record.py) is the second line: it is what finds the wrong
tally when the blocks were accepted by a program whose rule did not check it. Both are reached
here with a close built on the demo's Ambam laptop, signed with its mayor's key and sealed in a
block signed with its node key, by a program that miscounts (its count_ballots adds a vote to
the first option); the other laptops run the right program."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.audit import check, replica
from app.core.audit import record as record_module
from app.core.demo import DEMO_PIN
from app.core.errors import Rejected
from app.core.node.node import Node
from app.core.votes import rules
from app.core.votes import service as votes
from tests.test_cli import PASS, in_process_cli

cli = in_process_cli
RIGHT = rules.count_ballots


def miscount(led: Any, view: Any, vote: bytes, body: dict[str, Any]) -> dict[str, Any]:
    counted = RIGHT(led, view, vote, body)
    return {**counted, "tally": [counted["tally"][0] + 1, *counted["tally"][1:]]}


@pytest.fixture
def homes(cli: Any, tmp_path: Path) -> list[Path]:
    result = cli("demo", "--dir", tmp_path / "demo", "--communes", "2")
    assert result.code == 0, result.err
    return [Path(home) for home in result.out.split("\n")[1:3]]


@pytest.fixture
def wrong_close(
    homes: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Path, bytes]]:
    """The demo's vote closed by Ambam's miscounting program and exported: the record folder,
    and the block that carries the close."""
    node = Node.open(homes[0], PASS)
    try:
        (vote,) = [bytes(v) for (v,) in node.store.all("SELECT id FROM votes")]
        node.keyring.unlock(node.member, DEMO_PIN)  # the mayor, who opened the vote
        with monkeypatch.context() as wrong:
            wrong.setattr(votes, "count_ballots", miscount)  # the count it signs
            wrong.setattr(rules, "count_ballots", miscount)  # and the rule that checks it
            votes.close(node, vote)
        folder = record_module.export(node, vote, tmp_path / "out")
        row = node.store.one(
            "SELECT b.data FROM blocks b JOIN votes v "
            "ON b.author = v.close_author AND b.seq = v.close_seq WHERE v.id = ?",
            (vote,),
        )
        assert row is not None
    finally:
        node.store.close()
    yield folder, bytes(row[0])


def test_the_record_of_a_wrong_close_is_refused_at_its_block(
    wrong_close: tuple[Path, bytes],
) -> None:
    folder, _ = wrong_close
    with pytest.raises(Rejected) as refused:
        check.check(folder)
    assert refused.value.code == "audit_block_refused"
    assert "does not match the ballots in its past" in refused.value.params["detail"]


def test_the_recount_finds_the_wrong_tally_that_a_lax_rule_let_in(
    wrong_close: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The blocks replayed by a ledger that checks no tally (the rule miscounts as the close
    did): the record check counts again with its own count and refuses the close."""
    folder, _ = wrong_close
    monkeypatch.setattr(rules, "count_ballots", miscount)
    with pytest.raises(Rejected) as refused:
        check.check(folder)
    assert refused.value.code == "audit_wrong_tally"


def test_the_wrong_close_is_quarantined_by_the_other_laptop_and_the_replica_says_so(
    homes: list[Path], wrong_close: tuple[Path, bytes]
) -> None:
    _, block = wrong_close
    node = Node.open(homes[1], PASS)
    try:
        outcome = node.ledger.receive(block)
        assert (outcome.status, outcome.code) == ("rejected", "wrong_tally")
        checked = replica.check(node)
        assert (checked.quarantined, checked.refused, checked.waiting) == (
            1,
            {"wrong_tally": 1},
            0,
        )
    finally:
        node.store.close()
