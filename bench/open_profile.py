"""Opening a profile holding 1,000,000 objects: time to the first `status`.

Two figures, as the goal is stated without the passphrase step: the Argon2id key derivation
alone (the profile's real, moderate limits), then opening the SQLCipher store with that key and
answering `status`, in a fresh process each time. Baseline in the same run: the same for a
profile holding only its genesis and first block. Goal: under 1 s, not counting the KDF.

The large profile is built once through the real apply path and kept under bench/out/.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from app.core.node.node import Node
from app.core.store import profile
from bench.feed import Feed

OUT = Path(__file__).parent / "out"
PASSPHRASE = "bench passphrase"

PROBE = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
from app.core import queries
from app.core.node.node import Node
imported = time.perf_counter()
node = Node.open_with_key(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]))
status = queries.status(node)
done = time.perf_counter()
print(json.dumps({"open_status": done - imported, "imports": imported - start,
                  "objects": node.store.counter("objects")}))
"""


def build(home: Path, objects: int) -> None:
    if (home / "complete").exists():
        return
    node = Node.create(home, PASSPHRASE, "Bipindi")  # the default, moderate Argon2id limits
    feed = Feed(node.authority())
    node.adopt(feed.genesis)
    node.receive(feed.first_block())
    blocks = max(0, objects // 101)  # a block and its 100 transactions are 101 objects
    start = time.perf_counter()
    for n, data in enumerate(feed.forum_blocks(blocks, 100)):
        assert node.receive(data).status == "applied"
        if n % 1000 == 999:
            print(f"  … {n + 1} blocks ({time.perf_counter() - start:.0f} s)", file=sys.stderr)
    node.close()
    (home / "complete").write_text("")


def probe(home: Path, key: bytes) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(home), key.hex()],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(result.stdout))


def drop_caches() -> bool:
    """Empties the OS page cache so one run reads the profile from disk (Linux, root only)."""
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--objects", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    big, small = OUT / f"profile-{args.objects}", OUT / "profile-small"
    build(big, args.objects)
    build(small, 0)
    start = time.perf_counter()
    key = profile.unlock_key(big, PASSPHRASE)
    kdf = time.perf_counter() - start
    small_key = profile.unlock_key(small, PASSPHRASE)
    cold = probe(big, key) if drop_caches() else None
    runs = [probe(big, key) for _ in range(args.runs)]
    base = [probe(small, small_key) for _ in range(args.runs)]
    size = sum(f.stat().st_size for f in big.iterdir()) / 1e6
    opened = statistics.median(r["open_status"] for r in runs)
    baseline = statistics.median(r["open_status"] for r in base)
    print(f"profile: {int(runs[0]['objects']):,} objects, {size:.0f} MB on disk")
    print(f"Argon2id key derivation (moderate limits): {kdf:.2f} s")
    print(
        f"open + first status, {int(runs[0]['objects']):,} objects: {opened * 1000:.0f} ms "
        f"(median of {args.runs} fresh processes; goal < 1000 ms)"
    )
    print(f"baseline, a profile of {int(base[0]['objects'])} objects: {baseline * 1000:.0f} ms")
    imports = statistics.median(r["imports"] for r in runs)
    print(f"(Python importing the node's modules, before both: {imports * 1000:.0f} ms)")
    print(f"ratio: {opened / baseline:.2f}")
    if cold is not None:
        print(f"cold page cache (dropped before one run): {cold['open_status'] * 1000:.0f} ms")
    else:
        print("cold page cache: not measured (dropping the cache needs root)")


if __name__ == "__main__":
    main()
