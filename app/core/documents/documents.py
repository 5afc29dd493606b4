"""Documents: chunked, encrypted with XChaCha20-Poly1305, addressed by hash.

The document key is sealed to each recipient commune's node key (converted to X25519) and to its
further laptops' keys, so the communes and relays that only carry a document see ciphertext and
sizes, nothing more.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

import nacl.public
import nacl.signing
import nacl.utils
from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
)
from nacl.exceptions import CryptoError

from app.core.errors import Rejected

CHUNK_BYTES = 64 * 1024
# 1,024 chunk ids (34 bytes each in CBOR) fill about half of a 64 KiB transaction; the rest is
# left for the name, tags and one sealed key per reader (about 250: communes and their laptops).
MAX_DOCUMENT_BYTES = 1024 * CHUNK_BYTES
NONCE_BYTES = 24
KEY_BYTES = 32


@dataclass(frozen=True)
class Encrypted:
    key: bytes
    sha256: bytes
    size: int
    chunks: list[tuple[bytes, bytes]]  # (id, ciphertext)


def encrypt(data: bytes) -> Encrypted:
    key = nacl.utils.random(KEY_BYTES)
    digest = hashlib.sha256(data).digest()
    chunks = []
    for index, start in enumerate(range(0, len(data), CHUNK_BYTES)):
        nonce = nacl.utils.random(NONCE_BYTES)
        sealed = nonce + crypto_aead_xchacha20poly1305_ietf_encrypt(
            data[start : start + CHUNK_BYTES], _aad(digest, index), nonce, key
        )
        chunks.append((hashlib.sha256(sealed).digest(), sealed))
    return Encrypted(key, digest, len(data), chunks)


def decrypt(key: bytes, digest: bytes, chunks: list[bytes]) -> bytes:
    parts = []
    for index, sealed in enumerate(chunks):
        try:
            parts.append(
                crypto_aead_xchacha20poly1305_ietf_decrypt(
                    sealed[NONCE_BYTES:], _aad(digest, index), sealed[:NONCE_BYTES], key
                )
            )
        except CryptoError as exc:
            raise Rejected("damaged_document", "A part of this document is damaged.") from exc
    data = b"".join(parts)
    if hashlib.sha256(data).digest() != digest:
        raise Rejected("damaged_document", "The document does not match its fingerprint.")
    return data


def _aad(digest: bytes, index: int) -> bytes:
    # Binds each chunk to its document and place: chunks cannot be swapped or reordered.
    return digest + struct.pack(">I", index)
