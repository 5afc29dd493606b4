"""A stick carries a segment of proofs of an equivocation (a copy of Ambam's laptop signed a
second history): it is pruned once every commune took it in whole and said so in its ack,
acks alone, even when a commune's newest ack was since written on another stick and lists that
stick's segments, not this one's (docs/spec/stick.md, "Held by all, proposing, and what a
stick carries"; issue 21, proofs' segments and acks)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.node.node import Node
from app.sync import cuts
from app.sync.stick import Stick
from tests.journeys.conftest import Town, fork
from tests.test_cli import PASS


def _proofs(town: Town, stick: Path) -> set[str]:
    """The names of the segments of proofs on the stick, as `town` reads them."""
    node = Node.open(town.home, PASS)
    try:
        held = Stick.at(stick).holding(node)
    finally:
        node.close()
    return {name for name, info in held.segments.items() if info.evidence}


@pytest.mark.parametrize("kept", [True, False], ids=["copy-kept", "copy-read"])
def test_a_segment_of_proofs_goes_once_every_commune_took_it_though_an_ack_was_written_elsewhere(
    demo: Callable[[int], list[Town]],
    stick: Path,
    tmp_path: Path,
    kept: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A traveller takes the proof in whole on this stick, then visits the market's stick:
    its newest ack lists that stick's segments, not this one's, and a carrier who passes there
    next brings it back here. `kept`: Campo travels and Bipindi carries, and the stick keeps
    its copy of Campo's ack (the newer one says nothing of this stick's segments) for Ambam,
    who takes the proof last. Otherwise Ambam travels and Campo carries and takes the proof
    last: it knows Ambam's newer ack, and judges by the stick's copy of the same life."""
    ambam, bipindi, campo = demo(3)
    for _ in range(2):
        for town in (ambam, bipindi, campo):
            town.visit(stick)
    _, route, pont = fork(ambam, tmp_path)
    for folder in (route, pont):
        bipindi.run("sync", "import", "--from", folder)
    assert bipindi.json("status")["evidence"] == 1
    campo.run("sync", "import", "--from", route)
    traveller, carrier = (campo, bipindi) if kept else (ambam, campo)
    # The proof's blocks go past the newest cut: the segment may go once a cut holds them,
    # proposed when the newest is CUT_AGE old (docs/spec/stick.md, "How often").
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + cuts.CUT_AGE)

    bipindi.visit(stick)  # it writes the proof on the stick
    proofs = _proofs(bipindi, stick)
    assert proofs
    traveller.visit(stick)
    market = tmp_path / "marche"
    market.mkdir()
    traveller.visit(market)
    carrier.visit(market)
    carrier.visit(stick)  # the traveller does not come back to this stick
    if kept:
        assert proofs <= _proofs(ambam, stick)  # Ambam has not taken it in yet
        ambam.visit(stick)
    assert not proofs & _proofs(ambam, stick), "the proof waits for the traveller's next visit"
    assert all(town.json("status")["evidence"] >= 1 for town in (ambam, bipindi, campo))
