"""pyserial URL schemes for emulated ESP32s: espemu://NAME (bare chip) and espboard://NAME.

pyserial finds `protocol_<scheme>` modules in the packages listed in
`serial.protocol_handler_packages` (tests.esp.register() adds this one), so the real esptool
opens "espemu://a" exactly as it opens "/dev/ttyUSB0". Tests create devices in the registry
before opening them, then seed and inspect their flash; an unknown NAME gets a default device
built from the URL's query (`?chip=esp32s3`, `?autoreset=0`).

The port mimics what pyserial's POSIX backend does where esptool or the app can tell: the
exclusive lock (a second exclusive open is refused with pyserial's own message), a vanished
device (open fails with errno 2, I/O fails), line states passed to the board, no ioctl
(`fileno` raises ENOTTY, so esptool's UnixTightReset warns and its ClassicReset is used).
"""

from __future__ import annotations

import errno
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from serial.serialutil import PortNotOpenError, SerialBase, SerialException

from tests.esp.board import Board
from tests.esp.romemu import Faults, RomEmulator

EMULATORS: dict[str, RomEmulator] = {}
BOARDS: dict[str, Board] = {}


def emulator(name: str, chip: str = "esp32", **options: Any) -> RomEmulator:
    """Put a bare chip in download mode behind espemu://NAME, replacing any previous one.
    Options: those of RomEmulator (faults, line_time, flash_size, mac, jedec)."""
    device = RomEmulator(chip, **options)
    EMULATORS[name] = device
    return device


def board(name: str, **options: Any) -> Board:
    """Plug a board in behind espboard://NAME, replacing any previous one. Options: those of
    Board (autoreset, chip, app, rc_delay, faults, line_time, flash_size)."""
    device = Board(**options)
    BOARDS[name] = device
    return device


def forget() -> None:
    EMULATORS.clear()
    BOARDS.clear()


class Device(Protocol):
    present: bool
    openers: int
    locked: bool

    @property
    def line_time(self) -> bool: ...

    def feed(self, data: bytes, baud: int | None = None) -> bytes: ...


def parse_url(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return parts.netloc + parts.path, query


class EmulatedPort(SerialBase):  # type: ignore[misc]
    """The host side of the USB bridge. Subclasses say which registry NAME refers to."""

    device: Device

    def lookup(self, name: str, query: dict[str, str]) -> Device:
        raise NotImplementedError

    def open(self) -> None:
        if self._port is None:
            raise SerialException("Port must be configured before use.")
        if self.is_open:
            raise SerialException("Port is already open.")
        name, query = parse_url(self._port)
        device = self.lookup(name, query)
        if not device.present:
            raise SerialException(
                errno.ENOENT,
                f"could not open port {self._port}: [Errno 2] No such file or directory: "
                f"'{self._port}'",
            )
        if self._exclusive and device.locked:
            raise SerialException(
                errno.EAGAIN,
                f"Could not exclusively lock port {self._port}: "
                "[Errno 11] Resource temporarily unavailable",
            )
        self.device = device
        self._holds_lock = bool(self._exclusive)
        device.openers += 1
        device.locked = device.locked or self._holds_lock
        self._rx = bytearray()
        self._cv = threading.Condition()
        self.is_open = True
        self._attach(self._receive)
        self._update_dtr_state()
        self._update_rts_state()

    def _attach(self, sink: Callable[[bytes, int], None] | None) -> None:
        attach = getattr(self.device, "attach", None)
        if attach is not None:
            attach(sink)

    def close(self) -> None:
        if not self.is_open:
            return
        self.is_open = False
        self._attach(None)
        self.device.openers -= 1
        if self._holds_lock:
            self.device.locked = False

    def _receive(self, data: bytes, baud: int) -> None:
        """Bytes the device sends on its own (boot banners), at the device's speed."""
        if baud != self._baudrate:
            return  # at another speed the host's UART reads framing errors, not bytes
        with self._cv:
            self._rx += data
            self._cv.notify_all()

    def _reconfigure_port(self, force_update: bool = False) -> None:
        pass

    @property
    def in_waiting(self) -> int:
        return len(self._rx)

    def read(self, size: int = 1) -> bytes:
        if not self.is_open:
            raise PortNotOpenError()
        deadline = None if self._timeout is None else time.monotonic() + self._timeout
        with self._cv:
            while len(self._rx) < size:
                if not self.device.present:
                    raise SerialException(
                        "device reports readiness to read but returned no data "
                        "(device disconnected or multiple access on port?)"
                    )
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    break
                self._cv.wait(0.05 if remaining is None else min(remaining, 0.05))
            count = min(size, len(self._rx))
            data = bytes(self._rx[:count])
            del self._rx[:count]
        return data

    def write(self, data: bytes) -> int:
        if not self.is_open:
            raise PortNotOpenError()
        if not self.device.present:
            raise SerialException("write failed: [Errno 5] Input/output error")
        payload = bytes(data)
        if self.device.line_time:
            time.sleep(len(payload) * 10 / self._baudrate)  # 8N1: ten bit times a byte
        answer = self.device.feed(payload, self._baudrate)
        if answer:
            if self.device.line_time:
                time.sleep(len(answer) * 10 / self._baudrate)
            with self._cv:
                self._rx += answer
                self._cv.notify_all()
        return len(payload)

    def reset_input_buffer(self) -> None:
        with self._cv:
            self._rx.clear()

    def reset_output_buffer(self) -> None:
        pass

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        raise OSError(errno.ENOTTY, "Inappropriate ioctl for device")

    def _update_dtr_state(self) -> None:
        set_lines = getattr(self.device, "set_lines", None)
        if set_lines is not None:
            set_lines(self._dtr_state, self._rts_state)

    def _update_rts_state(self) -> None:
        self._update_dtr_state()

    def _update_break_state(self) -> None:
        pass

    @property
    def cts(self) -> bool:
        return False

    @property
    def dsr(self) -> bool:
        return False

    @property
    def ri(self) -> bool:
        return False

    @property
    def cd(self) -> bool:
        return False


def faults_from(query: dict[str, str]) -> Faults:
    def number(key: str) -> int | None:
        return int(query[key]) if key in query else None

    return Faults(
        fail_write_from_block=number("fail_from"),
        disconnect_at_block=number("disconnect_at"),
        mute=query.get("mute") == "1",
    )
