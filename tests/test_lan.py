"""Town halls on one LAN: signed announcements (refused when replayed, forged, expired, of
another network or flooding), and a one-call sync with a town hall heard of, both sides
authenticated by their node keys. Two profiles on one machine, on loopback ports."""

from __future__ import annotations

import socket
import threading
import time

from app.core.ledger.txtypes import TxType
from app.sync import discovery
from app.sync.discovery import Directory
from app.sync.lan import LanService
from tests.conftest import Network
from tests.sync_kit import free_udp_ports, post


def directory_of(net: Network, index: int) -> Directory:
    node = net.nodes[index]
    return Directory(node.network_id, node.commune, discovery.node_keys(node))


def test_an_announcement_is_believed_once_and_only_from_our_network(net, make_network) -> None:  # type: ignore[no-untyped-def]
    a, b = net.nodes[:2]
    heard = directory_of(net, 0)
    datagram = discovery.announcement(b, 7420)
    peer = heard.receive(datagram, "192.168.1.20")
    assert peer is not None and peer.name == "Bipindi" and peer.port == 7420
    assert heard.receive(datagram, "192.168.1.66") is None  # the same one replayed elsewhere
    older = discovery.announcement(b, 7420, now=int(time.time()) - 30)
    assert heard.receive(older, "192.168.1.20") is None
    stale = discovery.announcement(b, 7420, now=int(time.time()) - 600)
    ahead = discovery.announcement(net.nodes[2], 7420, now=int(time.time()) + 3600)
    forged = bytearray(discovery.announcement(net.nodes[2], 7420))
    forged[-5] ^= 1
    other = make_network(1, "other").nodes[0]
    for bad in (
        stale,
        ahead,
        bytes(forged),
        discovery.announcement(other, 7420),
        discovery.announcement(a, 7420),
        b"OBD1" + b"\0" * 600,
        b"hello",
    ):
        assert heard.receive(bad, "192.168.1.30") is None
    assert heard.refused == {
        "replayed": 2,
        "expired": 1,
        "future": 1,
        "forged": 1,
        "other_network": 1,
        "ourselves": 1,
        "not_ours": 2,
    }
    assert [p.name for p in heard.peers()] == ["Bipindi"]


def test_a_flood_from_one_address_is_dropped_before_its_signature_is_checked(  # type: ignore[no-untyped-def]
    net, monkeypatch
) -> None:
    """Past its burst, a flooding address costs a dict lookup, never a signature check: even
    a genuine announcement sent 5,000 times is checked only for the burst. (What a dropped
    datagram costs against a checked one: bench/lan_flood.py.)"""
    heard = directory_of(net, 0)
    checked: list[object] = []
    verify = discovery.verify_sign1

    def counted(*args: object) -> object:
        checked.append(args[0])
        return verify(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(discovery, "verify_sign1", counted)
    genuine = discovery.announcement(net.nodes[1], 7420)
    for _ in range(5000):
        heard.receive(genuine, "10.0.0.9", now=1.0)
    assert heard.refused["flood"] == 5000 - discovery.BURST
    assert len(checked) == discovery.BURST  # the first heard, the next 19 refused as replays
    fresh = discovery.announcement(net.nodes[2], 7420)
    assert heard.receive(fresh, "10.0.0.10", now=1.0) is not None  # others are still heard


def test_a_revoked_node_key_is_no_longer_believed(net) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = net.nodes
    heard = directory_of(net, 0)
    assert heard.receive(discovery.announcement(b, 7420), "10.0.0.2") is not None
    kid = b.keyring.identity(b.commune).current.kid
    keys = {k: v for k, v in discovery.node_keys(a).items() if k != kid}
    heard.update_keys(keys)  # as after a KEY_REVOKE: the snapshot no longer holds it
    assert heard.peers() == [] or all(p.name != "Bipindi" for p in heard.peers())
    newer = discovery.announcement(b, 7420, now=int(time.time()) + 1)  # not a replay
    assert heard.receive(newer, "10.0.0.2") is None
    assert heard.refused["unknown_key"] == 1


def test_two_town_halls_on_one_machine_find_each_other_and_sync_in_one_call(net) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = net.nodes
    thread = post(b, "Réunion des maires jeudi")
    da, db = free_udp_ports(2)
    left = LanService.start(
        a, host="127.0.0.1", port=0, discovery_port=da, targets=[("127.0.0.1", db)], interval=0.1
    )
    right = LanService.start(
        b, host="127.0.0.1", port=0, discovery_port=db, targets=[("127.0.0.1", da)], interval=0.1
    )
    served: list[object] = []
    stop = threading.Event()

    def bipindi() -> None:  # Bipindi's own thread: it serves the session Ambam opens
        while not stop.is_set():
            served.extend(right.poll(b))
            time.sleep(0.02)

    server = threading.Thread(target=bipindi)
    server.start()
    try:
        deadline = time.monotonic() + 60  # a bound on a hang, not a speed
        while not left.peers() and time.monotonic() < deadline:
            time.sleep(0.02)
        (peer,) = left.peers()
        assert peer.name == "Bipindi" and peer.address == "127.0.0.1"
        # A flood of junk at Ambam's discovery port changes nothing.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as flood:
            for _ in range(2000):
                flood.sendto(b"OBD1" + b"\xff" * 100, ("127.0.0.1", da))
        report = left.sync_with(a, peer)
        assert report.error is None, report.error
        assert a.store.one("SELECT 1 FROM threads WHERE id = ?", (thread,)) is not None
        deadline = time.monotonic() + 60
        while not served and time.monotonic() < deadline:
            time.sleep(0.02)
        assert served and served[0].incoming and served[0].error is None  # type: ignore[attr-defined]
    finally:
        stop.set()
        server.join(5)
        left.stop()
        right.stop()
    assert a.store.value("SELECT count(*) FROM txs WHERE type = ?", (int(TxType.FORUM_THREAD),))
