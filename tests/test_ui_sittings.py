"""The sitting screens, driven as a secretary would: convene, enter three votes, see a refusal
with its article, and the list of deliberations."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate

from app.ui.sittings import ConveneDialog, MinutesDialog, SittingsPage, VoteEntryDialog

PASS = "pass phrase"


@pytest.fixture
def page(qtbot, ambam_worker):  # type: ignore[no-untyped-def]
    made = SittingsPage(ambam_worker)
    qtbot.addWidget(made)
    return made


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
        "app.ui.files.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
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
        "app.ui.files.QFileDialog.getExistingDirectory", lambda *a, **k: str(tmp_path / "p")
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


def test_receipts_proxies_and_the_room_changing_between_items(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Receipts and a proxy before the sitting; then item 1 by member with the proxy used,
    item 2 by totals in a secret ballot with an interested member out, item 3 taken note of."""
    from app.ui.convocation import ProxyDialog, ReceiptDialog

    _convene(monkeypatch, days=6)
    page.convene()
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=20_000)
    assert "received by 0 members of 5." in page.details.text()
    monkeypatch.setattr(ReceiptDialog, "exec", lambda d: ReceiptDialog.DialogCode.Accepted)
    page.receipt_button.click()
    qtbot.waitUntil(lambda: "received by 1 member of 5." in page.details.text(), timeout=20_000)
    page.receipt_button.click()  # the dialog now starts with the next member without receipt
    qtbot.waitUntil(lambda: "received by 2 members of 5." in page.details.text(), timeout=20_000)
    assert "No receipt yet: Jeanne Mvondo, Luc Abessolo, Claire Nkoulou" in page.details.text()

    def proxy(dialog: ProxyDialog) -> int:
        dialog.mandant.setCurrentIndex(4)  # Claire Nkoulou gives her proxy to Paul Ekani
        dialog.holder.setCurrentIndex(1)
        return ProxyDialog.DialogCode.Accepted

    monkeypatch.setattr(ProxyDialog, "exec", proxy)
    page.proxy_button.click()
    qtbot.waitUntil(
        lambda: "Proxy: Claire Nkoulou to Paul Ekani" in page.details.text(), timeout=20_000
    )
    seen: list[str] = []

    def by_member(dialog: VoteEntryDialog) -> int:
        dialog.present[4].setChecked(False)  # Claire is away, Paul votes for her
        seen.append(dialog.quorum.text())
        for choice in dialog.choices:
            choice.setCurrentIndex(choice.findData("pour"))
        dialog.proxy_choices[0].setCurrentIndex(dialog.proxy_choices[0].findData("contre"))
        return VoteEntryDialog.DialogCode.Accepted

    monkeypatch.setattr(VoteEntryDialog, "exec", by_member)
    page.enter_vote()
    qtbot.waitUntil(lambda: page.message.text() == "The vote is recorded.", timeout=20_000)
    assert seen == ["Quorum reached: 4 members counted, 3 required."]

    def secret(dialog: VoteEntryDialog) -> int:
        assert not dialog.present[4].isChecked()  # the room of the previous item
        dialog.mode.setCurrentIndex(dialog.mode.findData("secret"))
        assert dialog.how.currentData() == "totals"  # a secret ballot is never named
        dialog.interested[3].setChecked(True)  # Luc has an interest and leaves
        seen.append(dialog.quorum.text())
        dialog.totals["pour"].setValue(2)
        dialog.totals["contre"].setValue(1)
        dialog.totals["blanc"].setValue(1)
        return VoteEntryDialog.DialogCode.Accepted

    page.items.setCurrentRow(1)
    page.message.clear()
    monkeypatch.setattr(VoteEntryDialog, "exec", secret)
    page.enter_vote()
    qtbot.waitUntil(lambda: page.message.text() == "The vote is recorded.", timeout=20_000)
    assert seen[-1] == "Quorum reached: 3 members counted, 3 required."
    qtbot.waitUntil(lambda: "adopté" in page.items.item(1).text(), timeout=20_000)

    def noted(dialog: VoteEntryDialog) -> int:
        dialog.how.setCurrentIndex(dialog.how.findData("noted"))
        assert dialog.totals_box.isHidden() and dialog.choices[0].isHidden()
        return VoteEntryDialog.DialogCode.Accepted

    page.items.setCurrentRow(2)
    page.message.clear()
    monkeypatch.setattr(VoteEntryDialog, "exec", noted)
    page.enter_vote()
    qtbot.waitUntil(lambda: "prend acte" in page.items.item(2).text(), timeout=20_000)


def test_convened_again_after_no_quorum_from_the_screen(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _convene(monkeypatch, days=6)
    page.convene()
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=20_000)
    _votes(monkeypatch, absent=3, choices=["pour"])
    page.enter_vote()
    qtbot.waitUntil(lambda: "L2121-17" in page.message.text(), timeout=20_000)
    offered: list[str] = []

    def again(dialog: ConveneDialog) -> int:
        dialog.again.setCurrentIndex(1)  # the sitting without quorum
        offered.append(dialog.items.toPlainText())
        return ConveneDialog.DialogCode.Accepted

    monkeypatch.setattr(ConveneDialog, "exec", again)
    page.convene()
    qtbot.waitUntil(lambda: page.list.count() == 2, timeout=20_000)
    assert offered[0].splitlines()[0] == "Achat d'un groupe électrogène"
    page.list.setCurrentRow(0)  # the newest first
    qtbot.waitUntil(lambda: page.items.count() == 3, timeout=20_000)
    page.message.clear()
    page.enter_vote()  # the same two members: no quorum is needed now
    qtbot.waitUntil(lambda: page.message.text() == "The vote is recorded.", timeout=20_000)


def test_the_vote_is_said_recorded_only_once_the_screen_shows_it(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """On a loaded laptop the refreshed list comes back late: the secretary must not read "The
    vote is recorded." while the screen still shows the item unvoted and the room of before,
    or the next item's dialog starts from the wrong room."""
    from app.core.council import queries

    _convene(monkeypatch, days=6)
    page.convene()
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=20_000)
    gate, asked = threading.Event(), threading.Event()
    reload = queries.sittings

    def late(node):  # type: ignore[no-untyped-def]
        asked.set()
        gate.wait(60)
        return reload(node)

    monkeypatch.setattr(queries, "sittings", late)
    _votes(monkeypatch, absent=1, choices=["pour"])
    page.enter_vote()
    try:
        qtbot.waitUntil(asked.is_set, timeout=20_000)  # the vote is signed, the list on its way
        assert page.message.text() != "The vote is recorded."
    finally:
        gate.set()
    qtbot.waitUntil(lambda: page.message.text() == "The vote is recorded.", timeout=20_000)
    assert "adopté" in page.items.item(0).text()


def test_the_vote_entry_starts_from_the_ballots_members_signed_themselves(qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.core.council import queries

    held = queries.Sitting(
        id=b"s" * 32,
        number=2,
        date="2026-06-12",
        population=2000,
        profile="fr",
        president="m1",
        urgent=False,
        members=tuple(
            queries.Member(f"m{n + 1}", name, "")
            for n, name in enumerate(["Marie Ndongo", "Paul Ekani", "Jean Owona"])
        ),
        items=(queries.Item(0, "Toit de l'école", b"t" * 32),),
        reconvenes=None,
        own_ballots={0: {"m3": "contre"}},
    )
    dialog = VoteEntryDialog(held, None, 0)
    qtbot.addWidget(dialog)
    assert dialog.mode.currentData() == "appel_nominal" and dialog.how.currentData() == "ballots"
    assert dialog.present[2].isChecked() and dialog.choices[2].currentData() == "contre"
    assert "Jean Owona" in dialog.own.text()
    unsigned = VoteEntryDialog(held, None, None)
    qtbot.addWidget(unsigned)
    assert not unsigned.own.text() and unsigned.mode.currentData() == "public"
