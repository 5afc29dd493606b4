"""A town hall that works in French, in the window: the mayor convenes a sitting, enters the
vote on its first item and reads the minutes; the clerk issues an attestation, saves its PDF and
verifies it. What they read is French done right: dates in words or as 17/12/2026, counts
through Qt's plural forms, the narrow no-break space before ":" ";" "?" "!" and inside « »;
and the minutes' body says nothing an engineer would (no hash, no block), the rules' reference
kept for an annex below it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.core.demo import DEMO_PIN
from app.ui import i18n
from app.ui.sittings import ConveneDialog, MinutesDialog
from app.ui.vote_entry import VoteEntryDialog
from tests.journeys.conftest import Town, open_window, pin_dialog
from tests.test_french import ISO_DATE, NNBSP, breaches

WAIT = 30_000
FRENCH_DAY = r"\d{1,2}(er)? (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}"  # noqa: E501
ENGINEER = re.compile(
    r"\b(blocs?|balises?|époques?|transactions?|scellée?s?|nœuds?|hachages?|SHA-256|empreintes?)\b",
    re.IGNORECASE,
)
HEX = re.compile(r"\b[0-9a-f]{12,}\b")


@pytest.fixture
def french(qapp: QApplication) -> Iterator[None]:
    i18n.install(qapp, "fr")
    yield
    i18n.install(qapp, "en")


def when_shown(kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
    """What the person does in the next dialog of `kind` once it is on screen (the dialog holds
    the test's thread in its own loop, as it holds the person's attention)."""

    def look() -> None:
        shown = QApplication.activeModalWidget()
        if isinstance(shown, kind) and shown.isVisible():
            act(shown)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def ok(dialog: QWidget) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    box.button(QDialogButtonBox.StandardButton.Ok).click()


def yes(box: QWidget) -> None:
    """The button that says yes to the question, whatever it is called."""
    assert isinstance(box, QMessageBox)
    roles = (QMessageBox.ButtonRole.YesRole, QMessageBox.ButtonRole.AcceptRole)
    chosen = next(b for b in box.buttons() if box.buttonRole(b) in roles)
    chosen.click()


def button(page: QWidget, text: str) -> QPushButton:
    found = [b for b in page.findChildren(QPushButton) if b.text() == text]
    assert len(found) == 1, [b.text() for b in page.findChildren(QPushButton)]
    return found[0]


def sign_with_pin() -> bool:
    """Marie's key is locked when the program starts: she types her PIN at her first change."""
    dialog = pin_dialog()
    if dialog is None:
        return False
    dialog.pin.setText(DEMO_PIN)
    dialog.sign.click()
    return True


def test_a_sitting_and_an_attestation_read_in_french(  # type: ignore[no-untyped-def]
    qtbot, french, demo: Callable[[int], list[Town]], tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("OBAMBU_LAN", "off")
    ambam, _ = demo(2)
    window, worker = open_window(qtbot, ambam)
    try:
        # --- the mayor convenes sitting no. 2, ten days ahead
        window.nav.setCurrentRow(window.stack.indexOf(window.sittings))
        page = window.sittings
        qtbot.waitUntil(lambda: page.list.count() == 1, timeout=WAIT)
        held = date.today() + timedelta(days=10)

        def convene(dialog: QWidget) -> None:
            assert isinstance(dialog, ConveneDialog)
            dialog.number.setValue(2)
            dialog.date.setDate(QDate(held.year, held.month, held.day))
            dialog.members.setPlainText(
                "Marie Ndongo\nPaul Ekani\nJeanne Mvondo\nLuc Abessolo\nClaire Nkoulou"
            )
            dialog.items.setPlainText("Achat d'un groupe électrogène\nRéfection du puits")
            ok(dialog)

        when_shown(ConveneDialog, convene)
        button(page, "Convoquer une séance…").click()
        qtbot.waitUntil(lambda: sign_with_pin() or page.list.count() == 2, timeout=WAIT)
        qtbot.waitUntil(lambda: page.list.count() == 2, timeout=WAIT)
        listed = [page.list.item(n).text() for n in range(2)]
        second = next(text for text in listed if text.startswith("Séance n° 2 du "))
        assert re.fullmatch(f"Séance n° 2 du {FRENCH_DAY}", second), second
        page.list.setCurrentRow(listed.index(second))
        qtbot.waitUntil(lambda: page.items.count() == 2, timeout=WAIT)
        assert "Convocation reçue par 0 conseiller sur 5." in page.details.text()

        # --- the vote on the first item, everybody present: four for, one against
        seen: list[str] = []

        def vote(dialog: QWidget) -> None:
            assert isinstance(dialog, VoteEntryDialog)
            for n, (present, choice) in enumerate(zip(dialog.present, dialog.choices, strict=True)):
                present.setChecked(True)
                choice.setCurrentIndex(choice.findData("contre" if n == 1 else "pour"))
            seen.append(dialog.quorum.text())
            ok(dialog)

        page.items.setCurrentRow(0)
        when_shown(VoteEntryDialog, vote)
        button(page, "Saisir le vote sur ce point…").click()
        qtbot.waitUntil(lambda: page.message.text() == "Le vote est enregistré.", timeout=WAIT)
        assert seen == [f"Quorum atteint{NNBSP}: 5 conseillers comptés, il en faut 3."]
        qtbot.waitUntil(lambda: "adopté" in page.items.item(0).text(), timeout=WAIT)

        # --- the minutes, read and signed
        read: list[str] = []

        def minutes(dialog: QWidget) -> None:
            assert isinstance(dialog, MinutesDialog)
            read.append(dialog.text.toPlainText())
            button(dialog, "Signer le procès-verbal").click()

        page.message.clear()
        when_shown(MinutesDialog, minutes)
        button(page, "Procès-verbal…").click()
        qtbot.waitUntil(
            lambda: page.message.text() == "Votre signature est enregistrée.", timeout=WAIT
        )
        text = read[0]
        assert re.search(f"PROCÈS-VERBAL — séance n° 2 du {FRENCH_DAY}\n", text), text
        assert re.search(f"Convocation signée le {FRENCH_DAY}\n", text), text
        assert f"Règles appliquées{NNBSP}: Conseil municipal — France" in text
        assert f"Scrutin{NNBSP}: scrutin public à main levée — pour 4, contre 1" in text
        assert f"Résultat{NNBSP}: adopté" in text
        assert not ISO_DATE.search(text), text
        wrong = {row: found for row in text.splitlines() if (found := breaches(row))}
        assert not wrong, wrong
        body, annex, reference = text.partition("Annexe — pour vérification")
        assert annex and HEX.search(reference)  # the rules' reference, for a technician
        assert not HEX.search(body) and not ENGINEER.search(body), body

        # --- the clerk issues a certificate of residence
        window.nav.setCurrentRow(window.stack.indexOf(window.attestations))
        office = window.attestations
        issue = office.issue
        qtbot.waitUntil(lambda: issue.kind.findData("res") >= 0, timeout=WAIT)
        issue.kind.setCurrentIndex(issue.kind.findData("res"))
        assert issue.born.placeholderText() == "02/03/1964, 1964 ou vers 1964"
        qtbot.keyClicks(issue.subject, "Paul Ékani")
        qtbot.keyClicks(issue.born, "02/03/1964")
        qtbot.keyClicks(issue.detail, "Quartier Nkolbikon")
        when_shown(QMessageBox, yes)
        button(issue, "Signer").click()
        qtbot.waitUntil(lambda: "signée et enregistrée" in issue.message.text(), timeout=WAIT)
        pdf = tmp_path / "attestation.pdf"
        monkeypatch.setattr(  # the clerk names the file in the save dialog
            "app.ui.files.QFileDialog.getSaveFileName", lambda *a, **k: (str(pdf), "")
        )
        button(issue, "Enregistrer en PDF…").click()
        qtbot.waitUntil(lambda: issue.message.text().startswith("Enregistré"), timeout=WAIT)
        paper = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
        paper = paper.replace("\r\n", "\n")
        assert "Certificat de résidence" in paper and "02/03/1964" in paper
        issued = r"Délivrée le [a-zéû -]+ \(\d\d/\d\d/\d{4}\)"  # in words, then figures
        assert re.search(issued, paper.replace("\n", " ")), paper
        assert "Vérifiable hors ligne" in paper and not ISO_DATE.search(paper)
        # The paper's font draws U+202F as a space, and a PDF's text gives it back as one.
        spaced = [row for row in paper.splitlines() if breaches(row.replace(" :", f"{NNBSP}:"))]
        assert "ligne :" in paper and not spaced, spaced

        # --- in the list of the commune's attestations, by its name, not its code
        office.tabs.setCurrentWidget(office.manage)
        manage = office.manage.list
        qtbot.waitUntil(lambda: manage.count() > 0, timeout=WAIT)
        papers = [manage.item(n).text() for n in range(manage.count())]
        paul = next(text for text in papers if "Paul Ékani" in text)
        assert "(Certificat de résidence, " in paul, paul
        assert not [text for text in papers if re.search(r"\((res|nais|vie|copie|autre),", text)]

        # --- and verified from its PDF
        office.tabs.setCurrentWidget(office.verify)
        monkeypatch.setattr(  # the clerk picks the file in the open dialog
            "app.ui.files.QFileDialog.getOpenFileName", lambda *a, **k: (str(pdf), "")
        )
        button(office.verify, "Ouvrir une photo ou un PDF…").click()
        qtbot.waitUntil(
            lambda: office.verify.outcome.text() == "Authentique – non annulée", timeout=WAIT
        )
        status = office.verify.status.text()
        assert re.fullmatch(r"Selon la liste de Ambam d'aujourd'hui, \d\d/\d\d/\d{4}\.", status)
        shown = [label.text() for label in office.verify.fields_box.findChildren(QLabel)]
        assert "02/03/1964" in shown and not [t for t in shown if ISO_DATE.search(t)], shown
    finally:
        worker.stop()
