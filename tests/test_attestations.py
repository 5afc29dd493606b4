"""Attestations: issue, verify step by step, cancel, and the QR code they must fit."""

from __future__ import annotations

import time

import pytest
import qrcode
from qrcode.constants import ERROR_CORRECT_Q

from app.core import certificates
from app.core.attestation import make_attestation
from app.core.keys import KeyPair
from app.core.qrtext import from_qr_text, to_qr_text
from app.core.txtypes import TxType
from tests.conftest import Network

DOC = "Certificat de résidence"


def _issue(net: Network, subject: str = "Paul Ekani", expires: int | None = None):  # type: ignore[no-untyped-def]
    a = net.nodes[0]
    issued = certificates.issue(a, DOC, subject, b"le document", expires)
    a.seal()
    net.sync()
    return issued


def test_issued_attestation_verifies_everywhere(net: Network) -> None:
    issued = _issue(net)
    for node in net.nodes:
        verdict = certificates.verify(node, from_qr_text(issued.qr_text))
        assert verdict.outcome == "authentic", verdict.checks
        assert [c["check"] for c in verdict.checks] == [
            "format",
            "network",
            "issuer_key",
            "signature",
            "issuer_commune",
            "ledger",
            "issuer_standing",
            "revocation",
        ]
        assert verdict.fields["subject"] == "Paul Ekani"
        assert verdict.fields["commune"] == "Ambam"


def test_lookup_by_document(net: Network) -> None:
    issued = _issue(net)
    found = certificates.find_by_document(net.nodes[2], b"le document")
    assert found == issued.data


def test_cancelled_attestation(net: Network) -> None:
    issued = _issue(net)
    a = net.nodes[0]
    certificates.revoke(a, issued.id, "erreur de nom")
    a.seal()
    net.sync()
    verdict = certificates.verify(net.nodes[1], issued.data)
    assert verdict.outcome == "cancelled"
    assert "erreur de nom" in verdict.checks[-1]["detail"]


def test_only_the_issuing_commune_cancels(net: Network) -> None:
    issued = _issue(net)
    from app.core.errors import Rejected

    with pytest.raises(Rejected) as caught:
        certificates.revoke(net.nodes[1], issued.id, "pas à nous")
    assert caught.value.code == "not_allowed"


def test_expired_attestation(net: Network) -> None:
    issued = _issue(net, expires=int(time.time()) + 60)
    verdict = certificates.verify(net.nodes[1], issued.data, now=int(time.time()) + 3600)
    assert verdict.outcome == "expired"


def test_altered_attestation_is_not_authentic(net: Network) -> None:
    issued = _issue(net)
    altered = issued.data.replace(b"Paul", b"Saul")
    assert altered != issued.data
    verdict = certificates.verify(net.nodes[1], altered)
    assert verdict.outcome == "not_authentic"
    assert verdict.checks[-1]["check"] == "signature" and not verdict.checks[-1]["ok"]


def test_attestation_by_an_unknown_key(net: Network) -> None:
    a = net.nodes[0]
    forged = make_attestation(
        KeyPair.generate(),
        commune=a.commune,
        network_id=a.network_id,
        doc_type=DOC,
        subject="X",
        doc_hash=b"\x00" * 32,
        issued=1,
    )
    assert certificates.verify(a, forged).outcome == "not_authentic"


def test_signed_but_not_yet_received_is_status_unknown(net: Network) -> None:
    a, b = net.nodes[:2]
    issued = certificates.issue(a, DOC, "Paul", b"doc")  # pending on Ambam, never synced
    assert certificates.verify(b, issued.data).outcome == "status_unknown"


def test_attestation_needs_the_issuer_commune_feed(net: Network) -> None:
    a, b = net.nodes[:2]
    # Bipindi's mayor signs an attestation naming Ambam: Bipindi's feed refuses it.
    data = make_attestation(
        b.keyring.identity(b.member).current,
        commune=a.commune,
        network_id=b.network_id,
        doc_type=DOC,
        subject="X",
        doc_hash=b"\x01" * 32,
        issued=1,
    )
    from app.core.errors import Rejected

    with pytest.raises(Rejected) as caught:
        b.submit(TxType.ATTEST, {"att": data})
    assert caught.value.code == "wrong_issuer"


def _qr_version(payload: bytes | str) -> int:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q)
    code.add_data(payload)
    code.make(fit=True)
    return int(code.version)


def test_every_accepted_attestation_fits_a_version_13_qr_at_q(net: Network) -> None:
    from app.core.errors import Rejected

    a = net.nodes[0]
    accepted = 0
    for length in range(0, 81, 4):
        subject = ("Jean-Baptiste Mvondo épouse Abessolo " * 3)[:length]
        try:
            issued = certificates.issue(a, "Extrait d'acte de naissance", subject, b"d")
        except Rejected as exc:
            assert exc.code == "oversized" and length > 30
            continue
        accepted += 1
        assert _qr_version(issued.data) <= 13
        assert _qr_version(to_qr_text(issued.data)) <= 13
    assert accepted >= 9  # names of up to ~36 characters are accepted
