"""The core's C test program (firmware/tests/test_core.c) on this machine and on the ESP32-C3's
instruction set.

The program checks the golden vectors of tests/vectors/firmware (embedded by
firmware/tests/make_test_vectors.py) and hand-picked cases of every module. It runs here with
gcc, and, built with Debian's gcc-riscv64-unknown-elf and picolibc for RV32IMAC, under
qemu-riscv32 user mode, where it must print the same lines. Without that toolchain the rv32
tests skip, unless OBAMBU_REQUIRE_RISCV=1 (`make unit` sets it, and installs the toolchain):
then they fail, so CI cannot pass without having run them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from firmware.tests.make_test_vectors import OUT as VECTORS_HEADER
from firmware.tests.make_test_vectors import render as render_vectors

TESTS = Path(__file__).resolve().parents[1] / "firmware" / "tests"
TOOLS = ("riscv64-unknown-elf-gcc", "riscv64-unknown-elf-size", "qemu-riscv32")
PICOLIBC_SPECS = Path("/usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs")
# The ESP32-C3 (ESP32-C3 Series Datasheet: 400 KB SRAM, modules with 4 MB of flash).
RAM_BUDGET = 400 * 1024
FLASH_BUDGET = 4 * 1024 * 1024


def make(build: Path, target: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-s", "-C", str(TESTS), f"BUILD={build}", target, *extra],
        capture_output=True,
        text=True,
        timeout=300,
    )


def results(output: str) -> list[str]:
    """The per-test lines and the summary, without the sizes (which differ by design)."""
    return [line for line in output.splitlines() if not line.startswith("sizeof:")]


def require_riscv() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not PICOLIBC_SPECS.exists():
        missing.append("picolibc-riscv64-unknown-elf")
    if not missing:
        return
    reason = f"the RISC-V toolchain is missing ({', '.join(missing)}): `make unit` installs it"
    if os.environ.get("OBAMBU_REQUIRE_RISCV") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def test_vectors_header_is_up_to_date() -> None:
    assert VECTORS_HEADER.read_text(encoding="ascii") == render_vectors(), (
        "run .venv/bin/python firmware/tests/make_test_vectors.py"
    )


def test_core_program_passes_on_this_machine(tmp_path: Path) -> None:
    run = make(tmp_path, "host")
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    lines = results(run.stdout)
    assert lines[-1].endswith(" tests, 0 failed")
    assert all(line.startswith("ok ") for line in lines[:-1]) and len(lines) > 10


def test_core_program_passes_under_qemu_riscv32(tmp_path: Path) -> None:
    require_riscv()
    host = make(tmp_path / "host", "host")
    rv32 = make(tmp_path / "rv32", "rv32")
    assert rv32.returncode == 0, rv32.stdout[-4000:] + rv32.stderr[-4000:]
    assert results(rv32.stdout) == results(host.stdout)
    assert "pointer 4" in rv32.stdout  # it really ran as a 32-bit program


@pytest.mark.parametrize("target", ["host", "rv32"])
def test_a_failed_check_fails_the_program(tmp_path: Path, target: str) -> None:
    """The harness itself: one test made to fail must show by name and in the exit status,
    through qemu-riscv32 too."""
    if target == "rv32":
        require_riscv()
    run = make(tmp_path, target, "EXTRA=-DTEST_CORE_PROVE_FAILURE")
    assert run.returncode != 0
    assert "FAIL failure_is_reported" in run.stdout
    assert run.stdout.rstrip().endswith("tests, 1 failed")


def test_core_fits_the_esp32_c3(tmp_path: Path) -> None:
    """Every core module compiles for RV32IMAC, and code and static RAM fit the board."""
    require_riscv()
    run = make(tmp_path, "size")
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    total = re.search(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+\d+\s+\w+\s+\(TOTALS\)", run.stdout, re.M)
    assert total, run.stdout
    text, data, bss = (int(n) for n in total.groups())
    print(f"core for rv32: text {text} B, data {data} B, bss {bss} B")
    assert text + data < FLASH_BUDGET and data + bss < RAM_BUDGET
