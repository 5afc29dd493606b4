"""Stick sync figures.

1. Incremental export: after a stick already holds a network's history, a commune writes a
   day's new blocks; bytes written to the stick against the bytes of the new objects.
   Goal: <= 1.10. Then a re-export with nothing new. Goal: <= 4 KiB.
2. Import of a stick carrying 100,000 transactions (1,000 blocks of 100), from the stick's
   bytes to applied state, against a bare PyNaCl verification loop over the same signatures
   measured in the same run, before and after issue 21's group commit and cheap binding, and
   after with the signatures checked by worker processes on the other cores.
   Goals (issue 21): >= 0.6 on one core, >= 0.9 on two.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlcipher3

from app.core.crypto.kdf import INTERACTIVE
from app.core.encoding import cbor
from app.core.encoding.cose import sign1
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.sync import intake, segment
from app.sync.export import export
from app.sync.stick import Stick
from bench.apply_rate import Clock, bare_verify, signatures
from bench.feed import Feed


def incremental(root: Path) -> None:
    nodes = [Node.create(root / n, "bench", n.title(), INTERACTIVE) for n in ("ambam", "campo")]
    a, c = nodes
    genesis = a.found("Bench", [c.authority()])
    c.adopt(genesis)
    a.add_member("Maire")
    a.seal()
    stick = root / "stick"
    stick.mkdir()
    for day in range(30):  # a month of history already on the stick
        _day_of_work(a, day)
    export(a, stick)
    for label, days in (("one busy day", 1), ("a week", 7), ("a month", 30)):
        sizes_before = _block_bytes(a)
        for day in range(days):
            _day_of_work(a, 100 + day)
        new_bytes = _block_bytes(a) - sizes_before
        report = export(a, stick)
        print(
            f"incremental export, {label}: {report.written} new blocks, {new_bytes:,} bytes of "
            f"objects, {report.bytes_written:,} bytes written to the stick: "
            f"ratio {report.bytes_written / new_bytes:.3f} (goal <= 1.10)"
        )
    again = export(a, stick)
    print(f"re-export with nothing new: {again.bytes_written:,} bytes written (goal <= 4,096)")
    for node in nodes:
        node.close()


def _day_of_work(node: Node, day: int) -> None:
    """A busy day at a town hall: a few forum messages and attestations, sealed as they come."""
    for n in range(8):
        node.submit(
            TxType.FORUM_THREAD,
            {"title": f"Jour {day}, sujet {n}", "body": "Compte rendu. " * (5 + 20 * (n % 3))},
        )
        if n % 2:
            node.seal()
    node.seal()


def _block_bytes(node: Node) -> int:
    return int(node.store.value("SELECT coalesce(sum(length(data)), 0) FROM blocks"))


def import_rate(root: Path, blocks: int, per_block: int, runs: list[str], repeat: int) -> None:
    base = root / "bipindi"
    receiver = Node.create(base, "bench", "Bipindi", INTERACTIVE)
    feed = Feed(receiver.authority())
    receiver.adopt(feed.genesis)
    receiver.close()
    # The feed's first block (its mayor's key) is on the stick too, as on a first visit.
    made = [feed.first_block(), *feed.forum_blocks(blocks, per_block)]
    (root / "stick2").mkdir()
    stick = Stick.at(root / "stick2", create=True)
    stick.claim(feed.network_id)
    _write_segments(stick, feed, made)
    keys = {
        feed.node.current.kid: feed.node.current.public_key,
        feed.mayor.current.kid: feed.mayor.current.public_key,
    }
    items = signatures(made[1:], feed.network_id)
    txs = blocks * per_block
    print(f"import of a stick with {txs:,} transactions in {blocks:,} blocks")
    ratios: dict[str, list[tuple[float, float]]] = {}
    for n, name in enumerate(name for _ in range(repeat) for name in runs):
        label, size, cheap, workers = IMPORTS[name]
        bare = bare_verify(items, keys)  # its own baseline, just before: the load changes
        home = root / f"r{n}"
        shutil.copytree(base, home)
        receiver = Node.open(home, "bench")
        took = _import(receiver, stick.root, size, cheap, workers, len(made))
        receiver.close()
        shutil.rmtree(home)
        (stage_wall, stage_cpu), (apply_wall, apply_cpu), workers_cpu, apart = took
        wall, cpu = stage_wall + apply_wall, stage_cpu + apply_cpu
        # On free cores the wall clock goes at the pace of the busier process.
        pace = max(cpu, workers_cpu)
        ratios.setdefault(label, []).append((bare[0] / wall, bare[1] / pace))
        us = 1e6 / txs
        print(
            f"  {label}: {wall:.2f} s wall (copying {stage_wall:.2f} s, applying "
            f"{apply_wall:.2f} s), {txs / wall:,.0f} tx/s; bare verify {bare[0]:.2f} s; "
            f"ratio {bare[0] / wall:.2f} wall (goals: >= 0.60 on 1 core, >= 0.90 on 2 cores; "
            f"load {os.getloadavg()[0]:.2f})\n"
            f"    CPU per transaction: this process {cpu * us:.1f} µs (copying "
            f"{stage_cpu * us:.1f}, applying {apply_cpu * us:.1f}), workers "
            f"{workers_cpu * us:.1f} µs; bare verify {bare[1] * us:.1f} µs; ratio "
            f"{bare[1] / pace:.2f} of CPU (the busier process sets the pace); "
            f"{apart:,} signatures checked apart",
            flush=True,
        )
        if WAITS:
            print(
                f"    waited for the workers {sum(WAITS):.2f} s over {len(WAITS)} pages, "
                f"{WAITS[0]:.2f} s for the first"
            )
    if repeat > 1:
        print("summary (median over the repeats): ratio wall, ratio CPU")
        for label, seen in ratios.items():
            print(
                f"  {statistics.median(r[0] for r in seen):.2f}  "
                f"{statistics.median(r[1] for r in seen):.2f}  {label}"
            )


Figures = tuple[tuple[float, float], tuple[float, float], float, int]


def _import(
    receiver: Node, stick: Path, size: int, cheap: bool, workers: bool, made: int
) -> Figures:
    """An import as `obambu sync import` makes it, copying then applying: the wall and CPU
    seconds of each, the workers' CPU seconds and how many signatures they checked."""
    group, pool_rows = intake.GROUP_BLOCKS, intake.POOL_ROWS
    # The "before" run: one commit per block, `bytes` bound as the driver's slow type.
    intake.GROUP_BLOCKS = size or group
    intake.POOL_ROWS = pool_rows if workers else made + 1
    if cheap:
        sqlcipher3.register_adapter(bytes, bytearray)
    else:
        sqlcipher3.adapters.pop((bytes, sqlcipher3.PrepareProtocol), None)
    take = intake._Checks.take
    WAITS.clear()

    def timed(checks: intake._Checks, *args: Any) -> None:
        start = time.perf_counter()
        take(checks, *args)
        WAITS.append(time.perf_counter() - start)

    intake._Checks.take = timed  # type: ignore[method-assign,assignment]
    try:
        clock = Clock()
        report = intake.stage(receiver, stick)
        copying = clock.stop()
        clock, children = Clock(), _children_cpu()
        report = intake.apply_staged(receiver, report)
        applying = clock.stop()
        workers_cpu = _children_cpu() - children
    finally:
        intake.GROUP_BLOCKS, intake.POOL_ROWS = group, pool_rows
        intake._Checks.take = take  # type: ignore[method-assign]
    assert report.new == made, report
    assert (report.checked_apart > 0) == workers, report
    return copying, applying, workers_cpu, report.checked_apart


# Seconds the applying process waited for each page's checks (the first page's wait is the
# pipeline's start: nothing is applied with the workers' help before it).
WAITS: list[float] = []


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


IMPORTS = {
    "before": ("one commit per block, bytes bound as bytes, in place (before)", 1, False, False),
    "place": ("group commit, cheap binding, signatures checked in place (1 core)", 0, True, False),
    "workers": (
        f"group commit, cheap binding, signatures checked by {intake.workers()} worker "
        f"process(es) ({os.cpu_count()} cores)",
        0,
        True,
        True,
    ),
}


def _write_segments(stick: Stick, feed: Feed, blocks: list[bytes]) -> None:
    """The stick as Ambam's laptop would have written it (64 MiB segments)."""
    chunk: list[bytes] = []
    for data in blocks:
        chunk.append(data)
        if sum(len(b) for b in chunk) > 60 * 1024 * 1024:
            _one_segment(stick, feed, chunk)
            chunk = []
    if chunk:
        _one_segment(stick, feed, chunk)


def _one_segment(stick: Stick, feed: Feed, blocks: list[bytes]) -> None:
    path = stick.new_segment_path()
    writer = segment.SegmentWriter(path, feed.network_id, 0, feed.transport_key)
    first = feed.seq - len(blocks) + 1
    for data in blocks:
        writer.add(segment.BLOCK, data)

    def trailer(body_hash: bytes, records: int) -> bytes:
        payload = {
            "v": 1,
            "time": int(time.time()),
            "records": records,
            "hash": body_hash,
            "feeds": [[feed.node.actor, first, feed.seq]],
            "chunks": [],
            "evidence": [],
        }
        return sign1(cbor.encode(payload), feed.node.current.signing_key, feed.network_id)

    writer.finish(trailer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--blocks", type=int, default=1000)
    parser.add_argument("--per-block", type=int, default=100)
    parser.add_argument("--import-only", action="store_true", help="only the import figures")
    parser.add_argument("--runs", choices=sorted(IMPORTS), nargs="+", default=list(IMPORTS))
    parser.add_argument("--repeat", type=int, default=1, help="the runs, interleaved")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        if not args.import_only:
            incremental(Path(tmp) / "inc")
        import_rate(Path(tmp) / "imp", args.blocks, args.per_block, args.runs, args.repeat)


if __name__ == "__main__":
    main()
