"""The file bugs a Windows laptop would hit, walked on Linux through the same code: Windows is
faked at its one boundary (app/core/platform_files.py: `WINDOWS` and the kernel32 calls), the
rest of the code is the real one."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any, ClassVar

import pytest

from app.core import platform_files
from app.core.atomic import write_atomic

DRIVE_FIXED, DRIVE_REMOTE, DRIVE_CDROM = platform_files.DRIVE_FIXED, 4, 5

# A laptop with C: (its disk), D: (a DVD drive), E: (a USB stick) and F: (a network drive).
TYPES = {
    "C:\\": DRIVE_FIXED,
    "D:\\": DRIVE_CDROM,
    "E:\\": platform_files.DRIVE_REMOVABLE,
    "F:\\": DRIVE_REMOTE,
}


class FakeKernel32:
    """GetLogicalDrives and GetDriveTypeW as that laptop answers them."""

    def GetLogicalDrives(self) -> int:
        return sum(1 << (ord(root[0]) - ord("A")) for root in TYPES)

    def GetDriveTypeW(self, root: str) -> int:
        return TYPES.get(root, 1)  # DRIVE_NO_ROOT_DIR


@pytest.fixture
def on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform_files, "WINDOWS", True)
    monkeypatch.setattr(platform_files, "_kernel32", FakeKernel32)


def held_open(times: int) -> tuple[list[int], Any]:
    """os.replace as Windows answers while an antivirus holds the target open `times` times."""
    calls: list[int] = []
    real = os.replace

    def replace(source: Any, target: Any) -> None:
        calls.append(1)
        if len(calls) <= times:
            exc = PermissionError(errno.EACCES, "The process cannot access the file", str(target))
            exc.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION
            raise exc
        real(source, target)

    return calls, replace


def test_a_save_waits_while_an_antivirus_holds_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses a rename over a file another program has open; Linux never does."""
    target = tmp_path / "profile.bin"
    target.write_bytes(b"old")
    calls, replace = held_open(2)
    monkeypatch.setattr(os, "replace", replace)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and len(calls) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["profile.bin"]


def test_a_file_held_for_good_keeps_its_old_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "profile.bin"
    target.write_bytes(b"old")
    calls, replace = held_open(1000)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(platform_files, "REPLACE_PAUSE", 0.0)
    with pytest.raises(PermissionError):
        write_atomic(target, b"new")
    assert len(calls) == platform_files.REPLACE_TRIES
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["profile.bin"]  # no temp file left behind


def test_a_real_refusal_is_not_tried_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def replace(source: Any, target: Any) -> None:
        calls.append(1)
        raise PermissionError(errno.EACCES, "Permission denied")  # no winerror: not a sharing one

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(PermissionError):
        write_atomic(tmp_path / "profile.bin", b"new")
    assert calls == [1]


def test_a_save_on_windows_does_not_open_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_windows: None
) -> None:
    """Windows cannot open a folder as a file (PermissionError): the save must not try."""
    real_open = os.open

    def windows_open(path: Any, flags: int, *args: Any) -> int:
        if Path(path).is_dir():
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", windows_open)
    write_atomic(tmp_path / "profile.bin", b"saved")
    assert (tmp_path / "profile.bin").read_bytes() == b"saved"


def test_sticks_are_found_by_drive_letter(on_windows: None) -> None:
    """On Windows there is no /media: a stick is a drive whose type is removable."""
    assert [str(root) for root in platform_files.removable_drives()] == ["E:\\"]
    assert [str(root) for root in platform_files.local_drives()] == ["C:\\", "E:\\"]
    assert platform_files.is_removable("E:/")
    assert not platform_files.is_removable("C:/")
    assert not platform_files.is_removable("D:/")
    assert not platform_files.is_removable("\\\\mairie\\partage")


def test_sticks_off_windows_are_found_where_they_are_mounted() -> None:
    assert platform_files.removable_drives() == platform_files.local_drives() == []
    assert platform_files.is_removable("/media/clerk/CLE")
    assert platform_files.is_removable("/run/media/clerk/CLE")
    assert not platform_files.is_removable("/home/clerk")


class Volume:
    """QStorageInfo as Windows answers it for one drive letter; a network drive must never be
    asked (a disconnected one blocks the window for seconds)."""

    asked: ClassVar[list[str]] = []

    def __init__(self, root: str) -> None:
        assert TYPES.get(root) in (DRIVE_FIXED, platform_files.DRIVE_REMOVABLE), root
        Volume.asked.append(root)
        self.root = root

    @staticmethod
    def mountedVolumes() -> list[Volume]:
        raise AssertionError("Qt's list asks the network drives too")

    def isValid(self) -> bool:
        return True

    def isReady(self) -> bool:
        return True

    def isReadOnly(self) -> bool:
        return False

    def rootPath(self) -> str:
        return self.root


@pytest.fixture
def drives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_windows: None) -> Path:
    """The drives above, as Qt sees them; "E:\\" is a folder of the test's working folder on
    Linux, so a stick's OBAMBU folder can be put on it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("app.ui.files.QStorageInfo", Volume)
    Volume.asked = []
    return tmp_path / "E:\\"


def test_a_file_dialog_starts_on_the_stick_in_drive_e(drives: Path) -> None:
    """Before, a Windows stick was offered only if it already carried an OBAMBU folder."""
    from app.ui import files

    assert files.plugged_stick() == Path("E:\\")
    assert Volume.asked == ["C:\\", "E:\\"]  # never D: (a DVD) nor F: (the network)


def test_the_sync_station_finds_a_stick_in_drive_e_without_asking_the_network(
    drives: Path,
) -> None:
    from app.ui.syncstation import find_sticks

    assert find_sticks() == []
    (drives / "OBAMBU").mkdir(parents=True)
    assert find_sticks() == [Path("E:\\")]
    assert "F:\\" not in Volume.asked


def test_a_log_held_open_by_another_obambu_loses_no_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows the full log cannot be renamed while the window holds it open and a command
    writes beside it: the lines written then were lost with the failed rename."""
    import logging
    import logging.handlers

    from app import logs

    monkeypatch.setenv("OBAMBU_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(logs, "MAX_BYTES", 300)

    def rename(source: Any, target: Any) -> None:
        exc = PermissionError(errno.EACCES, "The process cannot access the file", str(source))
        exc.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION
        raise exc

    monkeypatch.setattr(logging.handlers.os, "rename", rename)  # type: ignore[attr-defined]
    with logs.kept() as path:
        for number in range(20):
            logging.getLogger("app.test").info("line %d of what a command did", number)
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert all(f"line {number} of" in text for number in range(20))


def test_a_document_named_at_12_30_opens_whole_on_windows(  # type: ignore[no-untyped-def]
    qtbot, net, tmp_path, monkeypatch
) -> None:
    """A commune on Linux shares "compte rendu 12:30.pdf": on NTFS that name writes a hidden
    stream "30.pdf" of an empty file "compte rendu 12", which opens as nothing; on a FAT stick
    it is refused. Opened or saved, it is now written under a name every system keeps."""
    from app.core.node.node import Node
    from tests.test_ui_documents import PASS, WAIT, _page, _share

    minutes = tmp_path / "compte rendu 12:30.pdf"
    minutes.write_bytes(b"%PDF-1.4 compte rendu")
    _share(qtbot, net, monkeypatch, minutes, ["Bipindi"])
    opened: list[Path] = []
    monkeypatch.setattr(
        "app.ui.documents.QDesktopServices.openUrl",
        lambda url: opened.append(Path(url.toLocalFile())) or True,
    )
    proposed: list[str] = []
    monkeypatch.setattr(
        "app.ui.files.QFileDialog.getSaveFileName",
        lambda parent, title, start, kinds: proposed.append(start) or ("", ""),
    )
    page, worker, home = _page(qtbot, net, 1)
    try:
        page.refresh()
        qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1, timeout=WAIT)
        page.list.setCurrentItem(page.list.topLevelItem(0))
        page.open_button.click()
        qtbot.waitUntil(lambda: bool(opened), timeout=WAIT)
        (copy,) = opened
        assert copy.name == "compte rendu 12_30.pdf"
        assert copy.read_bytes() == minutes.read_bytes()
        page.save_button.click()
        assert [Path(start).name for start in proposed] == ["compte rendu 12_30.pdf"]
    finally:
        worker.stop()
        net.nodes[1] = Node.open(home, PASS)


@pytest.mark.parametrize(
    ("shared", "written"),
    [
        ("CON.txt", "_CON.txt"),  # the console, on Windows
        ("nul", "_nul"),
        ("budget 2027. ", "budget 2027"),  # Windows drops them, and then the name differs
        ('devis "école" <final>?.pdf', "devis _école_ _final__.pdf"),
        ("..", "document"),
        ("x" * 300 + ".pdf", "x" * (platform_files.NAME_MAX - 4) + ".pdf"),
    ],
)
def test_a_name_windows_refuses_is_written_as_one_it_keeps(shared: str, written: str) -> None:
    assert platform_files.portable_name(shared) == written


def test_the_self_test_of_a_build_fails_without_the_bundled_fonts(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A Windows build whose spec forgot app/ui/fonts would print certificates in another
    font on every laptop: `--self-test`, which the release runs, says so."""
    from app.ui import fonts
    from app.ui.selftest import run

    lines: list[str] = []
    assert run(lines.append) == 0, lines
    assert any(line.startswith("  ok  papers: ") for line in lines)
    monkeypatch.setattr(fonts, "HERE", tmp_path / "forgotten")
    fonts.register.cache_clear()
    try:
        lines.clear()
        assert run(lines.append) == 1
        assert lines[-1].startswith("  FAILED papers: RuntimeError: the bundled fonts are missing")
    finally:
        fonts.register.cache_clear()
