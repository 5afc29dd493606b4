"""The forum screen: threads load page by page, a reply goes through the worker and shows up."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.ui.forum import ForumPage
from app.ui.lazy import PAGE
from app.ui.worker import Worker


def _opened(qtbot, net) -> tuple[Worker, Node]:  # type: ignore[no-untyped-def]
    node = net.nodes[0]
    home = node.home
    node.close()
    worker = Worker()
    opened: list[Node] = []
    worker.open(lambda: Node.open(home, "pass phrase"), opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    return worker, opened[0]


def _forum(qtbot, worker: Worker, rows: int) -> ForumPage:  # type: ignore[no-untyped-def]
    """The forum screen, shown, once its first `rows` threads are listed."""
    page = ForumPage(worker)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.threads.rowCount() == rows, timeout=20_000)
    return page


def test_threads_load_lazily_and_a_reply_appears(qtbot, net) -> None:  # type: ignore[no-untyped-def]
    node = net.nodes[0]
    for n in range(PAGE + 30):
        node.submit(TxType.FORUM_THREAD, {"title": f"Sujet {n:03d}", "body": "Texte"})
        if n % 50 == 49:
            node.seal()
    node.seal()
    worker, _ = _opened(qtbot, net)
    try:
        page = _forum(qtbot, worker, rows=PAGE)
        assert not page.threads.exhausted  # the rest waits until the view scrolls
        page.thread_view.scrollToBottom()
        qtbot.waitUntil(lambda: page.threads.rowCount() == PAGE + 30, timeout=20_000)
        first = page.threads.index(0, 1)
        assert page.threads.data(first, Qt.ItemDataRole.FontRole).bold()  # unread
        page.thread_view.selectRow(0)
        qtbot.waitUntil(lambda: "Sujet" in page.heading.text(), timeout=20_000)
        assert page.threads.data(first, Qt.ItemDataRole.FontRole) is None  # read now
        qtbot.keyClicks(page.reply, "D'accord pour jeudi.")
        qtbot.mouseClick(page.send, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.posts.rowCount() == 1, timeout=20_000)
        row = page.posts.row(0)
        assert row.body == "D'accord pour jeudi." and row.badge == "pending"
        page.search.setText("Sujet 007")
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.threads.rowCount() == 1, timeout=20_000)
    finally:
        worker.stop()
    net.nodes[0] = Node.open(node.home, "pass phrase")


def test_an_empty_reply_is_refused_in_a_sentence(qtbot, net) -> None:  # type: ignore[no-untyped-def]
    node = net.nodes[0]
    node.submit(TxType.FORUM_THREAD, {"title": "Route", "body": "Coupée"})
    node.seal()
    worker, _ = _opened(qtbot, net)
    try:
        page = _forum(qtbot, worker, rows=1)
        page.thread_view.selectRow(0)
        qtbot.waitUntil(lambda: page.send.isEnabled(), timeout=20_000)
        qtbot.mouseClick(page.send, Qt.MouseButton.LeftButton)
        assert page.problem.text() == "Write something before sending."
    finally:
        worker.stop()
    net.nodes[0] = Node.open(node.home, "pass phrase")


def test_a_reply_attaches_a_picture_and_shows_its_thumbnail(  # type: ignore[no-untyped-def]
    qtbot, net, tmp_path, monkeypatch
) -> None:
    from app.core.crypto.paper import qr_png
    from app.core.documents import service as library

    node = net.nodes[0]
    picture = tmp_path / "plan-du-pont.png"
    picture.write_bytes(qr_png("plan du pont"))
    library.publish(node, picture, ["Bipindi"])
    node.submit(TxType.FORUM_THREAD, {"title": "Pont", "body": "Le plan arrive"})
    node.seal()
    worker, _ = _opened(qtbot, net)
    try:
        page = _forum(qtbot, worker, rows=1)
        page.thread_view.selectRow(0)
        qtbot.waitUntil(lambda: page.send.isEnabled(), timeout=20_000)
        monkeypatch.setattr(
            "app.ui.forum.QInputDialog.getItem", lambda *a, **k: ("plan-du-pont.png", True)
        )
        page.choose_attachment()
        qtbot.waitUntil(lambda: "plan-du-pont.png" in page.attached_label.text(), timeout=20_000)
        qtbot.keyClicks(page.reply, "Voici le plan.")
        qtbot.mouseClick(page.send, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.posts.rowCount() == 1, timeout=20_000)
        shown = page.posts.data(page.posts.index(0, 1))
        assert shown == "Voici le plan.  📎 plan-du-pont.png"
        page.post_view.selectRow(0)
        qtbot.waitUntil(lambda: page.thumbnail.isVisible(), timeout=20_000)
        assert page.thumbnail.pixmap().width() <= 160
    finally:
        worker.stop()
    net.nodes[0] = Node.open(node.home, "pass phrase")


def test_hiding_a_message_shows_why_and_keeps_it(qtbot, net, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    node = net.nodes[0]
    thread = node.submit(TxType.FORUM_THREAD, {"title": "Route", "body": "Coupée"})
    node.submit(TxType.FORUM_POST, {"thread": thread, "body": "Message déplacé"})
    node.seal()
    worker, _ = _opened(qtbot, net)
    try:
        page = _forum(qtbot, worker, rows=1)
        page.thread_view.selectRow(0)
        qtbot.waitUntil(lambda: page.posts.rowCount() == 1, timeout=20_000)
        page.post_view.selectRow(0)
        monkeypatch.setattr(
            "app.ui.forum.QInputDialog.getText", lambda *a, **k: ("hors sujet", True)
        )
        page.moderate("hide")
        qtbot.waitUntil(
            lambda: page.posts.rowCount() == 1
            and "hidden by the commune: hors sujet" in str(page.posts.data(page.posts.index(0, 1))),
            timeout=20_000,
        )
    finally:
        worker.stop()
    net.nodes[0] = Node.open(node.home, "pass phrase")


def test_a_thread_about_a_consultation_says_so(qtbot, net) -> None:  # type: ignore[no-untyped-def]
    from app.core.votes import service as votes

    node = net.nodes[0]
    vote = votes.open_vote(node, "Avis sur le marché commun ?", ["Oui", "Non"])
    node.submit(
        TxType.FORUM_THREAD, {"title": "Discussion", "body": "Qu'en pensez-vous ?", "about": vote}
    )
    node.seal()
    worker, _ = _opened(qtbot, net)
    try:
        page = _forum(qtbot, worker, rows=1)
        page.thread_view.selectRow(0)
        qtbot.waitUntil(lambda: "Discussion" in page.heading.text(), timeout=20_000)
        assert page.opening.text().startswith(
            "About the consultation: Avis sur le marché commun ?\n"
        )
    finally:
        worker.stop()
    net.nodes[0] = Node.open(node.home, "pass phrase")
