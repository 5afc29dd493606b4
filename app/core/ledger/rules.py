"""Applying one transaction: the signer and its key, then its type's rule (the node gives the
rules: `app/core/node/registry.py`).

Every check looks only at the causal past of the carrying block (`view`), so every node that
applies the same block reaches the same verdict, whatever else it has seen meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.core.crypto.keys import next_digest
from app.core.encoding.cose import CoseError, kid_of, verify_sign1
from app.core.errors import Rejected
from app.core.ledger.actors import Actor
from app.core.ledger.context import Rule, RuleContext
from app.core.ledger.fields import Fields
from app.core.ledger.objects import Tx
from app.core.ledger.txtypes import TxType
from app.core.ledger.view import View
from app.core.store.store import IntegrityError

# What each type is called in a refusal ("The forum post is malformed: …"), made once.
_WHAT = {int(t): t.name.lower().replace("_", " ") for t in TxType}
_KEY_ROTATE = int(TxType.KEY_ROTATE)


def apply_tx(
    led: RuleContext, view: View, tx: Tx, block_id: bytes, index: int, rules: Mapping[TxType, Rule]
) -> None:
    """Checks one transaction against the rules and applies it, or raises Rejected."""
    try:
        # The primary key refuses a replay of the exact bytes; one statement, no look-up.
        led.store.run(
            "INSERT INTO txs (id, block, author, seq, idx, type, actor, data, prio, expires) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                tx.id,
                block_id,
                view.author,
                view.seq,
                index,
                tx.type,
                tx.actor,
                tx.data,
                tx.prio,
                tx.time + tx.ttl if tx.ttl else 0,
            ),
        )
    except IntegrityError as exc:
        raise Rejected("duplicate", "This transaction was already recorded: a replay.") from exc
    actor = _signer(led, view, tx)
    # parse_tx admits known types only; a TxType is an int, so a plain int looks it up.
    fields = Fields(tx.body, _WHAT[tx.type])
    rules[tx.type](led, view, tx, actor, fields)  # type: ignore[index]
    fields.done()
    actor.aseq = tx.aseq
    led.actors.touch(actor)


def _signer(led: RuleContext, view: View, tx: Tx) -> Actor:
    actor = led.actors.get(tx.actor)
    if actor is None:
        raise Rejected("unknown_actor", "The signer is not a registered member or commune.")
    if actor.commune != view.commune:
        raise Rejected("wrong_feed", "A transaction must travel in its own commune's feed.")
    if actor.home not in (None, view.author) and not actor.speaks_for_commune:
        # A member's actor sequence is linear only within one feed: signing on two laptops of
        # the commune could use one number twice, and which one stands would depend on arrival.
        raise Rejected(
            "member_elsewhere",
            "A member signs only on the laptop of the commune that registered them.",
        )
    if tx.type == _KEY_ROTATE:
        public_key = _rotation_key(actor, tx)
    else:
        public_key = _current_key(led, actor, tx)
    if not led.signed(tx.id, public_key):  # a worker checked it with this very key
        try:
            verify_sign1(tx.envelope, public_key, led.network_id)
        except CoseError as exc:
            raise Rejected(
                "bad_signature",
                "The signature does not match: the transaction was forged or altered, "
                "or belongs to another network.",
            ) from exc
    if tx.aseq <= actor.aseq:
        raise Rejected("replay", f"This signer's transaction {tx.aseq} was already used: a replay.")
    if tx.aseq > actor.aseq + 1:
        raise Rejected(
            "gap", f"This signer's transactions {actor.aseq + 1}..{tx.aseq - 1} are missing."
        )
    return actor


def _current_key(led: RuleContext, actor: Actor, tx: Tx) -> bytes:
    kid = tx.kid
    row = led.actors.key(kid)
    if row is None or row[0] != actor.id:
        raise Rejected("unknown_key", "The signing key is not registered for this signer.")
    if row[2]:
        raise Rejected("key_revoked", "The signing key was revoked.")
    if kid != actor.kid:
        raise Rejected("key_retired", "The signing key was replaced by a newer one.")
    if not actor.active or actor.suspended:
        _need_standing(actor)
    return bytes(row[1])


def _rotation_key(actor: Actor, tx: Tx) -> bytes:
    public_key = tx.body.get("pk")
    if not isinstance(public_key, bytes) or len(public_key) != 32:
        raise Rejected("malformed", "A key rotation must reveal the new public key.")
    _need_standing(actor)
    if next_digest(public_key) != actor.next_digest or tx.kid != kid_of(public_key):
        raise Rejected(
            "wrong_next_key",
            "A key rotation must be signed by the key committed to in the previous record.",
        )
    return public_key


def _need_standing(actor: Actor) -> None:
    if not actor.active:
        raise Rejected("actor_removed", "The signer was removed from the network.")
    if actor.suspended:
        raise Rejected(
            "actor_suspended",
            "The signer is suspended by their commune: ask the mayor to reinstate them.",
        )
