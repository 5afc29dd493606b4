"""Scenario tests of the council rules, one per rule, named after the article they check.

The council is an 11-member commune council (quorum: 6 members physically present). Each
breach test checks the article cited and that the sentence is French, in the shape the vote
screen shows: "<what is wrong> (<article>). <One action>."
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from importlib import resources
from typing import Any

import pytest

from app.core.council import ruleprofile
from app.core.council.council import (
    Attendance,
    Ballot,
    Breach,
    Choice,
    Member,
    Motion,
    NoticeOk,
    Outcome,
    Proxy,
    QuorumOk,
    Reconvocation,
    RoundResult,
    Sitting,
    Totals,
    VoteMode,
    appointment_round,
    check_notice,
    check_proxy,
    check_quorum,
    check_urgency_ruling,
    choose_mode,
    clear_days,
    collect,
    decide,
    earliest_sitting,
    vote,
)
from app.core.council.ruleprofile import RuleProfile, RuleProfileError

FR = ruleprofile.load("fr")
CM = ruleprofile.load("cm")

NAMES = [
    "Awa Diallo",
    "Bernard Morel",
    "Chantal Roux",
    "David Petit",
    "Élise Moreau",
    "Fatou Ndiaye",
    "Gérard Blanc",
    "Hélène Girard",
    "Ibrahim Sow",
    "Jeanne Faure",
    "Karim Benali",
]
MEMBERS = tuple(
    Member(f"m{i:02}", name, date(1950 + i, 1 + i, 1)) for i, name in enumerate(NAMES, 1)
)
IDS = [m.id for m in MEMBERS]
MAIRE = IDS[0]
DAY = date(2025, 3, 14)
TEXT = "a" * 64  # SHA-256 hex of the motion text
MOTION = Motion("3", TEXT)

FRENCH = {"le", "la", "les", "de", "du", "des", "un", "une", "pour", "est", "il", "ce", "au"}
ENGLISH = {"the", "must", "is", "and", "of", "with", "cannot"}


def sitting(number: int = 1, proxies: tuple[Proxy, ...] = (), **kw: Any) -> Sitting:
    return Sitting(number, MEMBERS, MAIRE, proxies, **kw)


def room(*present: str) -> Attendance:
    return Attendance(frozenset(present), DAY)


def ballots(choices: dict[str, Choice], motion_hash: str = TEXT) -> list[Ballot]:
    return [Ballot(voter, motion_hash, c) for voter, c in choices.items()]


def breach(result: object, article: str) -> Breach:
    """The result is a breach of `article`, phrased as one French sentence plus one action."""
    assert isinstance(result, Breach), result
    assert result.article == article
    statement, sep, action = result.message.partition(f" ({article}). ")
    assert sep, result.message
    words = set(re.findall(r"[a-zàâçéèêëîïôöûùüÿœ]+", result.message.lower()))
    assert words & FRENCH and not words & ENGLISH, result.message
    assert statement[0].isupper() and action[0].isupper() and action.endswith(".")
    # One action: the part after the article is a single short sentence.
    assert ". " not in action and action.count(".") == 1, action
    return result


def outcome(result: object) -> Outcome:
    assert isinstance(result, Outcome), result
    return result


# --- Convocation ------------------------------------------------------------------------------


def test_L2121_11_notice_three_clear_days_small_commune() -> None:
    sent = date(2025, 3, 10)  # Monday; clear days: Tue, Wed, Thu
    ok = check_notice(FR, 900, sent, date(2025, 3, 14))
    assert ok == NoticeOk(3, 3, "CGCT L2121-11", urgency_to_confirm=False)
    late = breach(check_notice(FR, 900, sent, date(2025, 3, 13)), "CGCT L2121-11")
    assert late.message == (
        "La convocation a été envoyée 2 jours francs avant la séance\u202f; il en faut 3 "
        "(CGCT L2121-11). Reportez la séance."
    )


def test_L2121_11_clear_days_exclude_sending_and_sitting_days_but_count_weekends() -> None:
    friday, tuesday = date(2025, 3, 7), date(2025, 3, 11)
    assert clear_days(friday, tuesday) == 3  # Saturday, Sunday, Monday
    assert clear_days(friday, date(2025, 3, 8)) == 0
    assert clear_days(friday, date(2025, 3, 1)) == 0  # a sitting before sending: none
    assert clear_days(datetime(2025, 3, 7, 23, 59), datetime(2025, 3, 11, 0, 1)) == 3
    assert earliest_sitting(FR, 900, friday) == tuesday
    assert earliest_sitting(FR, 900, friday, urgent=True) == date(2025, 3, 9)


def test_L2121_12_notice_five_clear_days_from_3500_inhabitants() -> None:
    sent = date(2025, 3, 10)
    assert isinstance(check_notice(FR, 3499, sent, date(2025, 3, 14)), NoticeOk)
    late = breach(check_notice(FR, 3500, sent, date(2025, 3, 14)), "CGCT L2121-12")
    assert "3 jours francs" in late.message and "il en faut 5" in late.message
    ok = check_notice(FR, 3500, sent, date(2025, 3, 16))
    assert ok == NoticeOk(5, 5, "CGCT L2121-12", urgency_to_confirm=False)


def test_L2121_11_urgency_shortens_notice_to_one_clear_day_and_no_less() -> None:
    sent = date(2025, 3, 10)
    ok = check_notice(FR, 900, sent, date(2025, 3, 12), urgent=True)
    assert ok == NoticeOk(1, 1, "CGCT L2121-11", urgency_to_confirm=True)
    late = breach(check_notice(FR, 900, sent, date(2025, 3, 11), urgent=True), "CGCT L2121-11")
    assert "même en urgence" in late.message and "0 jour franc " in late.message
    breach(check_notice(FR, 5000, sent, date(2025, 3, 11), urgent=True), "CGCT L2121-12")


def test_L2121_11_council_rules_on_the_urgency_at_the_opening() -> None:
    assert check_urgency_ruling(FR, 900, confirmed=True) is None
    refused = breach(check_urgency_ruling(FR, 900, confirmed=False), "CGCT L2121-11")
    assert "urgence" in refused.message
    breach(check_urgency_ruling(FR, 3500, confirmed=False), "CGCT L2121-12")


# --- Proxies ----------------------------------------------------------------------------------


def test_L2121_20_one_proxy_per_holder() -> None:
    first = Proxy(IDS[1], IDS[2], 1, 1)
    assert check_proxy(FR, MEMBERS, first) == first
    second = Proxy(IDS[3], IDS[2], 1, 1)
    refused = breach(check_proxy(FR, MEMBERS, second, [first]), "CGCT L2121-20")
    assert "Chantal Roux détient déjà le pouvoir de Bernard Morel" in refused.message
    # Another sitting, or once the first proxy is revoked, the holder is free again.
    later = Proxy(IDS[3], IDS[2], 2, 2)
    assert check_proxy(FR, MEMBERS, later, [first]) == later
    revoked = Proxy(IDS[1], IDS[2], 1, 1, revoked=True)
    assert check_proxy(FR, MEMBERS, second, [revoked]) == second


def test_L2121_20_a_member_gives_one_proxy_at_a_time() -> None:
    given = Proxy(IDS[1], IDS[2], 1, 2)
    refused = breach(
        check_proxy(FR, MEMBERS, Proxy(IDS[1], IDS[3], 2, 2), [given]), "CGCT L2121-20"
    )
    assert "Révoquez" in refused.message


def test_L2121_20_proxy_valid_for_three_consecutive_sittings_at_most() -> None:
    three = Proxy(IDS[1], IDS[2], 4, 6)
    assert check_proxy(FR, MEMBERS, three) == three
    four = breach(check_proxy(FR, MEMBERS, Proxy(IDS[1], IDS[2], 4, 7)), "CGCT L2121-20")
    assert "4 séances successives" in four.message and "limité à 3" in four.message
    breach(check_proxy(FR, MEMBERS, Proxy(IDS[1], IDS[2], 4, 3)), "CGCT L2121-20")


def test_L2121_20_certified_illness_lifts_the_three_sitting_limit() -> None:
    ill = Proxy(IDS[1], IDS[2], 1, 6, illness=True)
    assert check_proxy(FR, MEMBERS, ill) == ill


def test_L2121_20_proxy_beyond_three_sittings_cannot_be_used_at_the_fourth() -> None:
    proxy = Proxy(IDS[1], IDS[2], 1, 3)
    present = IDS[2:9]
    choices = {m: Choice.POUR for m in present}
    cast = [*ballots(choices), Ballot(IDS[2], TEXT, Choice.POUR, on_behalf_of=IDS[1])]
    third = collect(FR, sitting(3, (proxy,)), room(*present).at("3"), MOTION, cast)
    assert not isinstance(third, Breach) and third.totals.pour == 8
    fourth = collect(FR, sitting(4, (proxy,)), room(*present).at("3"), MOTION, cast)
    assert "séance n° 4" in breach(fourth, "CGCT L2121-20").message


def test_L2121_20_proxy_holder_must_be_another_member_in_office() -> None:
    breach(check_proxy(FR, MEMBERS, Proxy(IDS[1], "outsider", 1, 1)), "CGCT L2121-20")
    breach(check_proxy(FR, MEMBERS, Proxy(IDS[1], IDS[1], 1, 1)), "CGCT L2121-20")
    breach(check_proxy(FR, MEMBERS, Proxy("outsider", IDS[1], 1, 1)), "CGCT L2121-20")


# --- Quorum -----------------------------------------------------------------------------------


def test_L2121_17_quorum_is_a_majority_of_members_in_office_physically_present() -> None:
    assert check_quorum(FR, sitting(), room(*IDS[:6]).at("1")) == QuorumOk(6, 6)
    short = breach(check_quorum(FR, sitting(), room(*IDS[:5]).at("1")), "CGCT L2121-17")
    assert "5 membres" in short.message and "6 requis sur 11" in short.message
    # Guests in the room are not members in office.
    breach(check_quorum(FR, sitting(), room(*IDS[:5], "guest").at("1")), "CGCT L2121-17")
    # "More than half": 5 of 10 is not a majority.
    ten = Sitting(1, MEMBERS[:10], MAIRE)
    breach(check_quorum(FR, ten, room(*IDS[:5]).at("1")), "CGCT L2121-17")
    assert check_quorum(FR, ten, room(*IDS[:6]).at("1")) == QuorumOk(6, 6)


def test_L2121_17_proxies_do_not_count_toward_quorum() -> None:
    proxies = tuple(Proxy(IDS[i], IDS[i - 5], 1, 1) for i in range(5, 8))
    breach(check_quorum(FR, sitting(1, proxies), room(*IDS[:5]).at("1")), "CGCT L2121-17")


def test_L2131_11_interested_members_do_not_count_toward_quorum() -> None:
    presence = room(*IDS[:6]).at("1", interested=[IDS[5]])
    refused = breach(check_quorum(FR, sitting(), presence), "CGCT L2121-17")
    assert "intéressés exclus" in refused.message


def test_L2121_17_quorum_lost_in_the_middle_of_a_sitting() -> None:
    s = sitting()
    opening = room(*IDS[:7])
    assert isinstance(check_quorum(FR, s, opening.at("1")), QuorumOk)
    after = opening.leave(IDS[5], IDS[6])  # two members leave after item 1
    lost = breach(check_quorum(FR, s, after.at("2")), "CGCT L2121-17")
    assert "«\u202f2\u202f»" in lost.message and "Reconvoquez" in lost.message
    assert isinstance(check_quorum(FR, s, after.arrive(IDS[6]).at("3")), QuorumOk)


def test_L2121_17_vote_without_quorum_is_refused() -> None:
    present = IDS[:5]
    cast = ballots({m: Choice.POUR for m in present})
    result = vote(FR, sitting(), room(*present).at("3"), MOTION, VoteMode.PUBLIC, cast)
    breach(result, "CGCT L2121-17")


def test_L2121_17_reconvened_sitting_decides_without_quorum_for_the_same_items_only() -> None:
    again = Reconvocation(date(2025, 3, 11), frozenset({"2"}))
    s = sitting(2, reconvocation=again)
    few = room(*IDS[:3])
    assert check_quorum(FR, s, few.at("2")) == QuorumOk(3, 0)
    breach(check_quorum(FR, s, few.at("5")), "CGCT L2121-17")  # a new item needs quorum


def test_L2121_17_reconvened_sitting_at_least_three_days_later() -> None:
    too_soon = sitting(2, reconvocation=Reconvocation(date(2025, 3, 12), frozenset({"2"})))
    refused = breach(check_quorum(FR, too_soon, room(*IDS[:3]).at("2")), "CGCT L2121-17")
    assert "2 jours" in refused.message and "au moins 3 jours" in refused.message


# --- Vote modes -------------------------------------------------------------------------------


def test_L2121_21_roll_call_on_request_of_a_quarter_of_members_present() -> None:
    presence = room(*IDS[:8]).at("3")
    one = choose_mode(FR, sitting(), presence, roll_call_requests=IDS[:1])
    two = choose_mode(FR, sitting(), presence, roll_call_requests=IDS[:2])
    assert not isinstance(one, Breach) and one.mode is VoteMode.PUBLIC
    assert not isinstance(two, Breach) and two.mode is VoteMode.ROLL_CALL
    assert two.requested_by == frozenset(IDS[:2]) and two.article == "CGCT L2121-21"


def test_L2121_21_secret_on_request_of_a_third_of_members_present() -> None:
    presence = room(*IDS[:9]).at("3")
    two = choose_mode(FR, sitting(), presence, secret_requests=IDS[:2])
    three = choose_mode(FR, sitting(), presence, secret_requests=IDS[:3])
    assert not isinstance(two, Breach) and two.mode is VoteMode.PUBLIC
    assert not isinstance(three, Breach) and three.mode is VoteMode.SECRET
    both = choose_mode(
        FR, sitting(), presence, secret_requests=IDS[:3], roll_call_requests=IDS[3:6]
    )
    assert not isinstance(both, Breach) and both.mode is VoteMode.SECRET


def test_L2121_21_appointments_by_secret_ballot_unless_unanimously_waived() -> None:
    presence = room(*IDS[:9]).at("4")
    secret = choose_mode(FR, sitting(), presence, appointment=True)
    waived = choose_mode(FR, sitting(), presence, appointment=True, secret_waived_unanimously=True)
    assert not isinstance(secret, Breach) and secret.mode is VoteMode.SECRET
    assert not isinstance(waived, Breach) and waived.mode is VoteMode.PUBLIC


def test_L2121_21_only_members_present_may_request_a_mode() -> None:
    presence = room(*IDS[:8]).at("3")
    refused = choose_mode(FR, sitting(), presence, secret_requests=[IDS[9]])
    assert "Jeanne Faure" in breach(refused, "CGCT L2121-21").message


# --- Counting ---------------------------------------------------------------------------------


def test_L2121_20_abstentions_and_blank_ballots_excluded_from_votes_cast() -> None:
    # The worked example of the notes (§2.2): 4 for, 6 abstentions -> adopted.
    four = outcome(decide(FR, VoteMode.PUBLIC, Totals(pour=4, abstention=6)))
    assert four.adopted and four.label == "adopté"
    blanks = outcome(decide(FR, VoteMode.SECRET, Totals(pour=3, contre=2, blanc=4, nul=1)))
    assert blanks.adopted and blanks.totals.exprimes == 5


def test_L2121_20_absolute_majority_of_votes_cast() -> None:
    assert not outcome(decide(FR, VoteMode.PUBLIC, Totals(pour=4, contre=5))).adopted
    assert outcome(decide(FR, VoteMode.PUBLIC, Totals(pour=6, contre=5))).adopted
    none = outcome(decide(FR, VoteMode.PUBLIC, Totals(abstention=7)))
    assert not none.adopted and breach(none.flag, "CGCT L2121-20")


def test_L2121_20_tie_in_public_vote_president_casting_vote() -> None:
    present = IDS[:8]  # the maire presides and votes for
    choices = {m: Choice.POUR if i < 4 else Choice.CONTRE for i, m in enumerate(present)}
    for mode in (VoteMode.PUBLIC, VoteMode.ROLL_CALL):
        result = outcome(
            vote(FR, sitting(), room(*present).at("3"), MOTION, mode, ballots(choices))
        )
        assert result.adopted and result.casting_vote
        assert result.label == "adopté (voix prépondérante du président)"
    against = {m: Choice.CONTRE if c is Choice.POUR else Choice.POUR for m, c in choices.items()}
    result = outcome(
        vote(FR, sitting(), room(*present).at("3"), MOTION, VoteMode.PUBLIC, ballots(against))
    )
    assert not result.adopted and result.casting_vote


def test_L2121_20_tie_in_public_vote_asks_how_the_president_voted() -> None:
    breach(decide(FR, VoteMode.PUBLIC, Totals(pour=4, contre=4)), "CGCT L2121-20")
    abstained = decide(FR, VoteMode.PUBLIC, Totals(pour=4, contre=4), president_choice=Choice.NPPV)
    assert not outcome(abstained).adopted
    breach(outcome(abstained).flag, "CGCT L2121-20")


def test_L2121_20_tie_in_secret_ballot_is_a_rejection() -> None:
    present = IDS[:8]
    choices = {m: Choice.POUR if i < 4 else Choice.CONTRE for i, m in enumerate(present)}
    secret = vote(FR, sitting(), room(*present).at("3"), MOTION, VoteMode.SECRET, ballots(choices))
    result = outcome(secret)
    assert not result.adopted and not result.casting_vote
    assert "scrutin secret" in breach(result.flag, "CGCT L2121-20").message


def test_L2121_20_proxy_ballot_counts_for_the_absent_mandant() -> None:
    present = IDS[:7]
    proxy = Proxy(IDS[8], IDS[1], 1, 1)
    cast = [
        *ballots({m: Choice.POUR for m in present}),
        Ballot(IDS[1], TEXT, Choice.CONTRE, on_behalf_of=IDS[8]),
    ]
    got = collect(FR, sitting(1, (proxy,)), room(*present).at("3"), MOTION, cast)
    assert not isinstance(got, Breach)
    assert got.totals == Totals(pour=7, contre=1) and not got.set_aside


def test_L2121_20_proxy_holder_casting_more_ballots_than_allowed() -> None:
    present = IDS[:7]
    proxy = Proxy(IDS[8], IDS[1], 1, 1)
    extra = Ballot(IDS[1], TEXT, Choice.POUR, on_behalf_of=IDS[8])
    cast = [*ballots({m: Choice.POUR for m in present}), extra, extra]
    refused = collect(FR, sitting(1, (proxy,)), room(*present).at("3"), MOTION, cast)
    assert "3 bulletins" in breach(refused, "CGCT L2121-20").message


def test_L2121_20_vote_for_an_absent_member_without_proxy_is_refused() -> None:
    present = IDS[:7]
    cast = [*ballots({IDS[0]: Choice.POUR}), Ballot(IDS[1], TEXT, Choice.POUR, on_behalf_of="m09")]
    refused = collect(FR, sitting(), room(*present).at("3"), MOTION, cast)
    assert "sans détenir son pouvoir" in breach(refused, "CGCT L2121-20").message
    absent = collect(FR, sitting(), room(*present).at("3"), MOTION, ballots({IDS[9]: Choice.POUR}))
    breach(absent, "CGCT L2121-20")


def test_L2121_20_mandant_present_votes_himself_and_the_proxy_ballot_is_set_aside() -> None:
    present = IDS[:7]
    proxy = Proxy(IDS[6], IDS[1], 1, 1)  # given in advance, but the mandant came
    by_proxy = Ballot(IDS[1], TEXT, Choice.CONTRE, on_behalf_of=IDS[6])
    cast = [*ballots({m: Choice.POUR for m in present}), by_proxy]
    got = collect(FR, sitting(1, (proxy,)), room(*present).at("3"), MOTION, cast)
    assert not isinstance(got, Breach)
    assert got.totals == Totals(pour=7) and got.set_aside == (by_proxy,)


def test_L2131_11_interested_member_cannot_vote() -> None:
    present = IDS[:8]
    presence = room(*present).at("3", interested=[IDS[7]])
    refused = collect(FR, sitting(), presence, MOTION, ballots({IDS[7]: Choice.POUR}))
    assert "Hélène Girard a un intérêt personnel" in breach(refused, "CGCT L2131-11").message


def test_obambu_ballot_bound_to_a_different_motion_text_is_refused() -> None:
    present = IDS[:8]
    stale = Ballot(IDS[7], "b" * 64, Choice.POUR)  # voted on the text before an amendment
    cast = [*ballots({m: Choice.POUR for m in present[:7]}), stale]
    refused = collect(FR, sitting(), room(*present).at("3"), MOTION, cast)
    assert "autre version du texte" in breach(refused, FR.ballots.article).message


def test_obambu_one_counted_ballot_per_member() -> None:
    present = IDS[:7]
    twice = [*ballots({m: Choice.POUR for m in present}), Ballot(IDS[3], TEXT, Choice.CONTRE)]
    refused = collect(FR, sitting(), room(*present).at("3"), MOTION, twice)
    assert "David Petit a 2 bulletins" in breach(refused, FR.ballots.article).message


# --- Appointments -----------------------------------------------------------------------------

ANNE = Member("c1", "Anne Lebrun", date(1961, 5, 2))
BRUNO = Member("c2", "Bruno Caron", date(1958, 9, 30))
CLAIRE = Member("c3", "Claire Dumas", date(1970, 1, 15))
CANDIDATES = (ANNE, BRUNO, CLAIRE)


def test_L2121_21_appointment_first_round_at_absolute_majority() -> None:
    assert appointment_round(FR, 1, CANDIDATES, {"c1": 6, "c2": 5}) == RoundResult(1, ANNE)
    again = appointment_round(FR, 1, CANDIDATES, {"c1": 5, "c2": 4, "c3": 2})
    assert again == RoundResult(1, None) and again.next_round == 2


def test_L2121_21_appointment_reaches_the_third_round_at_relative_majority() -> None:
    votes = {"c1": 5, "c2": 4, "c3": 2}
    for round_no in (1, 2):
        assert appointment_round(FR, round_no, CANDIDATES, votes) == RoundResult(round_no, None)
    assert appointment_round(FR, 3, CANDIDATES, votes) == RoundResult(3, ANNE)


def test_L2121_21_third_round_tie_goes_to_the_oldest_candidate() -> None:
    tied = {"c1": 5, "c2": 5, "c3": 1}
    assert appointment_round(FR, 2, CANDIDATES, tied) == RoundResult(2, None)
    assert appointment_round(FR, 3, CANDIDATES, tied) == RoundResult(3, BRUNO, by_age=True)


def test_L2121_21_third_round_tie_needs_birth_dates() -> None:
    unknown = Member("c2", "Bruno Caron")
    refused = appointment_round(FR, 3, (ANNE, unknown), {"c1": 4, "c2": 4})
    assert "date de naissance" in breach(refused, "CGCT L2121-21").message
    twin = Member("c2", "Bruno Caron", ANNE.born)
    breach(appointment_round(FR, 3, (ANNE, twin), {"c1": 4, "c2": 4}), "CGCT L2121-21")


def test_L2121_21_no_fourth_round_and_no_votes_for_non_candidates() -> None:
    breach(appointment_round(FR, 4, CANDIDATES, {"c1": 3}), "CGCT L2121-21")
    breach(appointment_round(FR, 1, CANDIDATES, {"c9": 3}), "CGCT L2121-21")
    breach(appointment_round(FR, 3, CANDIDATES, {}), "CGCT L2121-21")


# --- Profiles ---------------------------------------------------------------------------------


def test_profiles_packaged_with_articles_france_by_default() -> None:
    assert {"fr", "cm"} <= set(ruleprofile.available())
    assert ruleprofile.load() == FR and FR.ident == "fr@1" and FR.country == "FR"
    for name, rule in FR.rules():
        assert rule.verified and rule.inherited_from is None, name
    assert [r.article for _, r in FR.rules()][:-1] == [
        "CGCT L2121-11",
        "CGCT L2121-17",
        "CGCT L2121-20",
        "CGCT L2121-20",
        "CGCT L2121-21",
        "CGCT L2121-21",
    ]
    assert [(t.min_population, t.clear_days, t.urgent_clear_days) for t in FR.notice.tiers] == [
        (0, 3, 1),
        (3500, 5, 1),
    ]
    assert len(FR.digest) == 64 and FR.digest != CM.digest


def test_cameroon_173_notice_fifteen_clear_days_three_in_urgency() -> None:
    sent = date(2025, 3, 1)
    assert isinstance(check_notice(CM, 20000, sent, date(2025, 3, 17)), NoticeOk)
    late = breach(check_notice(CM, 20000, sent, date(2025, 3, 16)), "Loi 2019/024 art. 173(1)")
    assert "14 jours francs" in late.message and "il en faut 15" in late.message
    assert isinstance(check_notice(CM, 900, sent, date(2025, 3, 5), urgent=True), NoticeOk)
    breach(check_notice(CM, 900, sent, date(2025, 3, 4), urgent=True), "Loi 2019/024 art. 173(1)")


def test_cameroon_unverified_rules_fall_back_to_france_and_say_so() -> None:
    assert CM.notice.verified and CM.fallback == "fr"
    for name in ("quorum", "proxies", "majority", "vote_modes", "appointments"):
        rule = CM.section(name)
        assert not rule.verified and rule.inherited_from == "fr", name
        assert rule.article == FR.section(name).article  # no Cameroonian article invented
    cite = CM.quorum.cite
    assert cite.startswith("CGCT L2121-17") and "non vérifié" in cite
    refused = breach(check_quorum(CM, sitting(), room(*IDS[:5]).at("1")), cite)
    assert "non vérifié" in refused.message


def _raw(code: str) -> Any:
    return json.loads(
        resources.files("app.core.council").joinpath("profiles", f"{code}.json").read_text()
    )


def _fr_doc() -> dict[str, Any]:
    doc: dict[str, Any] = _raw("fr")
    return doc


def _set(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    *parents, last = path.split(".")
    node = doc
    for key in parents:
        node = node[key]
    if value is _DROP:
        del node[last]
    else:
        node[last] = value
    return doc


_DROP = object()


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("rules.quorum.fraction", [3, 2], "rules.quorum.fraction must be [numerator"),
        ("rules.quorum", _DROP, "rules.quorum is missing"),
        ("rules.proxies.max_per_holder", True, "rules.proxies.max_per_holder must be a whole"),
        ("rules.proxies.max_per_holdr", 1, "rules.proxies.max_per_holdr is not a known key"),
        ("rules.majority.tie_secret", "coin", "rules.majority.tie_secret must be one of"),
        ("rules.notice.tiers", [], "rules.notice.tiers must be a non-empty list"),
        ("country", "France", "country must be two upper-case letters"),
        ("version", 0, "version must be a whole number ≥ 1"),
        ("fallback", "zz", "fallback names a profile that cannot be loaded"),
    ],
)
def test_broken_profile_is_refused_with_a_clear_error(path: str, value: Any, expected: str) -> None:
    doc = _set(_fr_doc(), path, value)
    with pytest.raises(RuleProfileError) as caught:
        ruleprofile.parse(json.dumps(doc), origin="broken.json")
    assert "Rule profile broken.json: " + expected in caught.value.message
    assert caught.value.message.endswith("Fix the file.")


def test_broken_profile_not_json_or_unordered_tiers() -> None:
    with pytest.raises(RuleProfileError, match="not valid JSON"):
        ruleprofile.parse(b"{", origin="x.json")
    doc = _fr_doc()
    doc["rules"]["notice"]["tiers"].reverse()
    with pytest.raises(RuleProfileError, match=r"tiers\[0\]\.min_population must be 0"):
        ruleprofile.parse(json.dumps(doc))
    with pytest.raises(RuleProfileError, match="Unknown rule profile 'xx'"):
        ruleprofile.load("xx")


def test_profile_digest_is_stable_and_follows_content() -> None:
    doc = _fr_doc()
    same = ruleprofile.parse(json.dumps(doc, indent=4), origin="copy.json")
    assert same == FR  # formatting does not change the rules a sitting signs
    doc["rules"]["quorum"]["reconvene_min_days"] = 4
    changed = ruleprofile.parse(json.dumps(doc))
    assert changed.digest != FR.digest and changed.quorum.reconvene_min_days == 4


def test_cameroon_profile_needs_its_fallback_resolved() -> None:
    raw = json.dumps(_raw("cm"))
    with pytest.raises(RuleProfileError, match="fallback names a profile"):
        ruleprofile.parse(raw)
    assert ruleprofile.parse(raw, origin="cm.json", resolve=ruleprofile.load) == CM


def test_a_new_country_is_a_data_file() -> None:
    doc = _fr_doc()
    doc.update(code="xx", country="XX", name="Statuts d'une association de maires")
    doc["body"] = "association"
    doc["rules"]["notice"]["tiers"] = [
        {"min_population": 0, "clear_days": 8, "urgent_clear_days": 2, "article": "Statuts art. 7"}
    ]
    doc["rules"]["proxies"].update(max_per_holder=0, article="Statuts art. 9")
    custom: RuleProfile = ruleprofile.parse(json.dumps(doc))
    late = check_notice(custom, 0, date(2025, 3, 1), date(2025, 3, 9))
    assert "il en faut 8" in breach(late, "Statuts art. 7").message
    no_proxies = check_proxy(custom, MEMBERS, Proxy(IDS[1], IDS[2], 1, 1))
    assert "ne sont pas admis" in breach(no_proxies, "Statuts art. 9").message
