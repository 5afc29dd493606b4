"""Signatures checked ahead in worker processes change no verdict (issue 21).

The fault and forgery corpus (bad signatures, wrong and unknown keys, rotated, revoked and
retired keys, re-keyed communes, equivocation, missing parents, forged laptops, replays, the
fuzzers' finds…) is replayed here with every block a ledger receives taken twice from the very
same store: once checked in place as always, then — the first attempt rolled back — with the
answers a worker gives (`preverify.check`, the function the import's worker processes run)
for a snapshot of the keys as the previous block left them, plus what the block itself
reveals. The outcome (applied / known / waiting / refused with its reason / evidence) and the
whole store after it (feeds and their heads, quarantine and its reasons, waiting, evidence,
keys, actors, counters…) must be the same, or the test fails.

The corpus's own tests are collected here a second time (imported below), with the two paths
compared at each block; they keep running on their own in their modules too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.core.ledger import preverify
from app.core.ledger.ledger import Ledger, Outcome
from app.core.ledger.txtypes import TxType
from app.core.store.store import Store
from tests.test_epoch_laptops import *  # noqa: F403
from tests.test_fuzz_regressions import *  # noqa: F403
from tests.test_group_commit import (  # not the crash test: it counts the rules' calls
    test_a_refused_block_inside_a_group_rolls_back_alone,  # noqa: F401
    test_a_screen_asking_the_store_ends_a_group_at_the_next_block,  # noqa: F401
)
from tests.test_laptops import *  # noqa: F403
from tests.test_ledger import *  # noqa: F403
from tests.test_own_signatures import *  # noqa: F403
from tests.test_rekey import *  # noqa: F403

_taken = {"pairs": 0}  # signatures the ledger took from the worker's answers, all tests


def state(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order; wall-clock times (floats) left out."""
    tables = [
        str(r[0])
        for r in store.all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    ]
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table in tables:
        rows = [
            tuple(
                None if isinstance(v, float) else bytes(v) if isinstance(v, bytearray) else v
                for v in row
            )
            for row in store.all(f"SELECT * FROM {table}")  # names from the schema
        ]
        out[table] = sorted(rows, key=repr)
    return out


def keys(store: Store) -> dict[bytes, bytes]:
    return {
        bytes(k): bytes(p)
        for k, p in store.all("SELECT kid, pk FROM keys UNION ALL SELECT kid, pk FROM rekeys")
    }


@pytest.fixture(autouse=True)
def both_paths(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real_receive = Ledger.receive
    real_signed = Ledger.signed
    snapshots: dict[int, dict[bytes, bytes]] = {}

    def signed(self: Ledger, oid: bytes, public_key: bytes) -> bool:
        taken = real_signed(self, oid, public_key)
        _taken["pairs"] += taken
        return taken

    def receive(self: Ledger, data: bytes) -> Outcome:
        snapshot = snapshots.get(id(self), {})
        # In place, from this state, then undone (the ledger's caches too).
        self.presigned.clear()
        with self.store.grouped(), self.store.trial("in_place"):
            in_place = real_receive(self, data)
            after_in_place = state(self.store)
        self.forget()
        # With a worker's answers, from the same state: this one is kept.
        self.presigned.update(
            p
            for joined in preverify.check([data], snapshot, self.network_id)
            for p in preverify.pairs(joined)
        )
        try:
            ahead = real_receive(self, data)
        finally:
            self.presigned.clear()
        assert ahead == in_place
        assert state(self.store) == after_in_place
        snapshots[id(self)] = keys(self.store)
        return ahead

    monkeypatch.setattr(Ledger, "receive", receive)
    monkeypatch.setattr(Ledger, "signed", signed)
    yield


def test_the_second_path_takes_the_workers_answers(net: Any) -> None:
    """Not a comparison that passes by never taking the other path: once the receiver knows
    the keys, the ledger takes the worker's word for the block and transaction signatures."""
    a, b, _ = net.nodes
    before = _taken["pairs"]
    for title in ("Piste", "Pont", "Puits"):
        a.submit(TxType.FORUM_THREAD, {"title": title, "body": "Refait."})
        block = a.seal()
        assert block is not None
        data = bytes(a.store.value("SELECT data FROM blocks WHERE id = ?", (block,)))
        assert b.receive(data).status == "applied"
    assert _taken["pairs"] - before >= 4  # the later two blocks, each with its transaction
