"""The sitting screens, driven as a secretary would: convene, enter three votes, see a refusal
with its article, and the list of deliberations."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate

from app.core.node import Node
from app.ui.sittings import ConveneDialog, MinutesDialog, SittingsPage, VoteEntryDialog
from app.ui.worker import Worker

PASS = "pass phrase"


@pytest.fixture
def page(qtbot, net):  # type: ignore[no-untyped-def]
    home = net.nodes[0].home
    net.nodes[0].close()
    worker = Worker()
    worker.open(lambda: Node.open(home, PASS))
    made = SittingsPage(worker)
    qtbot.addWidget(made)
    yield made
    worker.stop()
    net.nodes[0] = Node.open(home, PASS)


def _convene(monkeypatch, days: int) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: ConveneDialog) -> int:
        dialog.date.setDate(QDate(date.today() + timedelta(days=days)))
        dialog.members.setPlainText(
            "Marie Ndongo\nPaul Ekani\nJeanne Mvondo\nLuc Abessolo\nClaire Nkoulou"
        )
        dialog.items.setPlainText(
            "Achat d'un groupe électrogène\nRéfection du puits\nBudget de la fête"
        )
        return ConveneDialog.DialogCode.Accepted

    monkeypatch.setattr(ConveneDialog, "exec", fill)


def _votes(monkeypatch, absent: int, choices: list[str]) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: VoteEntryDialog) -> int:
        for n, (box, choice) in enumerate(zip(dialog.present, dialog.choices, strict=True)):
            box.setChecked(n < len(dialog.present) - absent)
            choice.setCurrentIndex(choice.findData(choices[n % len(choices)]))
        return VoteEntryDialog.DialogCode.Accepted

    monkeypatch.setattr(VoteEntryDialog, "exec", fill)


def test_a_secretary_runs_a_sitting_of_three_items(qtbot, page, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _convene(monkeypatch, days=1)  # too late: no clear day left
    page.convene()
    qtbot.waitUntil(lambda: "L2121-11" in page.message.text(), timeout=20_000)
    _convene(monkeypatch, days=6)
    page.convene()
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=20_000)
    assert page.items.count() == 3
    _votes(monkeypatch, absent=3, choices=["pour"])  # 2 of 5 present: no quorum
    page.enter_vote()
    qtbot.waitUntil(lambda: "L2121-17" in page.message.text(), timeout=20_000)
    for row, choices in (
        (0, ["pour", "pour", "contre"]),
        (1, ["contre"]),
        (2, ["pour", "abstention"]),
    ):
        page.items.setCurrentRow(row)
        _votes(monkeypatch, absent=1, choices=choices)
        page.enter_vote()
        qtbot.waitUntil(lambda: page.message.text() == "The vote is recorded.", timeout=20_000)
        page.message.clear()
        qtbot.waitUntil(lambda r=row: "not voted" not in page.items.item(r).text(), timeout=20_000)
    labels = [page.items.item(n).text() for n in range(3)]
    assert "adopté" in labels[0] and "rejeté" in labels[1] and "adopté" in labels[2]
    shown: list[str] = []

    def sign(dialog: MinutesDialog) -> int:
        shown.append(dialog.text.toPlainText())
        return MinutesDialog.SIGN

    monkeypatch.setattr(MinutesDialog, "exec", sign)
    page.show_minutes()
    qtbot.waitUntil(lambda: page.message.text() == "Your signature is recorded.", timeout=20_000)
    assert "PROCÈS-VERBAL" in shown[0] and "Réfection du puits" in shown[0]
    target = tmp_path / "deliberations.csv"
    monkeypatch.setattr(
        "app.ui.sittings.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    page.save_list()
    qtbot.waitUntil(lambda: target.exists(), timeout=20_000)
    assert len(target.read_text(encoding="utf-8").splitlines()) == 4  # header and three items
    page.items.setCurrentRow(1)
    page.discuss_button.click()
    qtbot.waitUntil(lambda: page.message.text() == "A thread is open in the forum.", timeout=20_000)
    page.items.setCurrentRow(0)
    for button in (page.published_button, page.transmitted_button):
        page.message.clear()
        button.click()
        qtbot.waitUntil(lambda: page.message.text() == "Recorded.", timeout=20_000)
    qtbot.waitUntil(lambda: "executory" in page.items.item(0).text(), timeout=20_000)
    page.items.setCurrentRow(0)
    monkeypatch.setattr(
        "app.ui.sittings.QFileDialog.getExistingDirectory", lambda *a, **k: str(tmp_path / "p")
    )
    page.export_button.click()
    qtbot.waitUntil(lambda: page.message.text().startswith("Written"), timeout=20_000)
    (folder,) = (tmp_path / "p").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == [
        "acte.json",
        "acte.txt",
        "convocation.cose",
        "vote.cose",
    ]


def test_an_appointment_on_the_screen_goes_to_a_second_round(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui.sittings import AppointDialog

    _convene(monkeypatch, days=6)
    page.convene()
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=20_000)

    def round_with(counts: list[int]):  # type: ignore[no-untyped-def]
        def fill(dialog: AppointDialog) -> int:
            dialog.office.setText("Premier adjoint")
            for box, spin, n in zip(dialog.candidate, dialog.count, counts, strict=False):
                box.setChecked(True)
                spin.setValue(n)
            return AppointDialog.DialogCode.Accepted

        return fill

    monkeypatch.setattr(AppointDialog, "exec", round_with([2, 2]))
    page.appoint()
    qtbot.waitUntil(lambda: "next round" in page.message.text(), timeout=20_000)
    monkeypatch.setattr(AppointDialog, "exec", round_with([1, 3]))
    page.appoint()
    qtbot.waitUntil(lambda: page.message.text() == "Elected: Paul Ekani", timeout=20_000)
