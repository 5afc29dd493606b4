"""espemu://NAME[?chip=esp32s3&fail_from=N&disconnect_at=N&mute=1]: a bare chip in download mode.

No reset lines are wired: esptool's resets do nothing, so the chip stays in whatever the last
session left it (ROM, or the stub at the last baud rate), as a board whose BOOT button was held
would.
"""

from __future__ import annotations

from tests.esp.romemu import RomEmulator
from tests.esp.serial_handlers import EMULATORS, Device, EmulatedPort, faults_from


class Serial(EmulatedPort):
    def lookup(self, name: str, query: dict[str, str]) -> Device:
        if name not in EMULATORS:
            EMULATORS[name] = RomEmulator(query.get("chip", "esp32"), faults=faults_from(query))
        return EMULATORS[name]
