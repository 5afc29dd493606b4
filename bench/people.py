"""The council's people: what a person's own PIN and a commune's second laptop cost.

1. A signature with the PIN typed at that moment (the member's key sealed under Argon2id with
   the real, moderate limits, as a councillor signs on the secretary's laptop), against the
   same signature with the key already open, measured in the same run.
2. A neighbour taking in a commune's day of work written on two laptops (two feeds of the
   commune, half the threads each), against the same number of threads written on one laptop
   (one feed), through the ledger's apply path (`app.core.demo.exchange`, what a stick's
   import calls per block).

Goal: the PIN adds Argon2id's cost and nothing else that grows; a second feed costs a
neighbour no more per transaction than one.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from app.core.crypto.kdf import INTERACTIVE
from app.core.demo import exchange
from app.core.devices import service as laptops
from app.core.ledger.txtypes import Role, TxType
from app.core.members import service as members
from app.core.node.node import Node

PASS = "bench passphrase"


def _network(root: Path, names: list[str]) -> list[Node]:
    nodes = [Node.create(root / n, PASS, n, INTERACTIVE) for n in names]
    genesis = nodes[0].found("Bench", [n.authority() for n in nodes[1:]])
    for node in nodes[1:]:
        node.adopt(genesis)
    for node in nodes:
        node.add_member("Maire")
    exchange(nodes)
    return nodes


def _post(node: Node, count: int, label: str) -> None:
    for n in range(count):
        node.submit(TxType.FORUM_THREAD, {"title": f"{label} {n}", "body": "…"})
        if n % 50 == 49:
            node.seal()
    node.seal()


def pin_signature(root: Path, runs: int) -> tuple[float, float, float]:
    (node,) = _network(root, ["Ambam"])
    councillor = members.add_member(node, "Jean Owona", Role.COUNCILLOR, pin="2468")  # moderate
    open_key = []
    for n in range(runs * 4):
        start = time.perf_counter()
        node.act(councillor, None if n else "2468")
        node.submit(TxType.FORUM_THREAD, {"title": f"open {n}", "body": "…"})
        open_key.append(time.perf_counter() - start)
    with_pin = []
    derive = []
    for n in range(runs):
        node.keyring.lock(councillor)
        start = time.perf_counter()
        node.keyring.unlock(councillor, "2468")
        derived = time.perf_counter()
        node.act(councillor, None)
        node.submit(TxType.FORUM_THREAD, {"title": f"pin {n}", "body": "…"})
        with_pin.append(time.perf_counter() - start)
        derive.append(derived - start)
    node.close()
    return statistics.median(open_key[1:]), statistics.median(with_pin), statistics.median(derive)


def second_laptop(root: Path, threads: int) -> tuple[float, float]:
    one = _network(root / "one", ["Ambam", "Bipindi"])
    _post(one[0], threads, "un portable")
    start = time.perf_counter()
    exchange(one)
    single = time.perf_counter() - start
    for node in one:
        node.close()

    a, b = _network(root / "two", ["Ambam", "Bipindi"])
    desk = Node.create(root / "two" / "desk", PASS, "Ambam", INTERACTIVE)
    desk.adopt(bytes(a.store.meta("genesis") or b""))
    laptops.add(a, laptops.request(desk, a.commune, "Secrétariat"))
    exchange([a, desk])
    laptops.take_place(desk, a.commune)
    deputy = members.add_member(desk, "Adjointe", Role.DEPUTY)
    members.act_as(desk, deputy)
    exchange([a, b, desk])
    _post(a, threads // 2, "portable du maire")
    _post(desk, threads - threads // 2, "secrétariat")
    exchange([a, desk])  # the two laptops of Ambam meet first, as in the town hall
    start = time.perf_counter()
    exchange([a, b])
    double = time.perf_counter() - start
    for node in (a, b, desk):
        node.close()
    return single, double


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        opened, with_pin, derive = pin_signature(Path(tmp) / "pin", args.runs)
        single, double = second_laptop(Path(tmp) / "laptops", args.threads)
    print("1. A signature by a councillor on the secretary's laptop")
    print(f"   key already open (baseline): {opened * 1000:.1f} ms (median)")
    print(
        f"   PIN typed at that moment: {with_pin * 1000:.0f} ms, of which Argon2id (moderate) "
        f"{derive * 1000:.0f} ms; the rest {(with_pin - derive) * 1000:.1f} ms"
    )
    rest = (with_pin - derive) / opened
    print(f"   ratio: {with_pin / opened:.0f}; without Argon2id: {rest:.2f}")
    print(f"2. A neighbour takes in {args.threads} threads of one commune")
    print(f"   written on one laptop (baseline): {single:.2f} s")
    print(f"   written on two laptops (two feeds): {double:.2f} s")
    print(f"   ratio: {double / single:.2f}")


if __name__ == "__main__":
    main()
