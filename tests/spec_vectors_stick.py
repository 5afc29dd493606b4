"""The test vectors of docs/spec/stick.md and docs/spec/paper.md, made by the program's own
writers (segment.SegmentWriter, sealed.seal, Stick.claim, paper.seed_to_text) from fixed keys,
nonces and times: what a stick written by the founder of chain.md would hold.

The randomness of each format is taken as a parameter here: the segment's nonce prefix, the
sealed file's nonce, and the ephemeral X25519 key of the sealed transport key (libsodium's
`crypto_box_seal` draws it itself, so that one vector is built from its definition and
tests/test_spec_stick.py checks that libsodium opens it).
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from nacl.bindings import (
    crypto_box,
    crypto_scalarmult_base,
    crypto_sign_ed25519_pk_to_curve25519,
)

from app.core.crypto import paper
from app.core.crypto.keys import KeyPair
from app.core.encoding import cbor
from app.core.encoding.cose import sign1
from app.sync import beacon as beacons
from app.sync import sealed, segment
from app.sync.stick import Stick

TRANSPORT_KEY = bytes(range(0x40, 0x60))  # 40 41 … 5f
NONCE_PREFIX = bytes(range(0x60, 0x70))  # 60 61 … 6f: the segment's
BEACON_NONCE = bytes(range(0x70, 0x88))  # 70 71 … 87: the beacon file's
EPHEMERAL = bytes(range(0x88, 0xA8))  # 88 89 … a7: the sealed box's ephemeral X25519 secret
SEGMENT_NAME = "019b76dc7cc0-01020304.obs"  # written at TIME + 120 s, in seg/202601/
V2_NONCE = bytes(range(0xB0, 0xC8))  # b0 b1 … c7: the version 2 beacon file's
FURTHER = bytes(range(0xA0, 0xA8))  # a0 a1 … a7: a feed not in the genesis (a further laptop's)


def vectors(founder: KeyPair, network_id: bytes, block: bytes, time: int) -> dict[str, bytes | str]:
    """The stick's vectors by name (bytes, written in hex; or text): `block` (chain.md's) in a
    segment written by `founder`'s laptop under key epoch 0, its trailer, its beacon, the sealed
    transport key, the founder's paper backup."""
    commune = founder.kid
    with tempfile.TemporaryDirectory() as folder:
        stick = Stick.at(Path(folder), create=True)
        stick.claim(network_id)
        network_file = (stick.root / "NETWORK").read_bytes()
        path = Path(folder) / SEGMENT_NAME
        writer = segment.SegmentWriter(path, network_id, 0, TRANSPORT_KEY, NONCE_PREFIX)
        writer.add(segment.BLOCK, block)
        trailer: dict[str, bytes] = {}

        def sign_trailer(body_hash: bytes, records: int) -> bytes:
            payload = cbor.encode(
                {
                    "v": 1,
                    "time": time + 120,
                    "records": records,
                    "hash": body_hash,
                    "feeds": [[commune, 0, 0]],
                    "chunks": [],
                    "evidence": [],
                }
            )
            trailer["payload"] = payload
            trailer["signed"] = sign1(payload, founder.signing_key, network_id)
            return trailer["signed"]

        writer.finish(sign_trailer)
        data = path.read_bytes()
    header = data[: segment.HEADER_BYTES]
    first = segment.HEADER_BYTES + segment.FRAME_BYTES
    record_body = data[first : first + len(block) + segment.TAG_BYTES]
    beacon_payload = cbor.encode(
        {
            "v": 1,
            "bseq": 1,
            "time": time + 120,
            "heads": [[commune, 0]],
            "chunks": 0,
            "seen": [SEGMENT_NAME],
            "keys": 0,
            "inc": 0,
        }
    )
    beacon = sign1(beacon_payload, founder.signing_key, network_id)
    # Version 2, by the program's own builder: the founder's feed (the genesis' only one) at
    # seq 299, so its varint takes two bytes; a further feed at seq 4.
    v2_body = beacons.payload(2, time + 180, {commune: 299, FURTHER: 4}, 0, [], 0, 0, [commune])
    v2_payload = cbor.encode(v2_body)
    v2 = sign1(v2_payload, founder.signing_key, network_id)
    tag = sealed.network_tag(network_id)
    return {
        "stick.network-tag": tag,
        "stick.network-file": network_file,
        "stick.beacon-name": hashlib.sha256(tag + commune).hexdigest()[:16] + ".obb",
        "transport.key": TRANSPORT_KEY,
        "transport.sealed": seal_to(TRANSPORT_KEY, founder.public_key, EPHEMERAL),
        "segment": data,
        "segment.header": header,
        "segment.record-ad": hashlib.sha256(header).digest() + bytes([segment.BLOCK]) + bytes(4),
        "segment.record-body": record_body,
        "segment.trailer": trailer["signed"],
        "segment.trailer.payload": trailer["payload"],
        "beacon": beacon,
        "beacon.payload": beacon_payload,
        "beacon.file": sealed.seal(beacon, TRANSPORT_KEY, 0, b"beacon", BEACON_NONCE),
        "beacon-v2": v2,
        "beacon-v2.payload": v2_payload,
        "beacon-v2.file": sealed.seal(v2, TRANSPORT_KEY, 0, b"beacon", V2_NONCE),
        "paper.text": paper.seed_to_text(founder.seed),
    }


def seal_to(message: bytes, ed25519_public_key: bytes, ephemeral_secret: bytes) -> bytes:
    """libsodium's crypto_box_seal with a given ephemeral secret: epk | crypto_box(message,
    nonce = BLAKE2b-192(epk | rpk), rpk, esk), rpk the X25519 form of the Ed25519 key."""
    recipient = crypto_sign_ed25519_pk_to_curve25519(ed25519_public_key)
    ephemeral = crypto_scalarmult_base(ephemeral_secret)
    nonce = hashlib.blake2b(ephemeral + recipient, digest_size=24).digest()
    return ephemeral + crypto_box(message, nonce, recipient, ephemeral_secret)
