"""A commune's status list (STATUS_LIST, 33): the ledger's rule, and the content the commune's
first laptop signs.

The list is the commune's own word about its attestations, so a verifier kit can carry it as
it was signed: the keys its members ever held, and every attestation it cancelled or replaced,
as of the transaction's time. A kit's writer can then pass on another commune's cancellations
but cannot forge or drop one (docs/spec/kit.md). The ledger checks the shape and the signer
only: what the list says is the commune's responsibility, and the ledger already holds the
cancellations themselves (ATTEST_REVOKE).

The content is read from the store alone (no node), so the node can make it again when it seals
before a sync (node/registry.py, PUBLISHED).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.core.attestations.attest_rules import REASONS
from app.core.encoding import cbor
from app.core.errors import Rejected
from app.core.ledger.checks import need_node
from app.core.ledger.fields import Fields
from app.core.ledger.txtypes import LATEST_TIME, MAX_TX_BYTES, Role

if TYPE_CHECKING:
    from app.core.ledger.actors import Actor
    from app.core.ledger.context import RuleContext
    from app.core.ledger.objects import Tx
    from app.core.ledger.view import View
    from app.core.store.store import Store

# The whole transaction must fit MAX_TX_BYTES; its header and signature take about 130 bytes.
MAX_BODY_BYTES = MAX_TX_BYTES - 512
# Each entry takes at least 40 bytes, so no list can hold more than this in MAX_TX_BYTES.
MAX_ENTRIES = MAX_TX_BYTES // 40
KID, PK, ID = 8, 32, 32


def status_list(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    need_node(actor)  # the commune's first laptop, under the commune's node key
    for item in f.list_("keys", MAX_ENTRIES):
        _key(item)
    for item in f.list_("cancelled", MAX_ENTRIES):
        _entry(item, "cancellation", lambda why: why in REASONS)
    for item in f.list_("replaced", MAX_ENTRIES):
        _entry(item, "replacement", lambda number: 1 <= len(number) <= 40)


def _key(item: object) -> None:
    key = Fields(item if isinstance(item, dict) else {}, "status list's key")
    if not isinstance(item, dict):
        raise key.bad("each key is a map")
    key.bytes_("kid", KID)
    key.bytes_("pk", PK)
    key.bytes_("actor", KID)
    key.text("name", 80)
    key.text("role", 20)
    key.int_("revoked", maximum=LATEST_TIME)
    for oid in key.list_("recorded", MAX_ENTRIES, optional=True) or []:
        if not (isinstance(oid, bytes) and len(oid) == ID):
            raise key.bad("recorded attestations are named by their 32-byte id")
    key.done()


def _entry(item: object, what: str, fits: Callable[[str], bool]) -> None:
    """[attestation id, reason code or new number, when]."""
    if not (
        isinstance(item, list)
        and len(item) == 3
        and isinstance(item[0], bytes)
        and len(item[0]) == ID
        and isinstance(item[1], str)
        and fits(item[1])
        and type(item[2]) is int
        and 0 <= item[2] <= LATEST_TIME
    ):
        raise Rejected(
            "malformed",
            f"The status list is malformed: each {what} is [attestation id, "
            f"{'reason' if what == 'cancellation' else 'new number'}, time].",
        )


# --- the content -----------------------------------------------------------------------------


def needed(store: Store, commune: bytes) -> bool:
    """A commune's list is made once it has issued a paper: before, no verifier asks for it."""
    return store.one("SELECT 1 FROM attestations WHERE commune = ? LIMIT 1", (commune,)) is not None


def content(store: Store, commune: bytes) -> dict[str, Any]:
    """What `commune` says of its attestations as the store stands: every key its members ever
    held (not its node's nor its laptops': a verifier proves those from the genesis), and its
    cancellations and replacements, each sorted so the same state gives the same bytes."""
    keys = []
    for kid, pk, actor, name, role, revoked, revoked_time in store.all(
        "SELECT k.kid, k.pk, a.id, a.name, a.role, k.revoked, k.revoked_time FROM keys k "
        "JOIN actors a ON a.id = k.actor WHERE a.commune = ? AND a.id != ? AND a.role != ? "
        "ORDER BY k.kid",
        (commune, commune, Role.LAPTOP),
    ):
        key: dict[str, Any] = {
            "kid": bytes(kid),
            "pk": bytes(pk),
            "actor": bytes(actor),
            "name": str(name),
            "role": str(role),
            "revoked": int(revoked_time or 1) if revoked else 0,
        }
        if revoked:  # what it recorded before its revocation stays valid (causal order)
            key["recorded"] = [
                bytes(r[0])
                for r in store.all("SELECT id FROM attestations WHERE kid = ? ORDER BY id", (kid,))
            ]
        keys.append(key)
    cancelled = [
        [bytes(oid), str(reason).split(":", 1)[0], int(when)]  # the reason's code, not its note
        for oid, reason, when in store.all(
            "SELECT id, revoke_reason, revoke_time FROM attestations WHERE commune = ? "
            "AND revoke_tx IS NOT NULL AND replaced_by IS NULL ORDER BY id",
            (commune,),
        )
    ]
    replaced = [
        [bytes(oid), str(number or "?"), int(when)]
        for oid, number, when in store.all(
            "SELECT a.id, b.number, a.revoke_time FROM attestations a "
            "LEFT JOIN attestations b ON b.id = a.replaced_by "
            "WHERE a.commune = ? AND a.replaced_by IS NOT NULL ORDER BY a.id",
            (commune,),
        )
    ]
    body = {"keys": keys, "cancelled": cancelled, "replaced": replaced}
    size = len(cbor.encode(body))
    if size > MAX_BODY_BYTES:
        raise Rejected(
            "status_list_full",
            f"This commune's list of cancellations no longer fits in one signed list "
            f"({size} bytes, at most {MAX_BODY_BYTES}). Verifiers keep its last list.",
        )
    return body
