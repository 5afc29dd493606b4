"""The forum's service and queries, as the screen and `obambu forum` use them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.documents import queries as documents
from app.core.documents import service as library
from app.core.forum import queries, service
from app.core.forum.queries import Subject
from app.core.votes import service as votes
from tests.conftest import Network


def test_a_thread_and_its_replies_read_back_with_priority_and_answers(net: Network) -> None:
    a, b, _ = net.nodes
    thread = service.start_thread(a, "Route", "La piste est coupée", priority=1)
    first = service.reply(a, thread, "J'envoie une équipe")
    service.reply(a, thread, "Merci", reply_to=first)
    with a.overlay():
        (listed,) = queries.threads(a)
        detail = queries.thread(a, thread)
    assert (listed.title, listed.priority, listed.posts, listed.pending) == ("Route", "P1", 2, True)
    assert detail is not None
    answers = {p.body: p.reply_to for p in detail.posts}  # one second may hold both: any order
    assert answers == {"J'envoie une équipe": None, "Merci": first.hex()}
    a.seal()
    net.sync()
    (seen,) = queries.threads(b)
    assert seen.author == "Maire de Ambam" and not seen.pending and seen.unread
    posts = queries.posts(b, thread)
    assert [p.badge for p in posts] == ["valid", "valid"] and posts[0].priority == "P2"


def test_search_matches_titles_and_opening_messages(net: Network) -> None:
    a = net.nodes[0]
    service.start_thread(a, "Route", "La piste est coupée")
    service.start_thread(a, "École", "Les tables sont arrivées")
    with a.overlay():
        assert [t.title for t in queries.threads(a, search="piste")] == ["Route"]
        assert [t.title for t in queries.threads(a, search="École")] == ["École"]
        assert queries.threads(a, search="pont") == []


def test_reading_a_thread_is_remembered_on_this_laptop_only(net: Network) -> None:
    a, b, c = net.nodes
    thread = service.start_thread(a, "Route", "Coupée")
    service.start_thread(a, "École", "Les tables")
    a.seal()
    net.sync()
    assert queries.unread_threads(b) == 2
    service.mark_read(b, thread)
    assert queries.unread_threads(b) == 1
    assert {t.title: t.unread for t in queries.threads(b)} == {"Route": False, "École": True}
    assert queries.unread_threads(c) == 2


def test_moderation_hides_with_its_reason_and_counts_flags(net: Network) -> None:
    a, b, _ = net.nodes
    thread = service.start_thread(a, "Route", "Coupée")
    post = service.reply(a, thread, "Message déplacé")
    a.seal()
    net.sync()
    service.moderate(b, post, "flag", "insulte")
    service.moderate(a, post, "hide", "hors sujet")
    a.seal()
    b.seal()
    net.sync()
    (shown,) = queries.posts(b, thread)
    assert (shown.hidden, shown.flags) == ("hors sujet", 1)
    service.moderate(a, post, "restore", "erreur")
    with a.overlay():
        (shown,) = queries.posts(a, thread)
    assert shown.hidden is None


def test_a_reply_carries_documents_the_other_commune_sees(net: Network, tmp_path: Path) -> None:
    a, b, _ = net.nodes
    plan = tmp_path / "plan.png"
    plan.write_bytes(b"\x89PNG fake image")
    doc = library.publish(a, plan, ["Bipindi"])
    with a.overlay():
        assert [d.name for d in documents.latest_first(a)] == ["plan.png"]
    thread = service.start_thread(a, "Pont", "Le plan")
    service.reply(a, thread, "Voici le plan", attach=[doc])
    a.seal()
    net.sync()
    (post,) = queries.posts(b, thread)
    assert [(x.id, x.name, x.mime) for x in post.attachments] == [
        (doc.hex(), "plan.png", "image/png")
    ]


def test_the_opening_says_which_vote_a_thread_is_about(net: Network) -> None:
    a = net.nodes[0]
    vote = votes.open_vote(a, "Goudronner la route ?", ["oui", "non"])
    about = service.start_thread(a, "Route", "Parlons-en", about=vote)
    plain = service.start_thread(a, "École", "Rien de spécial")
    with a.overlay():
        opening = queries.opening(a, about)
        other = queries.opening(a, plain)
        missing = queries.opening(a, b"\x00" * 32)
    assert opening is not None and opening.about == Subject("vote", "Goudronner la route ?", "")
    assert other is not None and other.about is None and other.author == "Maire de Ambam"
    assert missing is None and not queries.exists(a, b"\x00" * 32)


def test_search_folds_accents_and_case_and_looks_in_replies(net: Network) -> None:
    a = net.nodes[0]
    tools = service.start_thread(a, "Matériel", "Qui en a ?")
    service.reply(a, tools, "Notre TRONÇONNEUSE est libre")
    service.start_thread(a, "ÉCOLE de Nkoemvone", "Les tables")
    service.start_thread(a, "100 % des communes", "Tout le monde")
    with a.overlay():
        assert [t.title for t in queries.threads(a, search="tronconneuse")] == ["Matériel"]
        assert [t.title for t in queries.threads(a, search="Tronçonneuse")] == ["Matériel"]
        assert [t.title for t in queries.threads(a, search="ecole")] == ["ÉCOLE de Nkoemvone"]
        assert [t.title for t in queries.threads(a, search="  école ")] == ["ÉCOLE de Nkoemvone"]
        assert [t.title for t in queries.threads(a, search="%")] == ["100 % des communes"]
        assert queries.threads(a, search="_") == []  # no LIKE wildcard: a character is itself
        assert queries.threads(a, search="piscine") == []
    assert queries.fold("Ça, c'est l'ÉTÉ") == "ca, c'est l'ete"


def test_read_marks_are_each_person_s_and_count_messages_not_dates(net: Network) -> None:
    """Bipindi's mayor reads Ambam's thread; Campo had answered it offline before that, so the
    answer is dated before the reading and still new when it arrives. The secretary sharing
    Bipindi's laptop has read nothing; nobody's own message is ever new to them."""
    a, b, c = net.nodes
    thread = service.start_thread(a, "Route", "Coupée")
    a.seal()
    net.sync()
    service.reply(c, thread, "Campo envoie une équipe")  # written before Bipindi reads
    c.seal()
    assert queries.unread_threads(a) == 0  # Ambam's mayor wrote it
    mayor = b.member
    secretary = b.add_member("Secrétaire de Bipindi", "secretary")
    b.seal()
    (seen,) = queries.threads(b)
    assert seen.unread == 1
    service.mark_read(b, thread)
    assert queries.unread_threads(b) == 0
    net.sync()
    (seen,) = queries.threads(b)
    assert seen.unread == 1  # Campo's answer, dated before the reading, is new
    service.mark_read(b, thread)
    service.reply(b, thread, "Merci à Campo")
    b.seal()
    assert queries.unread_threads(b) == 0  # his own reply is not news to him
    b.act(secretary, None)
    (seen,) = queries.threads(b)
    assert seen.unread == 3  # the thread, Campo's answer and the mayor's reply
    b.act(mayor, None)
    assert queries.unread_threads(b) == 0


def test_what_this_laptop_had_read_stays_read_after_the_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.node.node import Node
    from app.core.store import store
    from app.core.store.schema import MIGRATIONS

    monkeypatch.setattr(store, "MIGRATIONS", MIGRATIONS[:22])  # before read marks per person
    net = Network(tmp_path, 2)
    try:
        a, b = net.nodes
        read = service.start_thread(b, "Route", "Coupée")
        service.start_thread(b, "École", "Les tables")
        b.seal()
        net.sync()
        a.store.run(  # what the previous version wrote when Ambam's mayor opened the thread
            "INSERT INTO reads (thread, seen) SELECT id, last_post FROM threads WHERE id = ?",
            (read,),
        )
        a.close()
        monkeypatch.setattr(store, "MIGRATIONS", MIGRATIONS)
        net.nodes[0] = a = Node.open(a.home, "pass phrase")
        assert {t.title: t.unread for t in queries.threads(a)} == {"Route": 0, "École": 1}
    finally:
        net.close()
