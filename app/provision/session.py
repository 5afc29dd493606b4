"""Opening a relay's port and reaching its ROM loader, with the port always closed after.

The port is opened here rather than by esptool so that it is closed on every path: esptool's
detect_chip leaves its port open when detection fails after connecting. The opening mirrors
esptool's (exclusive lock; on Windows DTR and RTS released before opening, otherwise merely
opening the port resets the board).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import serial
from esptool.cmds import detect_chip

ROM_BAUD = 115_200  # the ROM loader's speed after reset; faster only once the stub runs
CONNECT_ATTEMPTS = 7  # esptool's default: ~1 s per attempt when nothing answers


def open_port(port: str) -> serial.SerialBase:
    link = serial.serial_for_url(port, exclusive=True, do_not_open=True)
    if sys.platform == "win32":
        link.rts = False
        link.dtr = False
    link.open()
    return link


@contextmanager
def connected(
    port: str, *, manual_boot: bool = False, attempts: int = CONNECT_ATTEMPTS
) -> Iterator[Any]:
    """An esptool loader talking to the ROM (or a stub left running) at 115200 baud.

    `manual_boot`: the technician already put the board in download mode with its buttons,
    so no reset is sent (a reset would take it out of download mode on boards whose lines
    do reach EN and IO0).
    """
    link = open_port(port)
    try:
        mode = "no-reset" if manual_boot else "default-reset"
        yield detect_chip(link, ROM_BAUD, connect_mode=mode, connect_attempts=attempts)
    finally:
        link.close()
