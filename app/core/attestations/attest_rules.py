"""Ledger rules for attestations: issue (with its number and who asked), cancel, replace, and
count each print.

The commune numbers its own attestations: the sequence of a year must be the next one in the
commune's feed, which only that commune writes, so two laptops never give the same number and
no central counter is needed. A correction is a new attestation that names those it replaces;
they are then "replaced by n° …" for every verifier, with no separate step to forget.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.attestations.attestation import parse_attestation
from app.core.encoding.cose import CoseError, verify_sign1
from app.core.errors import Rejected
from app.core.ledger.fields import Fields
from app.core.ledger.txtypes import MAX_ATTESTATION_BYTES
from app.core.members import powers

if TYPE_CHECKING:
    from app.core.ledger.actors import Actor
    from app.core.ledger.context import RuleContext
    from app.core.ledger.objects import Tx
    from app.core.ledger.view import View

REQUESTERS = ("self", "parent", "proxy", "other")  # l'intéressé, parent, mandataire, autre
REASONS = ("clerical_error", "court_decision", "fraud", "lost_or_stolen", "other")
NEEDS_NOTE = ("fraud", "other")  # the category alone does not say enough
MAX_REPLACED = 20


def issue(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    powers.need(actor, "attest_issue")  # not a councillor nor a technician (members/powers.py)
    att = parse_attestation(f.blob("att", MAX_ATTESTATION_BYTES))
    if att.kid != tx.kid:
        raise Rejected("wrong_key", "The attestation must be signed by the transaction's signer.")
    try:
        verify_sign1(att.envelope, led.actors.public_key(att.kid) or b"", b"")
    except CoseError as exc:
        raise Rejected("bad_signature", "The attestation's signature does not match.") from exc
    if att.commune != view.commune:
        raise Rejected("wrong_issuer", "The attestation names another commune.")
    if led.store.one("SELECT 1 FROM attestations WHERE id = ?", (att.id,)):
        raise Rejected("duplicate", "This attestation is already recorded.")
    last = led.store.value(
        "SELECT max(seq_no) FROM attestations WHERE commune = ? AND year = ?",
        (att.commune, att.year),
    )
    if att.seq != (last or 0) + 1:
        raise Rejected(
            "wrong_number",
            f"Attestation number {att.number} is not the next one of the commune for "
            f"{att.year} (that is {(last or 0) + 1}). Issue it again.",
        )
    requester = f.text("requester", 10)
    if requester not in REQUESTERS:
        raise f.bad("the requester is self, parent, proxy or other")
    if not f.int_("id_checked", maximum=1) and not f.text("id_note", 200, optional=True):
        raise Rejected(
            "no_identity_note",
            "Say why the attestation is issued without checking an identity document.",
        )
    replaced = f.list_("replaces", MAX_REPLACED, optional=True) or []
    if replaced:
        _replace(led, view, tx, actor, f, att.id, replaced)
    led.store.run(
        "INSERT INTO attestations (id, tx, actor, commune, kid, doc_type, subject, doc_hash, "
        "issued, expires, data, author, seq, number, year, seq_no) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            att.id,
            tx.id,
            actor.id,
            att.commune,
            att.kid,
            att.doc_type,
            att.subject,
            att.doc_hash or b"",
            att.issued,
            att.expires,
            att.data,
            view.author,
            view.seq,
            att.number,
            att.year,
            att.seq,
        ),
    )
    led.bump("attestations")


def _replace(
    led: RuleContext,
    view: View,
    tx: Tx,
    actor: Actor,
    f: Fields,
    new: bytes,
    replaced: list[object],
) -> None:
    """The earlier attestations a correction replaces: the issuing commune's own, still valid."""
    _need_officer(actor)
    reason = _reason(f)
    for old in replaced:
        if not isinstance(old, bytes) or len(old) != 32:
            raise f.bad("replaced attestations are named by their 32-byte id")
        _still_valid(led, view, old, actor)
        led.store.run(
            "UPDATE attestations SET replaced_by = ?, revoke_tx = ?, revoke_reason = ?, "
            "revoke_time = ?, revoke_author = ?, revoke_seq = ? WHERE id = ?",
            (new, tx.id, reason, tx.time, view.author, view.seq, old),
        )


def revoke(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    _need_officer(actor)
    att = f.bytes_("att", 32)
    _still_valid(led, view, att, actor)
    led.store.run(
        "UPDATE attestations SET revoke_tx = ?, revoke_reason = ?, revoke_time = ?, "
        "revoke_author = ?, revoke_seq = ? WHERE id = ?",
        (tx.id, _reason(f), tx.time, view.author, view.seq, att),
    )


def printed(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    """One more print of an attestation: the first is the original, the next ones are
    duplicates of the same signed attestation, numbered so each paper says which it is."""
    att = f.bytes_("att", 32)
    row = led.placed("attestations", att)
    if row is None or not view.has(row[0], row[1]):
        raise Rejected("unknown_attestation", "The attestation printed is not known here.")
    commune, prints = led.store.one(
        "SELECT commune, prints FROM attestations WHERE id = ?", (att,)
    ) or (None, 0)
    if commune != actor.commune:
        raise Rejected("not_allowed", "Only the issuing commune prints its attestations.")
    copy = f.int_("copy", minimum=1, maximum=999)
    if copy != (prints or 0) + 1:
        raise Rejected("wrong_copy", f"This would be print no. {(prints or 0) + 1}, not {copy}.")
    led.store.run("UPDATE attestations SET prints = ? WHERE id = ?", (copy, att))


def _reason(f: Fields) -> str:
    """ "category" or "category: note", as the verifier shows it."""
    category = f.text("reason", 20)
    if category not in REASONS:
        raise f.bad(f"the reason is one of {', '.join(REASONS)}")
    note = f.text("note", 200, optional=True)
    if category in NEEDS_NOTE and not note:
        raise Rejected(
            "reason_needs_note", "Say in a few words what happened: this reason needs it."
        )
    return f"{category}: {note}" if note else category


def _still_valid(led: RuleContext, view: View, att: bytes, actor: Actor) -> None:
    row = led.placed("attestations", att)
    if row is None or not view.has(row[0], row[1]):
        raise Rejected("unknown_attestation", "The attestation it refers to is not known here.")
    commune, revoked = led.store.one(
        "SELECT commune, revoke_tx FROM attestations WHERE id = ?", (att,)
    ) or (None, None)
    if commune != actor.commune:
        raise Rejected("not_allowed", "Only the issuing commune may cancel an attestation.")
    if revoked is not None:
        raise Rejected("already_revoked", "This attestation is already cancelled or replaced.")


def _need_officer(actor: Actor) -> None:
    # The mayor, or a deputy to whom the mayor delegated civil status (CGCT L2122-18): the
    # powers file (members/powers.py) says who, and the refusal names them.
    powers.need(actor, "attest_cancel")
