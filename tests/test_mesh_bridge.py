"""A relay that is the only bridge to a neighbour must not let the flood die with it
(issue 22; firmware/core/mesh.c, next_out's cancellation).

Managed flooding cancels a rebroadcast once a copy from another relay is heard. When that
copy comes from a relay as far from the source as the bridge (not farther), it says nothing
of the neighbours only the bridge reaches: on the simulated department the one relay in reach
of a far corner cancelled that way and the corner never heard a fragment, so never asked. The
bridge now says HAVE when it cancels on such copies, and the neighbour asks for the object.
The module runs again under AddressSanitizer/UBSan.
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

import pytest

from bench.mesh_delivery import LORA_SF9, P0, Air, blob, load_mesh, oid
from bench.relay_forwarding import build_library
from tests.sanitizer import rerun_sanitized

LIBRARY_ENV = "OBAMBU_MESH_BRIDGE_LIBRARY"  # set by the sanitizer run to the library it built
WARM_MS = 12 * 60_000  # a hello period and more: every relay knows its neighbours


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> ctypes.CDLL:
    given = os.environ.get(LIBRARY_ENV)
    return load_mesh(Path(given) if given else build_library(tmp_path_factory.mktemp("bridge")))


def bridge(lib: ctypes.CDLL, seed: int) -> Air:
    """Relays 1, 2, 3 all hear the source 0 and each other; relay 4 hears only relay 3, which
    hears the source well and so waits longest: 1 or 2 rebroadcast first, at its own hops."""
    air = Air(lib, 5, modem=LORA_SF9, seed=seed)
    for a, b in ((1, 2), (1, 3), (2, 3)):
        air.link(a, b, snr=0)
    air.link(0, 1, snr=-15)
    air.link(0, 2, snr=-15)
    air.link(0, 3, snr=10)
    air.link(3, 4, snr=-10)
    air.run(WARM_MS)
    return air


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_neighbour_only_a_cancelling_relay_reaches_still_gets_the_p0(
    lib: ctypes.CDLL, seed: int
) -> None:
    air = bridge(lib, seed)
    data = blob(7, 600)
    assert air.put(0, oid(7), P0, data) == 0
    air.run(10 * 60_000)
    assert air.stats(3)["cancelled"] == 1  # the bridge did cancel its flood...
    assert air.get(4, oid(7)) == (data, P0, 2)  # ...and the relay behind it got the object
    assert air.stats(4)["needs_sent"] >= 1  # by asking for it, on the bridge's HAVE


@pytest.mark.skipif(bool(os.environ.get(LIBRARY_ENV)), reason="already the sanitized run")
def test_the_bridge_tests_pass_under_address_and_undefined_sanitizers(tmp_path: Path) -> None:
    done = rerun_sanitized(tmp_path, __file__, "not sanitizers", LIBRARY_ENV)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
