"""A town hall installs the new Obambu over a profile the previous one wrote (schema 23, before
one row per transaction): its forum and its vote read as before, the conversation goes on, and
the window shows it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.core.forum import queries as forum_queries
from app.core.forum import rules as forum_rules
from app.core.store import store
from app.core.store.schema import MIGRATIONS
from app.core.votes import rules as vote_rules
from tests.journeys.conftest import Town, open_window
from tests.test_store_layout import BEFORE, PREVIOUS_BALLOT, PREVIOUS_INSERT, PREVIOUS_UNREAD
from tests.test_ui_forum import click_thread

WAIT = 30_000


def _forum(town: Town) -> list[Any]:
    """Every thread as `obambu forum list` shows it, with its messages."""
    return [
        (thread, town.json("forum", "list", "--thread", thread["id"]))
        for thread in town.json("forum", "list")
    ]


def _votes(town: Town) -> list[Any]:
    return [town.json("vote", "show", "--vote", v["id"]) for v in town.json("vote", "list")]


def test_the_new_version_opens_a_town_halls_forum_and_vote_as_they_were(  # type: ignore[no-untyped-def]
    qtbot, demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """The demo's communes were set up and talked under the previous version; after the
    upgrade Ambam's clerk lists the same threads, messages and ballots, Bipindi's mayor answers
    a message written before, and Ambam's window shows the answer in its thread."""
    with pytest.MonkeyPatch.context() as previous:  # the version before this one
        previous.setattr(store, "MIGRATIONS", MIGRATIONS[:BEFORE])
        previous.setattr(forum_rules, "INSERT_POST", PREVIOUS_INSERT)
        previous.setattr(vote_rules, "INSERT_BALLOT", PREVIOUS_BALLOT)
        previous.setattr(forum_queries, "_UNREAD", PREVIOUS_UNREAD)
        ambam, bipindi = demo(2)
        forum_before, votes_before = _forum(ambam), _votes(ambam)

    assert _forum(ambam) == forum_before  # opening it upgrades it
    assert _votes(ambam) == votes_before
    assert sum(len(v["ballots"]) for v in votes_before) > 0
    thread, shown = next((t, d) for t, d in forum_before if d["posts"])
    answered = shown["posts"][0]
    bipindi.run(
        "forum", "post", "--thread", thread["id"], "--reply", answered["id"],
        "--body", "Nous confirmons pour demain.",
    )  # fmt: skip
    bipindi.run("sync", "export", "--to", stick)
    ambam.visit(stick)
    now = ambam.json("forum", "list", "--thread", thread["id"])
    (reply,) = [p for p in now["posts"] if p["body"] == "Nous confirmons pour demain."]
    assert reply["reply_to"] == answered["id"] and len(now["posts"]) == len(shown["posts"]) + 1

    window, worker = open_window(qtbot, ambam)
    try:
        forum = window.forum
        window.nav.setCurrentRow(window.stack.indexOf(forum))
        qtbot.waitUntil(lambda: forum.threads.rowCount() == len(forum_before), timeout=WAIT)
        row = next(
            n
            for n in range(forum.threads.rowCount())
            if forum.threads.row(n).title == thread["title"]
        )
        click_thread(qtbot, forum, row)
        qtbot.waitUntil(lambda: len(forum.pane.cards) == len(now["posts"]) + 1, timeout=WAIT)
        assert forum.pane.cards[-1].body.text() == "Nous confirmons pour demain."
    finally:
        worker.stop()
