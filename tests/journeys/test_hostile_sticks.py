"""Hostile sticks: whoever held the stick last put FIFOs, links, sparse giants, floods of
frame marks, renamed or damaged segments on it. Each is walked through `obambu sync
preflight|import|export`: the clerk gets a plain sentence or a counted problem, nothing hangs,
memory stays bounded, nothing outside the stick is written or deleted, and nothing that did
not prove itself is stored.

The cases that hung or ate memory on older code run in a child process (tests/bounded_cli.py)
with a timeout and an address-space cap, so that on such code they fail instead of hanging
or starving the machine; the child reports the peak of its Python allocations.
"""

from __future__ import annotations

import json
import os
import resource
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import crc32c
import pytest

from app.core.node.node import Node
from app.sync import sealed, segment, signed
from app.sync.beacon import writing_key
from tests.journeys.conftest import Town
from tests.test_cli import PASS, ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs and symlinks as POSIX has them")

TIMEOUT = 240  # only a hang detector: every case here ends in about a second
CAP = 1536 * 1024 * 1024  # address space of the child: a runaway read dies here, not the machine
# Python allocations of a whole command, imports included: about 20 MiB on an ordinary stick,
# 31 MiB while refusing a flood of 8 MiB frame marks (one frame and one read-ahead are held).
# A command that read a 64 MiB segment whole would pass 64 MiB.
PEAK = 48 * 1024 * 1024
POST = "Marché du mardi"


@dataclass
class Ran:
    code: int
    out: str
    err: str
    peak: int

    def json(self) -> Any:
        assert self.code == 0, self.err
        return json.loads(self.out)

    def sentence(self) -> str:
        """The one sentence a refused command says."""
        lines = self.err.strip().splitlines()
        assert self.code != 0 and len(lines) == 1 and lines[0].startswith("obambu: "), self.err
        return lines[0]


def bounded(town: Town, *argv: str | Path) -> Ran:
    """`obambu --home TOWN --json ARGV` in a child process, with a timeout and a memory cap."""
    peak = town.home.parent / f"peak-{time.monotonic_ns()}"
    env = dict(os.environ, OBAMBU_PASSPHRASE=PASS, OBAMBU_KDF="interactive")

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))

    command = [sys.executable, str(ROOT / "tests" / "bounded_cli.py"), str(peak)]
    try:
        done = subprocess.run(
            [*command, "--home", str(town.home), "--json", *(str(a) for a in argv)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            preexec_fn=cap,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"obambu {' '.join(map(str, argv))} hung on a hostile stick")
    assert "Traceback" not in done.stderr, done.stderr
    return Ran(done.returncode, done.stdout, done.stderr, int(peak.read_text()))


def _posted_and_exported(demo: Callable[[int], list[Town]], stick: Path) -> list[Town]:
    towns = demo(3)
    towns[0].run("forum", "thread", "--title", POST, "--body", "Au marché couvert.")
    towns[0].run("sync", "export", "--to", stick)
    return towns


def _segments(stick: Path) -> list[Path]:
    return sorted((stick / "OBAMBU" / "seg").glob("*/*.obs"))


def _month(stick: Path) -> Path:
    return _segments(stick)[0].parent


def _stored(town: Town) -> dict[str, Any]:
    """What a hostile stick must not change: blocks, proofs, quarantine, waiting blocks."""
    status = town.json("status")
    return {k: status[k] for k in ("feeds", "evidence", "quarantined", "waiting", "counts")}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --- FIFOs: opening one for reading waits for a writer, for ever -------------------------------


@pytest.mark.parametrize("place", ["segment", "beacon", "index.obi", "pruned.obp"])
def test_a_fifo_on_the_stick_is_left_alone_and_nothing_hangs(
    demo: Callable[[int], list[Town]], stick: Path, place: str
) -> None:
    _, bipindi, _ = _posted_and_exported(demo, stick)
    folder = stick / "OBAMBU"
    if place == "segment":
        os.mkfifo(_month(stick) / "0000000000ff-00000000.obs")
    elif place == "beacon":
        beacon = next((folder / "bcn").glob("*.obb"))
        beacon.unlink()
        os.mkfifo(beacon)
    else:
        os.mkfifo(folder / place)
    before = _stored(bipindi)
    seen = bounded(bipindi, "sync", "preflight", "--from", stick).json()
    assert seen["new"]["blocks"] >= 1
    taken = bounded(bipindi, "sync", "import", "--from", stick).json()
    if place == "segment":
        assert taken["damaged"] == 1 and seen["damaged"] == 1
        assert any("left alone" in p for p in taken["problems"])
    if place == "beacon":
        assert taken["beacons_refused"] == 1
    assert POST in bipindi.titles()
    after = _stored(bipindi)
    assert after["quarantined"] == before["quarantined"] and after["waiting"] == 0
    bipindi.run("forum", "thread", "--title", "Réponse", "--body", "Merci.")
    written = bounded(bipindi, "sync", "export", "--to", stick).json()
    assert written["written"] >= 1


def test_a_fifo_in_place_of_the_network_file_is_refused_in_a_sentence(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    _, bipindi, _ = _posted_and_exported(demo, stick)
    (stick / "OBAMBU" / "NETWORK").unlink()
    os.mkfifo(stick / "OBAMBU" / "NETWORK")
    for command, way in (("preflight", "--from"), ("import", "--from"), ("export", "--to")):
        ran = bounded(bipindi, "sync", command, way, stick)
        assert "NETWORK file is damaged" in ran.sentence(), command


def test_fifos_in_place_of_join_files_hang_neither_invite_nor_accept(
    demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    """A FIFO among the join requests, then one in place of the invitation."""
    ambam, _, _ = demo(3)
    newcomer = Town(ambam.cli, tmp_path / "djoum")
    newcomer.run("join", "request", "--commune", "Djoum", "--stick", stick)
    os.mkfifo(stick / "OBAMBU" / "join" / f"{'ab' * 8}.req")
    invited = bounded(ambam, "join", "invite", "--stick", stick).json()
    assert len(invited["invited"]) == 1
    (invitation,) = (stick / "OBAMBU" / "invite").glob("*.inv")
    invitation.unlink()
    os.mkfifo(invitation)
    ran = bounded(newcomer, "join", "accept", "--stick", stick)
    assert "invitation on this stick is damaged" in ran.sentence()


# --- links to devices, sparse giants, floods of frame marks -------------------------------------


@pytest.mark.parametrize("place", ["segment", "beacon", "NETWORK", "index.obi"])
def test_links_to_dev_zero_are_not_followed(
    demo: Callable[[int], list[Town]], stick: Path, place: str
) -> None:
    _, bipindi, _ = _posted_and_exported(demo, stick)
    folder = stick / "OBAMBU"
    target = {
        "segment": _month(stick) / "0000000000ff-00000000.obs",
        "beacon": folder / "bcn" / "00000000000000ff.obb",
        "NETWORK": folder / "NETWORK",
        "index.obi": folder / "index.obi",
    }[place]
    target.unlink(missing_ok=True)
    target.symlink_to("/dev/zero")
    for command, way in (("preflight", "--from"), ("import", "--from"), ("export", "--to")):
        ran = bounded(bipindi, "sync", command, way, stick)
        assert ran.peak < PEAK, (command, ran.peak)
        if place == "NETWORK":
            assert "NETWORK file is damaged" in ran.sentence()
        else:
            assert ran.code == 0, ran.err
    if place == "NETWORK":
        return
    assert POST in bipindi.titles()
    assert Path(target).is_symlink()  # left alone, not replaced by what it pointed at


@pytest.mark.parametrize("size", [2 * 1024**3, 64 * 1024**2])
def test_sparse_giant_segments_are_never_read_whole(
    demo: Callable[[int], list[Town]], stick: Path, size: int
) -> None:
    """2 GB of nothing (larger than any segment: refused by its size), or a real header then
    64 MiB of nothing (read as a stream). Neither takes disk space: the files are sparse."""
    _, bipindi, _ = _posted_and_exported(demo, stick)
    header = _segments(stick)[0].read_bytes()[: segment.HEADER_BYTES]
    giant = _month(stick) / "0000000000ff-00000000.obs"
    giant.write_bytes(header)
    os.truncate(giant, size)
    before = _stored(bipindi)
    seen = bounded(bipindi, "sync", "preflight", "--from", stick)
    taken = bounded(bipindi, "sync", "import", "--from", stick)
    assert seen.json()["damaged"] >= 1 and taken.json()["damaged"] >= 1
    assert seen.peak < PEAK and taken.peak < PEAK, (seen.peak, taken.peak)
    assert POST in bipindi.titles()
    after = _stored(bipindi)
    assert after["quarantined"] == before["quarantined"] and after["waiting"] == 0
    bipindi.run("forum", "thread", "--title", "Réponse", "--body", "Merci.")
    written = bounded(bipindi, "sync", "export", "--to", stick)
    assert written.json()["written"] >= 1 and written.peak < PEAK, written.peak
    assert giant.stat().st_size == size


def test_a_flood_of_frame_marks_costs_little_and_brings_nothing(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """A segment with a header copied from a real one, then frame marks that each claim the
    largest record: every mark's checksum would cover 8 MiB. It costs a bounded amount of work
    per byte of file, and its marks bring nothing."""
    _, bipindi, _ = _posted_and_exported(demo, stick)
    header = _segments(stick)[0].read_bytes()[: segment.HEADER_BYTES]
    head = struct.pack(">2sBII", segment.MARK, segment.BLOCK, 1, segment.MAX_RECORD)
    mark = head + struct.pack(">I", crc32c.crc32c(head) ^ 1)
    flood = _month(stick) / "0000000000ff-00000000.obs"
    flood.write_bytes(header + mark * ((16 << 20) // len(mark)) + bytes(segment.MAX_RECORD))
    before = _stored(bipindi)
    seen = bounded(bipindi, "sync", "preflight", "--from", stick)
    taken = bounded(bipindi, "sync", "import", "--from", stick)
    assert seen.json()["damaged"] >= 1 and taken.json()["damaged"] >= 1
    assert seen.peak < PEAK and taken.peak < PEAK
    after = _stored(bipindi)
    assert after["quarantined"] == before["quarantined"] and after["waiting"] == 0
    assert POST in bipindi.titles()


# --- links that lead out of the stick: nothing is written or deleted there ---------------------


def test_a_month_folder_linked_elsewhere_is_neither_cleared_nor_written(
    demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    """The current month's folder was made a link to a folder of the laptop holding a
    *.part file: the export refuses in a sentence, deletes nothing there, writes nothing."""
    _, bipindi, _ = _posted_and_exported(demo, stick)
    outside = tmp_path / "documents"
    outside.mkdir()
    (outside / "rapport.part").write_bytes(b"a half-saved report")
    (outside / "budget.obs").write_bytes(b"not a segment")
    month = _month(stick)
    month.rename(month.with_name("200001"))
    month.symlink_to(outside, target_is_directory=True)
    before = _snapshot(outside)
    bipindi.run("forum", "thread", "--title", "Réponse", "--body", "Merci.")
    sentence = bipindi.fails("sync", "export", "--to", stick)
    assert "not a plain folder" in sentence and month.name in sentence
    assert _snapshot(outside) == before
    taken = bipindi.json("sync", "import", "--from", stick)
    assert any("left alone" in p for p in taken["problems"])
    assert _snapshot(outside) == before


@pytest.mark.parametrize("link", ["bcn", "seg", "OBAMBU", "join"])
def test_folders_linked_elsewhere_are_never_written_in(
    demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path, link: str
) -> None:
    ambam, bipindi, _ = _posted_and_exported(demo, stick)
    outside = tmp_path / "documents"
    outside.mkdir()
    (outside / "lettre.txt").write_text("Chère amie,")
    place = stick / "OBAMBU" if link == "OBAMBU" else stick / "OBAMBU" / link
    if place.exists():
        place.rename(place.with_name(f"{link}-moved"))
    place.symlink_to(outside, target_is_directory=True)
    before = _snapshot(outside)
    bipindi.run("forum", "thread", "--title", "Réponse", "--body", "Merci.")
    if link == "join":
        newcomer = Town(ambam.cli, tmp_path / "djoum")
        sentence = newcomer.fails("join", "request", "--commune", "Djoum", "--stick", stick)
    else:
        sentence = bipindi.fails("sync", "export", "--to", stick)
        if link == "OBAMBU":
            assert "not a plain folder" in bipindi.fails("sync", "import", "--from", stick)
        if link == "seg":
            taken = bipindi.json("sync", "import", "--from", stick)
            assert taken["damaged"] == 1 and any("left alone" in p for p in taken["problems"])
    assert "not a plain folder" in sentence
    assert _snapshot(outside) == before


# --- renamed and damaged segments -----------------------------------------------------------------


def test_a_segment_renamed_to_a_name_that_is_not_text_is_left_alone(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """Its name cannot be stored or printed: it is counted and left on the stick, nothing of
    it is taken, and the next export writes again what it held."""
    ambam, bipindi, _ = _posted_and_exported(demo, stick)
    (real,) = _segments(stick)
    os.rename(bytes(real), bytes(real.parent) + b"/\xff\xfe-renamed.obs")
    taken = bipindi.json("sync", "import", "--from", stick)
    assert taken["damaged"] == 1 and taken["new"] == 0
    assert any("left alone" in p for p in taken["problems"])
    assert POST not in bipindi.titles()
    ambam.run("sync", "import", "--from", stick)
    assert ambam.json("sync", "export", "--to", stick)["written"] >= 1
    bipindi.run("sync", "import", "--from", stick)
    assert POST in bipindi.titles()


def test_a_segment_damaged_in_place_is_repaired_by_the_next_visit(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """A bad sector in the middle of the segment carrying Ambam's new post: Bipindi's import
    says so; Ambam's next visit (import, then export) writes the post again and drops the
    damaged segment; Bipindi then gets it."""
    ambam, bipindi, _ = demo(3)
    ambam.run("sync", "export", "--to", stick)
    bipindi.run("sync", "import", "--from", stick)
    ambam.run("forum", "thread", "--title", POST, "--body", "Au marché couvert.")
    ambam.run("sync", "export", "--to", stick)
    _, damaged = _segments(stick)
    data = bytearray(damaged.read_bytes())
    data[segment.HEADER_BYTES + segment.FRAME_BYTES + 20] ^= 0xFF  # inside the first record
    damaged.write_bytes(bytes(data))

    taken = bipindi.json("sync", "import", "--from", stick)
    assert taken["damaged"] == 1
    assert any("damaged items were skipped" in p for p in taken["problems"])
    assert POST not in bipindi.titles()

    noticed = ambam.json("sync", "import", "--from", stick)
    assert noticed["damaged"] == 1
    repaired = ambam.json("sync", "export", "--to", stick)
    assert repaired["written"] >= 1 and repaired["repaired"] == [damaged.name]
    assert not damaged.exists()

    taken = bipindi.json("sync", "import", "--from", stick)
    assert taken["damaged"] == 0
    assert POST in bipindi.titles()
    assert ambam.json("sync", "export", "--to", stick)["written"] == 0  # nothing more to mend


# --- beacons whose numbers no commune could reach ----------------------------------------------


def test_a_member_signed_beacon_with_a_huge_number_is_refused(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """A beacon signed by a real commune's key, with bseq 2**64 - 1: refused and counted, the
    stick stays usable."""
    _, bipindi, campo = _posted_and_exported(demo, stick)
    node = Node.open(campo.home, PASS)
    try:
        body = {
            "v": 1,
            "bseq": 2**64 - 1,
            "time": int(time.time()),
            "heads": [],
            "chunks": 0,
            "seen": [],
            "keys": 0,
            "inc": 0,
        }
        epoch, key = writing_key(node)
        blob = sealed.seal(signed.sign(node, body), key, epoch, b"beacon")
    finally:
        node.close()
    (stick / "OBAMBU" / "bcn" / "00000000000000ff.obb").write_bytes(blob)
    seen = bounded(bipindi, "sync", "preflight", "--from", stick)
    assert seen.code == 0, seen.err
    taken = bipindi.json("sync", "import", "--from", stick)
    assert taken["beacons_refused"] == 1
    assert POST in bipindi.titles()
    bipindi.run("sync", "export", "--to", stick)
    assert bipindi.json("sync", "import", "--from", stick)["beacons_refused"] == 1


@pytest.mark.parametrize("link", ["bcn", "cut", "ack"])
def test_a_folder_of_statements_linked_elsewhere_is_not_entered_and_said_in_a_sentence(
    demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path, link: str
) -> None:
    """The beacons', cuts' or acks' folder was made a link to a folder of the laptop: the
    import does not enter it, says so in its sentence of refused statements, and takes the
    rest; the export refuses in a sentence, as for any folder it writes in."""
    _, bipindi, _ = _posted_and_exported(demo, stick)
    outside = tmp_path / "documents"
    outside.mkdir()
    (outside / "lettre.txt").write_text("Chère amie,")
    place = stick / "OBAMBU" / link
    if place.exists():
        place.rename(place.with_name(f"{link}-moved"))
    place.symlink_to(outside, target_is_directory=True)
    before = _snapshot(outside)
    taken = bipindi.json("sync", "import", "--from", stick)
    assert taken["beacons_refused"] == 1
    assert any("1 beacons on the stick were refused" in p for p in taken["problems"])
    assert POST in bipindi.titles()
    assert "not a plain folder" in bipindi.fails("sync", "export", "--to", stick)
    assert _snapshot(outside) == before
