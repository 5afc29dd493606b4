"""Signature checks made ahead of applying, in another process: what a worker runs.

The verdict on a block still comes from `Ledger` alone, in the main process, against the store
as it stands when the block is applied: which key an actor holds at that point (rotations,
revocations, retired keys, laptops added earlier in the same import) is the ledger's to
decide, and it decides it exactly as when it checks everything itself. A worker only does the
costly arithmetic before that: it decodes each staged block and the envelope of each of its
transactions and checks each Ed25519 signature against a candidate key — the key its kid
names in a snapshot of the store's keys taken when the import started, or a key revealed in
a transaction of the same run of blocks — and returns, for each block, the (object id, public
key) pairs whose signature verified.

The ledger then takes a worker's word only for the very key it picks itself (`Ledger.signed`):
a pair is the id of the exact bytes received and the key the ledger chose, so a key the
snapshot did not know, a key that changed within the import, a block that does not parse or a
signature that did not verify all fall back to the check in place, with the same refusal or
wait as always. Failures are not returned: the ledger finds them again itself.

No batch verification: every signature is checked alone with libsodium's strict rule, the
rule the specification states (docs/spec/cose-cbor.md; docs/performance.md, "Verification on
the other cores").

Spawn-safe: the worker's functions live at module level and import neither Qt nor the store.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import types
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from multiprocessing.connection import wait

from app.core.encoding.cose import CoseError, Sign1, kid_of, parse_sign1, verify_sign1
from app.core.errors import Rejected
from app.core.ledger.objects import ID_BYTES, object_id, parse_block

PAIR_BYTES = 2 * ID_BYTES  # an object id and the 32-byte public key its signature verified with
KEY_BYTES = 32

# The worker's state, set once per process by `start` (the pool's initializer).
_keys: dict[bytes, bytes] = {}
_network: bytes = b""


def start(keys: Mapping[bytes, bytes], network_id: bytes) -> None:
    """A worker's initializer: the store's keys (kid -> public key) as the import starts."""
    global _network
    _keys.clear()
    _keys.update(keys)
    _network = network_id
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent.sentinel,), daemon=True).start()


@contextmanager
def spawning() -> Iterator[None]:
    """Worker processes spawned inside this block import what they run (this module), not the
    program's main module too: a spawned process runs the parent's main module again (as
    `__mp_main__`) unless there is none, and `obambu`'s, the window's or a benchmark's pulls
    in most of the program — 0.43 s of a worker's CPU against 0.15 s for this module alone
    (docs/performance.md, "The applying process, leaner"). Nothing a worker is sent lives in
    the main module. The stand-in is in place only while the processes start (this thread);
    a process the pool starts later imports the main module as before: slower, not wrong."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _end_with(parent: int) -> None:
    # A worker whose importer died (killed, a power cut, a crash) must not live on: nothing
    # would ask it anything again, and it would keep the importer's output and files open.
    wait([parent])
    os._exit(0)


def check_blocks(blocks: list[bytes], gained: Mapping[bytes, bytes] | None = None) -> list[bytes]:
    """What a worker runs on a run of staged blocks: for each, its verified pairs joined.
    `gained`: keys the store took since the snapshot (blocks applied earlier in the import
    revealed them), kept as candidates for this run and the next."""
    if gained:
        _keys.update(gained)
    return check(blocks, _keys, _network)


def check(blocks: Iterable[bytes], keys: Mapping[bytes, bytes], network_id: bytes) -> list[bytes]:
    """For each block, the (id, public key) pairs of its block and transaction signatures that
    verify with a candidate key, 64 bytes each, joined: b"" when none does or it does not parse.
    Keys that transactions reveal (a rotation's new key, a member's or laptop's first key) are
    candidates for themselves and the blocks after them here, as they would be in the store."""
    candidates = _Candidates(keys)
    return [b"".join(_pairs(data, candidates, network_id)) for data in blocks]


def pairs(joined: bytes) -> Iterator[bytes]:
    """The 64-byte pairs of one block's result, as `Ledger.presigned` holds them."""
    for at in range(0, len(joined), PAIR_BYTES):
        yield joined[at : at + PAIR_BYTES]


def _pairs(data: bytes, candidates: _Candidates, network_id: bytes) -> Iterator[bytes]:
    try:
        block = parse_block(data)
    except Rejected:
        return
    for raw in block.txs:
        candidates.seen.append(raw)
    public_key = candidates.key(block.kid)
    if _verifies(block.envelope, public_key, network_id):
        yield block.id + public_key
    for raw in block.txs:
        # Only the envelope: what the payload says is the ledger's to check, and decoding it
        # here would cost the worker more than the process that applies spends on it.
        try:
            envelope = parse_sign1(raw, strict=True)
        except CoseError:
            continue
        public_key = candidates.key(envelope.kid or b"")
        if _verifies(envelope, public_key, network_id):
            yield object_id(raw) + public_key


class _Candidates:
    """The key a kid names: the store's snapshot, else a key revealed in a transaction seen in
    this run of blocks (looked for only when a kid is unknown, each transaction read once)."""

    def __init__(self, keys: Mapping[bytes, bytes]) -> None:
        self.keys = keys
        self.learned: dict[bytes, bytes] = {}
        self.seen: list[bytes] = []  # transactions of this run, in order
        self.read = 0  # how many of them were searched for keys

    def key(self, kid: bytes) -> bytes:
        found = self.keys.get(kid) or self.learned.get(kid)
        while found is None and self.read < len(self.seen):
            self._learn(self.seen[self.read])
            self.read += 1
            found = self.learned.get(kid)
        return found or b""

    def _learn(self, raw: bytes) -> None:
        # Every 32-byte byte string in it (CBOR head 58 20) may be a key a transaction signs
        # with; only its kid can tell, and a wrong guess costs nothing: the ledger takes a pair
        # only for the key it picks itself.
        at = raw.find(_BSTR32)
        while at >= 0:
            value = raw[at + 2 : at + 2 + KEY_BYTES]
            if len(value) == KEY_BYTES:
                self.learned.setdefault(kid_of(value), value)
            at = raw.find(_BSTR32, at + 1)


_BSTR32 = b"\x58\x20"


def _verifies(envelope: Sign1, public_key: bytes, network_id: bytes) -> bool:
    if len(public_key) != KEY_BYTES:
        return False
    try:
        verify_sign1(envelope, public_key, network_id)
    except CoseError:
        return False
    return True
