"""A mayor opens every page of the window, in French as Obambu starts by default, and meets no
engineer's word (docs/glossaire.md): no "bloc", "balise", "époque", hexadecimal key or bare
"clé" outside the technicians' Devices page; the Network page says who has received the
commune's news and when, and its "Détails" button opens the technical panel, collapsed until
then."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

from app.ui import i18n
from app.ui.settings import Settings
from app.ui.window import MainWindow
from tests.journeys.conftest import Town, open_window
from tests.test_french import _model_texts
from tests.test_glossary import breaches

WAIT = 30_000


def shown_texts(root: QWidget, skip: tuple[QWidget, ...] = ()) -> Iterator[tuple[str, str]]:
    """(where, text) of every text a person sees under `root`: its title, tooltips, labels,
    buttons, group titles, list and table items and their headers, combo boxes' choices;
    hidden widgets and those under `skip` left out."""

    def seen(widget: QWidget) -> bool:
        if not widget.isVisible():
            return False
        return not any(widget is s or s.isAncestorOf(widget) for s in skip)

    yield type(root).__name__, root.windowTitle()
    for widget in root.findChildren(QWidget):
        if seen(widget) and widget.toolTip():
            yield type(widget).__name__, widget.toolTip()
    for label in root.findChildren(QLabel):
        if seen(label):
            yield type(label.parent()).__name__, label.text()
    for button in root.findChildren(QAbstractButton):
        if seen(button):
            yield type(button.parent()).__name__, button.text()
    for box in root.findChildren(QGroupBox):
        if seen(box):
            yield type(box.parent()).__name__, box.title()
    for combo in root.findChildren(QComboBox):
        if seen(combo):
            yield from (
                (type(combo.parent()).__name__, combo.itemText(i)) for i in range(combo.count())
            )
    for tree in root.findChildren(QTreeWidget):
        if seen(tree):
            header = tree.headerItem()
            yield from (
                (type(tree.parent()).__name__, header.text(c)) for c in range(tree.columnCount())
            )
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if seen(view) and model is not None:
            yield from (
                (type(view.parent()).__name__, t) for t in _model_texts(model, QModelIndex())
            )


def test_every_page_speaks_to_a_mayor_and_details_hold_the_technical_words(
    qtbot, demo: Callable[[int], list[Town]], stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Ambam's stick goes to Bipindi and back, so Ambam has heard what Bipindi holds; then its
    secretary opens the window, goes through every page, and syncs the stick Bipindi wrote on
    again."""
    monkeypatch.setenv("OBAMBU_LAN", "off")
    ambam, bipindi, _campo = demo(3)
    ambam.visit(stick)
    bipindi.visit(stick)
    ambam.visit(stick)
    # Bipindi writes again: the stick the secretary syncs in the window brings it news.
    bipindi.run("sync", "import", "--from", stick)
    bipindi.run("forum", "thread", "--title", "Route de Kribi", "--body", "Travaux lundi.")
    bipindi.run("sync", "export", "--to", stick)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.install(app, Settings.load().language)  # what `obambu run` does: French by default
    window, worker = open_window(qtbot, ambam)
    try:
        assert window.nav.item(0).text() == "Accueil"
        seen: dict[str, list[str]] = {}
        for row in range(window.nav.count()):
            window.nav.setCurrentRow(row)
            page = window.stack.currentWidget()
            qtbot.waitUntil(lambda: worker.pending == 0, timeout=WAIT)
            qtbot.wait(50)  # the answer's callback runs on the next turn of the event loop
            qtbot.waitUntil(lambda: worker.pending == 0, timeout=WAIT)
            if page is window.devices:
                continue  # the technicians' page: relays, their blocks and their settings
            tabs = [page] if not page.findChildren(QTabWidget) else page.findChildren(QTabWidget)
            for holder in tabs:
                count = holder.count() if isinstance(holder, QTabWidget) else 1
                for tab in range(count):
                    if isinstance(holder, QTabWidget):
                        holder.setCurrentIndex(tab)
                        qtbot.waitUntil(lambda: worker.pending == 0, timeout=WAIT)
                    for where, text in shown_texts(window, skip=(window.devices,)):
                        if found := breaches(text):
                            seen.setdefault(
                                f"{window.nav.item(row).text()} / {where}: {text}", found
                            )
        assert not seen, "\n".join(f"{found}: {where}" for where, found in seen.items())

        # The Network page, in the mayor's words: who has received our news, and when.
        window.nav.setCurrentRow(window.stack.indexOf(window.network))
        network = window.network
        qtbot.waitUntil(lambda: network.news.topLevelItemCount() > 0, timeout=WAIT)
        bipindi_row = network.news.topLevelItem(0)
        assert bipindi_row.text(0) == "Bipindi"
        assert bipindi_row.text(1).startswith("toutes, jusqu'au ")
        assert network.news.headerItem().text(1) == "A reçu vos nouvelles"
        assert network.rotate_button.text() == "Changer ma clé de signature"
        assert network.invite_button.text() == "Inviter les communes en attente sur une clé USB…"

        # "Détails" shows the technician's panel, closed until then.
        details = network.details
        assert not details.isVisible()
        assert network.details_button.text() == "Détails"
        qtbot.mouseClick(network.details_button, Qt.MouseButton.LeftButton)
        assert details.isVisible()
        technical = [text for _where, text in shown_texts(details)]
        assert network.epoch.text() == "Époque actuelle\u202f: 0"
        assert "Dernière balise" in technical
        assert any(re.fullmatch(r"[0-9a-f]{16}", text) for text in technical)  # a key's id
        assert any(breaches(text) for text in technical)  # the words the mayor never meets
        qtbot.mouseClick(network.details_button, Qt.MouseButton.LeftButton)
        assert not details.isVisible()

        # The sync station, before and after syncing the stick, says it in the same words.
        window.nav.setCurrentRow(window.stack.indexOf(window.sync_station))
        station = window.sync_station
        station.use(stick)  # what choosing the stick's folder does
        qtbot.waitUntil(lambda: station.sync_button.isEnabled(), timeout=WAIT)
        assert "Nouveau pour nous\u202f: 1 message." in station.summary.text()
        qtbot.mouseClick(station.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: station.safe.text() != "", timeout=60_000)
        assert station.safe.text() == "Vous pouvez retirer la clé USB."
        said = {text: breaches(text) for _w, text in shown_texts(window, skip=(window.devices,))}
        assert not {text: found for text, found in said.items() if found}
    finally:
        worker.stop()
        i18n.install(app, "en")


def test_the_walk_sees_a_word_planted_on_a_page(qtbot, demo: Callable[[int], list[Town]]) -> None:  # type: ignore[no-untyped-def]
    """The walk is not blind: a label saying "bloc" on a mayor's page is found, the same label in
    the collapsed Details panel is not."""
    (ambam,) = demo(1)
    window, worker = open_window(qtbot, ambam)
    try:
        assert isinstance(window, MainWindow)
        window.nav.setCurrentRow(window.stack.indexOf(window.network))
        QLabel("Le bloc n° 7 est connu de 1 des 3 communes", window.network).show()
        planted = QLabel("Dernière balise", window.network.details)
        planted.show()
        found = [t for _w, t in shown_texts(window, skip=(window.devices,)) if breaches(t)]
        assert found == ["Le bloc n° 7 est connu de 1 des 3 communes"]
    finally:
        worker.stop()
