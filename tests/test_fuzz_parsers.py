"""Property tests over every parser of outside bytes (fuzz/targets.py): real objects of a real
network, mutated byte by byte or, for the payloads the harness signs, field by field, must give
a result or the parser's own refusal, never another exception.

A short run of the harnesses that `make fuzz` runs for long under atheris (docs/fuzzing.md).
Each test works on its own copy of one small network (tests/conftest.py, fuzz_world): what
one test changes, no other sees.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.encoding import cbor
from fuzz.targets import TARGETS
from fuzz.world import World

BOUNDARY_INTS = [
    0,
    1,
    23,
    24,
    255,
    256,
    65535,
    65536,
    2**31 - 1,
    2**32 - 1,
    2**32,
    2**53,
    2**63 - 1,
    2**64 - 1,
    -1,
    -24,
    -25,
    -(2**31),
    -(2**63),
]
BOUNDARY_BYTES = [
    0x00,
    0x01,
    0x17,
    0x18,
    0x1F,
    0x3F,
    0x40,
    0x5F,
    0x7F,
    0x80,
    0x9F,
    0xBF,
    0xC0,
    0xD2,
    0xF4,
    0xF6,
    0xF7,
    0xFA,
    0xFF,
]


@pytest.fixture
def world(fuzz_world: World) -> World:
    return fuzz_world


def short_run(examples: int) -> Any:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


# --- mutations ----------------------------------------------------------------------------------


@st.composite
def byte_mutant(draw: st.DrawFn, seed: bytes) -> bytes:
    """`seed` with one to four edits of the kinds a damaged medium or an attacker makes."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        n = len(data)
        edit = draw(st.sampled_from(["flip", "set", "insert", "delete", "truncate", "copy", "int"]))
        if edit == "insert" or n == 0:
            at = draw(st.integers(0, n))
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif edit == "flip":
            data[draw(st.integers(0, n - 1))] ^= 1 << draw(st.integers(0, 7))
        elif edit == "set":
            data[draw(st.integers(0, n - 1))] = draw(st.sampled_from(BOUNDARY_BYTES))
        elif edit == "delete":
            at = draw(st.integers(0, n - 1))
            del data[at : at + draw(st.integers(1, 64))]
        elif edit == "truncate":
            del data[draw(st.integers(0, n - 1)) :]
        elif edit == "copy":
            start = draw(st.integers(0, n - 1))
            piece = data[start : start + draw(st.integers(1, 64))]
            at = draw(st.integers(0, n))
            data[at:at] = piece
        else:
            size = draw(st.sampled_from([1, 2, 4, 8]))
            value = draw(st.sampled_from(BOUNDARY_INTS)) % (1 << (8 * size))
            order = draw(st.sampled_from(["big", "little"]))
            at = draw(st.integers(0, n - 1))
            data[at : at + size] = value.to_bytes(size, order)
    return bytes(data)


_text = st.text(max_size=12).map(lambda s: unicodedata.normalize("NFC", s))
_scalars = (
    st.none()
    | st.booleans()
    | st.sampled_from(BOUNDARY_INTS)
    | st.integers(-(2**63), 2**64 - 1)
    | st.binary(max_size=40)
    | _text
)
_keys = st.integers(-24, 23) | st.text(max_size=5).map(lambda s: unicodedata.normalize("NFC", s))
cbor_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=12,
)


@st.composite
def tree_mutant(draw: st.DrawFn, payload: bytes) -> bytes:
    """A CBOR payload with some of its values replaced, dropped or added, re-encoded."""

    def walk(value: Any, depth: int) -> Any:
        if draw(st.integers(0, 9)) == 0:
            return draw(cbor_values)
        if isinstance(value, list) and depth < 10:
            items = [walk(item, depth + 1) for item in value]
            if items and draw(st.integers(0, 9)) == 0:
                del items[draw(st.integers(0, len(items) - 1))]
            if draw(st.integers(0, 19)) == 0:
                items.append(draw(cbor_values))
            return items
        if isinstance(value, dict) and depth < 10:
            out = {key: walk(item, depth + 1) for key, item in value.items()}
            if out and draw(st.integers(0, 9)) == 0:
                del out[draw(st.sampled_from(sorted(out, key=repr)))]
            if draw(st.integers(0, 19)) == 0:
                out[draw(_keys)] = draw(cbor_values)
            return out
        return value

    try:
        return cbor.encode(walk(cbor.decode(payload), 0))
    except cbor.CanonicalError:  # nested too deep, or a mixed-order map: keep the bytes edit
        return draw(byte_mutant(payload))


def fuzz_input(seeds: list[bytes], payload_modes: frozenset[int]) -> st.SearchStrategy[bytes]:
    """A seed as it is, mutated bytewise, mutated field by field when it is a payload the
    harness signs, or bytes of no origin at all."""

    def mutants(seed: bytes) -> st.SearchStrategy[bytes]:
        choices = [st.just(seed), byte_mutant(seed)]
        if seed and seed[0] in payload_modes:
            choices.append(tree_mutant(seed[1:]).map(lambda p: seed[:1] + p))
        return st.one_of(choices)

    return st.one_of(st.sampled_from(seeds).flatmap(mutants), st.binary(max_size=300))


def run(world: World, name: str, data: st.DataObject) -> None:
    target = TARGETS[name]
    seeds = world.state.setdefault("seeds", target.seeds(world))  # the same for every example
    blob = data.draw(fuzz_input(seeds, target.payload_modes), label=name)
    target.check(world, blob)


# --- the parsers ----------------------------------------------------------------------------------


@short_run(150)
@given(data=st.data())
def test_strict_cbor(world: World, data: st.DataObject) -> None:
    run(world, "cbor", data)


@short_run(150)
@given(data=st.data())
def test_cose_envelopes(world: World, data: st.DataObject) -> None:
    run(world, "cose", data)


@short_run(150)
@given(data=st.data())
def test_blocks_transactions_and_genesis(world: World, data: st.DataObject) -> None:
    run(world, "objects", data)


@short_run(60)
@given(data=st.data())
def test_blocks_applied_by_the_ledger(world: World, data: st.DataObject) -> None:
    run(world, "ledger", data)


@short_run(60)
@given(data=st.data())
def test_segment_records_and_trailer(world: World, data: st.DataObject) -> None:
    run(world, "segment", data)


def open_in(module: str, raises: type[Exception], example_input: bytes) -> Any:
    """A property whose parser once crashed on a known input (in `module`, with `raises`): that
    input is always tried first (tests/test_fuzz_regressions.py has it too)."""

    def mark(test: Any) -> Any:
        return example(data=_Replay(example_input))(test)

    return mark


class _Replay:
    """Stands for st.data() in an @example: every draw gives the known input."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob

    def draw(self, strategy: Any, label: Any = None) -> bytes:
        return self.blob


def _signed_payload(mode: int, payload: dict[str, Any]) -> bytes:
    return bytes([mode]) + cbor.encode(payload)


_BAD_TRAILER = {
    "v": 1,
    "hash": bytes(32),
    "time": 0,
    "feeds": [[2**63, 0, 0]],
    "chunks": [],
    "records": 0,
    "evidence": [],
}
_BAD_BEACON = {
    "v": 1,
    "bseq": 2**64 - 1,
    "time": 0,
    "heads": [],
    "chunks": 0,
    "seen": [],
    "keys": 0,
}


@open_in("stick.py", OverflowError, _signed_payload(4, _BAD_TRAILER))
@short_run(60)
@given(data=st.data())
def test_stick_files(world: World, data: st.DataObject) -> None:
    run(world, "stick", data)


@open_in("beacon.py", OverflowError, _signed_payload(2, _BAD_BEACON))
@short_run(60)
@given(data=st.data())
def test_beacons(world: World, data: st.DataObject) -> None:
    run(world, "beacon", data)


@short_run(60)
@given(data=st.data())
def test_cuts_and_acknowledgements(world: World, data: st.DataObject) -> None:
    run(world, "cuts", data)


@short_run(150)
@given(data=st.data())
def test_link_frames(world: World, data: st.DataObject) -> None:
    run(world, "frames", data)


@open_in("session.py", KeyError, b"\x01\x00\x08" + cbor.encode({"t": "data"}))
@short_run(60)
@given(data=st.data())
def test_session_messages(world: World, data: st.DataObject) -> None:
    run(world, "session", data)


@short_run(60)
@given(data=st.data())
def test_attestation_payloads(world: World, data: st.DataObject) -> None:
    run(world, "attestation", data)


@short_run(60)
@given(data=st.data())
def test_verifier_kits(world: World, data: st.DataObject) -> None:
    run(world, "kit", data)


@short_run(100)
@given(data=st.data())
def test_device_api_requests(world: World, data: st.DataObject) -> None:
    run(world, "device_api", data)


@short_run(100)
@given(data=st.data())
def test_discovery_datagrams(world: World, data: st.DataObject) -> None:
    run(world, "discovery", data)


@short_run(150)
@given(data=st.data())
def test_relay_replies(world: World, data: st.DataObject) -> None:
    run(world, "relay", data)


@short_run(60)
@given(data=st.data())
def test_join_requests_and_invitations(world: World, data: st.DataObject) -> None:
    run(world, "invite", data)


@short_run(60)
@given(data=st.data())
def test_laptop_offers_requests_and_invitations(world: World, data: st.DataObject) -> None:
    run(world, "laptop", data)


@short_run(30)
@given(data=st.data())
def test_attestation_images(world: World, data: st.DataObject) -> None:
    run(world, "scan", data)
