"""Applying 100,000 foreign transactions in 1,000 blocks into a fresh store.

Prints the apply rate and, in the same run, the rate of a bare PyNaCl verification loop over
the very same signatures (the floor: every one must be checked), and their ratio. Goals (issue
21): >= 0.6 on one core, >= 1.0 on two. Applied three times, into fresh copies of one store:
one store commit per block with `bytes` bound as the driver's slow type (before issue 21); the
commit groups a stick or session import makes (`intake.commit_groups`); and those groups with
the store's cheap binding (after). Then twice more from the store's staging, as an import
applies (`intake.apply_staged`): every signature checked in place (one core), and checked ahead
by worker processes on the other cores (`app/core/ledger/preverify.py`; two cores here).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

import nacl.signing
import sqlcipher3

from app.core.crypto.kdf import INTERACTIVE
from app.core.encoding.cose import parse_sign1, sig_structure
from app.core.ledger.objects import object_id, parse_block
from app.core.node.node import Node
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


def bare_verify(items: list[tuple[bytes, bytes, bytes]], keys: dict[bytes, bytes]) -> float:
    verify_keys = {kid: nacl.signing.VerifyKey(pk) for kid, pk in keys.items()}
    start = time.perf_counter()
    cpu = time.process_time()
    for kid, message, signature in items:
        verify_keys[kid].verify(message, signature)
    CPU["bare"] = time.process_time() - cpu
    return time.perf_counter() - start


# CPU seconds of the last runs: on a loaded machine the wall clock says how many cores were
# free; the CPU each process spent says what the work costs, whatever the load.
CPU: dict[str, float] = {}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def prepare(root: Path, blocks: int, per_block: int) -> tuple[Feed, list[bytes]]:
    """A receiver's profile that adopted the network and took its first block, kept closed at
    `root` to be copied, and the forum blocks it will be given."""
    receiver = Node.create(root, "bench", "Bipindi", INTERACTIVE)
    feed = Feed(receiver.authority())
    receiver.adopt(feed.genesis)
    receiver.receive(feed.first_block())
    receiver.close()
    return feed, list(feed.forum_blocks(blocks, per_block))


def apply(
    base: Path, copy: Path, blocks: list[bytes], grouped: bool, posts: int, *, cheap: bool
) -> float:
    """Seconds to apply the blocks into a fresh copy of `base`, in commit groups as a stick
    import makes them or one block per commit, `bytes` parameters bound cheaply or not."""
    if cheap:
        sqlcipher3.register_adapter(bytes, bytearray)
    else:
        sqlcipher3.adapters.pop((bytes, sqlcipher3.PrepareProtocol), None)
    shutil.copytree(base, copy)
    receiver = Node.open(copy, "bench")
    start = time.perf_counter()
    rows = [(n, BLOCK, data) for n, data in enumerate(blocks)]
    for group in commit_groups(rows) if grouped else ([row] for row in rows):
        with receiver.ledger.group():
            outcomes = [receiver.receive(data) for _, _, data in group]
        assert all(o.status == "applied" for o in outcomes), outcomes
    took = time.perf_counter() - start
    assert receiver.store.counter("posts") == posts
    receiver.close()
    return took


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
    start = time.perf_counter()
    cpu, children = time.process_time(), _children_cpu()
    report = intake.apply_staged(receiver, ImportReport())
    took = time.perf_counter() - start
    CPU["main"], CPU["workers"] = time.process_time() - cpu, _children_cpu() - children
    intake.POOL_ROWS = pool_rows
    assert report.quarantined == 0 and report.pending == 0, report
    assert (report.checked_apart > 0) == workers, report
    assert receiver.store.counter("posts") == posts
    receiver.close()
    return took


GROUPS = f"group commit (<= {GROUP_BLOCKS} blocks, ~{GROUP_BYTES // 1024} KiB)"
RUNS = (
    ("one commit per block, bytes bound as bytes (before)", False, False),
    (f"{GROUPS}, bytes bound as bytes", True, False),
    (f"{GROUPS}, cheap binding (after)", True, True),
)

STAGED = (
    ("signatures checked in place (1 core)", False),
    (f"signatures checked by {intake.workers()} worker process(es) ({os.cpu_count()} cores)", True),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--blocks", type=int, default=1000)
    parser.add_argument("--per-block", type=int, default=100)
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
        items = signatures(blocks, feed.network_id)
        print(f"{txs:,} transactions in {args.blocks:,} blocks ({len(items):,} signatures)")
        # Each run has its own baseline, measured just before it: on a shared machine the load
        # changes within a minute, and a ratio means something only between neighbours.
        for n, (label, grouped, cheap) in enumerate(() if args.staged_only else RUNS):
            bare = bare_verify(items, keys)
            took = apply(base, Path(tmp) / f"r{n}", blocks, grouped, posts, cheap=cheap)
            print(
                f"apply, {label}: {took:.2f} s, {txs / took:,.0f} tx/s; bare PyNaCl verify of "
                f"the same signatures {bare:.2f} s, {txs / bare:,.0f} tx/s; ratio "
                f"{bare / took:.2f} (goals: >= 0.60 on 1 core, >= 1.00 on 2 cores; load "
                f"{os.getloadavg()[0]:.2f})"
            )
        for n, (label, workers) in enumerate(STAGED):
            bare = bare_verify(items, keys)
            took = apply_staged(base, Path(tmp) / f"s{n}", blocks, posts, workers=workers)
            print(
                f"apply from staging, {label}: {took:.2f} s, {txs / took:,.0f} tx/s; bare PyNaCl "
                f"verify {bare:.2f} s, {txs / bare:,.0f} tx/s; ratio {bare / took:.2f} (goals: "
                f">= 0.60 on 1 core, >= 1.00 on 2 cores; load {os.getloadavg()[0]:.2f})"
            )
            us = 1e6 / txs
            print(
                f"  CPU per transaction: this process {CPU['main'] * us:.0f} µs, workers "
                f"{CPU['workers'] * us:.0f} µs; bare verify {CPU['bare'] * us:.0f} µs: ratio "
                f"{CPU['bare'] / CPU['main']:.2f} for this process alone (what the wall clock "
                "gives when the workers keep up on free cores)"
            )


if __name__ == "__main__":
    main()
