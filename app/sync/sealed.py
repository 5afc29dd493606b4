"""Small encrypted files on a stick (beacons, the index): XChaCha20-Poly1305 under the
network's transport key, so a lost stick shows only sizes."""

from __future__ import annotations

import hashlib
import struct

import nacl.utils
from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
)
from nacl.exceptions import CryptoError

MAGIC = b"OBF1"
NONCE_BYTES = 24
TAG_BYTES = 16  # the AEAD's authentication tag
_HEAD = struct.Struct(">4sI")  # magic, key epoch


class Unreadable(Exception):
    """The file is damaged, or encrypted under a key we do not hold."""


def network_tag(network_id: bytes) -> bytes:
    """What a stick says of its network: enough to refuse another one, nothing more."""
    return hashlib.sha256(b"obambu stick\x00" + network_id).digest()[:16]


def seal(data: bytes, key: bytes, epoch: int, purpose: bytes, nonce: bytes | None = None) -> bytes:
    """`nonce`: fresh random bytes unless given (docs/spec/stick.md's vectors); never reuse one
    under the same key."""
    head = _HEAD.pack(MAGIC, epoch)
    nonce = nacl.utils.random(NONCE_BYTES) if nonce is None else nonce
    if len(nonce) != NONCE_BYTES:
        raise ValueError("a nonce is 24 bytes")
    body = crypto_aead_xchacha20poly1305_ietf_encrypt(data, head + purpose, nonce, key)
    return head + nonce + body


def key_epoch(blob: bytes) -> int:
    if len(blob) < _HEAD.size or blob[:4] != MAGIC:
        raise Unreadable("not an Obambu file")
    return int(_HEAD.unpack_from(blob)[1])


def open_(blob: bytes, key: bytes, purpose: bytes) -> bytes:
    """The plaintext; `purpose` must match the one sealed with (a beacon is not an index)."""
    key_epoch(blob)
    if len(blob) < _HEAD.size + NONCE_BYTES + TAG_BYTES:
        raise Unreadable("too short to be sealed")
    head, nonce = blob[: _HEAD.size], blob[_HEAD.size : _HEAD.size + NONCE_BYTES]
    try:
        return bytes(
            crypto_aead_xchacha20poly1305_ietf_decrypt(
                blob[_HEAD.size + NONCE_BYTES :], head + purpose, nonce, key
            )
        )
    except CryptoError as exc:
        raise Unreadable("damaged or under another key") from exc
