"""Applying 100,000 foreign transactions in 1,000 blocks into a fresh store.

Prints the apply rate and, in the same run, the rate of a bare PyNaCl verification loop over
the very same signatures (the floor: every one must be checked), and their ratio. Goals (issue
21): >= 0.6 on one core, >= 1.0 on two. Applied several times, into fresh copies of one store,
each run beside its own baseline:

- `--runs commit`: one store commit per block with `bytes` bound as the driver's slow type
  (before issue 21); the commit groups a stick or session import makes
  (`intake.commit_groups`); and those groups with the store's cheap binding.
- `--runs layout` (the default): today's code with the message table of schema 23 (its own
  rowid and a second index on the id) rebuilt in the copy, against one row per transaction
  (schema 24: the message keyed by its transaction's row).
- `--runs cipher`: one row per transaction under other SQLCipher settings (HMAC algorithm,
  page size), the copy re-encrypted with `sqlcipher_export`; with the time to open the
  applied store and answer `status`.
- `--runs pragmas`: one row per transaction with the store's page cache larger, or the
  group's commit at synchronous = NORMAL (what a FULL commit costs; not a setting to take).
- `--staged-only`: from the store's staging, as an import applies (`intake.apply_staged`):
  every signature checked in place (one core), and checked ahead by worker processes on the
  other cores (`app/core/ledger/preverify.py`; two cores here), with each process's CPU.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import nacl.signing
import sqlcipher3

import app.core.store.store as store_module
from app.core.crypto.kdf import INTERACTIVE, derive_key
from app.core.encoding.cose import parse_sign1, sig_structure
from app.core.forum import rules as forum_rules
from app.core.ledger import preverify
from app.core.ledger.objects import object_id, parse_block
from app.core.node.node import Node
from app.core.status import status
from app.core.store import profile
from app.sync import intake
from app.sync.intake import GROUP_BLOCKS, GROUP_BYTES, ImportReport, commit_groups
from app.sync.segment import BLOCK
from bench.feed import Feed


def signatures(blocks: list[bytes], network_id: bytes) -> list[tuple[bytes, bytes, bytes]]:
    """(public key, signed message, signature) of every block and transaction."""
    out = []
    for data in blocks:
        block = parse_block(data)
        out.append((block.envelope, data))
        for tx in block.txs:
            out.append((parse_sign1(tx), tx))
    return [
        (e.kid or b"", sig_structure(e.protected, network_id, e.payload), e.signature)
        for e, _ in out
    ]


class Clock:
    """Wall seconds and this process's CPU seconds: on a shared, loaded machine the wall time
    of one run swings with the neighbours' work (the bare loop's by 2x within minutes), its CPU
    time much less; the CPU time leaves out waiting for the disk (fsync), so both are printed."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def stop(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def bare_verify(
    items: list[tuple[bytes, bytes, bytes]], keys: dict[bytes, bytes]
) -> tuple[float, float]:
    verify_keys = {kid: nacl.signing.VerifyKey(pk) for kid, pk in keys.items()}
    clock = Clock()
    for kid, message, signature in items:
        verify_keys[kid].verify(message, signature)
    return clock.stop()


def prepare(root: Path, blocks: int, per_block: int) -> tuple[Feed, list[bytes]]:
    """A receiver's profile that adopted the network and took its first block, kept closed at
    `root` to be copied, and the forum blocks it will be given."""
    receiver = Node.create(root, "bench", "Bipindi", INTERACTIVE)
    feed = Feed(receiver.authority())
    receiver.adopt(feed.genesis)
    receiver.receive(feed.first_block())
    receiver.close()
    return feed, list(feed.forum_blocks(blocks, per_block))


# Schema 23's message table, as the code before one row per transaction wrote it.
OLD_POSTS = """
    DROP VIEW posts;
    DROP TABLE post_rows;
    CREATE TABLE posts (
        id BLOB PRIMARY KEY, thread BLOB NOT NULL, reply_to BLOB, actor BLOB NOT NULL,
        commune BLOB NOT NULL, body TEXT NOT NULL, prio INTEGER NOT NULL,
        created INTEGER NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL);
    CREATE INDEX posts_thread ON posts (thread, created)
"""
OLD_INSERT = (
    "INSERT INTO posts (id, thread, reply_to, actor, commune, body, prio, created, author, seq)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
DEFAULT_CIPHER = (4096, "HMAC_SHA512")  # SQLCipher 4's defaults, which profiles use


def recipher(home: Path, key: bytes, cipher: tuple[int, str]) -> None:
    """Re-encrypts the closed profile's database under other SQLCipher settings."""
    db = home / profile.DATABASE
    new = home / "recipher.db"
    conn = sqlcipher3.connect(str(db), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute(f"ATTACH DATABASE '{new}' AS x KEY \"x'{key.hex()}'\"")
    conn.execute(f"PRAGMA x.cipher_page_size = {cipher[0]}")
    conn.execute(f"PRAGMA x.cipher_hmac_algorithm = {cipher[1]}")
    conn.execute("SELECT sqlcipher_export('x')")
    conn.execute(f"PRAGMA x.user_version = {version}")  # not part of the export
    conn.execute("DETACH DATABASE x")
    conn.close()
    os.replace(new, db)


@contextmanager
def opened_with(cipher: tuple[int, str]) -> Iterator[None]:
    """The store opens its database under `cipher` (a benchmark's patch: profiles have one)."""
    unlock = store_module._unlock

    def with_settings(conn: Any, key: bytes) -> None:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute(f"PRAGMA cipher_page_size = {cipher[0]}")
        conn.execute(f"PRAGMA cipher_hmac_algorithm = {cipher[1]}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()

    if cipher != DEFAULT_CIPHER:
        store_module._unlock = with_settings
    try:
        yield
    finally:
        store_module._unlock = unlock


@contextmanager
def layout(old: bool) -> Iterator[None]:
    """Today's apply code writing messages as schema 23 did, or as it does (schema 24)."""
    insert = forum_rules.INSERT_POST
    if old:
        forum_rules.INSERT_POST = OLD_INSERT
    try:
        yield
    finally:
        forum_rules.INSERT_POST = insert


def apply(
    base: Path,
    copy: Path,
    blocks: list[bytes],
    run: Run,
    posts: int,
    key: bytes,
) -> tuple[tuple[float, float], float]:
    """Seconds to apply the blocks into a fresh copy of `base`, in commit groups as a stick
    import makes them or one block per commit, `bytes` parameters bound cheaply or not; then
    seconds to open the applied store and answer `status`."""
    if run.cheap:
        sqlcipher3.register_adapter(bytes, bytearray)
    else:
        sqlcipher3.adapters.pop((bytes, sqlcipher3.PrepareProtocol), None)
    shutil.copytree(base, copy)
    if run.old_layout:
        conn = sqlcipher3.connect(str(copy / profile.DATABASE), isolation_level=None)
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.executescript(OLD_POSTS)
        conn.close()
    if run.cipher != DEFAULT_CIPHER:
        recipher(copy, key, run.cipher)
    with opened_with(run.cipher), layout(run.old_layout):
        receiver = Node.open(copy, "bench")
        for pragma in run.pragmas:
            receiver.store.run(f"PRAGMA {pragma}")
        clock = Clock()
        rows = [(n, BLOCK, data) for n, data in enumerate(blocks)]
        for group in commit_groups(rows) if run.grouped else ([row] for row in rows):
            with receiver.ledger.group():
                outcomes = [receiver.receive(data) for _, _, data in group]
            assert all(o.status == "applied" for o in outcomes), outcomes
        took = clock.stop()
        assert receiver.store.counter("posts") == posts
        receiver.close()
        start = time.perf_counter()
        reopened = Node.open_with_key(copy, key)
        status(reopened)
        opened = time.perf_counter() - start
        reopened.close()
    shutil.rmtree(copy)
    return took, opened


class Run:
    def __init__(
        self,
        label: str,
        *,
        grouped: bool = True,
        cheap: bool = True,
        old_layout: bool = False,
        cipher: tuple[int, str] = DEFAULT_CIPHER,
        pragmas: tuple[str, ...] = (),
    ) -> None:
        self.label, self.grouped, self.cheap = label, grouped, cheap
        self.old_layout, self.cipher, self.pragmas = old_layout, cipher, pragmas


# CPU seconds of the staged runs: on a loaded machine the wall clock says how many cores were
# free; the CPU each process spent says what the work costs, whatever the load.
CPU: dict[str, float] = {}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def apply_staged(
    base: Path, copy: Path, blocks: list[bytes], posts: int, *, workers: bool
) -> float:
    """Seconds to apply the blocks staged in a fresh copy of `base`, as an import applies them
    (group commit, cheap binding), signatures checked by worker processes or all in place."""
    sqlcipher3.register_adapter(bytes, bytearray)
    shutil.copytree(base, copy)
    receiver = Node.open(copy, "bench")
    with receiver.store.transaction():  # as a stick's copying leaves them: not timed
        receiver.store.conn.executemany(
            "INSERT INTO staged (id, kind, data) VALUES (?, ?, ?)",
            [(object_id(data), BLOCK, data) for data in blocks],
        )
    pool_rows = intake.POOL_ROWS
    intake.POOL_ROWS = pool_rows if workers else len(blocks) + 1
    check = preverify.check
    here: list[int] = []

    def counted(
        blocks: Iterable[bytes], keys: Mapping[bytes, bytes], network_id: bytes
    ) -> list[bytes]:
        # Called in this process only for the slices it checks itself while a worker lags.
        answers = check(blocks, keys, network_id)
        here.append(sum(len(joined) // preverify.PAIR_BYTES for joined in answers))
        return answers

    preverify.check = counted
    start = time.perf_counter()
    cpu, children = time.process_time(), _children_cpu()
    try:
        report = intake.apply_staged(receiver, ImportReport())
    finally:
        preverify.check = check
    took = time.perf_counter() - start
    CPU["main"], CPU["workers"] = time.process_time() - cpu, _children_cpu() - children
    CPU["here"] = sum(here) / max(1, report.checked_apart)
    intake.POOL_ROWS = pool_rows
    assert report.quarantined == 0 and report.pending == 0, report
    assert (report.checked_apart > 0) == workers, report
    assert receiver.store.counter("posts") == posts
    receiver.close()
    shutil.rmtree(copy)
    return took


STAGED = (
    ("signatures checked in place (1 core)", False),
    (f"signatures checked by {intake.workers()} worker process(es) ({os.cpu_count()} cores)", True),
)


def staged_runs(
    tmp: Path,
    base: Path,
    blocks: list[bytes],
    posts: int,
    items: list[tuple[bytes, bytes, bytes]],
    keys: dict[bytes, bytes],
) -> None:
    txs = len(items) - len(blocks)  # one signature a block, one a transaction
    for n, (label, workers) in enumerate(STAGED):
        bare = bare_verify(items, keys)
        took = apply_staged(base, tmp / f"s{n}", blocks, posts, workers=workers)
        print(
            f"apply from staging, {label}: {took:.2f} s, {txs / took:,.0f} tx/s; bare PyNaCl "
            f"verify {bare[0]:.2f} s, {txs / bare[0]:,.0f} tx/s; ratio {bare[0] / took:.2f} "
            f"(goals: >= 0.60 on 1 core, >= 1.00 on 2 cores; load {os.getloadavg()[0]:.2f})"
        )
        us = 1e6 / txs
        print(
            f"  CPU per transaction: this process {CPU['main'] * us:.0f} µs, workers "
            f"{CPU['workers'] * us:.0f} µs; bare verify {bare[1] * us:.0f} µs: ratio "
            f"{bare[1] / CPU['main']:.2f} for this process alone (what the wall clock "
            "gives when the workers keep up on free cores); of the signatures checked ahead, "
            f"{CPU['here']:.0%} by this process itself while the worker lagged",
            flush=True,
        )


GROUPS = f"group commit (<= {GROUP_BLOCKS} blocks, ~{GROUP_BYTES // 1024} KiB)"
ONE_ROW = "one row per transaction"
RUNS = {
    "commit": (
        Run(
            "one commit per block, bytes bound as bytes",
            grouped=False,
            cheap=False,
            old_layout=True,
        ),
        Run(f"{GROUPS}, bytes bound as bytes", cheap=False, old_layout=True),
        Run(f"{GROUPS}, cheap binding", old_layout=True),
    ),
    "layout": (
        Run(
            f"{GROUPS}, cheap binding, message table with its own id index (before)",
            old_layout=True,
        ),
        Run(f"{GROUPS}, cheap binding, {ONE_ROW} (after)"),
    ),
    "cipher": (
        Run(f"{ONE_ROW}, 4096-byte pages, HMAC_SHA512 (the default)"),
        Run(f"{ONE_ROW}, 4096-byte pages, HMAC_SHA256", cipher=(4096, "HMAC_SHA256")),
        Run(f"{ONE_ROW}, 4096-byte pages, HMAC_SHA1", cipher=(4096, "HMAC_SHA1")),
        Run(f"{ONE_ROW}, 8192-byte pages, HMAC_SHA512", cipher=(8192, "HMAC_SHA512")),
        Run(f"{ONE_ROW}, 16384-byte pages, HMAC_SHA512", cipher=(16384, "HMAC_SHA512")),
    ),
    # What the store's own settings cost: its page cache (SQLite's default 2 MiB, each page
    # read back decrypted and checked again), the WAL's checkpoint (every 1,000 pages by
    # default, each an fsync of the database) and the group's one FULL commit.
    "pragmas": (
        Run(f"{ONE_ROW}, the store as it opens"),
        Run(f"{ONE_ROW}, synchronous = NORMAL", pragmas=("synchronous = NORMAL",)),
        Run(f"{ONE_ROW}, 16 MiB page cache", pragmas=("cache_size = -16384",)),
        Run(f"{ONE_ROW}, 64 MiB page cache", pragmas=("cache_size = -65536",)),
        Run(
            f"{ONE_ROW}, WAL checkpoint every 10,000 pages", pragmas=("wal_autocheckpoint = 10000",)
        ),
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--blocks", type=int, default=1000)
    parser.add_argument("--per-block", type=int, default=100)
    parser.add_argument("--runs", choices=sorted(RUNS), nargs="+", default=["layout"])
    parser.add_argument("--repeat", type=int, default=1, help="each set of runs, interleaved")
    parser.add_argument("--staged-only", action="store_true", help="only the runs from staging")
    args = parser.parse_args()
    txs = args.blocks * args.per_block
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        base = Path(tmp) / "bipindi"
        t0 = time.perf_counter()
        feed, blocks = prepare(base, args.blocks, args.per_block)
        print(f"generated {txs:,} signed transactions: {time.perf_counter() - t0:.1f} s")
        posts = args.blocks * (args.per_block - 1)
        keys = {
            feed.node.current.kid: feed.node.current.public_key,
            feed.mayor.current.kid: feed.mayor.current.public_key,
        }
        header = profile.read_header(base)
        key = derive_key("bench", header.salt, header.kdf)
        items = signatures(blocks, feed.network_id)
        print(f"{txs:,} transactions in {args.blocks:,} blocks ({len(items):,} signatures)")
        # Each run has its own baseline, measured just before it: on a shared machine the load
        # changes within a minute, and a ratio means something only between neighbours.
        if args.staged_only:
            staged_runs(Path(tmp), base, blocks, posts, items, keys)
            return
        runs = [run for _ in range(args.repeat) for name in args.runs for run in RUNS[name]]
        ratios: dict[str, list[tuple[float, float, float]]] = {}
        for n, run in enumerate(runs):
            bare = bare_verify(items, keys)
            took, opened = apply(base, Path(tmp) / f"r{n}", blocks, run, posts, key)
            ratios.setdefault(run.label, []).append(
                (bare[0] / took[0], bare[1] / took[1], took[1] / txs * 1e6)
            )
            print(
                f"apply, {run.label}: {took[0]:.2f} s wall, {took[0] / txs * 1e6:.1f} µs/tx "
                f"({took[1] / txs * 1e6:.1f} µs/tx of CPU); bare PyNaCl verify of the same "
                f"signatures {bare[0]:.2f} s, {txs / bare[0]:,.0f} tx/s ({txs / bare[1]:,.0f} tx/s "
                f"of CPU); ratio {bare[0] / took[0]:.2f} wall, {bare[1] / took[1]:.2f} CPU (goals: "
                f">= 0.60 on 1 core, >= 1.00 on 2 cores); open + status after "
                f"{opened * 1000:.0f} ms; load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
        print("summary (median over the repeats): ratio wall, ratio CPU, CPU µs/tx")
        for label, seen in ratios.items():
            wall, cpu, per_tx = (statistics.median(x[i] for x in seen) for i in range(3))
            print(f"  {wall:.2f}  {cpu:.2f}  {per_tx:6.1f}  {label}")


if __name__ == "__main__":
    main()
