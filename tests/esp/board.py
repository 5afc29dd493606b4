"""A dev board around the emulated chip: USB bridge lines, auto-reset circuit, buttons, app.

Most ESP32 boards wire the bridge's DTR and RTS to EN (reset) and IO0 (boot strap) through
two transistors (esptool docs, "Boot mode selection"). With pyserial's convention (True =
asserted = pin pulled low):

    EN low   when RTS is asserted and DTR is not
    IO0 low  when DTR is asserted and RTS is not

so asserting both, which opening a port does, changes nothing. The chip samples IO0 a few
milliseconds after EN rises, because of the RC delay on EN; esptool's ClassicReset depends on
that delay (it passes through DTR = RTS = asserted for an instant), so the model keeps it.
IO0 low at that moment boots the ROM loader ("waiting for download"); high boots the app.

`autoreset=False` is a board whose lines go nowhere (many clones, some adapters): esptool's
resets do nothing and only the buttons, pressed by the technician, put it in download mode.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from tests.esp.romemu import ROM_BAUD, Faults, RomEmulator

ROM_BOOT_DOWNLOAD = (
    b"ets Jun  8 2016 00:22:57\r\n\r\n"
    b"rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\n"
    b"waiting for download\r\n"
)
ROM_BOOT_FLASH = (
    b"ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
)
APP_BAUD = 115_200


class FeedsBytes(Protocol):
    def feed(self, data: bytes) -> bytes: ...


App = Callable[[bytes], bytes] | FeedsBytes
Sink = Callable[[bytes, int], None]


class BannerApp:
    """The default firmware: says who it is at boot and ignores what it hears."""

    def __init__(self, banner: bytes = b"obambu-relay (emulated) ready\r\n") -> None:
        self.banner = banner

    def feed(self, data: bytes) -> bytes:
        return b""


class Board:
    """Chip + auto-reset circuit + BOOT/RESET buttons + the firmware that runs after reset."""

    def __init__(
        self,
        *,
        autoreset: bool = True,
        chip: str = "esp32",
        app: App | None = None,
        rc_delay: float = 0.005,
        faults: Faults | None = None,
        line_time: bool = False,
        flash_size: int = 4 << 20,
    ) -> None:
        self.rom = RomEmulator(chip, faults=faults, line_time=line_time, flash_size=flash_size)
        self.autoreset = autoreset
        self.app: App = app if app is not None else BannerApp()
        self.rc_delay = rc_delay
        self.mode = "app"  # powered from USB, already running its firmware
        self.boots: list[str] = []
        self.dtr = False
        self.rts = False
        self.boot_held = False
        self.reset_held = False
        self.openers = 0
        self.locked = False
        self._lock = threading.RLock()
        self._sink: Sink | None = None
        self._en_low = False
        self._timer: threading.Timer | None = None

    # The serial handler reads these like the bare emulator's.
    @property
    def present(self) -> bool:
        return self.rom.present

    @present.setter
    def present(self, value: bool) -> None:
        self.rom.present = value

    @property
    def line_time(self) -> bool:
        return self.rom.line_time

    @property
    def flash(self) -> bytearray:
        return self.rom.flash

    def attach(self, sink: Sink | None) -> None:
        with self._lock:
            self._sink = sink

    # -- pins ---------------------------------------------------------------------------------

    def _pins(self) -> tuple[bool, bool]:
        """(EN low, IO0 low) from the lines and the buttons."""
        en_low = self.reset_held
        io0_low = self.boot_held
        if self.autoreset:
            en_low = en_low or (self.rts and not self.dtr)
            io0_low = io0_low or (self.dtr and not self.rts)
        return en_low, io0_low

    def set_lines(self, dtr: bool, rts: bool) -> None:
        with self._lock:
            self.dtr, self.rts = dtr, rts
            self._update()

    def _update(self) -> None:
        en_low, _ = self._pins()
        if en_low and not self._en_low:
            self.mode = "reset"
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        elif not en_low and self._en_low:
            self._timer = threading.Timer(self.rc_delay, self._boot_after_delay)
            self._timer.daemon = True
            self._timer.start()
        self._en_low = en_low

    def _boot_after_delay(self) -> None:
        with self._lock:
            if self._en_low:
                return
            self._timer = None
            self._boot(download=self._pins()[1])

    def _boot(self, *, download: bool) -> None:
        self.boots.append("download" if download else "app")
        if download:
            self.rom.reset()
            self.mode = "download"
            self._emit(ROM_BOOT_DOWNLOAD)
        else:
            self.mode = "app"
            banner = getattr(self.app, "banner", b"")  # what the firmware prints at boot
            self._emit(ROM_BOOT_FLASH + bytes(banner))
            start = getattr(self.app, "boot", None)  # firmware that reads its flash at boot
            if start is not None:
                start()

    def _emit(self, data: bytes) -> None:
        if self._sink is not None:
            self._sink(data, ROM_BAUD)

    def emit(self, data: bytes) -> None:
        """Bytes the running firmware writes on its own (timers: acks, retransmissions)."""
        if self._sink is not None:
            self._sink(data, APP_BAUD)

    # -- the technician's hands ---------------------------------------------------------------

    def enter_download_mode(self) -> None:
        """Hold BOOT, tap RESET, release BOOT: the way into the ROM loader on any board."""
        with self._lock:
            self.boot_held = True
            self.reset_held = True
            self._update()
            self.reset_held = False
            self._en_low = False
            self._boot(download=True)
            self.boot_held = False

    def press_reset(self) -> None:
        with self._lock:
            self.reset_held = True
            self._update()
            self.reset_held = False
            self._en_low = False
            self._boot(download=False)

    # -- the UART -------------------------------------------------------------------------------

    def feed(self, data: bytes, baud: int | None = None) -> bytes:
        with self._lock:
            if self.mode == "download":
                return self.rom.feed(data, baud)
            if self.mode == "app" and (baud is None or baud == APP_BAUD):
                app = self.app
                return app.feed(data) if not callable(app) else app(data)
            return b""  # held in reset, or noise at the wrong speed
