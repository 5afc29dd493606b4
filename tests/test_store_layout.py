"""One row per transaction (issue 21): a forum message and a ballot are keyed by their
transaction's row, the id kept once, in `txs`; a profile written before (schema 23) is rebuilt
on open, keeping all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.core.errors import Rejected
from app.core.forum import queries, rules, service
from app.core.node.node import Node
from app.core.store import store
from app.core.store.schema import MIGRATIONS
from app.core.votes import queries as vote_queries
from app.core.votes import rules as vote_rules
from app.core.votes import service as votes
from tests.conftest import Network

# The schema before one row per transaction: `posts` its own table, its id in a second index.
BEFORE = next(n for n, script in enumerate(MIGRATIONS) if "CREATE TABLE post_rows" in script)
# What the version at that schema wrote for a message.
PREVIOUS_INSERT = (
    "INSERT INTO posts (id, thread, reply_to, actor, commune, body, prio, created, author, seq)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# How the version at that schema counted a thread's unread messages (by each message's id).
PREVIOUS_UNREAD = (
    "(threads.actor != ? AND NOT EXISTS (SELECT 1 FROM read_marks m WHERE m.person = ? "
    "AND m.item = threads.id)) + (SELECT count(*) FROM posts p WHERE p.thread = threads.id "
    "AND p.actor != ? AND NOT EXISTS (SELECT 1 FROM read_marks m WHERE m.person = ? "
    "AND m.item = p.id))"
)
PREVIOUS_BALLOT = (
    "INSERT INTO ballots (id, vote, voter, actor, choice, author, seq) VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def forum_as_seen(node: Node, threads: list[bytes]) -> Any:
    """What the forum's screens show: the list, each thread's messages, the unread count, a
    search that looks into replies."""
    return (
        [(t.title, t.posts, t.unread) for t in queries.threads(node)],
        [
            [(p.id, p.body, p.reply_to, p.hidden, p.flags, p.badge) for p in queries.posts(node, t)]
            for t in threads
        ],
        [[p.body for p in d.posts] for d in map(lambda t: queries.thread(node, t), threads) if d],
        queries.unread_threads(node),
        [t.title for t in queries.threads(node, search="équipe")],
    )


def test_a_profile_from_before_keeps_its_messages_and_takes_new_replies(tmp_path: Path) -> None:
    # The previous version's code (its own patches: undoing them leaves the fixtures' alone).
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(store, "MIGRATIONS", MIGRATIONS[:BEFORE])
    monkeypatch.setattr(rules, "INSERT_POST", PREVIOUS_INSERT)
    monkeypatch.setattr(vote_rules, "INSERT_BALLOT", PREVIOUS_BALLOT)
    monkeypatch.setattr(queries, "_UNREAD", PREVIOUS_UNREAD)
    net = Network(tmp_path, 2)
    try:
        a, b = net.nodes
        road = service.start_thread(a, "Route", "La piste est coupée")
        first = service.reply(a, road, "J'envoie une équipe")
        service.reply(a, road, "Merci", reply_to=first)
        rude = service.reply(a, road, "Message déplacé")
        school = service.start_thread(a, "École", "Les tables")
        service.reply(a, school, "Arrivées")
        service.moderate(a, rude, "hide", "hors sujet")
        vote = votes.open_vote(a, "Goudronner la route ?", ["Oui", "Non"], kind="communes")
        votes.cast(a, vote, "Oui")
        a.seal()
        net.sync()
        service.moderate(b, first, "flag", "à vérifier")
        service.mark_read(b, school)
        votes.cast(b, vote, "Non")
        b.seal()
        net.sync()
        ballots = vote_queries.ballot_ids(b, vote)
        assert len(ballots[0]) == 2
        assert b.store.value("SELECT type FROM sqlite_master WHERE name = 'posts'") == "table"
        before = forum_as_seen(b, [road, school])
        b.close()

        monkeypatch.undo()  # today's version from here on
        net.nodes[1] = b = Node.open(b.home, "pass phrase")
        assert b.store.value("SELECT type FROM sqlite_master WHERE name = 'posts'") == "view"
        assert forum_as_seen(b, [road, school]) == before
        assert vote_queries.ballot_ids(b, vote) == ballots
        # The reply still points at its message (one second may hold several: any order).
        assert first.hex() in {reply_to for _, _, reply_to, *_ in before[1][0]}

        # A reply to a message from before the upgrade is checked against it and applied.
        a.close()
        net.nodes[0] = a = Node.open(a.home, "pass phrase")  # Ambam upgrades too
        later = service.reply(a, road, "La piste est rouverte", reply_to=first)
        a.seal()
        net.sync()
        shown = {p.id: p.reply_to for p in queries.posts(b, road)}
        assert shown[later.hex()] == first.hex() and len(shown) == 4
        # The convener closes the vote: its count reads the ballots written before.
        with pytest.raises(Rejected, match="already cast"):
            votes.cast(b, vote, "Oui")
        votes.close(a, vote)
        a.seal()
        net.sync()
        detail = vote_queries.vote(b, vote)
        assert detail is not None and (detail.closed, detail.valid, detail.tally) == (
            True,
            True,
            (1, 1),
        )
    finally:
        monkeypatch.undo()
        net.close()


def test_a_message_is_written_once_with_no_second_id_index(net: Network) -> None:
    a, b, _ = net.nodes
    thread = service.start_thread(a, "Route", "Coupée")
    post = service.reply(a, thread, "J'envoie une équipe")
    a.seal()
    net.sync()
    # Its row is keyed by its transaction's row; the only index beside it is the thread's.
    linked = "SELECT count(*) FROM post_rows r JOIN txs t ON t.n = r.tx WHERE t.id = ?"
    assert b.store.value(linked, (post,)) == 1
    assert [row[1] for row in b.store.all("PRAGMA index_list('post_rows')")] == ["posts_thread"]
    assert [row[1] for row in b.store.all("PRAGMA index_list('ballot_rows')")] == ["ballots_vote"]
    # What they point at is a column of txs, not a bare rowid that VACUUM may renumber.
    assert b.store.value("SELECT name FROM pragma_table_info('txs') WHERE pk = 1") == "n"
    b.store.run("VACUUM")
    assert b.store.value("SELECT thread FROM posts WHERE id = ?", (post,)) == thread


def test_an_upgrade_stopped_halfway_leaves_the_profile_as_it_was(tmp_path: Path) -> None:
    """The rebuild is one transaction: stopped after its tables were dropped (here by a failing
    last statement; a power cut is the same to SQLite), the profile is still the previous
    version's, whole, and the next open upgrades it."""
    # The previous version's code (its own patches: undoing them leaves the fixtures' alone).
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(store, "MIGRATIONS", MIGRATIONS[:BEFORE])
    monkeypatch.setattr(rules, "INSERT_POST", PREVIOUS_INSERT)
    monkeypatch.setattr(queries, "_UNREAD", PREVIOUS_UNREAD)
    net = Network(tmp_path, 2)
    try:
        a, b = net.nodes
        road = service.start_thread(a, "Route", "La piste est coupée")
        service.reply(a, road, "J'envoie une équipe")
        a.seal()
        net.sync()
        before = forum_as_seen(b, [road])
        b.close()
        stopped = MIGRATIONS[BEFORE] + "\n    SELECT no_such_function(1);\n"
        monkeypatch.setattr(store, "MIGRATIONS", [*MIGRATIONS[:BEFORE], stopped])
        with pytest.raises(Exception, match="no_such_function"):
            Node.open(b.home, "pass phrase")
        monkeypatch.setattr(store, "MIGRATIONS", MIGRATIONS[:BEFORE])
        net.nodes[1] = b = Node.open(b.home, "pass phrase")  # the previous version opens it
        assert b.store.value("SELECT type FROM sqlite_master WHERE name = 'posts'") == "table"
        assert forum_as_seen(b, [road]) == before
        b.close()
        monkeypatch.undo()
        net.nodes[1] = b = Node.open(b.home, "pass phrase")
        assert b.store.value("SELECT type FROM sqlite_master WHERE name = 'posts'") == "view"
        assert forum_as_seen(b, [road]) == before
    finally:
        monkeypatch.undo()
        net.close()
