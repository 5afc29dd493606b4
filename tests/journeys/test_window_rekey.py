"""Ambam's laptop is stolen, and the commune gets its new key without the command line: the new
laptop, restored from paper, shows on the Network screen the code to phone to a neighbour and
that it waits; Bipindi's mayor proposes the new key from the code on the same screen; Campo's
reads the proposal as a re-key, with who proposed it and how many communes approved, and
approves it. The new laptop signs again. (The neighbours' USB stick trips and the commune's
first steps afterwards are `obambu`.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.node.node import Node
from app.ui.firstrun import FirstRunDialog
from app.ui.join import JoinDialog
from app.ui.network import NetworkPage
from app.ui.window import MainWindow
from app.ui.worker import Worker
from tests.journeys.conftest import Cli, Town
from tests.test_cli import PASS

WAIT = 30_000
ASKED = "Ambam asks for a new commune key (laptop stolen or lost): approve?"


def _network(qtbot, town: Town, opened: Worker | None = None) -> tuple[NetworkPage, Worker]:  # type: ignore[no-untyped-def]
    """The town's window, on "Network and signatures" (on `opened`, the profile the first run
    made)."""
    worker = opened or Worker()
    if opened is None:
        worker.open(lambda: Node.open(town.home, PASS))
    window = MainWindow(worker)
    qtbot.addWidget(window)
    window.sealer.stop()
    window.show()
    window.nav.setCurrentRow(window.stack.indexOf(window.network))
    page = window.network
    qtbot.waitUntil(lambda: page.members.topLevelItemCount() > 0, timeout=WAIT)
    return page, worker


def _mayor(town: Town) -> str:
    members = town.json("member", "list")["members"]
    return next(str(m["id"]) for m in members if m["role"] == "mayor" and m["active"])


def test_a_stolen_laptops_new_key_is_asked_proposed_and_approved_in_the_window(
    qtbot,
    cli: Cli,
    demo: Callable[[int], list[Town]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OBAMBU_LAN", "off")
    monkeypatch.setattr("app.ui.confirm.ask", lambda *a, **k: True)
    ambam, bipindi, campo = demo(3)
    paper = ambam.json("backup", "paper", "--out", tmp_path / "qr.png")["seed"]
    stick = tmp_path / "stick"
    stick.mkdir()
    for town in (ambam, bipindi, campo, ambam, bipindi, campo):
        town.visit(stick)

    # The secretary rebuilds a laptop from the paper at its first start, and Bipindi gives it
    # the network back by stick.
    new = Town(cli, tmp_path / "ambam-new")
    trip = tmp_path / "trip"
    trip.mkdir()
    worker = Worker()
    try:
        first_run = FirstRunDialog(worker, new.home, tmp_path / "demo")
        qtbot.addWidget(first_run)
        first_run.passphrase.setText(PASS)
        first_run.again.setText(PASS)
        first_run.rebuild_from_paper(paper, trip)
        qtbot.waitUntil(lambda: first_run.result() == first_run.DialogCode.Accepted, timeout=WAIT)
        bipindi.run("join", "invite", "--stick", trip)
        join = JoinDialog(worker)
        qtbot.addWidget(join)
        join.take(trip)
        qtbot.waitUntil(lambda: join.result() == join.DialogCode.Accepted, timeout=WAIT)
    except BaseException:
        worker.stop()
        raise

    # On the new laptop: "Laptop stolen or lost", the code to phone, and that it waits.
    page, worker = _network(qtbot, new, worker)
    try:
        qtbot.waitUntil(lambda: page.epoch.text() != "", timeout=WAIT)
        assert not page.request_button.isHidden()  # restored from paper: offered
        qtbot.mouseClick(page.request_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.code.isVisible() and page.code.text() != "", timeout=WAIT)
        code = page.code.text()
        assert len(code) == 144
        assert "This laptop waits" in page.rekey_state.text()
    finally:
        worker.stop()
    assert code == new.json("rekey", "request")["code"]  # asking again gives the same code
    page, worker = _network(qtbot, new)  # the window opened again: still the code, still waiting
    try:
        qtbot.waitUntil(lambda: page.code.text() == code, timeout=WAIT)
        assert page.code.isVisible()
        assert "This laptop waits" in page.rekey_state.text()
    finally:
        worker.stop()

    # Bipindi's mayor types the code in: proposed, and approved in Bipindi's name.
    page, worker = _network(qtbot, bipindi)
    try:
        monkeypatch.setattr("app.ui.network.QInputDialog.getText", lambda *a, **k: (code, True))
        qtbot.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.message.text().startswith("Proposed"), timeout=WAIT)
        assert page.proposals.topLevelItem(0).text(0) == ASKED
        # A laptop never restored is not offered to ask for a new key: a slip would stop it.
        qtbot.waitUntil(lambda: page.request_button.isHidden(), timeout=WAIT)
    finally:
        worker.stop()
    bipindi.run("sync", "export", "--to", stick)

    # Campo reads it as a re-key, with who proposed it and one approval of the two needed.
    campo.run("sync", "import", "--from", stick)
    page, worker = _network(qtbot, campo)
    try:
        qtbot.waitUntil(lambda: page.proposals.topLevelItemCount() == 1, timeout=WAIT)
        assert page.proposals.topLevelItem(0).text(0) == ASKED
        assert page.asked.text() == (
            ASKED + "\nProposed by Bipindi. Approvals of communes: 1 of the 2 needed."
        )
        qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.message.text() == "Approved.", timeout=WAIT)
        assert page.proposals.topLevelItemCount() == 0  # two thirds: the epoch is in force
        assert page.epoch.text() == "Current epoch: 1"
    finally:
        worker.stop()
    campo.run("sync", "export", "--to", stick)

    # The stick brings the approvals to the new laptop: it no longer waits, and signs again.
    new.run("sync", "import", "--from", stick)
    page, worker = _network(qtbot, new)
    try:
        assert page.rekey_state.text() == ""
        assert not page.code.isVisible()
    finally:
        worker.stop()
    new.run("member", "remove", _mayor(new))  # the mayor's key went with the stolen laptop
    new.run("member", "add", "--name", "Maire d'Ambam")
    new.run("forum", "thread", "--title", "De retour", "--body", "Nouvelle clé.")
    new.run("sync", "export", "--to", stick)
    bipindi.run("sync", "import", "--from", stick)
    assert "De retour" in bipindi.titles()


def test_a_communes_admission_reads_as_such(
    qtbot,
    cli: Cli,
    demo: Callable[[int], list[Town]],
    stick: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    """Djoum asks to join; Ambam invites it; Campo's Network screen asks whether to admit it."""
    monkeypatch.setenv("OBAMBU_LAN", "off")
    ambam, _, campo = demo(3)
    Town(cli, tmp_path / "djoum").run("join", "request", "--commune", "Djoum", "--stick", stick)
    ambam.run("join", "invite", "--stick", stick)
    ambam.run("sync", "export", "--to", stick)
    campo.run("sync", "import", "--from", stick)
    page, worker = _network(qtbot, campo)
    try:
        qtbot.waitUntil(lambda: page.proposals.topLevelItemCount() == 1, timeout=WAIT)
        asked = "Djoum asks to join the network: admit it?"
        assert page.proposals.topLevelItem(0).text(0) == asked
        assert page.asked.text() == (
            asked + "\nProposed by Ambam. Approvals of communes: 1 of the 2 needed."
        )
    finally:
        worker.stop()
