"""A Windows camera through Qt Multimedia's Media Foundation backend (why: app/ui/camera.py).

Qt 6 picks its FFmpeg backend by default; `QT_MEDIA_BACKEND=windows` asks for the native one
before Qt Multimedia loads, so the build carries neither FFmpeg nor its plugin
(packaging/obambu.spec). Qt hands each frame to a video sink on the GUI thread; only the newest
is kept, turned into a picture when the dialog asks for it.
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("QT_MEDIA_BACKEND", "windows")  # before the import below loads a backend

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrame,
    QVideoSink,
)

from app.ui import camera_source

WANTED = QSize(1280, 720)  # a QR code of 3 cm held at 30 cm is still some 150 pixels wide


def first() -> QtCamera:
    """The system's default camera; `NoCamera` when there is none."""
    if not QMediaDevices.videoInputs():
        raise camera_source.no_camera()
    return QtCamera(QMediaDevices.defaultVideoInput())


class QtCamera:
    def __init__(self, device: QCameraDevice) -> None:
        self.device = device
        self.camera: QCamera | None = None
        self.session: QMediaCaptureSession | None = None
        self.sink: QVideoSink | None = None
        self.latest: QVideoFrame | None = None
        self.error: str | None = None

    def start(self) -> None:
        self.camera = QCamera(self.device)
        chosen = _format(self.device)
        if chosen is not None:
            self.camera.setCameraFormat(chosen)
        self.sink = QVideoSink()
        self.sink.videoFrameChanged.connect(self._frame)
        self.camera.errorOccurred.connect(self._error)
        self.session = QMediaCaptureSession()
        self.session.setCamera(self.camera)
        self.session.setVideoSink(self.sink)
        self.camera.start()

    def stop(self) -> None:
        if self.camera is not None:
            self.camera.stop()
        self.camera = self.session = self.sink = None
        self.latest = None

    def next_frame(self) -> QImage | None:
        if self.error is not None:
            self.error = None
            raise camera_source.camera_failed()
        frame, self.latest = self.latest, None
        if frame is None or not frame.isValid():
            return None
        image: QImage = frame.toImage()
        return image

    def _frame(self, frame: QVideoFrame) -> None:
        self.latest = frame

    def _error(self, _error: Any, message: str) -> None:
        self.error = message  # busy in another program, or unplugged


def _format(device: QCameraDevice) -> Any:
    """The format nearest 1280 × 720 without going over 1920 × 1080, if the camera lists any."""
    fitting = [
        f
        for f in device.videoFormats()
        if f.resolution().width() <= 1920 and f.resolution().height() <= 1080
    ]
    if not fitting:
        return None

    def distance(f: Any) -> int:
        size = f.resolution()
        return abs(int(size.width() * size.height()) - WANTED.width() * WANTED.height())

    return min(fitting, key=distance)
