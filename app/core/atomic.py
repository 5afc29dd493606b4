"""Crash-safe file replacement: readers see the old bytes or the new bytes, never a mix.

Same recipe as Electrum's storage.py: write a temp file in the target's folder, flush and fsync
it, os.replace it over the target, then fsync the folder so the rename itself is durable.
The temp file must live in the same folder because os.replace is only atomic within one
filesystem, and USB sticks are their own filesystem. What differs on Windows (a rename over a
file an antivirus holds open, a folder that cannot be synced) is app/core/platform_files.py's.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from app.core import platform_files

# Used when the target does not exist yet: backups and key files are nobody else's business.
NEW_FILE_MODE = stat.S_IRUSR | stat.S_IWUSR


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, or leave the old file untouched if anything fails."""
    path = Path(path)
    folder = path.parent
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        # Set the mode before the rename so there is no moment where the file has the wrong one.
        # FAT and exFAT sticks refuse chmod with EPERM; the temp file then keeps mkstemp's
        # owner-only mode, which errs on the private side, so carry on.
        with contextlib.suppress(PermissionError):
            os.chmod(tmp_name, mode)
        platform_files.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_folder(folder)


def fsync_folder(folder: Path) -> None:
    if not platform_files.can_sync_folder():
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some filesystems (certain FUSE and network mounts) cannot fsync a folder. The new file
        # is already in place by now, so reporting failure would be a lie; only real I/O errors
        # are worth raising.
        if not platform_files.folder_sync_unsupported(exc):
            raise
    finally:
        os.close(fd)
