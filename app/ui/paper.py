"""The paper backup: the node key written out, as text and as a QR code, to print and lock away.

Offered right after a network is founded, and from Network and signatures at any time. The page
carries only the commune's node key: with it and the genesis, which every commune of the
network holds, the commune's identity can be rebuilt after a lost laptop.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.core import status
from app.core.crypto import paper
from app.core.node import backups
from app.core.node.node import Node
from app.ui.certificate import set_a4
from app.ui.plain import fill


def paper_text(node: Node) -> tuple[str, str]:
    """(commune name, the seed as grouped text): read on the worker thread."""
    return status.commune_name(node), paper.seed_to_text(backups.paper_seed(node))


class PaperDialog(QDialog):
    def __init__(self, commune: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commune = commune
        self.text = text
        self.setWindowTitle(self.tr("Paper backup"))
        intro = QLabel(
            self.tr(
                "Print this page, or copy the code by hand, and lock it away from the laptop. "
                "Whoever holds it can act as the commune's town hall."
            )
        )
        intro.setWordWrap(True)
        code = QLabel(text)
        code.setFont(QFont("DejaVu Sans Mono", 14))
        code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        code.setWordWrap(True)
        self.qr = QImage.fromData(paper.qr_png(text.replace(" ", ""), box_size=6))
        picture = QLabel()
        picture.setPixmap(QPixmap.fromImage(self.qr))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = buttons.addButton(
            self.tr("Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.clicked.connect(self.print_page)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, code, picture, buttons):
            layout.addWidget(widget)

    def print_page(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.render_page(printer)

    def render_page(self, printer: QPrinter) -> None:
        set_a4(printer)
        painter = QPainter(printer)
        try:
            page = painter.viewport()
            unit = page.width() / 170
            painter.setFont(QFont("DejaVu Sans", 18, QFont.Weight.Bold))
            title = fill(self.tr("Obambu paper backup — {commune}"), commune=self.commune)
            painter.drawText(QRectF(0, 0, page.width(), 16 * unit), title)
            painter.setFont(QFont("DejaVu Sans Mono", 14))
            painter.drawText(
                QRectF(0, 24 * unit, page.width(), 30 * unit), Qt.TextFlag.TextWordWrap, self.text
            )
            painter.drawImage(QRectF(0, 60 * unit, 70 * unit, 70 * unit), self.qr)
        finally:
            painter.end()
