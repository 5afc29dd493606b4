"""Finding attestation QR codes in what a person hands over: a photo, a scan or a PDF.

zxing-cpp reads the codes (it copes with rotation, blur and small prints far better than
anything hand-written); pypdfium2 renders PDF pages to images first, at a resolution where a
printed QR code of a few centimetres is comfortably readable.
"""

from __future__ import annotations

import io
from pathlib import Path

import PIL.Image
import pypdfium2
import zxingcpp

from app.core.errors import ObambuError
from app.core.qrtext import PREFIX

PDF_SCALE = 200 / 72  # 200 dpi
QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


def qr_texts(path: Path) -> list[str]:
    """Every attestation QR text in the file, in page order. Empty when there is none."""
    data = Path(path).read_bytes()
    if data.startswith(b"%PDF"):
        images = _pdf_pages(data)
    else:
        try:
            images = [PIL.Image.open(io.BytesIO(data))]
        except PIL.UnidentifiedImageError:
            return []
    texts = []
    for image in images:
        for found in zxingcpp.read_barcodes(image, formats=QR_ONLY):
            if found.text.startswith(PREFIX):
                texts.append(found.text)
    return texts


def _pdf_pages(data: bytes) -> list[PIL.Image.Image]:
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise ObambuError(
            "This PDF file is damaged and cannot be read. Ask for the certificate again.",
            code="damaged_pdf",
        ) from exc
    try:
        return [page.render(scale=PDF_SCALE).to_pil() for page in pdf]
    finally:
        pdf.close()
