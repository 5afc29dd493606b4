"""Hostile-stick figures: what a crafted stick costs `obambu sync` in time and memory.

1. flood-scan: a segment whose header is copied from a real stick, followed by frame marks
   that each claim a body of `--claim` bytes. Seconds per MiB, measured in-process on segment
   reading alone (on the old code the command itself would take hours).
2. Each case below walked through `obambu sync preflight|import|export` in a child process
   capped at `--cap-mb` of address space and `--timeout` seconds: wall time, peak resident
   memory (ru_maxrss) and how it ended.
   - flood: 64 MiB of frame marks claiming the largest record each, after a real header;
   - hollow: a real header, then 64 MiB of nothing (a sparse file);
   - sparse: a 2 GB sparse segment (no disk used); sparse64: one of 64 MiB, the largest
     size a segment has;
   - zero: a segment that is a symlink to /dev/zero;
   - fifo: a FIFO in place of a segment.

    PYTHONPATH=. python -m bench.hostile_sticks [--cases flood,sparse,zero,fifo]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import crc32c

from app.sync import segment
from app.sync.stick import Stick

PASS = "phrase de passe du banc"
ROOT = Path(__file__).resolve().parent.parent


def flood_unit(claim: int) -> bytes:
    """One frame mark claiming `claim` bytes of body, with a checksum that does not hold;
    with `claim` 0, bare marks (each refused at once, by its impossible length)."""
    if claim == 0:
        return segment.MARK
    head = struct.pack(">2sBII", segment.MARK, segment.BLOCK, 1, claim)
    return head + struct.pack(">I", crc32c.crc32c(head) ^ 1)


def flood_segment(header: bytes, marks: int, claim: int) -> bytes:
    unit = flood_unit(claim)
    return header + unit * marks + bytes(claim)


def flood(home: Path, stick: Path, claim: int, marks: int) -> None:
    from app.core.node.node import Node  # the bench runs against the worktree's code
    from app.sync.keys import epoch_key

    header = Stick.at(stick).segment_paths()[0].read_bytes()[: segment.HEADER_BYTES]
    data = flood_segment(header, marks, claim)
    node = Node.open(home, PASS)
    try:
        start = time.perf_counter()
        _scan(data, node.network_id, lambda e: epoch_key(node, e))
        took = time.perf_counter() - start
    finally:
        node.close()
    per_mib = took / (len(data) / (1 << 20))
    print(
        f"mark flood: {marks:,} marks claiming {claim:,} bytes each in {len(data):,} bytes, "
        f"{took:.2f} s: {took / marks * 1e6:.1f} µs per mark, {per_mib:.3f} s per MiB"
    )


def _scan(data: bytes, network_id: bytes, key_for: Callable[[int], bytes | None]) -> None:
    reader = getattr(segment, "scan_file", None)
    if reader is not None:  # the streaming reader, when there is one
        reader(io.BytesIO(data), len(data), network_id, key_for)
    else:
        segment.scan(data, network_id, key_for)


def run_case(home: Path, argv: list[str], cap_mb: int, timeout: float) -> str:
    def limits() -> None:
        cap = cap_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    env = dict(os.environ, OBAMBU_PASSPHRASE=PASS, OBAMBU_KDF="interactive", PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "--home", str(home), *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=limits,
    )
    ended = "finished"
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            child.send_signal(signal.SIGKILL)
            pid, status, usage = os.wait4(child.pid, 0)
            ended = "killed after the timeout (hung)"
            break
        time.sleep(0.05)
    took = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode(errors="replace") if child.stderr else ""
    last = err.strip().splitlines()[-1] if err.strip() else ""
    if "MemoryError" in err:
        ended = "MemoryError"
    elif ended == "finished":
        ended = f"exit {child.returncode}"
    return f"{took:6.1f} s, peak {usage.ru_maxrss / 1024:7.0f} MiB, {ended}" + (
        f" ({last[:100]})" if last and child.returncode else ""
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", default="flood-scan,flood,hollow,sparse,sparse64,zero,fifo")
    parser.add_argument("--claim", type=int, default=8 * 1024 * 1024)
    parser.add_argument("--marks", type=int, default=2000)
    parser.add_argument("--cap-mb", type=int, default=3072)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    cases = args.cases.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = dict(os.environ, OBAMBU_PASSPHRASE=PASS, OBAMBU_KDF="interactive")
        made = subprocess.run(
            [
                sys.executable,
                "-m",
                "app.cli",
                "demo",
                "--dir",
                str(root / "demo"),
                "--communes",
                "2",
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        ambam, bipindi = (Path(h) for h in made.stdout.split("\n")[1:3])
        good = root / "good"
        good.mkdir()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "app.cli",
                "--home",
                str(ambam),
                "forum",
                "thread",
                "--title",
                "Marché",
                "--body",
                "Mardi.",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "app.cli",
                "--home",
                str(ambam),
                "sync",
                "export",
                "--to",
                str(good),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        if "flood-scan" in cases:
            flood(bipindi, good, args.claim, args.marks)
        header = Stick.at(good).segment_paths()[0].read_bytes()[: segment.HEADER_BYTES]
        makers: dict[str, Callable[[Path], None]] = {
            "sparse": lambda p: os.truncate(_fresh(p), 2 * 1024**3),
            "sparse64": lambda p: os.truncate(_fresh(p), 64 * 1024**2),
            "hollow": lambda p: _hollow(p, header),
            "flood": lambda p: p.write_bytes(
                flood_segment(header, (64 << 20) // 15, segment.MAX_RECORD)
            ),
            "zero": lambda p: os.symlink("/dev/zero", p),
            "fifo": os.mkfifo,
        }
        for name in (c for c in cases if c in makers):
            for command in ("preflight", "import", "export"):
                stick = root / f"{name}-{command}"
                shutil.copytree(good, stick, symlinks=True)
                folder = Stick.at(stick).segment_paths()[0].parent
                makers[name](folder / "0000000000ff-00000000.obs")
                way = "--to" if command == "export" else "--from"
                figures = run_case(
                    bipindi, ["sync", command, way, str(stick)], args.cap_mb, args.timeout
                )
                print(f"{name:6} {command:9}: {figures}")


def _hollow(path: Path, header: bytes) -> None:
    """A real header, then 64 MiB of nothing (sparse: no disk used)."""
    path.write_bytes(header)
    os.truncate(path, 64 * 1024**2)


def _fresh(path: Path) -> Path:
    path.touch()
    return path


if __name__ == "__main__":
    main()
