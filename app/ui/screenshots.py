"""Renders every screen with a demo network, in French and in English, for the docs.

    python -m app.ui.screenshots docs/screenshots      (what `make screenshots` runs)

Offscreen rendering: the same widgets a person sees, grabbed to PNG files. After the pictures
at 100 % (fr-03-forum.png), the same on a 1366×768 laptop less its task bar at 125 % and 150 %
display scaling (fr-150-03-forum.png) and at text size 16 (fr-t16-03-forum.png), each in a
process of its own (Qt reads the scale when it starts), the window at the size it opens with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from PySide6.QtWidgets import QApplication, QWidget

from app.core import demo
from app.core.attestations import certificates, kit, queries
from app.core.node.node import Node
from app.ui import certificate, i18n
from app.ui.attestations import AttestationsPage
from app.ui.firstrun import FirstRunDialog
from app.ui.settings import Settings, apply_font
from app.ui.sittings import SittingsPage
from app.ui.unlock import UnlockDialog
from app.ui.verifier import VerifierWindow
from app.ui.vote_entry import VoteEntryDialog
from app.ui.window import MainWindow
from app.ui.worker import Worker

SIZE = (1366, 740)  # a town-hall screen less its task bar
LAPTOP = (1366, 768 - 40)  # the scaled runs' screen: 768 px less a 40 px task bar
# name: (display scale, text size or None for the settings' default)
SCALED = {"125": (1.25, None), "150": (1.5, None), "t16": (1.0, 16)}


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
    # 256 colours, undithered: a screen of flat colours and text looks the same, and the
    # 152 pictures in docs/ take 6 MB instead of 15.
    with Image.open(path) as grabbed:
        flat = grabbed.convert("RGB").quantize(
            256, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    flat.save(path, optimize=True)
    print(path)


def main(out: Path, variant: str = "") -> None:
    """The pictures at 100 % (`variant` ""), then each scaled run in its own process; or only
    the scaled run `variant` names, in this process (started so by the first)."""
    os.environ.setdefault("OBAMBU_KDF", "interactive")
    os.environ.setdefault("OBAMBU_LAN", "off")  # pictures need no open ports
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    out.mkdir(parents=True, exist_ok=True)
    prefix = f"{variant}-" if variant else ""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        demo.build(root / "demo", 3, "demo")
        home = root / "demo" / "ambam"
        pdf = sample_certificate(home, root, None if variant else out)
        kit_folder = verifier_kit(home, root)
        for language in ("fr", "en"):
            i18n.install(app, language)
            if variant:  # the text size a new user gets, unless the run is about text size
                apply_font(SCALED[variant][1] or Settings().font_size)
            worker = Worker()
            first = FirstRunDialog(worker, root / "new", root / "demo")
            first.show()
            settle(app, worker)
            shoot(first, out / f"{language}-{prefix}00-first-run.png")
            first.close()
            unlock = UnlockDialog(worker, home)
            unlock.show()
            settle(app, worker)
            shoot(unlock, out / f"{language}-{prefix}01-unlock.png")
            unlock.close()
            worker.open(lambda: Node.open(home, "demo"))
            window = MainWindow(worker, root)
            if not variant:  # scaled: the size it opens with on the laptop
                window.resize(*SIZE)
            window.show()
            for row in range(window.nav.count()):
                window.nav.setCurrentRow(row)
                settle(app, worker)
                name = type(window.stack.widget(row)).__name__.removesuffix("Page").lower()
                shoot(window, out / f"{language}-{prefix}{row + 2:02d}-{name}.png")
            office = window.stack.widget(4)
            assert isinstance(office, AttestationsPage)
            window.nav.setCurrentRow(4)
            for tab in range(office.tabs.count()):
                office.tabs.setCurrentIndex(tab)
                if tab == 1:  # a verification, as a clerk would do it at the counter
                    office.verify.input.setText(demo_number(home))
                    office.verify.verify_input()
                settle(app, worker)
                shoot(window, out / f"{language}-{prefix}{21 + tab}-attestations-{tab + 1}.png")
            verifier = VerifierWindow(worker, kit_folder)
            if not variant:
                verifier.resize(*SIZE)
            verifier.show()
            verifier.panel.verify_file(pdf)
            settle(app, worker)
            shoot(verifier, out / f"{language}-{prefix}25-verifier.png")
            verifier.close()
            sittings = window.stack.widget(3)
            assert isinstance(sittings, SittingsPage) and sittings.rows
            entry = VoteEntryDialog(sittings.rows[0])
            entry.show()
            settle(app, worker)
            shoot(entry, out / f"{language}-{prefix}20-vote-entry.png")
            entry.close()
            window.close()  # stops the worker
    if not variant:
        for name in SCALED:
            scaled_run(out, name)


def scaled_run(out: Path, variant: str) -> None:
    """`variant`'s pictures, by this module in a process whose screen is the laptop's."""
    scale, _size = SCALED[variant]
    width, height = LAPTOP
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "screen.json"
        config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
        env = dict(os.environ)
        env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
        env["QT_SCALE_FACTOR"] = str(scale)
        command = [sys.executable, "-m", "app.ui.screenshots", str(out), variant]
        subprocess.run(command, env=env, check=True)


def sample_certificate(home: Path, folder: Path, pictures: Path | None) -> Path:
    """The demo's first attestation as it prints, for the verifier's picture; its thermal slip
    among the pictures. Not in docs/ itself: the demo network is made afresh each time, so
    nobody could check that paper (the one that verifies is docs/samples/attestation.pdf)."""
    node = Node.open(home, "demo")
    try:
        first = queries.first(node)
        assert first is not None, "the demo network issues attestations"
        page = certificates.to_print(node, first.id)
    finally:
        node.close()
    certificate.save_pdf(folder / "attestation-demo.pdf", page)
    if pictures is not None:
        certificate.save_thermal_png(pictures / "attestation-ticket.png", page)
    return folder / "attestation-demo.pdf"


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
    main(
        Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"),
        sys.argv[2] if len(sys.argv) > 2 else "",
    )
