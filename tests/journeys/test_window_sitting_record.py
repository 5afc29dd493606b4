"""The Sittings screen exports a sitting's record and checks a record folder (issue 20): the
secretary signs the minutes of the demo's held sitting, exports its record to the USB stick,
and checks the folder on the stick from its own founding act — as the prefecture's agent would on
any laptop; a file changed on the stick afterwards is refused in one sentence, and a vote's
record is not taken for a sitting's. The command `obambu audit record` finds the same as the
screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from app.ui.sittings import MinutesDialog, SittingsPage
from tests.journeys.conftest import Cli, Town, open_window, take_over

WAIT = 30_000


def _button(widget: QWidget, text: str) -> QPushButton:
    (found,) = [b for b in widget.findChildren(QPushButton) if b.text() == text]
    return found


def _sign_when_shown() -> None:
    """The secretary reads the minutes, then "Sign the minutes"."""

    def look() -> None:
        shown = QApplication.activeModalWidget()
        if isinstance(shown, MinutesDialog) and shown.isVisible():
            _button(shown, "Sign the minutes").click()
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def _choose_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The folder the person picks in the next folder dialog."""
    monkeypatch.setattr(
        "app.ui.files.QFileDialog.getExistingDirectory", lambda *a, **k: str(folder)
    )


def _said(qtbot, page: SittingsPage, button: QPushButton, starts: str) -> str:  # type: ignore[no-untyped-def]
    page.message.clear()
    button.click()
    qtbot.waitUntil(lambda: page.message.text().startswith(starts), timeout=WAIT)
    return page.message.text()


def test_the_secretary_exports_a_sittings_record_to_the_stick_and_checks_it(  # type: ignore[no-untyped-def]
    qtbot, demo: Callable[[int], list[Town]], cli: Cli, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OBAMBU_LAN", "off")
    ambam, _ = demo(2)
    (held,) = ambam.json("sitting", "list")  # the demo's sitting: two items voted of three
    window, worker = open_window(qtbot, ambam)
    try:
        take_over(qtbot, window, "Rose Atangana")  # the secretary
        window.nav.setCurrentRow(window.stack.indexOf(window.sittings))
        page = window.sittings
        qtbot.waitUntil(lambda: page.list.count() == 1 and page.items.count() > 0, timeout=WAIT)
        export = _button(page, "Export the record…")
        check = _button(page, "Check a record…")
        assert export.isEnabled() and check.isEnabled()

        _sign_when_shown()
        _said(qtbot, page, _button(page, "Minutes…"), "Your signature is recorded.")

        _choose_folder(monkeypatch, stick)
        _said(qtbot, page, export, "The sitting's record was written to a new folder")
        (folder,) = [p for p in stick.iterdir() if p.name.startswith("sitting-")]
        assert (folder / "convocation.cose").is_file() and (folder / "genesis.cbor").is_file()

        _choose_folder(monkeypatch, folder)
        checked = _said(qtbot, page, check, "The record checks out")
        assert checked == (
            "The record checks out from the network's founding act: 2 deliberations, as they "
            "were signed. The minutes written again from them carry 1 signature of approval."
        )
        outsider = cli("--json", "audit", "record", folder)  # no profile: the folder alone
        assert outsider.code == 0, outsider.err
        assert (outsider.json()["objects"]["deliberations"], outsider.json()["approved"]) == (
            held["voted"],
            1,
        )

        entry = folder / "deliberations-0001.cose"  # changed on the stick after the export
        data = bytearray(entry.read_bytes())
        data[-5] ^= 1
        entry.write_bytes(bytes(data))
        refused = _said(qtbot, page, check, "The file ")
        assert refused == (
            "The file deliberations-0001.cose was changed or replaced after the export: it is "
            "not what was signed. Do not trust this record."
        )

        # A vote's record brought to this screen is not taken for a sitting's.
        (vote,) = [v["id"] for v in ambam.json("vote", "list")]
        ballots = ambam.json("vote", "export", "--vote", vote, "--record", stick)["folder"]
        _choose_folder(monkeypatch, Path(ballots))
        assert _said(qtbot, page, check, "This folder") == (
            "This folder holds the record of a vote between communes, not of a council sitting. "
            "Check it on the Votes screen."
        )
    finally:
        worker.stop()
