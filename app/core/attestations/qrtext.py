"""Text form of a signed attestation, for QR codes and for typing in by hand.

"AT1:" + base45 (RFC 9285). Base45 uses only the 45 characters of the QR alphanumeric mode,
so the code stays smaller than with base64 in byte mode, and the prefix, also alphanumeric,
tells a scanner's output apart from an arbitrary QR code.
"""

from __future__ import annotations

import base45

from app.core.errors import ObambuError

PREFIX = "AT1:"


class QrTextError(ObambuError, ValueError):
    """The scanned or typed text is not an attestation; str(error) says what to do."""


def to_qr_text(data: bytes) -> str:
    if not data:
        raise ValueError("An attestation cannot be empty.")
    encoded: bytes = base45.b45encode(data)
    return PREFIX + encoded.decode("ascii")


def from_qr_text(text: str) -> bytes:
    # Stripping the end is safe even though space is a base45 digit: the last character of any
    # base45 text is a most-significant digit, at most 32 ("W"), never 36 (space).
    stripped = text.strip()
    if stripped[: len(PREFIX)].upper() != PREFIX:
        raise QrTextError(
            f"This is not an Obambu attestation: it should start with {PREFIX}. "
            "Scan or type the attestation code again.",
            code="qr_not_an_attestation",
        )
    payload = stripped[len(PREFIX) :]
    if not payload:
        raise QrTextError(
            f"The attestation code has nothing after {PREFIX}. "
            "Scan or type the whole attestation code again.",
            code="qr_empty",
        )
    try:
        data = base45.b45decode(payload)
    except ValueError:
        raise QrTextError(
            "The attestation code is damaged or was typed wrongly. "
            "Scan it again, or check what you typed, including capital letters.",
            code="qr_damaged",
        ) from None
    return bytes(data)
