"""Addresses: which clients may read the status page, and which interfaces the service may
listen on."""

from __future__ import annotations

import ipaddress

from app.sync.interfaces import interfaces as platform_interfaces

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
    """(name, IPv4 address) of this machine's interfaces, for the technician to pick one: on
    Windows too ("Wi-Fi — 192.168.1.23"), see app/sync/interfaces.py."""
    return [(i.name, i.address) for i in platform_interfaces()]
