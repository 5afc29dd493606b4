"""Issuing, verifying and cancelling attestations (certificates) from this laptop."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from typing import Any

from app.core.attestation import make_attestation, parse_attestation
from app.core.cose import CoseError, verify_sign1
from app.core.errors import NotFound, Rejected
from app.core.node import Node
from app.core.qrtext import to_qr_text
from app.core.txtypes import TxType


@dataclass(frozen=True)
class Issued:
    tx: bytes
    id: bytes
    data: bytes

    @property
    def qr_text(self) -> str:
        return to_qr_text(self.data)


def issue(
    node: Node, doc_type: str, subject: str, document: bytes, expires: int | None = None
) -> Issued:
    identity = node.keyring.identity(node.member)
    data = make_attestation(
        identity.current,
        commune=node.commune,
        network_id=node.network_id,
        doc_type=doc_type,
        subject=subject,
        doc_hash=hashlib.sha256(document).digest(),
        issued=int(time.time()),
        expires=expires,
    )
    tx = node.submit(TxType.ATTEST, {"att": data}, prio=1)
    return Issued(tx, hashlib.sha256(data).digest(), data)


def revoke(node: Node, attestation: bytes, reason: str) -> bytes:
    return node.submit(TxType.ATTEST_REVOKE, {"att": attestation, "reason": reason}, prio=0)


def find_by_document(node: Node, document: bytes) -> bytes:
    data = node.store.value(
        "SELECT data FROM attestations WHERE doc_hash = ? ORDER BY issued DESC LIMIT 1",
        (hashlib.sha256(document).digest(),),
    )
    if data is None:
        raise NotFound(
            "No attestation of this document is known here. Sync, or check the QR code instead."
        )
    return bytes(data)


@dataclass
class Verdict:
    outcome: str  # authentic | status_unknown | cancelled | expired | not_authentic | key_revoked
    checks: list[dict[str, Any]] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)

    def check(self, name: str, ok: bool, detail: str) -> bool:
        self.checks.append({"check": name, "ok": ok, "detail": detail})
        return ok

    def as_dict(self) -> dict[str, Any]:
        return {
            "valid": self.outcome == "authentic",
            "outcome": self.outcome,
            "revoked": self.outcome == "cancelled",
            "checks": self.checks,
            **self.fields,
        }


def verify(node: Node, data: bytes, now: int | None = None) -> Verdict:
    """How far an attestation checks out against what this laptop knows, step by step."""
    now = int(time.time()) if now is None else now
    verdict = Verdict("not_authentic")
    try:
        att = parse_attestation(data)
    except Rejected as exc:
        verdict.check("format", False, exc.message)
        return verdict
    verdict.check("format", True, "a signed attestation in the expected format")
    verdict.fields = {
        "id": att.id.hex(),
        "type": att.doc_type,
        "subject": att.subject,
        "document_sha256": att.doc_hash.hex(),
        "issued": att.issued,
        "expires": att.expires,
    }
    if not verdict.check(
        "network",
        att.network == node.network_id[:8],
        "issued in this network"
        if att.network == node.network_id[:8]
        else "issued in another network: its keys are not known here",
    ):
        return verdict
    key = node.store.one(
        "SELECT actor, pk, revoked, revoked_time FROM keys WHERE kid = ?", (att.kid,)
    )
    if not verdict.check(
        "issuer_key",
        key is not None,
        "the issuer's key is registered" if key else "unknown issuer key",
    ):
        return verdict
    assert key is not None
    try:
        verify_sign1(att.envelope, bytes(key[1]), b"")
        signed = True
    except CoseError:
        signed = False
    if not verdict.check(
        "signature",
        signed,
        "the signature matches" if signed else "the signature does not match: forged or altered",
    ):
        return verdict
    issuer = node.store.one("SELECT name, commune, role FROM actors WHERE id = ?", (key[0],))
    commune_name = node.store.value("SELECT name FROM actors WHERE id = ?", (att.commune,))
    verdict.fields.update({"issuer": issuer[0] if issuer else "?", "commune": commune_name})
    if not verdict.check(
        "issuer_commune",
        issuer is not None and issuer[1] == att.commune,
        "the issuer belongs to the commune named",
    ):
        return verdict
    recorded = node.store.one(
        "SELECT revoke_tx, revoke_reason, revoke_time FROM attestations WHERE id = ?", (att.id,)
    )
    if recorded is None:
        verdict.check("ledger", False, "not recorded in the ledger held here: status unknown")
        verdict.outcome = "key_revoked" if key[2] else "status_unknown"
        return verdict
    verdict.check("ledger", True, "recorded in the issuing commune's feed")
    if key[2]:
        # Recorded before the revocation in the issuer's own feed: it stays valid.
        verdict.check("issuer_standing", True, "key revoked later; the attestation predates it")
    else:
        verdict.check("issuer_standing", True, "the issuer's key is in good standing")
    if recorded[0] is not None:
        verdict.check("revocation", False, f"cancelled: {recorded[1]}")
        verdict.fields["revoked_at"] = recorded[2]
        verdict.outcome = "cancelled"
        return verdict
    as_of = node.store.value(
        "SELECT max(claimed_time) FROM blocks WHERE author = ?", (att.commune,)
    )
    verdict.check("revocation", True, "not cancelled according to the issuer's feed")
    verdict.fields["status_as_of"] = as_of
    if att.expires is not None and att.expires < now:
        verdict.check("validity", False, "expired")
        verdict.outcome = "expired"
        return verdict
    verdict.outcome = "authentic"
    return verdict
