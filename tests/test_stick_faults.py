"""Bad sticks: truncated, bit-flipped, reordered, foreign, full or pulled out mid-write.

In every case what arrives intact is taken, nothing already taken is lost, the damage is
reported in one sentence and the next sync completes the transfer.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.ledger import transport
from app.core.node.node import Node
from app.sync import segment
from app.sync.export import export
from app.sync.intake import import_
from app.sync.stick import Stick, StickError
from tests.sync_kit import post, same_state

ROOT = Path(__file__).resolve().parent.parent


def _stick_with_posts(node: Node, tmp_path: Path, count: int, name: str = "stick") -> Path:
    for n in range(count):
        post(node, f"Sujet {n}")
    stick = tmp_path / name
    stick.mkdir()
    export(node, stick)
    return stick


def _segments(stick: Path) -> list[Path]:
    return Stick.at(stick).segment_paths()


def _keys(node: Node):  # type: ignore[no-untyped-def]
    return lambda epoch: transport.key_for(node.store, node.keyring, node.commune, epoch)


def _originals(node: Node, path: Path) -> list[bytes]:
    return [r.data for r in segment.scan(path.read_bytes(), node.network_id, _keys(node)).records]


def test_every_truncation_leaves_an_intact_prefix(net, tmp_path: Path) -> None:
    a, b, _ = net.nodes
    stick = _stick_with_posts(a, tmp_path, 2)
    (path,) = _segments(stick)
    data = path.read_bytes()
    whole = _originals(b, path)
    assert len(whole) >= 3
    for cut in range(len(data)):
        try:
            got = segment.scan(data[:cut], b.network_id, _keys(b))
        except segment.SegmentUnreadable as exc:
            assert cut < segment.HEADER_BYTES and exc.reason == "damaged"
            continue
        records = [r.data for r in got.records]
        assert records == whole[: len(records)], cut
        assert got.complete == (cut >= len(data) - 12)  # only the footer may be missing
        # A cut inside a frame (the trailer included) is one damaged record, reported as such.
        at_boundary = got.complete or cut == _end_of(data, len(records))
        assert got.damaged == (0 if at_boundary else 1), cut


def _end_of(data: bytes, records: int) -> int:
    """Where the frame after the first `records` records starts."""
    pos = segment.HEADER_BYTES
    for _ in range(records):
        length = int.from_bytes(data[pos + 7 : pos + 11], "big")
        pos += segment.FRAME_BYTES + length
    return pos


def test_truncated_stick_imports_its_prefix_and_the_next_stick_completes(
    net, tmp_path: Path
) -> None:
    a, b, _ = net.nodes
    stick = _stick_with_posts(a, tmp_path, 30)
    (path,) = _segments(stick)
    data = path.read_bytes()
    rng = random.Random(7)
    cut = rng.randrange(len(data) // 3, 2 * len(data) // 3)
    path.write_bytes(data[:cut])
    first = import_(b, stick)
    assert 0 < first.new < 30 and first.pending == 0
    path.write_bytes(data)  # the next trip brings a good copy
    second = import_(b, stick)
    assert first.new + second.new == 30
    assert same_state([a, b])


def test_flipped_bits_lose_only_their_records(net, tmp_path: Path) -> None:
    a, b, _ = net.nodes
    stick = _stick_with_posts(a, tmp_path, 20)
    (path,) = _segments(stick)
    whole = _originals(b, path)
    rng = random.Random(11)
    for _ in range(40):
        data = bytearray(path.read_bytes())
        for _ in range(rng.randint(1, 3)):
            where = rng.randrange(segment.HEADER_BYTES, len(data))
            data[where] ^= 1 << rng.randrange(8)
        got = segment.scan(bytes(data), b.network_id, _keys(b))
        records = [r.data for r in got.records]
        assert all(r in whole for r in records)
        assert records == sorted(records, key=whole.index)
        assert got.damaged >= 1 or len(records) == len(whole)


def test_damaged_records_are_reported_and_the_rest_taken(net, tmp_path: Path) -> None:
    a, b, _ = net.nodes
    stick = _stick_with_posts(a, tmp_path, 20)
    (path,) = _segments(stick)
    good = path.read_bytes()
    data = bytearray(good)
    data[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(data))
    report = import_(b, stick)
    assert report.damaged == 1
    assert report.problems and "damaged" in report.problems[0]
    # The blocks after the lost one in its feed wait for it; nothing else is lost.
    assert report.new > 0 and report.quarantined == 0
    path.write_bytes(good)  # the next stick brings it
    import_(b, stick)
    assert same_state([a, b]) and b.store.value("SELECT count(*) FROM waiting") == 0


def test_a_missing_trailer_still_imports_but_is_not_marked_seen(net, tmp_path: Path) -> None:
    a, b, _ = net.nodes
    stick = _stick_with_posts(a, tmp_path, 5)
    (path,) = _segments(stick)
    data = path.read_bytes()
    trailer_at = int.from_bytes(data[-12:-4], "big")
    path.write_bytes(data[:trailer_at])
    report = import_(b, stick)
    assert report.new >= 5
    assert b.store.value("SELECT count(*) FROM seen_segments") == 0
    assert same_state([a, b])


def test_reordered_segments_still_apply(net, tmp_path: Path) -> None:
    a, b, _ = net.nodes
    stick = _stick_with_posts(a, tmp_path, 3)
    post(a, "Encore un sujet")
    export(a, stick)
    older, newer = _segments(stick)
    # Swap the names: the newer segment is now read first, its blocks wait for their parents.
    tmp = older.with_name("tmp.obs")
    older.rename(tmp)
    newer.rename(older)
    tmp.rename(newer)
    report = import_(b, stick)
    assert report.pending == 0 and report.new == 4
    assert same_state([a, b])


def test_a_segment_of_another_network_is_left_aside(net, make_network, tmp_path: Path) -> None:
    a, b, _ = net.nodes
    stick = _stick_with_posts(a, tmp_path, 2)
    other = make_network(2, "other")
    foreign = _stick_with_posts(other.nodes[0], tmp_path, 1, "foreign")
    (intruder,) = _segments(foreign)
    shutil.copy(intruder, _segments(stick)[0].parent / "00000000-intruder.obs")
    report = import_(b, stick)
    assert report.left_out == 1 and report.new == 2
    assert any("another network" in p for p in report.problems)
    with pytest.raises(Exception, match="another network"):
        import_(other.nodes[1], stick)


def test_a_segment_under_an_unknown_key_epoch_is_left_aside(net, tmp_path: Path) -> None:
    a, b, _ = net.nodes
    stick = _stick_with_posts(a, tmp_path, 1)
    folder = _segments(stick)[0].parent
    writer = segment.SegmentWriter(folder / "0-future.obs", a.network_id, 7, transport.new_key())
    writer.add(segment.BLOCK, b"x" * 100)
    writer.finish(lambda digest, n: b"unsigned")
    report = import_(b, stick)
    assert report.left_out == 1 and report.new == 1
    assert any("transport key" in p for p in report.problems)


def test_a_full_stick_takes_governance_first_and_says_what_did_not_fit(net, tmp_path: Path) -> None:
    a, b, _ = net.nodes
    a.add_member("Adjoint d'Ambam", "deputy")
    a.seal()
    for n in range(10):
        post(a, f"Sujet {n}", "x" * 2000)
    stick = tmp_path / "stick"
    stick.mkdir()
    small = export(a, stick, budget=8000)
    assert small.left_out > 0 and small.left_out_classes.get("blocks", 0) > 0
    assert "governance" not in small.left_out_classes
    report = import_(b, stick)
    assert b.store.value("SELECT count(*) FROM actors WHERE role = 'deputy'") == 1
    assert report.quarantined == 0
    rest = export(a, stick)
    assert rest.left_out == 0 and rest.written == small.left_out
    import_(b, stick)
    assert same_state([a, b])


def _worker(home: Path, stick: Path, action: str, phase: str, count: int) -> str:
    env = dict(os.environ, OBAMBU_PASSPHRASE="pass phrase")
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "stick_worker.py"),
            str(home),
            str(stick),
            action,
            phase,
            str(count),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return run.stdout.strip() if run.returncode == 0 else f"killed {run.returncode}"


@pytest.mark.parametrize(("phase", "count"), [("write", 3), ("flush", 1), ("check", 1)])
def test_pulled_during_export_then_synced_again(
    net, tmp_path: Path, phase: str, count: int
) -> None:
    a, b, _ = net.nodes
    for n in range(6):
        post(a, f"Sujet {n}")
    home = a.home
    a.close()
    stick = tmp_path / "stick"
    stick.mkdir()
    assert _worker(home, stick, "export", phase, count).startswith("killed")
    net.nodes[0] = a = Node.open(home, "pass phrase")
    import_(b, stick)  # whatever survived on the stick is taken, the rest is not pretended
    export(a, stick)
    import_(b, stick)
    assert same_state([a, b])
    assert not list((stick / "OBAMBU" / "seg").glob("*/*.part"))


@pytest.mark.parametrize(("phase", "count"), [("read", 1), ("verify", 1), ("apply", 1)])
def test_pulled_during_import_then_synced_again(
    net, tmp_path: Path, phase: str, count: int
) -> None:
    a, b, _ = net.nodes
    stick = _stick_with_posts(a, tmp_path, 150)
    home = b.home
    b.close()
    assert _worker(home, stick, "import", phase, count).startswith("killed")
    net.nodes[1] = b = Node.open(home, "pass phrase")
    report = import_(b, stick)
    assert report.quarantined == 0
    assert same_state([a, b])


def test_a_stick_that_fills_up_mid_write_loses_nothing(
    net, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, _ = net.nodes
    for n in range(20):
        post(a, f"Sujet {n}")
    stick = tmp_path / "stick"
    stick.mkdir()
    real_write = segment.SegmentWriter._write

    def full_after_4k(self: segment.SegmentWriter, data: bytes) -> None:
        if self.size + len(data) > 4096:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(self, data)

    monkeypatch.setattr(segment.SegmentWriter, "_write", full_after_4k)
    with pytest.raises(StickError, match="not full") as failed:
        export(a, stick)
    assert failed.value.message.endswith("nothing was lost.")
    assert not list((stick / "OBAMBU" / "seg").glob("*/*.part"))
    monkeypatch.setattr(segment.SegmentWriter, "_write", real_write)
    export(a, stick)  # room again: the next sync completes the transfer
    import_(b, stick)
    assert same_state([a, b])
