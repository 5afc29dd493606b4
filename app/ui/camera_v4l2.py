"""A Linux camera through V4L2, with linuxpy (pure Python over the kernel's ioctls; why this
library: app/ui/camera.py).

The device is asked for 1280 × 720 in YUYV, whose first byte of each pair is the grey level the
QR reader wants, so no picture decoding is needed; a camera that only gives Motion-JPEG (or
grey) is read that way. Frames are the device's, outside our hands: a frame whose bytes do not
match the size the device agreed to is dropped, and a JPEG is decoded under an allocation cap.

The device's reads block until its next frame, so they run on a thread of their own, which
only keeps the newest frame for `next_frame`: it is the driver's pace, not the app's work, and
it touches neither the profile nor the screens.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from linuxpy.video.device import (
    BufferType,
    Device,
    PixelFormat,
    V4L2Error,
    VideoCapture,
    iter_video_capture_files,
)
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageReader

from app.core.attestations import scan
from app.ui import camera_source

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1280, 720  # a QR code of 3 cm held at 30 cm is still some 150 pixels wide
PREFERRED = (PixelFormat.YUYV, PixelFormat.GREY, PixelFormat.MJPEG)
JPEG_LIMIT_MB = 64  # QImageReader's cap on what one JPEG frame may allocate
STOP_WAIT = 2.0  # seconds `stop` waits for the reader to let the device go


def first(folder: Path = Path("/dev")) -> V4l2Camera:
    """The first device of `folder` that captures video (a webcam has a second node, for its
    metadata, which does not)."""
    try:
        found = next(iter(iter_video_capture_files(folder)), None)
    except OSError:  # a node that vanished or refuses us while we looked
        found = None
    if found is None:
        raise camera_source.no_camera()
    return V4l2Camera(Path(found))


class V4l2Camera:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.latest: QImage | None = None
        self.error: Exception | None = None
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.stopping.clear()
        self.thread = threading.Thread(target=self._capture, name="obambu-camera", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(STOP_WAIT)  # the next frame, a thirtieth of a second away
            self.thread = None

    def next_frame(self) -> QImage | None:
        with self.lock:
            frame, self.latest = self.latest, None
            error, self.error = self.error, None
        if error is not None:
            raise camera_source.camera_failed() from error
        return frame

    def _capture(self) -> None:
        try:
            with Device(self.path, blocking=True) as device:
                kind = _format(device)
                device.set_format(BufferType.VIDEO_CAPTURE, WIDTH, HEIGHT, kind)
                with VideoCapture(device) as stream:
                    for frame in stream:
                        if self.stopping.is_set():
                            return
                        image = to_image(
                            bytes(frame.data),
                            frame.width,
                            frame.height,
                            frame.format.bytes_per_line,
                            frame.pixel_format,
                        )
                        if image is not None:
                            with self.lock:
                                self.latest = image
        # Unplugged, held by another program, or a driver answering outside V4L2's rules: the
        # device's fault, said as "the camera stopped", never a crash report.
        except (OSError, ValueError, V4L2Error) as error:
            log.info("the camera %s stopped: %s", self.path, error)
            with self.lock:
                self.error = error


def _format(device: Device) -> PixelFormat:
    """The first of PREFERRED the device offers (it lists fourccs linuxpy may not name)."""
    offered = {f.pixel_format for f in device.info.formats}
    return next((kind for kind in PREFERRED if kind in offered), PixelFormat.YUYV)


def to_image(data: bytes, width: int, height: int, stride: int, kind: PixelFormat) -> QImage | None:
    """The frame as a picture, or None if its bytes do not fit its announced size."""
    if not 0 < width * height <= scan.MAX_FRAME_PIXELS:
        return None
    if kind == PixelFormat.MJPEG:
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer, b"jpeg")
        reader.setAllocationLimit(JPEG_LIMIT_MB)
        image = reader.read()
        return None if image.isNull() else image
    if kind == PixelFormat.YUYV:
        stride = stride or width * 2
        if stride < width * 2 or len(data) < stride * height:
            return None
        # Y0 U Y1 V: every other byte is a pixel's grey level
        if stride == width * 2:
            grey = data[: stride * height : 2]
        else:
            rows = (data[row * stride : row * stride + width * 2 : 2] for row in range(height))
            grey = b"".join(rows)
    elif kind == PixelFormat.GREY:
        stride = stride or width
        if stride < width or len(data) < stride * height:
            return None
        grey = b"".join(data[row * stride : row * stride + width] for row in range(height))
    else:
        return None
    return QImage(grey, width, height, width, QImage.Format.Format_Grayscale8).copy()
