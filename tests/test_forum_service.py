"""The forum's service and queries, as the screen and `obambu forum` use them."""

from __future__ import annotations

from pathlib import Path

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
