"""Reading the attestation back from a picture of the printed certificate.

Setup: a town hall's profile issues a real attestation (a long French name, a birth date and
place, an act number: close to the QR code's limit), prints it to PDF with app/ui/certificate.py
and rasterises it once at 150 dpi, what an office scanner or a phone photo of the page gives.
Timed: what the verification screen does with an image: app.core.attestations.scan.qr_texts on
that PNG, then certificates.verify against the ledger (signature, record, status). Baseline,
in the same run: the same decoding of a bare QR code PNG of the same text (paper.qr_png, level
Q, about the same pixels per module), so the ratio shows what finding the code on a full page
costs.
Goal: verify from an image in under 300 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pypdfium2

# The certificate is drawn by Qt, as in the app; the timed part is Qt-free.
from PySide6.QtGui import QGuiApplication  # noqa: TID251

from app.core.attestations import certificates, scan
from app.core.attestations.certificates import Request
from app.core.attestations.printed import Printed
from app.core.attestations.qrtext import from_qr_text
from app.core.crypto import paper
from app.core.node.node import Node
from app.ui import certificate

PAGE_DPI = 150
GOAL_MS = 300


def issued_page(home: Path) -> tuple[Node, Printed]:
    """A founded commune with one real attestation, and its printed page."""
    os.environ.setdefault("OBAMBU_KDF", "interactive")  # the bench times verifying, not opening
    node = Node.create(home, "bench passphrase", "Ambam")
    node.found("Bench")
    node.add_member("Marie Ndongo")
    node.seal()
    name = "Marie-Françoise Ngo Mbarga épouse Nkoulou"
    detail = "Acte n° 412/1987, registre des naissances"
    request = Request("nais", name, born="1987-02-03", place="Ébolowa", detail=detail)
    issued = certificates.issue(node, request)
    return node, certificates.to_print(node, issued.id)


def page_png(pdf: Path, out: Path) -> None:
    document = pypdfium2.PdfDocument(pdf)
    try:
        document[0].render(scale=PAGE_DPI / 72).to_pil().save(out)
    finally:
        document.close()


def verified(node: Node, page: Path) -> list[str]:
    """The verification screen's work on an image; returns the text read, once authentic."""
    (text,) = scan.qr_texts(page)
    outcome = certificates.verify(node, from_qr_text(text)).outcome
    assert outcome == "authentic", outcome
    return [text]


def timed(read: Callable[[], list[str]], expected: str, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        texts = read()
        out.append((time.perf_counter() - start) * 1000)
        assert texts == [expected], texts
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    app = QGuiApplication([])  # fonts and painting need it, even offscreen
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        node, cert = issued_page(Path(tmp, "home"))
        layout = certificate.qr_layout(cert.qr_text)
        pdf, page, bare = Path(tmp, "c.pdf"), Path(tmp, "page.png"), Path(tmp, "qr.png")
        certificate.save_pdf(pdf, cert)
        page_png(pdf, page)
        # Same pixels per module as on the 150 dpi page, rounded to whole pixels.
        module_px = max(1, round(layout.module_dots / certificate.PDF_DPI * PAGE_DPI))
        bare.write_bytes(paper.qr_png(cert.qr_text, box_size=module_px, error_correction="Q"))
        for path in (page, bare, pdf):  # warm both alike: imports, first allocations
            timed(lambda path=path: scan.qr_texts(path), cert.qr_text, 2)
        ours = statistics.median(timed(lambda: scan.qr_texts(page), cert.qr_text, args.runs))
        whole = statistics.median(timed(lambda: verified(node, page), cert.qr_text, args.runs))
        node.close()
        base = statistics.median(timed(lambda: scan.qr_texts(bare), cert.qr_text, args.runs))
        from_pdf = statistics.median(timed(lambda: scan.qr_texts(pdf), cert.qr_text, args.runs))
        sizes = page.stat().st_size, bare.stat().st_size
    del app
    print(
        f"certificate: QR v{layout.version} level Q, {layout.modules} modules, "
        f"{layout.module_dots} dots at {certificate.PDF_DPI} dpi, side {layout.side_mm:.1f} mm"
    )
    print(
        f"verify from a {PAGE_DPI} dpi page PNG ({sizes[0] // 1024} KiB): median {ours:.1f} ms "
        f"over {args.runs} runs (goal < {GOAL_MS} ms)"
    )
    print(f"decode and verify against the ledger: median {whole:.1f} ms (goal < {GOAL_MS} ms)")
    print(
        f"baseline (bare QR PNG, same text, {module_px} px a module, {sizes[1] // 1024} KiB): "
        f"median {base:.1f} ms"
    )
    print(f"ratio page/baseline: {ours / base:.2f}")
    print(f"for reference, from the PDF itself (rendered at 200 dpi): median {from_pdf:.1f} ms")


if __name__ == "__main__":
    main()
