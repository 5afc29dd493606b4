"""The attestation office driven as a clerk would: issue with a preview, save the PDF, see the
print journal, verify from the PDF, a scanner on an AZERTY keyboard and the typed number,
refuse a tampered code, correct, cancel, and write a verifier kit."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.attestations import kit
from app.core.attestations.qrtext import from_qr_text, to_qr_text
from app.ui.attest_issue import PreviewDialog
from app.ui.attest_manage import CorrectDialog, ReasonDialog
from app.ui.attestations import AttestationsPage

US_TO_AZERTY = str.maketrans("1234567890AQZWM$%*-./:", "&é\"'(-è_çàQAWZ?458):!M")


@pytest.fixture
def page(qtbot, ambam_worker, monkeypatch):  # type: ignore[no-untyped-def]
    made = AttestationsPage(ambam_worker)
    qtbot.addWidget(made)
    monkeypatch.setattr("app.ui.confirm.ask", lambda *a, **k: True)
    made.refresh()
    return made


def _issue(qtbot, page: AttestationsPage, name: str = "Paul Ékani") -> str:  # type: ignore[no-untyped-def]
    issue = page.issue
    issue.kind.setCurrentIndex(issue.kind.findData("res"))
    issue.subject.setText(name)
    issue.born.setText("vers 1964")
    issue.detail.setText("Quartier Nkolbikon")
    assert issue.fit.text() == "The fields fit the QR code."
    issue.sign()
    qtbot.waitUntil(lambda: "signed and recorded" in issue.message.text(), timeout=20_000)
    assert issue.last is not None
    return issue.last.number


def _verified(qtbot, page: AttestationsPage, text: str) -> str:  # type: ignore[no-untyped-def]
    panel = page.verify
    panel.outcome.clear()
    panel.input.setText(text)
    panel.verify_input()
    qtbot.waitUntil(lambda: panel.outcome.text() not in ("", "Checking…"), timeout=20_000)
    return panel.outcome.text()


def test_issue_preview_save_and_verify_every_way(qtbot, page, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[int] = []
    monkeypatch.setattr(PreviewDialog, "exec", lambda d: shown.append(1) or 0)
    page.issue.subject.setText("Paul Ékani")
    page.issue.preview()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    number = _issue(qtbot, page)
    qtbot.waitUntil(lambda: page.issue.pending_box.isVisibleTo(page), timeout=20_000)
    assert number in page.issue.banner.text()  # signed, never printed: a power cut would show it
    pdf = tmp_path / "attestation.pdf"
    monkeypatch.setattr("app.ui.files.QFileDialog.getSaveFileName", lambda *a, **k: (str(pdf), ""))
    page.issue.save_pdf()
    qtbot.waitUntil(pdf.exists, timeout=20_000)
    qtbot.waitUntil(lambda: not page.issue.pending_box.isVisibleTo(page), timeout=20_000)

    page.verify.verify_file(pdf)
    qtbot.waitUntil(
        lambda: page.verify.outcome.text() == "Authentic – not cancelled", timeout=30_000
    )
    assert "According to the list of Ambam" in page.verify.status.text()
    values = [
        page.verify.fields.itemAt(n).widget().text()  # type: ignore[union-attr]
        for n in range(page.verify.fields.count())
        if page.verify.fields.itemAt(n).widget() is not None
    ]
    assert "Paul Ékani" in values and "vers 1964" in values and number in values

    qr = page.verify.last.fields and page.issue.last.qr_text  # type: ignore[union-attr]
    assert _verified(qtbot, page, qr.translate(US_TO_AZERTY)) == "Authentic – not cancelled"
    assert _verified(qtbot, page, number.lower().replace("-", " ")) == "Authentic – not cancelled"
    assert _verified(qtbot, page, qr.replace("AT1:", "AT1:0")) in (
        "NOT authentic",
        "Could not verify",
    )
    data = bytearray(from_qr_text(qr))
    data[-1] ^= 1  # the signature's last byte: the format holds, the signature does not
    assert _verified(qtbot, page, to_qr_text(bytes(data))) == "NOT authentic"
    assert page.verify.status.text() == (
        "Forged or altered: it does not carry the signature of the town hall it names."
    )
    assert _verified(qtbot, page, number[:-1] + ("Y" if number[-1] != "Y" else "Z")) == (
        "Could not verify"
    )
    assert "check character" in page.verify.status.text()


def test_correct_then_cancel_and_see_the_spread(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    number = _issue(qtbot, page, "Paul Ekeni")
    manage = page.manage
    manage.refresh()
    qtbot.waitUntil(lambda: manage.list.count() == 1, timeout=20_000)
    manage.list.setCurrentRow(0)

    def fix(dialog: CorrectDialog) -> int:
        dialog.subject.setText("Paul Ekani")
        return CorrectDialog.DialogCode.Accepted

    monkeypatch.setattr(CorrectDialog, "exec", fix)
    manage.correct()
    qtbot.waitUntil(lambda: "replaces the earlier one" in manage.message.text(), timeout=20_000)
    assert _verified(qtbot, page, number) == "Replaced"
    qtbot.waitUntil(lambda: manage.list.count() == 2, timeout=20_000)
    manage.list.setCurrentRow(0)  # the new one, newest first
    new = manage.rows[0].number
    assert new != number
    assert _verified(qtbot, page, number) == "Replaced"  # the sentence names the new one
    assert f"Replaced by attestation no. {new} on " in page.verify.status.text()

    def fraud(dialog: ReasonDialog) -> int:
        dialog.reasons.setCurrentIndex(dialog.reasons.findData("fraud"))
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        assert not ok.isEnabled()  # fraud needs a note
        dialog.note.setText("pièce d'identité falsifiée")
        assert ok.isEnabled()
        return ReasonDialog.DialogCode.Accepted

    monkeypatch.setattr(ReasonDialog, "exec", fraud)
    manage.cancel()
    qtbot.waitUntil(lambda: "Cancelled and recorded" in manage.message.text(), timeout=20_000)
    assert _verified(qtbot, page, new) == "CANCELLED"
    assert "by Ambam: fraud (pièce d'identité falsifiée)." in page.verify.status.text()
    qtbot.waitUntil(
        lambda: manage.list.count() == 2 and "cancelled" in manage.list.item(0).text(),
        timeout=20_000,
    )
    manage.list.setCurrentRow(1)
    manage.list.setCurrentRow(0)
    qtbot.waitUntil(
        lambda: "Not yet known to: Bipindi, Campo" in manage.spread.text(), timeout=20_000
    )


def test_trust_lists_and_a_verifier_kit(qtbot, page, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    trust = page.trust
    trust.refresh()
    qtbot.waitUntil(lambda: trust.table.rowCount() == 3, timeout=20_000)
    assert trust.table.item(0, 3).text() == "fresh enough for every document"
    monkeypatch.setattr(
        "app.ui.files.QFileDialog.getExistingDirectory", lambda *a, **k: str(tmp_path)
    )
    trust.export_button.click()
    qtbot.waitUntil(lambda: "Verifier kit written" in trust.message.text(), timeout=20_000)
    assert kit.read(tmp_path).by == "Ambam"


def test_identity_not_checked_needs_a_reason_before_signing(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    issue = page.issue
    issue.subject.setText("Jeanne Mvondo")
    assert issue.sign_button.isEnabled()
    issue.id_checked.setChecked(False)
    assert not issue.sign_button.isEnabled()
    issue.id_note.setText("connue du secrétaire")
    assert issue.sign_button.isEnabled()
    issue.detail.setText("très long " * 20)
    assert "Too long for the QR code" in issue.fit.text() and not issue.sign_button.isEnabled()


def test_a_path_to_the_stick_is_not_a_kit(tmp_path: Path) -> None:
    with pytest.raises(kit.KitError):
        kit.read(tmp_path)
