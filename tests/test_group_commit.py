"""Group commit on import (issue 21): several foreign blocks per store commit, each reported
applied only once that commit is on the disk; a crash inside a group keeps none of it."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from app.core.ledger import ledger as ledger_module
from app.core.node.node import Node
from app.core.progress import Phase, Progress
from app.sync import intake
from app.sync.export import export
from app.sync.intake import import_
from tests.sync_kit import post, same_state


def _stick(node: Node, tmp_path: Path, count: int) -> Path:
    for n in range(count):
        post(node, f"Sujet {n}")  # one block each
    stick = tmp_path / "stick"
    stick.mkdir()
    export(node, stick)
    return stick


def _blocks(node: Node) -> set[bytes]:
    return {bytes(r[0]) for r in node.store.all("SELECT id FROM blocks")}


def _consistent(node: Node) -> None:
    assert node.store.value("PRAGMA integrity_check") == "ok"
    assert node.store.counter("blocks") == node.store.value("SELECT count(*) FROM blocks")
    assert node.store.counter("threads") == node.store.value("SELECT count(*) FROM threads")


def test_a_crash_inside_a_group_keeps_none_of_it_and_reports_none_of_it(
    net: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, _ = net.nodes
    stick = _stick(a, tmp_path, 3 * intake.GROUP_BLOCKS)
    before = _blocks(b)
    # The crash: something unforeseen (not a refusal) while the second group is half applied.
    in_group: list[bytes] = []
    real_group, real_apply = ledger_module.Ledger.group, ledger_module.apply_tx
    calls = 0

    def group(self: ledger_module.Ledger) -> Any:
        in_group.clear()
        return real_group(self)

    def apply_tx(ledger: Any, view: Any, tx: Any, block_id: bytes, *rest: Any) -> None:
        nonlocal calls
        calls += 1
        in_group.append(block_id)
        if calls == intake.GROUP_BLOCKS + intake.GROUP_BLOCKS // 2:
            raise RuntimeError("power cut")
        real_apply(ledger, view, tx, block_id, *rest)

    monkeypatch.setattr(ledger_module.Ledger, "group", group)
    monkeypatch.setattr(ledger_module, "apply_tx", apply_tx)
    told: list[Progress] = []
    with pytest.raises(RuntimeError, match="power cut"):
        import_(b, stick, told.append)

    # The first group is kept, and only it was reported applied.
    kept = _blocks(b) - before
    assert len(kept) == intake.GROUP_BLOCKS
    assert [p.done for p in told if p.phase == Phase.APPLY] == [intake.GROUP_BLOCKS]
    # The second group's blocks, the ones applied before the crash included, are not there,
    # and they are still staged, to be applied by the next import.
    assert len(in_group) == intake.GROUP_BLOCKS // 2
    assert not set(in_group) & _blocks(b)
    staged = int(b.store.value("SELECT count(*) FROM staged"))
    assert staged == 2 * intake.GROUP_BLOCKS
    _consistent(b)

    # The laptop goes on (its caches forgot what was undone); the next import completes it.
    monkeypatch.undo()
    report = import_(b, stick)
    assert report.quarantined == 0
    assert b.store.value("SELECT count(*) FROM staged") == 0
    _consistent(b)
    assert same_state([a, b])


def test_a_refused_block_inside_a_group_rolls_back_alone(net: Any, tmp_path: Path) -> None:
    a, b, _ = net.nodes
    stick = _stick(a, tmp_path, intake.GROUP_BLOCKS)
    original = segment_blocks = list(a.blocks_after(b.heads()))
    assert len(segment_blocks) == intake.GROUP_BLOCKS
    forged = bytearray(original[3])
    forged[-1] ^= 1  # the signature of one block in the middle of the group
    with b.ledger.group():
        outcomes = [b.receive(bytes(forged) if n == 3 else d) for n, d in enumerate(original)]
    assert [o.status for o in outcomes[:3]] == ["applied"] * 3
    assert outcomes[3].status == "rejected"
    assert all(o.status == "waiting" for o in outcomes[4:])  # they follow the refused one
    assert len(_blocks(b) & _blocks(a)) == len(_blocks(a)) - (intake.GROUP_BLOCKS - 3)
    _consistent(b)
    import_(b, stick)  # the genuine block, from the stick, lets the rest follow
    assert same_state([a, b])


def test_a_screen_asking_the_store_ends_a_group_at_the_next_block(
    net: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, _ = net.nodes
    stick = _stick(a, tmp_path, intake.GROUP_BLOCKS)
    monkeypatch.setattr(b.store, "wanted", lambda: True)  # a screen asks after every block
    told: list[Progress] = []
    import_(b, stick, told.append)
    assert [p.done for p in told if p.phase == Phase.APPLY] == list(
        range(1, intake.GROUP_BLOCKS + 1)
    )
    assert same_state([a, b])


def test_the_store_knows_when_another_thread_waits_for_it(net: Any) -> None:
    store = net.nodes[0].store
    answered = threading.Event()

    def ask() -> None:
        with store.held():
            answered.set()

    with store.held():
        assert not store.wanted()
        asker = threading.Thread(target=ask)
        asker.start()
        while not store.wanted():  # until the asker waits for the lock
            time.sleep(0.001)
        assert not answered.is_set()
    asker.join()
    assert answered.is_set()
    assert not store.wanted()
