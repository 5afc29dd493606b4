"""Restoring a profile from a backup file whose own feed holds many transactions.

A backup carries the commune's own blocks (a restored laptop must never sign a second block
for a number it used), and the restore applies them like any foreign block. "Before" takes
them one store commit a block, as the restore did until issue 21's follow-up; "after" a group
per commit (`Node.receive_all`, the bounds an import uses). Both restore the same backup file
into fresh profiles on the same disk, interleaved, `--repeat` times each; printed: the whole
restore and the feed's part of it, in wall and CPU seconds, with the load average around each.
With `--demo N`, the same for `obambu demo --communes N` (its exchange between the laptops).

The backup (a feed of `--txs` forum messages, `--per-block` to a block, signed by Ambam's
mayor) is built once through the object formats and kept under bench/out/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from app.core import demo
from app.core.crypto.backup import seal_backup
from app.core.crypto.kdf import INTERACTIVE
from app.core.crypto.keys import Identity
from app.core.encoding import cbor
from app.core.ledger.ledger import Outcome
from app.core.ledger.objects import Authority
from app.core.node import backups
from app.core.node.node import Node
from bench.feed import Feed

OUT = Path(__file__).parent / "out"
PASSPHRASE = "bench passphrase"

# What the feed's part of each restore cost, filled by the timed `receive_all`.
FEED_TIMES: list[tuple[float, float]] = []


def build(txs: int, per_block: int) -> bytes:
    """A backup file of Ambam's laptop whose feed holds `txs` messages after its first block."""
    path = OUT / f"restore-{txs}-{per_block}.obk"
    if path.exists():
        return path.read_bytes()
    other = Identity.generate()
    receiver = Authority(other.actor, "Bipindi", other.current.public_key, other.next_digest)
    feed = Feed(receiver)
    blocks = [feed.first_block(), *feed.forum_blocks(txs // per_block, per_block)]
    doc = {
        "commune": feed.node.actor,
        "name": "Ambam",
        "member": feed.mayor.actor,
        "genesis": feed.genesis,
        "keys": [
            [who.actor, who.current.seed, who.following.seed] for who in (feed.node, feed.mayor)
        ],
        "rekey": b"",
        "laptop": b"",
        "offer": [b"", b""],
        "feed": blocks,
    }
    sealed = seal_backup(cbor.encode(doc), PASSPHRASE, INTERACTIVE)
    OUT.mkdir(exist_ok=True)
    path.write_bytes(sealed)
    return sealed


Receive = Callable[[Node, Sequence[bytes]], list[Outcome]]
_grouped: Receive = Node.receive_all


def _per_block(node: Node, blocks: Sequence[bytes]) -> list[Outcome]:
    """The restore before: one store commit a block."""
    return [node.receive(data) for data in blocks]


def _timed(receive: Receive) -> Receive:
    def run(node: Node, blocks: Sequence[bytes]) -> list[Outcome]:
        wall, cpu = time.perf_counter(), time.process_time()
        outcomes = receive(node, blocks)
        FEED_TIMES.append((time.perf_counter() - wall, time.process_time() - cpu))
        return outcomes

    return run


def restore_once(backup: bytes, home: Path, grouped: bool) -> dict[str, float]:
    Node.receive_all = _timed(_grouped if grouped else _per_block)  # type: ignore[method-assign,assignment]
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    node = backups.restore(home, backup, PASSPHRASE, PASSPHRASE, INTERACTIVE)
    took = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    try:
        txs = int(node.store.value("SELECT count(*) FROM txs"))
    finally:
        node.close()
        Node.receive_all = _grouped  # type: ignore[method-assign,assignment]
        shutil.rmtree(home)
    feed_wall, feed_cpu = FEED_TIMES.pop()
    return took | {
        "feed_wall": feed_wall,
        "feed_cpu": feed_cpu,
        "txs": txs,
        "load_before": load,
        "load_after": os.getloadavg()[0],
    }


def demo_once(communes: int, root: Path, grouped: bool) -> dict[str, float]:
    Node.receive_all = _timed(_grouped if grouped else _per_block)  # type: ignore[method-assign,assignment]
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        demo.build(root, communes, PASSPHRASE, INTERACTIVE)
    finally:
        Node.receive_all = _grouped  # type: ignore[method-assign,assignment]
        shutil.rmtree(root)
    took = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    exchanged = FEED_TIMES[:]
    FEED_TIMES.clear()
    return took | {
        "feed_wall": sum(w for w, _ in exchanged),
        "feed_cpu": sum(c for _, c in exchanged),
        "load_before": load,
        "load_after": os.getloadavg()[0],
    }


def demo_runs(communes: int, repeat: int) -> None:
    runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for n in range(repeat):
        for label in ("before", "after"):
            root = OUT / f"demo-{os.getpid()}-{label}-{n}"
            run = demo_once(communes, root, grouped=label == "after")
            runs[label].append(run)
            print(
                f"demo of {communes}, {label} #{n + 1}: {run['wall']:.2f} s wall, "
                f"{run['cpu']:.2f} s CPU; of it the exchange {run['feed_wall']:.2f} s wall, "
                f"{run['feed_cpu']:.2f} s CPU (load {run['load_before']:.2f} → "
                f"{run['load_after']:.2f})",
                flush=True,
            )
    for label, done in runs.items():
        print(
            f"demo {label}, median of {repeat}: "
            + ", ".join(
                f"{key} {statistics.median(r[key] for r in done):.2f} s"
                for key in ("wall", "cpu", "feed_wall", "feed_cpu")
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--txs", type=int, default=100_000)
    parser.add_argument("--per-block", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--demo", type=int, default=0, help="communes of a demo to time instead")
    args = parser.parse_args()
    if args.demo:
        demo_runs(args.demo, args.repeat)
        return
    backup = build(args.txs, args.per_block)
    runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for n in range(args.repeat):
        for label in ("before", "after"):
            home = OUT / f"restored-{os.getpid()}-{label}-{n}"
            run = restore_once(backup, home, grouped=label == "after")
            runs[label].append(run)
            print(
                f"{label} #{n + 1}: {int(run['txs']):,} txs; restore {run['wall']:.2f} s wall, "
                f"{run['cpu']:.2f} s CPU; of it the feed {run['feed_wall']:.2f} s wall, "
                f"{run['feed_cpu']:.2f} s CPU (load {run['load_before']:.2f} → "
                f"{run['load_after']:.2f})",
                flush=True,
            )
    medians = {
        label: {key: statistics.median(r[key] for r in done) for key in done[0]}
        for label, done in runs.items()
    }
    per_tx = 1e6 / medians["after"]["txs"]
    for label, m in medians.items():
        print(
            f"{label}, median of {args.repeat}: restore {m['wall']:.2f} s wall, {m['cpu']:.2f} s "
            f"CPU; feed {m['feed_wall'] * per_tx:.1f} µs/tx wall, {m['feed_cpu'] * per_tx:.1f} "
            "µs/tx CPU"
        )
    b, a = medians["before"], medians["after"]
    print(
        f"after / before: restore wall {a['wall'] / b['wall']:.2f}, CPU {a['cpu'] / b['cpu']:.2f}; "
        f"feed wall {a['feed_wall'] / b['feed_wall']:.2f}, CPU {a['feed_cpu'] / b['feed_cpu']:.2f}"
    )


if __name__ == "__main__":
    main()
