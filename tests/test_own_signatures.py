"""The rules of a member's own signatures in a sitting: their ballot in a roll call
(SITTING_BALLOT) and their approval of the minutes (MINUTES_APPROVE), each refusal with its
code, here and in a foreign block."""

from __future__ import annotations

import hashlib

import pytest

from app.core.council import minutes, queries
from app.core.errors import Rejected
from app.core.ledger.txtypes import Role, TxType
from app.core.members import service as members
from tests.conftest import Network
from tests.ledger_kit import next_block, signed_tx
from tests.test_sittings import MOTION, _convene

ROLL = {"mode": "appel_nominal", "how": "ballots"}


def _entry(sitting: bytes, ballots: list[list[str]], **extra: object) -> dict[str, object]:
    return {
        "sitting": sitting,
        "item": 0,
        "motion": hashlib.sha256(MOTION).digest(),
        "mode": "appel_nominal",
        "present": ["m1", "m2", "m3"],
        "interested": [],
        "ballots": ballots,
        **extra,
    }


def _refused(call: object) -> str:
    with pytest.raises(Rejected) as refused:
        call()  # type: ignore[operator]
    return refused.value.code


def test_a_convened_member_signs_one_ballot_before_the_item_is_entered(net: Network) -> None:
    a, b, _ = net.nodes
    paul = members.add_member(a, "Paul Ekani", Role.COUNCILLOR)  # m2 of the convocation
    stranger = members.add_member(a, "Albert Zang", Role.COUNCILLOR)  # not convened
    sitting = _convene(a, days_ahead=5)
    ballot = {"sitting": sitting, "item": 0, "choice": "contre"}
    assert _refused(lambda: a.submit(TxType.SITTING_BALLOT, ballot, actor=stranger)) == (
        "not_convened"
    )
    bad = {**ballot, "choice": "peut-être"}
    assert _refused(lambda: a.submit(TxType.SITTING_BALLOT, bad, actor=paul)) == "malformed"
    a.submit(TxType.SITTING_BALLOT, ballot, actor=paul)
    assert _refused(lambda: a.submit(TxType.SITTING_BALLOT, ballot, actor=paul)) == "ballot_cast"
    a.seal()
    net.sync()
    assert minutes.own_ballots(b, sitting) == {0: {"m2": "contre"}}

    # The secretary's entry must agree with it: by name, Paul present and voting contre.
    agree = [["m1", "pour", ""], ["m2", "contre", ""], ["m3", "pour", ""]]
    public = {**_entry(sitting, agree), "mode": "public"}
    assert _refused(lambda: a.submit(TxType.SITTING_VOTE, public)) == "ballots_need_roll_call"
    totals = {**_entry(sitting, []), "how": "totals", "totals": [2, 1, 0, 0, 0, 0]}
    del totals["ballots"]
    assert _refused(lambda: a.submit(TxType.SITTING_VOTE, totals)) == "ballots_need_roll_call"
    other = [["m1", "pour", ""], ["m2", "pour", ""], ["m3", "pour", ""]]
    assert _refused(lambda: a.submit(TxType.SITTING_VOTE, _entry(sitting, other))) == (
        "ballot_mismatch"
    )
    away = _entry(sitting, [["m1", "pour", ""], ["m3", "pour", ""]], present=["m1", "m3", "m4"])
    assert _refused(lambda: a.submit(TxType.SITTING_VOTE, away)) == "ballot_mismatch"
    # The same disagreement, signed by Ambam and carried to Bipindi: refused there too.
    wrong = signed_tx(a, TxType.SITTING_VOTE, _entry(sitting, other))
    assert b.receive(next_block(a, [wrong])).code == "ballot_mismatch"

    a.submit(TxType.SITTING_VOTE, _entry(sitting, agree))
    a.seal()
    late = signed_tx(a, TxType.SITTING_BALLOT, {**ballot, "item": 0}, actor=paul)
    net.sync()
    assert b.receive(next_block(a, [late])).code == "item_voted"
    text, _ = minutes.minutes(b, sitting)
    assert "Paul Ekani\u202f: contre (bulletin signé de sa main)" in text
    assert "Marie Ndongo\u202f: pour\n" in text


def test_a_member_approves_the_minutes_as_they_stand_in_their_own_past(net: Network) -> None:
    a, b, _ = net.nodes
    paul = members.add_member(a, "Paul Ekani", Role.COUNCILLOR)
    stranger = members.add_member(a, "Albert Zang", Role.COUNCILLOR)
    sitting = _convene(a, days_ahead=5)
    a.seal()
    _, before = minutes.minutes(a, sitting)
    approve = {"sitting": sitting, "minutes": before}
    assert _refused(lambda: a.submit(TxType.MINUTES_APPROVE, approve, actor=stranger)) == (
        "not_convened"
    )
    # Signed on the minutes before the vote, carried in a block that has the vote in its past.
    stale = signed_tx(a, TxType.MINUTES_APPROVE, approve, actor=paul)
    a.submit(TxType.SITTING_VOTE, _entry(sitting, [["m1", "pour", ""], ["m2", "pour", ""]]))
    a.seal()
    net.sync()
    assert b.receive(next_block(a, [stale])).code == "minutes_changed"
    assert _refused(lambda: a.submit(TxType.MINUTES_APPROVE, approve, actor=paul)) == (
        "minutes_changed"
    )
    _, now = minutes.minutes(a, sitting)
    a.submit(TxType.MINUTES_APPROVE, {"sitting": sitting, "minutes": now}, actor=paul)
    again = {"sitting": sitting, "minutes": now}
    assert _refused(lambda: a.submit(TxType.MINUTES_APPROVE, again, actor=paul)) == (
        "minutes_signed"
    )
    a.submit(TxType.MINUTES_APPROVE, again)  # the mayor of the test network, not convened
    a.seal()
    net.sync()
    held = queries.sitting(b, sitting)
    assert [(x.name, x.member, x.own) for x in held.approvals] == [
        ("Paul Ekani", "m2", True),
        ("Maire de Ambam", None, False),
    ]
    assert [m.id for m in held.unapproved] == ["m1", "m3", "m4", "m5"]
