"""Writing firmware parts to a relay through esptool's public API.

One job: connect (reset into the ROM loader, or manual boot) → check the chip BEFORE anything
is written (esptool itself only refuses a wrong chip at the bootloader offset) → upload the
flasher stub → raise the baud rate → attach the flash and check its size → write every part
(esptool verifies each by MD5) → hard reset into the new firmware.

A failure after the chip was reached is retried once at 115200 baud, the speed that survives
long cables and weak adapters; a failure to reach the chip is not (another speed would not
help, the hint says what to do). The retry needs the board's auto-reset to bring the ROM
back, so it is skipped in manual boot mode. A cancel stops esptool at the next block; the
relay then holds a partial image and will not boot, but its ROM loader is in mask ROM: it
can always be flashed again.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import serial
from esptool.cmds import attach_flash, detect_flash_size, reset_chip, run_stub, write_flash
from esptool.util import FatalError, flash_size_bytes

from app.core.progress import Listener, Phase, Progress, ignore
from app.provision.chip import mac_text, same_chip
from app.provision.esplog import Cancelled, EsptoolSink, LineHook, captured
from app.provision.hints import ProvisionError, explain, hint
from app.provision.session import CONNECT_ATTEMPTS, ROM_BAUD, connected

SECTOR = 0x1000
FAST_BAUD = 460_800


@dataclass(frozen=True)
class WrittenPart:
    offset: int
    size: int


@dataclass(frozen=True)
class FlashResult:
    complete: bool  # every part written and verified, relay reset into its firmware
    chip: str  # "" when cancelled before the chip answered
    mac: str
    flash_size: str | None
    baud: int  # the speed of the attempt that ended
    attempts: int
    written: tuple[WrittenPart, ...]  # parts whose MD5 esptool verified
    timings: Mapping[str, float]  # seconds: connect, stub, write, reset, total
    hint: ProvisionError | None = None  # for an incomplete result, what to tell

    @property
    def bytes_written(self) -> int:
        return sum(part.size for part in self.written)


def _checked(parts: Sequence[tuple[int, bytes]]) -> list[tuple[int, bytes]]:
    """Parts in flash order; overlapping or unaligned parts are a caller's bug."""
    ordered = sorted(parts)
    if not ordered:
        raise ValueError("nothing to flash")
    end = 0
    for offset, data in ordered:
        if offset % SECTOR or not data or offset < end:
            raise ValueError(f"part at {offset:#x}: empty, unaligned or overlapping")
        end = offset + len(data)
    return ordered


class _Tracker:
    """Turns esptool's per-part progress bars into one stream of sync Progress events.

    esptool counts bytes on the wire (compressed) per part; its label "Writing at 0x…" gives
    the flash position reached, which says how much of which part is done.
    """

    def __init__(self, parts: list[tuple[int, bytes]], listener: Listener) -> None:
        self.parts = parts
        self.listener = listener
        self.total = sum(len(data) for _, data in parts)
        self.before = [sum(len(d) for _, d in parts[:i]) for i in range(len(parts))]
        self.index = -1
        self.wire_before = 0  # wire bytes of the parts already finished
        self.wire = 0
        self.verified: list[int] = []

    def on_progress(self, current: int, total: int, label: str) -> None:
        found = re.search(r"at 0x([0-9a-fA-F]+)", label)
        if found is None:
            return
        position = int(found[1], 16)
        index = max((i for i, (offset, _) in enumerate(self.parts) if offset < position), default=0)
        if index != self.index:
            self.wire_before += self.wire
            self.index = index
        self.wire = current
        offset, data = self.parts[index]
        done = self.before[index] + min(position - offset, len(data))
        self.listener(Progress(Phase.WRITE, done, self.total, self.wire_before + current))

    def on_line(self, line: str) -> None:
        if "Hash of data verified" in line and self.index >= 0:
            self.verified.append(self.index)
            self.listener(Progress(Phase.CHECK, len(self.verified), len(self.parts)))

    def written(self) -> tuple[WrittenPart, ...]:
        return tuple(WrittenPart(self.parts[i][0], len(self.parts[i][1])) for i in self.verified)


@dataclass
class _Job:
    port: str
    parts: list[tuple[int, bytes]]
    expected_chip: str
    baud: int
    manual_boot: bool
    flash_size: str | None
    connect_attempts: int
    tracker: _Tracker
    cancel: threading.Event
    on_line: LineHook | None
    stage: str = "connect"
    chip: str = ""
    mac: str = ""
    detected_size: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    touched: bool = False  # the flash was being written when the job stopped

    def _line(self, line: str) -> None:
        self.tracker.on_line(line)
        if self.on_line is not None:
            self.on_line(line)

    def run(self) -> None:
        sink = EsptoolSink(
            on_progress=self.tracker.on_progress, on_line=self._line, cancel=self.cancel
        )
        clock = time.monotonic()

        def lap(name: str) -> None:
            nonlocal clock
            now = time.monotonic()
            self.timings[name] = now - clock
            clock = now

        with (
            captured(sink),
            connected(
                self.port, manual_boot=self.manual_boot, attempts=self.connect_attempts
            ) as esp,
        ):
            sink.check_cancel()
            self.chip = str(esp.CHIP_NAME)
            if not same_chip(self.chip, self.expected_chip):
                raise hint("wrong_chip", found=self.chip, expected=self.expected_chip)
            self.mac = mac_text(esp.read_mac())
            lap("connect")
            self.stage = "stub"
            esp = run_stub(esp)
            if self.baud != ROM_BAUD:
                esp.change_baud(self.baud)
            attach_flash(esp)
            self.detected_size = detect_flash_size(esp)
            self._check_size()
            lap("stub")
            sink.check_cancel()
            self.stage = "write"
            self.touched = True
            # esptool reconnects by itself after a SerialException, sleeping 1 s per try for
            # up to 7 tries that cannot be cancelled; the job's own retry starts afresh instead.
            esp.WRITE_FLASH_ATTEMPTS = 1
            write_flash(esp, list(self.parts), flash_size="keep")
            lap("write")
            self.stage = "reset"
            reset_chip(esp, "hard-reset")
            lap("reset")

    def _check_size(self) -> None:
        if self.detected_size is None:
            return  # unknown flash chip: esptool cannot tell either, the MD5 check still runs
        have = flash_size_bytes(self.detected_size)
        needed = max(offset + len(data) for offset, data in self.parts)
        wanted = flash_size_bytes(self.flash_size) if self.flash_size else 0
        if have < max(needed, wanted):
            label = self.flash_size or f"{-(-needed // (1 << 20))}MB"
            raise hint("flash_too_small", found=self.detected_size, needed=label)

    def result(self, *, complete: bool, attempts: int, started: float) -> FlashResult:
        interrupted = None
        if not complete:
            interrupted = hint("flash_interrupted" if self.touched else "cancelled")
        return FlashResult(
            complete=complete,
            chip=self.chip,
            mac=self.mac,
            flash_size=self.detected_size,
            baud=self.baud,
            attempts=attempts,
            written=self.tracker.written(),
            timings={**self.timings, "total": time.monotonic() - started},
            hint=interrupted,
        )


def flash(
    port: str,
    parts: Sequence[tuple[int, bytes]],
    *,
    expected_chip: str,
    baud: int = FAST_BAUD,
    progress: Listener = ignore,
    cancel: threading.Event | None = None,
    manual_boot: bool = False,
    flash_size: str | None = None,
    connect_attempts: int = CONNECT_ATTEMPTS,
    on_line: Callable[[str], None] | None = None,
) -> FlashResult:
    """Write `parts` ((offset, bytes), e.g. a pack's flash_args plus the relaycfg image).

    Returns a complete result, or an incomplete one when `cancel` was set; raises
    ProvisionError (with `flash_touched`) when the relay could not be flashed.
    `flash_size` is the pack's minimum ("4MB"); `expected_chip` its chip ("ESP32").
    """
    ordered = _checked(parts)
    cancel = cancel or threading.Event()
    speeds = [baud] if manual_boot or baud == ROM_BAUD else [baud, ROM_BAUD]
    started = time.monotonic()
    failure: ProvisionError | None = None
    touched = False
    for attempt, speed in enumerate(speeds, 1):
        job = _Job(
            port,
            ordered,
            expected_chip,
            speed,
            manual_boot,
            flash_size,
            connect_attempts,
            _Tracker(ordered, progress),
            cancel,
            on_line,
        )
        try:
            job.run()
            return job.result(complete=True, attempts=attempt, started=started)
        except Cancelled:
            job.touched = job.touched or touched
            return job.result(complete=False, attempts=attempt, started=started)
        except ProvisionError as refused:
            refused.flash_touched = touched or job.touched
            raise
        except (FatalError, serial.SerialException, OSError) as exc:
            error = explain(exc)
            error.__cause__ = exc
            touched = error.flash_touched = touched or job.touched
            if job.stage == "connect":
                # Not even the chip answered: a first failure's cause is the better hint (an
                # unplugged relay's port is also gone when the retry tries to open it).
                if failure is not None:
                    raise failure from failure.__cause__
                raise error from exc
            failure = error
            if on_line is not None and attempt < len(speeds):
                on_line(f"Retrying at {speeds[attempt]} baud after: {error.detail}")
    assert failure is not None
    raise failure


def read_back(
    port: str,
    offset: int,
    size: int,
    *,
    baud: int = FAST_BAUD,
    manual_boot: bool = False,
    connect_attempts: int = CONNECT_ATTEMPTS,
) -> bytes:
    """Read `size` bytes of the relay's flash at `offset` (e.g. the relaycfg partition)."""
    try:
        with (
            captured(EsptoolSink()),
            connected(port, manual_boot=manual_boot, attempts=connect_attempts) as esp,
        ):
            esp = run_stub(esp)
            if baud != ROM_BAUD:
                esp.change_baud(baud)
            attach_flash(esp)
            return bytes(esp.read_flash(offset, size))
    except (FatalError, serial.SerialException, OSError) as exc:
        raise explain(exc) from exc
