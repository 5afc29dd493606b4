"""A consultation among three communes carried only by sticks, going round in different orders:
the close is the same everywhere and every commune recounts it from the signed ballots."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import Rejected
from app.core.votes import queries
from app.core.votes import service as votes
from tests.sync_kit import same_state, visit


@pytest.mark.parametrize("route", ["abc", "cab", "bca"])
def test_a_consultation_closes_the_same_whatever_the_route(net, tmp_path: Path, route: str) -> None:  # type: ignore[no-untyped-def]
    nodes = dict(zip("abc", net.nodes, strict=True))
    a = nodes["a"]
    vote = votes.open_vote(a, "Mutualiser le groupe électrogène ?", ["Oui", "Non"], kind="communes")
    a.seal()
    first, second = tmp_path / "stick-1", tmp_path / "stick-2"
    first.mkdir()
    second.mkdir()
    visit(a, first)
    visit(a, second)
    choices = {"a": "Oui", "b": "Non", "c": "Oui"}
    for stick, order in ((first, route), (second, route[::-1])):
        for name in order:
            node = nodes[name]
            visit(node, stick)
            mine = node.store.one(
                "SELECT 1 FROM ballots WHERE vote = ? AND voter = ?", (vote, node.commune)
            )
            if mine is None:
                votes.cast(node, vote, choices[name])
                node.seal()
                with pytest.raises(Rejected):  # a second ballot is refused at once
                    votes.cast(node, vote, "Non")
            visit(node, stick)
    for stick in (first, second):  # a last round so every ballot reaches the convener
        for name in "abc":
            visit(nodes[name], stick)
    votes.close(a, vote)
    for stick in (first, second):
        for name in "abc":
            visit(nodes[name], stick)
    assert same_state(net.nodes)
    for node in net.nodes:
        detail = queries.vote(node, vote)
        assert detail is not None and detail.closed and detail.valid
        assert detail.tally == (2, 1) and detail.winner == "Oui"
        assert detail.nature == "opinion"
