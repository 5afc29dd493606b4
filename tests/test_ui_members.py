"""The Members screen: a deputy added with a delegation, given another role, suspended and
reinstated, and a councillor removed, each change signed and shown at once."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app.ui.acting import ActingBar
from app.ui.members import MembersPage
from app.ui.pin_prompt import PinDialog


@pytest.fixture
def page(qtbot, ambam_worker):  # type: ignore[no-untyped-def]
    made = MembersPage(ambam_worker)
    qtbot.addWidget(made)
    made.refresh()
    qtbot.waitUntil(lambda: made.list.topLevelItemCount() == 1, timeout=20_000)
    return made


def _rows(page: MembersPage) -> dict[str, list[str]]:
    items = [page.list.topLevelItem(n) for n in range(page.list.topLevelItemCount())]
    return {item.text(0): [item.text(c) for c in range(1, 4)] for item in items}


def _choose(page: MembersPage, name: str) -> None:
    items = [page.list.topLevelItem(n) for n in range(page.list.topLevelItemCount())]
    page.list.setCurrentItem(next(item for item in items if item.text(0) == name))


def _add(qtbot, page: MembersPage, name: str, role: str, *delegations: str) -> None:  # type: ignore[no-untyped-def]
    page.name.setText(name)
    page.role.setCurrentIndex(page.role.findData(role))
    for code, box in page.delegations.items():
        box.setChecked(code in delegations)
    page.add_button.click()
    qtbot.waitUntil(lambda: page.message.text() == f"{name} was added.", timeout=20_000)


def test_a_mayor_manages_the_communes_people(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert _rows(page) == {"Maire de Ambam": ["mayor", "", "acting on this laptop"]}
    _add(qtbot, page, "Anne Bella", "deputy", "civil_status", "urbanism")
    _add(qtbot, page, "Joseph Essomba", "councillor", "civil_status")  # a councillor gets none
    assert _rows(page)["Anne Bella"] == ["deputy", "civil status, urbanism", "active"]
    assert _rows(page)["Joseph Essomba"] == ["councillor", "", "active"]

    _choose(page, "Anne Bella")
    page.role.setCurrentIndex(page.role.findData("deputy"))
    for code, box in page.delegations.items():
        box.setChecked(code == "roads")
    page.role_button.click()
    qtbot.waitUntil(lambda: page.message.text() == "Anne Bella has a new role.", timeout=20_000)
    assert _rows(page)["Anne Bella"][1] == "roads"

    _choose(page, "Anne Bella")
    page.suspend_button.click()
    qtbot.waitUntil(lambda: _rows(page)["Anne Bella"][2] == "suspended", timeout=20_000)
    _choose(page, "Anne Bella")
    assert page.suspend_button.text() == "Reinstate"
    page.suspend_button.click()
    qtbot.waitUntil(lambda: _rows(page)["Anne Bella"][2] == "active", timeout=20_000)

    monkeypatch.setattr("app.ui.confirm.ask", lambda *a, **k: True)
    _choose(page, "Joseph Essomba")
    page.remove_button.click()
    qtbot.waitUntil(lambda: _rows(page)["Joseph Essomba"][2] == "removed", timeout=20_000)
    _choose(page, "Joseph Essomba")
    assert not page.remove_button.isEnabled()  # a removed member is not changed again


def test_a_refusal_is_said_in_one_sentence(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    page.add_button.click()
    assert page.message.text() == "Type the person's name first."


def test_a_forgotten_pin_gets_a_new_key_from_the_mayor_and_not_from_a_councillor(  # type: ignore[no-untyped-def]
    qtbot, page
) -> None:
    page.pin.setText("1111")
    _add(qtbot, page, "Joseph Essomba", "councillor")
    _choose(page, "Joseph Essomba")
    page.reissue_button.click()  # no new PIN typed yet
    assert page.message.text() == "Joseph Essomba types their new PIN in the form first."
    page.pin.setText("2222")
    page.reissue_button.click()  # the mayor of this test acts
    qtbot.waitUntil(lambda: "has a new key" in page.message.text(), timeout=20_000)
    assert page.pin.text() == ""
    assert list(_rows(page)) == ["Maire de Ambam", "Joseph Essomba"]  # the same member

    # Acting, a councillor may not: the refusal names who may.
    page.pin.setText("3333")
    _add(qtbot, page, "Alice Zang", "councillor")
    bar = ActingBar(page.worker)
    qtbot.addWidget(bar)
    bar.change.click()
    qtbot.waitUntil(lambda: bar.dialog is not None and bar.dialog.isVisible(), timeout=20_000)
    dialog = bar.dialog
    assert dialog is not None
    dialog.person.setCurrentIndex(dialog.person.findText("Alice Zang"))
    dialog.next_step()
    dialog.pin.setText("3333")
    dialog.next_step()
    qtbot.waitUntil(lambda: bar.label.text() == "You act as Alice Zang", timeout=20_000)
    _choose(page, "Joseph Essomba")
    page.pin.setText("4444")
    page.reissue_button.click()
    # The window offers those here who may (the mayor); cancelled, the refusal names who may.
    qtbot.waitUntil(lambda: _signer_dialog() is not None, timeout=20_000)
    offered = _signer_dialog()
    assert offered is not None and offered.person.itemText(0) == "Maire de Ambam"
    assert offered.person.count() == 1
    offered.cancel.click()
    qtbot.waitUntil(lambda: "Only the mayor or a deputy" in page.message.text(), timeout=20_000)


def _signer_dialog() -> PinDialog | None:
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, PinDialog)]
    return next((w for w in shown if w.isVisible()), None)
