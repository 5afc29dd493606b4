"""The forum screen: threads load page by page and open on a click or Enter, a thread reads as
cards, a reply goes through the worker and shows up, the search looks as one types, priorities
are words, pictures show as thumbnails, and every control has a name."""

from __future__ import annotations

import struct
import zlib

from PySide6.QtCore import Qt
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

from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.ui.forum import ForumPage, NewThreadDialog
from app.ui.forum_cards import MessageCard
from app.ui.forum_thumbnails import decode
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
    page.resize(1100, 700)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.threads.rowCount() == rows, timeout=20_000)
    return page


def click_thread(qtbot, page: ForumPage, row: int) -> None:  # type: ignore[no-untyped-def]
    """A click on the thread's line in the list, as a person does it."""
    view = page.thread_view
    index = page.threads.index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def cards(page: ForumPage) -> list[MessageCard]:
    return list(page.pane.cards)


def _line(page: ForumPage, row: int) -> str:
    return str(page.threads.data(page.threads.index(row, 0)))


def test_threads_load_lazily_open_as_cards_and_a_reply_appears(qtbot, net) -> None:  # type: ignore[no-untyped-def]
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
        click_thread(qtbot, page, 0)
        qtbot.waitUntil(lambda: "Sujet" in page.heading.text(), timeout=20_000)
        (opening,) = cards(page)
        assert opening.body.text() == "Texte" and opening.who.text().startswith("Maire de Ambam")
        assert opening.badge.text() == "✓ Signed by Maire de Ambam"
        qtbot.keyClicks(page.reply, "D'accord pour jeudi.")
        qtbot.mouseClick(page.send, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(cards(page)) == 2, timeout=20_000)
        reply = cards(page)[1]
        assert reply.body.text() == "D'accord pour jeudi."
        assert reply.badge.text() == "Not sent yet: it leaves with the next exchange."
    finally:
        worker.stop()
    net.nodes[0] = Node.open(node.home, "pass phrase")


def test_unread_shows_in_the_list_until_the_thread_is_opened(qtbot, net) -> None:  # type: ignore[no-untyped-def]
    """Bipindi's messages are new to Ambam's mayor; arrows pass over a thread without reading
    it, Enter opens it, and the mark goes."""
    bipindi = net.nodes[1]
    thread = bipindi.submit(TxType.FORUM_THREAD, {"title": "Route", "body": "Coupée"})
    bipindi.submit(TxType.FORUM_POST, {"thread": thread, "body": "Toujours coupée"})
    bipindi.submit(TxType.FORUM_THREAD, {"title": "École", "body": "Les tables"})
    bipindi.seal()
    net.sync()
    worker, _ = _opened(qtbot, net)
    try:
        page = _forum(qtbot, worker, rows=2)
        lines = {_line(page, n).split("\n")[0]: n for n in range(2)}
        route = lines["Route"]
        assert "2 new messages" in _line(page, route)
        bold = page.threads.data(page.threads.index(route, 0), Qt.ItemDataRole.FontRole)
        assert bold is not None and bold.bold()
        page.thread_view.setFocus()
        page.thread_view.setCurrentIndex(page.threads.index(1 - route, 0))
        qtbot.keyClick(page.thread_view, Qt.Key.Key_Down if route == 1 else Qt.Key.Key_Up)
        assert page.thread_view.currentIndex().row() == route
        assert page.current is None  # moving through the list reads nothing
        qtbot.keyClick(page.thread_view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.heading.text() == "Route", timeout=20_000)
        assert [c.body.text() for c in cards(page)] == ["Coupée", "Toujours coupée"]
        qtbot.waitUntil(lambda: "new message" not in _line(page, route), timeout=20_000)
        assert page.threads.data(page.threads.index(route, 0), Qt.ItemDataRole.FontRole) is None
        assert "new message" in _line(page, 1 - route)
        page.refresh()  # read again from the store: the mark was kept
        qtbot.waitUntil(lambda: page.threads.rowCount() == 2, timeout=20_000)
        assert sum("new message" in _line(page, n) for n in range(2)) == 1
    finally:
        worker.stop()
    net.nodes[0] = Node.open(net.nodes[0].home, "pass phrase")


def test_search_looks_as_one_types_and_says_when_nothing_is_found(qtbot, net) -> None:  # type: ignore[no-untyped-def]
    node = net.nodes[0]
    thread = node.submit(TxType.FORUM_THREAD, {"title": "Matériel", "body": "Qui en a ?"})
    node.submit(TxType.FORUM_POST, {"thread": thread, "body": "Notre TRONÇONNEUSE est libre"})
    node.submit(TxType.FORUM_THREAD, {"title": "École", "body": "Les tables"})
    node.seal()
    worker, _ = _opened(qtbot, net)
    try:
        page = _forum(qtbot, worker, rows=2)
        qtbot.keyClicks(page.search, "tronconneuse")  # no Enter
        qtbot.waitUntil(lambda: page.threads.rowCount() == 1, timeout=20_000)
        assert _line(page, 0).startswith("Matériel\n")
        page.search.clear()
        qtbot.keyClicks(page.search, "piscine")
        qtbot.waitUntil(lambda: page.listing.currentIndex() == 1, timeout=20_000)
        assert page.empty.text() == "No message contains “piscine”. Try another word."
        assert not page.first.isVisibleTo(page)
        page.search.clear()
        qtbot.waitUntil(lambda: page.threads.rowCount() == 2, timeout=20_000)
        assert page.listing.currentIndex() == 0
    finally:
        worker.stop()
    net.nodes[0] = Node.open(node.home, "pass phrase")


def test_an_empty_forum_says_what_to_do_and_the_first_thread_is_posted(  # type: ignore[no-untyped-def]
    qtbot, net, monkeypatch
) -> None:
    worker, _ = _opened(qtbot, net)
    try:
        page = ForumPage(worker)
        qtbot.addWidget(page)
        page.show()
        page.refresh()
        qtbot.waitUntil(lambda: page.listing.currentIndex() == 1, timeout=20_000)
        assert page.empty.text().startswith("No message in the forum yet.")
        assert page.first.isVisible() and page.first.text() == "Write the first message…"

        def fill_in(dialog: NewThreadDialog) -> int:
            dialog.title.setText("Piste de Nkoemvone")
            dialog.body.setPlainText("Coupée depuis lundi.")
            dialog.priority.setCurrentIndex(0)
            return 1

        monkeypatch.setattr(NewThreadDialog, "exec", fill_in)
        qtbot.mouseClick(page.first, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.threads.rowCount() == 1, timeout=20_000)
        assert page.listing.currentIndex() == 0
        line = _line(page, 0)
        assert line.startswith("Piste de Nkoemvone\nUrgent · ") and "P0" not in line
        click_thread(qtbot, page, 0)
        qtbot.waitUntil(lambda: page.heading.text() == "Piste de Nkoemvone", timeout=20_000)
        assert page.pane.tag.text() == "Priority: Urgent"
    finally:
        worker.stop()
    net.nodes[0] = Node.open(net.nodes[0].home, "pass phrase")


def test_an_empty_reply_is_refused_in_a_sentence(qtbot, net) -> None:  # type: ignore[no-untyped-def]
    node = net.nodes[0]
    node.submit(TxType.FORUM_THREAD, {"title": "Route", "body": "Coupée"})
    node.seal()
    worker, _ = _opened(qtbot, net)
    try:
        page = _forum(qtbot, worker, rows=1)
        click_thread(qtbot, page, 0)
        qtbot.waitUntil(lambda: page.send.isEnabled(), timeout=20_000)
        qtbot.mouseClick(page.send, Qt.MouseButton.LeftButton)
        assert page.problem.text() == "Write something before sending."
    finally:
        worker.stop()
    net.nodes[0] = Node.open(node.home, "pass phrase")


def test_a_reply_carries_a_picture_as_a_thumbnail_and_a_file_as_an_icon(  # type: ignore[no-untyped-def]
    qtbot, net, tmp_path, monkeypatch
) -> None:
    from app.core.crypto.paper import qr_png
    from app.core.documents import service as library

    node = net.nodes[0]
    picture = tmp_path / "plan-du-pont.png"
    picture.write_bytes(qr_png("plan du pont"))
    notes = tmp_path / "devis.txt"
    notes.write_text("Devis du pont: 3 millions")
    library.publish(node, picture, ["Bipindi"])
    library.publish(node, notes, ["Bipindi"])
    node.submit(TxType.FORUM_THREAD, {"title": "Pont", "body": "Le plan arrive"})
    node.seal()
    worker, _ = _opened(qtbot, net)
    try:
        page = _forum(qtbot, worker, rows=1)
        click_thread(qtbot, page, 0)
        qtbot.waitUntil(lambda: page.send.isEnabled(), timeout=20_000)
        for name in ("plan-du-pont.png", "devis.txt"):
            monkeypatch.setattr(
                "app.ui.forum_thread.QInputDialog.getItem", lambda *a, n=name, **k: (n, True)
            )
            qtbot.mouseClick(page.pane.attach_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda n=name: n in page.pane.attached_label.text(), timeout=20_000)
        qtbot.keyClicks(page.reply, "Voici le plan et le devis.")
        qtbot.mouseClick(page.send, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(cards(page)) == 2, timeout=20_000)
        chips = {chip.name.text(): chip for chip in cards(page)[1].chips}
        assert set(chips) == {"plan-du-pont.png", "devis.txt"}
        qtbot.waitUntil(lambda: chips["plan-du-pont.png"].thumbnail, timeout=20_000)
        assert chips["plan-du-pont.png"].picture.pixmap().width() <= 160
        assert not chips["devis.txt"].thumbnail  # a plain file icon
        texts = [label.text() for label in page.findChildren(QLabel)]
        assert not [t for t in texts if "image/" in t or "text/plain" in t]
    finally:
        worker.stop()
    net.nodes[0] = Node.open(node.home, "pass phrase")


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header announces `width` × `height` pixels, with no picture behind it."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + b"\x00" * 64
    )


def test_a_picture_announcing_too_many_pixels_is_never_decoded(qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.core.crypto.paper import qr_png
    from app.ui import forum_thumbnails

    decoded: list[int] = []

    class Watched(forum_thumbnails.QImageReader):  # type: ignore[misc]
        def read(self):  # type: ignore[no-untyped-def]
            decoded.append(1)
            return super().read()

    monkeypatch.setattr(forum_thumbnails, "QImageReader", Watched)
    assert decode(_png_header(8_000, 6_000)) is None  # 48 million pixels: more than allowed
    assert decode(_png_header(100_000, 100_000)) is None
    assert decoded == []  # refused from the header, never decoded
    assert decode(b"not a picture at all") is None
    small = decode(qr_png("plan"))
    assert small is not None and max(small.width(), small.height()) <= 160
    assert decoded == [1]


def test_hiding_a_message_shows_why_and_keeps_it(qtbot, net, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    node = net.nodes[0]
    thread = node.submit(TxType.FORUM_THREAD, {"title": "Route", "body": "Coupée"})
    node.submit(TxType.FORUM_POST, {"thread": thread, "body": "Message déplacé"})
    node.seal()
    worker, _ = _opened(qtbot, net)
    try:
        page = _forum(qtbot, worker, rows=1)
        click_thread(qtbot, page, 0)
        qtbot.waitUntil(lambda: len(cards(page)) == 2, timeout=20_000)
        assert cards(page)[0].hide_button is None  # the opening message is the thread itself
        monkeypatch.setattr(
            "app.ui.forum_thread.QInputDialog.getText", lambda *a, **k: ("hors sujet", True)
        )
        button = cards(page)[1].hide_button
        assert button is not None
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: len(cards(page)) == 2
            and cards(page)[1].body.text() == "Hidden by the commune: hors sujet",
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
        TxType.FORUM_THREAD,
        {"title": "Discussion", "body": "Qu'en pensez-vous ?", "about": vote},
        prio=1,
    )
    node.seal()
    worker, _ = _opened(qtbot, net)
    try:
        page = _forum(qtbot, worker, rows=1)
        click_thread(qtbot, page, 0)
        qtbot.waitUntil(lambda: "Discussion" in page.heading.text(), timeout=20_000)
        assert page.pane.tag.text() == (
            "Priority: Important · About the consultation: Avis sur le marché commun ?"
        )
    finally:
        worker.stop()
    net.nodes[0] = Node.open(node.home, "pass phrase")


def _controls(root: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QAbstractItemView)
    return [w for w in root.findChildren(QWidget) if isinstance(w, kinds) and w.isVisibleTo(root)]


def test_every_control_of_the_forum_has_a_name(qtbot, net) -> None:  # type: ignore[no-untyped-def]
    node = net.nodes[0]
    thread = node.submit(TxType.FORUM_THREAD, {"title": "Route", "body": "Coupée"})
    node.submit(TxType.FORUM_POST, {"thread": thread, "body": "Réparée"})
    node.seal()
    worker, _ = _opened(qtbot, net)
    try:
        page = _forum(qtbot, worker, rows=1)
        click_thread(qtbot, page, 0)
        qtbot.waitUntil(lambda: len(cards(page)) == 2, timeout=20_000)
        dialog = NewThreadDialog(page)
        qtbot.addWidget(dialog)
        for root in (page, dialog):
            nameless = [
                w
                for w in _controls(root)
                if not w.accessibleName()
                and not (isinstance(w, QAbstractButton) and w.text().strip("…"))
            ]
            assert not nameless, nameless
        assert all(c.accessibleName().startswith("Message from ") for c in cards(page))
        assert all(c.focusPolicy() & Qt.FocusPolicy.TabFocus for c in cards(page))
    finally:
        worker.stop()
    net.nodes[0] = Node.open(node.home, "pass phrase")


def test_tab_goes_from_the_list_through_the_messages_to_the_reply(qtbot, net) -> None:  # type: ignore[no-untyped-def]
    node = net.nodes[0]
    thread = node.submit(TxType.FORUM_THREAD, {"title": "Route", "body": "Coupée"})
    node.submit(TxType.FORUM_POST, {"thread": thread, "body": "Réparée"})
    node.seal()
    worker, _ = _opened(qtbot, net)
    try:
        page = _forum(qtbot, worker, rows=1)
        with qtbot.waitActive(page):
            page.activateWindow()
        page.thread_view.setFocus()
        page.thread_view.setCurrentIndex(page.threads.index(0, 0))
        qtbot.keyClick(page.thread_view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(cards(page)) == 2, timeout=20_000)
        opening, reply = cards(page)
        reached: list[QWidget] = []
        for _ in range(12):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            reached.append(QApplication.focusWidget())
        wanted = [opening, reply, reply.flag_button, reply.hide_button, page.reply]
        wanted += [page.pane.attach_button, page.send]
        assert [w for w in reached if w in wanted][: len(wanted)] == wanted
    finally:
        worker.stop()
    net.nodes[0] = Node.open(node.home, "pass phrase")
