"""Renders every screen with a demo network, in French and in English, for the docs.

    python -m app.ui.screenshots docs/screenshots      (what `make screenshots` runs)

Offscreen rendering: the same widgets a person sees, grabbed to PNG files.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from app.core import demo
from app.core.attestations import certificates, kit, queries
from app.core.node.node import Node
from app.ui import certificate, i18n
from app.ui.attestations import AttestationsPage
from app.ui.firstrun import FirstRunDialog
from app.ui.sittings import SittingsPage
from app.ui.unlock import UnlockDialog
from app.ui.verifier import VerifierWindow
from app.ui.vote_entry import VoteEntryDialog
from app.ui.window import MainWindow
from app.ui.worker import Worker

SIZE = (1366, 740)  # a town-hall screen less its task bar


def settle(app: QApplication, worker: Worker, seconds: float = 0.4) -> None:
    """Lets queued work finish and the window repaint."""
    end = time.monotonic() + 20
    while worker.pending and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def shoot(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(path)


def main(out: Path) -> None:
    os.environ.setdefault("OBAMBU_KDF", "interactive")
    os.environ.setdefault("OBAMBU_LAN", "off")  # pictures need no open ports
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        demo.build(root / "demo", 3, "demo")
        home = root / "demo" / "ambam"
        sample_certificate(home, out.parent)
        kit_folder = verifier_kit(home, root)
        for language in ("fr", "en"):
            i18n.install(app, language)
            worker = Worker()
            first = FirstRunDialog(worker, root / "new", root / "demo")
            first.show()
            settle(app, worker)
            shoot(first, out / f"{language}-00-first-run.png")
            first.close()
            unlock = UnlockDialog(worker, home)
            unlock.show()
            settle(app, worker)
            shoot(unlock, out / f"{language}-01-unlock.png")
            unlock.close()
            worker.open(lambda: Node.open(home, "demo"))
            window = MainWindow(worker, root)
            window.resize(*SIZE)
            window.show()
            for row in range(window.nav.count()):
                window.nav.setCurrentRow(row)
                settle(app, worker)
                name = type(window.stack.widget(row)).__name__.removesuffix("Page").lower()
                shoot(window, out / f"{language}-{row + 2:02d}-{name}.png")
            office = window.stack.widget(4)
            assert isinstance(office, AttestationsPage)
            window.nav.setCurrentRow(4)
            for tab in range(office.tabs.count()):
                office.tabs.setCurrentIndex(tab)
                if tab == 1:  # a verification, as a clerk would do it at the counter
                    office.verify.input.setText(demo_number(home))
                    office.verify.verify_input()
                settle(app, worker)
                shoot(window, out / f"{language}-{21 + tab}-attestations-{tab + 1}.png")
            verifier = VerifierWindow(worker, kit_folder)
            verifier.resize(*SIZE)
            verifier.show()
            verifier.panel.verify_file(out.parent / "attestation-exemple.pdf")
            settle(app, worker)
            shoot(verifier, out / f"{language}-25-verifier.png")
            verifier.close()
            sittings = window.stack.widget(3)
            assert isinstance(sittings, SittingsPage) and sittings.rows
            entry = VoteEntryDialog(sittings.rows[0])
            entry.show()
            settle(app, worker)
            shoot(entry, out / f"{language}-20-vote-entry.png")
            entry.close()
            window.close()  # stops the worker


def sample_certificate(home: Path, docs: Path) -> None:
    """docs/attestation-exemple.pdf: the demo's first attestation, as it prints."""
    node = Node.open(home, "demo")
    try:
        first = queries.first(node)
        assert first is not None, "the demo network issues attestations"
        page = certificates.to_print(node, first.id)
    finally:
        node.close()
    certificate.save_pdf(docs / "attestation-exemple.pdf", page)
    certificate.save_thermal_png(docs / "attestation-ticket-exemple.png", page)
    print(docs / "attestation-exemple.pdf")


def verifier_kit(home: Path, root: Path) -> Path:
    """A gendarmerie's kit folder, loaded from a kit the demo's first town hall wrote."""
    node = Node.open(home, "demo")
    try:
        kit.export(node, root / "stick")
    finally:
        node.close()
    kit.import_kit(root / "stick", root / "gendarmerie")
    return root / "gendarmerie"


def demo_number(home: Path) -> str:
    node = Node.open(home, "demo")
    try:
        first = queries.first(node)
        assert first is not None, "the demo network issues attestations"
        return first.number
    finally:
        node.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
