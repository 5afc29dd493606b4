"""Attestation numbers a commune gives itself, with no central counter: "K7QP-2026-000412-Y".

- K7QP: the commune, four Crockford base-32 characters taken from its id (every laptop of the
  network derives the same code, and a verifier without the network can print it too);
- 2026: the year of issue (UTC), from the signed issue time;
- 000412: the commune's own sequence in that year, checked by the ledger rules;
- X: a check character (Luhn mod 32, as the EU certificate identifiers use), so a digit misread
  over the radio or mistyped is caught before any look-up.

Crockford's alphabet has no I, L, O or U: typed codes read I and L as 1 and O as 0.
"""

from __future__ import annotations

import re

from app.core.errors import ObambuError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
SHAPE = re.compile(r"^([0-9A-Z]{4})(\d{4})(\d{6})([0-9A-Z])$")


class NumberError(ObambuError, ValueError):
    """A typed or read attestation number that cannot be right; the message says what to do."""


def commune_code(commune: bytes) -> str:
    value = int.from_bytes(commune[:3], "big") >> 4  # the first 20 bits
    return "".join(ALPHABET[(value >> shift) & 31] for shift in (15, 10, 5, 0))


def check_character(text: str) -> str:
    """Luhn mod N over the Crockford alphabet (N = 32)."""
    factor, total = 2, 0
    for char in reversed(text):
        addend = factor * ALPHABET.index(char)
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return ALPHABET[(32 - total % 32) % 32]


def number(commune: bytes, year: int, seq: int) -> str:
    if not (1 <= seq <= 999_999 and 1970 <= year <= 9999):
        raise ValueError(f"no attestation number for year {year}, sequence {seq}")
    body = f"{commune_code(commune)}{year:04d}{seq:06d}"
    return f"{body[:4]}-{body[4:8]}-{body[8:]}-{check_character(body)}"


def normalise(typed: str) -> str:
    """The canonical form of a number as typed, read aloud or scanned; NumberError if it cannot
    be an attestation number (wrong length, or a check character that does not match)."""
    compact = re.sub(r"[\s\-–.]", "", typed.upper()).translate(READ_AS)
    found = SHAPE.match(compact)
    if found is None or any(c not in ALPHABET for c in compact):
        raise NumberError(
            "This is not an attestation number: it has four letters or digits, the year, six "
            "digits and a check character, as in K7QP-2026-000412-Y. Type it again.",
            code="number_shape",
        )
    body = compact[:-1]
    if check_character(body) != compact[-1]:
        raise NumberError(
            "The check character does not match: a character was misread or mistyped. "
            "Read the number on the paper again.",
            code="number_check",
        )
    return f"{body[:4]}-{body[4:8]}-{body[8:]}-{compact[-1]}"


def control_code(data: bytes) -> str:
    """Four characters that sum up the signed attestation, for a check over the radio: the
    caller reads them on the paper, the town hall reads them on its screen."""
    import hashlib

    value = int.from_bytes(hashlib.sha256(data).digest()[:3], "big") >> 4
    return "".join(ALPHABET[(value >> shift) & 31] for shift in (15, 10, 5, 0))
