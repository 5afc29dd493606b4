"""pytest fixtures for emulated ESP32 hardware. A test module enables them with

pytest_plugins = ["tests.esp.fixtures"]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType

import pytest

from tests.esp import register, serial_handlers
from tests.esp.kit import Firmware, PtyBridge, make_firmware
from tests.esp.romemu import RomEmulator


@pytest.fixture
def esp_devices() -> Iterator[ModuleType]:
    """The URL handlers registered and an empty device registry (the serial_handlers module:
    call .emulator(name, …) or .board(name, …) to plug devices in)."""
    register()
    serial_handlers.forget()
    yield serial_handlers
    serial_handlers.forget()


@pytest.fixture(scope="session")
def firmware() -> Firmware:
    return make_firmware()


@pytest.fixture
def pty_emulator() -> Iterator[Callable[[RomEmulator], PtyBridge]]:
    bridges: list[PtyBridge] = []

    def make(emulator: RomEmulator) -> PtyBridge:
        bridge = PtyBridge(emulator)
        bridges.append(bridge)
        return bridge

    yield make
    for bridge in bridges:
        bridge.close()
