"""The documents screen: a list people understand (title, commune, date in words, shared with
whom, size in words; never a type code or a fingerprint), "Open" from a private copy removed at
quit, "Save as…", the empty state, and a file that could run a program never opened in a click."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from app.core.node.node import Node
from app.ui import private_copies
from app.ui.documents import DocumentsPage, ShareDialog
from app.ui.worker import Worker
from tests.sync_kit import same_state

PASS = "pass phrase"
WAIT = 20_000


def _page(qtbot, net, index: int):  # type: ignore[no-untyped-def]
    home = net.nodes[index].home
    net.nodes[index].close()
    worker = Worker()
    worker.open(lambda: Node.open(home, PASS))
    page = DocumentsPage(worker)
    qtbot.addWidget(page)
    page.show()
    return page, worker, home


def _cells(page: DocumentsPage, row: int = 0) -> list[str]:
    item = page.list.topLevelItem(row)
    return [item.text(column) for column in range(page.list.columnCount())]


def _share(qtbot, net, monkeypatch, path: Path, communes: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Ambam shares `path` with `communes`, then every commune syncs."""
    monkeypatch.setattr("app.ui.files.QFileDialog.getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(ShareDialog, "exec", lambda self: ShareDialog.DialogCode.Accepted)
    monkeypatch.setattr(ShareDialog, "values", lambda self: (communes, ["conseil"]))
    page, worker, home = _page(qtbot, net, 0)
    try:
        assert page.empty.isVisible() and not page.list.isVisible()
        assert page.empty.text() == "No document yet. Share one with “Share a document”."
        page.refresh()
        qtbot.waitUntil(lambda: page.communes == ["Bipindi", "Campo"], timeout=WAIT)
        page.add_button.click()
        qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1, timeout=WAIT)
        assert page.message.text() == "Shared." and not page.empty.isVisible()
        worker.submit(lambda node: node.seal())
    finally:
        worker.stop()
        net.nodes[0] = Node.open(home, PASS)
    net.sync()
    assert same_state(net.nodes)


def test_a_document_reads_as_people_say_it_and_opens_from_a_private_copy(  # type: ignore[no-untyped-def]
    qtbot, net, tmp_path, monkeypatch
) -> None:
    minutes = tmp_path / "compte-rendu.txt"
    minutes.write_text("Compte rendu du conseil." * 100_000, encoding="utf-8")  # 2.4 MB
    _share(qtbot, net, monkeypatch, minutes, ["Bipindi"])
    opened: list[Path] = []
    monkeypatch.setattr(
        "app.ui.documents.QDesktopServices.openUrl",
        lambda url: opened.append(Path(url.toLocalFile())) or True,
    )
    page, worker, home = _page(qtbot, net, 1)
    try:
        page.refresh()
        qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1, timeout=WAIT)
        name, sender, when, whom, size = _cells(page)
        assert (name, sender, whom, size) == ("compte-rendu.txt", "Ambam", "Bipindi", "2.4 MB")
        assert when[-4:].isdigit() and "/" not in when and "-" not in when  # "December 3, 2026"
        page.list.setCurrentItem(page.list.topLevelItem(0))
        assert page.details.text().startswith("“compte-rendu.txt”, shared by Ambam on ")
        assert "text/plain" not in page.details.text() and "Subjects: conseil." in (
            page.details.text()
        )
        page.open_button.click()
        qtbot.waitUntil(lambda: bool(opened), timeout=WAIT)
        qtbot.waitUntil(lambda: "is open in this laptop's application" in page.message.text())
        (copy,) = opened
        assert copy.read_bytes() == minutes.read_bytes()
        assert copy.parent.parent == private_copies.root()
        if sys.platform != "win32":  # the copy's folder is this user's alone
            assert stat.S_IMODE(os.stat(copy.parent).st_mode) == 0o700
            assert stat.S_IMODE(os.stat(copy).st_mode) & 0o077 == 0
        # "Save as…" keeps a copy where the person chooses.
        kept = tmp_path / "gardé.txt"
        monkeypatch.setattr(
            "app.ui.files.QFileDialog.getSaveFileName", lambda *a, **k: (str(kept), "")
        )
        page.save_button.click()
        qtbot.waitUntil(lambda: kept.exists() and "Saved" in page.message.text(), timeout=WAIT)
        assert kept.read_bytes() == minutes.read_bytes()
        # Obambu quits: the opened copy goes with it; the saved one stays.
        app = QCoreApplication.instance()
        assert app is not None
        app.aboutToQuit.emit()
        assert not copy.exists() and not copy.parent.exists() and kept.exists()
    finally:
        worker.stop()
        net.nodes[1] = Node.open(home, PASS)

    # Campo holds it too (every commune carries it) but cannot read it: said, nothing to click.
    page, worker, home = _page(qtbot, net, 2)
    try:
        page.refresh()
        qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1, timeout=WAIT)
        page.list.setCurrentItem(page.list.topLevelItem(0))
        assert "not shared with your commune: ask Ambam" in page.details.text()
        assert not page.open_button.isEnabled() and not page.save_button.isEnabled()
    finally:
        worker.stop()
        net.nodes[2] = Node.open(home, PASS)


def test_shared_with_every_commune_says_so(qtbot, net, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    notice = tmp_path / "avis.pdf"
    notice.write_bytes(b"%PDF-1.4 avis")
    _share(qtbot, net, monkeypatch, notice, ["Bipindi", "Campo"])
    page, worker, home = _page(qtbot, net, 2)
    try:
        page.refresh()
        qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1, timeout=WAIT)
        assert _cells(page)[3] == "all communes" and _cells(page)[4] == "13 bytes"
    finally:
        worker.stop()
        net.nodes[2] = Node.open(home, PASS)


def test_a_file_that_could_run_a_program_is_only_saved(qtbot, net, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    program = tmp_path / "facture.exe"
    program.write_bytes(b"MZ")
    _share(qtbot, net, monkeypatch, program, ["Bipindi"])
    page, worker, home = _page(qtbot, net, 1)
    try:
        page.refresh()
        qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1, timeout=WAIT)
        page.list.setCurrentItem(page.list.topLevelItem(0))
        assert "could run a program" in page.details.text()
        assert not page.open_button.isEnabled() and page.save_button.isEnabled()
    finally:
        worker.stop()
        net.nodes[1] = Node.open(home, PASS)


def test_leftover_copies_are_removed_at_the_next_start(tmp_path) -> None:  # type: ignore[no-untyped-def]
    left = private_copies.root() / "run-crashed" / "budget.pdf"
    left.parent.mkdir(parents=True)
    left.write_bytes(b"%PDF")
    private_copies.clear_leftovers()
    assert not private_copies.root().exists()


@pytest.mark.parametrize("checked", [True, False])
def test_share_dialog_lists_the_communes_checked(qtbot, checked: bool) -> None:  # type: ignore[no-untyped-def]
    dialog = ShareDialog(["Bipindi", "Campo"])
    qtbot.addWidget(dialog)
    if not checked:
        dialog.communes.item(1).setCheckState(dialog.communes.item(1).checkState().Unchecked)
    dialog.tags.setText("budget, route ,")
    chosen, tags = dialog.values()
    assert chosen == (["Bipindi", "Campo"] if checked else ["Bipindi"])
    assert tags == ["budget", "route"]
