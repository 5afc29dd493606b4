"""What a camera is to the verification dialog (app/ui/camera.py): something that starts,
stops and hands its newest frame, and the two ways it fails. The backends (camera_qt.py,
camera_v4l2.py) and the tests' cameras made of image files all give this."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QImage

from app.core.errors import ObambuError


class Camera(Protocol):
    """A source of frames. `next_frame` never waits: the newest frame not yet given, or None."""

    def start(self) -> None: ...

    def stop(self) -> None:
        """Stops the capture and lets the device go; a second call does nothing."""
        ...

    def next_frame(self) -> QImage | None: ...


class NoCamera(ObambuError):
    code = "camera_none"


class CameraFailed(ObambuError):
    code = "camera_failed"


def no_camera() -> NoCamera:
    return NoCamera(
        "No camera is connected to this computer. Connect one, or choose a file.",
        code="camera_none",
    )


def camera_failed() -> CameraFailed:
    return CameraFailed(
        "The camera stopped or would not start: another program may be using it, or it was "
        "unplugged. Close that program or plug the camera in again, then try again.",
        code="camera_failed",
    )
