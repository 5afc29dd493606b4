"""What the messages of app/sync/linkacks.py add to a session over a link, at N communes
(issue 21): the `cuts` and `acks` messages one side sends, beside its `beacon` message.

N communes founded together pass one stick in turn, each posting once, for `--rounds` rounds
(so that each knows every commune's ack, as bench.ack_bytes); then the first commune's messages
are made as a session makes them and their encoded bytes counted (the link's framing aside),
with the CPU time of the run (the process's, the machine being shared).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from app.core.encoding import cbor


def measure(root: Path, communes: int, rounds: int) -> dict[str, float]:
    from app.core.crypto.kdf import INTERACTIVE
    from app.core.forum import service
    from app.core.node.node import Node
    from app.sync import beacon, linkacks
    from app.sync.export import export
    from app.sync.intake import import_

    started = time.process_time()
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
    stick = root / "stick"
    stick.mkdir()
    for day in range(rounds):
        for i, node in enumerate(nodes):
            if day == 0:
                service.start_thread(node, f"Avis {i}", "Le puits est réparé.")
                node.seal()
            if (stick / "OBAMBU").exists():
                import_(node, stick)
            export(node, stick)
    setup = time.process_time() - started
    node = nodes[0]
    began = time.process_time()
    sent_cuts = linkacks.cuts_to_send(node)
    sent_acks = linkacks.acks_to_send(node)
    made = time.process_time() - began
    began = time.process_time()
    taken = linkacks.take_acks(nodes[1], sent_acks)
    took = time.process_time() - began
    out = {
        "communes": communes,
        "beacon": len(cbor.encode({"t": "beacon", "data": beacon.make(node, [])})),
        "cuts": len(cbor.encode({"t": "cuts", "cuts": sent_cuts})),
        "acks": len(cbor.encode({"t": "acks", "acks": sent_acks})),
        "acks_count": len(sent_acks),
        "taken": taken.kept,
        "make_cpu": made,
        "take_cpu": took,
        "setup_cpu": setup,
    }
    for each in nodes:
        each.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, nargs="+", default=[4, 16])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for n in args.n:
        with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
            print(f"load {os.getloadavg()[0]:.2f}")
            r = measure(Path(tmp), n, args.rounds)
            print(
                f"N={n}: beacon message {r['beacon']:,} B; cuts {r['cuts']:,} B; acks "
                f"{r['acks']:,} B ({r['acks_count']} acks, {r['acks'] / n:,.0f} B a commune; "
                f"{r['taken']} kept by the peer); CPU making {r['make_cpu']:.2f} s, taking "
                f"{r['take_cpu']:.2f} s (setup {r['setup_cpu']:.1f} s)"
            )
    print(f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
