"""Who acts, in the window: "You act as …" always shown, a person added with their PIN, and
the next person taking over in two steps — a wrong PIN refused, the right one accepted."""

from __future__ import annotations

import pytest

from app.ui.acting import ActingBar
from app.ui.members import MembersPage


@pytest.fixture
def screens(qtbot, ambam_worker):  # type: ignore[no-untyped-def]
    members = MembersPage(ambam_worker)
    bar = ActingBar(ambam_worker)
    qtbot.addWidget(members)
    qtbot.addWidget(bar)
    bar.refresh()
    qtbot.waitUntil(lambda: bar.label.text() == "You act as Maire de Ambam", timeout=20_000)
    return members, bar


def test_the_secretary_takes_over_with_her_own_pin(qtbot, screens) -> None:  # type: ignore[no-untyped-def]
    members, bar = screens
    members.name.setText("Eric Nguema")
    members.role.setCurrentIndex(members.role.findData("secretary"))
    members.pin.setText("1357")
    members.add_button.click()
    qtbot.waitUntil(lambda: members.message.text() == "Eric Nguema was added.", timeout=20_000)
    assert members.pin.text() == ""  # not kept in the form

    bar.change.click()
    qtbot.waitUntil(lambda: bar.dialog is not None and bar.dialog.isVisible(), timeout=20_000)
    dialog = bar.dialog
    assert dialog is not None
    dialog.person.setCurrentIndex(dialog.person.findText("Eric Nguema"))
    dialog.next_step()  # step 1: the person
    assert dialog.steps.currentIndex() == 1 and "Eric Nguema" in dialog.who.text()
    dialog.pin.setText("0000")
    dialog.next_step()  # step 2: a wrong PIN
    qtbot.waitUntil(lambda: "PIN is wrong" in dialog.message.text(), timeout=20_000)
    assert bar.label.text() == "You act as Maire de Ambam"
    dialog.pin.setText("1357")
    dialog.next_step()
    qtbot.waitUntil(lambda: bar.label.text() == "You act as Eric Nguema", timeout=20_000)
    assert not dialog.isVisible()
