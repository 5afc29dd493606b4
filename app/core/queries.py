"""What the screens and the command line read: plain dicts built from the state tables."""

from __future__ import annotations

from typing import Any

from app.core.encoding import cbor
from app.core.node.node import Node

COUNTED = ("threads", "posts", "votes", "attestations", "documents")


def status(node: Node) -> dict[str, Any]:
    store = node.store
    names: dict[bytes, str] = dict(store.all("SELECT id, name FROM actors WHERE id = commune"))
    feeds = {bytes(a).hex(): s for a, s in store.all("SELECT author, head_seq FROM feeds")}
    me = node.commune
    head = store.value("SELECT head_seq FROM feeds WHERE author = ?", (me,))
    known, total = node.ledger.confirmations(me, head) if head is not None else (0, 0)
    return {
        "network_id": node.network_id.hex(),
        "commune": (store.meta("commune_name") or b"").decode(),
        "commune_id": me.hex(),
        "node_key": node.keyring.identity(me).current.public_key.hex(),
        "epoch": node.ledger.current_epoch(),
        "authorities": len(node.ledger.authorities(node.ledger.current_epoch())),
        "feeds": dict(sorted(feeds.items())),
        "feed_names": {bytes(a).hex(): n for a, n in names.items()},
        "pending": node.pending_count(),
        "counts": {name: store.counter(name) for name in COUNTED},
        "evidence": int(store.value("SELECT count(*) FROM evidence")),
        "waiting": int(store.value("SELECT count(*) FROM waiting")),
        "quarantined": int(store.value("SELECT count(*) FROM quarantine")),
        "my_head": {
            "seq": head,
            "known_to": known,
            "of": total,
            "final": total > 0 and 3 * known >= 2 * total,
        },
    }


def _name(node: Node, actor: bytes) -> str:
    return str(node.store.value("SELECT name FROM actors WHERE id = ?", (actor,), "?"))


def _pending_mark(node: Node, author: bytes, seq: int) -> bool:
    """True for rows that come from our transactions not sealed yet (seen through overlay())."""
    return node.pending_seq is not None and author == node.commune and seq >= node.pending_seq


def threads(
    node: Node, limit: int = 100, offset: int = 0, search: str = ""
) -> list[dict[str, Any]]:
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
        {
            "id": bytes(r[0]).hex(),
            "author": _name(node, r[1]),
            "title": r[2],
            "priority": f"P{r[3]}",
            "posts": r[4],
            "created": r[5],
            "last_post": r[6],
            "pending": _pending_mark(node, r[7], r[8]),
            "unread": bool(r[9]),
        }
        for r in rows
    ]


def mark_read(node: Node, thread_id: bytes) -> None:
    """Remembers, on this laptop only, that the thread was read up to its latest message."""
    with node.store.transaction():
        node.store.run(
            "INSERT OR REPLACE INTO reads (thread, seen) "
            "SELECT id, last_post FROM threads WHERE id = ?",
            (thread_id,),
        )


def unread_threads(node: Node) -> int:
    return int(
        node.store.value(
            "SELECT count(*) FROM threads t LEFT JOIN reads r ON r.thread = t.id "
            "WHERE t.last_post > coalesce(r.seen, -1)"
        )
    )


def posts(node: Node, thread_id: bytes, limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
    """One page of a thread's replies, oldest first, each with its signature badge."""
    rows = node.store.all(
        "SELECT p.id, p.actor, p.body, p.created, p.reply_to, p.author, p.seq, p.prio, k.revoked "
        # The signing kid sits at a fixed place in our strict envelopes (cose.sign1's layout).
        "FROM posts p LEFT JOIN txs t ON t.id = p.id "
        "LEFT JOIN keys k ON k.kid = substr(t.data, 9, 8) "
        "WHERE p.thread = ? ORDER BY p.created, p.id LIMIT ? OFFSET ?",
        (thread_id, limit, offset),
    )
    return [
        {
            "id": bytes(p[0]).hex(),
            "author": _name(node, p[1]),
            "body": p[2],
            "created": p[3],
            "reply_to": bytes(p[4]).hex() if p[4] else None,
            "priority": f"P{p[7]}",
            "pending": _pending_mark(node, p[5], p[6]),
            "badge": _badge(node, p[5], p[6], p[8]),
            "attachments": _attachments(node, bytes(p[0])),
            **_moderation(node, bytes(p[0])),
        }
        for p in rows
    ]


def _moderation(node: Node, post: bytes) -> dict[str, Any]:
    """hidden: the reason of the latest hide not followed by a restore; flags: how many."""
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
    return {"hidden": hidden, "flags": flags}


def _attachments(node: Node, post: bytes) -> list[dict[str, Any]]:
    return [
        {"id": bytes(r[0]).hex(), "name": r[1], "mime": r[2], "size": r[3]}
        for r in node.store.all(
            "SELECT d.id, d.name, d.mime, d.size FROM attachments a "
            "JOIN documents d ON d.id = a.document WHERE a.post = ? ORDER BY d.name",
            (post,),
        )
    ]


def _badge(node: Node, author: bytes, seq: int, revoked: int | None) -> str:
    """valid: checked on arrival and the key still stands; revoked: its key was revoked since;
    pending: ours, not sealed yet."""
    if _pending_mark(node, author, seq):
        return "pending"
    return "revoked" if revoked else "valid"


def thread(node: Node, thread_id: bytes) -> dict[str, Any] | None:
    row = node.store.one(
        "SELECT title, body, actor, prio, created FROM threads WHERE id = ?", (thread_id,)
    )
    if row is None:
        return None
    posts = node.store.all(
        "SELECT id, actor, body, created, reply_to, author, seq FROM posts WHERE thread = ? "
        "ORDER BY created, id",
        (thread_id,),
    )
    return {
        "id": thread_id.hex(),
        "title": row[0],
        "body": row[1],
        "author": _name(node, row[2]),
        "priority": f"P{row[3]}",
        "created": row[4],
        "posts": [
            {
                "id": bytes(p[0]).hex(),
                "author": _name(node, p[1]),
                "body": p[2],
                "created": p[3],
                "reply_to": bytes(p[4]).hex() if p[4] else None,
                "pending": _pending_mark(node, p[5], p[6]),
            }
            for p in posts
        ],
    }


def documents(node: Node) -> list[dict[str, Any]]:
    rows = node.store.all(
        "SELECT id, name, sha256, size, mime, body, created, commune FROM documents "
        "ORDER BY created, id"
    )
    out = []
    for r in rows:
        body: Any = cbor.decode(r[5])
        out.append(
            {
                "id": bytes(r[0]).hex(),
                "name": r[1],
                "sha256": bytes(r[2]).hex(),
                "size": r[3],
                "mime": r[4],
                "tags": body["tags"],
                "created": body["created"],
                "published": r[6],
                "encrypted": body["enc"],
                "from": _name(node, r[7]),
                "recipients": [_name(node, bytes(k[0])) for k in body["keys"]],
            }
        )
    return out
