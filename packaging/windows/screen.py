"""A virtual screen (Xvfb) with a keyboard, for walking the installer's pages as a person does.

`make package-check-windows` runs the installer under Wine on this screen, waits for each page
to settle, keeps a picture of it and presses the keys a person would. Keys go through the
XTest extension (libXtst, with libX11: ctypes, no extra Python package); pictures through
Pillow, already a dependency of the app.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import time
from pathlib import Path
from types import TracebackType

from PIL import Image, ImageChops, ImageGrab


class Screen:
    """An Xvfb display for the lifetime of a `with` block."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.display = ""
        self.last: Image.Image | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("Xvfb") is not None and ctypes.util.find_library("Xtst") is not None

    def __enter__(self) -> Screen:
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(write)
        with os.fdopen(read) as chosen:  # Xvfb writes the display number it took
            self.display = f":{chosen.readline().strip()}"
        self.x11 = ctypes.CDLL("libX11.so.6")
        self.xtest = ctypes.CDLL("libXtst.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XStringToKeysym.restype = ctypes.c_ulong
        self.x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.xtest.XTestFakeKeyEvent.argtypes = [
            ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong,
        ]  # fmt: skip
        self.connection = self.x11.XOpenDisplay(self.display.encode())
        if not self.connection:
            raise SystemExit(f"cannot open the virtual screen {self.display}")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if getattr(self, "connection", None):
            self.x11.XCloseDisplay(self.connection)
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def grab(self) -> Image.Image:
        return ImageGrab.grab(xdisplay=self.display)

    def settled(self, picture: Path, timeout: float = 90) -> None:
        """Waits for a new page: the screen changed since the last one, is not empty, and has
        stayed the same for a second; then keeps its picture."""
        deadline = time.monotonic() + timeout
        before = self.grab()
        while time.monotonic() < deadline:
            time.sleep(1)
            now = self.grab()
            same = not changed(now, before)
            new = self.last is None or changed(now, self.last)
            if same and new and now.convert("L").getextrema() != (0, 0):
                self.last = now
                box = now.convert("L").point(lambda v: 255 if v else 0).getbbox()
                picture.parent.mkdir(parents=True, exist_ok=True)
                now.crop(box).save(picture)
                return
            before = now
        raise SystemExit(f"FAILED: no new page settled on the screen for {picture.stem}")

    def press(self, *keys: str) -> None:
        """Presses and releases each key (X keysym names: Return, Down, space)."""
        for key in keys:
            code = self.x11.XKeysymToKeycode(
                self.connection, self.x11.XStringToKeysym(key.encode())
            )
            self.xtest.XTestFakeKeyEvent(self.connection, code, 1, 0)
            self.xtest.XTestFakeKeyEvent(self.connection, code, 0, 0)
            self.x11.XFlush(self.connection)
            time.sleep(0.3)  # one key after the other, as a hand does


def changed(a: Image.Image, b: Image.Image) -> bool:
    """More than a blinking text cursor differs between two pictures of the screen."""
    box = ImageChops.difference(a, b).getbbox()
    return box is not None and (box[2] - box[0]) * (box[3] - box[1]) > 400
