"""Ed25519 key pairs with a pre-committed next key (KERI-style pre-rotation)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import nacl.signing
import nacl.utils

from app.core.encoding.cose import kid_of

SEED_BYTES = 32


def next_digest(public_key: bytes) -> bytes:
    """What a key record commits to: the digest of the key that will replace it."""
    return hashlib.sha256(public_key).digest()


@dataclass(frozen=True)
class KeyPair:
    seed: bytes
    signing_key: nacl.signing.SigningKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.seed) != SEED_BYTES:
            raise ValueError("an Ed25519 seed is 32 bytes")
        object.__setattr__(self, "signing_key", nacl.signing.SigningKey(self.seed))

    @property
    def public_key(self) -> bytes:
        return bytes(self.signing_key.verify_key)

    @property
    def kid(self) -> bytes:
        return kid_of(self.public_key)

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(nacl.utils.random(SEED_BYTES))


@dataclass(frozen=True)
class Identity:
    """The key in use and the one committed to replace it."""

    actor: bytes
    current: KeyPair
    following: KeyPair

    @property
    def next_digest(self) -> bytes:
        return next_digest(self.following.public_key)

    @classmethod
    def generate(cls, actor: bytes | None = None) -> Identity:
        current = KeyPair.generate()
        return cls(actor or current.kid, current, KeyPair.generate())

    def rotated(self) -> Identity:
        return Identity(self.actor, self.following, KeyPair.generate())
