"""Undoing what a French keyboard layout does to a USB barcode scanner's output.

A scanner is a keyboard: it sends the key positions of a US layout, and a laptop set to AZERTY
turns them into other characters ("AT1:" arrives as "QT&M"). The mapping below covers the
whole QR alphanumeric alphabet our attestation codes use (digits, capitals, space and
$%*+-./:), so a scanner works without reconfiguring it. Written by hand because no library
maps layouts back; the table follows the French AZERTY layout, key by key.
"""

from __future__ import annotations

# What AZERTY prints for each US key the scanner presses, reversed: printed -> meant.
_BACK = {
    "à": "0",
    "&": "1",
    "é": "2",
    '"': "3",
    "'": "4",
    "(": "5",
    "-": "6",
    "è": "7",
    "_": "8",
    "ç": "9",
    "Q": "A",
    "A": "Q",
    "Z": "W",
    "W": "Z",
    "?": "M",
    "4": "$",
    "5": "%",
    "8": "*",
    "+": "+",
    ")": "-",
    ":": ".",
    "!": "/",
    "M": ":",
}
SCRAMBLED_PREFIX = "QT&M"  # "AT1:" through an AZERTY layout


def looks_scrambled(text: str) -> bool:
    return text.strip().upper().startswith(SCRAMBLED_PREFIX)


def unscramble(text: str) -> str:
    """The text the scanner meant to type, when it went through an AZERTY layout."""
    return "".join(_BACK.get(char, char) for char in text.strip())


def from_scanner(text: str) -> str:
    """Scanner input as meant, whichever layout the laptop has."""
    return unscramble(text) if looks_scrambled(text) else text.strip()
