"""Who acts, in the window: "You act as …" always shown, a person added with their PIN, and
the next person taking over in two steps — a wrong PIN refused, the right one accepted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.core.ledger.txtypes import TxType
from app.ui.acting import ActingBar
from app.ui.forum import ForumPage
from app.ui.members import MembersPage
from tests.journeys.conftest import pin_dialog
from tests.test_ui_forum import click_thread


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


@pytest.fixture
def a_thread(net):  # type: ignore[no-untyped-def]
    """A thread in Ambam's forum, to reply to."""
    net.nodes[0].submit(TxType.FORUM_THREAD, {"title": "Route", "body": "La piste est coupée"})
    net.nodes[0].seal()


def _take_over(qtbot, bar: ActingBar, name: str, pin: str) -> None:  # type: ignore[no-untyped-def]
    bar.change.click()
    qtbot.waitUntil(lambda: bar.dialog is not None and bar.dialog.isVisible(), timeout=20_000)
    dialog = bar.dialog
    assert dialog is not None
    dialog.person.setCurrentIndex(dialog.person.findText(name))
    dialog.next_step()
    dialog.pin.setText(pin)
    dialog.next_step()
    qtbot.waitUntil(lambda: bar.label.text() == f"You act as {name}", timeout=20_000)


def test_lock_closes_the_acting_persons_key_until_they_type_their_pin_again(  # type: ignore[no-untyped-def]
    qtbot, a_thread, ambam_worker, screens
) -> None:
    members, bar = screens
    bar.lock_button.click()  # the mayor of this test has no PIN: nothing to lock
    qtbot.waitUntil(lambda: "no PIN" in bar.label.text(), timeout=20_000)
    members.name.setText("Eric Nguema")
    members.role.setCurrentIndex(members.role.findData("secretary"))
    members.pin.setText("1357")
    members.add_button.click()
    qtbot.waitUntil(lambda: members.message.text() == "Eric Nguema was added.", timeout=20_000)
    _take_over(qtbot, bar, "Eric Nguema", "1357")

    forum = ForumPage(ambam_worker)
    qtbot.addWidget(forum)
    forum.show()
    forum.refresh()
    qtbot.waitUntil(lambda: forum.threads.rowCount() == 1, timeout=20_000)
    click_thread(qtbot, forum, 0)
    qtbot.waitUntil(lambda: forum.send.isEnabled(), timeout=20_000)

    # She steps away and locks: the bar says so, and nothing is signed in her name.
    bar.lock_button.click()
    qtbot.waitUntil(lambda: "locked" in bar.label.text(), timeout=20_000)
    assert "Eric Nguema" in bar.label.text()
    # Whoever touches the laptop meanwhile is asked her PIN; without it, nothing goes.
    qtbot.keyClicks(forum.reply, "Je m'en occupe.")
    qtbot.mouseClick(forum.send, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pin_dialog() is not None, timeout=20_000)
    asked = pin_dialog()
    assert asked is not None and "Eric Nguema" in asked.sentence.text()
    qtbot.mouseClick(asked.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "locked" in forum.problem.text(), timeout=20_000)
    assert "PIN" in forum.problem.text()

    # Back, she types her PIN when asked, and her reply goes.
    qtbot.mouseClick(forum.send, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pin_dialog() is not None, timeout=20_000)
    asked = pin_dialog()
    assert asked is not None
    qtbot.keyClicks(asked.pin, "1357")
    qtbot.mouseClick(asked.sign, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(forum.pane.messages) == 1, timeout=20_000)
    assert forum.pane.messages[0].author == "Eric Nguema"
