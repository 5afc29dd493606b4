"""Verifying with the camera, beneath the journeys (tests/journeys/test_camera_verification.py):
frames are bounded before they are read, only the newest frame waits while one is read, the
dialog stops the camera when it closes, and the Linux backend turns the device's bytes into
pictures the reader finds the code in."""

from __future__ import annotations

import io
import sys
import threading
from pathlib import Path
from typing import Any

import PIL.Image
import pytest
import qrcode
from PySide6.QtGui import QImage

from app.core.attestations import scan
from app.core.attestations.qrtext import to_qr_text
from app.ui import camera, camera_source
from app.ui.worker import Worker

CODE = to_qr_text(b"an attestation's bytes, signed or not")


def code_picture(text: str = CODE, size: int = 640) -> QImage:
    """A QR code on a white page, as a camera would see it held up, in colour."""
    code = qrcode.make(text, border=4).get_image().convert("RGB").resize((size // 2, size // 2))
    page = PIL.Image.new("RGB", (size, size * 3 // 4), "white")
    page.paste(code, (size // 4, size // 8))
    data = io.BytesIO()
    page.save(data, "PNG")
    return QImage.fromData(data.getvalue(), "PNG")


def blank(width: int = 640, height: int = 480) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(0xD0D0D0)
    return image


class Frames:
    """A camera that shows the given pictures one after the other, then the last one again."""

    def __init__(self, *frames: QImage) -> None:
        self.frames = list(frames)
        self.given = 0
        self.running = False
        self.stops = 0

    def start(self) -> None:
        self.running = True

    def stop(self) -> None:
        self.running = False
        self.stops += 1

    def next_frame(self) -> QImage | None:
        if not self.running:
            return None
        frame = self.frames[min(self.given, len(self.frames) - 1)]
        self.given += 1
        return frame


# --- the core reader --------------------------------------------------------------------------


def test_a_frame_is_read_in_grey_with_its_row_stride() -> None:
    grey = code_picture().convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = bytes(grey.constBits())
    assert scan.frame_texts(pixels, grey.width(), grey.height(), grey.bytesPerLine()) == [CODE]
    assert camera.read_frame(code_picture()) == [CODE]
    assert camera.read_frame(blank()) == []


def test_a_frame_is_bounded_before_it_is_read() -> None:
    with pytest.raises(scan.ScanRefused) as too_large:
        scan.frame_texts(b"", 8000, 6000)  # nothing decoded: refused from its announced size
    assert too_large.value.code == "camera_frame_too_large"
    for pixels, width, height, stride in (
        (b"\0" * 99, 10, 10, None),  # fewer bytes than its size says
        (b"\0" * 100, 10, 10, 5),  # rows narrower than the picture
        (b"", 0, 10, None),
        (b"", -4, -4, None),
    ):
        with pytest.raises(scan.ScanRefused) as damaged:
            scan.frame_texts(pixels, width, height, stride)
        assert damaged.value.code == "camera_frame_damaged"


def test_a_large_frame_is_scaled_down_and_still_read() -> None:
    big = code_picture(size=3000)
    assert max(big.width(), big.height()) > camera.FRAME_SIDE
    assert camera.read_frame(big) == [CODE]


def test_a_code_that_is_not_an_attestation_is_not_taken() -> None:
    assert camera.read_frame(code_picture("https://example.org/")) == []


# --- one frame in flight --------------------------------------------------------------------


def test_only_the_newest_frame_waits_for_the_reader() -> None:
    latest = camera.Latest()
    first, second, third = blank(10, 10), blank(20, 20), blank(30, 30)
    for frame in (first, second, third):
        latest.put(frame)
    taken = latest.take(0)
    assert taken is not None and taken.width() == 30
    assert latest.dropped == 2
    assert latest.take(0) is None  # nothing queued behind it


# --- the dialog -------------------------------------------------------------------------------


@pytest.fixture
def worker():  # type: ignore[no-untyped-def]
    made = Worker()
    yield made
    made.stop()


def test_the_dialog_reads_the_code_after_blank_frames_and_stops_the_camera(  # type: ignore[no-untyped-def]
    qtbot, worker, monkeypatch
) -> None:
    readers: set[str] = set()
    real = camera.read_frame

    def spied(frame: QImage) -> list[str]:
        readers.add(threading.current_thread().name)
        return real(frame)

    monkeypatch.setattr(camera, "read_frame", spied)
    frames = Frames(blank(), blank(), blank(), code_picture())
    dialog = camera.CameraDialog(frames, worker)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    assert dialog.text == CODE
    assert frames.given >= 4 and not frames.running
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
    assert readers and threading.main_thread().name not in readers  # read off the GUI thread


def test_cancel_stops_the_camera_and_reads_nothing(qtbot, worker) -> None:  # type: ignore[no-untyped-def]
    frames = Frames(blank())
    dialog = camera.CameraDialog(frames, worker)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.start()
    qtbot.waitUntil(lambda: frames.given >= 2, timeout=20_000)
    dialog.reject()
    assert not frames.running and dialog.text is None
    given = frames.given
    qtbot.wait(3 * camera.FRAME_MS)
    assert frames.given == given  # no frame asked once closed
    qtbot.waitUntil(lambda: not worker.jobs.running, timeout=20_000)  # the reader ended


def test_a_camera_that_fails_is_said_in_the_dialog(qtbot, worker) -> None:  # type: ignore[no-untyped-def]
    class Unplugged(Frames):
        def next_frame(self) -> QImage | None:
            raise camera_source.camera_failed()

    frames = Unplugged(blank())
    dialog = camera.CameraDialog(frames, worker)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.start()
    qtbot.waitUntil(lambda: "another program may be using it" in dialog.hint.text(), timeout=20_000)
    assert not frames.running and dialog.isVisible()


# --- the Linux backend ----------------------------------------------------------------------


def _yuyv(image: QImage, stride_pad: int = 0) -> tuple[bytes, int]:
    """The picture as a V4L2 camera sends it in YUYV: grey, then a neutral colour byte."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = []
    for row in range(grey.height()):
        line = bytes(grey.constScanLine(row))[: grey.width()]
        rows.append(bytes(b for y in line for b in (y, 128)) + b"\0" * stride_pad)
    return b"".join(rows), grey.width() * 2 + stride_pad


@pytest.mark.parametrize("pad", [0, 16])
def test_v4l2_frames_in_yuyv_become_pictures_the_reader_reads(pad: int) -> None:
    pytest.importorskip("linuxpy")
    from app.ui import camera_v4l2

    picture = code_picture(size=320)
    data, stride = _yuyv(picture, pad)
    kind = camera_v4l2.PixelFormat.YUYV
    image = camera_v4l2.to_image(data, picture.width(), picture.height(), stride, kind)
    assert image is not None and image.size() == picture.size()
    assert camera.read_frame(image) == [CODE]
    short = data[:-1]  # a frame cut short by the device is dropped, never read past its end
    assert camera_v4l2.to_image(short, picture.width(), picture.height(), stride, kind) is None
    huge = camera_v4l2.to_image(data, 100_000, 100_000, stride, kind)
    assert huge is None


def test_v4l2_frames_in_motion_jpeg_are_decoded() -> None:
    pytest.importorskip("linuxpy")
    from PySide6.QtCore import QBuffer, QIODevice

    from app.ui import camera_v4l2

    picture = code_picture(size=320)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture.save(buffer, "JPG", 90)
    jpeg = bytes(buffer.data().data())
    kind = camera_v4l2.PixelFormat.MJPEG
    image = camera_v4l2.to_image(jpeg, picture.width(), picture.height(), 0, kind)
    assert image is not None and camera.read_frame(image) == [CODE]
    assert camera_v4l2.to_image(b"not a jpeg", 320, 240, 0, kind) is None


def test_v4l2_without_a_camera_says_so(tmp_path: Path) -> None:
    pytest.importorskip("linuxpy")
    from app.ui import camera_v4l2

    (tmp_path / "video0").write_bytes(b"")  # a plain file is no device
    with pytest.raises(camera_source.NoCamera) as none:
        camera_v4l2.first(tmp_path)
    assert none.value.code == "camera_none"


# --- the Windows backend (Qt Multimedia: installed with PySide6-Addons, on Windows only) ------


def test_qt_backend_without_a_camera_says_so_and_hands_over_its_newest_frame(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch
) -> None:
    multimedia = pytest.importorskip("PySide6.QtMultimedia")
    from app.ui import camera_qt

    if sys.platform != "win32":  # Media Foundation is Windows' own: elsewhere, Qt's other one
        monkeypatch.setenv("QT_MEDIA_BACKEND", "ffmpeg")

    if not multimedia.QMediaDevices.videoInputs():
        with pytest.raises(camera_source.NoCamera):
            camera_qt.first()
    shown = camera_qt.QtCamera(multimedia.QCameraDevice())  # no device: only its sink is used
    shown.start()
    assert shown.next_frame() is None
    assert shown.sink is not None
    shown.sink.setVideoFrame(multimedia.QVideoFrame(blank()))
    shown.sink.setVideoFrame(multimedia.QVideoFrame(code_picture()))  # the newer one is kept
    frame = shown.next_frame()
    assert frame is not None and camera.read_frame(frame) == [CODE]
    assert shown.next_frame() is None  # each frame is handed over once
    shown._error(None, "unplugged")
    with pytest.raises(camera_source.CameraFailed):
        shown.next_frame()
    shown.stop()
    shown.stop()  # a second stop does nothing


def test_v4l2_asks_for_yuyv_else_what_the_camera_offers() -> None:
    pytest.importorskip("linuxpy")
    from types import SimpleNamespace

    from app.ui import camera_v4l2

    def device(*fourccs: int) -> Any:
        formats = [SimpleNamespace(pixel_format=fourcc) for fourcc in fourccs]
        return SimpleNamespace(info=SimpleNamespace(formats=formats))

    kinds = camera_v4l2.PixelFormat
    unnamed = 0x31313131  # a fourcc linuxpy has no name for
    assert camera_v4l2._format(device(unnamed, kinds.MJPEG, kinds.YUYV)) == kinds.YUYV
    assert camera_v4l2._format(device(unnamed, int(kinds.MJPEG))) == kinds.MJPEG
