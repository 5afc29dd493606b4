"""The PIN asked at the moment of signing, in the window: a person whose key is locked (the
program was just started) types their PIN when a change needs it, in one small dialog that
names them; and a councillor who never uses the laptop signs their own receipt and the minutes
with their PIN on the secretary's laptop, the secretary still acting afterwards."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt

from app.ui.pin_prompt import PinDialog
from tests.journeys.conftest import Town, open_window, pin_dialog, take_over

WAIT = 30_000


def _type_pin(qtbot, dialog: PinDialog, pin: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.mouseClick(dialog.sign, Qt.MouseButton.LeftButton)


def test_a_locked_person_types_their_pin_when_a_change_needs_it(
    qtbot, demo: Callable[[int], list[Town]], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OBAMBU_LAN", "off")
    ambam, _ = demo(2)
    window, worker = open_window(qtbot, ambam)
    try:
        bar = window.acting
        qtbot.waitUntil(lambda: "locked" in bar.label.text(), timeout=WAIT)
        window.nav.setCurrentRow(window.stack.indexOf(window.sittings))
        page = window.sittings
        qtbot.waitUntil(lambda: page.items.count() > 0, timeout=WAIT)
        # Cancelled, the change is not made and the screen says why.
        qtbot.mouseClick(page.discuss_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: pin_dialog() is not None, timeout=WAIT)
        first = pin_dialog()
        assert first is not None
        assert first.sentence.text() == "To sign this, Marie Ndongo types their PIN."
        assert [first.sign.text(), first.cancel.text()] == ["Sign", "Cancel"]
        qtbot.mouseClick(first.cancel, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "locked" in page.message.text(), timeout=WAIT)

        # Again: a slip is said and the PIN asked again; the right PIN signs the change.
        qtbot.mouseClick(page.discuss_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: pin_dialog() is not None, timeout=WAIT)
        dialog = pin_dialog()
        assert dialog is not None and dialog is not first
        _type_pin(qtbot, dialog, "0000")
        qtbot.waitUntil(lambda: "PIN is wrong" in dialog.message.text(), timeout=WAIT)
        assert dialog.isVisible() and dialog.pin.text() == ""  # asked again
        _type_pin(qtbot, dialog, "1234")
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
        qtbot.waitUntil(
            lambda: page.message.text() == "A thread is open in the forum.", timeout=WAIT
        )
        qtbot.waitUntil(lambda: bar.label.text() == "You act as Marie Ndongo", timeout=WAIT)
    finally:
        worker.stop()
    titles = [t["title"] for t in ambam.json("forum", "list")]
    assert len([t for t in titles if "groupe électrogène" in t]) == 1


def test_a_councillor_signs_their_receipt_and_the_minutes_on_the_secretarys_laptop(
    qtbot, demo: Callable[[int], list[Town]], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OBAMBU_LAN", "off")
    ambam, _ = demo(2)
    window, worker = open_window(qtbot, ambam)
    try:
        take_over(qtbot, window, "Rose Atangana")  # the secretary, the demo's PIN
        window.nav.setCurrentRow(window.stack.indexOf(window.sittings))
        page = window.sittings
        qtbot.waitUntil(lambda: page.signers.count() == 5, timeout=WAIT)  # nobody signed yet
        listed = [page.signers.item(n).text() for n in range(page.signers.count())]
        assert "Lucie Mebenga — to sign: receipt, minutes" in listed
        assert "Jean Owona — to sign: minutes" in listed

        # Lucie, who has no receipt yet, signs it with her PIN; a slip first.
        page.signers.setCurrentRow(listed.index("Lucie Mebenga — to sign: receipt, minutes"))
        qtbot.mouseClick(page.sign_own_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.pin_dialog is not None, timeout=WAIT)
        dialog = page.pin_dialog
        assert dialog is not None
        qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
        assert dialog.sentence.text() == "To sign this, Lucie Mebenga types their PIN."
        assert dialog.above is not None and dialog.above.what.count() == 2
        _type_pin(qtbot, dialog, "9999")
        qtbot.waitUntil(lambda: "PIN is wrong" in dialog.message.text(), timeout=WAIT)
        _type_pin(qtbot, dialog, "1234")
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
        qtbot.waitUntil(
            lambda: page.message.text() == "Signed by Lucie Mebenga with their PIN.",
            timeout=WAIT,
        )

        # Jean reads the minutes in the dialog and signs them with his PIN.
        def jean() -> int:
            texts = [page.signers.item(n).text() for n in range(page.signers.count())]
            wanted = "Jean Owona — to sign: minutes"
            return texts.index(wanted) if wanted in texts else -1

        qtbot.waitUntil(lambda: jean() >= 0, timeout=WAIT)
        page.signers.setCurrentRow(jean())
        page.pin_dialog = None
        qtbot.mouseClick(page.sign_own_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.pin_dialog is not None, timeout=WAIT)
        minutes = page.pin_dialog
        assert minutes is not None and minutes.above is not None
        assert minutes.above.minutes_chosen()
        assert "PROCÈS-VERBAL" in minutes.above.text.toPlainText()
        _type_pin(qtbot, minutes, "1234")
        qtbot.waitUntil(lambda: not minutes.isVisible(), timeout=WAIT)
        qtbot.waitUntil(
            lambda: page.message.text() == "Signed by Jean Owona with their PIN.", timeout=WAIT
        )
        # The secretary still acts, her key open: she signs on without typing her PIN again.
        assert window.acting.label.text() == "You act as Rose Atangana"
        page.message.clear()
        qtbot.mouseClick(page.discuss_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: page.message.text() == "A thread is open in the forum.", timeout=WAIT
        )
        assert pin_dialog() is None
    finally:
        worker.stop()
    sitting = ambam.json("sitting", "list")[0]["id"]
    shown = ambam.json("sitting", "show", "--sitting", sitting)
    assert {r["member"]: r["own"] for r in shown["receipts"]}["m5"] is True
    assert [(a["name"], a["own"]) for a in shown["approvals"]] == [("Jean Owona", True)]
    threads = {t["title"]: t["author"] for t in ambam.json("forum", "list")}
    assert "Rose Atangana" in threads.values()


def test_pins_guessed_in_the_window_make_the_next_try_wait(
    qtbot, demo: Callable[[int], list[Town]], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OBAMBU_LAN", "off")
    ambam, _ = demo(2)
    window, worker = open_window(qtbot, ambam)
    try:
        window.nav.setCurrentRow(window.stack.indexOf(window.sittings))
        page = window.sittings
        qtbot.waitUntil(lambda: page.items.count() > 0, timeout=WAIT)
        qtbot.mouseClick(page.discuss_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: pin_dialog() is not None, timeout=WAIT)
        dialog = pin_dialog()
        assert dialog is not None
        for guess in ("0000", "1111", "2222"):
            dialog.message.clear()
            _type_pin(qtbot, dialog, guess)
            qtbot.waitUntil(lambda: "PIN is wrong" in dialog.message.text(), timeout=WAIT)
        _type_pin(qtbot, dialog, "1234")  # right, but too soon
        qtbot.waitUntil(lambda: "Too many wrong PINs" in dialog.message.text(), timeout=WAIT)
        assert dialog.isVisible()
        qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "locked" in page.message.text(), timeout=WAIT)
    finally:
        worker.stop()
