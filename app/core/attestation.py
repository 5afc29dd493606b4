"""Attestations: certificates a town hall issues, small enough for a QR code.

An attestation is its own COSE_Sign1, signed by the issuing member, with no external aad so that
anyone can check it without the network id. Labels 1, 4 and 6 follow CWT (iss, exp, iat); our
own claims sit under -1 so every map key stays inside the CBOR profile.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from app.core import cbor
from app.core.cose import CoseError, Sign1, parse_sign1, sign1
from app.core.errors import Rejected
from app.core.keys import KeyPair
from app.core.txtypes import MAX_ATTESTATION_BYTES

A_ISS, A_EXP, A_IAT, A_CLAIMS = 1, 4, 6, -1
C_TYPE, C_DOC, C_SUBJECT, C_NETWORK = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class Attestation:
    id: bytes
    data: bytes
    envelope: Sign1
    commune: bytes
    issued: int
    expires: int | None
    doc_type: str
    doc_hash: bytes
    subject: str
    network: bytes  # first 8 bytes of the network id: tells a verifier which trust data to use

    @property
    def kid(self) -> bytes:
        return self.envelope.kid or b""


def make_attestation(
    key: KeyPair,
    *,
    commune: bytes,
    network_id: bytes,
    doc_type: str,
    subject: str,
    doc_hash: bytes,
    issued: int,
    expires: int | None = None,
) -> bytes:
    claims: dict[int, Any] = {
        C_TYPE: doc_type,
        C_DOC: doc_hash,
        C_SUBJECT: subject,
        C_NETWORK: network_id[:8],
    }
    payload: dict[int, Any] = {A_ISS: commune, A_IAT: issued, A_CLAIMS: claims}
    if expires is not None:
        payload[A_EXP] = expires
    data = sign1(cbor.encode(payload), key.signing_key, b"")
    if len(data) > MAX_ATTESTATION_BYTES:
        raise Rejected(
            "oversized",
            "The attestation would not fit its QR code. Shorten the subject or the type.",
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
        _check(isinstance(claims, dict) and set(claims) == {C_TYPE, C_DOC, C_SUBJECT, C_NETWORK})
        commune, issued, expires = payload[A_ISS], payload[A_IAT], payload.get(A_EXP)
        _check(isinstance(commune, bytes) and len(commune) == 8)
        _check(type(issued) is int and issued >= 0)
        _check(expires is None or (type(expires) is int and expires >= issued))
        doc_type, doc_hash = claims[C_TYPE], claims[C_DOC]
        subject, network = claims[C_SUBJECT], claims[C_NETWORK]
        _check(isinstance(doc_type, str) and 1 <= len(doc_type) <= 60)
        _check(isinstance(doc_hash, bytes) and len(doc_hash) == 32)
        _check(isinstance(subject, str) and len(subject) <= 80)
        _check(isinstance(network, bytes) and len(network) == 8)
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
        network,
    )


class _Bad(Exception):
    pass


def _check(condition: bool) -> None:
    # Not `assert`: validation must survive `python -O`.
    if not condition:
        raise _Bad
