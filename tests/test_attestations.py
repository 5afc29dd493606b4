"""Attestations: the commune's own numbers, issue and print journal, the seven outcomes of a
verification, corrections that replace, cancellations by an officer, and the QR size limit."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
import qrcode
from qrcode.constants import ERROR_CORRECT_Q

from app.core.attestations import certificates, numbering, queries
from app.core.attestations.attestation import make_attestation, parse_attestation
from app.core.attestations.azerty import from_scanner
from app.core.attestations.certificates import Request
from app.core.attestations.qrtext import from_qr_text, to_qr_text
from app.core.crypto.keys import KeyPair
from app.core.errors import NotFound, Rejected
from app.core.ledger.txtypes import TxType
from tests.conftest import Network

PAUL = Request("res", "Paul Ekani", born="1964", detail="Quartier Nkolbikon")


def _issue(net: Network, request: Request = PAUL, **extra: object) -> certificates.Issued:
    issued = certificates.issue(net.nodes[0], request, **extra)  # type: ignore[arg-type]
    net.sync()
    return issued


def test_numbers_are_the_communes_own_sequence_with_a_check_character(net: Network) -> None:
    a = net.nodes[0]
    first, second = _issue(net), _issue(net)
    year = datetime.now(UTC).year
    code = numbering.commune_code(a.commune)
    assert first.number == numbering.number(a.commune, year, 1)
    assert second.number.startswith(f"{code}-{year}-000002-")
    typed = second.number.lower().replace("-", " ").replace("0", "o")  # as read over the radio
    assert numbering.normalise(typed) == second.number
    body, check = second.number[:-1], second.number[-1]
    wrong = numbering.ALPHABET[(numbering.ALPHABET.index(check) + 1) % 32]
    with pytest.raises(numbering.NumberError, match="check character"):
        numbering.normalise(body + wrong)
    with pytest.raises(numbering.NumberError):
        numbering.normalise("12-34")


def test_a_number_out_of_sequence_is_refused(net: Network) -> None:
    a = net.nodes[0]
    key = a.keyring.identity(a.member).current
    data = make_attestation(
        key, commune=a.commune, doc_type="res", subject="X", seq=7, issued=int(time.time())
    )
    with pytest.raises(Rejected) as caught:
        a.submit(TxType.ATTEST, {"att": data, "requester": "self", "id_checked": 1})
    assert caught.value.code == "wrong_number"


def test_authentic_everywhere_with_the_date_of_the_communes_list(net: Network) -> None:
    issued = _issue(net)
    for node in net.nodes:
        verdict = certificates.verify(node, from_qr_text(issued.qr_text))
        assert verdict.outcome == "authentic", verdict.checks
        assert [c["check"] for c in verdict.checks] == [
            "format",
            "issuer_key",
            "signature",
            "issuer_commune",
            "ledger",
            "issuer_standing",
            "revocation",
        ]
        fields = verdict.fields
        assert fields["subject"] == "Paul Ekani" and fields["commune"] == "Ambam"
        assert fields["type_label"] == "Certificat de résidence"
        assert fields["status_as_of"] > 0 and fields["number"] == issued.number
        assert ("Domicile", "Quartier Nkolbikon") in fields["lines"]
        assert ("Né(e) le", "1964") in fields["lines"]  # a partial date stays as written


def test_identity_not_checked_needs_a_reason(net: Network) -> None:
    a = net.nodes[0]
    with pytest.raises(Rejected) as caught:
        certificates.issue(a, Request("vie", "Jeanne Mvondo", id_checked=False))
    assert caught.value.code == "no_identity_note"
    certificates.issue(
        a,
        Request(
            "vie",
            "Jeanne Mvondo",
            id_checked=False,
            id_note="connue du secrétaire depuis vingt ans",
        ),
    )


def test_cancelled_with_a_reason_from_the_list(net: Network) -> None:
    issued = _issue(net)
    a = net.nodes[0]
    with pytest.raises(Rejected) as vague:
        certificates.revoke(a, issued.id, "fraud")  # fraud says what happened
    assert vague.value.code == "reason_needs_note"
    with pytest.raises(Rejected):
        certificates.revoke(a, issued.id, "because")  # not a reason of the list
    certificates.revoke(a, issued.id, "lost_or_stolen")
    net.sync()
    verdict = certificates.verify(net.nodes[1], issued.data)
    assert verdict.outcome == "cancelled" and verdict.fields["reason"] == "lost_or_stolen"


def test_a_correction_replaces_the_earlier_paper(net: Network) -> None:
    issued = _issue(net, Request("res", "Paul Ekeni", born="1964"))
    a = net.nodes[0]
    fixed = certificates.correct(a, issued.id, PAUL, "clerical_error")
    net.sync()
    old = certificates.verify(net.nodes[2], issued.data)
    assert old.outcome == "replaced" and old.fields["replaced_by"] == fixed.number
    assert certificates.verify(net.nodes[2], fixed.data).outcome == "authentic"
    with pytest.raises(Rejected) as twice:
        certificates.correct(a, issued.id, PAUL, "clerical_error")
    assert twice.value.code == "already_revoked"


def test_only_the_mayor_or_a_deputy_cancels_and_only_in_the_issuing_commune(net: Network) -> None:
    issued = _issue(net)
    a, b = net.nodes[:2]
    clerk = a.add_member("Secrétaire", "clerk")
    with pytest.raises(Rejected) as caught:
        a.submit(TxType.ATTEST_REVOKE, {"att": issued.id, "reason": "lost_or_stolen"}, actor=clerk)
    assert caught.value.code == "role_needed"
    with pytest.raises(Rejected) as elsewhere:
        certificates.revoke(b, issued.id, "lost_or_stolen")
    assert elsewhere.value.code == "not_allowed"


def test_expired(net: Network) -> None:
    issued = _issue(net)  # a residence certificate is valid 90 days
    later = int(time.time()) + 91 * 86_400
    assert certificates.verify(net.nodes[1], issued.data, now=later).outcome == "expired"


def test_status_unknown_when_the_communes_list_is_older_than_the_type_allows(
    net: Network,
) -> None:
    issued = _issue(net, Request("autre", "Association des pêcheurs", detail="Siège à Ambam"))
    soon, late = int(time.time()) + 80 * 86_400, int(time.time()) + 91 * 86_400
    assert certificates.verify(net.nodes[1], issued.data, now=soon).outcome == "authentic"
    verdict = certificates.verify(net.nodes[1], issued.data, now=late)
    assert verdict.outcome == "status_unknown" and verdict.fields["status_max_age_days"] == 90


def test_not_yet_received_is_status_unknown(net: Network) -> None:
    a, b = net.nodes[:2]
    issued = certificates.issue(a, PAUL)  # sealed on Ambam, no stick has gone to Bipindi yet
    assert certificates.verify(b, issued.data).outcome == "status_unknown"


def test_altered_or_forged_is_not_authentic(net: Network) -> None:
    issued = _issue(net)
    altered = issued.data.replace(b"Paul", b"Saul")
    verdict = certificates.verify(net.nodes[1], altered)
    assert verdict.outcome == "not_authentic"
    assert verdict.checks[-1]["check"] == "signature" and not verdict.checks[-1]["ok"]
    a = net.nodes[0]
    forged = make_attestation(
        KeyPair.generate(), commune=a.commune, doc_type="res", subject="X", seq=1, issued=1
    )
    assert certificates.verify(a, forged).outcome == "not_authentic"


def test_signed_by_a_key_revoked_since_and_never_recorded_is_key_revoked(net: Network) -> None:
    """A stolen key signs a paper offline; once the revocation has travelled, that paper shows
    the revocation, while those recorded before it stay valid (causal order)."""
    a = net.nodes[0]
    deputy = a.add_member("Adjoint", "deputy")
    before = certificates.issue(a, PAUL)
    key = a.keyring.identity(deputy).current
    stolen = make_attestation(
        key, commune=a.commune, doc_type="res", subject="Faux Nom", seq=99, issued=int(time.time())
    )
    a.submit(TxType.KEY_REVOKE, {"kid": key.kid, "reason": "volée"}, actor=a.commune)
    a.seal()
    net.sync()
    verdict = certificates.verify(net.nodes[1], stolen)
    assert verdict.outcome == "key_revoked" and verdict.fields["key_revoked_at"]
    assert certificates.verify(net.nodes[1], before.data).outcome == "authentic"


def test_another_commune_cannot_issue_in_ambams_name(net: Network) -> None:
    a, b = net.nodes[:2]
    data = make_attestation(
        b.keyring.identity(b.member).current,
        commune=a.commune,
        doc_type="res",
        subject="X",
        seq=1,
        issued=1,
    )
    with pytest.raises(Rejected) as caught:
        b.submit(TxType.ATTEST, {"att": data, "requester": "self", "id_checked": 1})
    assert caught.value.code == "wrong_issuer"


def test_prints_are_counted_and_a_power_cut_leaves_a_reprint_under_the_same_number(
    net: Network,
) -> None:
    a = net.nodes[0]
    issued = certificates.issue(a, PAUL)
    assert [r.state for r in queries.unconfirmed(a)] == ["signed"]
    assert certificates.record_print(a, issued.id) == 1
    # The power goes: on restart the journal still shows the print as unconfirmed.
    home = a.home
    a.close()
    net.nodes[0] = a = type(a).open(home, "pass phrase")
    (left,) = queries.unconfirmed(a)
    assert left.number == issued.number and left.state == "sent"
    assert certificates.record_print(a, issued.id) == 2  # DUPLICATA n° 1, same QR
    certificates.confirm_print(a, issued.id)
    assert queries.unconfirmed(a) == []
    with pytest.raises(Rejected) as skipped:
        a.submit(TxType.ATTEST_PRINT, {"att": issued.id, "copy": 5})
    assert skipped.value.code == "wrong_copy"


def test_the_clock_may_not_go_back_before_what_the_commune_recorded(net: Network) -> None:
    a = net.nodes[0]
    certificates.issue(a, PAUL)
    with pytest.raises(certificates.ClockBehind) as caught:
        certificates.issue(a, PAUL, now=int(time.time()) - 3 * 86_400)
    assert "Set the date and time" in str(caught.value)


def test_found_by_the_number_typed_or_read_over_the_radio(net: Network) -> None:
    issued = _issue(net)
    b = net.nodes[1]
    assert certificates.find_by_number(b, issued.number.replace("-", "")) == issued.data
    with pytest.raises(NotFound):
        certificates.find_by_number(b, numbering.number(b.commune, 2026, 5))


def test_a_scanner_on_an_azerty_keyboard_is_understood(net: Network) -> None:
    issued = _issue(net)
    text = issued.qr_text
    # What a US-mapped scanner types through a French layout, key by key.
    us_to_azerty = str.maketrans("1234567890AQZWM$%*-./:", "&é\"'(-è_çàQAWZ?458):!M")
    scrambled = text.translate(us_to_azerty)
    assert scrambled.startswith("QT&M") and scrambled != text
    assert from_scanner(scrambled) == text
    assert from_scanner(text) == text


def _qr_version(payload: bytes | str) -> int:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q)
    code.add_data(payload)
    code.make(fit=True)
    return int(code.version)


def test_every_accepted_attestation_fits_a_version_13_qr_at_q(net: Network) -> None:
    a = net.nodes[0]
    accepted = 0
    for length in range(1, 61, 4):
        subject = ("Marie-Françoise Ngo Mbarga épouse Nkoulou " * 2)[:length].strip() or "X"
        request = Request(
            "nais",
            subject,
            born="1964-03-02",
            place="Sangmélima",
            detail="Acte n° 412, registre de 1964",
        )
        try:
            issued = certificates.issue(a, request)
        except Rejected as exc:
            assert exc.code == "oversized" and length > 30
            continue
        accepted += 1
        assert parse_attestation(issued.data).subject == subject
        assert _qr_version(to_qr_text(issued.data)) <= 13
    assert accepted >= 10  # names of up to ~40 characters with a full birth record


@pytest.mark.parametrize("dpi", [100, 150, 300])
def test_printed_rasterised_decoded_and_verified(net: Network, tmp_path, qapp, dpi: int) -> None:  # type: ignore[no-untyped-def]
    """The whole chain: sign, print the A4 PDF, rasterise it as a scanner would, read the QR
    code back and verify it in another commune."""
    import pypdfium2

    from app.core.attestations import scan
    from app.ui import certificate

    a = net.nodes[0]
    issued = certificates.issue(
        a,
        Request(
            "nais",
            "Marie-Françoise Ngo Mbarga",
            born="1964-03-02",
            place="Sangmélima",
            detail="Acte n° 412",
        ),
    )
    net.sync()
    pdf = tmp_path / "acte.pdf"
    certificate.save_pdf(pdf, certificates.to_print(a, issued.id))
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        document[0].render(scale=dpi / 72).to_pil().convert("L").save(tmp_path / "scan.png")
    finally:
        document.close()
    (text,) = scan.qr_texts(tmp_path / "scan.png")
    verdict = certificates.verify(net.nodes[1], from_qr_text(text))
    assert verdict.outcome == "authentic" and verdict.fields["number"] == issued.number


def test_the_thermal_slip_at_203_dpi_verifies(net: Network, tmp_path, qapp) -> None:  # type: ignore[no-untyped-def]
    import PIL.Image
    import PIL.ImageFilter

    from app.core.attestations import scan
    from app.ui import certificate

    a = net.nodes[0]
    issued = certificates.issue(a, PAUL)
    net.sync()
    slip = tmp_path / "ticket.png"
    certificate.save_thermal_png(slip, certificates.to_print(a, issued.id))
    printed = PIL.Image.open(slip).convert("L").filter(PIL.ImageFilter.GaussianBlur(0.6))
    printed.point(lambda v: 255 if v > 128 else 0).save(tmp_path / "printed.png")  # heat dots
    (text,) = scan.qr_texts(tmp_path / "printed.png")
    assert certificates.verify(net.nodes[2], from_qr_text(text)).outcome == "authentic"


def test_fits_says_whether_the_fields_fit_the_qr_code_before_anything_is_signed() -> None:
    assert certificates.fits(PAUL)
    assert not certificates.fits(Request("res", "Paul Ekani", detail="Quartier " * 400))
