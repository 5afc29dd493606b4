"""A peer with no key floods `obambu sync tcp --listen` with `data` messages before any `hello`.

Setup: a demo network of two communes. Ambam runs `sync tcp --listen` in its own process; a
peer that holds no key of the network connects and sends `data` pieces (4 KiB each, every one
of a different object) until `--mib` MiB are queued, `--seconds` have passed or the listener
cuts it off. Then Bipindi, an honest town hall, runs `sync tcp --connect` (on a fresh listener
if the first one ended).

Printed: the bytes the flood got queued, the listener's resident memory once waiting, its peak
during the flood and during the honest session (sampled from /proc every 20 ms, Linux only),
whether the listener was still waiting after the flood, the size of Ambam's profile folder once
the listener waits, after the flood and after the honest session, and how long the honest
session took (start of `--connect` to its end, Python start and profile unlock included).

    python -m bench.hostile_peer [--mib 64] [--seconds 60]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from app.core import demo
from app.core.encoding import cbor
from app.sync.channel import Channel
from app.sync.errors import LinkError
from app.sync.stream import SocketStream

ROOT = Path(__file__).resolve().parents[1]
PASS = "bench"
PIECE = 4096
MIB = 1024 * 1024


def obambu(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "OBAMBU_PASSPHRASE": PASS,
        "OBAMBU_KDF": "interactive",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "--home", str(home), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def folder_bytes(home: Path) -> int:
    return sum(p.stat().st_size for p in home.rglob("*") if p.is_file())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Listener:
    """`obambu sync tcp --listen` in a process of its own, its memory sampled on a thread."""

    def __init__(self, home: Path, port: int) -> None:
        self.process = obambu(home, "sync", "tcp", "--listen", f"127.0.0.1:{port}")
        self.lines: list[str] = []
        self.waiting = threading.Event()
        self.peak_kib = 0
        threading.Thread(target=self._read_stderr, daemon=True).start()
        threading.Thread(target=self._sample, daemon=True).start()
        if not self.waiting.wait(60):
            raise RuntimeError("the listener did not start: " + "".join(self.lines))

    def reset_peak(self) -> None:
        self.peak_kib = 0

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def alive(self) -> bool:
        return self.process.poll() is None

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)
            if "waiting on port" in line:
                self.waiting.set()

    def _sample(self) -> None:
        while self.process.poll() is None:
            try:
                self.peak_kib = max(self.peak_kib, self.rss_kib())
            except OSError:
                return
            time.sleep(0.02)


def still_listening(port: int) -> bool:
    """Whether a connection is still accepted (one that says nothing and hangs up at once)."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except OSError:
        return False
    return True


def flood(port: int, budget: int, seconds: float) -> tuple[int, str]:
    """Sends `data` pieces of ever new objects before any hello: (bytes queued, how it ended)."""
    stream = SocketStream.connect("127.0.0.1", port)
    sent = 0
    ended = f"all {budget // MIB} MiB queued"
    began = time.monotonic()
    with Channel(stream, timeout=10.0) as channel:
        try:
            while sent < budget:
                if time.monotonic() - began > seconds:
                    ended = f"stopped after {seconds:.0f} s"
                    break
                message = cbor.encode(
                    {
                        "t": "data",
                        "k": 2,
                        "id": os.urandom(32),
                        "off": 0,
                        "total": 8 * MIB,
                        "part": os.urandom(PIECE),
                    }
                )
                channel.send(message)
                sent += len(message)
            channel.drain(10.0)
        except (LinkError, TimeoutError) as exc:
            ended = f"cut by the listener ({type(exc).__name__})"
    return sent, ended


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=64, help="flood size (default: %(default)s)")
    parser.add_argument("--seconds", type=float, default=60.0, help="flood time limit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        _network_id, (ambam, bipindi) = demo.build(Path(tmp) / "demo", 2, PASS)
        port = free_port()
        listener = Listener(ambam, port)
        time.sleep(1.0)  # settled: the profile open, the port bound
        before = folder_bytes(ambam)
        rest = listener.rss_kib()
        listener.reset_peak()
        began = time.monotonic()
        sent, ended = flood(port, args.mib * MIB, args.seconds)
        flood_seconds = time.monotonic() - began
        survived = still_listening(port)
        if not survived:  # it ended with the flood's session: wait for it to save and exit
            listener.process.wait(timeout=900)
        flood_peak = listener.peak_kib
        after_flood = folder_bytes(ambam)
        if not survived:
            port = free_port()
            listener = Listener(ambam, port)
        listener.reset_peak()
        began = time.monotonic()
        honest = obambu(bipindi, "sync", "tcp", "--connect", f"127.0.0.1:{port}")
        _, honest_err = honest.communicate(timeout=600)
        honest_seconds = time.monotonic() - began
        listener.process.wait(timeout=600)
        honest_peak = listener.peak_kib
        after_honest = folder_bytes(ambam)
    print(
        f"flood: {sent / 1024:,.0f} KiB of pre-hello data queued in {flood_seconds:.1f} s, {ended}"
    )
    print(f"listener after the flood: {'still waiting' if survived else 'ended'}")
    print(
        f"listener memory: {rest / 1024:.0f} MB waiting, peak {flood_peak / 1024:.0f} MB "
        "during the flood"
    )
    print(
        f"store: {before / MIB:.2f} MiB before, {after_flood / MIB:.2f} MiB after the flood "
        f"({(after_flood - before) / MIB:+.2f}), {after_honest / MIB:.2f} MiB after the "
        "honest session"
    )
    outcome = "done" if honest.returncode == 0 else f"failed: {honest_err.strip()}"
    print(
        f"honest session: {outcome} in {honest_seconds:.1f} s, listener peak memory "
        f"{honest_peak / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
