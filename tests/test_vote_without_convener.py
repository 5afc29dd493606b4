"""The rules of closing a vote without its convener: two thirds of the electorate ask, after the
closing date, and then any elector closes it with the count the convener's close would carry."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.encoding import cbor, merkle
from app.core.errors import Rejected
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.core.votes import queries
from app.core.votes import service as votes
from app.core.votes.rules import enough_requests
from tests.conftest import Network
from tests.ledger_kit import counts, next_block, signed_tx

PAST = 1_000_000_000  # a closing date long gone
FUTURE = 4_000_000_000


def _open(net: Network, closes: int = PAST, voters: list[bytes] | None = None) -> bytes:
    """Ambam opens a yes/no vote of the three mayors (or of `voters`); everyone receives it."""
    a = net.nodes[0]
    if voters is None:
        vote = votes.open_vote(a, "Budget ?", ["Oui", "Non"], closes=closes)
    else:
        body = {
            "question": "Budget ?",
            "options": ["Oui", "Non"],
            "rule": "majority",
            "quorum": 0,
            "closes": closes,
            "electorate": {"kind": "members", "voters": [[v, 1] for v in voters]},
        }
        vote = a.submit(TxType.VOTE_OPEN, body)
    a.seal()
    net.sync()
    return vote


def _refused(node: Node, code: str, run: Any) -> None:
    with pytest.raises(Rejected) as caught:
        run()
    assert caught.value.code == code


def _foreign(receiver: Node, block: bytes, code: str) -> None:
    """A block from another commune carrying what the rules refuse: refused, nothing kept."""
    before = counts(receiver)
    outcome = receiver.receive(block)
    assert (outcome.status, outcome.code) == ("rejected", code), outcome
    assert counts(receiver)["blocks"] == before["blocks"]


def _close_body(node: Node, vote: bytes) -> dict[str, Any]:
    data = node.store.value("SELECT close_body FROM votes WHERE id = ?", (vote,))
    assert data is not None
    body: Any = cbor.decode(data)
    return {k: body[k] for k in ("count", "root", "tally")}


def test_two_thirds_is_counted_in_integers() -> None:
    assert [enough_requests(k, 3) for k in range(4)] == [False, False, True, True]
    assert [enough_requests(k, 4) for k in range(5)] == [False, False, False, True, True]
    assert enough_requests(4, 6) and not enough_requests(3, 6)


def test_two_thirds_close_carries_the_count_the_convener_would_give(net: Network) -> None:
    a, b, c = net.nodes
    vote = _open(net)
    votes.cast(a, vote, "Non")
    votes.cast(b, vote, "Oui")
    votes.cast(c, vote, "Oui")
    votes.ask_to_close(b, vote)
    votes.ask_to_close(c, vote)
    for node in net.nodes:
        node.seal()
    net.sync()
    votes.close(b, vote)  # Bipindi, not the convener, closes
    votes.close(a, vote)  # what the convener's close, from the same past, says
    assert _close_body(b, vote) == _close_body(a, vote)
    assert _close_body(b, vote)["tally"] == [2, 1]
    net.sync([b, c])
    detail = queries.vote(c, vote)
    assert detail is not None and detail.closed and detail.valid
    assert (detail.close_asked, detail.close_needed) == (2, 2)


def test_a_request_before_the_closing_date_is_refused(net: Network) -> None:
    b, c = net.nodes[1:]
    vote = _open(net, closes=FUTURE)
    _refused(b, "vote_not_due", lambda: votes.ask_to_close(b, vote))
    tx = signed_tx(b, TxType.VOTE_CLOSE_REQUEST, {"vote": vote})
    _foreign(c, next_block(b, [tx]), "vote_not_due")


def test_a_request_by_someone_outside_the_electorate_is_refused(net: Network) -> None:
    a, b, c = net.nodes
    vote = _open(net, voters=[a.member, b.member])
    _refused(c, "not_in_electorate", lambda: votes.ask_to_close(c, vote))
    tx = signed_tx(c, TxType.VOTE_CLOSE_REQUEST, {"vote": vote})
    _foreign(a, next_block(c, [tx]), "not_in_electorate")


def test_a_second_request_by_the_same_elector_is_refused(net: Network) -> None:
    b, c = net.nodes[1:]
    vote = _open(net)
    votes.ask_to_close(b, vote)
    _refused(b, "second_close_request", lambda: votes.ask_to_close(b, vote))
    b.seal()
    net.sync()
    tx = signed_tx(b, TxType.VOTE_CLOSE_REQUEST, {"vote": vote})
    _foreign(c, next_block(b, [tx]), "second_close_request")
    assert c.store.value("SELECT count(*) FROM vote_close_requests") == 1


def test_a_close_by_a_minority_is_refused(net: Network) -> None:
    b, c = net.nodes[1:]
    vote = _open(net)
    _refused(b, "too_few_close_requests", lambda: votes.close(b, vote))
    votes.ask_to_close(b, vote)
    _refused(b, "too_few_close_requests", lambda: votes.close(b, vote))
    b.seal()
    net.sync()
    count = {"count": 0, "root": merkle.root([]), "tally": [0, 0]}
    tx = signed_tx(b, TxType.VOTE_CLOSE, {"vote": vote, **count})
    _foreign(c, next_block(b, [tx]), "too_few_close_requests")
    assert c.store.value("SELECT close_tx FROM votes WHERE id = ?", (vote,)) is None


def test_requests_outside_the_close_s_past_do_not_count(net: Network) -> None:
    """Campo asked, but Bipindi signed its request and its close before Campo's request reached
    it: the close is judged on its own block's past, one request of three, and Campo, which
    holds both requests, refuses it all the same."""
    b, c = net.nodes[1:]
    vote = _open(net)
    votes.ask_to_close(c, vote)
    c.seal()  # not sent to Bipindi
    count = {"count": 0, "root": merkle.root([]), "tally": [0, 0]}
    aseq = b._next_aseq(b.member)
    txs = [
        signed_tx(b, TxType.VOTE_CLOSE_REQUEST, {"vote": vote}, aseq=aseq),
        signed_tx(b, TxType.VOTE_CLOSE, {"vote": vote, **count}, aseq=aseq + 1),
    ]
    _foreign(c, next_block(b, txs), "too_few_close_requests")
    net.sync([c, b])
    votes.ask_to_close(b, vote)
    votes.close(b, vote)  # now Campo's request is in its past: two of three
    net.sync([b, c])
    detail = queries.vote(c, vote)
    assert detail is not None and detail.closed and detail.valid


def test_a_close_by_a_non_elector_is_refused(net: Network) -> None:
    a, b, c = net.nodes
    vote = _open(net, voters=[a.member, b.member])
    votes.ask_to_close(b, vote)
    b.seal()
    net.sync()
    _refused(c, "not_convener", lambda: votes.close(c, vote))


def test_a_close_after_two_thirds_but_before_the_date_is_refused(net: Network) -> None:
    """Requests cannot exist before the date; a close signed before it is refused too."""
    b, c = net.nodes[1:]
    vote = _open(net, closes=FUTURE)
    count = {"count": 0, "root": merkle.root([]), "tally": [0, 0]}
    tx = signed_tx(b, TxType.VOTE_CLOSE, {"vote": vote, **count})
    _foreign(c, next_block(b, [tx]), "vote_not_due")


def test_a_two_thirds_close_with_a_wrong_tally_is_refused(net: Network) -> None:
    b, c = net.nodes[1:]
    vote = _open(net)
    votes.cast(b, vote, "Oui")
    votes.ask_to_close(b, vote)
    votes.ask_to_close(c, vote)
    b.seal()
    c.seal()
    net.sync()
    lie = {"vote": vote, "count": 0, "root": merkle.root([]), "tally": [0, 0]}
    tx = signed_tx(b, TxType.VOTE_CLOSE, lie)
    _foreign(c, next_block(b, [tx]), "wrong_tally")
    assert c.store.value("SELECT close_tx FROM votes WHERE id = ?", (vote,)) is None


def test_no_request_once_the_vote_is_closed(net: Network) -> None:
    a, b = net.nodes[:2]
    vote = _open(net)
    votes.close(a, vote)
    net.sync()
    _refused(b, "vote_closed", lambda: votes.ask_to_close(b, vote))
