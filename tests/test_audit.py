"""Beneath the audit journey: a profile whose database was changed outside the program, and a
record that names another network, are refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.core.audit import check, record, replica
from app.core.errors import Rejected
from app.core.node.node import Node
from tests.test_cli import PASS, in_process_cli

cli = in_process_cli


@pytest.fixture
def home(cli: Any, tmp_path: Path) -> Path:
    result = cli("demo", "--dir", tmp_path / "demo", "--communes", "2")
    assert result.code == 0, result.err
    return Path(result.out.split("\n")[1])


def test_a_head_changed_in_the_database_is_found_by_the_replica(home: Path) -> None:
    node = Node.open(home, PASS)
    try:
        assert replica.check(node).blocks == len(replica.blocks(node))
        with node.store.transaction():  # what a forger with the database's key could do
            node.store.run("UPDATE feeds SET head_id = zeroblob(32) WHERE rowid = 1")
        with pytest.raises(Rejected) as refused:
            replica.check(node)
        assert refused.value.code == "audit_replica_differs"
    finally:
        node.store.close()


def test_a_record_naming_another_network_is_refused(home: Path, tmp_path: Path) -> None:
    node = Node.open(home, PASS)
    try:
        (vote, *_) = [bytes(v) for (v,) in node.store.all("SELECT id FROM votes")]
        folder = record.export(node, vote, tmp_path / "out")
    finally:
        node.store.close()
    assert check.check(folder).vote == vote.hex()
    index = json.loads((folder / "record.json").read_text(encoding="utf-8"))
    index["record"]["network_id"] = "00" * 32
    (folder / "record.json").write_text(json.dumps(index), encoding="utf-8")
    with pytest.raises(Rejected) as refused:
        check.check(folder)
    assert refused.value.code == "audit_other_network"
