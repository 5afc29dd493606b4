"""The icons: one set (Lucide, ISC, bundled as SVG in app/ui/icons/), asked for by what they
mean, so a screen says icon("forum") and never a file name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent / "icons"

# Meaning → bundled file. The screens' meanings are their modules' names (app/ui/menus.py).
FILES = {
    "home": "house",
    "forum": "messages-square",
    "votes": "vote",
    "sittings": "landmark",
    "attestations": "file-badge",
    "documents": "folder-open",
    "syncstation": "usb",
    "devices": "radio-tower",
    "network": "network",
    "members": "users",
    "settings": "settings",
    "lock": "lock",
    "quit": "log-out",
    "help": "circle-help",
    "shortcuts": "keyboard",
    "about": "info",
    "folder": "folder-open",
    "new_thread": "message-square-plus",
    "reply": "reply",
    "sign": "pen-line",
    "print": "printer",
    "sync": "refresh-cw",
    "verify": "scan-qr-code",
    "add_person": "user-plus",
}
SIZES = (16, 20, 24, 32, 48)


def icon(meaning: str) -> QIcon:
    """The icon for `meaning`, drawn in the text colour of the current palette, so it reads on
    a dark theme as well as a light one (Lucide draws in `currentColor`)."""
    return QIcon(_icon(meaning, _text_colour()))


def app_icon() -> QIcon:
    """Obambu's own icon, for the window and the task bar: sharp at every size (SVG)."""
    return QIcon(_drawn((HERE / "obambu.svg").read_bytes(), (16, 24, 32, 48, 64, 128, 256)))


def _text_colour() -> str:
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return "#000000"
    return str(app.palette().color(QPalette.ColorRole.WindowText).name())


@cache
def _icon(meaning: str, colour: str) -> QIcon:
    svg = (HERE / f"{FILES[meaning]}.svg").read_bytes()
    return _drawn(svg.replace(b"currentColor", colour.encode("ascii")), SIZES)


def _drawn(svg: bytes, sizes: tuple[int, ...]) -> QIcon:
    """Each size rendered from the SVG once: no icon engine plugin needed at run time."""
    renderer = QSvgRenderer(QByteArray(svg))
    result = QIcon()
    for size in sizes:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        result.addPixmap(pixmap)
    return result
