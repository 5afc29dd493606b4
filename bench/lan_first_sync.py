"""Two town halls on one LAN: from starting both programs to the first completed sync.

Setup: a demo network of two communes; Bipindi writes a new block Ambam lacks. Timed, from
spawning both processes: `obambu sync lan --auto` on each (announce, hear the other, one
authenticated session), until Ambam reports a session that brought the new block. Two profiles
on one machine, on loopback ports. Baseline, in the same run: the same two programs told each
other's address (`sync tcp --listen` / `--connect`), which is what discovery saves a clerk
typing. Both include starting Python and unlocking the profile (Argon2id at the interactive
limits the tests use).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.core import demo
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node

ROOT = Path(__file__).resolve().parents[1]
PASS = "bench"


def network(root: Path) -> tuple[Path, Path]:
    _network_id, (a, b) = demo.build(root, 2, PASS)
    node = Node.open(b, PASS)
    try:
        node.submit(TxType.FORUM_THREAD, {"title": "Route coupée", "body": "Pont tombé"})
        node.seal()
    finally:
        node.close()
    return a, b


def obambu(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "OBAMBU_PASSPHRASE": PASS,
        "OBAMBU_KDF": "interactive",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "--home", str(home), "--json", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def discovered(a: Path, b: Path, ports: tuple[int, int, int, int]) -> float:
    pa, da, pb, db = (str(p) for p in ports)
    began = time.monotonic()
    common = ["sync", "lan", "--auto", "--interval", "0.5", "--seconds", "15"]
    left = obambu(
        a, *common, "--port", pa, "--discovery-port", da, "--announce-to", f"127.0.0.1:{db}"
    )
    right = obambu(
        b, *common, "--port", pb, "--discovery-port", db, "--announce-to", f"127.0.0.1:{da}"
    )
    try:
        assert left.stdout is not None
        for line in left.stdout:
            report = json.loads(line)
            if report["error"] is None and report["session"]["new"] > 0:
                return time.monotonic() - began
        raise RuntimeError("no sync completed")
    finally:
        for process in (left, right):
            process.kill()
            process.wait()


def typed(a: Path, b: Path, port: int) -> float:
    began = time.monotonic()
    server = obambu(b, "sync", "tcp", "--listen", f"127.0.0.1:{port}")
    time.sleep(0.05)
    client = None
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:  # the clerk types the address once the other listens
        client = obambu(a, "sync", "tcp", "--connect", f"127.0.0.1:{port}")
        if client.wait() == 0:
            break
        time.sleep(0.05)
    server.wait()
    if client is None or client.returncode != 0:
        raise RuntimeError("the typed-address sync failed")
    return time.monotonic() - began


def main() -> None:
    runs = []
    for n in range(3):
        with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
            a, b = network(Path(tmp) / "demo")
            base = 18000 + 10 * n
            lan = discovered(a, b, (base, base + 1, base + 2, base + 3))
        with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
            a, b = network(Path(tmp) / "demo")
            tcp = typed(a, b, base + 5)
        runs.append((lan, tcp))
    lan = statistics.median(r[0] for r in runs)
    tcp = statistics.median(r[1] for r in runs)
    print(
        f"start both programs → first completed sync, by discovery: median {lan:.2f} s "
        f"(3 runs: {', '.join(f'{r[0]:.2f}' for r in runs)})"
    )
    print(f"baseline, addresses typed (sync tcp): median {tcp:.2f} s")
    print(f"ratio discovery / typed: {lan / tcp:.2f}")


if __name__ == "__main__":
    main()
