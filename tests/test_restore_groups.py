"""A restore from a backup file and the demo's exchange take blocks a group per store commit
(`Node.receive_all`), as an import does (issue 21): a refused block still rolls back alone, a
crash keeps the groups committed before it and none of the one it broke, and a restore
stopped halfway signs nothing until a commune has spoken."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.core import demo
from app.core.errors import Rejected
from app.core.ledger import ledger as ledger_module
from app.core.ledger.txtypes import TxType
from app.core.node import backups
from app.core.node import node as node_module
from app.core.node.node import Node
from app.core.store.store import Store
from tests.sync_kit import post, same_state


def _feed(node: Node) -> list[bytes]:
    return [
        bytes(r[0])
        for r in node.store.all("SELECT id FROM blocks WHERE author = ? ORDER BY seq", (node.feed,))
    ]


def _commits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the store's group commits from now on, in every profile."""
    counted: list[int] = []
    real = Store.grouped

    def grouped(self: Store) -> Any:
        counted.append(1)
        return real(self)

    monkeypatch.setattr(Store, "grouped", grouped)
    return counted


def _alone(make_network: Any, blocks: int) -> Node:
    """A commune alone in its network, `blocks` posts sealed after its first block: its feed
    refers to no other commune's blocks, so a restore applies all of it at once."""
    a: Node = make_network(1).nodes[0]
    for n in range(blocks):
        post(a, f"Sujet {n}")
    return a


def test_a_restore_takes_its_feed_a_group_per_commit(
    make_network: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = _alone(make_network, 2 * node_module.GROUP_BLOCKS + 3)
    saved = backups.export(a, "sauvegarde")
    commits = _commits(monkeypatch)
    restored = backups.restore(tmp_path / "new", saved, "sauvegarde", "nouveau")
    try:
        assert _feed(restored) == _feed(a)
        feed = len(_feed(a))
        assert len(commits) == -(-feed // node_module.GROUP_BLOCKS)  # whole groups, and the rest
        assert restored.store.value("PRAGMA integrity_check") == "ok"
        assert same_state([a, restored])
        with pytest.raises(Rejected, match="restored"):  # no word from a commune yet
            restored.submit(TxType.FORUM_THREAD, {"title": "trop tôt", "body": ""})
    finally:
        restored.close()


def test_a_refused_block_among_them_rolls_back_alone(net: Any) -> None:
    a, b, _ = net.nodes
    for n in range(node_module.GROUP_BLOCKS):
        post(a, f"Sujet {n}")
    blocks = list(a.blocks_after(b.heads()))
    forged = bytearray(blocks[3])
    forged[-1] ^= 1  # the signature of one block in the middle of a group
    outcomes = b.receive_all([bytes(forged) if n == 3 else d for n, d in enumerate(blocks)])
    assert [o.status for o in outcomes[:3]] == ["applied"] * 3
    assert outcomes[3].status == "rejected"
    assert all(o.status == "waiting" for o in outcomes[4:])  # they follow the refused one
    assert b.store.value("PRAGMA integrity_check") == "ok"
    assert [o.status for o in b.receive_all(blocks[3:4])] == ["applied"]
    assert same_state([a, b])


def test_a_restore_stopped_halfway_keeps_whole_groups_and_signs_nothing(
    make_network: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = _alone(make_network, 3 * node_module.GROUP_BLOCKS)
    saved = backups.export(a, "sauvegarde")
    feed = _feed(a)
    stop = node_module.GROUP_BLOCKS + node_module.GROUP_BLOCKS // 2  # in the second group
    real_apply = ledger_module.Ledger.apply_block
    calls = 0

    def apply_block(self: ledger_module.Ledger, block: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == stop:
            raise RuntimeError("power cut")
        real_apply(self, block)

    monkeypatch.setattr(ledger_module.Ledger, "apply_block", apply_block)
    with pytest.raises(RuntimeError, match="power cut"):
        backups.restore(tmp_path / "new", saved, "sauvegarde", "nouveau")
    monkeypatch.setattr(ledger_module.Ledger, "apply_block", real_apply)

    restored = Node.open(tmp_path / "new", "nouveau")
    try:
        kept = _feed(restored)
        assert kept == feed[: len(kept)]
        assert len(kept) == node_module.GROUP_BLOCKS  # the first group, none of the second
        assert restored.store.value("PRAGMA integrity_check") == "ok"
        with pytest.raises(Rejected, match="restored"):
            restored.submit(TxType.FORUM_THREAD, {"title": "trop tôt", "body": ""})
    finally:
        restored.close()


def test_the_demo_exchanges_a_group_per_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commits = _commits(monkeypatch)
    _, homes = demo.build(tmp_path / "demo", 3)
    nodes = [Node.open(home, "demo") for home in homes]
    try:
        assert same_state(nodes)
        blocks = int(nodes[0].store.value("SELECT count(*) FROM blocks"))
        # Each laptop took the others' blocks: one commit a block would be 2 × blocks.
        assert 0 < len(commits) < blocks
    finally:
        for node in nodes:
            node.close()


def test_a_screen_asking_the_store_ends_a_group_at_the_next_block(
    net: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, _ = net.nodes
    for n in range(node_module.GROUP_BLOCKS):
        post(a, f"Sujet {n}")
    blocks = list(a.blocks_after(b.heads()))
    monkeypatch.setattr(b.store, "wanted", lambda: True)  # a screen asks after every block
    commits = _commits(monkeypatch)
    assert [o.status for o in b.receive_all(blocks)] == ["applied"] * len(blocks)
    assert len(commits) == len(blocks)
    assert same_state([a, b])
