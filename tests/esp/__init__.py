"""Emulated ESP32 hardware for tests: ROM loader + stub, boards, pyserial URL schemes."""

from __future__ import annotations

import serial

HANDLERS = "tests.esp.serial_handlers"


def register() -> None:
    """Make pyserial (hence esptool) open espemu:// and espboard:// URLs. Idempotent."""
    if HANDLERS not in serial.protocol_handler_packages:
        serial.protocol_handler_packages.append(HANDLERS)
