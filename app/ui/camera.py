"""Vérifier avec la caméra: a live picture of what the camera sees, and the attestation read as
soon as its QR code is in view.

A camera is anything with `start`, `stop` and `next_frame` (app/ui/camera_source.py): the town
hall's webcam through the backend of its system (see `find_camera`), or, in the tests, a series
of images from files, so the same path runs from the frame to the verdict.

The capture libraries were chosen for the size of the release, which is already at the edge of
its 150 MB (docs/performance.md), then for their reliability; measured on the wheels of
PySide6 6.10.3 and PyPI (2026-12):
- Windows (first): Qt Multimedia's own Media Foundation backend (app/ui/camera_qt.py), 4.9 MB
  in all: the Qt6Multimedia library, its Python binding and the Media Foundation plugin
  (2.1 MB), and Qt6Network with its binding (2.8 MB), which they need. The 19 MB of FFmpeg the
  same wheel carries are left out of the build (packaging/obambu.spec): Media Foundation is
  Windows' own. It is Qt's maintained code, in the toolkit the app is already built on.
- Linux: linuxpy, pure Python over the V4L2 ioctls (app/ui/camera_v4l2.py): the 12 modules its
  video part imports are 0.21 MB of source (of its 1.9 MB). Qt Multimedia on Linux needs its
  FFmpeg plugin, which links FFmpeg (19 MB), Qt Quick, QML and OpenGL: too large.
- Not chosen: opencv-python-headless, 132 MB unpacked on Windows (180 MB on Linux), alone
  nearly the whole budget; pygrabber (DirectShow over comtypes) needs numpy, some 30 MB.

Frames are read off the GUI thread by one long job (app/ui/operations.py, `LongOp`) for the
life of the dialog: the dialog leaves it the newest frame only (`Latest`), so there is at most
one decode in flight and the frames that come while it works are dropped, never queued.
"""

from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.attestations import scan
from app.core.errors import ObambuError
from app.core.progress import Listener
from app.ui import failure
from app.ui.camera_source import Camera, no_camera
from app.ui.jobs import Cancelled, stop_requested
from app.ui.operations import LongOp, Running
from app.ui.worker import Worker

log = logging.getLogger(__name__)

FRAME_MS = 100  # the preview and the reader take a new frame ten times a second
FRAME_SIDE = 1920  # a frame wider or taller is scaled down before it is read
WAIT_S = 0.2  # how long the reader waits for a frame before it looks whether it was stopped


def find_camera() -> Camera:
    """The first camera of this computer, by the backend of its system; `NoCamera` if none."""
    try:
        if sys.platform == "win32":
            from app.ui import camera_qt

            return camera_qt.first()
        if sys.platform.startswith("linux"):
            from app.ui import camera_v4l2

            return camera_v4l2.first()
    except ImportError:  # a build without the capture library: as good as no camera
        log.warning("no capture library for %s", sys.platform, exc_info=True)
    raise no_camera()


class Latest:
    """The one frame waiting to be read: a newer frame replaces it, and the older is dropped."""

    def __init__(self) -> None:
        self._ready = threading.Condition()
        self._frame: QImage | None = None
        self.dropped = 0

    def put(self, frame: QImage) -> None:
        with self._ready:
            if self._frame is not None:
                self.dropped += 1
            self._frame = frame
            self._ready.notify()

    def take(self, timeout: float) -> QImage | None:
        with self._ready:
            if self._frame is None:
                self._ready.wait(timeout)
            frame, self._frame = self._frame, None
            return frame


def read_frame(frame: QImage) -> list[str]:
    """The attestation QR texts in one frame, read in grey; a big frame is scaled down first."""
    if frame.isNull():
        return []
    if max(frame.width(), frame.height()) > FRAME_SIDE:
        frame = frame.scaled(
            FRAME_SIDE,
            FRAME_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    grey = frame.convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = bytes(grey.constBits())
    return scan.frame_texts(pixels, grey.width(), grey.height(), grey.bytesPerLine())


def watch(latest: Latest, _listener: Listener) -> str:
    """Reads each frame left in `latest` until one holds an attestation's code: its text."""
    while not stop_requested():
        frame = latest.take(WAIT_S)
        if frame is None:
            continue
        texts = read_frame(frame)
        if texts:
            return texts[0]
    raise Cancelled()


class CameraDialog(QDialog):
    """The camera's picture, read until an attestation's code is in view; then `text` holds the
    code and the dialog closes by itself. The camera stops whenever the dialog closes."""

    def __init__(self, camera: Camera, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.camera = camera
        self.worker = worker
        self.text: str | None = None
        self.latest = Latest()
        self.reader: Running | None = None
        self.setWindowTitle(self.tr("Verify with the camera"))
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(320, 240)
        # Ignored: the picture, scaled to the label, must not grow the label frame after frame.
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.preview.setAccessibleName(self.tr("What the camera sees"))
        self.hint = QLabel(
            self.tr(
                "Hold the QR code of the attestation in front of the camera, flat and well lit. "
                "It is read as soon as it is in view."
            )
        )
        self.hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._tick)
        self._fit()

    def _fit(self) -> None:
        """Large enough to see the paper, small enough for a 1366 × 768 screen at 150 %."""
        screen = (self.parentWidget() or self).screen().availableGeometry()
        self.resize(min(800, screen.width() * 4 // 5), min(640, screen.height() * 4 // 5))

    def start(self) -> None:
        """Starts the camera and the reader; a camera that will not start is said here."""
        try:
            self.camera.start()
        except (ObambuError, OSError) as error:
            self._failed(error)
            return
        latest = self.latest
        self.reader = (
            LongOp.off_store(
                self, self.worker, lambda listener: watch(latest, listener), self._found
            )
            .failure(self._failed)
            .run_in_background()
        )
        self.timer.start()

    def _tick(self) -> None:
        try:
            frame = self.camera.next_frame()
        except (ObambuError, OSError) as error:  # unplugged while it filmed
            self._failed(error)
            return
        if frame is None or frame.isNull():
            return
        self.preview.setPixmap(
            QPixmap.fromImage(frame).scaled(
                self.preview.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        )
        self.latest.put(frame)

    def _found(self, text: str) -> None:
        self.text = text
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._stop()
        failure.report(error, self.hint)

    def _stop(self) -> None:
        self.timer.stop()
        if self.reader is not None:
            self.reader.cancel()
            self.reader = None
        self.camera.stop()

    def done(self, result: int) -> None:
        self._stop()
        super().done(result)

    def hideEvent(self, event: QHideEvent) -> None:
        """Hidden by any way, even without `done` (a platform that hides a window's dialogs
        with it): the camera stops."""
        self._stop()
        super().hideEvent(event)
