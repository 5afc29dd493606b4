"""No traps, walked through the window as a mayor or a clerk does (issue 18): a document shared
from Ambam reaches Bipindi by stick and reads as people say it, opens from a private copy that
is gone when Obambu quits; a file dialog starts in Documents, then where the person was last; a
ballot "Non" is cast with the "Voter Non" button and "Annuler" casts nothing; an attestation
signed leaves the form empty for the next person; the demo network is offered again, with its
passphrase, at the next start."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox

from app.ui import files, i18n, private_copies
from app.ui.firstrun import FirstRunDialog
from app.ui.main import first_screen
from app.ui.unlock import UnlockDialog
from app.ui.window import MainWindow
from app.ui.worker import Worker
from tests.journeys.conftest import Cli, Town, open_window, pin_dialog

WAIT = 30_000
NNBSP = "\u202f"


@pytest.fixture
def french(qapp: QApplication) -> Iterator[None]:
    i18n.install(qapp, "fr")
    yield
    i18n.install(qapp, "en")


def _answer(asked: list[tuple[str, list[str]]], press: str) -> Callable[[], None]:
    """What a person does when a box asks: reads it, then presses the button named `press`."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox | QDialog), box
        buttons = box.findChildren(QAbstractButton)
        asked.append(
            (box.text() if isinstance(box, QMessageBox) else "", [b.text() for b in buttons])
        )
        next(b for b in buttons if b.text() == press).click()

    return answer


def _unlock(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The PIN asked at the moment of signing: the demo's mayor types hers."""
    qtbot.waitUntil(lambda: pin_dialog() is not None, timeout=WAIT)
    dialog = pin_dialog()
    assert dialog is not None
    qtbot.keyClicks(dialog.pin, "1234")
    qtbot.mouseClick(dialog.sign, Qt.MouseButton.LeftButton)


def test_a_document_reaches_bipindi_by_stick_and_opens_from_a_private_copy(  # type: ignore[no-untyped-def]
    qtbot, demo, stick: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, french
) -> None:
    ambam, bipindi = demo(2)
    mine = tmp_path / "Mes documents"
    mine.mkdir()
    report = mine / "rapport-voirie.pdf"
    report.write_bytes(b"%PDF-1.4 " + b"route de Nkolo " * 160_000)  # 2.4 MB
    started: list[str] = []

    def choose(parent: object, title: str, folder: str, kinds: str) -> tuple[str, str]:
        started.append(folder)
        return str(report), ""

    monkeypatch.setattr("app.ui.files.QFileDialog.getOpenFileName", choose)
    monkeypatch.setattr("app.ui.files.QStorageInfo.mountedVolumes", list)  # no stick plugged in
    window, worker = open_window(qtbot, ambam)
    try:
        window.nav.setCurrentRow(window.stack.indexOf(window.documents))
        page = window.documents
        qtbot.waitUntil(lambda: page.communes == ["Bipindi"], timeout=WAIT)
        assert page.add_button.text() == "Partager un document…"
        asked: list[tuple[str, list[str]]] = []
        QTimer.singleShot(0, _answer(asked, "Partager"))
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
        _unlock(qtbot, window)
        qtbot.waitUntil(lambda: page.message.text() == "Partagé.", timeout=WAIT)
        # The dialog opened in the person's Documents folder, never the program's own folder.
        assert started == [str(files.documents())] and started[0] != os.getcwd()
        # The next one opens where they were last: "Save as…" proposes "Mes documents".
        # The clerk clicks the row of the file just shared (the demo's own document may have
        # been made in the same second: the list's order then goes by name).
        (row,) = page.list.findItems("rapport-voirie.pdf", Qt.MatchFlag.MatchContains, 0)
        page.list.setCurrentItem(row)
        saved: list[str] = []
        monkeypatch.setattr(
            "app.ui.files.QFileDialog.getSaveFileName",
            lambda parent, title, proposed, kinds: saved.append(proposed) or ("", ""),
        )
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        assert saved == [str(mine / "rapport-voirie.pdf")]
    finally:
        worker.stop()
    ambam.run("seal")  # what the window's own sealing does within the minute
    ambam.visit(stick)
    bipindi.visit(stick)

    opened: list[Path] = []
    monkeypatch.setattr(
        "app.ui.documents.QDesktopServices.openUrl",
        lambda url: opened.append(Path(url.toLocalFile())) or True,
    )
    window, worker = open_window(qtbot, bipindi)
    try:
        window.nav.setCurrentRow(window.stack.indexOf(window.documents))
        page = window.documents
        qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 2, timeout=WAIT)
        row = page.list.topLevelItem(0)  # the newest first
        title, sender, when, whom, size = (row.text(c) for c in range(5))
        assert (title, sender, whom) == ("rapport-voirie.pdf", "Ambam", "toutes les communes")
        assert size.replace("\xa0", " ").replace(NNBSP, " ") == "2,4 Mo"
        months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août")
        months += ("septembre", "octobre", "novembre", "décembre")
        assert any(f" {month} " in when for month in months), when  # "3 décembre 2026"
        page.list.setCurrentItem(row)
        for hidden in ("application/pdf", "SHA", "octets"):
            assert hidden not in page.details.text()
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(opened), timeout=WAIT)
        (copy,) = opened
        assert copy.read_bytes() == report.read_bytes()
        assert copy.parent.parent == private_copies.root()
        if sys.platform != "win32":
            assert stat.S_IMODE(os.stat(copy.parent).st_mode) == 0o700  # this user's alone
        qtbot.waitUntil(lambda: "est ouvert" in page.message.text(), timeout=WAIT)
    finally:
        worker.stop()
    window.close()
    app = QCoreApplication.instance()
    assert app is not None
    app.aboutToQuit.emit()  # Obambu quits
    assert not copy.exists() and not copy.parent.exists()


def test_a_ballot_non_is_cast_with_the_voter_non_button(qtbot, demo, french) -> None:  # type: ignore[no-untyped-def]
    ambam, _ = demo(2)
    question = "Réfection de la piste de Nkolo ?"
    vote = ambam.json(
        "vote",
        "open",
        "--question",
        question,
        "--option",
        "Oui",
        "--option",
        "Non",
        "--electorate",
        "communes",
    )["id"]
    window, worker = open_window(qtbot, ambam)
    try:
        window.nav.setCurrentRow(window.stack.indexOf(window.votes))
        page = window.votes
        qtbot.waitUntil(lambda: page.list.count() >= 2, timeout=WAIT)
        row = next(n for n in range(page.list.count()) if "Nkolo" in page.list.item(n).text())
        page.list.setCurrentRow(row)
        qtbot.waitUntil(lambda: len(page.choice_group.buttons()) == 2, timeout=WAIT)
        non = next(b for b in page.choice_group.buttons() if b.text() == "Non")
        # On its round mark: a radio button as wide as the page is pressed on its words.
        qtbot.mouseClick(non, Qt.MouseButton.LeftButton, pos=QPoint(8, non.height() // 2))
        assert non.isChecked()

        # The question names the choice; its buttons say what they do. "Annuler" casts nothing.
        asked: list[tuple[str, list[str]]] = []
        QTimer.singleShot(0, _answer(asked, "Annuler"))
        qtbot.mouseClick(page.cast_button, Qt.MouseButton.LeftButton)
        ((text, buttons),) = asked
        assert f"Voter «{NNBSP}Non{NNBSP}»" in text
        assert sorted(buttons) == ["Annuler", "Voter Non"]
        assert pin_dialog() is None and page.cast_button.isEnabled()

        QTimer.singleShot(0, _answer(asked, "Voter Non"))
        qtbot.mouseClick(page.cast_button, Qt.MouseButton.LeftButton)
        _unlock(qtbot, window)
        qtbot.waitUntil(lambda: "bulletin est signé" in page.message.text(), timeout=WAIT)
        qtbot.waitUntil(lambda: not page.cast_button.isEnabled(), timeout=WAIT)  # voted once
    finally:
        worker.stop()
    shown = ambam.json("vote", "show", "--vote", vote)
    assert [ballot["choice"] for ballot in shown["ballots"]] == ["Non"]


def test_an_attestation_signed_leaves_the_form_empty(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    ambam, _ = demo(2)
    window, worker = open_window(qtbot, ambam)
    try:
        window.nav.setCurrentRow(window.stack.indexOf(window.attestations))
        issue = window.attestations.issue
        issue.kind.setCurrentIndex(issue.kind.findData("res"))
        qtbot.keyClicks(issue.subject, "Paul Ékani")
        qtbot.keyClicks(issue.born, "vers 1964")
        qtbot.keyClicks(issue.detail, "Quartier Nkolbikon")
        issue.requester.setCurrentIndex(issue.requester.findData("parent"))
        issue.id_checked.setChecked(False)
        qtbot.keyClicks(issue.id_note, "Carte perdue")
        asked: list[tuple[str, list[str]]] = []
        QTimer.singleShot(0, _answer(asked, "Sign the attestation"))
        qtbot.mouseClick(issue.sign_button, Qt.MouseButton.LeftButton)
        assert sorted(asked[0][1]) == ["Cancel", "Sign the attestation"]
        _unlock(qtbot, window)
        qtbot.waitUntil(lambda: "signed and recorded" in issue.message.text(), timeout=WAIT)
        # The next person finds nothing of Paul's.
        edits = (issue.subject, issue.born, issue.place, issue.detail, issue.id_note)
        assert [edit.text() for edit in edits] == [""] * 5
        assert issue.requester.currentData() == "self" and issue.id_checked.isChecked()
        assert issue.print_button.isEnabled()  # Paul's attestation can still be printed
        number = issue.message.text().split()[2]  # "Attestation no. XXXX-2026-… signed …"
    finally:
        worker.stop()
    verdict = ambam.json("attest", "verify", "--code", number)
    assert verdict["subject"] == "Paul Ékani" and verdict["born"] == "vers 1964"


def test_the_demo_is_offered_again_with_its_passphrase(  # type: ignore[no-untyped-def]
    qtbot, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, french
) -> None:
    home, root = tmp_path / "profil", tmp_path / "demo"
    worker = Worker()
    first = first_screen(worker, home, root)
    qtbot.addWidget(first)
    assert isinstance(first, FirstRunDialog)
    assert f"«{NNBSP}demo{NNBSP}»" in first.demo_again.text()  # shown before it is built, too
    qtbot.mouseClick(first.demo_button, Qt.MouseButton.LeftButton)
    assert first.problem.text() and first.problem.styleSheet() == ""  # a status, not in red
    qtbot.waitUntil(lambda: first.result() == QDialog.DialogCode.Accepted, timeout=120_000)
    worker.stop()  # the trainer quits

    # The next start: the demo is there, said so, and opens again as it was left.
    worker = Worker()
    again = first_screen(worker, home, root)
    qtbot.addWidget(again)
    assert isinstance(again, FirstRunDialog)
    assert again.demo_button.text() == "Rouvrir le réseau de démonstration"
    assert "toujours là" in again.findChildren(type(again.demo_again))[0].text()
    assert f"«{NNBSP}demo{NNBSP}»" in again.demo_again.text()
    qtbot.mouseClick(again.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: again.result() == QDialog.DialogCode.Accepted, timeout=WAIT)
    worker.stop()

    # With a profile of its own, the unlock screen offers the demo too.
    monkeypatch.setenv("OBAMBU_PASSPHRASE", "notre phrase de passe à nous")
    Town(cli, home).run("init", "--commune", "Djoum", "--member", "Luc Abessolo")
    worker = Worker()
    unlock = first_screen(worker, home, root)
    qtbot.addWidget(unlock)
    assert isinstance(unlock, UnlockDialog)
    unlock.show()
    assert unlock.demo_box.isVisible() and f"«{NNBSP}demo{NNBSP}»" in unlock.demo_said.text()
    assert unlock.demo_button.text() == "Ouvrir le réseau de démonstration"
    qtbot.mouseClick(unlock.demo_button, Qt.MouseButton.LeftButton)
    assert unlock.problem.text() == "Ouverture du réseau de démonstration…"
    assert unlock.problem.styleSheet() == ""  # not in red
    qtbot.waitUntil(lambda: unlock.result() == QDialog.DialogCode.Accepted, timeout=WAIT)
    assert unlock.home == root / "ambam"
    worker.stop()
    monkeypatch.setenv("OBAMBU_PASSPHRASE", "demo")
    assert Town(cli, root / "ambam").json("forum", "list")  # the demo's threads, still there
