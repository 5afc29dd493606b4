"""A reader of sticks written from docs/spec/stick.md and docs/spec/paper.md alone: cbor2, PyNaCl
and crc32c, none of app/sync's code. tests/test_spec_stick.py runs it over the spec's vectors and
tests/journeys/test_stick_by_the_spec.py over a stick the `obambu` command wrote; where it and
the program disagree, the spec is wrong or the program is."""

from __future__ import annotations

import base64
import hashlib
import re
import struct
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cbor2
import crc32c
import nacl.signing
from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_sign_ed25519_pk_to_curve25519,
    crypto_sign_ed25519_sk_to_curve25519,
)
from nacl.public import PrivateKey, PublicKey, SealedBox

MAX_BODY = 8 * 1024 * 1024 + 16
SEGMENT_NAME = re.compile(r"[0-9A-Za-z_-]{1,64}\.obs")
LARGEST = {"segment": 64 * 1024 * 1024 + 15 + MAX_BODY + 12, "sealed": 4 * 1024 * 1024}


class Refused(Exception):
    """What the spec says a reader refuses."""


# --- paper.md ----------------------------------------------------------------------------------


def paper_seed(text: str) -> bytes:
    folded = unicodedata.normalize("NFKC", text).upper().translate(str.maketrans("018", "OIB"))
    separators = set(" -_.\u2010\u2011\u2012\u2013\u2014\u2212")
    chars = "".join(c for c in folded if not c.isspace() and c not in separators)
    if len(chars) != 56 or not set(chars) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"):
        raise Refused("not a paper backup")
    raw = base64.b32decode(chars)
    if crc24(raw[:32]) != raw[32:]:
        raise Refused("CRC-24")
    return raw[:32]


def crc24(data: bytes) -> bytes:
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc = (crc << 1) ^ (0x1864CFB if crc & 0x800000 else 0)
    return (crc & 0xFFFFFF).to_bytes(3, "big")


# --- the transport key -------------------------------------------------------------------------


def open_sealed_key(sealed: bytes, seed: bytes) -> bytes:
    """crypto_box_seal opened with the X25519 form of an Ed25519 seed."""
    signing = nacl.signing.SigningKey(seed)
    secret = crypto_sign_ed25519_sk_to_curve25519(seed + bytes(signing.verify_key))
    return bytes(SealedBox(PrivateKey(secret)).decrypt(sealed))


def x25519_public(ed25519_public_key: bytes) -> PublicKey:
    return PublicKey(crypto_sign_ed25519_pk_to_curve25519(ed25519_public_key))


def network_tag(network_id: bytes) -> bytes:
    return hashlib.sha256(b"obambu stick\x00" + network_id).digest()[:16]


# --- signed statements (cose-cbor.md) ----------------------------------------------------------


def signed(data: bytes, keys: dict[bytes, bytes], aad: bytes) -> tuple[bytes, dict[str, Any]]:
    """(kid, payload) of a COSE_Sign1 by one of `keys` (kid: public key), checked."""
    item = cbor2.loads(data)
    if not isinstance(item, cbor2.CBORTag) or item.tag != 18:
        raise Refused("not a COSE_Sign1")
    protected, unprotected, payload, signature = item.value
    header = cbor2.loads(protected)
    if header.get(1) not in (-8, -19) or unprotected != {}:
        raise Refused("not the COSE profile")
    kid = header[4]
    if kid not in keys:
        raise Refused("signed by a key this network does not know")
    to_sign = cbor2.dumps(["Signature1", protected, aad, payload])
    nacl.signing.VerifyKey(keys[kid]).verify(to_sign, signature)
    body = cbor2.loads(payload)
    if cbor2.dumps(body, canonical=True) != payload or not isinstance(body, dict):
        raise Refused("not deterministic CBOR")
    return kid, body


# --- segments ----------------------------------------------------------------------------------


@dataclass
class Segment:
    key_epoch: int
    records: list[tuple[int, bytes]] = field(default_factory=list)  # kind, plaintext
    trailer: bytes = b""
    body_hash: bytes = b""
    footer_offset: int = -1


def crc(data: bytes) -> int:
    return int(crc32c.crc32c(data))


def read_segment(data: bytes, network_id: bytes, keys: dict[int, bytes]) -> Segment:
    """Every record of a sound segment; refuses a segment with a single fault (this reader is
    for checking sticks written honestly, so it skips nothing)."""
    if len(data) > LARGEST["segment"]:
        raise Refused("larger than any segment")
    magic, version, _flags, epoch, prefix, tag, check = struct.unpack(">4sHHI16s16sI", data[:48])
    if magic != b"OBS1" or version != 1 or check != crc(data[:44]):
        raise Refused("damaged header")
    if tag != network_tag(network_id):
        raise Refused("foreign")
    key = keys[epoch]
    header_hash = hashlib.sha256(data[:48]).digest()
    out = Segment(epoch)
    pos, expected = 48, 0
    while True:
        mark, kind, index, length, check = struct.unpack(">2sBIII", data[pos : pos + 15])
        body = data[pos + 15 : pos + 15 + length]
        if mark != b"\xc5\xb1" or length > MAX_BODY or len(body) != length:
            raise Refused("frame")
        if check != crc(data[pos : pos + 11] + body) or index != expected:
            raise Refused("record")
        nonce = prefix + index.to_bytes(8, "big")
        ad = header_hash + bytes([kind]) + index.to_bytes(4, "big")
        plain = crypto_aead_xchacha20poly1305_ietf_decrypt(body, ad, nonce, key)
        if kind == 0x7F:
            out.trailer = plain
            out.body_hash = hashlib.sha256(data[:pos]).digest()
            footer_at = pos + 15 + length
            offset, end = struct.unpack(">Q4s", data[footer_at:])
            if end != b"OBSE" or offset != pos:
                raise Refused("footer")
            out.footer_offset = offset
            return out
        if kind not in (1, 2):
            raise Refused("kind")
        out.records.append((kind, plain))
        pos += 15 + length
        expected += 1


def check_trailer(
    segment: Segment, network_id: bytes, feed_keys: dict[bytes, bytes]
) -> dict[str, Any]:
    """The trailer's payload, once it is believed and says what the segment holds."""
    _, body = signed(segment.trailer, feed_keys, network_id)
    if body["v"] != 1 or body["records"] != len(segment.records):
        raise Refused("the trailer counts other records")
    if body["hash"] != segment.body_hash:
        raise Refused("the trailer's hash")
    return body


def own_head(
    heads: dict[bytes, int], feed: bytes, inc: int, trailers: list[tuple[bytes, dict[str, Any]]]
) -> dict[bytes, int]:
    """ "A feed's own head": a beacon's heads, its own feed's raised to the highest seq of that
    feed listed by a believed trailer (signer, payload) it signed at or after its "inc"."""
    own = [
        last
        for signer, body in trailers
        if signer == feed and body["time"] >= inc
        for author, _, last in body["feeds"]
        if bytes(author) == feed
    ]
    if not own or max(own) <= heads.get(feed, -1):
        return heads
    return {**heads, feed: max(own)}


# --- sealed files ------------------------------------------------------------------------------


def open_file(blob: bytes, purpose: bytes, keys: dict[int, bytes]) -> bytes:
    if len(blob) > LARGEST["sealed"] or blob[:4] != b"OBF1" or len(blob) < 48:
        raise Refused("not a sealed file")
    epoch = int.from_bytes(blob[4:8], "big")
    plain = crypto_aead_xchacha20poly1305_ietf_decrypt(
        blob[32:], blob[:8] + purpose, blob[8:32], keys[epoch]
    )
    return bytes(plain)


def beacon_heads(body: dict[str, Any], genesis_feeds: list[bytes]) -> dict[bytes, int]:
    """ "Beacons": the heads a beacon of version 1 or 2 states, feed id: highest seq held; the
    bounds the spec lists are refused."""
    if body.get("v") == 1 and body["v"] is not True:
        heads = {bytes(a): s for a, s in body["heads"]}
        if any(not (len(a) == 8 and 0 <= s < 2**62) for a, s in heads.items()):
            raise Refused("a head out of bounds")
        return heads
    if body.get("v") != 2 or body["v"] is True or not isinstance(body["heads"], bytes):
        raise Refused("not a beacon")
    vector = leb128(body["heads"])
    if len(vector) > len(genesis_feeds) or any(n > 2**62 for n in vector):
        raise Refused("a head vector out of bounds")
    heads = {genesis_feeds[i]: n - 1 for i, n in enumerate(vector) if n > 0}
    ids = [bytes(a) for a, _ in body["others"]]
    if ids != sorted(set(ids)) or set(ids) & set(genesis_feeds):
        raise Refused("others: a feed twice, out of order, or of the genesis")
    for author, seq in body["others"]:
        if len(author) != 8 or not (isinstance(seq, int) and 0 <= seq < 2**62):
            raise Refused("a head out of bounds")
        heads[bytes(author)] = seq
    return heads


def leb128(data: bytes) -> list[int]:
    """Unsigned LEB128 varints, each at most 9 bytes and minimal, the last one finished."""
    out, value, shift, size = [], 0, 0, 0
    for byte in data:
        value, shift, size = value | (byte & 0x7F) << shift, shift + 7, size + 1
        if size > 9:
            raise Refused("a varint longer than 9 bytes")
        if not byte & 0x80:
            if size > 1 and byte == 0:
                raise Refused("a varint not minimal")
            out.append(value)
            value, shift, size = 0, 0, 0
    if size:
        raise Refused("a varint unfinished")
    return out


def beacon_name(network_id: bytes, feed: bytes) -> str:
    return hashlib.sha256(network_tag(network_id) + feed).hexdigest()[:16] + ".obb"


def segment_paths(root: Path) -> list[Path]:
    return sorted(
        (p for p in (root / "seg").glob("*/*.obs") if not p.name.startswith("._")),
        key=lambda p: p.name,
    )


def ranges(feeds: list[list[Any]]) -> set[tuple[bytes, int]]:
    return {(bytes(a), seq) for a, first, last in feeds for seq in range(first, last + 1)}


def assert_sorted(items: list[Any]) -> None:
    if items != sorted(items):
        raise Refused("not sorted")


def name_ok(name: str) -> bool:
    return bool(SEGMENT_NAME.fullmatch(name))


def own_public_key(seed: bytes) -> bytes:
    return bytes(nacl.signing.SigningKey(seed).verify_key)


def kid_of(public_key: bytes) -> bytes:
    return hashlib.sha256(public_key).digest()[:8]


def cose_payload(data: bytes) -> dict[Any, Any]:
    """The payload of a COSE_Sign1, unchecked: to find the key it names before checking it."""
    payload: dict[Any, Any] = cbor2.loads(cbor2.loads(data).value[2])
    return payload


def verify(public_key: bytes, message: bytes, signature: bytes) -> None:
    nacl.signing.VerifyKey(public_key).verify(message, signature)
