"""Boards on the ledger: registered by a technician of a commune, and the link reports they
sign, checked against the registered key and kept only when newer."""

from __future__ import annotations

import struct

import nacl.signing
import pytest

from app.core.devices import devices
from app.core.errors import Rejected
from app.core.ledger.txtypes import TxType
from tests.conftest import Network

DEVICE = bytes.fromhex("246f28aabbcc0001")


def report(seed: bytes, sequence: int, device: bytes = DEVICE) -> tuple[bytes, bytes]:
    links = tuple(
        devices.LinkCounters(100 + n, 90 + n, n, 2 * n, None if n == 2 else 30) for n in range(3)
    )
    status = devices.Status(3600, 4, 9000, 65536, 3900, links)
    body = devices.HEAD.pack(device, sequence) + status.pack()
    signature = nacl.signing.SigningKey(seed).sign(devices.REPORT_CONTEXT + body).signature
    return body, signature


def register(net: Network, seed: bytes, *, as_role: str = "technician") -> bytes:
    a = net.nodes[0]
    member = a.add_member("Technicien Ekani", as_role)
    body = {
        "device": DEVICE,
        "kind": "relay",
        "name": "Relais du marché",
        "pk": bytes(nacl.signing.SigningKey(seed).verify_key),
        "chip": "ESP32-D0WDQ6",
        "firmware": "relay-1.2.3",
        "pack": b"\x01" * 32,
    }
    return a.submit(TxType.DEVICE_REGISTER, body, actor=member)


def test_a_technician_registers_a_relay_and_its_reports_are_checked(net: Network) -> None:
    seed = b"\x07" * 32
    register(net, seed)
    a, b, _ = net.nodes
    a.seal()
    net.sync()
    body, signature = report(seed, 1)
    b.submit(TxType.LINK_REPORT, {"device": DEVICE, "report": body, "sig": signature})
    b.seal()
    net.sync()
    (shown,) = devices.latest(a.store)
    status = shown["report"].status
    assert shown["name"] == "Relais du marché" and status.uptime_s == 3600
    assert status.links[2].last_contact_s is None and status.links[0].frames_in == 100
    with pytest.raises(Rejected) as replayed:
        b.submit(TxType.LINK_REPORT, {"device": DEVICE, "report": body, "sig": signature})
    assert replayed.value.code == "duplicate"
    forged, _ = report(seed, 2)
    with pytest.raises(Rejected) as bad:
        b.submit(TxType.LINK_REPORT, {"device": DEVICE, "report": forged, "sig": signature})
    assert bad.value.code == "bad_report"
    other, other_sig = report(b"\x08" * 32, 3)
    with pytest.raises(Rejected):
        b.submit(TxType.LINK_REPORT, {"device": DEVICE, "report": other, "sig": other_sig})


def test_a_clerk_may_not_register_and_another_commune_may_not_take_a_board(net: Network) -> None:
    with pytest.raises(Rejected) as clerk:
        register(net, b"\x07" * 32, as_role="clerk")
    assert clerk.value.code == "role_needed"
    register(net, b"\x07" * 32)
    net.nodes[0].seal()
    net.sync()
    b = net.nodes[1]
    body = {
        "device": DEVICE,
        "kind": "relay",
        "name": "Pris",
        "pk": b"\x02" * 32,
        "chip": "ESP32",
        "firmware": "x",
        "pack": b"\x00" * 32,
    }
    with pytest.raises(Rejected) as taken:
        b.submit(TxType.DEVICE_REGISTER, body)
    assert taken.value.code == "device_elsewhere"


def test_a_report_of_an_unknown_board_is_refused(net: Network) -> None:
    body, signature = report(b"\x07" * 32, 1)
    with pytest.raises(Rejected) as unknown:
        net.nodes[0].submit(
            TxType.LINK_REPORT, {"device": DEVICE, "report": body, "sig": signature}
        )
    assert unknown.value.code == "unknown_device"
    with pytest.raises(ValueError):
        devices.parse_report(body[:-1])
    assert struct.calcsize("<IHIIH") + 3 * struct.calcsize("<IIIII") == devices.Status.SIZE


def test_a_retired_board_reports_nothing_believed(net: Network) -> None:
    seed = b"\x07" * 32
    register(net, seed)
    a = net.nodes[0]
    a.seal()
    technician = a.store.value("SELECT technician FROM devices WHERE id = ?", (DEVICE,))
    a.submit(
        TxType.DEVICE_RETIRE,
        {"device": DEVICE, "reason": "volé au marché"},
        actor=bytes(technician),
    )
    body, signature = report(seed, 1)
    with pytest.raises(Rejected) as retired:
        a.submit(TxType.LINK_REPORT, {"device": DEVICE, "report": body, "sig": signature})
    assert retired.value.code == "device_retired"
    with pytest.raises(Rejected) as twice:
        a.submit(
            TxType.DEVICE_RETIRE, {"device": DEVICE, "reason": "encore"}, actor=bytes(technician)
        )
    assert twice.value.code == "duplicate"
    a.seal()
    (shown,) = devices.latest(a.store)
    assert shown["retired"] is not None
