"""The mesh's verdicts that must not be taken for good (firmware/core/mesh.c, issue 22).

A relay that heard nobody but the relay it took an object from calls itself a dead end and
answers with a HAVE instead of passing the object on; if the hellos of its downstream
neighbour were all lost, that verdict was wrong. Relays seeded so that seed and id cancel out
must still draw different back-offs. Under a 1 % duty cycle at SF12, hellos must not eat the
budget of a relay that is sending. Real C meshes on the fake air of
firmware/host/mesh_host_api.c, seeded: no timing assertion. The module runs again under
AddressSanitizer/UBSan.
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

import pytest

from bench.mesh_delivery import (
    BULK,
    HOUR_MS,
    LORA_SF7,
    LORA_SF12,
    NEED,
    TAG,
    Air,
    blob,
    load_mesh,
    oid,
)
from bench.relay_forwarding import build_library
from tests.sanitizer import rerun_sanitized

LIBRARY_ENV = "OBAMBU_MESH_REVISABLE_LIBRARY"  # set by the sanitizer run to the library it built
HELLO = 0x02
HELLO_LEN = 10


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> ctypes.CDLL:
    given = os.environ.get(LIBRARY_ENV)
    return load_mesh(Path(given) if given else build_library(tmp_path_factory.mktemp("mesh")))


def test_a_line_delivers_though_a_relays_downstream_hellos_are_all_lost(
    lib: ctypes.CDLL,
) -> None:
    # 0 - 1 - 2 - 3: relay 1 never hears relay 2's hellos, so after the first hello period it
    # knows only relay 0 and calls itself a dead end. Its HAVE, heard by relay 2, makes relay 2
    # ask for the object whole; the answer goes on, and relay 1 has heard relay 2 since.
    air = Air(lib, 4, modem=LORA_SF7, seed=3)
    air.chain()
    lib.mesh_host_drop_kind(air.h, 2, HELLO)
    first, second = blob(1, 1500), blob(2, 1500)
    assert air.put(0, oid(1), BULK, first) == 0
    air.run(10 * 60_000)
    assert air.stats(1)["dead_ends"] == 1  # the verdict was taken
    assert air.get(3, oid(1)) == (first, BULK, 3)
    # Relay 1 heard relay 2 meanwhile: the next object goes on without asking.
    assert air.put(0, oid(2), BULK, second) == 0
    air.run(10 * 60_000)
    assert air.stats(1)["dead_ends"] == 1
    assert air.get(3, oid(2)) == (second, BULK, 3)
    # Relay 2 said hello, and none reached anyone: relay 1 knows it from its other packets.
    assert any(node == 2 and length == HELLO_LEN for node, _, _, length, _ in air.packets())
    assert (3 << 24) in air.report(1)["neighbours"]


def test_relays_whose_seed_and_id_cancel_out_still_draw_different_back_offs(
    lib: ctypes.CDLL,
) -> None:
    # The simulator once seeded relay i with 1 + i and gave it an id whose last 4 bytes read
    # i + 1: seed XOR id was 0 for every relay, and all drew the same random numbers.
    draws = lib.mesh_seed_draws
    draws.argtypes = [ctypes.c_uint32, ctypes.c_char_p, ctypes.c_void_p]
    draws.restype = None
    states, hellos = set(), set()
    for i in range(8):
        device = b"\xd0\x00\x00\x00" + (i + 1).to_bytes(4, "little")
        out = (ctypes.c_uint32 * 2)()
        draws(1 + i, device, out)
        states.add(out[0])
        hellos.add(out[1])
    assert len(states) == 8
    assert len(hellos) >= 4  # the first hello: one of 16 slots each


def test_under_1_percent_at_sf12_a_sending_relay_spends_its_budget_on_fragments(
    lib: ctypes.CDLL,
) -> None:
    # A 1 s hello every 10 minutes was 17 % of a 36 s hourly budget, and one in the window left
    # room for 3 fragments of 9 s instead of 4. The hello period grows to half the window, and
    # a relay with fragments waiting for the budget says no hello: they say it when they go.
    air = Air(lib, 2, modem=LORA_SF12, permille=10, reassembly_ms=4 * HOUR_MS)
    air.link(0, 1)
    for k in range(6):
        assert air.put(0, oid(50 + k), BULK, blob(k, 426)) == 0  # 2 full fragments each
    start = air.now
    air.run(3 * HOUR_MS)
    sent = [(at, length) for node, at, _, length, _ in air.packets() if node == 0 and at >= start]
    assert sent and all(length == 250 for _, length in sent)
    assert len(sent) == 12  # 108 s of budget over 3 hours, 8.9 s a fragment
    assert air.stats(1)["objects_in"] == 6


def ask_whole(object_id: bytes) -> bytes:
    """A NEED of count 0 (PROTOCOL.md §5): the whole object, from relay 0x7777."""
    packet = b"\x00\x03" + TAG[:4] + (0x7777).to_bytes(4, "little") + object_id[:8] + bytes(6)
    assert len(packet) == NEED
    return packet


@pytest.mark.parametrize(("hop_limit", "answered"), [(2, True), (1, False)])
def test_a_whole_object_is_sent_to_who_asks_only_if_it_may_take_it(
    lib: ctypes.CDLL, hop_limit: int, answered: bool
) -> None:
    air = Air(lib, 1, modem=LORA_SF7, hop_limit=hop_limit)
    assert air.put(0, oid(5), BULK, blob(5, 1000)) == 0  # 1,020 bytes of stream: 5 fragments
    air.run(60_000)
    before = len(air.log())
    assert before == (5 if answered else 0)  # at hop limit 1 nobody past it may take it
    air.inject(0, ask_whole(oid(6)))  # not an object it holds: nothing to answer
    air.inject(0, ask_whole(oid(5)))
    air.run(60_000)
    assert air.stats(0)["needs_answered"] == int(answered)
    assert len(air.log()) == before + (5 if answered else 0)


@pytest.mark.skipif(bool(os.environ.get(LIBRARY_ENV)), reason="already the sanitized run")
def test_these_tests_pass_under_address_and_undefined_sanitizers(tmp_path: Path) -> None:
    done = rerun_sanitized(tmp_path, __file__, "not sanitizers", LIBRARY_ENV)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
