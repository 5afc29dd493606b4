"""Printing an attestation to a file, from the command line or a worker: count the print in
the ledger first (so a duplicate says so), then draw the page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.core.attestations import certificates
from app.core.node.node import Node
from app.ui import certificate

_APP: list[QApplication] = []


def print_to_file(node: Node, attestation: bytes, out: Path, *, thermal: bool = False) -> int:
    """Writes the PDF (or the thermal slip as PNG) and returns the copy number, 1 = original."""
    if QApplication.instance() is None:  # the command line has no window: fonts need one
        _APP.append(QApplication([]))  # kept referenced, or Python would free it
    copy = certificates.record_print(node, attestation)
    page = certificates.to_print(node, attestation, copy - 1)
    if thermal:
        certificate.save_thermal_png(out, page)
    else:
        certificate.save_pdf(out, page)
    return copy
