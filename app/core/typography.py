"""French typography for the core's own French (the council's sentences, the minutes, the
printed certificate): the narrow no-break space U+202F before ":" ";" "?" "!" and inside « »,
as the screens' French has it (docs/architecture.md). The core writes its French with ordinary
spaces, which read well in the source; `french` puts the right space in where the text is made.
"""

from __future__ import annotations

import re
from datetime import date

NNBSP = "\u202f"

# A space (ordinary or no-break) before the double marks, or inside the quotation marks.
_BEFORE = re.compile(r"[ \u00a0\u202f]+([:;?!])")
_OPENING = re.compile(r"«[ \u00a0\u202f]*")
_CLOSING = re.compile(r"[ \u00a0\u202f]*»")


def french(text: str) -> str:
    """`text` with U+202F where French sets its punctuation apart. A mark written without a
    space is left as it is: "09:09", "AT1:…", "L2121-17" are not prose."""
    text = _BEFORE.sub(NNBSP + r"\1", text)
    text = _OPENING.sub("«" + NNBSP, text)
    return _CLOSING.sub(NNBSP + "»", text)


MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(day: date | str) -> str:
    """ "10 décembre 2026", "1er mars 2027": a day as a French deed writes it in figures. The
    core has no QLocale (app/core never imports Qt), and its French does not follow the screen's
    language; an ISO string is read, anything else comes back as it is."""
    if isinstance(day, str):
        try:
            parsed = date.fromisoformat(day)
        except ValueError:
            return day
    else:
        parsed = day
    first = "1er" if parsed.day == 1 else str(parsed.day)
    return f"{first} {MONTHS[parsed.month - 1]} {parsed.year}"
