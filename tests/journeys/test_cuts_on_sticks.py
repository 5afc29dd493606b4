"""Three town halls pass one stick round: it carries, beside the beacons, one signed cut and
each commune's acknowledgement of it (docs/spec/stick.md, "Cuts and acknowledgements"; issue
21, the switch of app/sync), and each commune learns the others' acks from it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.core.node.node import Node
from app.sync import acks, cuts
from tests.journeys.conftest import Town
from tests.test_cli import PASS


def _files(stick: Path, folder: str, suffix: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((stick / "OBAMBU" / folder).glob(suffix))}


def _known(town: Town) -> acks.Known:
    node = Node.open(town.home, PASS)
    try:
        return acks.known(node)
    finally:
        node.close()


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
        known = _known(town)
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
