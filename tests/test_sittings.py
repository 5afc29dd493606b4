"""Council sittings on the ledger: each breach refused with its article in French, what passes
recorded as a deliberation that every commune sees."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.core.council.ruleprofile import load
from app.core.encoding import cbor
from app.core.errors import Rejected
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node

MOTION = "Le conseil approuve l'achat d'un groupe électrogène.".encode()
MEMBERS = [
    ["m1", "Marie Ndongo", "1970-01-01"],
    ["m2", "Paul Ekani", "1965-05-05"],
    ["m3", "Jeanne Mvondo", ""],
    ["m4", "Luc Abessolo", ""],
    ["m5", "Claire Nkoulou", ""],
]


def _convene(node: Node, days_ahead: int, **extra: Any) -> bytes:
    held = (datetime.now(UTC) + timedelta(days=days_ahead)).date().isoformat()
    profile = load("fr")
    body = {
        "profile": "fr",
        "digest": bytes.fromhex(profile.digest),
        "population": 2000,
        "date": held,
        "urgent": 0,
        "number": 1,
        "president": "m1",
        "members": MEMBERS,
        "items": [{"title": "Groupe électrogène", "motion": hashlib.sha256(MOTION).digest()}],
        **extra,
    }
    return node.submit(TxType.SITTING_CONVENE, body, prio=1)


def _vote(
    node: Node, sitting: bytes, present: list[str], ballots: list[list[str]], **extra: Any
) -> bytes:
    body = {
        "sitting": sitting,
        "item": 0,
        "motion": hashlib.sha256(MOTION).digest(),
        "mode": "public",
        "present": present,
        "interested": [],
        "ballots": ballots,
        **extra,
    }
    return node.submit(TxType.SITTING_VOTE, body, prio=1)


def test_L2121_11_a_convocation_sent_too_late_is_refused(net) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Rejected) as refused:
        _convene(net.nodes[0], days_ahead=2)  # 1 clear day; 3 needed under 3,500 inhabitants
    assert refused.value.code == "council_notice"
    assert "L2121-11" in refused.value.message and "1 jour franc" in refused.value.message


def test_a_sitting_votes_and_every_commune_sees_the_deliberation(net) -> None:  # type: ignore[no-untyped-def]
    a = net.nodes[0]
    sitting = _convene(a, days_ahead=5)
    ballots = [["m1", "pour", ""], ["m2", "pour", ""], ["m3", "contre", ""]]
    _vote(a, sitting, ["m1", "m2", "m3"], ballots)
    a.seal()
    net.sync()
    for node in net.nodes:
        (outcome,) = node.store.all(
            "SELECT outcome FROM deliberations WHERE sitting = ?", (sitting,)
        )
        assert b"adopt" in bytes(outcome[0])
    with pytest.raises(Rejected) as again:
        _vote(a, sitting, ["m1", "m2", "m3"], ballots)
    assert again.value.code == "item_voted" and again.value.params == {"item": "1"}


def test_L2121_17_a_vote_without_quorum_is_refused(net) -> None:  # type: ignore[no-untyped-def]
    a = net.nodes[0]
    sitting = _convene(a, days_ahead=5)
    with pytest.raises(Rejected) as refused:
        _vote(a, sitting, ["m1", "m2"], [["m1", "pour", ""], ["m2", "pour", ""]])
    assert refused.value.code == "council_vote" and "L2121-17" in refused.value.message


def test_a_ballot_for_another_text_is_refused(net) -> None:  # type: ignore[no-untyped-def]
    a = net.nodes[0]
    sitting = _convene(a, days_ahead=5)
    with pytest.raises(Rejected) as refused:
        _vote(
            a,
            sitting,
            ["m1", "m2", "m3"],
            [["m1", "pour", ""]],
            motion=hashlib.sha256(b"un autre texte").digest(),
        )
    assert refused.value.code == "council_motion"


def test_L2121_20_a_second_proxy_to_the_same_holder_is_refused(net) -> None:  # type: ignore[no-untyped-def]
    a = net.nodes[0]
    sitting = _convene(a, days_ahead=5)
    proxy = {
        "sitting": sitting,
        "mandant": "m4",
        "holder": "m2",
        "first": 1,
        "last": 1,
        "illness": 0,
    }
    a.submit(TxType.SITTING_PROXY, proxy, prio=1)
    with pytest.raises(Rejected) as refused:
        a.submit(TxType.SITTING_PROXY, {**proxy, "mandant": "m5"}, prio=1)
    assert refused.value.code == "council_proxy" and "L2121-20" in refused.value.message


def test_only_the_commune_holding_the_sitting_may_enter_its_votes(net) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = net.nodes
    sitting = _convene(a, days_ahead=5)
    a.seal()
    net.sync()
    with pytest.raises(Rejected) as refused:
        _vote(b, sitting, ["m1", "m2", "m3"], [["m1", "pour", ""]])
    assert refused.value.code == "not_our_sitting"


def test_minutes_from_the_ledger_signed_by_members_and_the_list_of_deliberations(net) -> None:  # type: ignore[no-untyped-def]
    from app.core.council import minutes

    a = net.nodes[0]
    sitting = _convene(a, days_ahead=5)
    _vote(
        a,
        sitting,
        ["m1", "m2", "m3"],
        [["m1", "pour", ""], ["m2", "pour", ""], ["m3", "contre", ""]],
    )
    a.seal()
    text, digest = minutes.minutes(a, sitting)
    assert "PROCÈS-VERBAL — séance n° 1" in text
    assert "Résultat\u202f: adopté" in text and "pour 2, contre 1" in text
    a.submit(TxType.MINUTES_APPROVE, {"sitting": sitting, "minutes": digest}, prio=1)
    a.seal()
    net.sync()
    b = net.nodes[1]
    assert minutes.approvals(b, sitting) == [("Maire de Ambam", digest)]
    assert minutes.minutes(b, sitting) == (text, digest)  # the same text from any commune
    with pytest.raises(Rejected) as twice:
        a.submit(TxType.MINUTES_APPROVE, {"sitting": sitting, "minutes": digest}, prio=1)
    assert twice.value.code == "minutes_signed"
    rows = minutes.deliberations_csv(a).splitlines()
    assert len(rows) == 2 and rows[1].startswith("1,") and "adopté" in rows[1]


def test_L2131_1_an_act_is_executory_once_published_and_transmitted(net, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from app.core.council import minutes
    from app.core.encoding.cose import parse_sign1

    a = net.nodes[0]
    sitting = _convene(a, days_ahead=5)
    act = _vote(a, sitting, ["m1", "m2", "m3"], [["m1", "pour", ""], ["m2", "pour", ""]])
    a.seal()
    assert minutes.act_state(a, act) == "adopted"
    today = datetime.now(UTC).date().isoformat()
    a.submit(TxType.ACT_STATUS, {"act": act, "status": "published", "date": today}, prio=1)
    with a.overlay():  # seen before it is sealed, as the screens see it
        assert minutes.act_state(a, act) == "published"
    with pytest.raises(Rejected) as twice:
        a.submit(TxType.ACT_STATUS, {"act": act, "status": "published", "date": today}, prio=1)
    assert twice.value.code == "act_status_recorded"
    a.submit(TxType.ACT_STATUS, {"act": act, "status": "transmitted", "date": today}, prio=1)
    a.seal()
    assert minutes.act_state(a, act) == "executory"
    folder = minutes.transmission(a, act, tmp_path / "prefecture")
    meta = json.loads((folder / "acte.json").read_text(encoding="utf-8"))
    assert meta["state"] == "executory" and meta["result"] == "adopté"
    assert "Extrait du registre des délibérations" in (folder / "acte.txt").read_text("utf-8")
    parse_sign1((folder / "vote.cose").read_bytes())  # the signed entry, checkable by anyone


def test_L2121_21_an_appointment_reaches_the_third_round_and_the_oldest_wins_a_tie(net) -> None:  # type: ignore[no-untyped-def]
    a = net.nodes[0]
    sitting = _convene(a, days_ahead=5)

    def round_(number: int, votes: dict[str, int]) -> bytes:
        body = {
            "sitting": sitting,
            "office": "Premier adjoint",
            "round": number,
            "candidates": ["m1", "m2"],
            "votes": votes,
        }
        return a.submit(TxType.SITTING_APPOINT, body, prio=1)

    with pytest.raises(Rejected) as skipped:
        round_(2, {"m1": 3, "m2": 2})
    assert skipped.value.code == "council_round" and "L2121-21" in skipped.value.message
    round_(1, {"m1": 2, "m2": 2})
    a.seal()
    round_(2, {"m1": 2, "m2": 2})
    a.seal()
    round_(3, {"m1": 2, "m2": 2})  # relative majority, tied: the oldest (m2, born 1965) wins
    a.seal()
    elected = a.store.all(
        "SELECT round, elected, by_age FROM appointments WHERE sitting = ? ORDER BY round",
        (sitting,),
    )
    assert elected == [(1, None, 0), (2, None, 0), (3, "m2", 1)]
    with pytest.raises(Rejected):
        round_(4, {"m1": 5})


def test_L2121_21_a_secret_ballot_is_entered_as_totals_never_member_by_member(net) -> None:  # type: ignore[no-untyped-def]
    a = net.nodes[0]
    sitting = _convene(a, days_ahead=5)
    with pytest.raises(Rejected) as named:
        _vote(a, sitting, ["m1", "m2", "m3"], [["m1", "pour", ""]], mode="secret")
    assert named.value.code == "secret_ballot_totals"
    assert "totals of the count" in named.value.message
    act = _totals(
        a,
        sitting,
        ["m1", "m2", "m3", "m4"],
        [2, 2, 0, 0, 0, 0],
        mode="secret",
        president_choice="pour",
    )
    a.seal()
    row = a.store.one("SELECT outcome FROM deliberations WHERE id = ?", (act,))
    assert row is not None
    outcome = cbor.decode(bytes(row[0]))
    # A secret tie is a rejection: nobody's vote is known, so no casting vote (L2121-20).
    assert outcome["label"] == "rejeté (partage égal des voix)" and "L2121-20" in outcome["flag"]


def _totals(
    node: Node, sitting: bytes, present: list[str], counts: list[int], **extra: Any
) -> bytes:
    body = {
        "sitting": sitting,
        "item": 0,
        "motion": hashlib.sha256(MOTION).digest(),
        "mode": "public",
        "present": present,
        "interested": [],
        "how": "totals",
        "totals": counts,
        **extra,
    }
    return node.submit(TxType.SITTING_VOTE, body, prio=1)


def test_L2121_20_a_show_of_hands_tie_goes_to_the_president_entered_as_totals(net) -> None:  # type: ignore[no-untyped-def]
    from app.core.council import minutes

    a = net.nodes[0]
    sitting = _convene(a, days_ahead=5)
    with pytest.raises(Rejected) as undecided:
        _totals(a, sitting, ["m1", "m2", "m3", "m4"], [2, 2, 0, 0, 0, 0])
    assert "voix du président est prépondérante" in undecided.value.message
    _totals(a, sitting, ["m1", "m2", "m3", "m4"], [2, 2, 0, 0, 0, 0], president_choice="pour")
    a.seal()
    text, _ = minutes.minutes(a, sitting)
    assert "adopté (voix prépondérante du président)" in text
    assert "scrutin public à main levée — pour 2, contre 2" in text
    assert "Absents\u202f: Claire Nkoulou" in text


def test_totals_beyond_the_members_present_and_their_proxies_are_refused(net) -> None:  # type: ignore[no-untyped-def]
    a = net.nodes[0]
    sitting = _convene(a, days_ahead=5)
    with pytest.raises(Rejected) as too_many:
        _totals(a, sitting, ["m1", "m2", "m3"], [3, 1, 0, 0, 0, 0])
    assert "compte 4 voix alors que 3 membres peuvent voter" in too_many.value.message
    proxy = {
        "sitting": sitting,
        "mandant": "m4",
        "holder": "m2",
        "first": 1,
        "last": 1,
        "illness": 0,
    }
    a.submit(TxType.SITTING_PROXY, proxy, prio=1)
    _totals(a, sitting, ["m1", "m2", "m3"], [3, 1, 0, 0, 0, 0])  # m2 votes for m4 as well
    a.seal()
    from app.core.council import minutes

    text, _ = minutes.minutes(a, sitting)
    assert "Pouvoir\u202f: Luc Abessolo à Paul Ekani (séances n° 1 à 1)" in text


def test_L2121_21_a_roll_call_names_every_vote_so_it_is_not_entered_as_totals(net) -> None:  # type: ignore[no-untyped-def]
    from app.core.council import minutes

    a = net.nodes[0]
    sitting = _convene(a, days_ahead=5)
    with pytest.raises(Rejected) as totals:
        _totals(a, sitting, ["m1", "m2", "m3"], [3, 0, 0, 0, 0, 0], mode="appel_nominal")
    assert "L2121-21" in totals.value.message
    ballots = [["m1", "pour", ""], ["m2", "contre", ""], ["m3", "pour", ""]]
    _vote(a, sitting, ["m1", "m2", "m3"], ballots, mode="appel_nominal")
    a.seal()
    text, _ = minutes.minutes(a, sitting)
    assert "Paul Ekani\u202f: contre" in text and "à l'appel nominal" in text


def test_L2121_17_the_council_takes_note_only_when_quorum_is_met(net) -> None:  # type: ignore[no-untyped-def]
    from app.core.council import minutes

    a = net.nodes[0]
    sitting = _convene(a, days_ahead=5)
    with pytest.raises(Rejected) as few:
        _vote(a, sitting, ["m1", "m2"], [["m1", "pour", ""]], how="noted")
    assert "L2121-17" in few.value.message
    with pytest.raises(Rejected) as ballots:  # taking note carries no ballots
        _vote(a, sitting, ["m1", "m2", "m3"], [["m1", "pour", ""]], how="noted")
    assert ballots.value.code == "malformed"
    body = {
        "sitting": sitting,
        "item": 0,
        "motion": hashlib.sha256(MOTION).digest(),
        "mode": "public",
        "present": ["m1", "m2", "m3"],
        "interested": [],
        "how": "noted",
    }
    a.submit(TxType.SITTING_VOTE, body, prio=1)
    a.seal()
    text, _ = minutes.minutes(a, sitting)
    assert "prise d'acte, sans vote" in text and "le conseil prend acte" in text


def test_convocation_receipts_one_per_member_never_after_the_sitting(net) -> None:  # type: ignore[no-untyped-def]
    from app.core.council import minutes

    a = net.nodes[0]
    sitting = _convene(a, days_ahead=5)
    today = datetime.now(UTC).date()
    later = (today + timedelta(days=9)).isoformat()
    receipt = {"sitting": sitting, "member": "m2", "means": "hand", "date": today.isoformat()}
    a.submit(TxType.SITTING_RECEIPT, receipt, prio=1)
    with pytest.raises(Rejected) as twice:
        a.submit(TxType.SITTING_RECEIPT, receipt, prio=1)
    assert twice.value.code == "receipt_recorded"
    with pytest.raises(Rejected) as after:
        a.submit(TxType.SITTING_RECEIPT, {**receipt, "member": "m3", "date": later}, prio=1)
    assert (
        after.value.code == "receipt_after_sitting" and "after the sitting" in after.value.message
    )
    with pytest.raises(Rejected):
        a.submit(TxType.SITTING_RECEIPT, {**receipt, "member": "m9"}, prio=1)
    a.seal()
    net.sync()
    got = {r.member: r for r in minutes.convocation_receipts(net.nodes[2], sitting)}
    assert got["m2"].means == "hand" and got["m2"].clear_days == 4
    assert got["m1"].means is None and len(got) == 5


def test_L2121_17_convened_again_after_no_quorum_the_council_decides_without_quorum(net) -> None:  # type: ignore[no-untyped-def]
    a = net.nodes[0]
    first = _convene(a, days_ahead=5)
    with pytest.raises(Rejected):
        _vote(a, first, ["m1", "m2"], [["m1", "pour", ""], ["m2", "pour", ""]])
    a.seal()
    with pytest.raises(Rejected) as too_soon:  # 2 days after the failed sitting; 3 needed
        _convene(a, days_ahead=7, number=2, reconvenes=first)
    assert (
        "L2121-17" in too_soon.value.message and "at least 3 days later" in too_soon.value.message
    )
    other = [{"title": "Autre", "motion": hashlib.sha256(b"autre").digest()}]
    with pytest.raises(Rejected) as not_carried:
        _convene(a, days_ahead=8, number=2, reconvenes=first, items=other)
    assert "items not decided" in not_carried.value.message
    again = _convene(a, days_ahead=8, number=2, reconvenes=first)
    a.seal()
    _vote(a, again, ["m1", "m2"], [["m1", "pour", ""], ["m2", "pour", ""]])  # 2 of 5: no quorum
    a.seal()
    assert a.store.value("SELECT count(*) FROM deliberations WHERE sitting = ?", (again,)) == 1
