"""espboard://NAME[?autoreset=1|0&chip=esp32s3]: a dev board with its auto-reset circuit.

The board starts in its app, like a relay just plugged in; esptool's DTR/RTS dance (or the
technician's buttons, see Board.enter_download_mode) puts it in the ROM loader.
"""

from __future__ import annotations

from tests.esp.board import Board
from tests.esp.serial_handlers import BOARDS, Device, EmulatedPort, faults_from


class Serial(EmulatedPort):
    def lookup(self, name: str, query: dict[str, str]) -> Device:
        if name not in BOARDS:
            BOARDS[name] = Board(
                autoreset=query.get("autoreset", "1") != "0",
                chip=query.get("chip", "esp32"),
                faults=faults_from(query),
            )
        return BOARDS[name]
