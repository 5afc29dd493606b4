"""Forum moderation as signed, auditable records: hide, flag, restore.

Nothing is deleted: a hidden message stays in the ledger and every commune can see who hid it,
when and why. Only the mayor or a deputy of the commune that wrote the message may hide or
restore it; any member may flag one for the council to look at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.errors import Rejected
from app.core.ledger.fields import Fields
from app.core.members import powers

if TYPE_CHECKING:
    from app.core.ledger.actors import Actor
    from app.core.ledger.context import RuleContext
    from app.core.ledger.objects import Tx
    from app.core.ledger.view import View

ACTIONS = ("hide", "restore", "flag")


def moderate(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    post = f.bytes_("post", 32)
    action = f.text("action", 10)
    reason = f.text("reason", 500)
    if action not in ACTIONS:
        raise f.bad("the action is hide, restore or flag")
    row = led.store.one("SELECT commune, author, seq FROM posts WHERE id = ?", (post,))
    if row is None or not view.has(bytes(row[1]), int(row[2])):
        raise Rejected("unknown_post", "The message it refers to is not known at that point.")
    powers.need(actor, "forum_flag" if action == "flag" else "forum_hide")
    if action != "flag" and bytes(row[0]) != actor.commune:
        raise Rejected(
            "not_allowed",
            "Only the mayor or a deputy of the commune that wrote a message may hide or "
            "restore it. Flag it instead.",
        )
    led.store.run(
        "INSERT INTO moderation (id, post, action, reason, actor, author, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (tx.id, post, action, reason, actor.id, view.author, view.seq),
    )
