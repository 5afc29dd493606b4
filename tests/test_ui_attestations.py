"""The attestation office: issue, save the PDF, verify it from the PDF's QR code and from a photo,
refuse a tampered one, revoke, and see the cancellation."""

from __future__ import annotations

import io
from pathlib import Path

import PIL.Image
import pytest

from app.core.node import Node
from app.core.paper import qr_png
from app.ui.attestations import AttestationsPage
from app.ui.worker import Worker


@pytest.fixture
def page(qtbot, net):  # type: ignore[no-untyped-def]
    home = net.nodes[0].home
    net.nodes[0].close()
    worker = Worker()
    worker.open(lambda: Node.open(home, "pass phrase"))
    made = AttestationsPage(worker)
    qtbot.addWidget(made)
    yield made
    worker.stop()
    net.nodes[0] = Node.open(home, "pass phrase")


def _issue(qtbot, page: AttestationsPage, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    document = tmp_path / "residence.txt"
    document.write_text("Paul Ekani réside à Ambam.", encoding="utf-8")
    page.subject.setText("Paul Ekani")
    page.document.setText(str(document))
    page.issue()
    qtbot.waitUntil(lambda: page.save_button.isEnabled(), timeout=20_000)
    return document


def test_issue_save_and_verify_from_the_pdf_and_a_photo(qtbot, page, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    document = _issue(qtbot, page, tmp_path)
    pdf = tmp_path / "certificat.pdf"
    monkeypatch.setattr(
        "app.ui.attestations.QFileDialog.getSaveFileName", lambda *a, **k: (str(pdf), "")
    )
    page.save_pdf()
    assert pdf.read_bytes().startswith(b"%PDF")
    page.verify_file(pdf)
    qtbot.waitUntil(lambda: page.verdict.text().startswith("Authentic"), timeout=30_000)
    assert "Paul Ekani" in page.checks.text()
    assert page.last is not None
    photo = tmp_path / "photo.png"
    image = PIL.Image.open(io.BytesIO(qr_png(page.last[0].qr_text))).rotate(90, expand=True)
    image.save(photo)
    page.verify_file(photo)
    qtbot.waitUntil(lambda: page.verdict.text().startswith("Authentic"), timeout=30_000)
    page.verdict.clear()
    page.verify_file(document)  # the document itself, found by its fingerprint
    qtbot.waitUntil(lambda: page.verdict.text().startswith("Authentic"), timeout=30_000)


def test_a_tampered_code_is_not_authentic(qtbot, page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _issue(qtbot, page, tmp_path)
    assert page.last is not None
    from app.core.qrtext import from_qr_text, to_qr_text

    data = bytearray(from_qr_text(page.last[0].qr_text))
    at = data.index(b"Paul Ekani")
    data[at] = ord("R")  # "Raul Ekani": the signature no longer matches
    page.qr_text.setText(to_qr_text(bytes(data)))
    page.verify_text()
    qtbot.waitUntil(lambda: page.verdict.text().startswith("NOT authentic"), timeout=20_000)
    assert "✘ the signature does not match" in page.checks.text()


def test_revoking_shows_as_cancelled(qtbot, page, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _issue(qtbot, page, tmp_path)
    page.refresh()
    qtbot.waitUntil(lambda: page.issued.count() >= 1, timeout=20_000)
    page.issued.setCurrentRow(0)
    monkeypatch.setattr(
        "app.ui.attestations.QInputDialog.getText", lambda *a, **k: ("Erreur de nom", True)
    )
    page.revoke()
    qtbot.waitUntil(lambda: "cancelled" in page.issued.item(0).text(), timeout=20_000)
    assert page.last is not None
    page.qr_text.setText(page.last[0].qr_text)
    page.verify_text()
    qtbot.waitUntil(lambda: page.verdict.text().startswith("Cancelled"), timeout=20_000)


def test_a_file_without_a_code_says_so(qtbot, page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    stray = tmp_path / "autre.txt"
    stray.write_text("rien", encoding="utf-8")
    page.verify_file(stray)
    qtbot.waitUntil(lambda: page.verdict.text().startswith("No attestation QR"), timeout=20_000)
