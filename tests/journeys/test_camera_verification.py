"""Verifying an attestation with the camera, as a gendarme and a town-hall clerk do it: the paper
held up to the webcam after a few empty frames, the verdict in the same words as for the file.

The camera is the one thing played here: it shows pictures from files (a photo of the printed
certificate, rendered from its PDF, and of a forged code), through the same path a webcam's
frames take from the dialog to the verdict. Everything else is the person's steps: `obambu`
commands at the town hall, clicks in the windows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import qrcode
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app.core.attestations.qrtext import from_qr_text, to_qr_text
from app.ui import camera
from app.ui.attest_verify import VerifyPanel
from app.ui.verifier import VerifierWindow
from app.ui.worker import Worker
from tests.journeys.conftest import Town, open_window


class FileCamera:
    """A webcam that shows the pictures of these files one after the other, then keeps showing
    the last (the paper stays in front of it)."""

    def __init__(self, *files: Path) -> None:
        self.frames = [QImage(str(path)) for path in files]
        assert all(not frame.isNull() for frame in self.frames)
        self.shown = 0
        self.running = False

    def start(self) -> None:
        self.running = True

    def stop(self) -> None:
        self.running = False

    def next_frame(self) -> QImage | None:
        if not self.running:
            return None
        self.shown += 1
        return self.frames[min(self.shown, len(self.frames)) - 1]


def _photo_of(pdf: Path, out: Path) -> Path:
    """What a webcam sees of the printed page: the page at 120 dpi, in colour."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        document[0].render(scale=120 / 72).to_pil().convert("RGB").save(out)
    finally:
        document.close()
    return out


def _empty(out: Path) -> Path:
    """The camera looking at the desk: nothing to read."""
    image = QImage(1280, 720, QImage.Format.Format_RGB32)
    image.fill(0x8A7F70)
    image.save(str(out))
    return out


def _forged(qr_text: str, out: Path) -> Path:
    """The same attestation with the name changed by hand, printed as a new QR code."""
    data = from_qr_text(qr_text)
    assert b"Jean Mba" in data
    qrcode.make(to_qr_text(data.replace(b"Jean Mba", b"Jean Mbo"))).save(str(out))
    return out


def _with_camera(qtbot: Any, panel: VerifyPanel, shown: FileCamera) -> str:
    """Clicks "Verify with the camera" in front of `shown`; the verdict's title once read."""
    panel.outcome.clear()
    qtbot.mouseClick(panel.with_camera, Qt.MouseButton.LeftButton)
    dialog = panel.camera_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: panel.outcome.text() not in ("", "Checking…"), timeout=30_000)
    assert panel.camera_dialog is None and not _cameras_shown()
    assert not shown.running  # the camera stopped with the dialog
    return panel.outcome.text()


def _cameras_shown() -> list[camera.CameraDialog]:
    shown = QApplication.topLevelWidgets()
    return [w for w in shown if isinstance(w, camera.CameraDialog) and w.isVisible()]


def _verdict(panel: VerifyPanel) -> tuple[str, str, list[str]]:
    fields = [
        panel.fields.itemAt(n).widget().text()  # type: ignore[union-attr]
        for n in range(panel.fields.count())
        if panel.fields.itemAt(n).widget() is not None
    ]
    return panel.outcome.text(), panel.status.text(), fields


def _issue_and_print(town: Town, tmp_path: Path) -> tuple[Path, str]:
    issued = town.json("attest", "issue", "--type", "res", "--subject", "Jean Mba")
    pdf = tmp_path / "attestation.pdf"
    town.run("attest", "print", "--id", issued["id"], "--out", pdf)
    return pdf, str(issued["qr"])


def test_a_gendarme_verifies_a_paper_with_the_webcam(
    qtbot: Any,
    demo: Callable[[int], list[Town]],
    stick: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ambam, _bipindi = demo(2)
    pdf, qr_text = _issue_and_print(ambam, tmp_path)
    ambam.run("attest", "kit", "export", "--to", stick)
    empty, photo = _empty(tmp_path / "desk.png"), _photo_of(pdf, tmp_path / "paper.png")
    forged = _forged(qr_text, tmp_path / "forged.png")

    worker = Worker()
    window = VerifierWindow(worker, tmp_path / "gendarmerie")
    qtbot.addWidget(window)
    window.show()
    try:
        monkeypatch.setattr(
            "app.ui.files.QFileDialog.getExistingDirectory", lambda *a, **k: str(stick)
        )
        load = next(
            b for b in window.findChildren(type(window.panel.with_camera)) if "kit" in b.text()
        )
        qtbot.mouseClick(load, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Kit from Ambam" in window.about.text(), timeout=20_000)
        panel = window.panel

        paper = FileCamera(empty, empty, empty, photo)
        monkeypatch.setattr(camera, "find_camera", lambda: paper)
        assert _with_camera(qtbot, panel, paper) == "Authentic – not cancelled"
        assert paper.shown >= 4  # read once the paper came into view, not before
        by_camera = _verdict(panel)
        assert "Jean Mba" in by_camera[2]

        panel.outcome.clear()
        panel.verify_file(pdf)  # the same paper, as a file: the same words
        qtbot.waitUntil(lambda: panel.outcome.text() not in ("", "Checking…"), timeout=30_000)
        assert _verdict(panel) == by_camera

        fake = FileCamera(empty, forged)
        monkeypatch.setattr(camera, "find_camera", lambda: fake)
        assert _with_camera(qtbot, panel, fake) == "NOT authentic"
        assert "Forged or altered" in panel.status.text()
    finally:
        worker.stop()


@pytest.mark.skipif(any(Path("/dev").glob("video*")), reason="this computer has a camera")
def test_without_a_camera_one_plain_sentence(qtbot: Any, tmp_path: Path) -> None:
    worker = Worker()
    window = VerifierWindow(worker, tmp_path / "gendarmerie")
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.mouseClick(window.panel.with_camera, Qt.MouseButton.LeftButton)
        assert window.panel.status.text() == (
            "No camera is connected to this computer. Connect one, or choose a file."
        )
        assert window.panel.camera_dialog is None
        assert not _cameras_shown()
    finally:
        worker.stop()


def test_the_town_hall_verifies_with_the_webcam_in_its_attestations_screen(
    qtbot: Any,
    demo: Callable[[int], list[Town]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (ambam,) = demo(1)
    pdf, _qr = _issue_and_print(ambam, tmp_path)
    paper = FileCamera(_empty(tmp_path / "desk.png"), _photo_of(pdf, tmp_path / "paper.png"))
    monkeypatch.setattr(camera, "find_camera", lambda: paper)

    window, worker = open_window(qtbot, ambam)
    try:
        window.nav.setCurrentRow(window.stack.indexOf(window.attestations))
        page = window.attestations
        page.tabs.setCurrentWidget(page.verify)
        assert page.verify.with_camera.isVisible()
        assert _with_camera(qtbot, page.verify, paper) == "Authentic – not cancelled"
        assert "According to the list of Ambam" in page.verify.status.text()
    finally:
        worker.stop()
