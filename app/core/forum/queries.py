"""What the forum screen and `obambu forum list` read: threads, their messages, what is unread.

What is unread is each person's (the table read_marks, migration 23: why local and per message
is said there); the person is the one acting on this laptop (`reader`). Search folds accents and
case on both sides (`fold`, a function registered on the store's connection), so
"tronconneuse" finds "Tronçonneuse": mayors type without accents on keyboards that lack them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from app.core.encoding import cbor
from app.core.errors import NotFound
from app.core.members import queries as members
from app.core.node.node import Node


@dataclass(frozen=True)
class Thread:
    """One line of the thread list."""

    id: str
    author: str
    title: str
    priority: str
    posts: int
    created: int
    last_post: int
    pending: bool  # ours, not sealed yet
    unread: int  # its messages (the opening one included) the person acting has not read
    prio: int = 2  # 0 urgent, 1 important, 2 normal, 3 can wait (how it travels: docs/sync.md)


@dataclass(frozen=True)
class Attachment:
    id: str
    name: str
    mime: str
    size: int


@dataclass(frozen=True)
class Post:
    """One message of a thread, with its signature badge and its moderation."""

    id: str
    author: str
    body: str
    created: int
    reply_to: str | None
    priority: str
    pending: bool
    badge: str  # valid, revoked (its key was revoked since) or pending (ours, not sealed yet)
    attachments: tuple[Attachment, ...]
    hidden: str | None  # the reason of the latest hide not followed by a restore
    flags: int
    role: str = ""  # the author's role (mayor, deputy, …; "node": the town hall itself)
    commune: str = ""  # the author's commune
    prio: int = 2
    ours: bool = False  # written in this laptop's commune: only its mayor or a deputy may hide it


@dataclass(frozen=True)
class Subject:
    """What a thread is about: ("vote", its question, "") or ("sitting", its number, its date)."""

    kind: str
    first: str
    second: str


@dataclass(frozen=True)
class Opening:
    """A thread's heading and first message, as the forum screen shows it."""

    title: str
    body: str
    author: str
    priority: str
    about: Subject | None
    role: str = ""
    commune: str = ""
    created: int = 0
    badge: str = "valid"  # as a Post's
    prio: int = 2


@dataclass(frozen=True)
class Reply:
    id: str
    author: str
    body: str
    created: int
    reply_to: str | None
    pending: bool


@dataclass(frozen=True)
class ThreadDetail:
    """A whole thread, as `obambu forum list --thread` prints it."""

    id: str
    title: str
    body: str
    author: str
    priority: str
    created: int
    posts: tuple[Reply, ...]


def threads(node: Node, limit: int = 100, offset: int = 0, search: str = "") -> list[Thread]:
    """Threads, most recently active first; `search` matches, accents and case aside, their
    subjects, their opening messages and their replies."""
    where = ""
    args: tuple[Any, ...] = ()
    needle = fold(search.strip())
    if needle:
        where = (
            "WHERE instr(fold(title), ?) OR instr(fold(body), ?) OR EXISTS (SELECT 1 FROM posts "
            "p WHERE p.thread = threads.id AND instr(fold(p.body), ?))"
        )
        args = (needle, needle, needle)
    person = reader(node)
    with node.store.held():
        _register(node)
        rows = node.store.all(
            "SELECT id, actor, title, prio, posts, created, last_post, author, seq, "
            f"{_UNREAD} FROM threads {where} ORDER BY last_post DESC, id LIMIT ? OFFSET ?",
            (person, person, person, person, *args, limit, offset),
        )
    return [
        Thread(
            id=bytes(r[0]).hex(),
            author=members.name(node, r[1]),
            title=r[2],
            priority=f"P{r[3]}",
            posts=r[4],
            created=r[5],
            last_post=r[6],
            pending=_pending_mark(node, r[7], r[8]),
            unread=int(r[9]),
            prio=int(r[3]),
        )
        for r in rows
    ]


# How many of a thread's messages the person (bound four times) has not read: their own never.
# A message's id lives in txs (schema 24): the rows the person read are gathered once, as
# transaction rows, and each message is counted from the thread's index alone (thread, time,
# signer, row) instead of fetching its transaction for its id.
_UNREAD = (
    "(threads.actor != ? AND NOT EXISTS (SELECT 1 FROM read_marks m WHERE m.person = ? "
    "AND m.item = threads.id)) + (SELECT count(*) FROM post_rows p WHERE p.thread = threads.id "
    "AND p.actor != ? AND p.tx NOT IN (SELECT t.n FROM read_marks m JOIN txs t "
    "ON t.id = m.item WHERE m.person = ?))"
)


def unread_threads(node: Node) -> int:
    """The threads holding a message the person acting here has not read."""
    person = reader(node)
    return int(
        node.store.value(
            f"SELECT count(*) FROM threads WHERE {_UNREAD} > 0", (person, person, person, person)
        )
    )


def reader(node: Node) -> bytes:
    """Whose read marks count: the person acting on this laptop, or, before anyone is
    registered here, the commune's own (a laptop just joined)."""
    try:
        return node.member
    except NotFound:
        return node.store.meta("commune") or b""


def fold(text: str) -> str:
    """The text without accents, in lower case, for search: "Tronçonneuse" -> "tronconneuse",
    "ÉCOLE" -> "ecole", "Straße" -> "strasse"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _register(node: Node) -> None:
    # On every search rather than once at opening: the store knows nothing of the forum, and
    # registering again is cheap. The caller holds the store, so no other thread is mid-query.
    node.store.conn.create_function("fold", 1, _fold_sql, deterministic=True)


def _fold_sql(value: object) -> str | None:
    return fold(value) if isinstance(value, str) else None


def posts(node: Node, thread: bytes, limit: int = 200, offset: int = 0) -> list[Post]:
    """One page of a thread's replies, oldest first, each with its signature badge."""
    rows = node.store.all(
        "SELECT p.id, p.actor, p.body, p.created, p.reply_to, p.author, p.seq, p.prio, k.revoked, "
        "a.role, c.name, p.commune "
        # The signing kid sits at a fixed place in our strict envelopes (cose.sign1's layout).
        "FROM posts p LEFT JOIN txs t ON t.id = p.id "
        "LEFT JOIN keys k ON k.kid = substr(t.data, 9, 8) "
        "LEFT JOIN actors a ON a.id = p.actor LEFT JOIN actors c ON c.id = p.commune "
        "WHERE p.thread = ? ORDER BY p.created, p.id LIMIT ? OFFSET ?",
        (thread, limit, offset),
    )
    out = []
    for p in rows:
        hidden, flags = _moderation(node, bytes(p[0]))
        out.append(
            Post(
                id=bytes(p[0]).hex(),
                author=members.name(node, p[1]),
                body=p[2],
                created=p[3],
                reply_to=bytes(p[4]).hex() if p[4] else None,
                priority=f"P{p[7]}",
                pending=_pending_mark(node, p[5], p[6]),
                badge=_badge(node, p[5], p[6], p[8]),
                attachments=_attachments(node, bytes(p[0])),
                hidden=hidden,
                flags=flags,
                role=str(p[9] or ""),
                commune=str(p[10] or "?"),
                prio=int(p[7]),
                ours=bytes(p[11]) == node.commune,
            )
        )
    return out


def opening(node: Node, thread: bytes) -> Opening | None:
    """The heading of a thread and what it is about, or None if there is no such thread."""
    row = node.store.one(
        "SELECT t.title, t.body, a.name, t.prio, t.about, a.role, c.name, t.created, t.author, "
        "t.seq, k.revoked FROM threads t "
        "LEFT JOIN actors a ON a.id = t.actor LEFT JOIN actors c ON c.id = t.commune "
        "LEFT JOIN txs x ON x.id = t.id LEFT JOIN keys k ON k.kid = substr(x.data, 9, 8) "
        "WHERE t.id = ?",
        (thread,),
    )
    if row is None:
        return None
    return Opening(
        title=row[0],
        body=row[1],
        author=row[2] or "?",
        priority=f"P{row[3]}",
        about=_about(node, bytes(row[4])) if row[4] else None,
        role=str(row[5] or ""),
        commune=str(row[6] or "?"),
        created=int(row[7]),
        badge=_badge(node, row[8], row[9], row[10]),
        prio=int(row[3]),
    )


def thread(node: Node, thread_id: bytes) -> ThreadDetail | None:
    """A thread and all its replies, oldest first, or None if there is no such thread."""
    row = node.store.one(
        "SELECT title, body, actor, prio, created FROM threads WHERE id = ?", (thread_id,)
    )
    if row is None:
        return None
    replies = node.store.all(
        "SELECT id, actor, body, created, reply_to, author, seq FROM posts WHERE thread = ? "
        "ORDER BY created, id",
        (thread_id,),
    )
    return ThreadDetail(
        id=thread_id.hex(),
        title=row[0],
        body=row[1],
        author=members.name(node, row[2]),
        priority=f"P{row[3]}",
        created=row[4],
        posts=tuple(
            Reply(
                id=bytes(p[0]).hex(),
                author=members.name(node, p[1]),
                body=p[2],
                created=p[3],
                reply_to=bytes(p[4]).hex() if p[4] else None,
                pending=_pending_mark(node, p[5], p[6]),
            )
            for p in replies
        ),
    )


def exists(node: Node, thread: bytes) -> bool:
    return bool(node.store.value("SELECT count(*) FROM threads WHERE id = ?", (thread,)))


def _pending_mark(node: Node, author: bytes, seq: int) -> bool:
    """True for rows that come from our transactions not sealed yet (seen through overlay())."""
    return node.pending_seq is not None and author == node.feed and seq >= node.pending_seq


def _moderation(node: Node, post: bytes) -> tuple[str | None, int]:
    """(the reason of the latest hide not followed by a restore, how many flags)."""
    hidden: str | None = None
    flags = 0
    for action, reason in node.store.all(
        "SELECT action, reason FROM moderation WHERE post = ? ORDER BY rowid", (post,)
    ):
        if action == "hide":
            hidden = str(reason)
        elif action == "restore":
            hidden = None
        else:
            flags += 1
    return hidden, flags


def _attachments(node: Node, post: bytes) -> tuple[Attachment, ...]:
    return tuple(
        Attachment(id=bytes(r[0]).hex(), name=r[1], mime=r[2], size=r[3])
        for r in node.store.all(
            "SELECT d.id, d.name, d.mime, d.size FROM attachments a "
            "JOIN documents d ON d.id = a.document WHERE a.post = ? ORDER BY d.name",
            (post,),
        )
    )


def _badge(node: Node, author: bytes, seq: int, revoked: int | None) -> str:
    if _pending_mark(node, author, seq):
        return "pending"
    return "revoked" if revoked else "valid"


def _about(node: Node, subject: bytes) -> Subject | None:
    question = node.store.value("SELECT question FROM votes WHERE id = ?", (subject,))
    if question is not None:
        return Subject("vote", str(question), "")
    sitting = node.store.one("SELECT body, date FROM sittings WHERE id = ?", (subject,))
    if sitting is not None:
        body: Any = cbor.decode(bytes(sitting[0]))
        return Subject("sitting", str(body["number"]), str(sitting[1]))
    return None
