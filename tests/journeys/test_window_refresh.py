"""The clerk at the window: what one screen records shows on the others already built, without
the clerk switching tabs or pages to see it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt

from app.core.node.node import Node
from app.ui.window import MainWindow
from app.ui.worker import Worker
from tests.journeys.conftest import Town, take_over
from tests.test_cli import PASS

WAIT = 30_000


def test_an_attestation_signed_shows_in_the_correct_tab_without_switching(
    qtbot, demo: Callable[[int], list[Town]], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Ambam's clerk opens Attestations and signs one on the Issue tab; the Correct tab, built
    but not in front, lists it already: the signing told every screen, and the window
    refreshed the page in front."""
    monkeypatch.setenv("OBAMBU_LAN", "off")
    ambam, _, _ = demo(3)
    worker = Worker()
    worker.open(lambda: Node.open(ambam.home, PASS))
    window = MainWindow(worker)
    qtbot.addWidget(window)
    # Nothing pending is sealed meanwhile: the block's own notice would refresh the page too.
    window.sealer.stop()
    window.show()
    take_over(qtbot, window, "Marie Ndongo")  # the demo's PIN
    monkeypatch.setattr("app.ui.confirm.ask", lambda *a, **k: True)
    try:
        window.nav.setCurrentRow(window.stack.indexOf(window.attestations))
        page = window.attestations
        issue, manage = page.issue, page.manage
        qtbot.waitUntil(lambda: issue.kind.count() > 0, timeout=WAIT)
        qtbot.waitUntil(lambda: worker.pending == 0, timeout=WAIT)
        before = manage.list.count()
        issue.kind.setCurrentIndex(issue.kind.findData("res"))
        qtbot.keyClicks(issue.subject, "Paul Ékani")
        qtbot.keyClicks(issue.born, "vers 1964")
        qtbot.keyClicks(issue.detail, "Quartier Nkolbikon")
        qtbot.mouseClick(issue.sign_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "signed and recorded" in issue.message.text(), timeout=WAIT)
        qtbot.waitUntil(lambda: manage.list.count() == before + 1, timeout=WAIT)
        assert page.tabs.currentWidget() is issue  # never switched
        listed = [manage.list.item(n).text() for n in range(manage.list.count())]
        assert any("Paul Ékani" in text for text in listed)
    finally:
        window.close()
