"""A copy of Ambam's laptop signs a second history: the feed freezes on the communes that see
both, and the epoch that re-keys Ambam names the branch that stands and unfreezes it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.journeys.conftest import Town, fork, rekey_by_stick


def _refused(town: Town, code: str) -> int:
    return int(town.json("status")["refused"].get(code, 0))


def test_an_equivocation_is_resolved_by_the_epoch_that_rekeys_the_commune(
    demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    ambam, bipindi, campo = demo(3)
    for _ in range(2):
        for town in (ambam, bipindi, campo):
            town.visit(stick)
    copy, route, pont = fork(ambam, tmp_path)  # someone copied the laptop's disk
    bipindi.run("sync", "import", "--from", route)
    bipindi.run("sync", "import", "--from", pont)
    assert bipindi.json("status")["evidence"] == 1  # two blocks for one place: frozen
    campo.run("sync", "import", "--from", route)

    # Ambam's mayor asks for a new key on her own laptop; Bipindi proposes it with the branch
    # it holds ("Route") as the one that stands, Campo approves.
    code = ambam.json("rekey", "request")["code"]
    trip = tmp_path / "trip"
    trip.mkdir()
    rekey_by_stick(code, bipindi, trip, approvers=[campo], then=[bipindi, ambam])

    # Ambam signs on under its new key; Bipindi's frozen feed takes it.
    ambam.run("forum", "thread", "--title", "Après", "--body", "Nouvelle clé.")
    ambam.run("sync", "export", "--to", trip)
    for town in (bipindi, campo):
        town.run("sync", "import", "--from", trip)
        assert {"Route", "Après"} <= town.titles(), town.name
        assert "Pont" not in town.titles()

    # The copy's stick reaches Campo only now: what the copy signed after the fork is refused
    # as signed by a revoked key, and kept as proof; Campo's copy of Ambam's feed stays open.
    copy.run("forum", "thread", "--title", "Encore", "--body", "…")
    copy.run("sync", "export", "--to", pont)
    proofs = campo.json("status")["evidence"]
    campo.run("sync", "import", "--from", pont)
    assert _refused(campo, "stolen_key") == 1
    assert campo.json("status")["evidence"] == proofs + 1
    assert not {"Pont", "Encore"} & campo.titles()
    ambam.run("forum", "thread", "--title", "Toujours là", "--body", "…")
    ambam.run("sync", "export", "--to", trip)
    campo.run("sync", "import", "--from", trip)
    assert "Toujours là" in campo.titles()
