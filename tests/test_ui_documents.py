"""The documents screen: share a file with one commune, see its metadata, and open it there;
a commune it was not shared with is told so."""

from __future__ import annotations

import pytest

from app.core.node.node import Node
from app.ui.documents import DocumentsPage, ShareDialog
from app.ui.worker import Worker
from tests.sync_kit import same_state

PASS = "pass phrase"


def _page(qtbot, net, index: int):  # type: ignore[no-untyped-def]
    home = net.nodes[index].home
    net.nodes[index].close()
    worker = Worker()
    worker.open(lambda: Node.open(home, PASS))
    page = DocumentsPage(worker)
    qtbot.addWidget(page)
    return page, worker, home


def test_share_with_one_commune_and_open_it_there(qtbot, net, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    minutes = tmp_path / "compte-rendu.txt"
    minutes.write_text("Compte rendu du conseil.", encoding="utf-8")
    monkeypatch.setattr(
        "app.ui.documents.QFileDialog.getOpenFileName", lambda *a, **k: (str(minutes), "")
    )
    monkeypatch.setattr(ShareDialog, "exec", lambda self: ShareDialog.DialogCode.Accepted)
    monkeypatch.setattr(ShareDialog, "values", lambda self: (["Bipindi"], ["conseil"]))
    opened: list[str] = []
    monkeypatch.setattr(
        "app.ui.documents.QDesktopServices.openUrl", lambda url: opened.append(url.toLocalFile())
    )
    page, worker, home = _page(qtbot, net, 0)
    try:
        page.refresh()
        qtbot.waitUntil(lambda: page.communes == ["Bipindi", "Campo"], timeout=20_000)
        page.add()
        qtbot.waitUntil(lambda: page.list.count() == 1, timeout=20_000)
        page.list.setCurrentRow(0)
        assert "Shared with: Ambam, Bipindi" in page.details.text()
        assert "Tags: conseil" in page.details.text()
        worker.submit(lambda node: node.seal())
    finally:
        worker.stop()
        net.nodes[0] = Node.open(home, PASS)
    net.sync()
    assert same_state(net.nodes)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(
        "app.ui.documents.QFileDialog.getExistingDirectory", lambda *a, **k: str(out)
    )
    for index, expected in ((1, "Opened"), (2, "not shared with your commune")):
        page, worker, home = _page(qtbot, net, index)
        try:
            page.refresh()
            qtbot.waitUntil(lambda p=page: p.list.count() == 1, timeout=20_000)
            page.list.setCurrentRow(0)
            page.open_document()
            qtbot.waitUntil(lambda p=page, e=expected: e in p.message.text(), timeout=20_000)
        finally:
            worker.stop()
            net.nodes[index] = Node.open(home, PASS)
    assert (out / "compte-rendu.txt").read_text(encoding="utf-8") == "Compte rendu du conseil."
    assert opened == [str(out / "compte-rendu.txt")]


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
