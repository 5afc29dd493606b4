"""Serial ports a relay may be on, named by their USB bridge so a technician can pick one.

A board's USB identity (VID:PID) names the USB-to-serial bridge, which hints at the board:
CP210x and CH340 on classic ESP32 dev boards, Espressif's own VID on the S3/C3 native USB port.
Ports given by hand as URLs (socket://host:port to a remote relay, espemu:// in tests) have
no USB identity and are passed through as they are.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass

from serial.tools import list_ports

ESPRESSIF_VID = 0x303A
# brltty, which takes CH340 adapters for braille displays, exists on Linux only: on Windows a
# port that vanishes is not explained by it (the hint would send the technician astray).
BRLTTY = sys.platform.startswith("linux")

# VID:PID → (bridge, the boards that carry it). From the vendors' USB ids as listed by
# esp_pylib.constants and the ESP32 boards' schematics.
BRIDGES: dict[tuple[int, int], tuple[str, str]] = {
    (0x10C4, 0xEA60): ("CP210x", "ESP32 dev board (DevKitC, Heltec V2, TTGO)"),
    (0x10C4, 0xEA63): ("CP210x", "ESP32 dev board with a CP2102N"),
    (0x10C4, 0xEA64): ("CP210x", "ESP32 dev board with a CP2102C"),
    (0x1A86, 0x7523): ("CH340/CH341", "ESP32 board with a CH340 (clones, LilyGO)"),
    (0x1A86, 0x5523): ("CH340/CH341", "ESP32 board with a CH341"),
    (0x1A86, 0x55D4): ("CH9102", "ESP32 board with a CH9102 (LilyGO T-Beam, newer DevKits)"),
    (0x0403, 0x6001): ("FTDI", "FTDI adapter wired to an ESP32"),
    (0x0403, 0x6010): ("FTDI", "ESP-Prog (FT2232H)"),
    (0x0403, 0x6014): ("FTDI", "FTDI adapter wired to an ESP32"),
    (0x0403, 0x6015): ("FTDI", "FTDI adapter wired to an ESP32"),
    (ESPRESSIF_VID, 0x1001): (
        "ESP32-S3/C3 native USB (USB-Serial/JTAG)",
        "ESP32-S3 or ESP32-C3 board on its own USB port (Heltec V3, XIAO)",
    ),
    (ESPRESSIF_VID, 0x0002): ("ESP32-S2/S3 native USB (USB-OTG)", "ESP32-S2 or S3 board"),
}
URL_BRIDGE = "network or emulated port"
NO_USB = "serial port without USB identity"
UNKNOWN_USB = "unknown USB serial adapter"


@dataclass(frozen=True)
class PortInfo:
    device: str  # what to pass to chip.detect and flashing.flash
    bridge: str  # "CP210x", "CH340/CH341", … or one of the words above
    board: str  # the likely board, "" when nothing can be said
    vid: int | None = None
    pid: int | None = None
    serial_number: str | None = None
    description: str = ""

    @property
    def usb_id(self) -> str:
        return "" if self.vid is None or self.pid is None else f"{self.vid:04X}:{self.pid:04X}"

    @property
    def system_name(self) -> str:
        """What the system calls the adapter, as its own settings show it: "USB-SERIAL CH340"
        for COM3 on Windows (pyserial says "USB-SERIAL CH340 (COM3)"), the USB product name on
        Linux; "" when the system says nothing ("n/a" for a built-in /dev/ttyS0)."""
        name = self.description.strip()
        suffix = f"({self.device})"
        if name.endswith(suffix):
            name = name[: -len(suffix)].rstrip()
        return "" if name in ("n/a", self.device) else name

    @property
    def known(self) -> bool:
        return self.vid is not None and (self.vid, self.pid) in BRIDGES


def is_url(port: str) -> bool:
    return "://" in port


def identify(
    device: str,
    vid: int | None,
    pid: int | None,
    *,
    serial_number: str | None = None,
    description: str = "",
) -> PortInfo:
    if is_url(device):
        return PortInfo(device, URL_BRIDGE, "", description=description)
    if vid is None or pid is None:
        return PortInfo(device, NO_USB, "", description=description)
    bridge, board = BRIDGES.get((vid, pid), (UNKNOWN_USB, ""))
    if bridge == UNKNOWN_USB and vid == ESPRESSIF_VID:
        bridge, board = "Espressif native USB", "ESP32-S2/S3/C3 board"
    return PortInfo(device, bridge, board, vid, pid, serial_number, description)


def _natural(device: str) -> tuple[str, int]:
    # COM10 after COM9, /dev/ttyUSB10 after /dev/ttyUSB2: as a person counts, not as text sorts.
    stem = device.rstrip("0123456789")
    digits = device[len(stem) :]
    return stem, int(digits) if digits else -1


def _order(info: PortInfo) -> tuple[int, tuple[str, int]]:
    # Espressif's own VID first, then known bridges, then other USB, then the rest (as
    # esp_pylib.serial_ports sorts them): the relay is most likely the first entry.
    if info.vid == ESPRESSIF_VID:
        rank = 0
    elif info.known:
        rank = 1
    elif info.vid is not None:
        rank = 2
    else:
        rank = 3
    return rank, _natural(info.device)


def list_serial_ports() -> list[PortInfo]:
    """Ports this computer has now, most likely relay first. An empty list usually means a
    charge-only cable or a missing driver (hints: "no_port")."""
    found = [
        identify(
            p.device,
            p.vid,
            p.pid,
            serial_number=p.serial_number,
            description=p.description or "",
        )
        for p in list_ports.comports()
    ]
    return sorted(found, key=_order)


def describe(port: str) -> PortInfo:
    """What is known about a port typed or chosen by the technician (URLs included)."""
    if is_url(port):
        return identify(port, None, None)
    for info in list_serial_ports():
        if info.device == port:
            return info
    return PortInfo(port, NO_USB, "")


class PortWatcher:
    """Spots ports that vanish soon after appearing: on Ubuntu 22.04 and later, brltty claims
    CH340/CH341 adapters as braille displays (esp-idf#9372; dmesg: "interface 0 claimed by
    ch341 while 'brltty' sets config"). Feed it the port list at each refresh."""

    def __init__(self, window: float = 2.0) -> None:
        self.window = window
        self.appeared: dict[str, float] = {}

    def update(self, devices: Iterable[str], now: float) -> list[str]:
        """The devices that vanished within `window` seconds of appearing (hint
        "port_vanished")."""
        current = set(devices)
        vanished = [
            d for d, t in self.appeared.items() if d not in current and now - t <= self.window
        ]
        self.appeared = {d: self.appeared.get(d, now) for d in current}
        return sorted(vanished) if BRLTTY else []
