"""The golden picture of the display box's screen: what firmware/core/ssd1306.c draws for two
P0 items (one signed and valid, one whose signature failed) in its 128x64 framebuffer, stored
as a binary PBM (ssd1306_golden.pbm, 1 = lit). tests/test_ssd1306.py fails when the rendering
changes. After a deliberate change of the font, the layout or the display text, regenerate,
look at the PNG and review the diff:

    .venv/bin/python -m tests.vectors.firmware.make_ssd1306_golden [--png /tmp/screen.png]

The PNG (the picture four times larger, lit pixels white on black) is only for looking at.
"""

from __future__ import annotations

import argparse
import ctypes
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image

from app.sync.relay import Badge, DisplayItem, display_request
from bench.relay_forwarding import build_library

WIDTH, HEIGHT, PAGES = 128, 64, 8
FRAMEBUFFER = WIDTH * PAGES
GOLDEN = Path(__file__).resolve().parent / "ssd1306_golden.pbm"

# Two P0 items, accents and typographic quotes to fold, one long enough to wrap.
ITEMS = [
    DisplayItem(0, Badge.VALID, "Coupure d’électricité à Ambam demain matin"),
    DisplayItem(0, Badge.INVALID, "Avis : l’état civil ferme à midi"),
]


def load(path: Path) -> ctypes.CDLL:
    """The entry points of firmware/host/ssd1306_host_api.c."""
    lib = ctypes.CDLL(str(path))
    c, size, u32, ptr = ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint32, ctypes.c_void_p
    signatures: dict[str, tuple[list[Any], Any]] = {
        "ssd1306_host_size": ([], size),
        "ssd1306_host_init": ([c, size], ptr),
        "ssd1306_host_power_on": ([ptr], ctypes.c_int),
        "ssd1306_host_draw_items": ([ptr, c, size, c, size], ctypes.c_int),
        "ssd1306_host_text": ([ptr, ctypes.c_uint, ctypes.c_uint, c, size], None),
        "ssd1306_host_flush": ([ptr], ctypes.c_int),
        "ssd1306_host_fail_next": ([ptr, u32], None),
        "ssd1306_host_framebuffer": ([ptr, c], None),
        "ssd1306_host_gddram": ([ptr, c], None),
        "ssd1306_host_stats": ([ptr, ptr], None),
    }
    for name, (args, result) in signatures.items():
        fn = getattr(lib, name)
        fn.argtypes = args
        fn.restype = result
    return lib


class Screen:
    """One emulated panel and its driver, in a buffer Python owns."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self.lib = lib
        self.mem = ctypes.create_string_buffer(lib.ssd1306_host_size())
        self.h = lib.ssd1306_host_init(self.mem, len(self.mem))

    def power_on(self) -> int:
        return int(self.lib.ssd1306_host_power_on(self.h))

    def draw(self, items: list[DisplayItem]) -> tuple[int, str]:
        body = display_request(items)[1:]  # after the type byte
        text = ctypes.create_string_buffer(512)
        kept = self.lib.ssd1306_host_draw_items(self.h, body, len(body), text, len(text))
        return int(kept), text.value.decode("ascii")

    def flush(self) -> int:
        return int(self.lib.ssd1306_host_flush(self.h))

    def fail_next(self, writes: int) -> None:
        self.lib.ssd1306_host_fail_next(self.h, writes)

    def framebuffer(self) -> bytes:
        out = ctypes.create_string_buffer(FRAMEBUFFER)
        self.lib.ssd1306_host_framebuffer(self.h, out)
        return out.raw

    def gddram(self) -> bytes:
        out = ctypes.create_string_buffer(FRAMEBUFFER)
        self.lib.ssd1306_host_gddram(self.h, out)
        return out.raw

    def stats(self) -> dict[str, int]:
        out = (ctypes.c_uint32 * 10)()
        self.lib.ssd1306_host_stats(self.h, out)
        names = ("writes", "data_bytes", "command_bytes", "longest", "unknown", "wrong_address",
                 "on", "mode", "retries", "failures")
        return dict(zip(names, out, strict=True))


def pixels(framebuffer: bytes) -> list[list[int]]:
    """Rows of 0/1 from the chip's page layout: byte (page, x), bit y % 8, least on top."""
    return [
        [framebuffer[(y // 8) * WIDTH + x] >> (y % 8) & 1 for x in range(WIDTH)]
        for y in range(HEIGHT)
    ]


def to_pbm(framebuffer: bytes) -> bytes:
    """Binary PBM (P4): rows of 16 bytes, most significant bit leftmost, 1 = black ink."""
    out = bytearray(f"P4\n{WIDTH} {HEIGHT}\n".encode("ascii"))
    for row in pixels(framebuffer):
        for start in range(0, WIDTH, 8):
            out.append(sum(bit << (7 - k) for k, bit in enumerate(row[start : start + 8])))
    return bytes(out)


def to_png(framebuffer: bytes, path: Path, scale: int = 4) -> None:
    image = Image.new("L", (WIDTH, HEIGHT))
    image.putdata([255 * bit for row in pixels(framebuffer) for bit in row])
    image.resize((WIDTH * scale, HEIGHT * scale), Image.Resampling.NEAREST).save(path)


def render(lib: ctypes.CDLL) -> tuple[bytes, str]:
    screen = Screen(lib)
    kept, text = screen.draw(ITEMS)
    if kept != len(ITEMS):
        raise RuntimeError(f"the core kept {kept} items of {len(ITEMS)}")
    return screen.framebuffer(), text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--png", type=Path, help="also write the picture, 4 times larger")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as build:
        framebuffer, text = render(load(build_library(Path(build))))
    GOLDEN.write_bytes(to_pbm(framebuffer))
    print(text)
    if args.png:
        to_png(framebuffer, args.png)


if __name__ == "__main__":
    main()
