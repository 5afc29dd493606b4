"""Touching a stick's files without trusting the stick.

Whoever held the stick last may have put anything under OBAMBU/: a FIFO (opening it for
reading waits for a writer, for ever), a device or a link to one (/dev/zero never ends), a
link to a folder of this laptop (reading it leaks nothing useful, but writing or deleting
through it changes the laptop), or a sparse file far larger than the bytes it holds. So:

* a file is read only if lstat says it is a regular file and not larger than the caller
  expects; it is opened with O_NOFOLLOW | O_NONBLOCK and checked again with fstat (the same
  file, still regular, still small), and never more than that size is read;
* folders are walked with lstat, never through a link: a linked or special entry is counted
  by the caller as refused, and neither entered nor written in;
* every write, rename and delete first checks that each folder from the OBAMBU root down to
  the file is a real folder, so nothing lands or vanishes outside the stick; deletes touch
  regular files only.

Windows has neither O_NOFOLLOW nor O_NONBLOCK (nor FIFOs on a stick), and its junctions are
reparse points rather than symlinks: there the lstat check before opening does the work, a
reparse point counts as a link, and the fstat after opening must name the same file.

What stays possible is a device that changes its own contents between the check and the use;
a crafted stick holds still, and every byte read is still bounded and authenticated after.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.core import platform_files
from app.core.atomic import write_atomic
from app.core.errors import ObambuError

_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_GUARDS = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


class Refused(OSError):
    """A stick entry that is not a plain file, or larger than it may be. An OSError, so that
    code which already gives up on an unreadable file gives up on this one too."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(errno.EINVAL, _WHY[why])
        self.why = why  # link, special, too_large


_WHY = {
    "link": "a link on the stick, not followed",
    "special": "not a plain file",
    "too_large": "larger than any file Obambu writes",
}


class UnsafeStick(ObambuError):
    """A folder Obambu writes in is a link or a file on this stick."""

    code = "stick_unsafe"


@dataclass(frozen=True)
class Entry:
    path: Path
    kind: str  # file, folder, or other (a link, a FIFO, a device)
    size: int


def is_link(info: os.stat_result) -> bool:
    attributes = getattr(info, "st_file_attributes", 0)  # Windows: junctions too
    return stat.S_ISLNK(info.st_mode) or bool(attributes & stat.FILE_ATTRIBUTE_REPARSE_POINT)


def kind_of(info: os.stat_result) -> str:
    if is_link(info):
        return "other"
    if stat.S_ISREG(info.st_mode):
        return "file"
    return "folder" if stat.S_ISDIR(info.st_mode) else "other"


# --- reading ----------------------------------------------------------------------------------


@contextlib.contextmanager
def opened(path: Path, limit: int) -> Iterator[tuple[BinaryIO, int]]:
    """The regular file at `path` and its size, refused when it is anything else or larger
    than `limit`. FileNotFoundError when there is nothing there."""
    before = os.lstat(path)
    _check(path, before, limit)
    fd = os.open(path, _READ | _GUARDS)
    try:
        after = os.fstat(fd)
        _check(path, after, limit)
        if _swapped(before, after):
            raise Refused(path, "link")
        file = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with file:
        yield file, after.st_size


def read(path: Path, limit: int) -> bytes:
    """The whole of a small regular file, at most `limit` bytes."""
    with opened(path, limit) as (file, size):
        data = file.read(size)
    if len(data) != size:
        raise OSError(f"the file shrank while read: {path.name!r}")
    return data


def _swapped(before: os.stat_result, after: os.stat_result) -> bool:
    """Whether the file opened is not the one looked at (some filesystems give no inode)."""
    if not (before.st_ino and after.st_ino):
        return False
    return (before.st_dev, before.st_ino) != (after.st_dev, after.st_ino)


def _check(path: Path, info: os.stat_result, limit: int) -> None:
    kind = kind_of(info)
    if kind != "file":
        raise Refused(path, "link" if is_link(info) else "special")
    if info.st_size > limit:
        raise Refused(path, "too_large")


def entries(folder: Path) -> list[Entry]:
    """What `folder` holds, links reported as links, never followed; [] when it is missing,
    a link or not a folder."""
    try:
        if kind_of(os.lstat(folder)) != "folder":
            return []
        with os.scandir(folder) as scan:
            found = []
            for entry in scan:
                info = entry.stat(follow_symlinks=False)
                found.append(Entry(Path(entry.path), kind_of(info), info.st_size))
    except FileNotFoundError:
        return []
    return sorted(found, key=lambda e: e.path.name)


def kind_at(path: Path) -> str | None:
    """file, folder or other (a link, a FIFO, a device), without following it; None if absent."""
    try:
        return kind_of(os.lstat(path))
    except FileNotFoundError:
        return None


def exists(path: Path) -> bool:
    """Whether anything, even a link or a FIFO, has this name."""
    return os.path.lexists(path)


# --- writing ----------------------------------------------------------------------------------


def folder(root: Path, *names: str) -> Path:
    """root/names..., each made when missing; refused when any of them is a link or a file."""
    path = root
    _real_folder(root)
    for name in names:
        path = path / name
        with contextlib.suppress(FileExistsError):
            os.mkdir(path)
        _real_folder(path)
    return path


def check_folder(root: Path, path: Path) -> None:
    """Every folder from `root` down to `path` is a real one: writing in it stays on the stick."""
    _real_folder(root)
    for name in path.relative_to(root).parts:  # ValueError: not under root at all
        if name in ("..", "."):
            raise _unsafe(path)
        root = root / name
        _real_folder(root)


def _real_folder(path: Path) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError as exc:
        raise _unsafe(path) from exc
    if kind_of(info) != "folder":
        raise _unsafe(path)


def _unsafe(path: Path) -> UnsafeStick:
    # Only names Obambu chose reach here (OBAMBU, seg, a month, bcn, join, invite): safe to say.
    return UnsafeStick(
        f"{path.name} on the stick is not a plain folder (a link, or a file in its place). "
        "Remove it from the stick, or use another stick.",
        code="stick_unsafe",
    )


def write(root: Path, path: Path, data: bytes) -> None:
    """Replaces `path` atomically; a link in its place is replaced, never followed."""
    check_folder(root, path.parent)
    write_atomic(path, data)


def create(root: Path, path: Path) -> BinaryIO:
    """A new file at `path`; refused if anything, even a dangling link, has that name."""
    check_folder(root, path.parent)
    fd = os.open(path, _CREATE | getattr(os, "O_NOFOLLOW", 0), 0o666)
    return os.fdopen(fd, "wb")


def replace(root: Path, source: Path, target: Path) -> None:
    """Renames within the stick; a link at `target` is replaced, not followed."""
    check_folder(root, source.parent)
    check_folder(root, target.parent)
    platform_files.replace(source, target)


def remove(root: Path, path: Path) -> bool:
    """Deletes `path` if it is a regular file in a real folder of the stick; True if it did."""
    try:
        check_folder(root, path.parent)
        if kind_of(os.lstat(path)) != "file":
            return False
        os.unlink(path)
    except (OSError, UnsafeStick):
        return False
    return True
