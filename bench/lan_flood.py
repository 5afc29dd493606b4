"""What a flood of announcements costs the listener (app/sync/discovery.py).

One commune's `Directory` receives, in one process:

* flooded: the same genuine announcement from one address, again and again once its burst is
  spent (refused "flood" by the address's token bucket);
* checked, the baseline: that announcement from a new address each time, so that every one is
  parsed and its signature verified (the first is believed, the others refused as replays).

Prints microseconds per datagram for each, and their ratio: the flood's cost is a dict lookup,
a small fraction of one signature check. tests/test_lan.py checks that a flood is never
verified; this measures what that saves.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.core import demo
from app.core.node.node import Node
from app.sync import discovery

PASS = "bench"


def per_datagram(receive: Callable[[int], object], count: int) -> float:
    """Microseconds per call of `receive(n)` over `count` calls."""
    start = time.perf_counter()
    for n in range(count):
        receive(n)
    return (time.perf_counter() - start) / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20_000)
    args = parser.parse_args()
    os.environ.setdefault("OBAMBU_KDF", "interactive")
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        _network_id, (a, b) = demo.build(Path(tmp) / "demo", 2, PASS)
        listener, speaker = Node.open(a, PASS), Node.open(b, PASS)
        try:
            genuine = discovery.announcement(speaker, 7420)
            keys = discovery.node_keys(listener)
            heard = discovery.Directory(listener.network_id, listener.commune, keys)
            flooded = per_datagram(
                lambda n: heard.receive(genuine, "10.0.0.9", now=1.0), args.count
            )
            assert heard.refused["flood"] == args.count - discovery.BURST
            heard = discovery.Directory(listener.network_id, listener.commune, keys)
            checked = per_datagram(
                lambda n: heard.receive(genuine, f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"),
                args.count,
            )
            assert heard.refused["replayed"] == args.count - 1
        finally:
            listener.close()
            speaker.close()
    print(f"{args.count:,} datagrams each, one process")
    print(f"flooded (one address past its burst): {flooded:.2f} µs per datagram")
    print(f"checked (parsed, signature verified; baseline): {checked:.2f} µs per datagram")
    print(f"ratio flooded / checked: {flooded / checked:.3f}")


if __name__ == "__main__":
    main()
