"""Helpers for tests on emulated ESP32 hardware: synthetic firmware, PTY bridge, waiting."""

from __future__ import annotations

import os
import select
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from tests.esp import elf_builder
from tests.esp.romemu import RomEmulator


@dataclass(frozen=True)
class Firmware:
    bootloader: bytes
    partition_table: bytes
    app: bytes
    partitions: list[elf_builder.Partition]

    def offset(self, name: str) -> int:
        return next(p.offset for p in self.partitions if p.name == name)

    def parts(self) -> list[tuple[int, bytes]]:
        """A new install of a classic ESP32, as ESP-IDF lays it out."""
        return [
            (0x1000, self.bootloader),
            (0x8000, self.partition_table),
            (self.offset("factory"), self.app),
        ]


def make_firmware() -> Firmware:
    table = elf_builder.partition_table()
    return Firmware(
        elf_builder.bootloader_image(),
        table,
        elf_builder.app_image("relay-1.2.3"),
        elf_builder.parse_partition_table(table),
    )


def eventually(predicate: Callable[[], bool], timeout: float = 2.0) -> bool:
    """Board boots happen on a timer (the RC delay on EN): wait for them."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


class PtyBridge:
    """The emulator behind a pseudo-terminal, for programs that open a device path."""

    def __init__(self, emulator: RomEmulator) -> None:
        self.emulator = emulator
        self.master, self.slave = os.openpty()
        self.path = os.ttyname(self.slave)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return  # the other side closed
            answer = self.emulator.feed(data)  # a PTY carries no baud rate: none checked
            if answer:
                os.write(self.master, answer)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(1)
        os.close(self.master)
        os.close(self.slave)
