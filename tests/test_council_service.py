"""The council service's own decisions, beneath the journeys: which proxies cast a ballot on an
item, the quorum the vote entry shows, and the day a sitting may be convened again."""

from __future__ import annotations

from datetime import date

from app.core.council import queries, service

MEMBERS = tuple(queries.Member(f"m{n}", f"Membre {n}", "") for n in range(1, 6))


def _sitting(*proxies: queries.GivenProxy, number: int = 2) -> queries.Sitting:
    return queries.Sitting(
        id=b"\x01" * 32,
        number=number,
        date="2026-03-10",
        population=2000,
        profile="fr",
        president="m1",
        urgent=False,
        members=MEMBERS,
        items=(queries.Item(0, "Budget", service.motion_hash("Budget")),),
        reconvenes=None,
        proxies=proxies,
    )


def _proxy(mandant: str, holder: str, first: int = 1, last: int = 3) -> queries.GivenProxy:
    return queries.GivenProxy(mandant, holder, first, last, illness=False)


def test_a_proxy_votes_when_its_holder_is_in_the_room_and_its_mandant_away() -> None:
    given = _proxy("m5", "m2")
    sitting = _sitting(given)
    assert service.proxies_voting(sitting, ["m1", "m2", "m3"], []) == (given,)
    assert service.proxies_voting(sitting, ["m1", "m3", "m4"], []) == ()  # holder away
    assert service.proxies_voting(sitting, ["m1", "m2", "m5"], []) == ()  # mandant came


def test_no_proxy_votes_for_or_by_a_member_interested_in_the_item() -> None:
    sitting = _sitting(_proxy("m5", "m2"))
    assert service.proxies_voting(sitting, ["m1", "m2", "m3"], ["m2"]) == ()
    assert service.proxies_voting(sitting, ["m1", "m2", "m3"], ["m5"]) == ()


def test_a_proxy_votes_only_at_the_sittings_it_covers() -> None:
    given = _proxy("m5", "m2", first=3, last=4)
    assert service.proxies_voting(_sitting(given, number=2), ["m1", "m2"], []) == ()
    assert service.proxies_voting(_sitting(given, number=4), ["m1", "m2"], []) == (given,)


def test_the_quorum_counts_members_present_not_interested_nor_proxies() -> None:
    sitting = _sitting(_proxy("m5", "m2"))
    assert service.quorum(sitting, ["m1", "m2", "m3"], []) == service.Quorum(3, 3, True)
    assert service.quorum(sitting, ["m1", "m2", "m3"], ["m3"]) == service.Quorum(2, 3, False)


def test_a_sitting_without_quorum_is_convened_again_three_days_later_at_the_earliest() -> None:
    assert service.earliest_again(_sitting()) == date(2026, 3, 13)


def test_the_motion_is_the_hash_of_the_exact_text() -> None:
    assert service.motion_hash("Budget") != service.motion_hash("Budget ")
    assert len(service.motion_hash("Budget")) == 32
