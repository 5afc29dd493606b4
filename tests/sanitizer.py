"""Running some of a test file again against the ASan/UBSan build of the firmware core.

ctypes loads the library into a Python that was not linked with the sanitizer runtime, so the
run preloads libasan; leak detection is off because Python itself never frees everything at
exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench.relay_forwarding import build_library


def rerun_sanitized(
    tmp_path: Path, test_file: str, selection: str, library_env: str
) -> subprocess.CompletedProcess[str]:
    """`library_env`: the variable telling the test file which library to load."""
    library = build_library(tmp_path, sanitize=True)
    runtime = subprocess.run(
        ["gcc", "-print-file-name=libasan.so"], capture_output=True, text=True, check=True
    ).stdout.strip()
    env = {
        **os.environ,
        library_env: str(library),
        "LD_PRELOAD": runtime,
        "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=1",
        "UBSAN_OPTIONS": "halt_on_error=1:print_stacktrace=1",
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            test_file,
            "-k",
            selection,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
