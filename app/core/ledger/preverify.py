"""Signature checks made ahead of applying, in another process: what a worker runs.

The verdict on a block still comes from `Ledger` alone, in the main process, against the store
as it stands when the block is applied: which key an actor holds at that point (rotations,
revocations, retired keys, laptops added earlier in the same import) is the ledger's to
decide, and it decides it exactly as when it checks everything itself. A worker only does the
costly arithmetic before that: it decodes each staged block and its transactions and checks
each Ed25519 signature against a candidate key — the key its kid names in a snapshot of the
store's keys taken when the import started, or a key revealed by a transaction seen earlier —
and returns, for each block, the (object id, public key) pairs whose signature verified.

The ledger then takes a worker's word only for the very key it picks itself (`Ledger.signed`):
a pair is the id of the exact bytes received and the key the ledger chose, so a key the
snapshot did not know, a key that changed within the import, a block that does not parse or a
signature that did not verify all fall back to the check in place, with the same refusal or
wait as always. Failures are not returned: the ledger finds them again itself.

No batch verification: every signature is checked alone with libsodium's strict rule, the
rule the specification states (docs/performance.md, "Verification on the other cores").

Spawn-safe: the worker's functions live at module level and import neither Qt nor the store.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from multiprocessing.connection import wait
from typing import Any

from app.core.encoding.cose import CoseError, Sign1, kid_of, verify_sign1
from app.core.errors import Rejected
from app.core.ledger.objects import ID_BYTES, object_id, parse_block, parse_tx

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


def _end_with(parent: int) -> None:
    # A worker whose importer died (killed, a power cut, a crash) must not live on: nothing
    # would ask it anything again, and it would keep the importer's output and files open.
    wait([parent])
    os._exit(0)


def check_blocks(blocks: list[bytes]) -> list[bytes]:
    """What a worker runs on a run of staged blocks: for each, its verified pairs joined."""
    return check(blocks, _keys, _network)


def check(blocks: Iterable[bytes], keys: Mapping[bytes, bytes], network_id: bytes) -> list[bytes]:
    """For each block, the (id, public key) pairs of its block and transaction signatures that
    verify with a candidate key, 64 bytes each, joined: b"" when none does or it does not parse.
    Keys that transactions reveal (a rotation's new key, a member's or laptop's first key) are
    candidates for the blocks after them here, as they would be in the store by then."""
    learned: dict[bytes, bytes] = {}
    return [b"".join(_pairs(data, keys, learned, network_id)) for data in blocks]


def pairs(joined: bytes) -> Iterator[bytes]:
    """The 64-byte pairs of one block's result, as `Ledger.presigned` holds them."""
    for at in range(0, len(joined), PAIR_BYTES):
        yield joined[at : at + PAIR_BYTES]


def _pairs(
    data: bytes, keys: Mapping[bytes, bytes], learned: dict[bytes, bytes], network_id: bytes
) -> Iterator[bytes]:
    try:
        block = parse_block(data)
    except Rejected:
        return
    if _verifies(block.envelope, block.kid, keys, learned, network_id):
        yield block.id + _key(block.kid, keys, learned)
    for raw in block.txs:
        try:
            tx = parse_tx(raw)
        except Rejected:
            continue
        _learn(tx.body, learned)
        if _verifies(tx.envelope, tx.kid, keys, learned, network_id):
            yield object_id(raw) + _key(tx.kid, keys, learned)


def _key(kid: bytes, keys: Mapping[bytes, bytes], learned: Mapping[bytes, bytes]) -> bytes:
    return keys.get(kid) or learned.get(kid) or b""


def _verifies(
    envelope: Sign1,
    kid: bytes,
    keys: Mapping[bytes, bytes],
    learned: Mapping[bytes, bytes],
    network_id: bytes,
) -> bool:
    public_key = _key(kid, keys, learned)
    if len(public_key) != KEY_BYTES:
        return False
    try:
        verify_sign1(envelope, public_key, network_id)
    except CoseError:
        return False
    return True


def _learn(body: Mapping[str, Any], learned: dict[bytes, bytes]) -> None:
    # Any 32-byte value may be a key a later transaction signs with; only its kid can tell,
    # and a wrong guess costs nothing: the ledger takes a pair only for the key it picks.
    for value in body.values():
        if isinstance(value, bytes) and len(value) == KEY_BYTES:
            learned.setdefault(kid_of(value), value)
