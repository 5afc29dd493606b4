"""Attestations: certificates a town hall issues, small enough for a QR code.

An attestation is its own COSE_Sign1, signed by the issuing member, with no external aad so that
anyone can check it without the network id. Labels 1, 4 and 6 follow CWT (iss, exp, iat); our
own claims sit under -1 so every map key stays inside the CBOR profile.

The claims are the fields printed on the paper, no more: the type's code, the person's name,
and optionally a birth date (partial dates such as "1964" or "vers 1964" stay as written), a
birth place and one free detail (an address, an act number). The attestation number is not
stored: it is rebuilt from the commune, the year of issue and the sequence, which are signed.
Everything must fit a version-13 QR code at error correction Q (MAX_ATTESTATION_BYTES).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.core.attestations import numbering
from app.core.crypto.keys import KeyPair
from app.core.encoding import cbor
from app.core.encoding.cose import CoseError, Sign1, parse_sign1, sign1
from app.core.errors import Rejected
from app.core.ledger.txtypes import LATEST_TIME, MAX_ATTESTATION_BYTES

A_ISS, A_EXP, A_IAT, A_CLAIMS = 1, 4, 6, -1
# Label 3 held the network id in the first format; the issuing commune's random id (iss) already
# names one network, and the bytes are needed for the printed fields.
C_TYPE, C_DOC, C_SUBJECT, C_SEQ, C_BORN, C_PLACE, C_DETAIL = 0, 1, 2, 4, 5, 6, 7
REQUIRED = {C_TYPE, C_SUBJECT, C_SEQ}
ALLOWED = REQUIRED | {C_DOC, C_BORN, C_PLACE, C_DETAIL}
LONGEST_SUBJECT = 60
OPTIONAL_TEXT = {C_BORN: 20, C_PLACE: 30, C_DETAIL: 60}  # longest, in characters


@dataclass(frozen=True, slots=True)
class Attestation:
    id: bytes
    data: bytes
    envelope: Sign1
    commune: bytes
    issued: int
    expires: int | None
    doc_type: str
    doc_hash: bytes | None  # SHA-256 of a document file the attestation vouches for, if any
    subject: str
    seq: int
    born: str | None = None
    place: str | None = None
    detail: str | None = None

    @property
    def kid(self) -> bytes:
        return self.envelope.kid or b""

    @property
    def year(self) -> int:
        return datetime.fromtimestamp(self.issued, UTC).year

    @property
    def number(self) -> str:
        return numbering.number(self.commune, self.year, self.seq)


def make_attestation(
    key: KeyPair,
    *,
    commune: bytes,
    doc_type: str,
    subject: str,
    seq: int,
    issued: int,
    doc_hash: bytes | None = None,
    expires: int | None = None,
    born: str | None = None,
    place: str | None = None,
    detail: str | None = None,
) -> bytes:
    claims: dict[int, Any] = {
        C_TYPE: doc_type,
        C_SUBJECT: subject,
        C_SEQ: seq,
    }
    optional = ((C_DOC, doc_hash), (C_BORN, born), (C_PLACE, place), (C_DETAIL, detail))
    claims.update({label: value for label, value in optional if value})
    payload: dict[int, Any] = {A_ISS: commune, A_IAT: issued, A_CLAIMS: claims}
    if expires is not None:
        payload[A_EXP] = expires
    data = sign1(cbor.encode(payload), key.signing_key, b"")
    if len(data) > MAX_ATTESTATION_BYTES:
        raise Rejected(
            "oversized",
            "The attestation would not fit its QR code. Shorten the name, the place or the detail.",
        )
    return data


def parse_attestation(data: bytes) -> Attestation:
    if len(data) > MAX_ATTESTATION_BYTES:
        raise Rejected("oversized", "This is too large to be an attestation.")
    try:
        envelope = parse_sign1(data, strict=True)
        payload: Any = cbor.decode(envelope.payload)
    except (CoseError, cbor.CanonicalError) as exc:
        raise Rejected("malformed", f"This is not an attestation: {exc}.") from exc
    try:
        _check(isinstance(payload, dict))
        _check(set(payload) - {A_EXP} == {A_ISS, A_IAT, A_CLAIMS})
        claims: Any = payload[A_CLAIMS]
        _check(isinstance(claims, dict) and REQUIRED <= set(claims) <= ALLOWED)
        commune, issued, expires = payload[A_ISS], payload[A_IAT], payload.get(A_EXP)
        _check(isinstance(commune, bytes) and len(commune) == 8)
        _check(type(issued) is int and 0 <= issued <= LATEST_TIME)
        _check(expires is None or (type(expires) is int and issued <= expires <= LATEST_TIME))
        doc_type, doc_hash = claims[C_TYPE], claims.get(C_DOC)
        subject, seq = claims[C_SUBJECT], claims[C_SEQ]
        _check(isinstance(doc_type, str) and 1 <= len(doc_type) <= 16)
        _check(doc_hash is None or (isinstance(doc_hash, bytes) and len(doc_hash) == 32))
        _check(isinstance(subject, str) and 1 <= len(subject) <= LONGEST_SUBJECT)
        _check(type(seq) is int and 1 <= seq <= 999_999)
        for key, longest in OPTIONAL_TEXT.items():
            value = claims.get(key)
            _check(value is None or (isinstance(value, str) and 1 <= len(value) <= longest))
    except _Bad as exc:
        raise Rejected("malformed", "This attestation's fields are not the expected ones.") from exc
    return Attestation(
        hashlib.sha256(data).digest(),
        data,
        envelope,
        commune,
        issued,
        expires,
        doc_type,
        doc_hash,
        subject,
        seq,
        claims.get(C_BORN),
        claims.get(C_PLACE),
        claims.get(C_DETAIL),
    )


class _Bad(Exception):
    pass


def _check(condition: bool) -> None:
    # Not `assert`: validation must survive `python -O`.
    if not condition:
        raise _Bad
