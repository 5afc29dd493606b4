"""Passphrase to 32-byte key with Argon2id.

The parameters travel with whatever they protect (see backup.py), so a file sealed on a fast
desktop still opens on an old laptop, and a later default does not orphan older files.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import nacl.utils
from nacl.pwhash import argon2id

KEY_SIZE = 32
SALT_SIZE = argon2id.SALTBYTES  # 16

# Bounds for parameters read from a file. The floor keeps anything weaker than libsodium's
# INTERACTIVE preset from ever being sealed or accepted; the ceilings stop a damaged or hostile
# header from making Argon2 allocate gigabytes or spin for minutes before the MAC can fail.
OPSLIMIT_FLOOR = argon2id.OPSLIMIT_INTERACTIVE
OPSLIMIT_CEILING = 16
MEMLIMIT_FLOOR = argon2id.MEMLIMIT_INTERACTIVE
MEMLIMIT_CEILING = argon2id.MEMLIMIT_SENSITIVE  # 1 GiB: the most an old laptop can spare

ENV_VAR = "OBAMBU_KDF"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: opslimit (passes) and memlimit (bytes), as libsodium counts them."""

    opslimit: int
    memlimit: int

    def __post_init__(self) -> None:
        # Validating here, not only in from_dict, means no code path can hold absurd params.
        for name, value, low, high in (
            ("opslimit", self.opslimit, OPSLIMIT_FLOOR, OPSLIMIT_CEILING),
            ("memlimit", self.memlimit, MEMLIMIT_FLOOR, MEMLIMIT_CEILING),
        ):
            # bool is an int subclass; True as a cost is a bug, not a setting.
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"KDF {name} must be an integer, got {type(value).__name__}.")
            if not low <= value <= high:
                raise ValueError(f"KDF {name} {value} is outside the accepted range {low}..{high}.")

    def to_dict(self) -> dict[str, int]:
        return {"opslimit": self.opslimit, "memlimit": self.memlimit}

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> KdfParams:
        # Callers pass parsed JSON straight in, so anything may arrive here.
        if not isinstance(d, Mapping):
            raise ValueError(f"KDF parameters must be a mapping, got {type(d).__name__}.")
        # Unknown keys are refused: a future format that adds e.g. a parallelism setting must not
        # be silently read as if that setting were absent.
        if set(d) != {"opslimit", "memlimit"}:
            raise ValueError(
                f"KDF parameters must have exactly 'opslimit' and 'memlimit', got {sorted(d)}."
            )
        ops, mem = d["opslimit"], d["memlimit"]
        if not isinstance(ops, int) or not isinstance(mem, int):
            raise ValueError("KDF parameters must be integers.")
        return cls(opslimit=ops, memlimit=mem)


MODERATE = KdfParams(opslimit=argon2id.OPSLIMIT_MODERATE, memlimit=argon2id.MEMLIMIT_MODERATE)
INTERACTIVE = KdfParams(
    opslimit=argon2id.OPSLIMIT_INTERACTIVE, memlimit=argon2id.MEMLIMIT_INTERACTIVE
)


def default_params() -> KdfParams:
    """MODERATE (about 1 s, 256 MiB), or INTERACTIVE when OBAMBU_KDF=interactive.

    The switch exists for test suites and for very old laptops where 256 MiB is too much.
    Any other value keeps MODERATE, so a typo in the variable errs on the strong side.
    Read at call time so tests can set it with monkeypatch.
    """
    if os.environ.get(ENV_VAR, "").strip().lower() == "interactive":
        return INTERACTIVE
    return MODERATE


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """32-byte key from a passphrase.

    NFC first: the same passphrase typed on different keyboards or systems can arrive as
    composed or decomposed Unicode, and must give the same key. Whitespace is kept as typed.
    """
    if len(salt) != SALT_SIZE:
        raise ValueError(f"KDF salt must be {SALT_SIZE} bytes, got {len(salt)}.")
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return argon2id.kdf(KEY_SIZE, secret, salt, opslimit=params.opslimit, memlimit=params.memlimit)


def new_salt() -> bytes:
    return nacl.utils.random(SALT_SIZE)
