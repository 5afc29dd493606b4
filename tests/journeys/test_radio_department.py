"""A department's radio relays carry an urgent post from one commune's laptop to another's.

Thirty relays stand over 60 x 40 km (seeded places), LoRa SF9 at 1 % duty cycle, each a whole
relay of the host build (firmware/core/relay.c with its flash log and its mesh, on the
simulated air of firmware/host/radio_air.c) configured as a technician leaves it: the
network's tag, every class, the default hop limit of 8 (4 before this issue, which stopped
objects three hops out). Ambam's relay is five radio hops or more from Bipindi's. Each clerk
reaches their relay the way they would a real one, `obambu device exchange --port …`, through
an emulated board on the serial port (tests/esp); while a clerk talks to it the air runs in
step with the wall clock, in between it runs fast (simulated hours cost little). Then Bipindi
carries the post by stick to Campo, which no relay reaches.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from app.sync.relay import relay_tag
from bench.radio_department import Department, LivePump, department
from bench.radio_network import HOUR_MS
from tests.esp.relay_app import library
from tests.journeys.conftest import Cli, Town

pytest_plugins = ["tests.esp.fixtures"]  # esp_devices

SEED = 1  # a department whose deepest relay is 6 hops from Ambam's


class Cable:
    """A relay's USB cable as the board's UART sees it: what the laptop writes goes to the
    relay's link 0 through the running air (Department.live), what the relay writes comes back
    as the board's own output."""

    banner = b""

    def __init__(self, node: int) -> None:
        self.node = node
        self.pump: LivePump | None = None

    def feed(self, data: bytes) -> bytes:
        if self.pump is not None:  # no air running: nothing answers on the cable
            self.pump.write(self.node, data)
        return b""  # the answer comes later, from the relay's loop


@pytest.fixture
def towns(cli: Cli, tmp_path: Path) -> tuple[list[Town], bytes]:
    """`obambu demo --communes 3`; the network id a technician configures the relays with."""
    made = cli("--json", "demo", "--dir", tmp_path / "demo", "--communes", "3")
    assert made.code == 0, made.err
    shown = made.json()
    return [Town(cli, Path(h)) for h in shown["homes"]], bytes.fromhex(shown["network_id"])


@pytest.fixture
def air(
    towns: tuple[list[Town], bytes], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Department, int, int]]:
    _, network = towns
    lib = library(tmp_path_factory.mktemp("relay-build"))
    commune = b"DEPT-22\x00"
    dept, ambam, bipindi = department(lib, SEED, relay_tag(network), commune)
    yield dept, ambam, bipindi


def _visit(dept: Department, esp: ModuleType, town: Town, relay: int) -> Any:
    """The clerk plugs the laptop into the relay and runs `obambu device exchange`."""
    cable = Cable(relay)
    board = esp.board(f"relay-{relay}", app=cable)
    with dept.live({relay: board.emit}) as pump:
        cable.pump = pump
        moved = town.json("device", "exchange", "--port", f"espboard://relay-{relay}")
    return moved


def test_an_urgent_post_crosses_the_department_by_radio_then_goes_on_by_stick(
    towns: tuple[list[Town], bytes],
    air: tuple[Department, int, int],
    esp_devices: ModuleType,
    stick: Path,
) -> None:
    (ambam, bipindi, campo), _ = towns
    dept, a_relay, b_relay = air
    path = dept.path(a_relay, b_relay)
    assert len(path) - 1 >= 5, path  # five radio hops at least between the two relays
    dept.run_until(12 * 60_000)  # the relays have said hello: they know their neighbours
    # Last month's stick went round the three town halls: each knows what the others hold,
    # so what goes on the air now is only what is new.
    for town in (ambam, bipindi, campo, ambam, bipindi, campo):
        town.visit(stick)

    ambam.run(
        "forum",
        "thread",
        "--title",
        "Crue du Ntem",
        "--body",
        "Montez sur les hauteurs.",
        "--priority",
        "P0",
    )
    left = _visit(dept, esp_devices, ambam, a_relay)
    assert left["sent"] >= 1, left
    urgent = [oid for oid, cls, hops, _ in dept.arrivals(a_relay) if cls == 3 and hops == 0]
    assert urgent, dept.arrivals(a_relay)  # the P0 post's block went as class 3

    start = dept.now
    while dept.now - start < 2 * HOUR_MS and not set(urgent) <= dept.held(b_relay):
        dept.run(30_000)
    came = {i: hops for i, cls, hops, _ in dept.arrivals(b_relay) if cls == 3}
    assert set(urgent) <= set(came) and min(came.values()) >= len(path) - 1, came
    # Relay to relay all the way: Bipindi's relay never hears Ambam's.
    assert not dept.hears(b_relay, a_relay) and not dept.hears(a_relay, b_relay)

    assert "Crue du Ntem" not in bipindi.titles()
    took = _visit(dept, esp_devices, bipindi, b_relay)
    assert took["imported"]["new"] >= 1, took
    assert "Crue du Ntem" in bipindi.titles()
    shown = {t["title"]: t for t in bipindi.json("forum", "list")}
    assert shown["Crue du Ntem"]["priority"] == "P0"

    # Campo has no relay in reach: the clerk of Bipindi hands a stick on.
    bipindi.run("sync", "export", "--to", stick)
    campo.run("sync", "import", "--from", stick)
    assert "Crue du Ntem" in campo.titles()
