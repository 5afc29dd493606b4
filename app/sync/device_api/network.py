"""Addresses: which clients may read the status page, and which interfaces the service may
listen on."""

from __future__ import annotations

import ipaddress
import socket
import struct
import sys

_LOCAL = [
    ipaddress.ip_network(n)
    for n in (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "169.254.0.0/16",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
    )
]


def is_local_address(address: str) -> bool:
    """Loopback, RFC 1918, link-local or unique-local: the status page's only readers."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip.version == n.version and ip in n for n in _LOCAL)


def interfaces() -> list[tuple[str, str]]:
    """(name, IPv4 address) of this machine's interfaces, for the technician to pick one."""
    found: list[tuple[str, str]] = []
    if sys.platform.startswith("linux"):
        import fcntl

        siocgifaddr = 0x8915
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            for _, name in socket.if_nameindex():
                request = struct.pack("256s", name.encode()[:15])
                try:
                    answer = fcntl.ioctl(probe.fileno(), siocgifaddr, request)
                except OSError:
                    continue  # no IPv4 address on it
                found.append((name, socket.inet_ntoa(answer[20:24])))
    return found or [("loopback", "127.0.0.1")]
