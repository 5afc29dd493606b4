"""The network bugs a Windows build would hit (issue 19), each through the code path Windows
takes, tested on Linux: only the libraries' answers are faked, at their boundary (ifaddr's list
of adapters, pyserial's list of ports) — as Windows gives them.
"""

from __future__ import annotations

import socket
import time
from typing import Any, ClassVar

import ifaddr
import pytest
from serial.tools import list_ports
from serial.tools.list_ports_common import ListPortInfo

from app.provision import ports
from app.sync import discovery, interfaces
from app.sync.device_api import handler
from app.sync.device_api import interfaces as device_api_interfaces


def adapter(name: str, *ips: tuple[str, int]) -> ifaddr.Adapter:
    """An adapter as ifaddr reads it from Windows' GetAdaptersAddresses: the IPs carry the
    name Windows shows ("Wi-Fi"), the adapter its device description; IPv6 alongside."""
    made = [ifaddr.IP(ip, prefix, name) for ip, prefix in ips]
    made.append(ifaddr.IP(("fe80::1", 0, 7), 64, name))
    return ifaddr.Adapter("{846EE342-7039-11DE-9D20-806E6F6E6963}", f"{name} adapter", made)


WIFI = adapter("Wi-Fi", ("192.168.1.23", 24))
ETHERNET = adapter("Ethernet", ("10.20.0.5", 16))
LOOPBACK = adapter("Loopback Pseudo-Interface 1", ("127.0.0.1", 8))


@pytest.fixture
def two_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A town-hall laptop on its Wi-Fi and, by cable, on the outdoor link to a neighbour."""
    monkeypatch.setattr(ifaddr, "get_adapters", lambda: [LOOPBACK, WIFI, ETHERNET])


def com(device: str, description: str, vid: int | None = None, pid: int | None = None) -> Any:
    """A port as pyserial's Windows back end lists it."""
    info = ListPortInfo(device, skip_link_detection=True)
    info.description, info.vid, info.pid = description, vid, pid
    return info


@pytest.mark.usefixtures("two_networks")
def test_windows_bug_interfaces_offers_every_network_not_only_loopback() -> None:
    """On Windows the Linux-only ioctl found nothing and the Devices screen offered only
    127.0.0.1: boards on the town hall's Wi-Fi could never connect."""
    assert device_api_interfaces() == [("Wi-Fi", "192.168.1.23"), ("Ethernet", "10.20.0.5")]


def test_loopback_is_offered_only_when_it_is_all_there_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ifaddr, "get_adapters", lambda: [LOOPBACK])
    assert device_api_interfaces() == [("Loopback Pseudo-Interface 1", "127.0.0.1")]
    assert interfaces.broadcasts() == [interfaces.LIMITED_BROADCAST]  # on no network at all
    monkeypatch.setattr(ifaddr, "get_adapters", lambda: [])
    assert device_api_interfaces() == [("loopback", "127.0.0.1")]


def test_two_addresses_on_one_network_get_one_announcement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alias = adapter("Wi-Fi", ("192.168.1.23", 24), ("192.168.1.24", 24), ("10.9.9.9", 32))
    monkeypatch.setattr(ifaddr, "get_adapters", lambda: [alias])
    assert interfaces.broadcasts() == ["192.168.1.255"]  # and none for a point-to-point /32


class Recording(socket.socket):
    """The system's socket, which only notes where each datagram was sent: the fake networks'
    broadcast addresses do not exist on the machine running the tests."""

    sent: ClassVar[list[tuple[str, int]]] = []

    def sendto(self, data: Any, *args: Any) -> int:
        Recording.sent.append(args[-1])
        return len(data)


@pytest.mark.usefixtures("two_networks")
def test_windows_bug_discovery_broadcasts_on_every_interface(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """255.255.255.255 leaves by one interface: a laptop on Wi-Fi and Ethernet found no one on
    the other. Each network now gets the announcement on its own broadcast address."""
    Recording.sent = []
    monkeypatch.setattr(socket, "socket", Recording)
    finder = discovery.Discovery(
        discovery.Directory(b"n" * 32, b"c" * 32, {}), listen=("127.0.0.1", 0)
    )
    try:
        finder.renew(b"announcement")
        finder.announce_now()  # what the announcing thread does every few seconds
    finally:
        finder.stop()
    expected = [("192.168.1.255", discovery.PORT), ("10.20.255.255", discovery.PORT)]
    assert Recording.sent == expected
    assert finder.sent_to == ["192.168.1.255", "10.20.255.255"]


def test_a_network_joined_later_is_announced_on_at_the_next_round(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    Recording.sent = []
    monkeypatch.setattr(socket, "socket", Recording)
    networks = [LOOPBACK, WIFI]
    monkeypatch.setattr(ifaddr, "get_adapters", lambda: networks)
    finder = discovery.Discovery(
        discovery.Directory(b"n" * 32, b"c" * 32, {}), listen=("127.0.0.1", 0)
    )
    try:
        finder.announce_now()
        networks.append(ETHERNET)  # the cable to the neighbour is plugged in
        finder.announce_now()
    finally:
        finder.stop()
    assert [host for host, _ in Recording.sent] == [
        "192.168.1.255",
        "192.168.1.255",
        "10.20.255.255",
    ]


def test_windows_bug_com_ports_named_as_windows_names_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """COM ports listed with the name Windows' Device Manager gives them, COM10 after COM9."""
    found = [
        com("COM10", "Silicon Labs CP210x USB to UART Bridge (COM10)", 0x10C4, 0xEA60),
        com("COM9", "USB-SERIAL CH340 (COM9)", 0x1A86, 0x7523),
        com("COM1", "Communications Port (COM1)"),
    ]
    monkeypatch.setattr(list_ports, "comports", lambda: found)
    listed = ports.list_serial_ports()
    assert [(p.device, p.system_name) for p in listed] == [
        ("COM9", "USB-SERIAL CH340"),
        ("COM10", "Silicon Labs CP210x USB to UART Bridge"),
        ("COM1", "Communications Port"),
    ]


def test_linux_ports_keep_their_device_path(monkeypatch: pytest.MonkeyPatch) -> None:
    found = [com("/dev/ttyS0", "n/a"), com("/dev/ttyUSB0", "USB2.0-Serial", 0x1A86, 0x7523)]
    monkeypatch.setattr(list_ports, "comports", lambda: found)
    listed = ports.list_serial_ports()
    assert [(p.device, p.system_name) for p in listed] == [
        ("/dev/ttyUSB0", "USB2.0-Serial"),
        ("/dev/ttyS0", ""),
    ]


def test_the_firewall_ports_are_the_ones_the_app_listens_on() -> None:
    """The installer's firewall rules (packaging/README.md) open what the app really uses."""
    from app.sync.lan import SYNC_PORT
    from app.ui.devices import API_PORT

    assert {(proto, port) for proto, port, _why in interfaces.FIREWALL} == {
        ("TCP", SYNC_PORT),
        ("UDP", discovery.PORT),
        ("TCP", API_PORT),
    }


class ResetOnce(socket.socket):
    """Windows' UDP socket: the first receive after a datagram met a closed port fails with
    WSAECONNRESET (ICMP port unreachable); then it receives as before."""

    def recvfrom(self, *args: Any) -> Any:
        if not getattr(self, "_reset", False):
            self._reset = True
            raise ConnectionResetError(10054, "An existing connection was forcibly closed")
        return super().recvfrom(*args)


def test_windows_bug_a_closed_port_does_not_stop_the_discovery_listener(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Announcing to a laptop that is off made Windows fail the next receive; the listener
    took that for its socket closing and never heard anyone again."""
    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    monkeypatch.setattr(socket, "socket", ResetOnce)
    heard = discovery.Directory(b"n" * 32, b"c" * 32, {})
    finder = discovery.Discovery(heard, listen=("127.0.0.1", 0), targets=[]).start(b"ours")
    try:
        deadline = time.monotonic() + 20
        while not heard.refused and time.monotonic() < deadline:
            sender.sendto(b"hello", ("127.0.0.1", finder.port))
            time.sleep(0.05)
    finally:
        finder.stop()
        sender.close()
    assert heard.refused.get("not_ours", 0) >= 1  # still listening after the reset


@pytest.mark.parametrize("windows", [True, False])
def test_windows_bug_another_program_cannot_share_the_device_api_port(
    monkeypatch: pytest.MonkeyPatch, windows: bool
) -> None:
    """On Windows SO_REUSEADDR lets a second program bind the device API's port as well: the
    boards' connections would be split between the two, and no one told the port was taken.
    Windows gets SO_EXCLUSIVEADDRUSE instead; Linux keeps SO_REUSEADDR (a restart rebinds)."""
    monkeypatch.setattr(interfaces, "WINDOWS", windows)
    server = handler.Server(("127.0.0.1", 0), handler.Handler)
    try:
        reuse = server.socket.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
    finally:
        server.server_close()
    assert bool(reuse) is not windows


def test_windows_bug_no_brltty_hint_for_a_port_that_vanishes_on_windows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """brltty is a Linux program: on Windows, telling the technician to remove it is wrong."""
    for system, told in ((True, ["COM4"]), (False, [])):
        monkeypatch.setattr(ports, "BRLTTY", system)
        watcher = ports.PortWatcher()
        watcher.update(["COM1"], 100.0)
        watcher.update(["COM1", "COM4"], 100.5)
        assert watcher.update(["COM1"], 101.0) == told
