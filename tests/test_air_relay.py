"""Whole relays on the simulated air (firmware/host/air_relay_node.c): a relay's power cut
while it forwards an urgent object, with laptops' Channels on the relays' cables.

The department is bench.radio_department's: 30 relays of the host build, each with its CONFIG,
its queue in an emulated flash and its mesh wired by relay_attach_radio, LoRa SF9 at 1 % duty
cycle. A cut loses the relay's RAM; its flash and its CONFIG stay, and the next boot is the
ESP-IDF port's (relay_init, relay_attach_flash, relay_attach_radio).
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

import pytest

from bench.radio_department import (
    Department,
    department,
    laptop,
    laptop_to_laptop,
    relay_config,
)
from bench.radio_network import HOUR_MS, LORA_SF9, department_p0, load_sim
from bench.relay_forwarding import build_library
from tests.sanitizer import rerun_sanitized

LIBRARY_ENV = "OBAMBU_AIR_RELAY_LIBRARY"
TAG = b"DEPT22AB"
COMMUNE = b"DEPT-22\x00"
SEED = 1  # the deepest relay is 6 hops from the source
URGENT, BLOCKS = 3, 1


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get(LIBRARY_ENV)
    return Path(given) if given else build_library(tmp_path_factory.mktemp("air-relay"))


@pytest.fixture(scope="module")
def lib(path: Path) -> ctypes.CDLL:
    return ctypes.CDLL(str(path))


def _head(oid: bytes) -> int:
    return int.from_bytes(oid[:4], "big")


def _until_on_air_with(dept: Department, oid: bytes, skip: int | None) -> int:
    """Runs the air in 50 ms steps until some relay (not `skip`) is sending a fragment of
    `oid`; returns that relay."""
    start = dept.now
    while dept.now - start < HOUR_MS:
        dept.run(50)
        for node, *_rest in dept.log(16_384)[::-1]:
            if node != skip and dept.on_air(node) and _rest[3] == _head(oid):
                return int(node)
    raise AssertionError("nobody put the object on air within an hour")


def _arrived(dept: Department, node: int, oid: bytes, within_ms: int = 2 * HOUR_MS) -> bool:
    start = dept.now
    while dept.now - start < within_ms and oid not in dept.held(node):
        dept.run(30_000)
    return oid in dept.held(node)


def test_a_department_relay_answers_its_laptop_and_carries_p0_first(lib: ctypes.CDLL) -> None:
    dept, source, target = department(lib, SEED, TAG, COMMUNE)
    assert dept.hops(source)[target] >= 5
    dept.run_until(12 * 60_000)
    urgent = os.urandom(16)
    with laptop(dept, source, TAG, b"laptop-a") as client:
        assert client.put(urgent, URGENT, 0, 3600, os.urandom(600)) == 0
    assert dept.stats(source)["durable"] == 1 and dept.stats(source)["boots"] == 1
    assert _arrived(dept, target, urgent)
    (came,) = [(cls, hops) for i, cls, hops, _ in dept.arrivals(target) if i == urgent]
    assert came[0] == URGENT and came[1] >= dept.hops(source)[target]
    with laptop(dept, target, TAG, b"laptop-b") as far:
        got = far.get(urgent)
    assert got is not None and got.cls == URGENT and got.hops == came[1]


@pytest.mark.parametrize("seed", [2, 4])
def test_whole_relays_carry_p0_as_the_bare_meshes_do(
    lib: ctypes.CDLL, path: Path, seed: int
) -> None:
    """With the bare meshes' device ids (hence their back-offs), whole relays between two
    laptops deliver the P0 item as bench.radio_network's meshes over their own queues do: the
    relay's links, CONFIG and flash log change nothing on the air."""
    bare = department_p0(load_sim(path), seed)
    whole = laptop_to_laptop(lib, seed, bulk_objects=0, mesh_node_ids=True)
    assert whole["hops"] == bare["hops"] >= 5 and whole["delivered"] and bare["delivered"]
    assert abs(whole["latency_ms"] - bare["latency_ms"]) < 5_000, (whole, bare["latency_ms"])


def test_the_source_relay_loses_power_while_sending_and_keeps_what_it_stored(
    lib: ctypes.CDLL,
) -> None:
    dept, source, target = department(lib, SEED, TAG, COMMUNE)
    dept.run_until(12 * 60_000)
    urgent, bulk = os.urandom(16), [os.urandom(16) for _ in range(2)]
    with laptop(dept, source, TAG, b"laptop-a") as client:
        for oid in bulk:
            assert client.put(oid, BLOCKS, 0, 6 * 3600, os.urandom(900)) == 0  # STORED
        assert client.put(urgent, URGENT, 0, 6 * 3600, os.urandom(600)) == 0
    stored = {urgent, *bulk}
    assert _until_on_air_with(dept, urgent, skip=None) == source
    dept.power(source, False)
    assert dept.held(source) == set()  # off: nothing answers
    dept.run(10 * 60_000)
    dept.power(source, True)
    assert stored <= dept.held(source)  # every object it answered STORED came back
    assert dept.stats(source)["boots"] == 2 and dept.stats(source)["attach_failures"] == 0
    assert _arrived(dept, target, urgent)


def test_a_relay_loses_power_while_forwarding_and_loses_nothing_it_took(
    lib: ctypes.CDLL,
) -> None:
    dept, source, target = department(lib, SEED, TAG, COMMUNE)
    dept.run_until(12 * 60_000)
    urgent = os.urandom(16)
    with laptop(dept, source, TAG, b"laptop-a") as client:
        assert client.put(urgent, URGENT, 0, 6 * 3600, os.urandom(600)) == 0
    relay = _until_on_air_with(dept, urgent, skip=source)  # a relay passing it on
    held = dept.held(relay)
    assert urgent in held
    dept.power(relay, False)
    dept.run(20 * 60_000)
    dept.power(relay, True)
    assert held <= dept.held(relay)  # what it took from the air, back from its flash
    assert dept.stats(relay)["boots"] == 2 and dept.stats(relay)["cut"] == 1
    assert _arrived(dept, target, urgent)


def test_a_laptop_cannot_reach_a_relay_without_power(lib: ctypes.CDLL) -> None:
    """Bytes written on the cable of a board without power are lost, and counted."""
    dept, source, _ = department(lib, SEED, TAG, COMMUNE)
    dept.power(source, False)
    assert dept.lib.ar_write(dept.h, source, b"\x02hello\x00", 7) == 0
    assert dept.stats(source)["cable_lost"] == 7
    dept.power(source, True)
    assert dept.lib.ar_write(dept.h, source, b"\x02hello\x00", 7) == 7


def test_a_record_of_another_device_does_not_configure_the_relay(lib: ctypes.CDLL) -> None:
    dept = Department(lib)
    config = relay_config(TAG, b"\x24\x0a\xc4\xff\xfe\x01\x02\x03", COMMUNE)
    fields = (ctypes.c_uint32 * 8)(*LORA_SF9.fields())
    record = config.pack()
    other = b"\x24\x0a\xc4\xff\xfe\x09\x09\x09"
    assert dept.lib.ar_add(dept.h, 0, 0, fields, other, record, len(record)) == -1
    assert dept.lib.ar_add(dept.h, 0, 0, fields, other, record[:-1], len(record) - 1) == -1
    assert dept.lib.ar_add(dept.h, 0, 0, fields, config.device_id, record, len(record)) == 0


def test_sanitizer_build_replays_the_department(tmp_path: Path) -> None:
    if os.environ.get(LIBRARY_ENV):
        pytest.skip("already the sanitizer run")
    selection = "loses_power or answers_its_laptop or bare_meshes or another_device"
    done = rerun_sanitized(tmp_path, __file__, selection, LIBRARY_ENV)
    assert done.returncode == 0, done.stdout + done.stderr
