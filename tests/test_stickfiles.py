"""Beneath the hostile-stick journeys: the guarded file access (app/sync/stickfiles.py) and
the bounded cost of refusing frame marks (segment.Reader)."""

from __future__ import annotations

import os
import signal
import struct
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import crc32c
import pytest

from app.core.ledger import transport
from app.core.node.node import Node
from app.sync import segment, stickfiles
from app.sync.export import export
from app.sync.stick import Stick
from tests.sync_kit import post

posix = pytest.mark.skipif(os.name != "posix", reason="FIFOs and symlinks as POSIX has them")


@pytest.fixture
def alarm() -> Iterator[None]:
    """Turns a hang into a failure: opening a FIFO for reading would wait for ever."""

    def hung(signum: int, frame: Any) -> None:
        raise TimeoutError("hung on a stick file")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@posix
def test_only_regular_files_within_their_size_are_read(tmp_path: Path, alarm: None) -> None:
    plain = tmp_path / "plain"
    plain.write_bytes(b"12345")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "zero").symlink_to("/dev/zero")
    (tmp_path / "link").symlink_to(plain)
    assert stickfiles.read(plain, 5) == b"12345"
    with pytest.raises(stickfiles.Refused) as refused:
        stickfiles.read(plain, 4)
    assert refused.value.why == "too_large"
    for name, why in (("fifo", "special"), ("zero", "link"), ("link", "link")):
        with pytest.raises(stickfiles.Refused) as refused:
            stickfiles.read(tmp_path / name, 1 << 20)
        assert refused.value.why == why
    with pytest.raises(FileNotFoundError):
        stickfiles.read(tmp_path / "absent", 10)


@posix
def test_without_o_nofollow_the_look_before_opening_still_refuses_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alarm: None
) -> None:
    """What Windows gets: no O_NOFOLLOW, no O_NONBLOCK; lstat does the refusing."""
    monkeypatch.setattr(stickfiles, "_GUARDS", 0)
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "zero").symlink_to("/dev/zero")
    for name in ("fifo", "zero"):
        with pytest.raises(stickfiles.Refused):
            stickfiles.read(tmp_path / name, 1 << 20)


def test_windows_reparse_points_count_as_links() -> None:
    junction = types.SimpleNamespace(st_mode=0o040755, st_file_attributes=0x400)
    assert stickfiles.is_link(junction)  # type: ignore[arg-type]
    assert stickfiles.kind_of(junction) == "other"  # type: ignore[arg-type]


@posix
def test_nothing_is_written_or_deleted_through_a_linked_folder(tmp_path: Path) -> None:
    root = tmp_path / "OBAMBU"
    root.mkdir()
    outside = tmp_path / "laptop"
    outside.mkdir()
    (outside / "x.part").write_bytes(b"mine")
    (root / "seg").symlink_to(outside, target_is_directory=True)
    with pytest.raises(stickfiles.UnsafeStick):
        stickfiles.folder(root, "seg", "202501")
    with pytest.raises(stickfiles.UnsafeStick):
        stickfiles.write(root, root / "seg" / "x.part", b"theirs")
    with pytest.raises(stickfiles.UnsafeStick):
        stickfiles.create(root, root / "seg" / "new.obs")
    assert not stickfiles.remove(root, root / "seg" / "x.part")
    assert stickfiles.entries(root / "seg") == []
    assert sorted(p.name for p in outside.iterdir()) == ["x.part"]
    assert (outside / "x.part").read_bytes() == b"mine"
    (root / "fifo.part").unlink(missing_ok=True)
    os.mkfifo(root / "fifo.part")
    assert not stickfiles.remove(root, root / "fifo.part")  # not a regular file: left alone


@posix
def test_a_link_in_place_of_a_file_is_replaced_never_written_through(tmp_path: Path) -> None:
    root = tmp_path / "OBAMBU"
    root.mkdir()
    victim = tmp_path / "victim"
    victim.write_bytes(b"mine")
    (root / "index.obi").symlink_to(victim)
    stickfiles.write(root, root / "index.obi", b"index")
    assert victim.read_bytes() == b"mine"
    assert not (root / "index.obi").is_symlink() and (root / "index.obi").read_bytes() == b"index"


# --- frame marks ------------------------------------------------------------------------------


class Checksums:
    """crc32c, counting the bytes it is asked to cover."""

    def __init__(self) -> None:
        self.bytes = 0

    def crc32c(self, data: Any, value: int = 0) -> int:
        self.bytes += len(data)
        return int(crc32c.crc32c(data, value))


def _keys(node: Node):  # type: ignore[no-untyped-def]
    return lambda epoch: transport.key_for(node.store, node.keyring, node.commune, epoch)


def test_a_flood_of_frame_marks_costs_a_bounded_multiple_of_its_size(
    net: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Marks that each claim the largest record after a real header: refusing them may cost
    checksums of at most a few times the file's size, however many marks there are."""
    a, b, _ = net.nodes
    post(a, "Sujet")
    stick = tmp_path / "stick"
    stick.mkdir()
    export(a, stick)
    (real,) = Stick.at(stick).segment_paths()
    header = real.read_bytes()[: segment.HEADER_BYTES]
    head = struct.pack(">2sBII", segment.MARK, segment.BLOCK, 1, segment.MAX_RECORD)
    mark = head + struct.pack(">I", crc32c.crc32c(head) ^ 1)
    data = header + mark * 200 + bytes(segment.MAX_RECORD)
    counted = Checksums()
    monkeypatch.setattr(segment, "crc32c", counted)
    scanned = segment.scan(data, b.network_id, _keys(b))
    assert scanned.records == [] and scanned.damaged == 1
    assert counted.bytes <= 3 * len(data)


def test_an_intact_segment_is_read_whole_within_the_bound(
    net: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, _ = net.nodes
    for n in range(30):
        post(a, f"Sujet {n}")
    stick = tmp_path / "stick"
    stick.mkdir()
    export(a, stick)
    (path,) = Stick.at(stick).segment_paths()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10  # one bad sector: its record is lost, no other
    whole = segment.scan(path.read_bytes(), b.network_id, _keys(b))
    counted = Checksums()
    monkeypatch.setattr(segment, "crc32c", counted)
    damaged = segment.scan(bytes(data), b.network_id, _keys(b))
    assert damaged.damaged == 1 and len(damaged.records) == len(whole.records) - 1
    assert damaged.trailer is not None
    assert counted.bytes <= 2 * len(data)
