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
    a dark theme as well as a light one (Lucide draws in `currentColor`), and in the
    highlighted text's colour when its entry is selected."""
    return QIcon(_icon(meaning, *_colours()))


def app_icon() -> QIcon:
    """Obambu's own icon, for the window and the task bar: sharp at every size (SVG)."""
    result = QIcon()
    _draw(result, (HERE / "obambu.svg").read_bytes(), (16, 24, 32, 48, 64, 128, 256))
    return result


def _colours() -> tuple[str, str]:
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return "#000000", "#ffffff"
    palette = app.palette()
    return (
        str(palette.color(QPalette.ColorRole.WindowText).name()),
        str(palette.color(QPalette.ColorRole.HighlightedText).name()),
    )


@cache
def _icon(meaning: str, colour: str, selected: str) -> QIcon:
    svg = (HERE / f"{FILES[meaning]}.svg").read_bytes()
    result = QIcon()
    _draw(result, svg.replace(b"currentColor", colour.encode("ascii")), SIZES)
    selected_svg = svg.replace(b"currentColor", selected.encode("ascii"))
    _draw(result, selected_svg, SIZES, QIcon.Mode.Selected)
    return result


def _draw(
    into: QIcon, svg: bytes, sizes: tuple[int, ...], mode: QIcon.Mode = QIcon.Mode.Normal
) -> None:
    """Each size rendered from the SVG once: no icon engine plugin needed at run time."""
    renderer = QSvgRenderer(QByteArray(svg))
    for size in sizes:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        into.addPixmap(pixmap, mode)
