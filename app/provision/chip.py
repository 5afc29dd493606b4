"""Which chip is on the port: name, MAC (the relay's identity), flash size, features.

esptool's chip_id/read_mac/flash_id commands only print, so the loader's own methods are used
(esptool documents them as low-level, hence this one small module to adapt if they move).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import serial
from esptool.cmds import attach_flash, detect_flash_size, reset_chip
from esptool.util import FatalError

from app.provision.esplog import EsptoolSink, captured
from app.provision.hints import explain
from app.provision.session import CONNECT_ATTEMPTS, connected


@dataclass(frozen=True)
class ChipInfo:
    name: str  # esptool's CHIP_NAME: "ESP32", "ESP32-S3"
    description: str  # e.g. "ESP32-D0WDQ6 (revision v1.0)"
    mac: str  # "24:6f:28:aa:bb:cc", the base MAC burnt in eFuse
    flash_size: str | None  # "4MB"; None when the flash chip's id is unknown
    features: tuple[str, ...]
    crystal: int  # MHz


def mac_text(mac: tuple[int, ...] | bytes) -> str:
    return ":".join(f"{byte:02x}" for byte in mac)


def same_chip(a: str, b: str) -> bool:
    """ "ESP32-S3", "esp32s3" and "ESP32_S3" name the same chip."""

    def key(name: str) -> str:
        return "".join(ch for ch in name.upper() if ch.isalnum())

    return key(a) == key(b)


def detect(
    port: str,
    *,
    baud: int = 115_200,
    manual_boot: bool = False,
    connect_attempts: int = CONNECT_ATTEMPTS,
) -> ChipInfo:
    """Identify the relay on `port`. Raises ProvisionError with a hint when it cannot.

    With automatic reset the relay is restarted into its program afterwards; in manual boot
    mode it is left in download mode, where the technician just put it to flash it next.
    """
    sink = EsptoolSink()
    try:
        with (
            captured(sink),
            connected(port, manual_boot=manual_boot, attempts=connect_attempts) as esp,
        ):
            if baud != esp.get_baud():
                esp.change_baud(baud)
            info = ChipInfo(
                name=str(esp.CHIP_NAME),
                description=str(esp.get_chip_description()),
                mac=mac_text(esp.read_mac()),
                flash_size=None,
                features=tuple(str(f) for f in esp.get_chip_features()),
                crystal=int(esp.get_crystal_freq()),
            )
            attach_flash(esp)
            size = detect_flash_size(esp)
            if not manual_boot:
                reset_chip(esp, "hard-reset")
    except (FatalError, serial.SerialException, OSError) as exc:
        raise explain(exc) from exc
    return replace(info, flash_size=size)
