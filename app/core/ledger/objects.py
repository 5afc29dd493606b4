"""The signed objects of the ledger: genesis, blocks and transactions.

Each is a tagged COSE_Sign1 whose payload is a map in the strict CBOR profile. Parsing checks
the shape of every field; whether the signer may say what it says is the ledger's business.
Ids are SHA-256 of the exact bytes received, never of a re-encoding.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Set
from dataclasses import dataclass
from typing import Any, NamedTuple

from app.core.crypto.keys import KeyPair
from app.core.encoding import cbor
from app.core.encoding.cose import CoseError, Sign1, parse_sign1, sign1
from app.core.errors import Rejected
from app.core.ledger.txtypes import (
    B_AUTHOR,
    B_EPOCH,
    B_PREV,
    B_REFS,
    B_SEQ,
    B_TIME,
    B_TXS,
    B_VERSION,
    FORMAT_VERSION,
    G_AUTHORITIES,
    G_NAME,
    G_TIME,
    G_TRANSPORT,
    G_VERSION,
    LATEST_TIME,
    MAX_BLOCK_BYTES,
    MAX_REFS,
    MAX_TX_BYTES,
    MAX_TXS_PER_BLOCK,
    PRIORITIES,
    T_ACTOR,
    T_ASEQ,
    T_BODY,
    T_PRIO,
    T_TIME,
    T_TTL,
    T_TYPE,
    TxType,
)

ID_BYTES = 32
KID_BYTES = 8
SEALED_KEY_BYTES = 32 + 48  # a 32-byte key in a crypto_box_seal
STORED_INT_MAX = 2**63 - 1  # the store's integers are SQLite's: 64-bit, signed
Body = dict[str, Any]


def object_id(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


_sha256 = hashlib.sha256


@dataclass(frozen=True, slots=True)
class Authority:
    commune: bytes
    name: str
    public_key: bytes
    next_digest: bytes

    def to_cbor(self) -> list[Any]:
        return [self.commune, self.name, self.public_key, self.next_digest]

    @classmethod
    def from_cbor(cls, item: Any) -> Authority:
        if not (isinstance(item, list) and len(item) == 4):
            raise _malformed("an authority is [commune, name, public key, next digest]")
        commune, name, public_key, digest = item
        _need_bytes(commune, KID_BYTES, "commune id")
        _need_text(name, 1, 80, "commune name")
        _need_bytes(public_key, 32, "public key")
        _need_bytes(digest, 32, "next key digest")
        return cls(commune, name, public_key, digest)


@dataclass(frozen=True, slots=True)
class Genesis:
    id: bytes
    data: bytes
    envelope: Sign1
    name: str
    time: int
    authorities: list[Authority]
    transport: list[bytes]  # the key-epoch-0 transport key, sealed to each authority in turn


class Tx(NamedTuple):
    """A parsed transaction. A named tuple rather than a frozen dataclass: as immutable, and
    made in C, where a frozen dataclass's `__init__` calls `object.__setattr__` once a field:
    about a sixth of parsing a transaction (issue 21, docs/performance.md)."""

    id: bytes
    data: bytes
    envelope: Sign1
    type: int
    actor: bytes
    aseq: int
    prio: int
    ttl: int
    time: int
    body: Body

    @property
    def kid(self) -> bytes:
        return self.envelope.kid or b""


@dataclass(frozen=True, slots=True)
class Block:
    id: bytes
    data: bytes
    envelope: Sign1
    author: bytes
    seq: int
    prev: bytes | None
    refs: list[bytes]
    epoch: int
    time: int
    txs: list[bytes]

    @property
    def kid(self) -> bytes:
        return self.envelope.kid or b""


# --- making ---------------------------------------------------------------------------------


def make_genesis(
    key: KeyPair, name: str, time: int, authorities: list[Authority], transport: list[bytes]
) -> bytes:
    payload = {
        G_VERSION: FORMAT_VERSION,
        G_NAME: name,
        G_TIME: time,
        G_AUTHORITIES: [a.to_cbor() for a in authorities],
        G_TRANSPORT: transport,
    }
    # Genesis has no network id yet: it defines it, so its signature carries no external aad.
    return sign1(cbor.encode(payload), key.signing_key, b"")


def make_tx(
    key: KeyPair,
    network_id: bytes,
    *,
    type: TxType,
    actor: bytes,
    aseq: int,
    body: Body,
    prio: int = 2,
    ttl: int = 0,
    time: int,
) -> bytes:
    payload = {
        T_TYPE: int(type),
        T_ACTOR: actor,
        T_ASEQ: aseq,
        T_PRIO: prio,
        T_TTL: ttl,
        T_TIME: time,
        T_BODY: body,
    }
    return sign1(cbor.encode(payload), key.signing_key, network_id)


def make_block(
    key: KeyPair,
    network_id: bytes,
    *,
    author: bytes,
    seq: int,
    prev: bytes | None,
    refs: list[bytes],
    epoch: int,
    time: int,
    txs: list[bytes],
) -> bytes:
    payload = {
        B_VERSION: FORMAT_VERSION,
        B_AUTHOR: author,
        B_SEQ: seq,
        B_PREV: prev,
        B_REFS: sorted(refs),
        B_EPOCH: epoch,
        B_TIME: time,
        B_TXS: txs,
    }
    return sign1(cbor.encode(payload), key.signing_key, network_id)


# --- parsing --------------------------------------------------------------------------------


def parse_genesis(data: bytes) -> Genesis:
    envelope, payload = _open(data, MAX_TX_BYTES)
    _need_keys(payload, {G_VERSION, G_NAME, G_TIME, G_AUTHORITIES, G_TRANSPORT}, set(), "genesis")
    _need_version(payload[G_VERSION])
    _need_text(payload[G_NAME], 1, 80, "network name")
    _need_int(payload[G_TIME], "time", maximum=LATEST_TIME)
    items = payload[G_AUTHORITIES]
    if not (isinstance(items, list) and 1 <= len(items) <= MAX_REFS):
        raise _malformed("genesis names between 1 and 1024 authorities")
    authorities = [Authority.from_cbor(item) for item in items]
    if len({a.commune for a in authorities}) != len(authorities):
        raise _malformed("genesis names a commune twice")
    transport = need_sealed_keys(payload[G_TRANSPORT], len(authorities))
    return Genesis(
        object_id(data), data, envelope, payload[G_NAME], payload[G_TIME], authorities, transport
    )


def parse_tx(data: bytes) -> Tx:
    envelope, payload = _open(data, MAX_TX_BYTES)
    # The usual transaction, accepted in one test: every value of the exact type and in range.
    # It accepts only what `_checked_tx` accepts, with the same values; anything else goes
    # there, which accepts it or names the first field that is wrong, as it always did. (Its
    # seven calls were a tenth of parsing a transaction: docs/performance.md, issue 21.)
    if payload.keys() == _TX_KEYS:
        kind, actor, aseq = payload[T_TYPE], payload[T_ACTOR], payload[T_ASEQ]
        prio, ttl, time, body = payload[T_PRIO], payload[T_TTL], payload[T_TIME], payload[T_BODY]
        if (
            type(kind) is int
            and kind in _TX_TYPES
            and type(actor) is bytes
            and len(actor) == KID_BYTES
            and type(aseq) is int
            and 1 <= aseq <= STORED_INT_MAX
            and prio in PRIORITIES
            and type(ttl) is int
            and 0 <= ttl <= STORED_INT_MAX
            and type(time) is int
            and 0 <= time <= LATEST_TIME
            and type(body) is dict
        ):
            for key in body:  # a loop, not all(): a call costs more than a short body's keys
                if type(key) is not str:
                    break
            else:
                oid = _sha256(data).digest()  # object_id(data), without the call
                return Tx(oid, data, envelope, kind, actor, aseq, prio, ttl, time, body)
    return _checked_tx(data, envelope, payload)


def _checked_tx(data: bytes, envelope: Sign1, payload: dict[Any, Any]) -> Tx:
    """A transaction's fields checked one by one: the first that is wrong is refused."""
    _need_keys(payload, _TX_KEYS, _NONE, "tx")
    kind = _need_int(payload[T_TYPE], "type")
    if kind not in _TX_TYPES:
        raise Rejected("unknown_type", f"Transaction type {kind!r} is not known to this version.")
    _need_bytes(payload[T_ACTOR], KID_BYTES, "actor")
    aseq = _need_int(payload[T_ASEQ], "actor sequence", minimum=1)
    if payload[T_PRIO] not in PRIORITIES:
        raise _malformed("priority must be 0, 1, 2 or 3")
    ttl = _need_int(payload[T_TTL], "ttl")
    time = _need_int(payload[T_TIME], "time", maximum=LATEST_TIME)
    body = payload[T_BODY]
    if not isinstance(body, dict) or any(not isinstance(k, str) for k in body):
        raise _malformed("a transaction body is a map with text keys")
    return Tx(
        object_id(data),
        data,
        envelope,
        kind,
        payload[T_ACTOR],
        aseq,
        payload[T_PRIO],
        ttl,
        time,
        body,
    )


def parse_block(data: bytes) -> Block:
    envelope, payload = _open(data, MAX_BLOCK_BYTES)
    _need_keys(payload, _BLOCK_KEYS, _NONE, "block")
    _need_version(payload[B_VERSION])
    author = payload[B_AUTHOR]
    _need_bytes(author, KID_BYTES, "author")
    seq = _need_int(payload[B_SEQ], "seq")
    prev = payload[B_PREV]
    if seq == 0:
        if prev is not None:
            raise _malformed("the first block of a feed has no previous block")
    else:
        _need_bytes(prev, ID_BYTES, "previous block")
    refs = payload[B_REFS]
    if not (isinstance(refs, list) and len(refs) <= MAX_REFS):
        raise _malformed("refs must be a list of at most 1024 block ids")
    for ref in refs:
        _need_bytes(ref, ID_BYTES, "ref")
    if any(a >= b for a, b in itertools.pairwise(refs)):
        raise _malformed("refs must be sorted and distinct")
    epoch = _need_int(payload[B_EPOCH], "epoch")
    time = _need_int(payload[B_TIME], "time", maximum=LATEST_TIME)
    txs = payload[B_TXS]
    if not (isinstance(txs, list) and len(txs) <= MAX_TXS_PER_BLOCK):
        raise _malformed("a block holds at most 1000 transactions")
    for tx in txs:
        if not isinstance(tx, bytes):
            raise _malformed("transactions are carried as byte strings")
    return Block(object_id(data), data, envelope, author, seq, prev, refs, epoch, time, txs)


def _open(data: bytes, limit: int) -> tuple[Sign1, dict[Any, Any]]:
    if len(data) > limit:
        raise Rejected("oversized", f"The object is {len(data)} bytes; the limit is {limit}.")
    try:
        envelope = parse_sign1(data, strict=True)
        payload = cbor.decode(envelope.payload)
    except (CoseError, cbor.CanonicalError) as exc:
        raise Rejected("malformed", f"The object is not in the canonical format: {exc}.") from exc
    if not isinstance(payload, dict):
        raise _malformed("the payload must be a map")
    return envelope, payload


_TX_TYPES = {int(t) for t in TxType}
_TX_KEYS = frozenset({T_TYPE, T_ACTOR, T_ASEQ, T_PRIO, T_TTL, T_TIME, T_BODY})
_BLOCK_KEYS = frozenset({B_VERSION, B_AUTHOR, B_SEQ, B_PREV, B_REFS, B_EPOCH, B_TIME, B_TXS})
_NONE: frozenset[Any] = frozenset()


def need_sealed_keys(value: Any, count: int) -> list[bytes]:
    """A transport key sealed to each of `count` authorities: 80 bytes each, in their order."""
    if not (
        isinstance(value, list)
        and len(value) == count
        and all(isinstance(box, bytes) and len(box) == SEALED_KEY_BYTES for box in value)
    ):
        raise _malformed("the transport key must be sealed once to each authority")
    return value


def _malformed(what: str) -> Rejected:
    return Rejected("malformed", f"The object is malformed: {what}.")


def _need_keys(payload: dict[Any, Any], required: Set[Any], optional: Set[Any], what: str) -> None:
    if not optional and payload.keys() == required:
        return  # exactly the required fields: the usual case, one comparison
    keys = set(payload)
    if not required <= keys or keys - required - optional:
        raise _malformed(f"the {what} fields are not the expected ones")


def _need_version(value: Any) -> None:
    if value != FORMAT_VERSION:
        raise Rejected("unsupported_version", f"Format version {value!r} is not supported.")


def _need_bytes(value: Any, size: int, what: str) -> None:
    if not (isinstance(value, bytes) and len(value) == size):
        raise _malformed(f"{what} must be {size} bytes")


def _need_int(value: Any, what: str, minimum: int = 0, maximum: int = STORED_INT_MAX) -> int:
    if type(value) is int and minimum <= value <= maximum:
        return value  # the usual case; a bool is not of type int
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise _malformed(f"{what} must be an integer from {minimum} to {maximum}")
    return value


def _need_text(value: Any, shortest: int, longest: int, what: str) -> None:
    if not (isinstance(value, str) and shortest <= len(value) <= longest):
        raise _malformed(f"{what} must be text of {shortest} to {longest} characters")
