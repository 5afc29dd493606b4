"""This computer's network interfaces, the one place where Linux and Windows differ for the
network: which addresses it has, where a LAN announcement must go, and which ports the
firewall must let through.

Interfaces come from ifaddr (a 12 KB pure-Python wheel for every system: getifaddrs on Linux
and macOS, GetAdaptersAddresses on Windows) rather than psutil (a compiled wheel per system,
a process-monitoring library of which we would use one call, and whose Windows answer has no
broadcast address). The old Linux-only ioctl found nothing on Windows, so the Devices screen
offered only 127.0.0.1 there.

Announcements go to every interface's own broadcast address (192.168.1.255 for
192.168.1.23/24), not to 255.255.255.255: the limited broadcast leaves by one interface only
(on Windows, the one with the lowest metric), so a laptop on Wi-Fi and Ethernet found no one
on the other.

Sockets differ too. On Windows, SO_REUSEADDR lets another program bind a TCP port already
listened on (both then get connections, and no one is told the port is taken): a listener sets
SO_EXCLUSIVEADDRUSE there, SO_REUSEADDR elsewhere (a restart rebinds at once despite
TIME_WAIT). And a UDP socket on Windows fails its next recvfrom with WSAECONNRESET when one of
its datagrams met a closed port (ICMP port unreachable): the listener ignores that report.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from dataclasses import dataclass

import ifaddr

LIMITED_BROADCAST = "255.255.255.255"  # only when this computer is on no network at all
LOOPBACK = "127.0.0.1"

# What the firewall must let in, for packaging/README.md and the Windows installer: a standard
# Windows user cannot approve the firewall prompt, so the installer adds these rules.
FIREWALL = (
    ("TCP", 7420, "sync sessions with the other town halls"),
    ("UDP", 7421, "announcements of the town halls on the local network"),
    ("TCP", 7430, "the device API: display boxes and relays on Wi-Fi, the status page"),
)
WINDOWS = sys.platform == "win32"


@dataclass(frozen=True)
class Interface:
    name: str  # as the system names it: "Wi-Fi", "Ethernet" on Windows; "wlan0", "eth0" on Linux
    address: str  # its IPv4 address
    broadcast: str  # its network's broadcast address
    loopback: bool


def interfaces() -> list[Interface]:
    """Every IPv4 address of this computer, loopback left out unless it is all there is (a
    laptop with no network still serves boards and itself on 127.0.0.1)."""
    found: list[Interface] = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if not ip.is_IPv4 or not isinstance(ip.ip, str):
                continue
            try:
                net = ipaddress.IPv4Interface(f"{ip.ip}/{ip.network_prefix}")
            except ValueError:
                continue  # a prefix the system reported wrongly: not an address to offer
            name = ip.nice_name or adapter.nice_name or adapter.name
            found.append(
                Interface(name, str(net.ip), str(net.network.broadcast_address), net.ip.is_loopback)
            )
    outside = [i for i in found if not i.loopback]
    if outside:
        return outside
    return found or [Interface("loopback", LOOPBACK, "127.255.255.255", True)]


def broadcasts() -> list[str]:
    """Where a LAN announcement goes: each network's own broadcast address, once each (two
    addresses on one network are one destination)."""
    # A /32 (a point-to-point link) has no broadcast address of its own: its address.
    wanted = [i.broadcast for i in interfaces() if not i.loopback and i.broadcast != i.address]
    return list(dict.fromkeys(wanted)) or [LIMITED_BROADCAST]


def listening(sock: socket.socket) -> None:
    """Before binding a TCP listener: the port is ours alone, and free again at a restart."""
    if WINDOWS:
        exclusive = getattr(socket, "SO_EXCLUSIVEADDRUSE", None)
        if exclusive is not None:
            sock.setsockopt(socket.SOL_SOCKET, exclusive, 1)
    else:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)


def quiet_udp_resets(sock: socket.socket) -> None:
    """Windows only: a datagram sent to a closed port must not fail the next receive."""
    control = getattr(socket, "SIO_UDP_CONNRESET", None)
    if WINDOWS and control is not None:
        sock.ioctl(control, False)  # type: ignore[attr-defined]  # Windows sockets only
