"""French done right: every French string of obambu_fr.ts puts the narrow no-break space French
requires before ":" ";" "?" "!" and inside « », and no screen shown in French writes an ISO date
(dates go through app/ui/formats.py and the screen's QLocale)."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QWidget,
)

from app.ui import formats, i18n
from app.ui.attestations import AttestationsPage
from app.ui.documents import DocumentsPage
from app.ui.forum import ForumPage
from app.ui.network import NetworkPage
from app.ui.sittings import SittingsPage
from app.ui.syncstation import SyncStation
from app.ui.votes import VotesPage
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
    texts = [text for screen in screens for text in visible_texts(screen)]
    assert len(texts) > 100
    iso = [text for text in texts if ISO_DATE.search(text)]
    assert not iso, iso
