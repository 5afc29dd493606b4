"""What the messages of app/sync/linkacks.py add to a session over a link, at N communes
(issue 21): the `cuts` and `acks` messages one side sends, beside its `beacon` message.

N communes founded together pass one stick in turn, each posting once, for `--rounds` rounds
(so that each knows every commune's ack, as bench.ack_bytes); then the first commune's messages
are made as a session makes them and their encoded bytes counted (the link's framing aside):
`acks` to a peer that keeps no ack (a first session) and to one that keeps them all (its
`have` says so), with the CPU time (the process's, the machine being shared).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from app.core.encoding import cbor
from bench.ack_bytes import network, visit_round


def measure(root: Path, communes: int, rounds: int) -> dict[str, float]:
    from app.sync import beacon, linkacks

    started = time.process_time()
    nodes = network(root, communes)
    stick = root / "stick"
    stick.mkdir()
    for day in range(rounds):
        visit_round(nodes, stick, day)  # the program's clock: no second cut (cuts.CUT_AGE)
    setup = time.process_time() - started
    node, peer = nodes[0], nodes[1]
    began = time.process_time()
    sent_cuts, have = linkacks.cuts_to_send(node)
    all_acks = linkacks.acks_to_send(node)  # to a peer that keeps none
    made = time.process_time() - began
    _, peer_have = linkacks.cuts_to_send(peer)
    lacking = linkacks.acks_to_send(node, linkacks.peer_has(peer_have))  # it keeps them all
    began = time.process_time()
    taken = linkacks.take_acks(peer, all_acks)
    took = time.process_time() - began
    out = {
        "communes": communes,
        "beacon": len(cbor.encode({"t": "beacon", "data": beacon.make(node, [])})),
        "cuts": len(cbor.encode({"t": "cuts", "cuts": sent_cuts, "have": have})),
        "acks": len(cbor.encode({"t": "acks", "acks": all_acks})),
        "acks_count": len(all_acks),
        "acks_known": len(cbor.encode({"t": "acks", "acks": lacking})),
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
                f"N={n}: beacon message {r['beacon']:,} B; cuts (with have) {r['cuts']:,} B; "
                f"acks to a peer keeping none {r['acks']:,} B ({r['acks_count']} acks, "
                f"{r['acks'] / n:,.0f} B a commune; {r['taken']} checked by it), to a peer "
                f"keeping them all {r['acks_known']:,} B; CPU making {1000 * r['make_cpu']:.0f} "
                f"ms, taking {1000 * r['take_cpu']:.0f} ms (setup {r['setup_cpu']:.1f} s)"
            )
    print(f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
