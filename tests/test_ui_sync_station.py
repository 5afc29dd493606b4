"""The sync station: a stick folder between two profiles, a foreign stick, a damaged one, and
a cancel in the middle — each with its plain message, nothing lost."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.node.node import Node
from app.sync.stick import Stick
from app.ui.syncstation import SyncStation
from app.ui.worker import Worker
from tests.sync_kit import post, same_state

PASS = "pass phrase"


@contextmanager
def station(qtbot, net, index: int) -> Iterator[SyncStation]:  # type: ignore[no-untyped-def]
    home = net.nodes[index].home
    net.nodes[index].close()
    worker = Worker()
    worker.open(lambda: Node.open(home, PASS))
    page = SyncStation(worker)
    qtbot.addWidget(page)
    page.watch.stop()  # the test says which stick; the volume watch has its own test
    try:
        yield page
    finally:
        worker.stop()
        net.nodes[index] = Node.open(home, PASS)


def _sync(qtbot, page: SyncStation, stick: Path) -> None:  # type: ignore[no-untyped-def]
    page.use(stick)
    qtbot.waitUntil(lambda: page.sync_button.isEnabled(), timeout=20_000)
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.sync_button.isEnabled(), timeout=60_000)


def test_a_stick_carries_a_post_between_two_profiles(qtbot, net, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    post(net.nodes[0], "Réunion jeudi")
    stick = tmp_path / "stick"
    stick.mkdir()
    with station(qtbot, net, 0) as page:
        _sync(qtbot, page, stick)
        assert page.safe.text() == "You may remove the stick."
    with station(qtbot, net, 1) as page:
        page.use(stick)
        qtbot.waitUntil(lambda: "New for us: 1 post." in page.summary.text(), timeout=20_000)
        assert "Visited: Ambam" in page.summary.text()
        _sync(qtbot, page, stick)
        assert "1 new item taken in" in page.result.text()
        assert page.safe.text() == "You may remove the stick."
    assert same_state(net.nodes[:2])


def test_a_foreign_stick_is_refused_in_a_sentence(qtbot, net, make_network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = make_network(2, "other")
    stick = tmp_path / "stick"
    stick.mkdir()
    Stick.at(stick, create=True).claim(other.nodes[0].network_id)
    with station(qtbot, net, 0) as page:
        page.use(stick)
        qtbot.waitUntil(lambda: "another network" in page.result.text(), timeout=20_000)
        assert page.safe.text() == ""


@pytest.mark.skipif(os.name != "posix", reason="symlinks as POSIX has them")
def test_a_linked_stick_folder_is_refused_in_a_sentence(qtbot, net, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "OBAMBU").symlink_to(elsewhere, target_is_directory=True)
    with station(qtbot, net, 0) as page:
        page.use(stick)
        qtbot.waitUntil(lambda: "is a link or a file" in page.result.text(), timeout=20_000)
        assert page.safe.text() == ""
    assert list(elsewhere.iterdir()) == []


def test_a_damaged_stick_says_how_many_items_were_skipped(qtbot, net, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for n in range(10):
        post(net.nodes[0], f"Sujet {n}")
    stick = tmp_path / "stick"
    stick.mkdir()
    with station(qtbot, net, 0) as page:
        _sync(qtbot, page, stick)
    (segment,) = Stick.at(stick).segment_paths()
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0x40
    segment.write_bytes(bytes(data))
    with station(qtbot, net, 1) as page:
        _sync(qtbot, page, stick)
        assert "1 damaged item was skipped" in page.result.text()


def test_cancel_stops_and_the_next_sync_finishes(qtbot, net, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for n in range(5):
        post(net.nodes[0], f"Sujet {n}")
    stick = tmp_path / "stick"
    stick.mkdir()
    with station(qtbot, net, 0) as page:
        _sync(qtbot, page, stick)
    with station(qtbot, net, 1) as page:
        page.use(stick)
        qtbot.waitUntil(lambda: page.sync_button.isEnabled(), timeout=20_000)
        page.cancel_flag.set()  # pressed before the first phase reports
        page.sync()
        page.cancel_flag.set()  # sync() clears it first; press again, as a clerk would
        qtbot.waitUntil(lambda: page.sync_button.isEnabled(), timeout=20_000)
        assert page.result.text().startswith("Stopped.")
        assert page.safe.text() == ""
        _sync(qtbot, page, stick)
        assert "new items taken in" in page.result.text()
    assert same_state(net.nodes[:2])


def test_a_plugged_stick_brings_the_station_forward(qtbot, net, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui import syncstation
    from app.ui.window import MainWindow

    stick = tmp_path / "stick"
    (stick / "OBAMBU").mkdir(parents=True)
    home = net.nodes[0].home
    net.nodes[0].close()
    worker = Worker()
    worker.open(lambda: Node.open(home, PASS))
    window = MainWindow(worker)
    qtbot.addWidget(window)
    try:
        assert window.stack.currentWidget() is window.home
        monkeypatch.setattr(syncstation, "find_sticks", lambda: [stick])
        window.sync_station.look_for_sticks()
        assert window.stack.currentWidget() is window.sync_station
        assert window.sync_station.stick == stick
        qtbot.waitUntil(lambda: "Nothing new" in window.sync_station.summary.text(), timeout=20_000)
    finally:
        worker.stop()
        net.nodes[0] = Node.open(home, PASS)


def test_sync_over_a_serial_port_from_the_station(qtbot, net) -> None:  # type: ignore[no-untyped-def]
    import os
    import threading
    import tty

    from app.sync.channel import Channel
    from app.sync.session import Session
    from tests.link_faults import FdStream

    post(net.nodes[1], "Nouvelles de Bipindi")
    master, slave = os.openpty()
    tty.setraw(slave)
    other = net.nodes[1]
    done: list[object] = []

    def far_side() -> None:
        channel = Channel(FdStream(master), timeout=20)
        try:
            done.append(Session(other, channel).run())
        finally:
            channel.close()

    with station(qtbot, net, 0) as page:
        page.port.setEditText(os.ttyname(slave))
        thread = threading.Thread(target=far_side)
        thread.start()
        qtbot.mouseClick(page.port_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "received" in page.result.text(), timeout=60_000)
        thread.join(30)
        assert page.result.text().startswith("0 items sent, 1 new item received")
    os.close(slave)
    assert same_state(net.nodes[:2])


def test_waiting_for_a_laptop_outlasts_a_stranger(qtbot, net) -> None:  # type: ignore[no-untyped-def]
    """The "Wait for a laptop" button: a stranger that sends junk is turned away, the station
    goes on waiting, and the town hall that connects next syncs."""
    import contextlib
    import socket
    import threading
    import time

    from app.core.encoding import cbor
    from app.sync.channel import Channel
    from app.sync.errors import LinkError
    from app.sync.session import Session
    from app.sync.stream import SocketStream

    post(net.nodes[1], "Nouvelles de Bipindi")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    other = net.nodes[1]
    done: list[object] = []

    def dial() -> SocketStream:
        deadline = time.monotonic() + 30
        while True:  # until the station listens
            with contextlib.suppress(LinkError):
                return SocketStream.connect("127.0.0.1", port)
            assert time.monotonic() < deadline
            time.sleep(0.05)

    def far_side() -> None:
        with Channel(dial(), timeout=5) as stranger, contextlib.suppress(LinkError):
            stranger.send(cbor.encode({"t": "data"}))
            while stranger.recv(10) is not None:  # until the station hangs up on it
                pass
        with Channel(dial(), timeout=20) as channel:
            done.append(Session(other, channel).run())

    with station(qtbot, net, 0) as page:
        page.address.setText(f"127.0.0.1:{port}")
        thread = threading.Thread(target=far_side)
        thread.start()
        qtbot.mouseClick(page.listen_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "received" in page.result.text(), timeout=60_000)
        thread.join(30)
        assert page.result.text().startswith("0 items sent, 1 new item received")
    assert len(done) == 1
    assert same_state(net.nodes[:2])
