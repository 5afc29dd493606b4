"""A change that needs a role the person acting lacks, in the window: the secretary at the town
hall's laptop cancels an attestation (only the mayor or the civil-status deputy may), and the
window offers, in one small dialog, the people here who may: the mayor types her PIN, the
attestation is cancelled in her name, and the secretary still acts. A councillor casting the
commune's ballot between communes is offered the mayor and the deputy the same way."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.ui.attest_manage import ReasonDialog
from app.ui.pin_prompt import PinDialog
from app.ui.window import MainWindow
from tests.journeys.conftest import Town, open_vote, open_window, pin_dialog, take_over

WAIT = 30_000
CANCEL_WHO = "Only the mayor or a deputy with the civil status delegation may do this. Who signs?"


def _offered(dialog: PinDialog) -> list[str]:
    return [dialog.person.itemText(n) for n in range(dialog.person.count())]


def _sign_as(qtbot, dialog: PinDialog, name: str, pin: str) -> None:  # type: ignore[no-untyped-def]
    dialog.person.setCurrentIndex(dialog.person.findText(name))
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.mouseClick(dialog.sign, Qt.MouseButton.LeftButton)


def _cancel_first_attestation(qtbot, window: MainWindow) -> str:  # type: ignore[no-untyped-def]
    """Attestations, "Correct, replace or cancel", the first one, "Cancel the attestation…",
    a clerical error, OK; returns its number as listed."""
    window.nav.setCurrentRow(window.stack.indexOf(window.attestations))
    page = window.attestations
    page.tabs.setCurrentWidget(page.manage)
    manage = page.manage
    qtbot.waitUntil(
        lambda: manage.list.count() > 0 and manage.cancel_button.isEnabled(), timeout=WAIT
    )
    manage.list.setCurrentRow(0)
    number = manage.list.item(0).text().split(" — ")[0]

    def reason() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReasonDialog)
        dialog.reasons.setCurrentIndex(dialog.reasons.findData("clerical_error"))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, reason)
    qtbot.mouseClick(manage.cancel_button, Qt.MouseButton.LeftButton)
    return number


def test_the_secretary_cancels_an_attestation_and_the_mayor_signs_it_with_her_pin(
    qtbot, demo: Callable[[int], list[Town]], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OBAMBU_LAN", "off")
    ambam, _ = demo(2)
    window, worker = open_window(qtbot, ambam)
    try:
        take_over(qtbot, window, "Rose Atangana")  # the secretary, the demo's PIN
        manage = window.attestations.manage

        # Offered to those here who may; "Cancel": the refusal as before, nothing cancelled.
        _cancel_first_attestation(qtbot, window)
        qtbot.waitUntil(lambda: pin_dialog() is not None, timeout=WAIT)
        first = pin_dialog()
        assert first is not None
        assert first.sentence.text() == CANCEL_WHO
        assert _offered(first) == ["Marie Ndongo", "Paul Abega"]  # not the secretary, no one else
        assert [first.sign.text(), first.cancel.text()] == ["Sign", "Cancel"]
        qtbot.mouseClick(first.cancel, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: manage.message.text().startswith(
                "Only the mayor or a deputy with the civil status delegation may cancel or "
                "replace an attestation"
            ),
            timeout=WAIT,
        )

        # Again: the mayor, a slip said and asked again, then her PIN.
        manage.message.clear()
        number = _cancel_first_attestation(qtbot, window)
        qtbot.waitUntil(lambda: pin_dialog() is not None, timeout=WAIT)
        dialog = pin_dialog()
        assert dialog is not None and dialog is not first
        _sign_as(qtbot, dialog, "Marie Ndongo", "0000")
        qtbot.waitUntil(lambda: "PIN is wrong" in dialog.message.text(), timeout=WAIT)
        assert dialog.isVisible() and dialog.pin.text() == ""
        _sign_as(qtbot, dialog, "Marie Ndongo", "1234")
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
        qtbot.waitUntil(
            lambda: manage.message.text().startswith("Cancelled and recorded here."), timeout=WAIT
        )
        qtbot.waitUntil(lambda: "cancelled" in manage.list.item(0).text(), timeout=WAIT)
        # The secretary still acts, her key open: her next change asks no one.
        assert window.acting.label.text() == "You act as Rose Atangana"
        window.nav.setCurrentRow(window.stack.indexOf(window.sittings))
        sittings = window.sittings
        qtbot.waitUntil(lambda: sittings.items.count() > 0, timeout=WAIT)
        qtbot.mouseClick(sittings.discuss_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: sittings.message.text() == "A thread is open in the forum.", timeout=WAIT
        )
        assert pin_dialog() is None
    finally:
        worker.stop()
    checked = ambam.cli("--home", ambam.home, "--json", "attest", "verify", "--code", number)
    assert checked.code == 3  # no longer valid
    verdict = checked.json()
    assert verdict["outcome"] == "cancelled"
    assert verdict["cancelled_by"] == "Marie Ndongo"
    threads = {t["title"]: t["author"] for t in ambam.json("forum", "list")}
    assert "Rose Atangana" in threads.values()  # the secretary's, after the mayor signed


def test_a_councillor_casting_the_communes_ballot_is_offered_the_mayor_and_the_deputy(
    qtbot, demo: Callable[[int], list[Town]], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OBAMBU_LAN", "off")
    monkeypatch.setattr("app.ui.confirm.ask", lambda *a, **k: True)
    ambam, _ = demo(2)
    vote = open_vote(ambam, "Faut-il créer un marché intercommunal ?")
    window, worker = open_window(qtbot, ambam)
    try:
        take_over(qtbot, window, "Jean Owona")  # a councillor
        window.nav.setCurrentRow(window.stack.indexOf(window.votes))
        page = window.votes

        def listed() -> int:
            texts = [page.list.item(n).text() for n in range(page.list.count())]
            return next((n for n, t in enumerate(texts) if "marché intercommunal" in t), -1)

        qtbot.waitUntil(lambda: listed() >= 0, timeout=WAIT)
        page.list.setCurrentRow(listed())
        qtbot.waitUntil(lambda: page.cast_button.isEnabled(), timeout=WAIT)
        page.choice_group.button(0).setChecked(True)  # "oui"
        qtbot.mouseClick(page.cast_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: pin_dialog() is not None, timeout=WAIT)
        dialog = pin_dialog()
        assert dialog is not None
        assert dialog.sentence.text() == "Only the mayor or a deputy may do this. Who signs?"
        assert _offered(dialog) == ["Marie Ndongo", "Paul Abega"]
        _sign_as(qtbot, dialog, "Paul Abega", "1234")  # the deputy, in the mayor's absence
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
        qtbot.waitUntil(
            lambda: page.message.text() == "Your ballot is signed and recorded.", timeout=WAIT
        )
        assert window.acting.label.text() == "You act as Jean Owona"
    finally:
        worker.stop()
    shown = ambam.json("vote", "show", "--vote", vote)
    assert [(b["signer"], b["choice"]) for b in shown["ballots"]] == [("Paul Abega", "oui")]
