"""Where a document opened with "Open" is decrypted for the system's application to read.

The application (a PDF reader, a word processor) needs a file on disk, and we cannot know when
it is done with it: the copy stays while Obambu runs and is removed when it quits. A copy left
by a crash or a power cut is removed at the next start, so decrypted documents never pile up.
The folder is this user's alone (mode 0700 on POSIX, inside the user's own data folder, never a
shared temporary folder), and each run gets its own folder inside it, so two copies of one name
never overwrite each other across runs.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app.cli_base import data_folder

PRIVATE = stat.S_IRWXU  # 0700: read, write and enter for this user only

_this_run: Path | None = None
_watching_quit = False


def root() -> Path:
    """The folder that holds every run's copies."""
    return data_folder() / "opened"


def clear_leftovers() -> None:
    """At start: removes what an earlier run could not (it crashed, the power went)."""
    global _this_run
    _this_run = None
    _remove(root())


def folder() -> Path:
    """This run's private folder, made on first use; removed when the application quits."""
    global _this_run, _watching_quit
    base = root()
    if _this_run is not None and _this_run.parent == base and _this_run.is_dir():
        return _this_run
    base.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(PermissionError):  # a FAT stick (portable build) has no modes
        os.chmod(base, PRIVATE)
    _this_run = Path(tempfile.mkdtemp(prefix="run-", dir=base))  # mkdtemp makes it 0700
    app = QCoreApplication.instance()
    if app is not None and not _watching_quit:
        app.aboutToQuit.connect(remove_this_run)
        _watching_quit = True
    return _this_run


def remove_this_run() -> None:
    """At quit: this run's copies are gone with it."""
    global _this_run
    if _this_run is not None:
        _remove(_this_run)
    _this_run = None


def _remove(path: Path) -> None:
    # A copy still open in another program cannot be removed on Windows: the next start will.
    shutil.rmtree(path, ignore_errors=True)
