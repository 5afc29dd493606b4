"""Paper backup of a 32-byte Ed25519 seed: text to read aloud or copy by hand, and a QR code.

Text form: the 32-byte seed followed by its 3-byte CRC-24 (OpenPGP, RFC 4880 §6.1), written in
RFC 4648 base32 without padding. 35 bytes are exactly 56 characters, shown as 14 groups of 4.

Why a CRC and not the first bytes of SHA-256: both miss a random mistake with odds of 1 in
16 million, but a CRC of degree 24 catches *every* error that stays within 24 consecutive bits.
One character is 5 bits, so any single wrong character, any swap of two neighbours, and any
number of mistakes inside one group of 4 are caught every time, whatever the seed.
A hash prefix only makes that likely.
"""

from __future__ import annotations

import base64
import io
import unicodedata

import qrcode
import qrcode.constants
from qrcode.image.pure import PyPNGImage

from app.core.errors import ObambuError

SEED_SIZE = 32
GROUP = 4
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
TEXT_CHARS = (SEED_SIZE + 3) * 8 // 5  # 56

_CRC24_INIT = 0xB704CE
_CRC24_POLY = 0x1864CFB

# 0, 1 and 8 are not in the alphabet, so reading them as the letters they resemble is
# unambiguous; if the writer meant a different letter (1 for L, say) the checksum says so.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
# Ignored wherever they appear: people and word processors add them between groups.
_SEPARATORS = frozenset(" -_.\u2010\u2011\u2012\u2013\u2014\u2212")


class PaperError(ObambuError, ValueError):
    """The typed paper backup is not valid; str(error) says what to fix, `code` which case."""


def crc24(data: bytes) -> bytes:
    """CRC-24/OPENPGP as 3 big-endian bytes."""
    crc = _CRC24_INIT
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= _CRC24_POLY
    return (crc & 0xFFFFFF).to_bytes(3, "big")


def seed_to_text(seed: bytes) -> str:
    if len(seed) != SEED_SIZE:
        raise ValueError(f"A seed is {SEED_SIZE} bytes, got {len(seed)}.")
    chars = base64.b32encode(seed + crc24(seed)).decode("ascii")
    return " ".join(chars[i : i + GROUP] for i in range(0, len(chars), GROUP))


def text_to_seed(text: str) -> bytes:
    # NFKC folds full-width letters and digits that some phone keyboards produce.
    folded = unicodedata.normalize("NFKC", text).upper().translate(_LOOKALIKES)
    chars = "".join(ch for ch in folded if not ch.isspace() and ch not in _SEPARATORS)
    wrong = sorted({ch for ch in chars if ch not in ALPHABET})
    if wrong:
        shown = ", ".join(repr(ch) for ch in wrong)
        raise PaperError(
            f"The paper backup contains {shown}, which paper backups never use. "
            "Check those characters against the paper and type them again.",
            code="paper_bad_character",
            params={"characters": shown},
        )
    if len(chars) != TEXT_CHARS:
        raise PaperError(
            f"A paper backup has {TEXT_CHARS} characters ({TEXT_CHARS // GROUP} groups of "
            f"{GROUP}), but {len(chars)} were entered. Check for a missing or repeated group.",
            code="paper_wrong_length",
            params={
                "expected": TEXT_CHARS,
                "groups": TEXT_CHARS // GROUP,
                "size": GROUP,
                "entered": len(chars),
            },
        )
    raw = base64.b32decode(chars)
    seed, check = raw[:SEED_SIZE], raw[SEED_SIZE:]
    if crc24(seed) != check:
        raise PaperError(
            "The paper backup has a mistake: its check characters do not match the rest. "
            "Compare each group with the paper and correct it.",
            code="paper_checksum_mismatch",
        )
    return seed


# QR error correction levels by their usual letter: L 7 %, M 15 %, Q 25 %, H 30 % of the
# code may be lost and still read.
_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


def qr_png(text: str, *, box_size: int = 8, error_correction: str = "M") -> bytes:
    """PNG of a QR code for `text`, 1-bit greyscale, with the standard 4-module quiet zone.

    PyPNG rather than Pillow keeps a large native dependency out of the app.
    """
    if box_size < 1:
        raise ValueError(f"box_size must be at least 1, got {box_size}.")
    qr = _fitted(text, error_correction, box_size=box_size, border=4, image_factory=PyPNGImage)
    out = io.BytesIO()
    qr.make_image().save(out)
    return out.getvalue()


def qr_matrix(text: str, error_correction: str = "Q") -> list[list[bool]]:
    """The QR code's modules, rows top to bottom, True for black, without the quiet zone.

    For painters that draw each module as an exact square (the printed certificate), so that
    no image is ever scaled and blurred on the way to the paper.
    """
    qr = _fitted(text, error_correction, border=0)
    return [[bool(module) for module in row] for row in qr.get_matrix()]


def qr_version(text: str, error_correction: str = "Q") -> int:
    """The smallest QR version (1 to 40) that holds `text`: 17 + 4 × version modules a side."""
    return int(_fitted(text, error_correction, border=0).version)


def _fitted(text: str, error_correction: str, **options: object) -> qrcode.QRCode:
    if error_correction not in _LEVELS:
        raise ValueError(
            f"error_correction must be one of {', '.join(_LEVELS)}, got {error_correction!r}."
        )
    qr = qrcode.QRCode(error_correction=_LEVELS[error_correction], **options)
    qr.add_data(text)
    qr.make(fit=True)
    return qr
