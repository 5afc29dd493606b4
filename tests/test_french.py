"""French done right: every French string of obambu_fr.ts puts the narrow no-break space French
requires before ":" ";" "?" "!" and inside « », and no screen shown in French writes an ISO date
(dates go through app/ui/formats.py and the screen's QLocale)."""

from __future__ import annotations

import ast
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.core import typography
from app.core.attestations import certificates
from app.core.attestations.printed import PAPER
from app.core.council import council, pv, ruleprofile
from app.core.council.council import Breach
from app.ui import formats, i18n
from app.ui.attest_manage import ReasonDialog
from app.ui.attestations import AttestationsPage
from app.ui.convocation import ProxyDialog, ReceiptDialog
from app.ui.documents import DocumentsPage
from app.ui.forum import ForumPage
from app.ui.network import NetworkPage
from app.ui.sittings import AppointDialog, ConveneDialog, SittingsPage
from app.ui.syncstation import SyncStation
from app.ui.vote_entry import VoteEntryDialog
from app.ui.votes import NewVoteDialog, OutcomeDialog, VotesPage
from app.ui.window import MainWindow

NNBSP = "\u202f"  # the one space French punctuation takes in Obambu (docs/architecture.md)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A literal that is not French prose: host:port, a file dialog's filter, a code's prefix.
NOT_PROSE = re.compile(r"\{host\}:\{port\}|adresse:port|\d:\d|\);;|AT1:")


def french_strings() -> list[str]:
    root = ET.parse(i18n.source("fr")).getroot()
    found = []
    for message in root.iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("vanished", "obsolete"):
            continue
        forms = translation.findall("numerusform")
        found += [form.text or "" for form in forms] if forms else [translation.text or ""]
    return found


def breaches(text: str) -> list[str]:
    """Where `text` breaks the rule: a ":" ";" "?" "!" not preceded by the narrow no-break space
    (an ASCII space, another space, or none), « not followed by it, » not preceded by it."""
    prose = NOT_PROSE.sub("", text)
    found = [m.group() for m in re.finditer(r".?[:;?!]", prose) if not m.group().startswith(NNBSP)]
    found += [m.group() for m in re.finditer(r"«.?", prose) if not m.group().endswith(NNBSP)]
    found += [m.group() for m in re.finditer(r".?»", prose) if not m.group().startswith(NNBSP)]
    return found


def test_the_rule_sees_the_breaches_it_is_for() -> None:
    assert breaches("Oui: 0") == ["i:"]
    assert breaches("Nom :") == [" :"]
    assert breaches("Envoyer ?") == [" ?"]
    assert breaches("«Maire »") == ["«M", " »"]
    assert breaches(f"Oui{NNBSP}: 0{NNBSP}; « Maire »") == ["« ", " »"]
    assert breaches(f"Nom{NNBSP}: «{NNBSP}Maire{NNBSP}»{NNBSP}!") == []
    assert breaches("Service sur {host}:{port} à 09:09") == []


def test_every_french_string_spaces_its_punctuation_as_french_requires() -> None:
    strings = french_strings()
    assert len(strings) > 900
    wrong = {text: found for text in strings if (found := breaches(text))}
    assert not wrong, "\n".join(f"{found}: {text!r}" for text, found in wrong.items())


@pytest.fixture
def french(qapp: QApplication) -> Iterator[None]:
    i18n.install(qapp, "fr")
    yield
    i18n.install(qapp, "en")


def test_formats_speak_the_screen_s_language(qapp: QApplication) -> None:
    i18n.install(qapp, "fr")
    try:
        assert formats.date("2026-12-17") == "17 décembre 2026"
        assert formats.date(date(2026, 3, 2)) == "2 mars 2026"
        assert formats.number(12345) == f"12{NNBSP}345"
        moment = time.mktime((2026, 12, 17, 9, 9, 0, 0, 0, -1))
        assert formats.datetime(moment) == "17/12/2026 09:09"
        assert formats.short_date(moment) == "17/12/2026"
        assert formats.date("not a date") == "not a date"
    finally:
        i18n.install(qapp, "en")
    assert formats.date("2026-12-17") == "December 17, 2026"
    assert formats.number(12345) == "12,345"


def _model_texts(model: QAbstractItemModel, parent: QModelIndex) -> Iterator[str]:
    try:
        columns = model.columnCount(parent)
    except TypeError:  # a list's model keeps its one column private
        columns = 1
    for row in range(min(model.rowCount(parent), 200)):
        for column in range(columns):
            index = model.index(row, column, parent)
            value = model.data(index, Qt.ItemDataRole.DisplayRole)
            if value is not None:
                yield str(value)
            if column == 0 and columns > 1 and model.rowCount(index):
                yield from _model_texts(model, index)


def visible_texts(screen: QWidget) -> Iterator[str]:
    yield screen.windowTitle()
    for label in screen.findChildren(QLabel):
        yield label.text()
    for edit in screen.findChildren(QLineEdit):  # a hint in an empty field is read too
        yield edit.placeholderText()
    for text in screen.findChildren(QPlainTextEdit):
        yield text.placeholderText()
        yield text.toPlainText()
    for button in screen.findChildren(QAbstractButton):
        yield button.text()
    for combo in screen.findChildren(QComboBox):
        yield from (combo.itemText(i) for i in range(combo.count()))
    for view in screen.findChildren(QAbstractItemView):
        model = view.model()
        if model is not None:
            yield from _model_texts(model, QModelIndex())


@pytest.fixture
def a_sitting(net) -> None:  # type: ignore[no-untyped-def]
    """Ambam convenes a sitting, whose date the sittings' list shows."""
    from tests.test_sittings import _convene

    _convene(net.nodes[0], days_ahead=12)
    net.nodes[0].seal()


def test_no_french_screen_shows_an_iso_date(qtbot, french, a_sitting, ambam_worker) -> None:  # type: ignore[no-untyped-def]
    screens: list[QWidget] = [
        MainWindow(ambam_worker),
        SittingsPage(ambam_worker),
        VotesPage(ambam_worker),
        ForumPage(ambam_worker),
        DocumentsPage(ambam_worker),
        AttestationsPage(ambam_worker),
        NetworkPage(ambam_worker),
        SyncStation(ambam_worker),
    ]
    for screen in screens:
        qtbot.addWidget(screen)
        screen.show()
        refresh = getattr(screen, "refresh", None)
        if refresh is not None:
            refresh()
    qtbot.waitUntil(lambda: ambam_worker.pending == 0, timeout=20_000)
    sittings = screens[1]
    assert isinstance(sittings, SittingsPage)
    qtbot.waitUntil(lambda: sittings.list.count() > 0, timeout=20_000)
    assert re.search(r"Séance n° 1 du \d{1,2} \w+ \d{4}", sittings.list.item(0).text())
    # The dialogs the sittings screen opens, on the sitting it lists.
    row = sittings.rows[0]
    screens += [
        ConveneDialog(sittings.rows),
        VoteEntryDialog(row),
        ReceiptDialog(row.members, [m.name for m in row.members]),
        ProxyDialog(row.members, row.number),
        AppointDialog(row.members),
        NewVoteDialog(),
        OutcomeDialog(),
        ReasonDialog(),
    ]
    for dialog in screens[-8:]:
        qtbot.addWidget(dialog)
        dialog.show()
    texts = [text for screen in screens for text in visible_texts(screen)]
    assert len(texts) > 100
    iso = [text for text in texts if ISO_DATE.search(text)]
    assert not iso, iso


# --- the core's own French: the council's rules and sentences, the minutes, the paper --------

COUNCIL = Path(council.__file__)


def _sample(node: ast.expr) -> str | None:
    """A message as the source writes it, each value it puts in replaced by a name."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_sample(part) or "Valeur" for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _sample(node.left), _sample(node.right)
        return None if left is None or right is None else left + right
    return None


def test_the_council_s_sentences_and_profiles_space_their_punctuation() -> None:
    """Every breach council.py words, as a screen shows it, and every sentence of the packaged
    rule profiles (their names, the law, the notes a rule carries)."""
    tree = ast.parse(COUNCIL.read_text(encoding="utf-8"))
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Breach"
    ]
    messages = [sample for call in calls if (sample := _sample(call.args[1])) is not None]
    assert len(messages) > 25 and len(messages) == len(calls)
    texts = [Breach("CGCT L2121-17", message).message for message in messages]
    for code in ruleprofile.available():
        profile = ruleprofile.load(code)
        texts += [profile.name, profile.law, profile.sources]
        for name in ruleprofile.SECTIONS:
            rule = profile.section(name)
            texts += [rule.note, rule.cite]
    wrong = {text: found for text in texts if (found := breaches(text))}
    assert not wrong, "\n".join(f"{found}: {text!r}" for text, found in wrong.items())


def test_the_minutes_read_in_french_with_no_reference_in_their_body() -> None:
    profile = ruleprofile.load("fr")
    members = [
        ["m1", "Marie Ndongo", None],
        ["m2", "Paul Ekani", None],
        ["m3", "Luc Abessolo", None],
    ]
    body = {
        "number": 4,
        "date": "2027-03-01",
        "profile": "fr",
        "digest": bytes.fromhex(profile.digest),
        "urgent": 1,
        "president": "m1",
        "members": members,
        "items": [{"title": "Budget : la fête"}, {"title": "Réfection du puits"}],
    }
    proxy = {"mandant": "m3", "holder": "m2", "first": 4, "last": 4}
    ballots = [["m1", "pour", ""], ["m2", "contre", ""], ["m2", "pour", "m3"]]
    vote = {"present": ["m1", "m2"], "interested": [], "ballots": ballots}
    outcome: dict[str, object] = {"mode": "appel_nominal", "totals": [2, 1, 0, 0, 0, 0]}
    outcome |= {"label": "adopté", "own": ["m2"]}
    outcome["flag"] = "Partage : voix du président ; « prépondérante »"
    text, digest = pv.text(body, date(2027, 2, 20), [proxy], {0: (vote, outcome)})
    assert text.startswith("PROCÈS-VERBAL — séance n° 4 du 1er mars 2027\n")
    assert "Convocation signée le 20 février 2027 (urgence)\n" in text
    assert f"Règles appliquées{NNBSP}: {profile.name}\n" in text
    assert f"Paul Ekani{NNBSP}: contre (bulletin signé de sa main)" in text
    wrong = {row: found for row in text.splitlines() if (found := breaches(row))}
    assert not wrong, wrong
    assert not ISO_DATE.search(text)
    minutes, annex, reference = text.partition("\nAnnexe — pour vérification\n")
    assert annex and profile.digest[:16] in reference and profile.digest[:8] not in minutes
    assert len(digest) == 32


def test_the_printed_certificate_spaces_its_punctuation(net) -> None:  # type: ignore[no-untyped-def]
    from tests.test_attestations import _issue

    issued = _issue(net)
    paper = certificates.to_print(net.nodes[0], issued.id)
    texts = [paper.title, paper.commune, paper.issuer, *paper.notes, *PAPER.values()]
    texts += [part for row in paper.lines for part in row]
    wrong = {text: found for text in texts if (found := breaches(text))}
    assert not wrong, wrong
    assert not [text for text in texts if ISO_DATE.search(text)]
    assert typography.french_date("2026-12-01") == "1er décembre 2026"
    assert typography.french("« Oui » : non ; vraiment ?") == (
        f"«{NNBSP}Oui{NNBSP}»{NNBSP}: non{NNBSP}; vraiment{NNBSP}?"
    )
    assert typography.french("à 09:09, AT1:ABC") == "à 09:09, AT1:ABC"
