"""A vote whose convener went silent: after its closing date, two thirds of its electorate ask to
close it, one of them closes it, and every commune counts the same result."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.journeys.conftest import Town, open_vote


def _open(town: Town, days: str) -> str:
    return open_vote(town, "Forage commun à Nkolo ?", "--days", days)


def test_two_thirds_of_the_communes_close_a_vote_whose_convener_went_silent(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """Ambam opens a vote (closing today), votes, and is heard of no more; Bipindi and Campo
    vote; after the closing date they both ask to close; Campo closes it, and all three
    communes, Ambam too when it comes back, read the same closed count."""
    ambam, bipindi, campo = demo(3)
    vote = _open(ambam, "0")
    ambam.run("vote", "cast", "--vote", vote, "--choice", "non")
    ambam.visit(stick)  # the last Ambam is heard of, for now
    bipindi.visit(stick)
    bipindi.run("vote", "cast", "--vote", vote, "--choice", "oui")
    bipindi.run("vote", "ask-close", "--vote", vote)
    # One commune alone is a minority: its close is refused, and nothing is closed.
    refused = bipindi.fails("vote", "close", "--vote", vote)
    assert "Only 1 of 3 electors have asked to close this vote" in refused, refused
    assert bipindi.json("vote", "show", "--vote", vote)["closed"] is False
    # The same commune asking twice still counts once.
    bipindi.visit(stick)
    assert "already asked" in bipindi.fails("vote", "ask-close", "--vote", vote)
    campo.visit(stick)
    campo.run("vote", "cast", "--vote", vote, "--choice", "oui")
    before = campo.json("vote", "show", "--vote", vote)
    assert before["close_requests"] == {"asked": 1, "needed": 2}
    campo.run("vote", "ask-close", "--vote", vote)
    assert campo.json("vote", "show", "--vote", vote)["close_requests"]["asked"] == 2
    campo.run("vote", "close", "--vote", vote)
    campo.visit(stick)
    bipindi.visit(stick)
    ambam.visit(stick)  # Ambam comes back
    shown = [town.json("vote", "show", "--vote", vote) for town in (ambam, bipindi, campo)]
    for record in shown:
        assert record["closed"] and record["valid"] is True
        assert record["count"] == 3 and record["tally"] == [2, 1]
        assert record["result"]["winner"] == "oui"
    assert shown[0]["root"] == shown[1]["root"] == shown[2]["root"]


def test_no_one_asks_to_close_before_the_closing_date(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """Two weeks to go: Bipindi's request, and a close by Bipindi, are refused."""
    ambam, bipindi, _ = demo(3)
    vote = _open(ambam, "14")
    ambam.visit(stick)
    bipindi.visit(stick)
    assert "closing date" in bipindi.fails("vote", "ask-close", "--vote", vote)
    assert "closing date" in bipindi.fails("vote", "close", "--vote", vote)
    assert bipindi.json("vote", "show", "--vote", vote)["close_requests"]["asked"] == 0
