"""Looking up an attestation by document hash with 100,000 attestations in the store.

The store is filled through the real apply path (signed ATTEST transactions in blocks). The
lookup is what `attest verify --file` does: hash the document, find its attestation. Baseline:
the same rows and index in a plain, unencrypted SQLite file, measured in the same run.
Goal: p99 under 1 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.core.attestations import certificates
from app.core.crypto.kdf import INTERACTIVE
from app.core.node.node import Node
from bench.feed import Feed, document_hash


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]


def timed(lookup: Callable[[int], object], indices: list[int]) -> list[float]:
    out = []
    for index in indices:
        start = time.perf_counter()
        lookup(index)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attestations", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=10_000)
    args = parser.parse_args()
    blocks = args.attestations // 100
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        node = Node.create(Path(tmp) / "b", "bench", "Bipindi", INTERACTIVE)
        feed = Feed(node.authority())
        node.adopt(feed.genesis)
        node.receive(feed.first_block())
        start = time.perf_counter()
        for data in feed.attestation_blocks(blocks, 100):
            assert node.receive(data).status == "applied"
        filled = time.perf_counter() - start
        assert node.store.counter("attestations") == blocks * 100

        plain = sqlite3.connect(Path(tmp) / "plain.db")
        plain.execute("CREATE TABLE attestations (doc_hash BLOB, issued INT, data BLOB)")
        plain.execute("CREATE INDEX attestations_doc ON attestations (doc_hash)")
        plain.executemany(
            "INSERT INTO attestations VALUES (?, ?, ?)",
            node.store.all("SELECT doc_hash, issued, data FROM attestations"),
        )
        plain.commit()

        rng = random.Random(1)
        indices = [rng.randrange(blocks * 100) for _ in range(args.lookups)]
        documents = {i: f"document {i}".encode() for i in indices}
        assert document_hash(indices[0]) == hashlib.sha256(documents[indices[0]]).digest()

        def ours(i: int) -> object:
            return certificates.find_by_document(node, documents[i])

        def baseline(i: int) -> object:
            digest = document_hash(i)
            return plain.execute(
                "SELECT data FROM attestations WHERE doc_hash = ? ORDER BY issued DESC LIMIT 1",
                (digest,),
            ).fetchone()

        timed(ours, indices[:500])  # warm both caches alike
        timed(baseline, indices[:500])
        p50, p99 = percentiles(timed(ours, indices))
        b50, b99 = percentiles(timed(baseline, indices))
        node.close()
        plain.close()
    print(f"filled {blocks * 100:,} attestations through the apply path in {filled:.1f} s")
    print(
        f"lookup by document hash (SQLCipher): p50 {p50:.3f} ms, p99 {p99:.3f} ms (goal p99 < 1 ms)"
    )
    print(f"baseline (plain SQLite, same rows): p50 {b50:.3f} ms, p99 {b99:.3f} ms")
    print(f"ratio p99 ours/baseline: {p99 / b99:.2f}")


if __name__ == "__main__":
    main()
