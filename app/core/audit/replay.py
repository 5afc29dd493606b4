"""A fresh ledger in a throw-away database: the genesis and the given blocks applied from
scratch with the ledger's own verification (signatures, keys proven from the genesis,
chain links, epochs, every rule), nothing read from the profile's derived tables."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import Rejected
from app.core.ledger.ledger import Ledger
from app.core.ledger.objects import object_id, parse_block, parse_genesis
from app.core.node import registry
from app.core.store.store import Store


@dataclass(frozen=True)
class Replayed:
    ledger: Ledger
    network_id: bytes
    blocks: int


@contextmanager
def replay(genesis: bytes, blocks: Iterable[bytes]) -> Iterator[Replayed]:
    """Applies every block to a new ledger started from `genesis`, in any order (a block
    waits for its parents), and raises Rejected at the first one that does not check."""
    with tempfile.TemporaryDirectory(prefix="obambu-audit-") as folder:
        # A random key: the scratch database is encrypted like a profile, and thrown away.
        store = Store.open(Path(folder) / "replay.db", secrets.token_bytes(32), create=True)
        try:
            parsed = parse_genesis(genesis)
            ledger = Ledger(store, parsed.id, registry.RULES)
            with store.transaction():
                ledger.apply_genesis(parsed)
            for data in causal_order(blocks):
                outcome = ledger.receive(data)
                if outcome.status not in ("applied", "known", "waiting"):
                    raise Rejected(
                        "audit_block_refused",
                        f"Block {outcome.id.hex()} does not check: {outcome.detail}",
                        params={"block": outcome.id.hex(), "detail": outcome.detail},
                    )
            # A block that waited for its parents is judged when they arrive, inside receive():
            # one refused then is only in the scratch quarantine, never in an outcome above.
            refused = store.one("SELECT id, detail FROM quarantine ORDER BY id LIMIT 1")
            if refused is not None:
                block, detail = bytes(refused[0]).hex(), str(refused[1])
                raise Rejected(
                    "audit_block_refused",
                    f"Block {block} does not check: {detail}",
                    params={"block": block, "detail": detail},
                )
            left = store.value("SELECT count(*) FROM waiting")
            if left:
                raise Rejected(
                    "audit_block_missing",
                    f"{left} block(s) lack a block they build on: the set is incomplete.",
                )
            applied = int(store.value("SELECT count(*) FROM blocks"))
            yield Replayed(ledger, parsed.id, applied)
        finally:
            store.close()


def causal_order(blocks: Iterable[bytes]) -> list[bytes]:
    """The blocks with each after its `prev` and `refs`: every block is then judged the moment
    it is given, with its whole past applied. In another order a valid block could be judged
    too early and set aside during a retry — a commune's first block under a new node key
    before the block that proposes that key — and the check would depend on the order of the
    files (tests/journeys/test_reference_verifier_keys.py found it).
    A block that does not parse, or whose parents are absent, keeps its place: the ledger
    refuses it, or leaves it waiting (audit_block_missing)."""
    given = list(blocks)
    parents: dict[bytes, list[bytes]] = {}
    for data in given:
        try:
            block = parse_block(data)
        except Rejected:
            continue
        parents[block.id] = ([block.prev] if block.prev else []) + list(block.refs)
    ordered: list[bytes] = []
    done: set[bytes] = set()
    by_id = {object_id(data): data for data in given}
    for data in given:
        stack = [(object_id(data), False)]
        while stack:  # depth first, without recursion: a feed may be thousands of blocks long
            block_id, expanded = stack.pop()
            if block_id in done or block_id not in by_id:
                continue
            if expanded:
                done.add(block_id)
                ordered.append(by_id[block_id])
                continue
            stack.append((block_id, True))
            stack.extend((p, False) for p in reversed(parents.get(block_id, [])) if p not in done)
    return ordered
