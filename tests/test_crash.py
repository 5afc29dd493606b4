"""SIGKILL during sealing and applying: the store must come back whole and keep working.

tests/crash_worker.py runs in its own process and prints one line per committed step. Each
round waits for a random number of those lines (seeded), adds a random fraction of a step so
that the kill also lands inside a step and its commit, sends SIGKILL, then checks the store.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.core.errors import NotFound
from app.core.ledger.objects import parse_block
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from tests.crash_worker import write_blocks

PASS = "mot de passe du crash"
ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).with_name("crash_worker.py")
KILLS = 8
SEAL_LINES = 160  # lines a seal-mode round may run for: 40 steps of 3 submits and a seal
ROUNDS = 26  # writing rounds of each source commune for the apply-mode block file


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OBAMBU_KDF", "interactive")
    monkeypatch.setenv("OBAMBU_PASSPHRASE", PASS)


# --- running and killing the worker ---------------------------------------------------------


@dataclass
class Run:
    lines: list[list[str]]  # every complete line the worker printed, split on spaces
    killed: bool  # False if the worker had already finished

    def ids(self, *tags: str) -> list[bytes]:
        return [bytes.fromhex(line[1]) for line in self.lines if line[0] in tags]


def worker(home: Path, *args: str, crash_at: str = "") -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CRASH_AT": crash_at}
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(home), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )


def kill_after(proc: subprocess.Popen[str], lines: int, rng: random.Random) -> Run:
    """Reads `lines` progress lines, waits a random part of one step, then SIGKILLs."""
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ready\n", "the worker did not open the profile"
        start = time.monotonic()
        seen: list[str] = []
        while len(seen) < lines:
            line = proc.stdout.readline()
            if not line:
                break  # the worker finished (or died, which communicate() reports below)
            seen.append(line)
        step = (time.monotonic() - start) / max(1, len(seen))
        # Not synchronisation: a random offset within the next step, so that some kills land
        # in the middle of a transaction or of its commit rather than just after a print.
        time.sleep(rng.uniform(0, 1.5 * step))
    finally:
        proc.send_signal(signal.SIGKILL)
    rest, err = proc.communicate(timeout=30)
    killed = proc.returncode == -signal.SIGKILL
    assert killed or proc.returncode == 0, f"worker failed ({proc.returncode}):\n{err}"
    text = "".join(seen) + rest
    # A line cut by the kill is not a committed step: keep complete lines only.
    complete = text[: text.rfind("\n") + 1]
    return Run([line.split() for line in complete.splitlines()], killed)


def finished(proc: subprocess.Popen[str]) -> Run:
    """Waits for a worker that kills itself at its CRASH_AT point."""
    out, err = proc.communicate(timeout=60)
    killed = proc.returncode == -signal.SIGKILL
    assert killed or proc.returncode == 0, f"worker failed ({proc.returncode}):\n{err}"
    lines = out.splitlines()
    assert lines[:1] == ["ready"], err
    return Run([line.split() for line in lines[1:]], killed)


# --- what must hold after any crash ---------------------------------------------------------


def check_store(node: Node) -> None:
    store = node.store
    assert store.value("PRAGMA integrity_check") == "ok"
    # Every block carries exactly its transactions; no transaction lives without its block.
    for block_id, data in store.all("SELECT id, data FROM blocks"):
        block = parse_block(bytes(data))
        assert block.id == bytes(block_id)
        rows = store.all("SELECT id, idx FROM txs WHERE block = ? ORDER BY idx", (block_id,))
        assert len(rows) == len(block.txs), f"block {block.id.hex()} lost transactions"
        assert [r[1] for r in rows] == list(range(len(block.txs)))
    orphans = store.value("SELECT count(*) FROM txs WHERE block NOT IN (SELECT id FROM blocks)")
    assert orphans == 0, "transactions without their block"
    # Counters agree with the rows they count.
    for counter, table in (
        ("txs", "txs"),
        ("threads", "threads"),
        ("posts", "posts"),
        ("blocks", "blocks"),
    ):
        rows = store.value(f"SELECT count(*) FROM {table}")
        assert store.counter(counter) == rows, f"counter {counter} != rows of {table}"
    # Each feed head is the last block of that feed, and the feed has no hole.
    feeds = {
        bytes(a): (s, bytes(i))
        for a, s, i in store.all("SELECT author, head_seq, head_id FROM feeds")
    }
    authors = {bytes(r[0]) for r in store.all("SELECT DISTINCT author FROM blocks")}
    assert set(feeds) == authors
    for author, (head_seq, head_id) in feeds.items():
        top, count = store.one(
            "SELECT max(seq), count(*) FROM blocks WHERE author = ?", (author,)
        ) or (None, 0)
        assert head_seq == top
        assert count == head_seq + 1
        last = store.value("SELECT id FROM blocks WHERE author = ? AND seq = ?", (author, top))
        assert bytes(last) == head_id
    # A message or a ballot is never kept without its transaction, which holds its id.
    assert store.value("SELECT count(*) FROM posts WHERE id IS NULL") == 0
    assert store.value("SELECT count(*) FROM ballots WHERE id IS NULL") == 0
    # A transaction is pending or sealed, never both; a waiting block is not also applied.
    assert store.value("SELECT count(*) FROM pending WHERE id IN (SELECT id FROM txs)") == 0
    assert store.value("SELECT count(*) FROM waiting WHERE id IN (SELECT id FROM blocks)") == 0


def stored(node: Node, table: str, oid: bytes) -> bool:
    return node.store.one(f"SELECT 1 FROM {table} WHERE id = ?", (oid,)) is not None


def strata(rng: random.Random, most: int) -> Iterator[int]:
    """KILLS kill points spread from the first steps to the last: one per slice."""
    for i in range(KILLS):
        low = 1 + most * i // KILLS
        high = max(low, most * (i + 1) // KILLS)
        yield rng.randint(low, high)


DAMAGE = [
    "DELETE FROM txs WHERE rowid = (SELECT max(rowid) FROM txs)",
    "DELETE FROM blocks WHERE rowid = (SELECT max(rowid) FROM blocks)",
    "UPDATE counters SET value = value + 1 WHERE name = 'threads'",
    "UPDATE counters SET value = value - 1 WHERE name = 'txs'",
    "UPDATE feeds SET head_seq = head_seq - 1",
    "UPDATE feeds SET head_id = zeroblob(32)",
    "INSERT INTO pending (id, actor, data, created) SELECT id, actor, data, 0 FROM txs LIMIT 1",
    "INSERT INTO waiting (id, data, missing, received) SELECT id, data, x'', 0 FROM blocks LIMIT 1",
]


@pytest.mark.parametrize("damage", DAMAGE)
def test_check_store_notices_damage(tmp_path: Path, damage: str) -> None:
    """The checks below would see a torn store: each kind of tear fails them."""
    node = Node.create(tmp_path / "home", PASS, "Ambam")
    try:
        node.found("Réseau du crash")
        node.add_member("Marie Ndongo")
        node.submit(TxType.FORUM_THREAD, {"title": "Sujet", "body": "texte"})
        node.seal()
        check_store(node)
        node.store.run(damage)
        with pytest.raises(AssertionError):
            check_store(node)
    finally:
        node.close()


# --- sealing --------------------------------------------------------------------------------


def test_kill_while_sealing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    node = Node.create(home, PASS, "Ambam")
    node.found("Réseau du crash")
    node.add_member("Marie Ndongo")
    node.seal()
    node.close()

    rng = random.Random(20240611)
    sealed_total = 0
    for lines in strata(rng, SEAL_LINES):
        run = kill_after(worker(home, "seal"), lines, rng)
        assert run.killed
        node = Node.open(home, PASS)
        try:
            check_store(node)
            # Whatever the worker reported committed survived the kill.
            for tx in run.ids("submit"):
                assert stored(node, "txs", tx) or stored(node, "pending", tx)
            for block in run.ids("sealed"):
                assert stored(node, "blocks", block)
            for line in run.lines:
                if line[0] == "sealed":
                    block = bytes.fromhex(line[1])
                    assert node.store.value(
                        "SELECT count(*) FROM txs WHERE block = ?", (block,)
                    ) == int(line[2])
            sealed_total += len(run.ids("sealed"))
            # The node still writes: a new thread seals into the next block of the feed.
            head = node.heads()[node.commune]
            tx = node.submit(TxType.FORUM_THREAD, {"title": "Après la panne", "body": "ok"})
            new_block = node.seal()
            assert new_block is not None and stored(node, "blocks", new_block)
            assert node.store.value("SELECT block FROM txs WHERE id = ?", (tx,)) == new_block
            assert node.heads()[node.commune] == head + 1
            assert node.pending_count() == 0
            check_store(node)
        finally:
            node.close()
    assert sealed_total > KILLS, "the worker hardly ever got to seal: kills were too early"


# --- applying -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    receiver: Path  # a pristine profile that has seen none of `blocks`
    blocks: list[bytes]  # every block of two other communes, in causal order
    file: Path
    heads: dict[bytes, int]


def _sync(source: Node, target: Node) -> None:
    for data in source.blocks_after(target.heads()):
        assert target.receive(data).status == "applied"


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    root = tmp_path_factory.mktemp("apply")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OBAMBU_KDF", "interactive")
        a = Node.create(root / "a", PASS, "Ambam")
        b = Node.create(root / "b", PASS, "Bipindi")
        c = Node.create(root / "c", PASS, "Campo")
        try:
            genesis = a.found("Réseau du crash", [b.authority(), c.authority()])
            b.adopt(genesis)
            c.adopt(genesis)
            for node, name in ((a, "Marie"), (b, "Paul"), (c, "Jeanne")):
                node.add_member(name)
                node.seal()
            thread = None
            for step in range(ROUNDS):
                for writer, other in ((a, c), (c, a)):
                    _sync(other, writer)  # so that blocks refer to the other feed
                    if thread is not None:
                        writer.submit(TxType.FORUM_POST, {"thread": thread, "body": f"re {step}"})
                    body = f"texte {step} " * (20 + 30 * (step % 5))
                    thread = writer.submit(
                        TxType.FORUM_THREAD, {"title": f"Sujet {step}", "body": body}
                    )
                    writer.seal()
            _sync(c, a)
            # a applied every block of a and c in an order that respects their parents.
            blocks = [bytes(r[0]) for r in a.store.all("SELECT data FROM blocks ORDER BY rowid")]
            heads = a.heads()
        finally:
            for node in (a, b, c):
                node.close()
    file = root / "blocks.bin"
    write_blocks(file, blocks)
    return Source(root / "b", blocks, file, heads)


def test_source_blocks_refer_across_feeds(source: Source) -> None:
    """The apply rounds exercise refs, not just one linear feed."""
    parsed = [parse_block(b) for b in source.blocks]
    assert len({b.author for b in parsed}) == 2
    assert sum(1 for b in parsed if b.refs) > ROUNDS


def test_kill_while_applying(source: Source, tmp_path: Path) -> None:
    rng = random.Random(1789)
    applied_before_kill = 0
    for round_no, lines in enumerate(strata(rng, len(source.blocks))):
        home = tmp_path / f"round{round_no}"
        shutil.copytree(source.receiver, home)
        run = kill_after(worker(home, "apply", str(source.file)), lines, rng)
        assert {line[0] for line in run.lines} <= {"applied", "done"}, run.lines
        node = Node.open(home, PASS)
        try:
            check_store(node)
            for block in run.ids("applied"):
                assert stored(node, "blocks", block)
            applied_before_kill += len(run.ids("applied"))
            # The rest of the blocks still apply, and the node ends where the source is.
            statuses = {node.receive(data).status for data in source.blocks}
            assert statuses <= {"applied", "known"}
            for author, seq in source.heads.items():
                assert node.heads()[author] == seq
            assert node.store.value("SELECT count(*) FROM quarantine") == 0
            assert node.store.value("SELECT count(*) FROM evidence") == 0
            # And it still seals its own blocks on top of them.
            node.submit(TxType.FORUM_THREAD, {"title": "Reçu", "body": "tout"})
            assert node.seal() is not None
            check_store(node)
        finally:
            node.close()
    assert applied_before_kill > KILLS, "the worker hardly ever applied a block before the kill"


# --- narrow windows, hit exactly ------------------------------------------------------------


def test_kill_before_retrying_waiting_blocks(source: Source, tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(source.receiver, home)
    first = source.blocks[:4]  # causal order: a0, c0, a1 (refs c0), c1 (refs a1)
    late = parse_block(first[3])
    assert late.refs == [parse_block(first[2]).id]
    swapped = tmp_path / "swapped.bin"
    write_blocks(swapped, [first[0], first[1], first[3], first[2]])  # c1 waits for a1
    run = finished(worker(home, "apply", str(swapped), crash_at="retry"))
    assert run.killed
    assert [line[0] for line in run.lines] == ["applied", "applied", "waiting"]
    node = Node.open(home, PASS)
    try:
        check_store(node)
        assert stored(node, "blocks", parse_block(first[2]).id)
        # A stick offers the same blocks again.
        for data in first:
            node.receive(data)
        assert node.store.value("SELECT count(*) FROM waiting") == 0
        assert node.heads()[late.author] == late.seq
    finally:
        node.close()


def test_kill_while_adding_the_first_member(tmp_path: Path) -> None:
    home = tmp_path / "home"
    node = Node.create(home, PASS, "Ambam")
    node.found("Réseau du crash")
    node.seal()
    node.close()
    run = finished(worker(home, "member", "Marie Ndongo", crash_at="member_submit"))
    assert run.killed and run.lines == []
    node = Node.open(home, PASS)
    try:
        check_store(node)
        if node.store.meta("member") is None:
            with pytest.raises(NotFound):
                node.member  # noqa: B018
            node.add_member("Marie Ndongo")  # nothing half-done: registering again works
        node.submit(TxType.FORUM_THREAD, {"title": "Bonjour", "body": "premier message"})
        assert node.seal() is not None
    finally:
        node.close()
