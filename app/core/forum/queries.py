"""What the forum screen and `obambu forum list` read: threads, their messages, what is unread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.encoding import cbor
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
    unread: bool


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
    """Threads, most recently active first; `search` matches titles and opening messages."""
    where = ""
    args: tuple[str, ...] = ()
    if search:
        where, args = "WHERE title LIKE ? OR body LIKE ?", (f"%{search}%", f"%{search}%")
    rows = node.store.all(
        "SELECT id, actor, title, prio, posts, created, last_post, author, seq, "
        "last_post > coalesce((SELECT seen FROM reads r WHERE r.thread = threads.id), -1) "
        f"FROM threads {where} ORDER BY last_post DESC, id LIMIT ? OFFSET ?",
        (*args, limit, offset),
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
            unread=bool(r[9]),
        )
        for r in rows
    ]


def unread_threads(node: Node) -> int:
    return int(
        node.store.value(
            "SELECT count(*) FROM threads t LEFT JOIN reads r ON r.thread = t.id "
            "WHERE t.last_post > coalesce(r.seen, -1)"
        )
    )


def posts(node: Node, thread: bytes, limit: int = 200, offset: int = 0) -> list[Post]:
    """One page of a thread's replies, oldest first, each with its signature badge."""
    rows = node.store.all(
        "SELECT p.id, p.actor, p.body, p.created, p.reply_to, p.author, p.seq, p.prio, k.revoked "
        # The signing kid sits at a fixed place in our strict envelopes (cose.sign1's layout).
        "FROM posts p LEFT JOIN txs t ON t.id = p.id "
        "LEFT JOIN keys k ON k.kid = substr(t.data, 9, 8) "
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
            )
        )
    return out


def opening(node: Node, thread: bytes) -> Opening | None:
    """The heading of a thread and what it is about, or None if there is no such thread."""
    row = node.store.one(
        "SELECT t.title, t.body, a.name, t.prio, t.about FROM threads t "
        "LEFT JOIN actors a ON a.id = t.actor WHERE t.id = ?",
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
