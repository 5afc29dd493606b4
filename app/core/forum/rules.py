"""The rules of forum threads and messages."""

from __future__ import annotations

from app.core.errors import Rejected
from app.core.ledger.actors import Actor
from app.core.ledger.checks import row_in_view
from app.core.ledger.context import RuleContext
from app.core.ledger.fields import Fields
from app.core.ledger.objects import Tx
from app.core.ledger.txtypes import MAX_REFS
from app.core.ledger.view import View

MAX_ATTACHMENTS = 8  # documents a forum message may point to

# A message's row is keyed by its transaction's row (just written, its index page in the
# cache): the id is kept once, in txs (schema migration 24, issue 21).
INSERT_POST = (
    "INSERT INTO post_rows (tx, thread, reply_to, actor, commune, body, prio, created, author, "
    "seq) VALUES ((SELECT n FROM txs WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def forum_thread(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    title, body = f.text("title", 200), f.text("body", 20_000, shortest=0)
    scope = f.list_("scope", MAX_REFS, shortest=1, optional=True)
    if scope is not None and not all(isinstance(c, bytes) and len(c) == 8 for c in scope):
        raise f.bad("the scope lists commune ids")
    # A thread may be about a consultation or a sitting's agenda: that must exist at that point.
    about = f.bytes_("about", 32, optional=True)
    if about is not None and not any(
        led.placed(table, about) and view.has(*led.placed(table, about))  # type: ignore[misc]
        for table in ("votes", "sittings")
    ):
        raise Rejected(
            "unknown_subject", "The vote or sitting it is about is not known at that point."
        )
    led.store.run(
        "INSERT INTO threads (id, actor, commune, title, body, prio, ttl, scope, created, author, "
        "seq, last_post, about) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            tx.id,
            actor.id,
            actor.commune,
            title,
            body,
            tx.prio,
            tx.ttl,
            None if scope is None else b"".join(scope),
            tx.time,
            view.author,
            view.seq,
            tx.time,
            about,
        ),
    )
    led.bump("threads")


def forum_post(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    thread, body = f.bytes_("thread", 32), f.text("body", 20_000)
    reply = f.bytes_("reply", 32, optional=True)
    attached = f.list_("attach", MAX_ATTACHMENTS, shortest=1, optional=True) or []
    if not all(isinstance(doc, bytes) and len(doc) == 32 for doc in attached):
        raise f.bad("'attach' lists document ids")
    if len(set(attached)) != len(attached):
        raise f.bad("a document is attached twice")
    for doc in attached:
        row_in_view(led, view, "documents", doc, "document")
    row_in_view(led, view, "threads", thread, "thread")
    if reply is not None:
        row_in_view(led, view, "posts", reply, "post")
        if led.store.value("SELECT thread FROM posts WHERE id = ?", (reply,)) != thread:
            raise f.bad("a reply must be in the same thread")
    led.store.run(
        INSERT_POST,
        (
            tx.id,
            thread,
            reply,
            actor.id,
            actor.commune,
            body,
            tx.prio,
            tx.time,
            view.author,
            view.seq,
        ),
    )
    for doc in attached:
        led.store.run("INSERT INTO attachments (post, document) VALUES (?, ?)", (tx.id, doc))
    led.reply(thread, tx.time)
    led.bump("posts")
