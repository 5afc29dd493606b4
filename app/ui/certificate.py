"""The printed certificate: the A4 page a town hall hands over, and a 58 mm thermal slip.

Both draw a `Printed` (app/core/attestations/printed.py): every signed field in clear, in the
order the verification screen shows them, and the QR code that carries the whole signed attestation.
Qt paints them itself (QPdfWriter embeds the fonts, bundled: app/ui/fonts.py), so the output
is the same on every laptop and needs no browser: OpenCRVS's black areas and clipped text came
from HTML rendering.

The QR code is drawn as exact black squares, each an integer number of device dots: a scaled
image would be resampled, and grey module edges are what cheap webcams misread.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QImageWriter,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QTextOption,
)

from app.core.attestations.printed import PAPER, Printed, date_in_digits, date_in_words
from app.core.crypto.paper import qr_matrix
from app.ui import fonts

FONT = fonts.SANS  # bundled, so every laptop prints the same letters (app/ui/fonts.py)
MONO = fonts.MONO  # the number: 0/O and 1/l/I must not be confused when typed in
PDF_DPI = 300
MARGIN_MM = 20  # set_a4: 170 × 257 mm of printable area, ATT-25 asks for at least 12 mm
QR_LEVEL = "Q"  # ATT-26: 25 % of the code may be torn or stained and it still reads
QR_MIN_MM = 38.0  # ATT-26 asks 35 mm; the margin covers printers that shrink to fit
QUIET_MODULES = 4  # the white border a reader needs to find the code
SLIP_MIN_DOTS = 4  # ATT-31: below 4 printer dots a module, thermal prints blur together
FIELD_PT = 12  # ATT-25: key data never smaller
LABEL_MM = 58  # width of the label column of the field block
QR_COLUMN_MM = 60  # holds the code, its quiet zone, and the number under it on one line
SIGNATURE_MM = 90  # width of the 2:1 signature and stamp zone
BLACK = QColor(0, 0, 0)
WHITE = QColor(255, 255, 255)
WATERMARK = QColor(200, 200, 200)  # light enough that the text under it stays readable


@dataclass(frozen=True)
class QrLayout:
    """Where the QR code's size comes from: modules a side times whole device dots each."""

    modules: int  # a side, without the quiet zone
    module_dots: int
    dots_per_mm: float

    @property
    def version(self) -> int:
        return (self.modules - 17) // 4

    @property
    def side_dots(self) -> int:
        return self.modules * self.module_dots

    @property
    def side_mm(self) -> float:
        return self.side_dots / self.dots_per_mm

    @property
    def quiet_dots(self) -> int:
        return QUIET_MODULES * self.module_dots


@dataclass(frozen=True)
class _Sheet:
    """A painter on a page, with the printable size and the scale to millimetres."""

    painter: QPainter
    width: float
    height: float
    mm: float  # device units per millimetre


def set_a4(device: QPagedPaintDevice) -> None:
    """A4 portrait with 20 mm margins: 170 mm of printable width, which the pages scale to."""
    device.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )


def qr_layout(qr_text: str, dpi: float = PDF_DPI) -> QrLayout:
    """The A4 code: the fewest whole dots a module that still make the side ≥ 38 mm."""
    modules = len(qr_matrix(qr_text, QR_LEVEL))
    dots_per_mm = dpi / 25.4
    module_dots = math.ceil(QR_MIN_MM * dots_per_mm / modules)
    return QrLayout(modules, module_dots, dots_per_mm)


def thermal_module_dots(qr_text: str, dots_per_mm: float = 8.0, width_mm: float = 48.0) -> int:
    """Dots a module on the slip: as many whole dots as fit with the quiet zone, at least 4."""
    modules = len(qr_matrix(qr_text, QR_LEVEL))
    width = round(dots_per_mm * width_mm)
    dots = width // (modules + 2 * QUIET_MODULES)
    if dots < SLIP_MIN_DOTS:
        needed = (modules + 2 * QUIET_MODULES) * SLIP_MIN_DOTS
        raise ValueError(
            f"This attestation's QR code is too large for a {width_mm:g} mm thermal slip: "
            f"{modules} modules a side need {needed} dots at {SLIP_MIN_DOTS} dots a module, "
            f"and the printer has {width}. Print the A4 page instead."
        )
    return dots


def render(device: QPagedPaintDevice, cert: Printed) -> None:
    """Paints the certificate on `device` (a QPdfWriter or a QPrinter), A4 portrait."""
    set_a4(device)
    painter = QPainter(device)
    try:
        page = painter.viewport()
        sheet = _Sheet(painter, page.width(), page.height(), page.width() / (210 - 2 * MARGIN_MM))
        layout = qr_layout(cert.qr_text, device.logicalDpiX())
        if cert.preview:
            _watermark(sheet)
        y = _flow(sheet, cert)
        bottom = sheet.height - _bottom_height(sheet, cert, layout)
        if y > bottom:
            # Too many fields for one page: the signature and the code go on a second page,
            # under the same header, rather than over the text.
            device.newPage()
            if cert.preview:
                _watermark(sheet)
            _header(sheet, cert, 0)
        _bottom(sheet, cert, layout, bottom)
    finally:
        painter.end()


def save_pdf(path: Path, cert: Printed) -> None:
    writer = QPdfWriter(str(path))
    writer.setTitle(cert.title)
    writer.setCreator("Obambu")
    writer.setResolution(PDF_DPI)
    render(writer, cert)


def render_thermal(cert: Printed, dots_per_mm: float = 8.0, width_mm: float = 48.0) -> QImage:
    """The control slip for a 58 mm thermal printer (48 mm printable, 384 dots at 203 dpi).

    Pure black and white, text included: printed as a raster image, the accents do not depend
    on the printer's ESC/POS code pages. Raises ValueError when the QR code does not fit.
    """
    matrix = qr_matrix(cert.qr_text, QR_LEVEL)
    module = thermal_module_dots(cert.qr_text, dots_per_mm, width_mm)
    width = round(dots_per_mm * width_mm)
    # Tall enough for any slip; cut to what was drawn at the end.
    image = QImage(width, round(width * 8), QImage.Format.Format_RGB32)
    image.fill(WHITE)
    # Point sizes become physical sizes only when the image knows its resolution.
    image.setDotsPerMeterX(round(dots_per_mm * 1000))
    image.setDotsPerMeterY(round(dots_per_mm * 1000))
    painter = QPainter(image)
    try:
        sheet = _Sheet(painter, width, image.height(), dots_per_mm)
        end = _slip(sheet, cert, matrix, module)
    finally:
        painter.end()
    slip = image.copy(0, 0, width, math.ceil(end))
    flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.MonoOnly
    return slip.convertToFormat(QImage.Format.Format_Mono, flags).convertToFormat(
        QImage.Format.Format_Grayscale8
    )


def save_thermal_png(path: Path, cert: Printed) -> None:
    # QImageWriter rather than QImage.save: PNG whatever the file name, and a reason on failure.
    writer = QImageWriter(str(path), QByteArray(b"png"))
    if not writer.write(render_thermal(cert)):
        raise OSError(f"Could not write the thermal slip to {path}: {writer.errorString()}")


# The A4 page, top to bottom.


def _flow(sheet: _Sheet, cert: Printed) -> float:
    """Header, fields and the issue lines; returns where they end."""
    y = _header(sheet, cert, 0)
    y = _fields(sheet, cert.lines, y + 6 * sheet.mm)
    y += 4 * sheet.mm
    issued = PAPER["issued_on_words"]
    when = _arg(issued, date_in_words(cert.issued_on), date_in_digits(cert.issued_on))
    y += _write(sheet, when, _font(FIELD_PT), 0, y, sheet.width) + 2 * sheet.mm
    by = _arg(PAPER["issued_by"], cert.issuer)
    return y + _write(sheet, by, _font(FIELD_PT), 0, y, sheet.width)


def _header(sheet: _Sheet, cert: Printed, y: float) -> float:
    """Copy counter, commune, title and number; returns the y under the rule."""
    if cert.copy > 0:
        # ATT-28: outside the field block, since the counter is not signed.
        copy = _arg(PAPER["duplicate"], str(cert.copy))
        y += _write(sheet, copy, _font(FIELD_PT, bold=True), 0, y, sheet.width, _RIGHT)
        y += 2 * sheet.mm
    y += _write(sheet, cert.commune, _font(14, bold=True), 0, y, sheet.width, _CENTER)
    y += 3 * sheet.mm
    y += _write(sheet, cert.title, _font(22, bold=True), 0, y, sheet.width, _CENTER)
    y += 3 * sheet.mm
    number = _arg(PAPER["number"], cert.number)
    y += _write(sheet, number, _font(18, bold=True, family=MONO), 0, y, sheet.width, _CENTER)
    y += 4 * sheet.mm
    _rule(sheet, y)
    return y


def _fields(sheet: _Sheet, lines: list[tuple[str, str]], y: float) -> float:
    """Label and value side by side, both wrapped in their column; returns where they end."""
    label_width = LABEL_MM * sheet.mm
    value_x = label_width + 4 * sheet.mm
    for label, value in lines:
        used = _write(sheet, label, _font(FIELD_PT, bold=True), 0, y, label_width)
        used = max(used, _write(sheet, value, _font(FIELD_PT), value_x, y, sheet.width - value_x))
        y += used + 2.5 * sheet.mm
    return y


def _bottom_height(sheet: _Sheet, cert: Printed, layout: QrLayout) -> float:
    return max(_qr_column_height(sheet, cert, layout), _left_column_height(sheet, cert))


def _bottom(sheet: _Sheet, cert: Printed, layout: QrLayout, top: float) -> None:
    """Signature zone and notes on the left, the QR code on the right, down to the bottom."""
    column = QR_COLUMN_MM * sheet.mm
    left = sheet.width - column - 6 * sheet.mm
    _signature(sheet, top, min(left, SIGNATURE_MM * sheet.mm))
    notes = _notes_height(sheet, cert, left)
    _notes(sheet, cert, sheet.height - notes, left)
    _qr_column(sheet, cert, layout, sheet.width - column, sheet.height, column)


def _left_column_height(sheet: _Sheet, cert: Printed) -> float:
    left = sheet.width - (QR_COLUMN_MM + 6) * sheet.mm
    box = min(left, SIGNATURE_MM * sheet.mm) / 2
    return box + 4 * sheet.mm + _notes_height(sheet, cert, left)


def _signature(sheet: _Sheet, top: float, width: float) -> None:
    """The blank 2:1 zone for the mayor's signature and the commune's stamp."""
    painter = sheet.painter
    painter.setPen(QPen(BLACK, 0.3 * sheet.mm))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(0, top, width, width / 2))
    label = PAPER["signature"]
    pad = 2 * sheet.mm
    _write(sheet, label, _font(10), pad, top + pad, width - 2 * pad)


def _notes_height(sheet: _Sheet, cert: Printed, width: float) -> float:
    return sum(_measure(sheet, note, _font(10), width) for note in cert.notes)


def _notes(sheet: _Sheet, cert: Printed, y: float, width: float) -> None:
    for note in cert.notes:
        y += _write(sheet, note, _font(10), 0, y, width)


def _qr_column_height(sheet: _Sheet, cert: Printed, layout: QrLayout) -> float:
    column = QR_COLUMN_MM * sheet.mm
    under = _measure(sheet, _numbered(cert), _font(11, bold=True, family=MONO), column)
    return layout.side_dots + 2 * layout.quiet_dots + under + _verify_height(sheet, column)


def _qr_column(
    sheet: _Sheet, cert: Printed, layout: QrLayout, x: float, bottom: float, width: float
) -> None:
    """From the bottom up: the verification line, the number, then the code in its quiet zone."""
    bottom -= _verify_height(sheet, width)
    _write(sheet, _verify_line(), _font(9), x, bottom, width, _CENTER)
    number = _numbered(cert)
    number_font = _font(11, bold=True, family=MONO)
    bottom -= _measure(sheet, number, number_font, width)
    _write(sheet, number, number_font, x, bottom, width, _CENTER)
    full = layout.side_dots + 2 * layout.quiet_dots
    # Whole device units, so each module covers whole printer dots.
    left = math.floor(x + width - full)
    top = math.floor(bottom - full)
    _qr(sheet.painter, qr_matrix(cert.qr_text, QR_LEVEL), QPointF(left, top), layout.module_dots)


def _verify_line() -> str:
    return PAPER["verifiable"]


def _verify_height(sheet: _Sheet, width: float) -> float:
    return _measure(sheet, _verify_line(), _font(9), width)


def _numbered(cert: Printed) -> str:
    return _arg(PAPER["number"], cert.number)


def _watermark(sheet: _Sheet) -> None:
    """A light diagonal line across the page, painted first so the text stays on top."""
    text = PAPER["preview"]
    painter = sheet.painter
    painter.save()
    try:
        font = _font(72, bold=True)
        painter.setFont(font)
        diagonal = math.hypot(sheet.width, sheet.height)
        scale = 0.8 * diagonal / painter.fontMetrics().horizontalAdvance(text)
        font.setPointSizeF(72 * scale)
        painter.setFont(font)
        painter.setPen(WATERMARK)
        painter.translate(sheet.width / 2, sheet.height / 2)
        painter.rotate(-math.degrees(math.atan2(sheet.height, sheet.width)))
        box = QRectF(-diagonal / 2, -diagonal / 4, diagonal, diagonal / 2)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    finally:
        painter.restore()


def _rule(sheet: _Sheet, y: float) -> None:
    sheet.painter.setPen(QPen(BLACK, 0.3 * sheet.mm))
    sheet.painter.drawLine(QPointF(0, y), QPointF(sheet.width, y))


# The QR code.


def _qr(painter: QPainter, matrix: list[list[bool]], origin: QPointF, module: int) -> None:
    """The code at `origin` (top-left corner of its quiet zone), white zone then black modules.

    Each row's runs of black modules become one rectangle of a single path: the page holds a
    few hundred shapes instead of thousands, and no seam shows between neighbouring modules.
    """
    quiet = QUIET_MODULES * module
    full = len(matrix) * module + 2 * quiet
    painter.fillRect(QRectF(origin.x(), origin.y(), full, full), WHITE)
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for row, cells in enumerate(matrix):
        for start, length in _runs(cells):
            x = origin.x() + quiet + start * module
            y = origin.y() + quiet + row * module
            path.addRect(QRectF(x, y, length * module, module))
    painter.save()
    try:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillPath(path, BLACK)
    finally:
        painter.restore()


def _runs(cells: list[bool]) -> list[tuple[int, int]]:
    """(start, length) of each run of True."""
    runs: list[tuple[int, int]] = []
    start = -1
    for index, black in enumerate([*cells, False]):
        if black and start < 0:
            start = index
        elif not black and start >= 0:
            runs.append((start, index - start))
            start = -1
    return runs


# The thermal slip.


def _slip(sheet: _Sheet, cert: Printed, matrix: list[list[bool]], module: int) -> float:
    """Draws the slip top to bottom, centred; returns the height used."""
    y = 2 * sheet.mm
    for text, font in _slip_head(cert):
        y += _write(sheet, text, font, 0, y, sheet.width, _CENTER) + 0.8 * sheet.mm
    quiet = QUIET_MODULES * module
    side = len(matrix) * module
    left = (round(sheet.width) - side) // 2 - quiet
    _qr(sheet.painter, matrix, QPointF(left, math.ceil(y)), module)
    y = math.ceil(y) + side + 2 * quiet
    for text, font in _slip_tail(cert):
        y += _write(sheet, text, font, 0, y, sheet.width, _CENTER) + 0.8 * sheet.mm
    return y + 4 * sheet.mm  # white paper before the cutter


def _slip_head(cert: Printed) -> list[tuple[str, QFont]]:
    """Type, name, number, date, commune: the summary ATT-31 asks for, and nothing more."""
    head: list[tuple[str, QFont]] = []
    if cert.preview:
        head.append(_preview_line())
    head.append((cert.title, _slip_font(12, bold=True)))
    if cert.lines:
        # The subject (the person the certificate is about) is the first signed field.
        head.append((cert.lines[0][1], _slip_font(11, bold=True)))
    head.append((_numbered(cert), _slip_font(10, bold=True, family=MONO)))
    issued = PAPER["issued_on"]
    head.append((_arg(issued, date_in_digits(cert.issued_on)), _slip_font(10)))
    head.append((cert.commune, _slip_font(10)))
    if cert.copy > 0:
        copy = _arg(PAPER["duplicate"], str(cert.copy))
        head.append((copy, _slip_font(10, bold=True)))
    return head


def _slip_tail(cert: Printed) -> list[tuple[str, QFont]]:
    control = PAPER["control_copy"]
    tail = [(cert.number, _slip_font(10, bold=True, family=MONO)), (control, _slip_font(8))]
    if cert.preview:
        tail.append(_preview_line())
    return tail


def _preview_line() -> tuple[str, QFont]:
    text = PAPER["preview"]
    return text, _slip_font(11, bold=True)


def _slip_font(points: float, bold: bool = False, family: str = FONT) -> QFont:
    # Grey edge pixels would be thresholded away unevenly: draw the glyphs sharp instead.
    font = _font(points, bold, family)
    font.setStyleStrategy(QFont.StyleStrategy.NoAntialias)
    return font


# Text.

_LEFT = Qt.AlignmentFlag.AlignLeft
_CENTER = Qt.AlignmentFlag.AlignHCenter
_RIGHT = Qt.AlignmentFlag.AlignRight


def _font(points: float, bold: bool = False, family: str = FONT) -> QFont:
    return fonts.paper_font(family, points, bold)


def _option(align: Qt.AlignmentFlag) -> QTextOption:
    option = QTextOption(align)
    # Words wrap; a single word longer than the column (a fingerprint) breaks where it must.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    return option


def _measure(sheet: _Sheet, text: str, font: QFont, width: float) -> float:
    sheet.painter.setFont(font)
    return sheet.painter.boundingRect(QRectF(0, 0, width, 1e6), text, _option(_LEFT)).height()


def _write(
    sheet: _Sheet,
    text: str,
    font: QFont,
    x: float,
    y: float,
    width: float,
    align: Qt.AlignmentFlag = _LEFT,
) -> float:
    """Draws `text` wrapped to `width` from (x, y), in black; returns the height it took."""
    height = _measure(sheet, text, font, width)
    sheet.painter.setPen(BLACK)
    sheet.painter.drawText(QRectF(x, y, width, height), text, _option(align))
    return height


def _arg(template: str, *values: str) -> str:
    """QString::arg for Python: %1, %2… replaced in one pass, so a value may contain "%2"."""
    return re.sub(r"%(\d)", lambda m: values[int(m.group(1)) - 1], template)
