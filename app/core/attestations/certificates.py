"""The attestation office of this laptop: issue, print, correct, cancel and verify.

Issuing signs the attestation and records it in a sealed block before anything prints, so a
power cut after signing loses nothing: the print journal lists what was signed and not
confirmed printed, and a reprint is the same signed attestation ("DUPLICATA n° k"), never a
new number.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.attestations import doctypes, numbering
from app.core.attestations.attestation import Attestation, make_attestation, parse_attestation
from app.core.attestations.doctypes import DocType
from app.core.attestations.printed import Printed, commune_title
from app.core.attestations.qrtext import to_qr_text
from app.core.attestations.verdict import (
    DAY,
    Status,
    Verdict,
    decide,
    opened,
    printed_lines,
    signed_by,
    signed_fields,
)
from app.core.crypto.keys import KeyPair
from app.core.errors import NotFound, ObambuError, Rejected
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.core.typography import french

CLOCK_SLACK = 600  # seconds: two laptops' clocks never agree to the second


class ClockBehind(ObambuError):
    code = "clock_behind"


@dataclass(frozen=True)
class Request:
    """What the clerk fills in: the printed fields, who asks, and whether their identity
    document was checked (recorded in the ledger, never in the QR code)."""

    doc_type: str
    subject: str
    born: str | None = None
    place: str | None = None
    detail: str | None = None
    requester: str = "self"
    id_checked: bool = True
    id_note: str | None = None
    document: bytes | None = None  # a file the attestation vouches for, if any


@dataclass(frozen=True)
class Issued:
    tx: bytes
    id: bytes
    data: bytes

    @property
    def qr_text(self) -> str:
        return to_qr_text(self.data)

    @property
    def number(self) -> str:
        return parse_attestation(self.data).number


def issue(
    node: Node,
    request: Request,
    *,
    now: int | None = None,
    replaces: tuple[bytes, ...] = (),
    reason: str | None = None,
    note: str | None = None,
) -> Issued:
    """Signs the attestation with the next number of the commune and seals it in a block."""
    now = int(time.time()) if now is None else now
    check_clock(node, now)
    data = _draft(node, node.keyring.identity(node.member).current, request, now)
    body: dict[str, Any] = {
        "att": data,
        "requester": request.requester,
        "id_checked": int(request.id_checked),
    }
    if request.id_note:
        body["id_note"] = request.id_note
    if replaces:
        body.update({"replaces": list(replaces), "reason": reason or "clerical_error"})
        if note:
            body["note"] = note
    tx = node.submit(TxType.ATTEST, body, prio=1)
    node.seal()  # in a block before any print: the number is taken for good
    issued = Issued(tx, hashlib.sha256(data).digest(), data)
    _journal(node, issued.id, "signed", 0)
    return issued


PROBE_KEY = KeyPair.generate()  # signs the size probe only; never leaves this process


def fits(request: Request) -> bool:
    """Whether the fields fit the QR code, checked as the clerk types (no worker needed)."""
    try:
        make_attestation(
            PROBE_KEY,
            commune=bytes(8),
            doc_type=request.doc_type or "x",
            subject=request.subject.strip() or "x",
            seq=999_999,
            issued=int(time.time()),
            expires=int(time.time()),
            born=request.born or None,
            place=request.place or None,
            detail=request.detail or None,
        )
    except Rejected:
        return False
    return True


def _draft(node: Node, key: KeyPair, request: Request, now: int) -> bytes:
    """The signed attestation with the commune's next number for the year of `now`."""
    kind = _kind(node, request.doc_type)
    year = datetime.fromtimestamp(now, UTC).year
    with node.overlay():
        last = node.store.value(
            "SELECT max(seq_no) FROM attestations WHERE commune = ? AND year = ?",
            (node.commune, year),
        )
    return make_attestation(
        key,
        commune=node.commune,
        doc_type=kind.code,
        subject=request.subject.strip(),
        seq=(last or 0) + 1,
        issued=now,
        doc_hash=hashlib.sha256(request.document).digest() if request.document else None,
        expires=now + kind.valid_days * DAY if kind.valid_days else None,
        born=_clean(request.born),
        place=_clean(request.place),
        detail=_clean(request.detail),
    )


ROLES_FR = {"mayor": "maire", "deputy": "adjoint au maire", "clerk": "secrétaire de mairie"}
LEGAL_WARNING = "Toute falsification ou usage de faux est puni par la loi."


def to_print(node: Node, attestation: bytes, copy: int = 0) -> Printed:
    """The page for an attestation recorded here; `copy` 0 is the original, k a duplicate."""
    with node.overlay():
        row = node.store.one(
            "SELECT a.data, m.name, m.role FROM attestations a "
            "LEFT JOIN actors m ON m.id = a.actor WHERE a.id = ?",
            (attestation,),
        )
    if row is None:
        raise NotFound("This attestation is not recorded here. Choose it in the list again.")
    return _printed(node, parse_attestation(bytes(row[0])), str(row[1]), str(row[2]), copy)


def preview(node: Node, request: Request, now: int | None = None) -> Printed:
    """The page as it will print, watermarked, with the number it will most likely get. The
    QR code is signed by a throwaway key, so a leaked preview never verifies."""
    now = int(time.time()) if now is None else now
    data = _draft(node, KeyPair.generate(), request, now)
    with node.overlay():
        me = node.store.one("SELECT name, role FROM actors WHERE id = ?", (node.member,))
    name, role = (str(me[0]), str(me[1])) if me else ("?", "")
    return replace(_printed(node, parse_attestation(data), name, role, 0), preview=True)


def _printed(node: Node, att: Attestation, issuer: str, role: str, copy: int) -> Printed:
    kind = doctypes.find(doctypes.load(node.home), att.doc_type)
    commune = (node.store.meta("commune_name") or b"").decode()
    issued_on = datetime.fromtimestamp(att.issued, UTC).date()
    return Printed(
        title=kind.label if kind else att.doc_type,
        commune=commune_title(commune),
        number=att.number,
        lines=printed_lines(att, kind),
        issued_on=issued_on,
        issuer=f"{issuer}, {ROLES_FR.get(role, role)}" if role else issuer,
        qr_text=to_qr_text(att.data),
        copy=copy,
        notes=[LEGAL_WARNING, network_line(node.network_id)],
    )


def network_line(network_id: bytes) -> str:
    """The id a verifier types once to check a kit (docs/spec/kit.md), in groups of four to
    read out. Not signed: a verifier takes it from the town hall, this only lets him compare."""
    text = network_id.hex()
    groups = " ".join(text[i : i + 4] for i in range(0, len(text), 4))
    return french(f"Identifiant du réseau : {groups}")


def correct(
    node: Node, old: bytes, request: Request, reason: str, note: str | None = None
) -> Issued:
    """A new attestation with a new number, replacing `old`: verifiers of the old paper then
    read "replaced by n° …"."""
    return issue(node, request, replaces=(old,), reason=reason, note=note)


def revoke(node: Node, attestation: bytes, reason: str, note: str | None = None) -> bytes:
    body: dict[str, Any] = {"att": attestation, "reason": reason}
    if note:
        body["note"] = note
    tx = node.submit(TxType.ATTEST_REVOKE, body, prio=0)
    node.seal()
    return tx


def record_print(node: Node, attestation: bytes) -> int:
    """Counts one more print in the ledger and returns its copy number (1 is the original)."""
    with node.overlay():
        prints = node.store.value("SELECT prints FROM attestations WHERE id = ?", (attestation,))
    copy = int(prints or 0) + 1
    node.submit(TxType.ATTEST_PRINT, {"att": attestation, "copy": copy}, prio=1)
    node.seal()
    _journal(node, attestation, "sent", copy)
    return copy


def confirm_print(node: Node, attestation: bytes) -> None:
    """The clerk has seen the paper come out whole and readable."""
    node.store.run(
        "UPDATE print_journal SET state = 'confirmed', at = ? WHERE att = ?",
        (int(time.time()), attestation),
    )


def _journal(node: Node, attestation: bytes, state: str, copy: int) -> None:
    node.store.run(
        "INSERT INTO print_journal (att, state, copy, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (att) DO UPDATE SET state = excluded.state, copy = excluded.copy, "
        "at = excluded.at",
        (attestation, state, copy, int(time.time())),
    )


def time_floor(node: Node) -> int:
    """The latest time this commune's own feed has recorded. Only our own: another laptop's
    clock running ahead must not stop this town hall from issuing."""
    return int(
        node.store.value("SELECT max(claimed_time) FROM blocks WHERE author = ?", (node.commune,))
        or 0
    )


def check_clock(node: Node, now: int) -> None:
    floor = time_floor(node)
    if now + CLOCK_SLACK < floor:
        seen = datetime.fromtimestamp(floor, UTC).strftime("%d/%m/%Y %H:%M")
        clock = datetime.fromtimestamp(now, UTC).strftime("%d/%m/%Y %H:%M")
        raise ClockBehind(
            f"The laptop's clock says {clock} UTC, earlier than {seen} UTC already recorded by "
            "this town hall: an attestation would carry a wrong date. Set the date and time, "
            "then issue again."
        )


def find_by_document(node: Node, document: bytes) -> bytes:
    return _find_by_digest(node, hashlib.sha256(document).digest())


def find_by_file(node: Node, path: Path) -> bytes:
    """find_by_document for a file handed over: hashed as it is read, so any size costs little
    memory; a FIFO or a device is refused rather than waited on."""
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise NotFound(
                "This is not a document file. Choose the file the attestation vouches for."
            )
        digest = hashlib.file_digest(file, "sha256").digest()
    return _find_by_digest(node, digest)


def _find_by_digest(node: Node, digest: bytes) -> bytes:
    data = node.store.value(
        "SELECT data FROM attestations WHERE doc_hash = ? ORDER BY issued DESC LIMIT 1", (digest,)
    )
    if data is None:
        raise NotFound(
            "No attestation of this document is known here. Sync, or check the QR code instead."
        )
    return bytes(data)


def find_by_number(node: Node, typed: str) -> bytes:
    """The attestation with this number, typed or read over the radio."""
    wanted = numbering.normalise(typed)
    data = node.store.value("SELECT data FROM attestations WHERE number = ?", (wanted,))
    if data is None:
        raise NotFound(
            f"No attestation n° {wanted} is known here. Sync with a stick, or ask the town hall "
            "that issued it."
        )
    return bytes(data)


def verify(node: Node, data: bytes, now: int | None = None) -> Verdict:
    """How far an attestation checks out against what this laptop's ledger knows."""
    now = int(time.time()) if now is None else now
    verdict, att = opened(data)
    if att is None:
        return verdict
    kind = doctypes.find(doctypes.load(node.home), att.doc_type)
    verdict.fields = signed_fields(att, kind)
    key = node.store.one(
        "SELECT actor, pk, revoked, revoked_time FROM keys WHERE kid = ?", (att.kid,)
    )
    if not signed_by(verdict, att, bytes(key[1]) if key else None):
        return verdict
    assert key is not None
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
        "SELECT a.revoke_reason, a.revoke_time, b.number, (SELECT n.name FROM txs t "
        "JOIN actors n ON n.id = t.actor WHERE t.id = a.revoke_tx) FROM attestations a "
        "LEFT JOIN attestations b ON b.id = a.replaced_by WHERE a.id = ?",
        (att.id,),
    )
    if recorded is None:
        verdict.check("ledger", False, "not recorded in the ledger held here: status unknown")
        if key[2]:
            verdict.fields["key_revoked_at"] = key[3]
            verdict.outcome = "key_revoked"
        else:
            verdict.outcome = "status_unknown"
        return verdict
    verdict.check("ledger", True, "recorded in the issuing commune's feed")
    # Recorded before the key's revocation in the issuer's own feed: it stays valid.
    standing = "key revoked later; the attestation predates it" if key[2] else "in good standing"
    verdict.check("issuer_standing", True, standing)
    as_of = node.store.value(
        "SELECT max(claimed_time) FROM blocks WHERE author = ?", (att.commune,)
    )
    reason, when, replaced_by, cancelled_by = recorded
    status = Status(as_of, replaced_by, reason, when)
    decided = decide(verdict, att, kind, status, now)
    if cancelled_by is not None and decided.outcome in ("cancelled", "replaced"):
        decided.fields["cancelled_by"] = cancelled_by  # who signed it: the mayor, a deputy
    return decided


def verify_fields(data: bytes) -> dict[str, Any]:
    """The signed fields of an attestation's bytes, without checking anything (to prefill a
    correction)."""
    return signed_fields(parse_attestation(data), None)


def _kind(node: Node, code: str) -> DocType:
    kind = doctypes.find(doctypes.load(node.home), code)
    if kind is None:
        raise NotFound(f"There is no attestation type '{code}' here. Choose one from the list.")
    return kind


def _clean(text: str | None) -> str | None:
    return text.strip() or None if text else None
