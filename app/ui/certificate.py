"""The printed certificate: an A4 page with what was attested and the QR code that proves it.

Drawn with QPdfWriter (the same painter prints it on paper), so the PDF needs no other library.
The QR code carries the whole signed attestation: anyone with Obambu verifies it offline.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from app.core.paper import qr_png


def set_a4(device: QPagedPaintDevice) -> None:
    """A4 portrait with 20 mm margins: 170 mm of printable width, which the pages scale to."""
    device.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(20, 20, 20, 20),
            QPageLayout.Unit.Millimeter,
        )
    )


def render(device: QPagedPaintDevice, fields: dict[str, str], qr_text: str) -> None:
    """Paints the certificate on `device` (a QPdfWriter or a QPrinter)."""
    set_a4(device)
    painter = QPainter(device)
    try:
        page = painter.viewport()
        unit = page.width() / 170  # one millimetre of the printable width
        title = QFont("DejaVu Sans", 20, QFont.Weight.Bold)
        body = QFont("DejaVu Sans", 11)
        painter.setFont(title)
        painter.drawText(
            QRectF(0, 0, page.width(), 20 * unit), Qt.AlignmentFlag.AlignLeft, fields["type"]
        )
        painter.setFont(body)
        digest = fields["sha256"]
        lines = [
            (QCoreApplication.translate("Certificate", "Subject"), fields["subject"]),
            (QCoreApplication.translate("Certificate", "Issued by"), fields["issuer"]),
            (QCoreApplication.translate("Certificate", "Date"), fields["issued"]),
            # 64 hex digits do not fit one line of A4 at a readable size: two halves.
            (
                QCoreApplication.translate("Certificate", "Document fingerprint (SHA-256)"),
                digest[:32],
            ),
            ("", digest[32:]),
        ]
        pair = QCoreApplication.translate("Certificate", "%1: %2")
        y = 28 * unit
        for label, value in lines:
            text = pair.replace("%1", label).replace("%2", value) if label else value
            painter.drawText(QRectF(0, y, page.width(), 8 * unit), Qt.AlignmentFlag.AlignLeft, text)
            y += 9 * unit
        qr = QImage.fromData(qr_png(qr_text, box_size=10))
        side = 80 * unit
        painter.drawImage(QRectF(0, y + 6 * unit, side, side), qr)
        painter.drawText(
            QRectF(side + 6 * unit, y + 6 * unit, page.width() - side - 6 * unit, side),
            Qt.TextFlag.TextWordWrap,
            QCoreApplication.translate(
                "Certificate",
                "This QR code holds the signed attestation. Any town hall of the network can "
                "check it with Obambu, without internet: scan it, or open this PDF in the "
                "Attestations screen.",
            ),
        )
    finally:
        painter.end()


def save_pdf(path: Path, fields: dict[str, str], qr_text: str) -> None:
    writer = QPdfWriter(str(path))
    writer.setTitle(fields["type"])
    writer.setResolution(300)
    render(writer, fields, qr_text)
