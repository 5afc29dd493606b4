"""The steps of verifying an attestation that do not depend on where the trust data comes from:
a town hall's ledger (certificates.verify) and a verifier kit (kit.verify) both go through
them, so the seven outcomes mean the same thing on every laptop."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.core.attestations import numbering
from app.core.attestations.attestation import Attestation, parse_attestation
from app.core.attestations.doctypes import DocType
from app.core.encoding.cose import CoseError, verify_sign1
from app.core.errors import Rejected

DAY = 86_400
OUTCOMES = (
    "authentic",
    "status_unknown",
    "cancelled",
    "replaced",
    "expired",
    "not_authentic",
    "key_revoked",
)


@dataclass
class Verdict:
    outcome: str  # one of OUTCOMES
    checks: list[dict[str, Any]] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)

    def check(self, name: str, ok: bool, detail: str) -> bool:
        self.checks.append({"check": name, "ok": ok, "detail": detail})
        return ok

    def as_dict(self) -> dict[str, Any]:
        return {
            "valid": self.outcome == "authentic",
            "outcome": self.outcome,
            "revoked": self.outcome in ("cancelled", "replaced"),
            "checks": self.checks,
            **self.fields,
        }


def opened(data: bytes) -> tuple[Verdict, Attestation | None]:
    """A verdict of "not authentic" until proven otherwise, and the parsed attestation."""
    verdict = Verdict("not_authentic")
    try:
        att = parse_attestation(data)
    except Rejected as exc:
        verdict.check("format", False, exc.message)
        return verdict, None
    verdict.check("format", True, "a signed attestation in the expected format")
    return verdict, att


def signed_by(verdict: Verdict, att: Attestation, public_key: bytes | None) -> bool:
    """The issuer's key is known and the signature matches it."""
    if not verdict.check(
        "issuer_key",
        public_key is not None,
        "the issuer's key is known" if public_key else "unknown issuer key: not of this network",
    ):
        return False
    try:
        verify_sign1(att.envelope, public_key or b"", b"")
        signed = True
    except CoseError:
        signed = False
    return verdict.check(
        "signature",
        signed,
        "the signature matches" if signed else "the signature does not match: forged or altered",
    )


@dataclass(frozen=True)
class Status:
    """What the trust data says of one attestation."""

    as_of: int | None  # when the issuing commune's list was last known
    replaced_by: str | None = None  # the new number
    cancelled: str | None = None  # the reason
    when: int | None = None  # of the cancellation or replacement


def decide(
    verdict: Verdict, att: Attestation, kind: DocType | None, status: Status, now: int
) -> Verdict:
    """Replaced, cancelled, expired, too old a list for the type, or authentic."""
    verdict.fields["status_as_of"] = status.as_of  # what a cancellation is known by, too
    if status.replaced_by is not None:
        verdict.check("revocation", False, f"replaced by n° {status.replaced_by}")
        verdict.fields.update(
            {
                "replaced_by": status.replaced_by,
                "revoked_at": status.when,
                "reason": status.cancelled,
            }
        )
        verdict.outcome = "replaced"
        return verdict
    if status.cancelled is not None:
        verdict.check("revocation", False, f"cancelled: {status.cancelled}{_listed(status)}")
        verdict.fields.update({"revoked_at": status.when, "reason": status.cancelled})
        verdict.outcome = "cancelled"
        return verdict
    if att.expires is not None and att.expires < now:
        verdict.check("validity", False, "expired")
        verdict.outcome = "expired"
        return verdict
    if status.as_of is not None and att.issued > status.as_of:
        # One rule for every verifier (docs/spec/kit.md): the signature is authentic, but a list
        # dated before the issue cannot say whether it was cancelled since.
        from datetime import UTC, datetime

        listed = datetime.fromtimestamp(status.as_of, UTC).strftime("%Y-%m-%d")
        verdict.check(
            "revocation",
            False,
            f"authentic; the list of cancellations held here dates from {listed}, before it was "
            "issued: its status is not known",
        )
        verdict.fields["issued_after_list"] = True
        verdict.outcome = "status_unknown"
        return verdict
    limit = kind.status_max_age_days if kind else None
    if limit is not None and now - int(status.as_of or 0) > limit * DAY:
        verdict.check(
            "revocation", False, f"the commune's list is older than the {limit} days allowed"
        )
        verdict.fields["status_max_age_days"] = limit
        verdict.outcome = "status_unknown"
        return verdict
    verdict.check("revocation", True, "not cancelled according to the commune's list")
    verdict.outcome = "authentic"
    return verdict


def _listed(status: Status) -> str:
    """ "according to the commune's list of 2026-01-04": the list that says so, by its date."""
    from datetime import UTC, datetime

    if status.as_of is None:
        return ""
    listed = datetime.fromtimestamp(status.as_of, UTC).strftime("%Y-%m-%d")
    return f", according to the commune's list of {listed}"


def signed_fields(att: Attestation, kind: DocType | None) -> dict[str, Any]:
    """Every signed field, with the lines as the paper prints them, in the same order."""
    return {
        "id": att.id.hex(),
        "number": att.number,
        "control": numbering.control_code(att.data),
        "type": att.doc_type,
        "type_label": kind.label if kind else att.doc_type,
        "subject": att.subject,
        "born": att.born,
        "place": att.place,
        "detail": att.detail,
        "document_sha256": att.doc_hash.hex() if att.doc_hash else None,
        "issued": att.issued,
        "expires": att.expires,
        "lines": printed_lines(att, kind),
    }


def printed_lines(att: Attestation, kind: DocType | None) -> list[tuple[str, str]]:
    """The signed fields as (French label, value), in the order of the paper."""
    from datetime import UTC, datetime

    lines = [("Nom et prénoms", att.subject)]
    if att.born:
        lines.append(("Né(e) le", _french_date(att.born)))
    if att.place:
        lines.append(("À", att.place))
    if att.detail:
        lines.append((kind.detail if kind and kind.detail else "Précision", att.detail))
    if att.expires is not None:
        expires = datetime.fromtimestamp(att.expires, UTC).strftime("%d/%m/%Y")
        lines.append(("Valable jusqu'au", expires))
    if att.doc_hash:
        lines.append(("Empreinte du document", att.doc_hash.hex()[:32]))
    lines.append(("Code de contrôle", numbering.control_code(att.data)))
    return lines


def _french_date(text: str) -> str:
    """A full ISO date as the paper writes dates (14/03/1964); anything else as typed."""
    from datetime import date

    try:
        return date.fromisoformat(text).strftime("%d/%m/%Y")
    except ValueError:
        return text  # "1964", "vers 1964": partial dates stay as written
