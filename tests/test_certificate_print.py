"""The printed certificate round-trips: what Qt draws, a scanner reads back.

The A4 PDF is rasterised at the resolutions of a poor scan (100 dpi), a usual one (150 dpi) and
a good one (300 dpi), and zxing-cpp, the reader the verification screen uses, must find exactly
the attestation text in each. The thermal slip is read as printed, and again after a simulated
203 dpi print: thresholded to pure black and white, then slightly blurred.
"""

from __future__ import annotations

import io
import math
import os
from datetime import date
from pathlib import Path

import PIL.Image
import PIL.ImageFilter
import pypdfium2
import pytest
import zxingcpp
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app.core.attestations.printed import Printed, date_in_words
from app.core.attestations.qrtext import from_qr_text, to_qr_text
from app.core.crypto.paper import qr_matrix, qr_version
from app.ui import certificate

QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
NAME = "Marie-Françoise Ngo Mbarga épouse Nkoulou-Essomba"
PAYLOAD = os.urandom(220)  # the size of a signed attestation (ATT-26: v13 at level Q)


def printed(**changes: object) -> Printed:
    fields: dict[str, object] = {
        "title": "Certificat de résidence",
        "commune": "Commune d'Ambam",
        "number": "K7QP-2026-000412-X",
        "lines": [
            ("Nom et prénoms", NAME),
            ("Né(e) le", "3 février 1987 à Ébolowa"),
            ("Domicile", "Quartier Nkolmeyang, près de l'école publique, Ambam"),
            ("Fils/fille de", "Jean-Bosco Ngo Mbarga et Thérèse Abéga"),
            ("Profession", "Institutrice"),
            ("Motif", "Constitution d'un dossier de bourse d'études à l'étranger"),
        ],
        "issued_on": date(2026, 3, 14),
        "issuer": "Marie Ndongo, maire",
        "qr_text": to_qr_text(PAYLOAD),
        "notes": ["Toute falsification ou usage de faux est puni par la loi."],
    }
    fields.update(changes)
    return Printed(**fields)  # type: ignore[arg-type]


def decode(image: PIL.Image.Image) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(image, formats=QR_ONLY)]


def pdf_page(path: Path, dpi: int) -> PIL.Image.Image:
    pdf = pypdfium2.PdfDocument(path)
    try:
        return pdf[0].render(scale=dpi / 72).to_pil()
    finally:
        pdf.close()


def pdf_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(path)
    try:
        text = "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    # Wrapped lines and rotated words come back with line breaks between them.
    return " ".join(text.split())


def to_pil(image: QImage) -> PIL.Image.Image:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return PIL.Image.open(io.BytesIO(bytes(data.data()))).convert("L")


@pytest.fixture
def pdf(qapp: QApplication, tmp_path: Path) -> Path:
    path = tmp_path / "certificat.pdf"
    certificate.save_pdf(path, printed())
    return path


def test_qr_fits_the_target_version() -> None:
    text = printed().qr_text
    assert from_qr_text(text) == PAYLOAD
    assert qr_version(text, "Q") <= 13
    assert len(qr_matrix(text, "Q")) == 17 + 4 * qr_version(text, "Q")


@pytest.mark.parametrize("dpi", [100, 150, 300])
def test_pdf_qr_reads_back(pdf: Path, dpi: int) -> None:
    assert decode(pdf_page(pdf, dpi)) == [printed().qr_text]


def test_qr_is_large_on_paper(pdf: Path) -> None:
    layout = certificate.qr_layout(printed().qr_text)
    assert layout.version <= 13
    assert layout.side_mm >= 38
    # Measured on the page too: the corners zxing found, at 300 dpi.
    (found,) = zxingcpp.read_barcodes(pdf_page(pdf, 300), formats=QR_ONLY)
    corners = found.position
    top = corners.top_right.x - corners.top_left.x, corners.top_right.y - corners.top_left.y
    side_px = math.hypot(*top)
    assert side_px / (300 / 25.4) >= 35


def test_pdf_embeds_fonts_and_keeps_french_text(pdf: Path) -> None:
    assert b"/FontFile2" in pdf.read_bytes() or b"/FontFile" in pdf.read_bytes()
    text = pdf_text(pdf)
    assert "3 février 1987 à Ébolowa" in text
    assert "Marie-Françoise" in text and "Thérèse Abéga" in text
    assert date_in_words(date(2026, 3, 14)) in text  # quatorze mars deux-mille-vingt-six
    assert "14/03/2026" in text
    assert "Toute falsification ou usage de faux est puni par la loi." in text
    assert "Délivrée par Marie Ndongo, maire" in text  # French paper, whatever the screen
    assert "Signature et cachet" in text
    assert "APERÇU – NON VALABLE" not in text
    assert "DUPLICAT" not in text


def test_preview_and_duplicate_marks(qapp: QApplication, tmp_path: Path) -> None:
    path = tmp_path / "apercu.pdf"
    certificate.save_pdf(path, printed(preview=True, copy=2))
    text = pdf_text(path)
    assert "APERÇU – NON VALABLE" in text
    assert "DUPLICATA n° 2" in text
    # The watermark is painted under the code, which still reads.
    assert decode(pdf_page(path, 150)) == [printed().qr_text]


def test_many_fields_move_the_code_to_a_second_page(qapp: QApplication, tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    lines = [(f"Mention {i}", "Texte d'une mention marginale assez longue " * 3) for i in range(14)]
    certificate.save_pdf(path, printed(lines=lines))
    with pypdfium2.PdfDocument(path) as pages:
        assert len(pages) == 2
        second = pages[1].render(scale=150 / 72).to_pil()
    assert decode(second) == [printed().qr_text]


def test_thermal_slip_reads_back(qapp: QApplication) -> None:
    cert = printed()
    image = certificate.render_thermal(cert)
    assert image.width() == 384
    slip = to_pil(image)
    assert {value for _, value in slip.getcolors() or []} <= {
        0,
        255,
    }  # 1-bit: what a thermal head prints
    assert decode(slip) == [cert.qr_text]
    assert certificate.thermal_module_dots(cert.qr_text) >= 4
    # A 203 dpi head: each dot bleeds a little into its neighbours, then burns black or not.
    printed_slip = slip.filter(PIL.ImageFilter.GaussianBlur(0.8)).point(
        lambda value: 255 if value > 128 else 0
    )
    assert decode(printed_slip) == [cert.qr_text]


def test_thermal_png_file(qapp: QApplication, tmp_path: Path) -> None:
    path = tmp_path / "ticket.png"
    certificate.save_thermal_png(path, printed(copy=1, preview=True))
    image = PIL.Image.open(path)
    assert image.width == 384
    assert decode(image) == [printed().qr_text]


def test_too_large_for_the_slip(qapp: QApplication) -> None:
    cert = printed(qr_text=to_qr_text(os.urandom(600)))
    with pytest.raises(ValueError, match="too large for a 48 mm thermal slip"):
        certificate.render_thermal(cert)
    with pytest.raises(ValueError, match="Print the A4 page instead"):
        certificate.thermal_module_dots(cert.qr_text)
