"""A key sealed to one node: converted from its Ed25519 key to X25519, in a libsodium sealed box.

Documents seal their key to each recipient commune this way, and the transport keys of an epoch
to each authority; only the holder of the node's seed can open it.
"""

from __future__ import annotations

import nacl.public
import nacl.signing
from nacl.exceptions import CryptoError

from app.core.errors import Rejected


def seal_key(key: bytes, node_public_key: bytes) -> bytes:
    recipient = nacl.signing.VerifyKey(node_public_key).to_curve25519_public_key()
    return bytes(nacl.public.SealedBox(recipient).encrypt(key))


def open_key(sealed: bytes, node_seed: bytes) -> bytes:
    private = nacl.signing.SigningKey(node_seed).to_curve25519_private_key()
    try:
        return bytes(nacl.public.SealedBox(private).decrypt(sealed))
    except CryptoError as exc:
        raise Rejected("not_recipient", "This document's key was not sealed for us.") from exc
