"""Instructions a transaction costs to apply, counted by valgrind: a figure the load leaves alone.

On the shared 2-core machine the wall clock, and even the CPU time of one run, moved by a
quarter between two runs of the same code (docs/performance.md, "The applying process,
profiled"). The instructions a run executes do not move: this counts them (Callgrind's `Ir`)
for applying `--blocks` blocks of 100 forum messages from the store's staging, every signature
checked in place (`intake.apply_staged`, no worker), less the same run applying none (start-up,
imports, opening the store), per transaction. It also gives the part of libsodium's signature
check, of SQLite (its statements, of which the commits) and of cbor2, from Callgrind's
inclusive counts; the rest is Python.

`--workers`: the applying process's own count while a worker process checks the signatures
(valgrind follows only the process it started): `--blocks` blocks more than a run of `--blocks`
blocks, per transaction, both runs having applied the first slice in place while the worker
started; the second run's extra blocks are all checked by the worker (asserted).

`--worker`: what a worker process runs, `preverify.check` on the blocks, and the bare PyNaCl loop
over their signatures, each less the same run on none, per transaction.

`--tree DIR` runs another checkout's code on the very same blocks and profile (for a before /
after: `git archive main | tar -x -C DIR`); several may be given, and `.` is this one. The
blocks go into a store of a few hundred transactions: what grows with a large store (deeper
indexes, pages read back and decrypted) is not in this count. Needs valgrind; about a minute
a tree for 20 blocks.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from app.core.crypto.kdf import derive_key
from app.core.store import profile
from bench.apply_rate import prepare

# Run by valgrind under each tree's code: only what every checkout since issue 21's group
# commit has (Node.open_with_key, intake.apply_staged and POOL_ROWS).
CHILD = """
import pickle, shutil, sys, tempfile
from pathlib import Path

def main():
    from app.core.ledger.objects import object_id
    from app.core.node.node import Node
    from app.sync import intake
    from app.sync.segment import BLOCK

    fixture, count, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    workers = mode == "workers"
    blocks, key = pickle.loads((fixture / "blocks.pkl").read_bytes())
    if mode in ("worker", "bare"):
        return signatures(fixture, blocks, key, count, mode)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "profile"
        shutil.copytree(fixture / "profile", copy)
        node = Node.open_with_key(copy, key)
        with node.store.transaction():
            node.store.conn.executemany(
                "INSERT INTO staged (id, kind, data) VALUES (?, ?, ?)",
                [(object_id(data), BLOCK, data) for data in blocks[:count]],
            )
        # In place: every signature checked here. With workers: a pool for any size, so that
        # after the first slice (applied here while they start) the workers check them all.
        intake.POOL_ROWS = 0 if workers else 10**9
        report = intake.apply_staged(node, intake.ImportReport())
        assert report.quarantined == 0 and report.pending == 0, report
        if workers and count > intake.SLICE_ROWS:
            assert report.checked_apart == (count - intake.SLICE_ROWS) * 101, report
        node.close()

def signatures(fixture, blocks, key, count, mode):
    # What a worker runs on `count` blocks (`preverify.check`, the store's keys as its
    # snapshot), or the bare PyNaCl loop over their signatures, prepared for every block
    # whatever the count so that only the checks differ between two counts.
    import nacl.signing
    from app.core.ledger import preverify
    from app.core.node.node import Node
    from bench.apply_rate import signatures as prepared

    node = Node.open_with_key(fixture / "profile", key)
    keys = {bytes(kid): bytes(pk) for kid, pk in node.store.all("SELECT kid, pk FROM keys")}
    network_id = node.network_id
    node.close()
    if mode == "worker":
        answers = preverify.check(blocks[:count], keys, network_id)
        assert sum(len(a) for a in answers) == count * 101 * preverify.PAIR_BYTES
        return
    items = prepared(blocks, network_id)[: count * 101]
    verify_keys = {kid: nacl.signing.VerifyKey(pk) for kid, pk in keys.items()}
    for kid, message, signature in items:
        verify_keys[kid].verify(message, signature)

if __name__ == "__main__":  # spawned workers import this module
    main()
"""

# Callgrind's inclusive count of these functions (each named once, without its recursion
# suffix); SQLite's commits run inside sqlite3_step (a COMMIT is a statement).
PARTS = {
    "Ed25519 checks (libsodium)": (r"crypto_sign_ed25519_open \[",),
    "SQLite, its commits included": (r":sqlite3_step \[",),
    "  of which commits": (r"sqlite3PagerCommitPhaseOne[.\w]* \[",),
    "cbor2 (decoding, and re-encoding where it is done)": (
        r"_cbor2::_cbor2::loads \[",
        r"_cbor2::_cbor2::dumps \[",
    ),
}
TX_PER_BLOCK = 100


def counts(out_file: Path) -> tuple[int, dict[str, int]]:
    text = subprocess.run(
        ["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(out_file)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", text)
    assert found, text[:2000]
    total = int(found.group(1).replace(",", ""))
    parts = {}
    for name, patterns in PARTS.items():
        parts[name] = 0
        for pattern in patterns:
            hits = [
                int(line.split()[0].replace(",", ""))
                for line in text.splitlines()
                if re.search(pattern, line)
            ]
            parts[name] += max(hits, default=0)
    return total, parts


def run(tree: Path, fixture: Path, blocks: int, mode: str) -> tuple[int, dict[str, int]]:
    """Instructions (total, by part) of applying `blocks` blocks under `tree`'s code, in the
    applying process alone (valgrind does not follow the spawned workers)."""
    out = fixture / f"callgrind.{os.getpid()}.{blocks}.{mode}"
    env = dict(os.environ, PYTHONPATH=str(tree.resolve()))
    subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            sys.executable,
            str(fixture / "child.py"),
            str(fixture),
            str(blocks),
            mode,
        ],
        env=env,
        cwd=tree,
        check=True,
        capture_output=True,
    )
    try:
        return counts(out)
    finally:
        out.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--blocks", type=int, default=20)
    parser.add_argument("--tree", type=Path, action="append", help="a checkout to run (repeat)")
    parser.add_argument(
        "--worker",
        action="store_true",
        help="a worker's count a transaction (`preverify.check` on the blocks) beside the "
        "bare PyNaCl loop's over the same signatures",
    )
    parser.add_argument(
        "--workers",
        action="store_true",
        help="the applying process's own count while a worker checks the signatures: "
        "--blocks more blocks than a run of --blocks, after the first slice applied in place",
    )
    args = parser.parse_args()
    modes = ["worker", "bare"] if args.worker else ["workers" if args.workers else "in-place"]
    trees: list[Path] = args.tree or [Path(".")]
    txs = args.blocks * TX_PER_BLOCK
    print(f"load average: {os.getloadavg()[0]:.2f} (it does not move these counts)")
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        fixture = Path(tmp)
        _, blocks = prepare(fixture / "profile", 2 * args.blocks, TX_PER_BLOCK)
        header = profile.read_header(fixture / "profile")
        key = derive_key("bench", header.salt, header.kdf)
        (fixture / "blocks.pkl").write_bytes(pickle.dumps((blocks, key)))
        (fixture / "child.py").write_text(CHILD)
        for tree, mode in ((tree, mode) for tree in trees for mode in modes):
            # With workers, both runs apply the first slice in place and start the pool.
            base = args.blocks if args.workers else 0
            empty_total, empty = run(tree, fixture, base, mode)
            total, parts = run(tree, fixture, base + args.blocks, mode)
            per_tx = (total - empty_total) / txs
            print(
                f"{tree}, {mode}: {per_tx / 1000:,.1f} k instructions a transaction "
                f"({txs:,} applied)"
            )
            rest = per_tx
            for name, count in parts.items():
                share = (count - empty[name]) / txs
                if not name.startswith("  "):
                    rest -= share
                print(f"  {name}: {share / 1000:,.1f} k")
            print(f"  the rest (Python: parsing, rules, bookkeeping): {rest / 1000:,.1f} k")


if __name__ == "__main__":
    main()
