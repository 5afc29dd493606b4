"""What a stick carries of every commune's word after N communes passed it round: beacon files
(`bcn/`, N² heads) against acks and cuts (`ack/`, `cut/`, O(N)), read from the stick itself
(issue 21, "the switch to cuts and acknowledgements").

N communes founded together pass one stick in turn, each posting once, for `--rounds` rounds
(every commune takes in every other's post and says so), a round every cuts.CUT_AGE on the
program's clock (Python's `time.time`, this process only), so that each may bring a cut; then
the bytes of each folder of statements on the stick, and the CPU time of the run (the
process's, the machine being shared).
`--baseline REV` runs the same script on another tree of the program first, in the same run
(extracted with git archive, run in a child process), as bench.visit_cost does
(bench/child.py).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import mock

from bench import child

if TYPE_CHECKING:
    from app.core.node.node import Node


def measure(root: Path, communes: int, rounds: int) -> dict[str, object]:
    from app.sync import cuts

    age = getattr(cuts, "CUT_AGE", 0)  # a tree from before the rate has none
    started = time.process_time()
    nodes = network(root, communes)
    stick = root / "stick"
    stick.mkdir()
    real = time.time
    for day in range(rounds):
        with mock.patch("time.time", lambda d=day: real() + d * age):
            visit_round(nodes, stick, day)
    folders: dict[str, int] = {}
    for name in ("bcn", "ack", "cut", "seg"):
        folder = stick / "OBAMBU" / name
        files = [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
        folders[name] = sum(p.stat().st_size for p in files)
        folders[name + "_files"] = len(files)
    for node in nodes:
        node.close()
    return {
        "communes": communes,
        "rounds": rounds,
        "folders": folders,
        "cpu": time.process_time() - started,
    }


def network(root: Path, communes: int) -> list[Node]:
    """`communes` communes founded together under `root`, each with its mayor, sealed."""
    from app.core.crypto.kdf import INTERACTIVE
    from app.core.node.node import Node

    nodes = [
        Node.create(root / f"c{i}", "bench", f"Commune {i}", INTERACTIVE) for i in range(communes)
    ]
    founder, *others = nodes
    genesis = founder.found("Bench", [n.authority() for n in others])
    for node in others:
        node.adopt(genesis)
    for node in nodes:
        node.add_member("Maire")
        node.seal()
    return nodes


def visit_round(nodes: list[Node], stick: Path, day: int) -> None:
    """Each commune in turn takes in the stick and writes to it (each posts once, on day 0)."""
    from app.core.forum import service
    from app.sync.export import export
    from app.sync.intake import import_

    for i, node in enumerate(nodes):
        if day == 0:
            service.start_thread(node, f"Avis {i}", "Le puits est réparé.")
            node.seal()
        if (stick / "OBAMBU").exists():
            import_(node, stick)
        export(node, stick)


def _run_tree(tree: Path, communes: int, rounds: int) -> dict[str, object]:
    return child.run_tree(tree, "bench.ack_bytes", "-n", str(communes), "--rounds", str(rounds))


def _line(label: str, r: dict[str, object]) -> str:
    folders = r["folders"]
    assert isinstance(folders, dict)
    n = int(str(r["communes"]))
    words = folders["bcn"] + folders["ack"] + folders["cut"]
    return (
        f"{label}: N={n}, {r['rounds']} rounds: beacons {folders['bcn']:,} B "
        f"({folders['bcn_files']} files), acks {folders['ack']:,} B ({folders['ack_files']}), "
        f"cuts {folders['cut']:,} B ({folders['cut_files']}); all {words:,} B, "
        f"{words / n:,.0f} B a commune; segments left {folders['seg_files']}; "
        f"CPU {float(str(r['cpu'])):.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, nargs="+", default=[4, 8, 16])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", help="a git revision to measure first, in the same run")
    parser.add_argument("--json", action="store_true", help="print this tree's figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        if args.json:
            print(json.dumps(measure(Path(tmp), args.n[0], args.rounds)))
            return
        base = (
            child.extract(args.baseline, Path(tmp) / "base", "ack_bytes.py")
            if args.baseline
            else None
        )
        for n in args.n:
            print(f"load {os.getloadavg()[0]:.2f}")
            if base is not None:
                print(_line(f"before ({args.baseline})", _run_tree(base, n, args.rounds)))
            print(_line("after (this tree)", _run_tree(child.ROOT, n, args.rounds)))
        print(f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
