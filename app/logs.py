"""The log: one rotating file in the platform's log folder, set up once by each entry point.

Modules log through `logging.getLogger(__name__)` and never configure anything; the command
line and the window call `configure` before they start. What goes in is what a support person
needs to understand a failure — what was started, what finished with which counts, which code
refused what, and the traceback of a bug — and nothing private: no passphrase, no key, no
ledger content, no names. The crash report quotes the end of this file, so that rule is what
keeps the report safe to carry out of the town hall on a stick.

The folder is platformdirs' user log folder, or `logs/` beside the profile of a portable build
(OBAMBU_DATA_DIR, see app/portable.py), so that a build run from a stick writes nothing on the
laptop.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

import platformdirs

APP = "obambu"
FILE = "obambu.log"
MAX_BYTES = 1_000_000  # a file a support person can read; four of them at most on disk
BACKUPS = 3
TAIL_BYTES = 64_000  # what a crash report quotes from the end of the log
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
ROOT = "app"  # every module logs under its own name, app.…, so one logger holds the handlers

log = logging.getLogger(__name__)


class _Ours:
    """Marks the handlers this module installed, so that configuring again replaces them."""


class _FileHandler(RotatingFileHandler, _Ours):
    def handleError(self, record: logging.LogRecord) -> None:
        """A full or pulled-out disk loses a log line; it never prints into a command's output."""

    def doRollover(self) -> None:
        """Starts a new file when this one is full. On Windows a file that another process holds
        open cannot be renamed (the window's log while an `obambu` command runs beside it, or an
        antivirus reading it): the line then goes on at the end of this file, later than planned
        in a new one, rather than being lost with the failed rename."""
        try:
            super().doRollover()
        except OSError:
            if self.stream is None:  # closed for the rename that failed: reopened as it was
                self.stream = self._open()


class _NullHandler(logging.NullHandler, _Ours):
    """Where the log goes when its folder cannot be written: nowhere, and not to the terminal
    either (Python's last resort would print warnings there, among a command's messages)."""


class _StreamHandler(logging.StreamHandler, _Ours):  # type: ignore[type-arg]
    pass


class _Formatter(logging.Formatter):
    """Writes the home folder as ~: its name is often the name of the person on the laptop."""

    def format(self, record: logging.LogRecord) -> str:
        return private_paths_hidden(super().format(record))


def private_paths_hidden(text: str) -> str:
    home = str(Path.home())
    return text.replace(home, "~") if len(home) > 1 else text


def folder() -> Path:
    """Where the log files go: beside a portable profile, or the user's log folder."""
    portable = os.environ.get("OBAMBU_DATA_DIR")
    if portable:
        return Path(portable) / "logs"
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def configure(*, verbose: bool = False) -> Path | None:
    """Sends the `app` loggers to the log file (and to stderr when `verbose`).

    Returns the file, or None when its folder cannot be written: a read-only disk must not
    stop a town hall from working, so the log is then simply not kept.
    """
    close()
    level = logging.DEBUG if verbose else logging.INFO
    handlers: list[logging.Handler] = []
    path: Path | None = folder() / FILE
    try:
        folder().mkdir(parents=True, exist_ok=True)
        handlers.append(
            _FileHandler(folder() / FILE, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        )
    except OSError:
        path = None
    if verbose:
        handlers.append(_StreamHandler(sys.stderr))
    if not handlers:
        handlers.append(_NullHandler())
    logger = logging.getLogger(ROOT)
    logger.setLevel(level)
    for handler in handlers:
        handler.setFormatter(_Formatter(FORMAT))
        logger.addHandler(handler)
    if path is None:
        log.warning("the log folder cannot be written; no log file is kept")
    return path


def close() -> None:
    """Flushes and removes what `configure` installed (the end of a command, or of a test)."""
    logger = logging.getLogger(ROOT)
    for handler in [h for h in logger.handlers if isinstance(h, _Ours)]:
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(logging.NOTSET)


@contextmanager
def kept(*, verbose: bool = False) -> Iterator[Path | None]:
    """The log for the length of one command."""
    path = configure(verbose=verbose)
    try:
        yield path
    finally:
        close()


def current() -> Path | None:
    """The file the log is being written to, if any."""
    for handler in logging.getLogger(ROOT).handlers:
        if isinstance(handler, _FileHandler):
            return Path(handler.baseFilename)
    return None


def tail(limit: int = TAIL_BYTES) -> str:
    """The last lines of the current log file, whole lines only; empty when there is none."""
    path = current()
    if path is None:
        return ""
    for handler in logging.getLogger(ROOT).handlers:
        handler.flush()
    try:
        with path.open("rb") as file:
            size = file.seek(0, os.SEEK_END)
            file.seek(max(0, size - limit))
            data = file.read(limit)
    except OSError:
        return ""
    if len(data) == limit and b"\n" in data:  # started mid-line: drop the partial first line
        data = data.split(b"\n", 1)[1]
    return data.decode("utf-8", errors="replace")


def counts(report: Mapping[str, Any]) -> str:
    """A report's figures for the log: numbers as they are, lists by their length, and no text
    (reasons and names in a report may quote what other communes wrote)."""
    parts = []
    for name, value in report.items():
        if isinstance(value, bool) or not isinstance(value, int | list | dict):
            continue
        parts.append(f"{name} {value if isinstance(value, int) else len(value)}")
    return ", ".join(parts)
