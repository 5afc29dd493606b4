"""Sync sessions over a link: a real pty, a socket pair, and lossy wires."""

from __future__ import annotations

import contextlib
import dataclasses
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.sync.channel import Channel
from app.sync.errors import LinkError, LinkLost
from app.sync.handshake import Credentials, shake_hands
from app.sync.session import Session, SessionReport
from app.sync.stream import ByteStream, SocketStream, open_port
from tests.link_faults import FaultyStream, FdStream
from tests.sync_kit import post, same_state


def run_pair(
    left: Node, right: Node, a: ByteStream, b: ByteStream, timeout: float = 5.0
) -> tuple[SessionReport | BaseException, SessionReport | BaseException]:
    """Both sides of one session, each in its own thread, as two laptops would run it."""
    results: list[SessionReport | BaseException] = [LinkLost(), LinkLost()]

    def side(index: int, node: Node, stream: ByteStream) -> None:
        channel = Channel(stream, timeout=timeout)
        try:
            results[index] = Session(node, channel).run()
        except BaseException as exc:  # handed to the test thread
            results[index] = exc
        finally:
            channel.close()

    threads = [
        threading.Thread(target=side, args=(0, left, a)),
        threading.Thread(target=side, args=(1, right, b)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results[0], results[1]


@contextmanager
def socket_streams() -> Iterator[tuple[SocketStream, SocketStream]]:
    x, y = socket.socketpair()
    yield SocketStream(x), SocketStream(y)


def test_three_communes_converge_over_a_pty(net, pty_pair) -> None:  # type: ignore[no-untyped-def]
    a, b, c = net.nodes
    for node, text in zip(net.nodes, ("Route", "Puits", "Marché"), strict=True):
        post(node, f"{text} de la commune", "Détails. " * 800)  # several pieces each
    master, path = pty_pair
    left, right = run_pair(a, b, FdStream(master), open_port(path))
    assert isinstance(left, SessionReport) and isinstance(right, SessionReport), (left, right)
    assert left.new == 1 and right.new == 1
    with socket_streams() as (x, y):
        run_pair(b, c, x, y)
    with socket_streams() as (x, y):
        run_pair(c, a, x, y)
    assert same_state(net.nodes)


@pytest.fixture
def pty_pair() -> Iterator[tuple[int, str]]:
    import os
    import tty

    master, slave = os.openpty()
    tty.setraw(slave)
    try:
        yield master, os.ttyname(slave)
    finally:
        for fd in (slave, master):
            with contextlib.suppress(OSError):  # the stream may have closed it already
                os.close(fd)


def test_a_lossy_link_still_converges(net) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = net.nodes
    for n in range(5):
        post(a, f"Sujet {n}", "Texte. " * 300)
        post(b, f"Question {n}")
    with socket_streams() as (x, y):
        faults = {"drop": 0.05, "duplicate": 0.02, "reorder": 0.03}
        left, right = run_pair(a, b, FaultyStream(x, 1, **faults), FaultyStream(y, 2, **faults))
    assert isinstance(left, SessionReport) and isinstance(right, SessionReport), (left, right)
    assert same_state([a, b])


def test_a_cut_link_resumes_the_object_it_was_in(net) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = net.nodes
    for n in range(3):  # one block of ~55 KB
        a.submit(TxType.FORUM_THREAD, {"title": f"PV {n}", "body": "Le conseil a délibéré. " * 800})
    a.seal()
    with socket_streams() as (x, y):
        left, right = run_pair(a, b, FaultyStream(x, 3, cut_after=30_000), y, timeout=1.0)
    assert isinstance(right, LinkLost)
    assert b.store.value("SELECT count(*) FROM partials") == 1
    with socket_streams() as (x, y):
        left, right = run_pair(a, b, x, y)
    assert isinstance(left, SessionReport) and left.resumed_bytes > 0
    assert b.store.value("SELECT count(*) FROM partials") == 0
    assert same_state([a, b])


def test_a_peer_of_another_network_is_refused(net, make_network) -> None:  # type: ignore[no-untyped-def]
    other = make_network(2, "other")
    with socket_streams() as (x, y):
        results = run_pair(net.nodes[0], other.nodes[0], x, y, timeout=1.0)
    assert all(isinstance(r, LinkError) for r in results), results
    assert any("another network" in r.message for r in results if isinstance(r, LinkError))


def test_a_peer_that_cannot_sign_with_its_node_key_is_refused(net) -> None:  # type: ignore[no-untyped-def]
    """Someone who copied a town hall's hello (network tag, commune id) but holds no node key
    (here: it signs with its mayor's key): its proof does not check, and the honest side stops
    before sending anything."""
    honest, liar = net.nodes[0], net.nodes[1]
    mayor = liar.keyring.identity(liar.member).current.signing_key
    forged = dataclasses.replace(Credentials.of(liar), signing_key=mayor)
    post(liar, "Ceci ne doit pas passer")
    heard: list[bytes] = []
    with socket_streams() as (x, y):
        result: list[BaseException | SessionReport] = []
        side = threading.Thread(target=lambda: result.append(_run_catching(honest, x)))
        side.start()
        with Channel(y, timeout=1.0) as channel, contextlib.suppress(LinkError):
            shake_hands(channel, forged, wait=5.0)
            while (raw := channel.recv(5.0)) is not None:
                heard.append(raw)
        side.join(30)
    assert isinstance(result[0], LinkError) and result[0].code == "unauthenticated_peer"
    assert heard == []  # no summary, no data: the honest side said nothing past its own proof
    assert (
        honest.store.value(
            "SELECT count(*) FROM threads WHERE title = ?", ("Ceci ne doit pas passer",)
        )
        == 0
    )


def _run_catching(node: Node, stream: ByteStream) -> BaseException | SessionReport:
    with Channel(stream, timeout=1.0) as channel:
        try:
            return Session(node, channel).run()
        except LinkError as exc:
            return exc
