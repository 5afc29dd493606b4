"""What a printed certificate shows: every signed field in clear, in the paper's order.

The A4 page and the thermal slip (app/ui/certificate.py) draw a `Printed`; the verification
screen shows the same fields in the same order and wording, so a clerk or a gendarme compares
the screen with the paper line by line (the 2D-Doc rule: nothing official-looking on the paper
is unsigned, except the copy counter).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.core.typography import MONTHS, french

UNITS = (
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
)
TENS = ("", "", "vingt", "trente", "quarante", "cinquante", "soixante")


# The paper's own wording. An attestation is an official French document whatever language
# the clerk's screen uses, so these are data, not interface strings to translate.
PAPER = {
    "issued_on_words": "Délivrée le %1 (%2)",
    "issued_on": "Délivrée le %1",
    "issued_by": "Délivrée par %1",
    "duplicate": "DUPLICATA n° %1",
    "number": "N° %1",
    "signature": "Signature et cachet",
    "preview": "APERÇU – NON VALABLE",
    "verifiable": french("Vérifiable hors ligne : application Obambu ou toute mairie"),
    "control_copy": "Copie de contrôle — le document officiel est la feuille A4",
}


def commune_title(name: str) -> str:
    """ "Commune d'Ambam", "Commune de Bipindi": the elision French requires."""
    elide = name[:1].upper() in "AEIOUYÉÈÊÎÔ"
    return f"Commune d'{name}" if elide else f"Commune de {name}"


@dataclass(frozen=True)
class Printed:
    """One certificate as printed. `lines` are the signed fields as (label, value) pairs, in
    French, already in the order the paper and the verification screen show them."""

    title: str  # the document type in plain French: "Certificat de résidence"
    commune: str  # "Commune d'Ambam"
    number: str  # "K7QP-2026-000412-Y": printed large, and again under the QR code
    lines: list[tuple[str, str]]  # signed fields, label and value
    issued_on: date
    issuer: str  # "Marie Ndongo, maire"
    qr_text: str  # "AT1:…", the whole signed attestation
    copy: int = 0  # 0 for the original print; k for "DUPLICATA n° k" (outside the signed data)
    preview: bool = False  # watermarked "APERÇU – NON VALABLE", never handed over
    notes: list[str] = field(default_factory=list)  # fixed wording: the legal warning, etc.


def number_in_words(n: int) -> str:
    """French cardinal for 0 ≤ n < 10000, in the 1990 spelling (hyphens everywhere)."""
    if not 0 <= n < 10_000:
        raise ValueError(f"{n} is out of range")
    if n < 20:
        return UNITS[n]
    if n < 100:
        return _tens(n)
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "cent" if hundreds == 1 else f"{UNITS[hundreds]}-cent"
        if rest == 0:
            return head + ("s" if hundreds > 1 else "")
        return f"{head}-{number_in_words(rest)}"
    thousands, rest = divmod(n, 1000)
    head = "mille" if thousands == 1 else f"{number_in_words(thousands)}-mille"
    return head if rest == 0 else f"{head}-{number_in_words(rest)}"


def _tens(n: int) -> str:
    ten, unit = divmod(n, 10)
    if ten in (7, 9):  # soixante-dix, quatre-vingt-dix: built on the ten below
        base = "soixante" if ten == 7 else "quatre-vingt"
        joiner = "-et-" if n == 71 else "-"
        return f"{base}{joiner}{UNITS[10 + unit]}"
    if ten == 8:
        return "quatre-vingts" if unit == 0 else f"quatre-vingt-{UNITS[unit]}"
    if unit == 0:
        return TENS[ten]
    joiner = "-et-" if unit == 1 else "-"
    return f"{TENS[ten]}{joiner}{UNITS[unit]}"


def date_in_words(day: date) -> str:
    """ "quatorze mars deux-mille-vingt-six": the date of issue as French deeds write it."""
    first = "premier" if day.day == 1 else number_in_words(day.day)
    return f"{first} {MONTHS[day.month - 1]} {number_in_words(day.year)}"


def date_in_digits(day: date) -> str:
    return day.strftime("%d/%m/%Y")
