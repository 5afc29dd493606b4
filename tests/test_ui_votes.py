"""The votes screen: open a vote, cast with a confirmation, close, recount, export the record."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.votes import service as votes
from app.ui.votes import OutcomeDialog, VotesPage


@pytest.fixture
def page(qtbot, ambam_worker):  # type: ignore[no-untyped-def]
    made = VotesPage(ambam_worker)
    qtbot.addWidget(made)
    made.show()
    return made


def _answer(monkeypatch: pytest.MonkeyPatch, act: bool) -> list[str]:
    """The confirmation answered with its action's button (`act`) or "Cancel"; the questions
    asked, each followed by its action's name (tests/test_ui_traps.py clicks the real box)."""
    asked: list[str] = []

    def ask(parent: object, title: str, text: str, action: str) -> bool:
        asked.append(f"{text} [{action}]")
        return act

    monkeypatch.setattr("app.ui.confirm.ask", ask)
    return asked


def test_open_cast_close_recount_and_export(qtbot, page, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.worker.submit(lambda node: votes.open_vote(node, "Groupe électrogène ?", ["Oui", "Non"]))
    page.refresh()
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=20_000)
    page.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: page.choice_group.buttons() != [], timeout=20_000)
    assert "Opinion only (avis)" in page.facts.text()  # never shown as a council decision
    assert (
        "Not voted yet: " in page.outcome.text() and "no news by stick yet" in page.outcome.text()
    )
    asked = _answer(monkeypatch, False)
    page.choice_group.button(0).setChecked(True)
    qtbot.mouseClick(page.cast_button, Qt.MouseButton.LeftButton)
    assert asked and "Oui" in asked[0] and asked[0].endswith("[Vote Oui]")  # named twice
    assert page.cast_button.isEnabled()  # refused at the confirmation: nothing cast
    _answer(monkeypatch, True)
    qtbot.mouseClick(page.cast_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "signed and recorded" in page.message.text(), timeout=20_000)
    qtbot.waitUntil(lambda: not page.cast_button.isEnabled(), timeout=20_000)

    def decided(dialog: OutcomeDialog) -> int:
        dialog.statement.setText("Achat groupé du groupe électrogène")
        dialog.owner.setText("Marie Ndongo")
        return OutcomeDialog.DialogCode.Accepted

    monkeypatch.setattr(OutcomeDialog, "exec", decided)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Decision: Oui" in page.outcome.text(), timeout=20_000)
    assert "Outcome: Achat groupé du groupe électrogène — carried out by Marie Ndongo" in (
        page.outcome.text()
    )
    qtbot.mouseClick(page.discuss_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "thread about this vote" in page.message.text(), timeout=20_000)
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "checks out" in page.message.text(), timeout=20_000)
    monkeypatch.setattr(
        "app.ui.files.QFileDialog.getExistingDirectory", lambda *a, **k: str(tmp_path / "stick")
    )
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "written" in page.message.text(), timeout=20_000)
    (folder,) = (tmp_path / "stick").iterdir()
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "ballot-0000.cose",
        "blocks",
        "genesis.cbor",
        "record.json",
        "vote-close.cose",
        "vote-open.cose",
    ]
    # The same record checked from its own founding act, then once a ballot file was changed.
    monkeypatch.setattr(
        "app.ui.files.QFileDialog.getExistingDirectory", lambda *a, **k: str(folder)
    )
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "record checks out" in page.message.text(), timeout=20_000)
    assert "1 ballot(s) counted again" in page.message.text() or "1 ballot" in page.message.text()
    ballot = folder / "ballot-0000.cose"
    changed = bytearray(ballot.read_bytes())
    changed[-5] ^= 1
    ballot.write_bytes(bytes(changed))
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "was changed or replaced" in page.message.text(), timeout=20_000)
    assert "ballot-0000.cose" in page.message.text()


def test_a_ballot_needs_an_answer(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page.worker.submit(lambda node: votes.open_vote(node, "Budget ?", ["Oui", "Non"]))
    page.refresh()
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=20_000)
    page.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: page.cast_button.isEnabled(), timeout=20_000)
    asked = _answer(monkeypatch, True)
    qtbot.mouseClick(page.cast_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Choose an answer first." and not asked


def test_ask_to_close_a_vote_whose_date_has_passed(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """After the closing date, a voter asks to close; the vote shows how many asked, and the
    button is not offered twice. Before the date, the refusal is said in one sentence."""
    page.worker.submit(
        lambda node: votes.open_vote(node, "Piste de Nkolo ?", ["Oui", "Non"], closes=1_000_000)
    )
    page.worker.submit(lambda node: votes.open_vote(node, "Budget 2027 ?", ["Oui", "Non"]))
    page.refresh()
    qtbot.waitUntil(lambda: page.list.count() == 2, timeout=20_000)
    rows = [page.list.item(n).text() for n in range(2)]
    due = next(n for n, text in enumerate(rows) if "Nkolo" in text)
    page.list.setCurrentRow(due)
    qtbot.waitUntil(lambda: "Nkolo" in page.question.text(), timeout=20_000)
    qtbot.waitUntil(lambda: page.ask_close_button.isEnabled(), timeout=20_000)
    asked = _answer(monkeypatch, True)
    qtbot.mouseClick(page.ask_close_button, Qt.MouseButton.LeftButton)
    assert asked and "Piste de Nkolo" in asked[0]
    qtbot.waitUntil(lambda: "request to close" in page.message.text(), timeout=20_000)
    assert "1 voter of 3 asked to close it; 2 needed." in page.outcome.text()
    assert not page.ask_close_button.isEnabled()
    page.list.setCurrentRow(1 - due)
    qtbot.waitUntil(lambda: "Budget 2027" in page.question.text(), timeout=20_000)
    qtbot.waitUntil(lambda: page.ask_close_button.isEnabled(), timeout=20_000)
    qtbot.mouseClick(page.ask_close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "closing date has not passed" in page.message.text(), timeout=20_000)
