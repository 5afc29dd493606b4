"""Applying 100,000 foreign transactions in 1,000 blocks into a fresh store.

Prints the apply rate and, in the same run, the rate of a bare PyNaCl verification loop over
the very same signatures (the floor: every one must be checked), and their ratio. Goal: ≥ 0.7.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import nacl.signing

from app.core.crypto.kdf import INTERACTIVE
from app.core.encoding.cose import parse_sign1, sig_structure
from app.core.ledger.objects import parse_block
from app.core.node.node import Node
from bench.feed import Feed


def signatures(blocks: list[bytes], network_id: bytes) -> list[tuple[bytes, bytes, bytes]]:
    """(public key, signed message, signature) of every block and transaction."""
    out = []
    for data in blocks:
        block = parse_block(data)
        out.append((block.envelope, data))
        for tx in block.txs:
            out.append((parse_sign1(tx), tx))
    return [
        (e.kid or b"", sig_structure(e.protected, network_id, e.payload), e.signature)
        for e, _ in out
    ]


def bare_verify(items: list[tuple[bytes, bytes, bytes]], keys: dict[bytes, bytes]) -> float:
    verify_keys = {kid: nacl.signing.VerifyKey(pk) for kid, pk in keys.items()}
    start = time.perf_counter()
    for kid, message, signature in items:
        verify_keys[kid].verify(message, signature)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--blocks", type=int, default=1000)
    parser.add_argument("--per-block", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        receiver = Node.create(Path(tmp) / "bipindi", "bench", "Bipindi", INTERACTIVE)
        feed = Feed(receiver.authority())
        receiver.adopt(feed.genesis)
        t0 = time.perf_counter()
        receiver.receive(feed.first_block())
        blocks = list(feed.forum_blocks(args.blocks, args.per_block))
        made = time.perf_counter() - t0
        txs = args.blocks * args.per_block
        start = time.perf_counter()
        for data in blocks:
            outcome = receiver.receive(data)
            assert outcome.status == "applied", outcome
        applied = time.perf_counter() - start
        assert receiver.store.counter("posts") == args.blocks * (args.per_block - 1)
        receiver.close()
        keys = {
            feed.node.current.kid: feed.node.current.public_key,
            feed.mayor.current.kid: feed.mayor.current.public_key,
        }
        items = signatures(blocks, feed.network_id)
        bare = bare_verify(items, keys)
    apply_rate = txs / applied
    verify_rate = txs / bare  # the same tx count over the time to check all their signatures
    print(f"generated {txs} signed transactions in {args.blocks} blocks: {made:.1f} s")
    print(
        f"apply: {applied:.2f} s, {apply_rate:,.0f} tx/s "
        f"({len(items):,} signatures: {txs} transactions + {args.blocks} blocks)"
    )
    print(f"bare PyNaCl verify of the same signatures: {bare:.2f} s, {verify_rate:,.0f} tx/s")
    print(f"ratio apply/verify: {apply_rate / verify_rate:.2f} (goal >= 0.70)")


if __name__ == "__main__":
    main()
