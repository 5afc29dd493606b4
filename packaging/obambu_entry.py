"""The frozen application's entry point: the `obambu` command, and the window when started
with no arguments (a double click)."""

from __future__ import annotations

import multiprocessing
import os
import sys

from app import portable


def main() -> int:
    # A large import checks signatures in spawned worker processes (app/sync/intake.py): in
    # the frozen program each is this executable again, and this hands it to its work.
    multiprocessing.freeze_support()
    if sys.stdout is None or sys.stderr is None:
        # The windowed obambu.exe has no console: Python gives it no stdout/stderr. Output
        # goes nowhere rather than failing; obambu-debug.exe is the one for commands.
        quiet = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process's life
        sys.stdout = sys.stdout or quiet
        sys.stderr = sys.stderr or quiet
    portable.apply()
    if sys.platform == "win32":
        # AZERTY keyboards type @ and # with AltGr; Qt's Windows plugin needs to be told.
        os.environ.setdefault("QT_QPA_PLATFORM", "windows:altgr")
    args = sys.argv[1:]
    if not args:
        args = ["run"]
    elif args == ["--self-test"]:
        args = ["self-test"]
    from app.cli import main as cli

    return cli(args)


if __name__ == "__main__":
    sys.exit(main())
