"""Where files behave differently on Windows: renaming over a file, syncing a folder, which
drives are USB sticks, and which file names it accepts. The rest of the program asks here and
never tests `os.name` itself.

Windows is reached through one boundary, `_kernel32()` (ctypes), so the tests on Linux fake
that object and walk the same code a town hall's laptop runs.
"""

from __future__ import annotations

import errno
import os
import re
import string
import sys
import time
from functools import cache
from pathlib import Path
from typing import Any

WINDOWS = sys.platform == "win32"

# Where Linux desktops and macOS mount removable drives. Their volumes do not say they are
# removable, so a stick is recognised by where it is mounted.
REMOVABLE_MOUNTS = ("/media/", "/run/media/", "/Volumes/")

# GetDriveTypeW's answers: a USB stick or a memory card is DRIVE_REMOVABLE; a USB hard disk says
# DRIVE_FIXED, like the laptop's own disk, and is not offered as a stick unless it carries an
# OBAMBU folder. A network drive (DRIVE_REMOTE) is never looked at: asking a disconnected one
# whether it is ready blocks for seconds, and the sync station asks every two seconds.
DRIVE_REMOVABLE = 2
DRIVE_FIXED = 3

# The Windows errors of a file that someone else holds open: ERROR_ACCESS_DENIED (what
# MoveFileEx answers when the target is open without FILE_SHARE_DELETE), ERROR_SHARING_VIOLATION
# and ERROR_LOCK_VIOLATION. An antivirus, the search indexer or a backup tool opens a file just
# written for a fraction of a second, so the rename is tried again before giving up.
SHARING_ERRORS = (5, 32, 33)
REPLACE_TRIES = 10
REPLACE_PAUSE = 0.05  # seconds, doubled each time up to half a second: about 3 s in all
REPLACE_PAUSE_MAX = 0.5


@cache
def _kernel32() -> Any:
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.GetLogicalDrives.argtypes = []
    kernel32.GetLogicalDrives.restype = ctypes.c_uint32  # a bit for each letter, A: first
    kernel32.GetDriveTypeW.argtypes = [ctypes.c_wchar_p]  # "E:\\", with its backslash
    kernel32.GetDriveTypeW.restype = ctypes.c_uint
    return kernel32


def _drives(kinds: tuple[int, ...]) -> list[Path]:
    if not WINDOWS:
        return []
    kernel32 = _kernel32()
    present = int(kernel32.GetLogicalDrives())
    found = []
    for index, letter in enumerate(string.ascii_uppercase):
        if present & (1 << index):
            root = f"{letter}:\\"
            if int(kernel32.GetDriveTypeW(root)) in kinds:
                found.append(Path(root))
    return found


def removable_drives() -> list[Path]:
    """The drive letters of the USB sticks and memory cards plugged in, "E:\\" and so on.
    Empty off Windows, where sticks are found by where they are mounted."""
    return _drives((DRIVE_REMOVABLE,))


def local_drives() -> list[Path]:
    """The drive letters where a stick's OBAMBU folder may be: sticks and local disks, never a
    network drive nor a DVD. Empty off Windows."""
    return _drives((DRIVE_REMOVABLE, DRIVE_FIXED))


def is_removable(root: Path | str) -> bool:
    """Whether the volume at `root` (a mount point, or a drive such as "E:/") is a stick."""
    text = str(root)
    if WINDOWS:
        if len(text) < 2 or text[1] != ":":
            return False  # a network share (\\server\share) is no stick
        return int(_kernel32().GetDriveTypeW(text[:2] + "\\")) == DRIVE_REMOVABLE
    return text.startswith(REMOVABLE_MOUNTS)


def can_sync_folder() -> bool:
    """Whether a folder can be opened to fsync it. Windows cannot open a folder as a file;
    NTFS journals a rename itself, and FAT/exFAT write the folder entry with the rename."""
    return not WINDOWS


def _held_by_another(exc: OSError) -> bool:
    return getattr(exc, "winerror", None) in SHARING_ERRORS


def replace(source: Path | str, target: Path | str) -> None:
    """`os.replace`, tried again while another program briefly holds the target open.

    On Linux a rename over an open file always succeeds (readers keep the old bytes). On Windows
    it fails while any program has the target open without FILE_SHARE_DELETE, which is what an
    antivirus scanning a file just written does; a real refusal (a read-only file, a stick
    pulled out) still fails at once or after the last try."""
    pause = REPLACE_PAUSE
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if not _held_by_another(exc) or attempt == REPLACE_TRIES - 1:
                raise
        time.sleep(pause)
        pause = min(pause * 2, REPLACE_PAUSE_MAX)


def folder_sync_unsupported(exc: OSError) -> bool:
    """An fsync of a folder that the filesystem cannot do (certain FUSE and network mounts), as
    opposed to a real I/O error."""
    return exc.errno in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP)


# What Windows, and FAT/exFAT sticks everywhere, refuse in a file name. ":" is the worst: on NTFS
# "minutes:12.pdf" is not refused but written as a hidden stream "12.pdf" of a file "minutes".
_REFUSED = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
# Names that are devices on Windows, with any extension: "CON.txt" writes to the console.
_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]]
)
NAME_MAX = 200  # characters: NTFS and ext4 allow 255 (ext4 in bytes), this leaves room for accents


def portable_name(name: str, fallback: str = "document") -> str:
    """`name` (a file name another commune chose, maybe on another system) as one that any
    system and any stick writes as it reads: refused characters become "_", the dots and
    spaces Windows drops at the end are dropped here too, a device name gets a "_" before it,
    and a long name is cut before its extension."""
    safe = _REFUSED.sub("_", name).rstrip(". ")
    stem, dot, extension = safe.partition(".")
    if stem.rstrip(" ").upper() in _DEVICES:
        safe = "_" + safe
    if len(safe) > NAME_MAX:
        stem, dot, extension = safe.rpartition(".")
        if not dot or len(extension) > 16:
            safe = safe[:NAME_MAX].rstrip(". ")
        else:
            safe = stem[: NAME_MAX - len(extension) - 1].rstrip(". ") + "." + extension
    return safe if safe.strip(". ") else fallback
