"""The relay's firmware on an emulated board: the C core of firmware/core (host build, through
ctypes) answers on the board's UART once the board boots into its application, with the
settings it finds in the `relaycfg` partition of the emulated flash, as the ESP-IDF port does.
"""

from __future__ import annotations

import ctypes
import threading
from pathlib import Path

from app.provision import partitions
from app.provision.relaycfg import NVS_PARTITION, RelayConfigError, config_from_nvs
from app.sync.relay import device_id_from_mac
from bench.relay_forwarding import HostRelay, build_library, load
from tests.esp.board import Board

_LIBRARY: list[ctypes.CDLL] = []


def library(build: Path) -> ctypes.CDLL:
    """The host build of the core, compiled once per test session."""
    if not _LIBRARY:
        _LIBRARY.append(load(build_library(build)))
    return _LIBRARY[0]


class RelayFirmware:
    """A board's application: boots the C relay, feeds it the UART, pumps its timers."""

    banner = b""  # the real firmware keeps its UART for the protocol (console off)

    def __init__(self, lib: ctypes.CDLL, board: Board) -> None:
        self.lib = lib
        self.board = board
        self.relay: HostRelay | None = None
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def boot(self) -> None:
        """Power-on of the application: read relaycfg, start the core and its main loop."""
        flash = bytes(self.board.flash)
        try:
            table = flash[partitions.OFFSET : partitions.OFFSET + partitions.TABLE_SIZE]
            where = partitions.find(table, NVS_PARTITION)
            stored: bytes | None = config_from_nvs(
                flash[where.offset : where.offset + where.size]
            ).pack()
        except (partitions.PartitionError, RelayConfigError):
            stored = None  # never configured: the relay answers "not configured"
        device = device_id_from_mac(self.board.rom.mac)
        with self.lock:
            self.relay = HostRelay(self.lib, device, stored=stored)
        if self.thread is None:
            self.thread = threading.Thread(target=self._loop, daemon=True)
            self.thread.start()

    def feed(self, data: bytes) -> bytes:
        with self.lock:
            if self.relay is None:
                return b""
            self.relay.feed(0, data)
            return self.relay.poll(0)

    def _loop(self) -> None:
        while not self.stop.wait(0.005):
            with self.lock:
                if self.relay is None or self.board.mode != "app":
                    continue
                self.relay.tick()
                out = self.relay.poll(0)
            if out:
                self.board.emit(out)

    def halt(self) -> None:
        self.stop.set()
