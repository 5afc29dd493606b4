"""Documents reach a commune's laptops: Bipindi sends a document to Ambam and the secretary's
desk, Ambam's second laptop, opens it; the desk sends one to Bipindi, which opens it; a
document sent before the desk was added, or after its retirement is known, is not sealed to it
and the desk says so (docs/ledger.md, "A commune's devices", "Transport and documents")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.journeys.conftest import Cli, Town
from tests.journeys.test_second_laptop import _desk


@pytest.fixture(autouse=True)
def _new_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OBAMBU_NEW_PIN", "1234")  # the deputy's PIN on the desk


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rounds(stick: Path, *towns: Town, times: int = 2) -> None:
    for _ in range(times):
        for town in towns:
            town.visit(stick)


def _opens(town: Town, doc: str, out: Path) -> str:
    town.run("doc", "get", "--id", doc, "--out", out)
    return out.read_text(encoding="utf-8")


def test_the_desk_reads_what_was_sent_to_ambam_and_sends_its_own(
    cli: Cli, demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    ambam, bipindi, campo = demo(3)
    # Sent to Ambam before the desk exists: sealed to Ambam's node key only.
    before = bipindi.json(
        "doc", "add", "--file", _file(tmp_path, "avant.txt", "Avant le bureau"), "--to", "Ambam"
    )["id"]
    _rounds(stick, bipindi, ambam)
    desk, _ = _desk(cli, ambam, tmp_path)
    deputy = desk.json("member", "add", "--name", "Adjointe d'Ambam", "--role", "deputy")["id"]
    desk.run("member", "use", deputy)
    _rounds(stick, ambam, desk, bipindi, campo)  # every commune knows the desk's LAPTOP_ADD

    # Bipindi sends the plan to Ambam: the mayor's laptop and the desk both open it.
    plan = bipindi.json(
        "doc", "add", "--file", _file(tmp_path, "plan.txt", "Plan du marché"), "--to", "Ambam"
    )["id"]
    _rounds(stick, bipindi, ambam, desk, campo)
    assert _opens(desk, plan, tmp_path / "desk-plan.txt") == "Plan du marché"
    assert _opens(ambam, plan, tmp_path / "ambam-plan.txt") == "Plan du marché"
    assert "not shared" in campo.fails("doc", "get", "--id", plan, "--out", tmp_path / "x")
    listed = {d["id"]: d for d in desk.json("doc", "list")}
    assert listed[plan]["recipients"] == ["Bipindi", "Ambam"]  # Ambam once, not per laptop

    # The old document: sent before the desk was added, it opens on the first laptop only.
    refused = desk.fails("doc", "get", "--id", before, "--out", tmp_path / "desk-avant.txt")
    assert "before this laptop was added" in refused, refused
    assert _opens(ambam, before, tmp_path / "ambam-avant.txt") == "Avant le bureau"

    # The desk sends the minutes to Bipindi, as any commune would: Bipindi opens them, and so
    # does Ambam's first laptop (its own commune's document).
    minutes = desk.json(
        "doc", "add", "--file", _file(tmp_path, "pv.txt", "Procès-verbal"), "--to", "Bipindi"
    )["id"]
    _rounds(stick, desk, ambam, bipindi, campo)
    assert _opens(bipindi, minutes, tmp_path / "bipindi-pv.txt") == "Procès-verbal"
    assert _opens(ambam, minutes, tmp_path / "ambam-pv.txt") == "Procès-verbal"
    assert _opens(desk, minutes, tmp_path / "desk-pv.txt") == "Procès-verbal"
    shown = {d["id"]: d for d in bipindi.json("doc", "list")}[minutes]
    assert (shown["from"], shown["recipients"]) == ("Ambam", ["Ambam", "Bipindi"])
    for town in (ambam, desk, bipindi, campo):
        assert town.json("status")["evidence"] == 0, town.name

    # The desk is retired; once Bipindi knows it, what Bipindi sends to Ambam is not sealed to
    # the desk, which says so when it tries; the mayor's laptop opens it.
    desk_id = desk.json("device", "laptops")["laptops"][1]["id"]
    ambam.run("device", "retire-laptop", desk_id, "--reason", "remplacé")
    _rounds(stick, ambam, bipindi, times=1)
    after = bipindi.json(
        "doc", "add", "--file", _file(tmp_path, "apres.txt", "Après le retrait"), "--to", "Ambam"
    )["id"]
    bipindi.visit(stick)
    desk.run("sync", "import", "--from", stick)
    ambam.visit(stick)
    refused = desk.fails("doc", "get", "--id", after, "--out", tmp_path / "desk-apres.txt")
    assert "after it was retired" in refused, refused
    assert _opens(ambam, after, tmp_path / "ambam-apres.txt") == "Après le retrait"
    # What the desk received while in service still opens there.
    assert _opens(desk, plan, tmp_path / "desk-plan-2.txt") == "Plan du marché"
