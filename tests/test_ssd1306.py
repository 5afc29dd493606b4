"""The display box's screen (firmware/core/ssd1306.c) on an emulated SSD1306.

The driver draws display_render()'s text (the latest P0/P1 items and their badges, folded to
ASCII) in its framebuffer and sends it over I2C; firmware/host/ssd1306_host_api.c decodes those
writes as the chip would and rebuilds the panel's memory. The picture is checked against a
golden PBM (tests/vectors/firmware/make_ssd1306_golden.py regenerates it), the panel's memory
against the framebuffer, and a bus that drops acks against the driver's bounded retries. The
same tests run again against the AddressSanitizer/UBSan build.
"""

from __future__ import annotations

import ctypes
import os
import random
from pathlib import Path

import pytest

from app.sync.relay import Badge, DisplayItem
from bench.relay_forwarding import build_library
from firmware.tools.make_font5x7 import OUT as FONT_SOURCE
from firmware.tools.make_font5x7 import render as render_font
from tests.sanitizer import rerun_sanitized
from tests.vectors.firmware.make_ssd1306_golden import (
    FRAMEBUFFER,
    GOLDEN,
    ITEMS,
    Screen,
    load,
    pixels,
    render,
    to_pbm,
    to_png,
)

LIBRARY_ENV = "OBAMBU_SSD1306_LIBRARY"  # set by the sanitizer run to the library it built
CHUNK = 32  # SSD1306_CHUNK: data bytes per I2C write
TRIES = 3  # SSD1306_TRIES


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> ctypes.CDLL:
    given = os.environ.get(LIBRARY_ENV)
    path = Path(given) if given else build_library(tmp_path_factory.mktemp("ssd1306-build"))
    return load(path)


def test_golden_screen_of_two_p0_items(lib: ctypes.CDLL, tmp_path: Path) -> None:
    framebuffer, text = render(lib)
    assert text.splitlines()[0] == "+P0 Coupure"  # the badge leads, the accents are folded
    assert "!P0 Avis : l'etat" in text.splitlines()
    if to_pbm(framebuffer) != GOLDEN.read_bytes():
        to_png(framebuffer, tmp_path / "screen.png")
        pytest.fail(
            f"the screen changed (now: {tmp_path / 'screen.png'}); if that was meant, run "
            ".venv/bin/python -m tests.vectors.firmware.make_ssd1306_golden and review"
        )


def test_golden_is_a_128x64_picture_with_text_in_the_cells() -> None:
    golden = GOLDEN.read_bytes()
    assert golden.startswith(b"P4\n128 64\n") and len(golden) == 10 + FRAMEBUFFER
    rows = [
        [byte >> (7 - k) & 1 for byte in golden[10 + 16 * y : 26 + 16 * y] for k in range(8)]
        for y in range(64)
    ]
    lit = {y for y, row in enumerate(rows) if any(row)}
    assert lit and max(lit) < 7 * 8  # seven lines of text, the eighth row of cells empty
    assert all(row[126:] == [0, 0] for row in rows)  # 21 cells of 6 pixels: 126 wide


def test_font_source_is_generated_from_its_drawings() -> None:
    assert FONT_SOURCE.read_text(encoding="ascii") == render_font(), (
        "run .venv/bin/python firmware/tools/make_font5x7.py"
    )


def test_panel_memory_equals_the_framebuffer_after_a_flush(lib: ctypes.CDLL) -> None:
    screen = Screen(lib)
    assert screen.power_on() == 0
    assert screen.draw(ITEMS)[0] == 2
    assert screen.flush() == 0
    stats = screen.stats()
    assert screen.gddram() == screen.framebuffer() == render(lib)[0]
    assert stats["on"] == 1 and stats["mode"] == 0  # display on, horizontal addressing
    assert stats["data_bytes"] == FRAMEBUFFER and stats["longest"] <= 1 + CHUNK
    assert stats["unknown"] == stats["wrong_address"] == stats["retries"] == 0


def test_a_panel_left_in_its_reset_addressing_mode_shows_the_wrong_picture(
    lib: ctypes.CDLL,
) -> None:
    """Without the power-on sequence the chip is in page addressing, where a flush runs along
    one page: the emulator must tell that apart, or the equality above would prove nothing."""
    screen = Screen(lib)
    screen.draw(ITEMS)
    assert screen.flush() == 0
    assert screen.stats()["mode"] == 2 and screen.gddram() != screen.framebuffer()


def test_a_second_flush_overwrites_the_whole_panel(lib: ctypes.CDLL) -> None:
    screen = Screen(lib)
    screen.power_on()
    screen.draw(ITEMS)
    screen.flush()
    screen.draw([DisplayItem(1, Badge.UNSIGNED, "Réunion publique")])
    assert screen.flush() == 0
    assert screen.gddram() == screen.framebuffer()
    assert pixels(screen.gddram())[0][:5] != [0] * 5  # '?' of the unsigned badge


def test_a_dropped_ack_is_retried_and_the_retries_are_bounded(lib: ctypes.CDLL) -> None:
    screen = Screen(lib)
    assert screen.power_on() == 0
    screen.draw(ITEMS)
    screen.fail_next(TRIES - 1)  # a glitch: the last try of the first write gets through
    assert screen.flush() == 0
    assert screen.stats()["retries"] == TRIES - 1
    assert screen.gddram() == screen.framebuffer()

    before = screen.stats()["writes"]
    screen.fail_next(1000)  # the screen is gone from the bus
    assert screen.flush() == -1
    stats = screen.stats()
    assert stats["writes"] - before == TRIES and stats["failures"] == 1

    screen.fail_next(0)  # back: the next flush repaints everything
    assert screen.flush() == 0 and screen.gddram() == screen.framebuffer()


def test_power_on_reports_a_missing_screen(lib: ctypes.CDLL) -> None:
    screen = Screen(lib)
    screen.fail_next(1000)
    assert screen.power_on() == -1
    assert screen.stats()["on"] == 0 and screen.stats()["failures"] == 1


def test_malformed_items_draw_nothing(lib: ctypes.CDLL) -> None:
    screen = Screen(lib)
    body = bytes([9])  # more items than a display holds
    kept = lib.ssd1306_host_draw_items(screen.h, body, len(body), None, 0)
    assert kept == -1 and screen.framebuffer() == bytes(FRAMEBUFFER)


def test_hostile_display_bodies_draw_within_the_panel(lib: ctypes.CDLL) -> None:
    """DISPLAY_PUT bodies come from a laptop: random ones, well-formed or not, never draw
    outside the 21x8 cells (the sanitizer run checks the memory side)."""
    rng = random.Random(22)
    screen = Screen(lib)
    text = ctypes.create_string_buffer(512)
    for _ in range(400):
        count = rng.randrange(0, 10)
        body = bytearray([count])
        for _ in range(count):
            title = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 125)))
            body += bytes([rng.randrange(3), rng.randrange(4), len(title)]) + title
        if rng.random() < 0.3 and body:
            del body[rng.randrange(len(body)) :]  # cut anywhere
        kept = lib.ssd1306_host_draw_items(screen.h, bytes(body), len(body), text, len(text))
        assert -1 <= kept <= 8
        if kept >= 0:
            lines = text.value.decode("ascii").split("\n") if text.value else []
            assert len(lines) <= 8 and all(len(line) <= 21 for line in lines)
            rows = pixels(screen.framebuffer())
            assert all(row[126:] == [0, 0] for row in rows)
            assert all(not any(rows[8 * k + 7]) for k in range(8))  # a blank row under each line


@pytest.mark.skipif(bool(os.environ.get(LIBRARY_ENV)), reason="already the sanitizer run")
def test_sanitizer_build_replays_the_screen(tmp_path: Path) -> None:
    run = rerun_sanitized(tmp_path, __file__, "not sanitizer", LIBRARY_ENV)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert " passed" in run.stdout
