"""What a laptop keeps of cuts and acks (app/sync/acks.py, the store's `acks` and `cuts`,
migration 25), and what its visits write of them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.core.forum import service
from app.core.node.node import Node
from app.core.store.schema import MIGRATIONS
from app.sync import acks, beacon, cuts, export, intake
from app.sync.signed import sign
from app.sync.stick import Stick
from tests.conftest import Network

BEFORE = next(n for n, script in enumerate(MIGRATIONS) if "CREATE TABLE acks" in script)


def _visit(node: Node, folder: Path) -> None:
    if (folder / "OBAMBU").exists():
        intake.import_(node, folder)
    export.export(node, folder)


def _ack_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "OBAMBU" / "ack").glob("*.oba"))}


def test_a_profile_from_before_keeps_its_beacons_and_then_writes_acks(tmp_path: Path) -> None:
    """A profile of the previous version (schema 24: beacons only, no `acks` nor `cuts`) opens,
    keeps what its beacons said, and its next visit writes an ack and a cut the others read."""
    net = Network(tmp_path, 2)
    folder = tmp_path / "stick"
    folder.mkdir()
    try:
        with pytest.MonkeyPatch.context() as patch:  # the previous version's visits
            patch.setattr(acks, "read_stick", lambda node, stick: acks.OnStick())
            patch.setattr(acks, "remember", lambda node, found: None)
            patch.setattr(acks, "visit", lambda *args: 0)
            for node in net.nodes + net.nodes[:1]:
                _visit(node, folder)
        assert not (folder / "OBAMBU" / "ack").exists()
        a = net.nodes[0]
        heard = {x.feed for x in beacon.known(a)}
        with a.store.transaction():  # as that version left it: its schema had no such tables
            a.store.run("DROP TABLE acks")
            a.store.run("DROP TABLE cuts")
            a.store.run(f"PRAGMA user_version = {BEFORE}")
        a.close()
        net.nodes[0] = a = Node.open(a.home, "pass phrase")
        assert a.store.value("PRAGMA user_version") == len(MIGRATIONS)
        assert a.store.value("SELECT count(*) FROM acks") == 0
        assert {x.feed for x in beacon.known(a)} == heard
        _visit(a, folder)
        known = acks.known(a)
        assert set(known.acks) == {a.feed} and len(known.cuts) == 1
        assert len(_ack_files(folder)) == 1
    finally:
        net.close()


def test_a_visit_refreshes_our_ack_when_the_sticks_copy_is_a_day_old(
    net: Network, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ack whose only change is its head is not written again; but the Sync screen's
    "Visited" dates come from it, so once the stick's copy is a day old a fresh one is."""
    a = net.nodes[0]
    folder = tmp_path / "stick"
    folder.mkdir()
    export.export(a, folder)
    first = _ack_files(folder)
    export.export(a, folder)
    assert _ack_files(folder) == first  # nothing new: nothing written
    later = time.time() + beacon.REFRESH + 60
    monkeypatch.setattr(time, "time", lambda: later)
    export.export(a, folder)
    again = _ack_files(folder)
    assert again.keys() == first.keys() and again != first
    mine = acks.read_stick(a, Stick.at(folder)).acks[a.feed]
    assert mine.time >= int(later) - 1


def test_cuts_only_grow_and_a_stick_keeps_two(
    net: Network, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The founder proposes a new cut once every holder acknowledged the newest and it holds
    more; the stick keeps the two newest, and the acks naming an older one go."""
    a, b, c = net.nodes
    folder = tmp_path / "stick"
    folder.mkdir()
    heights = set()
    real = time.time
    for round_ in range(4):
        # a round every CUT_AGE: the newest cut is then old enough for the next
        monkeypatch.setattr(time, "time", lambda r=round_: real() + r * cuts.CUT_AGE)
        service.start_thread(a, f"Sujet {round_}", "…")
        a.seal()
        for node in (a, b, c):
            _visit(node, folder)
            found = acks.read_stick(node, Stick.at(folder))
            assert len(found.cuts) <= 2
            assert all(x.cut in found.cuts for x in found.acks.values())
            heights |= {x.height for x in found.cuts.values()}
    assert len(heights) >= 3  # proposed again as the founder held more
    # Every cut a stick kept says no more than its proposer held.
    for cut in acks.known(a).cuts.values():
        assert all(seq <= a.heads().get(f, -1) for f, seq in cut.heads().items())


def test_an_ack_whose_exceptions_do_not_fit_its_cut_is_refused(
    net: Network, tmp_path: Path
) -> None:
    a, b, _ = net.nodes
    folder = tmp_path / "stick"
    folder.mkdir()
    export.export(a, folder)
    (cut,) = acks.known(a).cuts.values()
    payload = cuts.ack_payload(9, int(time.time()), cut.name, {0: 10**6}, 1, 0, 0)
    stick = Stick.at(folder)
    stick.write_ack(b, b.feed, sign(b, payload))
    found = acks.read_stick(b, stick)
    assert found.refused == 1 and b.feed not in found.acks


def test_the_ack_bytes_bench_counts_what_the_stick_carries(tmp_path: Path) -> None:
    """bench/ack_bytes.py at a small size: once every commune acked, the stick carries one ack
    each, one or two cuts and no beacon (no timing asserted: figures in docs/performance.md)."""
    from bench import ack_bytes

    figures = ack_bytes.measure(tmp_path, 3, 3)
    folders = figures["folders"]
    assert isinstance(folders, dict)
    assert folders["bcn_files"] == 0 and folders["ack_files"] == 3
    assert 1 <= folders["cut_files"] <= 2 and folders["seg_files"] == 0
    assert 3 * 200 <= folders["ack"] <= 3 * 215
