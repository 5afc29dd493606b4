"""Sticks: one stick round feeds every commune on the route, over any number of hops."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from app.sync import beacon, signed
from app.sync.export import export, read_stick_beacons
from app.sync.intake import import_, preflight
from app.sync.stick import Pruned, Stick, index_stale
from tests.sync_kit import post, same_state, visit


def test_a_stick_round_a_b_c_a_converges(net, tmp_path: Path) -> None:
    a, b, c = net.nodes
    for node, text in zip(net.nodes, ("Route", "Puits", "Marché"), strict=True):
        post(node, f"{text} de la commune")
    stick = tmp_path / "stick"
    stick.mkdir()
    visit(a, stick)
    visit(b, stick)
    taken, _ = visit(c, stick)
    assert taken.new == 2  # A's and B's blocks reached C, who never met A
    taken, _ = visit(a, stick)
    assert taken.new == 2
    visit(b, stick)
    assert same_state(net.nodes)


def test_the_same_stick_twice_is_a_no_op(net, tmp_path: Path) -> None:
    a, b, _ = net.nodes
    post(a, "Réunion jeudi")
    stick = tmp_path / "stick"
    stick.mkdir()
    export(a, stick)
    first = import_(b, stick)
    assert first.new == 1
    again = import_(b, stick)
    assert again.new == 0 and again.known >= 1
    assert again.summary().startswith("All ")


def test_nothing_new_writes_only_a_beacon(net, tmp_path: Path) -> None:
    a = net.nodes[0]
    post(a, "Réunion jeudi")
    stick = tmp_path / "stick"
    stick.mkdir()
    export(a, stick)
    second = export(a, stick)
    assert second.written == 0 and second.segments == []
    assert second.bytes_written <= 4096


def test_preflight_says_what_is_new(net, tmp_path: Path) -> None:
    a, b, _ = net.nodes
    post(a, "Réunion jeudi")
    stick = tmp_path / "stick"
    stick.mkdir()
    export(a, stick)
    seen = preflight(b, stick)
    assert seen.new["blocks"] == 1 and seen.new["posts"] == 1
    assert [name for name, _ in seen.visited] == ["Ambam"]
    assert seen.missing == []


def test_segments_are_pruned_only_once_every_commune_holds_them(net, tmp_path: Path) -> None:
    a, b, c = net.nodes
    post(a, "Réunion jeudi")
    stick = tmp_path / "stick"
    stick.mkdir()
    _, first = visit(a, stick)
    (segment_name,) = first.segments
    _, at_b = visit(b, stick)
    assert segment_name not in at_b.pruned  # Campo has not said it holds it
    _, at_c = visit(c, stick)
    _, back_at_a = visit(a, stick)
    pruned = set(at_c.pruned) | set(back_at_a.pruned)
    assert segment_name in pruned
    assert segment_name not in {p.name for p in (stick / "OBAMBU" / "seg").glob("*/*.obs")}
    assert same_state(net.nodes)
    _, later = visit(b, stick)
    assert later.written == 0  # what everyone holds is not written back after the prune


def test_a_beacon_of_the_previous_release_still_reads_and_is_replaced_only_when_stale(
    net, tmp_path: Path
) -> None:
    """A stick written by the previous release carries Bipindi's beacon of version 1: Ambam
    reads it as Bipindi's word (heads as a list), and the next export copies Bipindi's newer
    beacon over it, in version 2, only because it says more."""
    a, b, _ = net.nodes
    post(b, "Réunion jeudi")
    stick = tmp_path / "stick"
    stick.mkdir()
    export(b, stick)
    for folder in ("ack", "cut"):  # the previous release wrote none: Bipindi's word, a beacon
        shutil.rmtree(stick / "OBAMBU" / folder)
    old = beacon.payload_v1(1, int(time.time()), b.heads(), 0, [], 0, 0)
    on_stick = Stick.at(stick)
    on_stick.write_beacon(b, b.feed, signed.sign(b, old))
    import_(a, stick)
    heard = {x.feed: x for x in beacon.known(a)}[b.feed]
    assert heard.heads == b.heads() and heard.bseq == 1
    path = on_stick.beacon_path(b.network_id, b.feed)
    before = path.read_bytes()
    export(a, stick)  # a knows no newer word of Bipindi: the old one stays
    assert path.read_bytes() == before
    post(b, "Marché samedi")
    fresh = beacon.make(b, [])  # written to another stick: now Ambam hears it by a session
    beacon.remember(a, beacon.parse(a, fresh))
    export(a, stick)
    assert path.read_bytes() != before
    (copied,) = [x for x in read_stick_beacons(a, on_stick)[0] if x.feed == b.feed]
    assert copied.data == fresh and copied.heads == b.heads()


def test_pruned_parts_are_skipped_only_for_the_same_holders_in_the_same_lives() -> None:
    ambam, bipindi, campo = b"A" * 8, b"B" * 8, b"C" * 8
    part, proof, later = b"p" * 32, b"e" * 32, b"l" * 32
    pruned = Pruned()
    pruned.add({ambam: 0, bipindi: 0}, {part, proof})
    assert pruned.held({ambam: 0, bipindi: 0}) == {part, proof}
    assert pruned.held({ambam: 0, bipindi: 1_767_225_600}) == set()  # Bipindi restored since
    assert pruned.held({ambam: 0, bipindi: 0, campo: 0}) == set()  # Campo admitted since
    pruned.add({ambam: 0, bipindi: 0}, {later})
    assert pruned.held({ambam: 0, bipindi: 0}) == {part, proof, later}
    pruned.add({ambam: 0, bipindi: 0, campo: 0}, {later})  # under other holders: only the new
    assert pruned.held({ambam: 0, bipindi: 0, campo: 0}) == {later}
    assert pruned.held({ambam: 0, bipindi: 0}) == set()


def test_the_index_is_written_again_once_half_the_sticks_segments_are_missing() -> None:
    assert index_stale(8, 8) and not index_stale(7, 8)
    assert not index_stale(8, 100) and not index_stale(49, 100) and index_stale(50, 100)


def test_our_beacon_is_written_again_once_the_sticks_copy_is_a_day_old(
    net, tmp_path: Path, monkeypatch
) -> None:
    """Nothing new for a day: the stick's copy of our beacon still says all, yet it is written
    again, so that the "Visited" date the next town hall sees is true to a day."""
    a = net.nodes[0]
    post(a, "Réunion jeudi")
    stick = tmp_path / "stick"
    stick.mkdir()
    export(a, stick)
    path = Stick.at(stick).beacon_path(a.network_id, a.feed)
    first = path.read_bytes()
    assert export(a, stick).bytes_written == 0 and path.read_bytes() == first
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 23 * 3600)
    assert export(a, stick).bytes_written == 0 and path.read_bytes() == first
    monkeypatch.setattr(time, "time", lambda: now + 24 * 3600 + 60)
    assert export(a, stick).bytes_written > 0 and path.read_bytes() != first
    (visited,) = preflight(a, stick).visited
    assert visited[1] >= now + 24 * 3600
