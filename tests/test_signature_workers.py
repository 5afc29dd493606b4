"""An import's signatures checked by worker processes (issue 21): the same verdicts and the
same store as an import that checks everything in place, for honest blocks, a key rotated and
a key revoked within the import, and forgeries among them; a small import starts no workers."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import Any, ClassVar

import pytest

from app.core.crypto.keys import KeyPair
from app.core.ledger import preverify
from app.core.ledger.objects import object_id, parse_block, parse_tx
from app.core.ledger.txtypes import TxType
from app.core.members import service as members
from app.core.node.node import Node
from app.sync import intake, segment
from app.sync.export import export
from tests.ledger_kit import next_block, raw_block, signed_tx
from tests.sync_kit import post

THREAD = {"title": "Piste", "body": "Elle est refaite."}


def _history(a: Node) -> None:
    """Three pages of Ambam's blocks, with the mayor's key rotated in the second (the workers'
    snapshot of keys lacks the new one: learned from the rotation within that page, unknown to
    the third page's worker) and the deputy's key revoked in the third (the snapshot still has
    it): keys that change within the import."""
    batch = intake.APPLY_BATCH
    for n in range(batch + batch // 2):
        post(a, f"Sujet {n}")
    members.rotate_my_key(a)
    for n in range(batch // 2 + 10):
        post(a, f"Après la rotation {n}")
    deputy = next(bytes(r[0]) for r in a.store.all("SELECT id FROM actors WHERE role = 'deputy'"))
    members.revoke_key(a, a.keyring.identity(deputy).current.kid, "perdue")
    post(a, "Après la perte")


def _forgeries(a: Node, c: Node) -> list[bytes]:
    """Blocks at Ambam's next place that every ledger must refuse, then the honest one."""
    flipped = bytearray(next_block(a, [signed_tx(a, TxType.FORUM_THREAD, THREAD)]))
    flipped[-1] ^= 0x01
    forged_tx = bytearray(signed_tx(a, TxType.FORUM_THREAD, THREAD))
    forged_tx[-5] ^= 0x40
    deputy = next(bytes(r[0]) for r in a.store.all("SELECT id FROM actors WHERE role = 'deputy'"))
    return [
        bytes(flipped),  # bad_signature
        raw_block(a, [], key=KeyPair.generate()),  # wrong_key: a key Ambam never had
        raw_block(a, [], key=c.keyring.by_kid(c.commune)),  # wrong_key: another commune's
        next_block(a, [bytes(forged_tx)]),  # bad_signature in a transaction: proof
        next_block(a, [signed_tx(a, TxType.FORUM_THREAD, THREAD, actor=deputy)]),  # revoked
        next_block(a, [signed_tx(a, TxType.FORUM_THREAD, THREAD)]),  # honest: applied
    ]


def _import(node: Node, stick: Path, extra: list[bytes]) -> intake.ImportReport:
    report = intake.stage(node, stick)
    with node.store.transaction():  # as if the stick had carried them after the rest
        for data in extra:
            node.store.run(
                "INSERT INTO staged (id, kind, data) VALUES (?, ?, ?)",
                (object_id(data), segment.BLOCK, data),
            )
    return intake.apply_staged(node, report)


def _of(node: Node, author: bytes) -> dict[str, Any]:
    """What `node` holds of `author`'s feed, its actors and keys, and what it refused."""

    def rows(sql: str, *args: Any) -> list[tuple[Any, ...]]:
        return sorted(
            tuple(bytes(v) if isinstance(v, bytearray | memoryview) else v for v in r)
            for r in node.store.all(sql, args)
        )

    return {
        "blocks": rows("SELECT id, seq FROM blocks WHERE author = ?", author),
        "feed": rows("SELECT head_seq, head_id, frozen_at FROM feeds WHERE author = ?", author),
        "actors": rows("SELECT * FROM actors WHERE commune = ?", author),
        "keys": rows(
            "SELECT k.kid, k.pk, k.revoked FROM keys k JOIN actors a ON a.id = k.actor "
            "WHERE a.commune = ?",
            author,
        ),
        "quarantine": rows("SELECT id, reason, detail FROM quarantine"),
        "waiting": rows("SELECT id FROM waiting"),
        "evidence": rows("SELECT kind, author, seq, first, second, detail FROM evidence"),
        "txs": rows("SELECT id FROM txs WHERE author = ?", author),
    }


def test_workers_reach_the_same_verdicts_and_store_as_checking_in_place(
    net: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c = net.nodes
    a.add_member("Adjoint", "deputy")  # known to both receivers before the import
    a.seal()
    first = tmp_path / "first"
    first.mkdir()
    export(a, first)
    for node in (b, c):
        assert intake.import_(node, first).checked_apart == 0  # one block: no workers
    _history(a)
    stick = tmp_path / "stick"
    stick.mkdir()
    export(a, stick)
    forged = _forgeries(a, c)

    with_workers = _import(b, stick, forged)
    monkeypatch.setattr(intake, "POOL_ROWS", 10**9)  # the same import, all in place
    in_place = _import(c, stick, forged)

    assert with_workers.checked_apart > 0
    assert in_place.checked_apart == 0
    for field in ("new", "known", "quarantined", "pending", "evidence"):
        assert getattr(with_workers, field) == getattr(in_place, field), field
    assert _of(b, a.commune) == _of(c, a.commune)
    reasons = sorted(r[1] for r in _of(b, a.commune)["quarantine"])
    assert reasons == ["bad_signature", "bad_signature", "key_revoked", "wrong_key", "wrong_key"]
    assert b.heads()[a.commune] == a.heads()[a.commune] + 1  # the honest block after them


def test_a_worker_answers_only_for_what_verifies_with_the_key_its_kid_names(net: Any) -> None:
    a, _, c = net.nodes
    honest = next_block(a, [signed_tx(a, TxType.FORUM_THREAD, THREAD)])
    stranger = raw_block(a, [], key=c.keyring.by_kid(c.commune))
    keys = {bytes(k): bytes(p) for k, p in a.store.all("SELECT kid, pk FROM keys")}
    answers = preverify.check([honest, stranger, b"not a block"], keys, a.network_id)
    block = parse_block(honest)
    tx = parse_tx(block.txs[0])
    assert list(preverify.pairs(answers[0])) == [block.id + keys[block.kid], tx.id + keys[tx.kid]]
    # Signed with Ambam's commune key? No: with Campo's, which its kid names; the worker says
    # it verifies with that key, and Ambam's ledger never picks that key for Ambam's block.
    assert list(preverify.pairs(answers[1])) == [object_id(stranger) + keys[c.commune]]
    assert answers[2] == b""
    assert preverify.check([honest], {}, a.network_id) == [b""]  # no key known: no word


def test_workers_that_fail_leave_every_check_to_the_ledger(
    net: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, _ = net.nodes
    for n in range(intake.APPLY_BATCH + 5):
        post(a, f"Sujet {n}")
    stick = tmp_path / "stick"
    stick.mkdir()
    export(a, stick)
    # A job the pool cannot hand to a worker: each page's answer is an error.
    monkeypatch.setattr(preverify, "check_blocks", lambda blocks: [b""] * len(blocks))
    report = intake.import_(b, stick)
    assert report.checked_apart == 0
    assert report.quarantined == report.pending == 0
    assert b.heads()[a.commune] == a.heads()[a.commune]


class _Lagging(Future[Any]):
    """A worker's answer that is never ready before it is asked for: the worker always lags."""

    def __init__(self, fn: Any, args: tuple[Any, ...]) -> None:
        super().__init__()
        self.job = fn, args

    def result(self, timeout: float | None = None) -> Any:
        if not self.done():
            self.set_result(self.job[0](*self.job[1]))
        return super().result(timeout)


class _LaggingPool:
    """Stands for the pool of worker processes, in this process, its answers always late."""

    made: ClassVar[list[_Lagging]] = []

    def __init__(self, n: int, *, mp_context: Any, initializer: Any, initargs: Any) -> None:
        initializer(*initargs)

    def submit(self, fn: Any, *args: Any) -> _Lagging:
        future = _Lagging(fn, args)
        self.made.append(future)
        return future

    def shutdown(self, wait: bool, cancel_futures: bool) -> None:
        pass


def test_when_the_workers_lag_this_process_checks_slices_itself_with_the_same_verdicts(
    net: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The importer checks the newest slice no worker has started rather than wait: the same
    answers, the same store as checking everything in place, forgeries included."""
    a, b, c = net.nodes
    a.add_member("Adjoint", "deputy")
    a.seal()
    first = tmp_path / "first"
    first.mkdir()
    export(a, first)
    for node in (b, c):
        intake.import_(node, first)
    _history(a)
    stick = tmp_path / "stick"
    stick.mkdir()
    export(a, stick)
    forged = _forgeries(a, c)

    monkeypatch.setattr(preverify, "_keys", {})  # the stand-in pool's initializer fills it
    monkeypatch.setattr(intake, "ProcessPoolExecutor", _LaggingPool)
    monkeypatch.setattr(_LaggingPool, "made", [])
    lagging = _import(b, stick, forged)
    taken_here = [f for f in _LaggingPool.made if f.cancelled()]
    monkeypatch.setattr(intake, "POOL_ROWS", 10**9)
    in_place = _import(c, stick, forged)

    assert taken_here, "the importer never checked a slice itself"
    assert lagging.checked_apart > 0
    for field in ("new", "known", "quarantined", "pending", "evidence"):
        assert getattr(lagging, field) == getattr(in_place, field), field
    assert _of(b, a.commune) == _of(c, a.commune)
    reasons = sorted(r[1] for r in _of(b, a.commune)["quarantine"])
    assert reasons == ["bad_signature", "bad_signature", "key_revoked", "wrong_key", "wrong_key"]


def _runs_the_main_module_again() -> bool:
    """In a worker: whether spawning it ran the parent's main module again (as `__mp_main__`)."""
    import sys

    return sys.modules["__main__"].__name__ == "__mp_main__"


def test_workers_start_without_the_program_s_main_module() -> None:
    # The import's workers start inside `preverify.spawning()`: they import what they run,
    # not the program that started them (pytest's own entry here, `obambu` or the window's).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    seen = []
    for lean in (True, False):
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            if lean:
                with preverify.spawning():
                    started = pool.submit(_runs_the_main_module_again)
            else:
                started = pool.submit(_runs_the_main_module_again)
            seen.append(started.result())
    assert seen == [False, True]  # and without it, they do: the test tells the two apart
