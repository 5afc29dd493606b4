"""What a mayor does in the forum: start a thread, reply, hide or flag a message.

Each function builds the transaction's body, gives it its priority and submits it; the node
seals it at once if its policy says so (else the window's timer or the next export does)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.core.forum import queries
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node

NORMAL = 2  # the priority of a thread or a reply unless the mayor chooses another
MODERATION = 1  # a hidden message should stop travelling before the chatter does


def start_thread(
    node: Node,
    title: str,
    body: str,
    *,
    priority: int = NORMAL,
    about: bytes | None = None,
    ttl: int = 0,
) -> bytes:
    """Opens a thread; `about` names the vote or sitting it discusses, if any."""
    fields: dict[str, Any] = {"title": title, "body": body}
    if about is not None:
        fields["about"] = about
    return _submit(node, TxType.FORUM_THREAD, fields, priority, ttl)


def reply(
    node: Node,
    thread: bytes,
    body: str,
    *,
    reply_to: bytes | None = None,
    attach: Sequence[bytes] = (),
    priority: int = NORMAL,
) -> bytes:
    """Posts a message in a thread, answering `reply_to` and carrying shared documents."""
    fields: dict[str, Any] = {"thread": thread, "body": body}
    if reply_to is not None:
        fields["reply"] = reply_to
    if attach:
        fields["attach"] = list(attach)
    return _submit(node, TxType.FORUM_POST, fields, priority)


def moderate(node: Node, post: bytes, action: str, reason: str) -> bytes:
    """Hides, restores or flags a message; the rule checks who may (forum/moderation.py)."""
    fields = {"post": post, "action": action, "reason": reason}
    return _submit(node, TxType.FORUM_MODERATE, fields, MODERATION)


def mark_read(node: Node, thread: bytes) -> None:
    """Remembers, on this laptop only and for the person acting, that they read the thread and
    every message it holds now; one arriving later is new to them (read_marks, migration 23)."""
    person = queries.reader(node)
    with node.store.transaction():
        node.store.run(
            "INSERT OR IGNORE INTO read_marks (person, item) SELECT ?, id FROM threads "
            "WHERE id = ?",
            (person, thread),
        )
        node.store.run(
            "INSERT OR IGNORE INTO read_marks (person, item) SELECT ?, id FROM posts "
            "WHERE thread = ?",
            (person, thread),
        )


def _submit(node: Node, kind: TxType, body: dict[str, Any], priority: int, ttl: int = 0) -> bytes:
    return node.submit(kind, body, prio=priority, ttl=ttl)  # submit() seals when the policy says
