"""Three town halls pass one stick round: it carries, beside the beacons, one signed cut and
each commune's acknowledgement of it (docs/spec/stick.md, "Cuts and acknowledgements"; issue
21, the switch of app/sync), and each commune learns the others' acks from it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.core.ledger import incarnation
from app.core.node.node import Node
from app.sync import acks, cuts
from tests.journeys.conftest import Cli, Town, known_acks
from tests.test_cli import PASS


def _files(stick: Path, folder: str, suffix: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((stick / "OBAMBU" / folder).glob(suffix))}


def test_a_stick_carries_a_cut_and_every_communes_ack(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    towns = demo(3)
    towns[0].run("forum", "thread", "--title", "Le puits", "--body", "Il est réparé.")
    for _ in range(2):
        for town in towns:
            town.visit(stick)
    assert "Le puits" in towns[2].titles()

    # On the stick: at most two cuts, and one ack of each commune, each naming one of them.
    cut_files = _files(stick, "cut", "*.obc")
    ack_files = _files(stick, "ack", "*.oba")
    assert 1 <= len(cut_files) <= 2 and len(ack_files) == 3
    # Each commune knows the three acks, and the cuts they name: the stick brought them.
    feeds = set()
    for town in towns:
        known = known_acks(town)
        assert len(known.acks) == 3
        assert all(a.cut in known.cuts for a in known.acks.values())
        feeds |= known.acks.keys()
    assert len(feeds) == 3

    # Visits that bring nothing new write no cut and no ack again.
    for town in towns:
        town.visit(stick)
    before = (_files(stick, "cut", "*.obc"), _files(stick, "ack", "*.oba"))
    for town in towns:
        _, report = town.visit(stick)
        assert report["bytes_written"] == 0
    assert (_files(stick, "cut", "*.obc"), _files(stick, "ack", "*.oba")) == before


def test_a_damaged_ack_is_refused_in_a_sentence_and_the_rest_taken(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    ambam, bipindi = demo(2)
    ambam.visit(stick)
    (ack,) = (stick / "OBAMBU" / "ack").glob("*.oba")
    ack.write_bytes(ack.read_bytes()[:-3] + b"xyz")
    big = stick / "OBAMBU" / "cut" / ("00" * 16 + ".obc")
    big.write_bytes(b"\0" * (cuts.BASE * 64))
    taken, _ = bipindi.visit(stick)
    assert taken["beacons_refused"] == 2
    assert any("refused" in p for p in taken["problems"])
    assert "Ambam" in {row["commune"] for row in bipindi.json("sync", "health")}


def _head(town: Town) -> int:
    node = Node.open(town.home, PASS)
    try:
        return node.heads()[node.feed]
    finally:
        node.close()


def _segments(stick: Path) -> set[str]:
    return {p.name for p in (stick / "OBAMBU" / "seg").rglob("*.obs")}


def _cut_age_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """The program's clock, moved on by cuts.CUT_AGE: the newest cut is then old enough for a
    commune's first laptop to propose the next one (docs/spec/stick.md, "Proposing")."""
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + cuts.CUT_AGE)


def test_once_every_commune_acked_the_stick_prunes_and_its_beacons_go(
    demo: Callable[[int], list[Town]], stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    towns = demo(3)
    ambam = towns[0]
    ambam.run("forum", "thread", "--title", "Le puits", "--body", "Il est réparé.")
    written: set[str] = set()
    pruned: set[str] = set()
    for _ in range(3):
        for town in towns:
            _, report = town.visit(stick)
            written |= set(report["segments"])
            pruned |= set(report["pruned"])
    assert written and written <= pruned and not _segments(stick)
    # Every holder speaks by acks: the N² beacon files went, and none is written again.
    assert not _files(stick, "bcn", "*.obb")
    _cut_age_later(monkeypatch)  # the newest cut is old enough: a newer one may follow
    towns[1].run("forum", "thread", "--title", "Marché", "--body", "Samedi.")
    later: set[str] = set()
    for _ in range(3):
        for town in towns:
            _, report = town.visit(stick)
            later |= set(report["segments"])
            pruned |= set(report["pruned"])
    assert "Marché" in ambam.titles()
    # What was written since stays until a cut holds it, proposed once the newest is CUT_AGE
    # old (the clock moved on writes blocks of its own, which the cut of this round lacks).
    _cut_age_later(monkeypatch)
    for _ in range(2):
        for town in towns:
            _, report = town.visit(stick)
            pruned |= set(report["pruned"])
    assert later <= pruned
    assert not _files(stick, "bcn", "*.obb")


@contextmanager
def previous_release() -> Iterator[None]:
    """The clerk runs the previous release on this laptop: it neither reads nor writes a cut
    or an ack (it knows only the files of its own folder), and judges by beacons alone."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(acks, "read_stick", lambda node, stick: acks.OnStick())
        patch.setattr(acks, "remember", lambda node, found: None)
        patch.setattr(acks, "visit", lambda *args: 0)
        yield


def test_a_laptop_still_on_beacons_keeps_the_stick_from_forgetting_what_it_lacks(
    demo: Callable[[int], list[Town]], stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ambam, bipindi, campo = demo(3)

    def round_() -> None:
        for town in (ambam, bipindi):
            town.visit(stick)
        with previous_release():
            campo.visit(stick)

    round_()
    round_()
    # Campo's word is still its beacon: the others keep writing theirs, beside their acks.
    assert len(_files(stick, "bcn", "*.obb")) == 3 and len(_files(stick, "ack", "*.oba")) == 2
    _cut_age_later(monkeypatch)  # so that a cut holding Ambam's post is proposed
    ambam.run("forum", "thread", "--title", "Le puits", "--body", "Il est réparé.")
    ambam.visit(stick)
    bipindi.visit(stick)
    ambam.visit(stick)
    bipindi.visit(stick)
    # Ambam and Bipindi both acknowledge a cut holding Ambam's post; Campo never said it holds
    # it: the segment stays.
    assert "Le puits" in bipindi.titles()
    assert _segments(stick)
    with previous_release():
        campo.visit(stick)
    assert "Le puits" in campo.titles()
    for _ in range(2):
        round_()
    assert not _segments(stick)  # once Campo's beacon says it holds it


def test_a_restored_laptop_learns_its_own_last_blocks_from_acks_and_never_signs_one_twice(
    cli: Cli, demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    """Every holder speaks by acks, so the stick carries no beacon; the segments were pruned.
    Ambam's laptop, restored from last month's backup, learns from Bipindi's ack and the cut
    what it signed since (it refuses to sign until it holds it), then gets it back."""
    ambam, bipindi = demo(2)
    backup = tmp_path / "ambam.obk"
    ambam.run("backup", "create", "--out", backup)
    ambam.run("forum", "thread", "--title", "Après la sauvegarde", "--body", "Le puits.")
    for _ in range(3):
        for town in (ambam, bipindi):
            town.visit(stick)
    assert "Après la sauvegarde" in bipindi.titles()
    assert not _files(stick, "bcn", "*.obb") and not _segments(stick)

    new = Town(cli, tmp_path / "ambam-new")
    new.run("backup", "restore", "--file", backup)
    new.visit(stick)
    new.fails("forum", "thread", "--title", "Trop tôt", "--body", "…")
    # What it refuses for: from the acks and the cut (no beacon, no segment on the stick), the
    # very last block Ambam signed before the theft.
    last = _head(ambam)
    node = Node.open(new.home, PASS)
    try:
        refused = incarnation.refusal(node.store, 0)
    finally:
        node.close()
    assert refused is not None and f"blocks 1 to {last}." in refused.message
    # Its new ack says what it lacks: Bipindi writes it back, though the stick had pruned it.
    bipindi.visit(stick)
    new.visit(stick)
    assert "Après la sauvegarde" in new.titles()
    new.run("forum", "thread", "--title", "De retour", "--body", "Nouveau portable.")
    new.visit(stick)
    bipindi.visit(stick)
    assert "De retour" in bipindi.titles()
    for town in (new, bipindi):
        assert town.json("status")["evidence"] == 0
    # The Sync screen's "Visited" reads the acks' dates, the stick carrying no beacon.
    visited = new.run("sync", "preflight", "--from", stick).out
    assert "Bipindi (" in visited and "nobody yet" not in visited
