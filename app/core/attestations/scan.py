"""Finding attestation QR codes in what a person hands over: a photo, a scan or a PDF.

zxing-cpp reads the codes (it copes with rotation, blur and small prints far better than
anything hand-written); pypdfium2 renders PDF pages to images first, at a resolution where a
printed QR code of a few centimetres is comfortably readable.

The file comes from outside, so each cost is bounded before it is paid: the file's size before
it is read, an image's pixels from its header before it is decoded (big JPEG photos are decoded
at a reduced scale instead), a PDF's page count before any page is drawn, and each page's
pixels before it is rendered. Pages are rendered and read one at a time, in grey, and dropped.
"""

from __future__ import annotations

import io
import math
import os
import stat
import warnings
from collections.abc import Iterator
from pathlib import Path

import PIL.Image
import pypdfium2
import pypdfium2.raw
import zxingcpp

from app.core.attestations.qrtext import PREFIX
from app.core.errors import ObambuError

PDF_SCALE = 200 / 72  # 200 dpi
QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
MAX_FILE_BYTES = 64 * 1024 * 1024  # a phone photo is a few MB, a scanned bundle tens
MAX_PIXELS = 40_000_000  # 8000 × 5000: 40 MB in grey, and a printed QR code is still found
MAX_PDF_PAGES = 20  # a certificate is one page; a short bundle of papers is welcome
MAX_SIDE = 20_000  # pixels along a page's longest side: a page 1e9 points wide stays a strip
PHOTO_SIDE = 4000  # big JPEG photos are decoded at 1/2, 1/4 or 1/8 scale, down to about this
MAX_FRAME_PIXELS = 4096 * 2160  # a camera's frame: 4K at most; ours are asked for 1280 × 720


class ScanRefused(ObambuError):
    code = "scan_refused"


def qr_texts(path: Path) -> list[str]:
    """Every attestation QR text in the file, in page order. Empty when there is none."""
    try:
        data = _read(Path(path))
    except OSError as exc:  # gone since it was chosen, no right to read it, a stick pulled out
        raise ScanRefused(
            f"Cannot read {Path(path).name}: {exc.strerror}. Check that the file is still there, "
            "then try again.",
            code="scan_unreadable",
        ) from exc
    images = _pdf_pages(data) if data.startswith(b"%PDF") else iter([_image(data)])
    texts = []
    for image in images:
        for found in zxingcpp.read_barcodes(image, formats=QR_ONLY):
            if found.text.startswith(PREFIX):
                texts.append(found.text)
    return texts


def frame_texts(grey: bytes, width: int, height: int, stride: int | None = None) -> list[str]:
    """Every attestation QR text in one camera frame: `grey` holds `height` rows of `stride`
    bytes (`width` by default), one byte a pixel. The frame comes from a device, outside our
    hands: its size is checked against its bytes and bounded before anything is decoded."""
    stride = width if stride is None else stride
    if width <= 0 or height <= 0 or stride < width:
        raise _damaged_frame()
    if width * height > MAX_FRAME_PIXELS:
        raise ScanRefused(
            f"The camera sends images of {width} × {height} pixels, more than the "
            f"{MAX_FRAME_PIXELS // 1_000_000} million read. Choose a lower resolution for it.",
            code="camera_frame_too_large",
        )
    if len(grey) < stride * height:
        raise _damaged_frame()
    image = PIL.Image.frombuffer("L", (width, height), grey, "raw", "L", stride, 1)
    found = zxingcpp.read_barcodes(image, formats=QR_ONLY)
    return [code.text for code in found if code.text.startswith(PREFIX)]


def _damaged_frame() -> ScanRefused:
    return ScanRefused(
        "The camera sent an incomplete image. Unplug it, plug it in again, and try again.",
        code="camera_frame_damaged",
    )


def _read(path: Path) -> bytes:
    """The file's bytes, if it is a plain file of a sensible size (a FIFO would never end)."""
    # O_NONBLOCK: opening a FIFO would otherwise wait for a writer before anything is checked.
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ScanRefused(
                "This is not a photo, a scan or a PDF file. Choose the file of the certificate.",
                code="scan_not_a_file",
            )
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large()
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # it grew while it was read
        raise _too_large()
    if not data:
        raise _damaged_image()
    return data


def _image(data: bytes) -> PIL.Image.Image:
    """The image in grey, decoded only once its header has shown a bounded size."""
    # Pillow warns about what it skips in a damaged file, and past 89 Mpx (our own bound is
    # lower): the person gets one sentence, not the decoder's notes on stderr.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _decoded(data)


def _decoded(data: bytes) -> PIL.Image.Image:
    try:
        image = PIL.Image.open(io.BytesIO(data))  # reads the header only
    except PIL.Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except PIL.UnidentifiedImageError as exc:
        raise ScanRefused(
            "This file is neither a photo nor a PDF that Obambu can read. Take a photo of the "
            "certificate (JPEG or PNG), or type the number printed under the code.",
            code="scan_unknown_format",
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _damaged_image() from exc
    if image.format == "JPEG":
        image.draft("L", (PHOTO_SIDE, PHOTO_SIDE))  # the decoder scales down at no cost
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _too_many_pixels()
    try:
        return image.convert("L")  # decodes; truncated or corrupt data fails here
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        raise _damaged_image() from exc


def _pdf_pages(data: bytes) -> Iterator[PIL.Image.Image]:
    """Each page in grey at 200 dpi (less for a page so big it would pass MAX_PIXELS or
    MAX_SIDE)."""
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise _damaged_pdf() from exc
    try:
        if len(pdf) > MAX_PDF_PAGES:
            raise ScanRefused(
                f"This PDF has {len(pdf)} pages, more than the {MAX_PDF_PAGES} read for an "
                "attestation. Save the page with the certificate on its own and open that.",
                code="scan_too_many_pages",
            )
        for index in range(len(pdf)):
            try:
                page = pdf[index]
            except pypdfium2.PdfiumError as exc:
                raise _damaged_pdf() from exc
            try:
                yield _render(page)
            finally:
                page.close()
    finally:
        pdf.close()


def _render(page: pypdfium2.PdfPage) -> PIL.Image.Image:
    width, height = page.get_size()  # in points, 1/72 inch
    area = max(width * height, 1.0)
    scale = min(PDF_SCALE, math.sqrt(MAX_PIXELS / area), MAX_SIDE / max(width, height, 1.0))
    try:
        bitmap = page.render(
            scale=scale, grayscale=True, force_bitmap_format=pypdfium2.raw.FPDFBitmap_Gray
        )
    except pypdfium2.PdfiumError as exc:
        raise _damaged_pdf() from exc
    image: PIL.Image.Image = bitmap.to_pil()
    return image


def _too_large() -> ScanRefused:
    return ScanRefused(
        f"This file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, too large for a photo or "
        "a scan of a certificate. Take a new photo, or scan the certificate alone.",
        code="scan_too_large",
    )


def _too_many_pixels() -> ScanRefused:
    return ScanRefused(
        f"This image has more than {MAX_PIXELS // 1_000_000} million pixels, too many to read. "
        "Take the photo again at a lower resolution, or scan at 300 dpi.",
        code="scan_too_many_pixels",
    )


def _damaged_pdf() -> ScanRefused:
    return ScanRefused(
        "This PDF file is damaged and cannot be read. Ask for the certificate again.",
        code="damaged_pdf",
    )


def _damaged_image() -> ScanRefused:
    return ScanRefused(
        "This image is empty, incomplete or damaged and cannot be read. Take the photo again, "
        "or ask for the file again.",
        code="scan_damaged_image",
    )
