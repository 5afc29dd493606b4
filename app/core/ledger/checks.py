"""Checks that several transaction types' rules share."""

from __future__ import annotations

from typing import Any

from app.core.errors import Rejected
from app.core.ledger.actors import Actor
from app.core.ledger.context import RuleContext
from app.core.ledger.view import View


def need_node(actor: Actor) -> None:
    if not actor.is_node:
        raise Rejected("not_allowed", "Only the commune's node may do this.")


def need_commune_laptop(actor: Actor) -> None:
    """The commune's node or one of its further laptops, which register the commune's members
    like it; the commune's own keys and laptops stay the node's (need_node)."""
    if not actor.speaks_for_commune:
        raise Rejected("not_allowed", "Only one of the commune's laptops may do this.")


def row_in_view(led: RuleContext, view: View, table: str, oid: bytes, what: str) -> tuple[Any, ...]:
    row = led.placed(table, oid)
    if row is None or not view.has(row[0], row[1]):
        raise Rejected(f"unknown_{what}", f"The {what} it refers to is not known at that point.")
    return row
