"""The read models of the home screen, the documents and the attestations: typed, and as the
screens and the command show them."""

from __future__ import annotations

import time
from pathlib import Path

from app.core import status
from app.core.attestations import certificates, queries
from app.core.attestations.certificates import Request
from app.core.documents import queries as documents
from app.core.documents import service as library
from app.core.forum import service as forum
from app.core.plain import plain
from app.core.votes import service as votes
from tests.conftest import Network

PAUL = Request("res", "Paul Ekani", born="1964")
JEANNE = Request("vie", "Jeanne Mvondo")


def test_status_counts_what_this_laptop_holds_and_what_waits(net: Network) -> None:
    a = net.nodes[0]
    forum.start_thread(a, "Route", "Coupée")
    shown = status.status(a)
    assert (shown.commune, shown.authorities, shown.epoch, shown.pending) == ("Ambam", 3, 0, 1)
    assert shown.feed_names[a.commune.hex()] == "Ambam" and len(shown.feeds) == 3
    assert shown.my_head.seq is not None and shown.my_head.of == 3
    a.seal()
    assert status.status(a).counts["threads"] == 1 and status.status(a).pending == 0
    assert plain(shown)["my_head"]["of"] == 3  # what `obambu status --json` prints


def test_home_counts_the_votes_awaiting_my_ballot_and_unread_threads(net: Network) -> None:
    a, b, _ = net.nodes
    first = votes.open_vote(a, "Goudronner la route ?", ["oui", "non"])
    votes.open_vote(a, "Fête le 14 ?", ["oui", "non"])
    forum.start_thread(a, "Route", "Coupée")
    a.seal()
    net.sync()
    home = status.home(b)
    assert (home.awaiting, home.unread, home.relays) == (2, 1, [])
    votes.cast(b, first, "oui")
    b.seal()
    assert status.home(b).awaiting == 1
    assert status.commune_name(b) == "Bipindi"


def test_documents_say_who_shared_them_and_with_whom(net: Network, tmp_path: Path) -> None:
    a, b, c = net.nodes
    budget = tmp_path / "budget.txt"
    budget.write_text("Budget 2027")
    library.publish(a, budget, ["Bipindi"], ["budget"])
    a.seal()
    net.sync()
    (shared,) = documents.documents(c)  # listed everywhere, readable only by its recipients
    assert (shared.name, shared.sender, shared.tags, shared.size) == (
        "budget.txt",
        "Ambam",
        ("budget",),
        11,
    )
    assert set(shared.recipients) == {"Ambam", "Bipindi"} and shared.encrypted
    assert documents.other_communes(a) == ["Bipindi", "Campo"]
    assert [d.name for d in documents.latest_first(b)] == ["budget.txt"]


def test_the_manage_list_finds_our_attestations_by_name_or_number(net: Network) -> None:
    a, b, _ = net.nodes
    assert queries.first(a) is None
    paul = certificates.issue(a, PAUL)
    jeanne = certificates.issue(a, JEANNE)
    certificates.issue(b, Request("res", "Paul Biya"))
    net.sync()
    with a.overlay():
        listed = queries.ours(a)
        by_name = queries.ours(a, "Paul")
        by_number = queries.ours(a, jeanne.number[-4:])
    assert [x.id for x in listed] == [jeanne.id, paul.id]  # newest first, ours only
    assert [x.subject for x in by_name] == ["Paul Ekani"]
    assert [x.id for x in by_number] == [jeanne.id]
    assert listed[1].type == "res" and listed[1].reason is None and listed[1].data == paul.data
    first = queries.first(a)  # of the whole network
    assert first is not None and first.issued == min(x.issued for x in queries.ours(b) + listed)


def test_corrections_and_cancellations_are_listed_for_kits(net: Network) -> None:
    a = net.nodes[0]
    paul = certificates.issue(a, PAUL)
    jeanne = certificates.issue(a, JEANNE)
    new = certificates.correct(
        a, paul.id, Request("res", "Paul Ekani", born="1965"), "clerical_error"
    )
    certificates.revoke(a, jeanne.id, "lost_or_stolen")
    a.seal()
    (replaced,) = queries.replaced(a, a.commune)
    (cancelled,) = queries.cancelled(a, a.commune)
    assert (replaced.id, replaced.why) == (paul.id, new.number)
    assert (cancelled.id, cancelled.why) == (jeanne.id, "lost_or_stolen")
    old = next(x for x in queries.ours(a) if x.id == paul.id)
    assert old.replaced_by == new.number and old.revoke_author is not None
    assert queries.signed_with(a, paul.data[0:0]) == []  # no key has an empty id


def test_freshness_names_the_types_a_silent_commune_is_too_old_for(net: Network) -> None:
    a = net.nodes[0]
    now = int(time.time())
    fresh = {r.commune: r for r in queries.freshness(a, now)}
    assert set(fresh) == {"Ambam", "Bipindi", "Campo"}
    assert fresh["Bipindi"].age == 0 and fresh["Bipindi"].stale == ()
    later = {r.commune: r for r in queries.freshness(a, now + 45 * queries.DAY)}
    assert later["Bipindi"].age >= 45
    assert later["Bipindi"].stale == ("Certificat de résidence", "Attestation de vie")
