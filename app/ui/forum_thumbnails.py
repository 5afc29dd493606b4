"""A forum attachment's thumbnail, decoded on a job's thread and bounded before decoding.

An attached picture comes from another commune: its bytes are hostile until shown otherwise. A
header announcing 100,000 × 100,000 pixels would make a naive decoder ask for 40 GB, so the
size is read from the header first and anything above the limit the attestation scanner
already keeps (app/core/attestations/scan.py, MAX_PIXELS) is never decoded; what is decoded is
scaled down by the decoder itself (a JPEG at no cost), and the whole runs off the GUI thread as
a quiet LongOp, so a slow disk or a large photo never holds the window or the store worker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

from app.core.attestations.scan import MAX_PIXELS
from app.core.documents import service as library
from app.core.node.node import Node
from app.core.progress import Listener

SIDE = 160  # pixels: the largest side of a thumbnail
LINE = "thumbnails"  # one picture decoded at a time: a thread of twenty photos starts one job each


def decode(data: bytes, side: int = SIDE) -> QImage | None:
    """The picture in `data` scaled to fit `side` × `side`, or None when it is not a picture
    Qt reads, or announces more pixels than MAX_PIXELS (never decoded, then)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setDecideFormatFromContent(True)
    size = reader.size()  # from the header alone
    if not size.isValid() or size.width() * size.height() > MAX_PIXELS:
        return None
    reader.setScaledSize(size.scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else image


def load(document: bytes) -> Callable[[Node, Listener], QImage | None]:
    """A LongOp's work: the attached document opened with this laptop's key, then decoded."""

    def run(node: Node, _listener: Listener) -> QImage | None:
        return decode(library.open_document(node, document)[1])

    return run
