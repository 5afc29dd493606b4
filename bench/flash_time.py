"""Time to flash a 1.5 MB firmware pack at 460,800 baud, against the bound of the raw line.

The real esptool 5.6.0 flashes through app.provision.flashing.flash() to the emulated ESP32
of tests/esp, whose UART model sleeps for each byte's time on the wire (8N1: 10 bit times per
byte) in both directions at the port's current speed. The figure therefore counts all that
esptool puts on the line: SYNC and register reads at 115,200 baud, the stub upload, the baud
change, SLIP escaping (random data holds 2/256 bytes that take two), block headers and
replies, the MD5 verification. The chip's own flash erase and program times are not modelled:
the stub erases and programs a block while the next one arrives, and where a real flash chip
is slower than the line, its time adds to these figures.

Two packs of the same size: random bytes (incompressible: esptool sends them raw) and a
firmware-like mix (esptool deflates it, so the line carries less than the image).

Prints, per pack: the image bytes and what esptool sent after deflating, the seconds of each
step, the raw bound image bytes × 10 / baud, and the ratio of the whole job to that bound.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.esp, run as a script

from app.core.progress import Phase, Progress
from app.provision import flashing
from tests.esp import register, serial_handlers

APP_OFFSET = 0x10000


def firmware_like(size: int, rng: random.Random) -> bytes:
    """Bytes that deflate about as well as an ESP-IDF app (instructions, strings, tables)."""
    words = [rng.randbytes(rng.choice((2, 3, 4, 8))) for _ in range(4096)]
    words += [
        w.encode()
        for w in ["error", "wifi", "relay", "commune", "sync", "block", "vote", "esp_err_t"]
    ]
    out = bytearray()
    while len(out) < size:
        out += rng.choice(words)
        if rng.random() < 0.15:
            out += rng.randbytes(1)  # immediates and addresses
    return bytes(out[:size])


def run(name: str, image: bytes, baud: int) -> None:
    serial_handlers.emulator(name, line_time=True)
    events: list[Progress] = []
    start = time.monotonic()
    result = flashing.flash(
        f"espemu://{name}",
        [(APP_OFFSET, image)],
        expected_chip="ESP32",
        baud=baud,
        progress=events.append,
    )
    seconds = time.monotonic() - start
    assert result.complete, result
    assert serial_handlers.EMULATORS[name].flash[APP_OFFSET : APP_OFFSET + len(image)] == image
    sent = max(e.bytes for e in events if e.phase is Phase.WRITE)  # before SLIP framing
    bound = len(image) * 10 / baud
    steps = ", ".join(
        f"{step} {result.timings[step]:.1f} s" for step in ("connect", "stub", "write")
    )
    print(
        f"{name}: {len(image):,} bytes, {sent:,} sent ({sent / len(image):.0%}); "
        f"{steps}; total {seconds:.1f} s"
    )
    print(
        f"  raw bound {len(image):,} × 10 / {baud:,} = {bound:.1f} s; "
        f"job / bound = {seconds / bound:.2f}; write step / bound = "
        f"{result.timings['write'] / bound:.2f}; "
        f"effective {len(image) * 8 / seconds / 1000:,.0f} kbit/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kbytes", type=int, default=1536, help="pack size in KiB (1.5 MB)")
    parser.add_argument("--baud", type=int, default=460_800)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    register()
    rng = random.Random(args.seed)
    size = args.kbytes * 1024
    print(
        f"line: {args.baud:,} baud after the stub starts (115,200 before), 8N1 = "
        f"{args.baud / 10:,.0f} bytes/s; esptool 5.6.0 with its flasher stub, 16 KiB blocks"
    )
    run("random", rng.randbytes(size), args.baud)
    run("firmware-like", firmware_like(size, rng), args.baud)


if __name__ == "__main__":
    main()
