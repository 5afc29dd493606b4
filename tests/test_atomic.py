from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import IO, Any

import pytest

from app.core.atomic import write_atomic

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_creates_new_file(tmp_path: Path) -> None:
    target = tmp_path / "profile.bin"
    write_atomic(target, b"hello")
    assert target.read_bytes() == b"hello"
    assert leftovers(tmp_path) == []


def test_replaces_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "profile.bin"
    target.write_bytes(b"old content that is longer")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert leftovers(tmp_path) == []


def test_accepts_str_path(tmp_path: Path) -> None:
    target = tmp_path / "x"
    write_atomic(str(target), b"1")  # type: ignore[arg-type]
    assert target.read_bytes() == b"1"


class _HalfWriter:
    """Wraps the real temp file: writes half the data, then fails like a full disk."""

    def __init__(self, real: IO[bytes]) -> None:
        self._real = real

    def write(self, data: bytes) -> int:
        self._real.write(data[: len(data) // 2])
        self._real.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()


def test_old_content_survives_failed_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "profile.bin"
    target.write_bytes(b"precious old content")
    real_fdopen = os.fdopen

    def failing_fdopen(fd: int, *args: Any, **kwargs: Any) -> _HalfWriter:
        return _HalfWriter(real_fdopen(fd, *args, **kwargs))

    monkeypatch.setattr(os, "fdopen", failing_fdopen)
    with pytest.raises(OSError) as info:
        write_atomic(target, b"N" * 10_000)
    assert info.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"precious old content"
    assert leftovers(tmp_path) == []


def test_old_content_survives_failed_fsync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "profile.bin"
    target.write_bytes(b"precious")

    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"precious"
    assert leftovers(tmp_path) == []


def test_interrupt_also_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "profile.bin"
    target.write_bytes(b"precious")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"precious"
    assert leftovers(tmp_path) == []


def test_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "no" / "such" / "file", b"x")


def test_fsyncs_file_then_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "profile.bin"
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def spy_fsync(fd: int) -> None:
        events.append("fsync-dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync-file")
        real_fsync(fd)

    def spy_replace(src: str, dst: str) -> None:
        events.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", spy_fsync)
    monkeypatch.setattr(os, "replace", spy_replace)
    write_atomic(target, b"x")
    expected = ["fsync-file", "replace"] + (["fsync-dir"] if os.name == "posix" else [])
    assert events == expected


def test_folder_fsync_unsupported_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def picky_fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", picky_fsync)
    write_atomic(tmp_path / "x", b"1")
    assert (tmp_path / "x").read_bytes() == b"1"


@posix_only
def test_new_file_is_private(tmp_path: Path) -> None:
    target = tmp_path / "secret.bin"
    write_atomic(target, b"x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@posix_only
def test_existing_mode_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "shared.txt"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_atomic(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
