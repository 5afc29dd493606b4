"""A secretary runs a council sitting from the command line, from the convocation to the act
sent to the prefecture; the law's refusals come back as one sentence with the article."""

from __future__ import annotations

import csv
import io
import shlex
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from app.cli import parser
from tests.journeys.conftest import Town

ROOT = Path(__file__).resolve().parents[2]

MEMBERS = [
    "Marie Ndongo;1968-03-02",
    "Paul Ekani;1961-07-14",
    "Jeanne Mvondo",
    "Luc Abessolo",
    "Claire Nkoulou",
]
ITEMS = [
    "Le conseil approuve l'achat d'un groupe électrogène.",
    "Le conseil approuve la réfection du puits.",
    "Le conseil prend connaissance du rapport du receveur.",
]


def _convene(town: Town, days: int, *extra: str) -> str:
    argv = ["sitting", "convene", "--date", (date.today() + timedelta(days=days)).isoformat()]
    for member in MEMBERS:
        argv += ["--member", member]
    for item in ITEMS:
        argv += ["--item", item]
    return str(town.json(*argv, *extra)["id"])


def test_a_secretary_runs_a_sitting_from_the_command_line(
    demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    ambam, bipindi = demo(2)
    (earlier,) = ambam.json("sitting", "list")  # the demo's own sitting
    assert earlier["voted"] == 2 and earlier["items"] == 3
    argv = ["sitting", "convene", "--date", (date.today() + timedelta(days=1)).isoformat()]
    refused = ambam.fails(*argv, "--member", "Marie Ndongo", "--item", ITEMS[0])
    assert "L2121-11" in refused  # no clear day left: three are needed
    sitting = _convene(ambam, 6, "--number", "2")
    shown = ambam.json("sitting", "show", "--sitting", sitting)
    assert [m["id"] for m in shown["members"]] == ["m1", "m2", "m3", "m4", "m5"]
    assert [i["voted"] for i in shown["items"]] == [False, False, False]

    # Before the sitting: a receipt, and Claire's proxy to Paul.
    ambam.json("sitting", "receipt", "--sitting", sitting, "--member", "m1", "--means", "hand")
    ambam.json("sitting", "proxy", "--sitting", sitting, "--from", "m5", "--to", "m2")
    text = ambam.run("sitting", "show", "--sitting", sitting).out
    assert "Convocation received by 1 of 5." in text
    assert "Proxy: Claire Nkoulou to Paul Ekani" in text

    # Item 1: two members present of five, no quorum; then four, Paul voting for Claire too.
    vote = ["sitting", "vote", "--sitting", sitting, "--item", "1"]
    assert "L2121-17" in ambam.fails(
        *vote, "--absent", "m3,m4,m5", "--others", "pour", "--ballot", "m1=pour"
    )
    assert "no vote on it" in ambam.fails(*vote, "--absent", "m5", "--ballot", "m5=pour")
    assert "has no member m9" in ambam.fails(*vote, "--ballot", "m9=pour")
    in_the_room = ambam.fails(*vote, "--others", "pour", "--proxy", "m5=pour")  # Claire is here
    assert "No proxy of Claire Nkoulou can be used" in in_the_room
    first = ambam.json(
        *vote, "--absent", "m5", "--ballot", "m4=contre", "--others", "pour", "--proxy", "m5=contre"
    )
    assert first["adopted"] and first["label"].startswith("adopt")
    assert "already" in ambam.fails(
        *vote, "--absent", "m5", "--others", "pour", "--ballot", "m1=pour"
    )

    # Item 2 by secret ballot: never member by member, only the totals of the count.
    vote[-1] = "2"
    secret = [*vote, "--mode", "secret", "--absent", "m5"]
    assert "L2121-21" in ambam.fails(*secret, "--ballot", "m1=pour")
    assert ambam.json(*secret, "--totals", "3,1,0,1,0,0")["adopted"]

    # Item 3: the council takes note, without a vote.
    vote[-1] = "3"
    assert "prend acte" in ambam.json(*vote, "--absent", "m5", "--noted")["label"]

    # The minutes: read, signed by their digest, and a stale digest refused.
    minutes = ambam.json("sitting", "minutes", "--sitting", sitting)
    assert "PROCÈS-VERBAL" in minutes["text"] and minutes["signed_by"] == []
    assert "changed" in ambam.fails(
        "sitting", "approve", "--sitting", sitting, "--digest", "00" * 32
    )
    ambam.json("sitting", "approve", "--sitting", sitting, "--digest", minutes["digest"])
    assert ambam.json("sitting", "minutes", "--sitting", sitting)["signed_by"] == ["Marie Ndongo"]

    # An appointment: a tie in the first round, an election in the second.
    appoint = ["sitting", "appoint", "--sitting", sitting, "--office", "Premier adjoint"]
    assert ambam.json(*appoint, "--votes", "m1=2", "--votes", "m2=2")["elected"] is None
    assert ambam.json(*appoint, "--votes", "m1=1", "--votes", "m2=3")["elected"] == "m2"

    # The act of item 1: published, transmitted, hence executory; its folder for the prefecture.
    act = first["id"]
    for status in ("published", "transmitted"):
        ambam.json("sitting", "act", "--act", act, "--status", status)
    items = ambam.json("sitting", "show", "--sitting", sitting)["items"]
    assert items[0]["state"] == "executory" and items[0]["totals"]["contre"] == 2
    folder = Path(ambam.json("sitting", "export", "--act", act, "--to", tmp_path / "p")["path"])
    assert sorted(p.name for p in folder.iterdir()) == [
        "acte.json",
        "acte.txt",
        "convocation.cose",
        "vote.cose",
    ]
    saved = tmp_path / "deliberations.csv"
    ambam.run("sitting", "deliberations", "--out", saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 2 + 3  # the header, the demo's two items and today's three

    # Another commune receives the registre by stick and reads the same deliberations.
    ambam.visit(stick)
    bipindi.visit(stick)
    seen = bipindi.json("sitting", "show", "--sitting", sitting)["items"]
    assert [i["label"] for i in seen] == [i["label"] for i in items]
    assert bipindi.json("sitting", "list") == []  # it holds no sitting of its own
    assert "only the commune holding" in bipindi.fails(*vote, "--noted").lower()


def test_a_sitting_without_quorum_is_convened_again_for_what_it_could_not_decide(
    demo: Callable[[int], list[Town]],
) -> None:
    (ambam,) = demo(1)
    failed = _convene(ambam, 6, "--number", "2")
    vote = ["sitting", "vote", "--sitting", failed, "--item", "1", "--absent", "m3,m4,m5"]
    assert "L2121-17" in ambam.fails(*vote, "--others", "pour")
    later = (date.today() + timedelta(days=9)).isoformat()
    again = ambam.json("sitting", "convene", "--date", later, "--again", failed)["id"]
    shown = ambam.json("sitting", "show", "--sitting", again)
    assert shown["number"] == 3 and [i["title"] for i in shown["items"]] == ITEMS
    vote[3] = again
    assert ambam.json(*vote, "--others", "pour")["adopted"]  # no quorum needed now


def test_the_commands_docs_council_shows_parse() -> None:
    shown = [
        shlex.split(text.split("#", 1)[0])[1:]
        for text in (ROOT / "docs" / "council.md").read_text(encoding="utf-8").splitlines()
        if text.strip().startswith(("obambu sitting", "obambu --as"))
    ]
    assert len(shown) >= 14
    for argv in shown:
        assert parser().parse_args(argv).func is not None, argv
