"""What to tell the technician when flashing fails: esptool's and pyserial's texts → one hint.

esptool raises FatalError with English texts meant for developers ("Failed to connect to ESP32:
No serial data received."); pyserial raises SerialException with the operating system's words.
Each known cause becomes a ProvisionError with a stable `code` and one plain sentence with one
action. The Qt screens translate by code, so the sentences below are the only English copy and
the codes are the contract. The patterns follow esptool's troubleshooting guide (docs/en/
troubleshooting.rst, "Common Errors") and loader.py of esptool 5.6.0; see
/work/shared/notes/anchors-esp32.md §2.6.
"""

from __future__ import annotations

import errno
import re

from app.core.errors import ObambuError

SENTENCES: dict[str, str] = {
    "port_busy": "Another program is using this port; close it and try again.",
    "port_missing": "The relay's port has gone; plug the relay in again and choose its port.",
    "port_permission": (
        "This account may not use serial ports; ask the administrator to add it to the "
        "dialout group, then log in again."
    ),
    "no_port": (
        "No relay port appeared; plug the relay in with a USB data cable, because "
        "charge-only cables carry no data."
    ),
    "port_vanished": (
        "The port appeared and vanished at once, which on Linux is the brltty program "
        "taking the CH340 adapter; ask the administrator to remove brltty, then replug the relay."
    ),
    "no_answer": (
        "The relay does not answer; hold its BOOT button, tap RESET, release BOOT and "
        "retry with manual boot mode."
    ),
    "wrong_boot_mode": (
        "The relay started its program instead of waiting to be flashed; hold BOOT, tap "
        "RESET, release BOOT and retry with manual boot mode."
    ),
    "tx_path_down": (
        "The relay waits to be flashed but does not hear the computer; try another USB cable."
    ),
    "serial_noise": (
        "The USB link garbles data; plug the relay straight into the computer or a powered "
        "hub and flash again."
    ),
    "flash_write_failed": (
        "The relay's memory refused a write; plug it into a powered USB port and flash again."
    ),
    "verify_failed": (
        "What the relay stored differs from the firmware; flash again with the relay on "
        "steady power."
    ),
    "adapter_timeout": (
        "The USB adapter stopped answering in time; use a shorter cable or another USB port "
        "and flash again."
    ),
    "disconnected": (
        "The relay was unplugged during flashing; it is not damaged, so replug it and flash again."
    ),
    "flash_interrupted": (
        "Flashing stopped before the end, so the relay will not start but is recoverable; "
        "hold BOOT and flash again."
    ),
    "cancelled": "Flashing was cancelled before anything was written; the relay is unchanged.",
    "stub_failed": "The relay did not start the flashing helper; tap RESET and flash again.",
    "relay_locked": (
        "This relay's security fuses forbid flashing it; set it aside and use another relay."
    ),
    "wrong_chip": (
        "This relay has an {found} chip but the firmware is for {expected}; choose firmware "
        "made for {found}."
    ),
    "flash_too_small": (
        "This relay has {found} of flash but the firmware needs {needed}; use a relay with "
        "at least {needed}."
    ),
    "config_mismatch": (
        "The relay did not keep the settings it was given; flash the firmware pack again, "
        "then configure it."
    ),
    "unknown": (
        "Flashing failed for an unexpected reason; unplug the relay, plug it in again and retry."
    ),
}


class ProvisionError(ObambuError):
    """A flashing or detection failure the technician can act on.

    `detail` keeps the original esptool or pyserial text for the support log; `flash_touched`
    says whether the flash was already being written, so the UI can mark the relay as
    incomplete (it will not boot until flashed again, but its ROM loader always survives).
    """

    code = "unknown"

    def __init__(self, code: str, *, detail: str = "", **params: str) -> None:
        super().__init__(SENTENCES[code].format(**params), code=code, params=params)
        self.detail = detail
        self.flash_touched = False


# (pattern over the error text, code), first match wins; the order puts specific texts before
# the generic ones around them (esptool wraps connect failures as "Failed to connect to X: …"
# and a bad block as "Failed to write to target flash after seq N (result was …)").
PATTERNS: list[tuple[str, str]] = [
    (r"exclusively lock|resource temporarily unavailable|resource busy|errno 16", "port_busy"),
    (r"access is denied|used by another", "port_busy"),  # Windows' words for a busy port
    (r"permission denied|errno 13|dialout|uucp", "port_permission"),
    (r"errno 2\b|no such file|filenotfound|doesn't exist|does not exist", "port_missing"),
    (r"wrong boot mode detected", "wrong_boot_mode"),
    (r"tx path seems to be down", "tx_path_down"),
    (r"no serial data received", "no_answer"),
    (r"failed to start stub flasher", "stub_failed"),
    (r"operation timed out|timed out waiting|target ram", "adapter_timeout"),
    (r"invalid head of packet|serial noise|invalid slip escape|corrupt data", "serial_noise"),
    (r"checksum error|bad data checksum", "serial_noise"),
    (
        r"flash write error|failed spi operation|write (compressed data )?to (target )?flash",
        "flash_write_failed",
    ),
    (r"md5 of file does not match|written flash region is empty|digest mismatch", "verify_failed"),
    (r"secure boot|flash encryption|secure download mode", "relay_locked"),
    (r"serial exception|device disconnected|input/output error|write failed", "disconnected"),
    (r"device reports readiness|multiple access|could not configure port", "disconnected"),
]
RULES = [(re.compile(pattern, re.IGNORECASE), code) for pattern, code in PATTERNS]
WRONG_CHIP = re.compile(r"This chip is (\S+), not (\S+)\.")
ERRNO_CODES = {
    errno.EBUSY: "port_busy",
    errno.EAGAIN: "port_busy",
    errno.EACCES: "port_permission",
    errno.EPERM: "port_permission",
    errno.ENOENT: "port_missing",
    errno.ENODEV: "disconnected",
    errno.ENXIO: "disconnected",
    errno.EIO: "disconnected",
}


def hint(code: str, *, detail: str = "", **params: str) -> ProvisionError:
    return ProvisionError(code, detail=detail, **params)


def explain(exc: BaseException) -> ProvisionError:
    """The hint for an exception raised by esptool, pyserial or the operating system."""
    if isinstance(exc, ProvisionError):
        return exc
    text = " ".join(str(arg) for arg in exc.args) or type(exc).__name__
    found = WRONG_CHIP.search(text)
    if found:
        return hint("wrong_chip", detail=text, found=found[1], expected=found[2])
    for pattern, matched in RULES:
        if pattern.search(text):
            return hint(matched, detail=text)
    number = getattr(exc, "errno", None)
    if isinstance(number, int) and number in ERRNO_CODES:
        return hint(ERRNO_CODES[number], detail=text)
    if type(exc).__name__ == "SerialException" or isinstance(exc, OSError):
        return hint("disconnected", detail=text)  # pyserial's word for "the device went away"
    return hint("unknown", detail=text)
