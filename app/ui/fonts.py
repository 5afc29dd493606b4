"""The fonts of the printed papers (the certificate, its thermal slip, the paper backup):
DejaVu Sans and DejaVu Sans Mono, bundled in app/ui/fonts/ with their licence.

A PDF embeds the font Qt finds under the name asked for. Linux desktops have DejaVu; Windows
does not, and substitutes another font with other widths, so the lines of a certificate broke
elsewhere and the clerk's layout changed from one laptop to the next. Registering the bundled
files with Qt makes every laptop draw, and embed, the same letters.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

HERE = Path(__file__).resolve().parent / "fonts"
SANS = "DejaVu Sans"  # full French glyphs (é è ê ë à â ç ô î ï ù û œ « »)
MONO = "DejaVu Sans Mono"  # for numbers a person types in: 0/O and 1/l/I never confused

log = logging.getLogger(__name__)


@cache
def register() -> tuple[str, ...]:
    """Adds the bundled fonts to Qt's list, once (a QGuiApplication must exist); the families
    they bring. A missing file is logged and its family left to the system."""
    families: set[str] = set()
    for file in sorted(HERE.glob("*.ttf")):
        ident = QFontDatabase.addApplicationFont(str(file))
        if ident < 0:
            log.warning("the bundled font %s could not be loaded", file.name)
            continue
        families.update(QFontDatabase.applicationFontFamilies(ident))
    return tuple(sorted(families))


def paper_font(family: str, points: float, bold: bool = False) -> QFont:
    """A font of a printed paper, from the bundled files."""
    register()
    font = QFont(family)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font
