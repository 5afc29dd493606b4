"""The relay's queue in flash (firmware/core/flashlog.c): power cut at every write step.

The host build of the core runs over an emulated NOR flash (firmware/host/flash_emu.c) whose
bytes Python keeps: a scripted workload (puts, removes, evictions, expiries, the ring wrapping
and old sectors compacted) is run once to count its flash steps, then again once per step with
the power cut there, the cut program keeping none, a few or all of its bytes; then the relay
"reboots" over the same bytes and the queue it recovers is checked:

* every object acknowledged (STORED) and not durably gone is back, byte for byte, with its
  class, hops and a lifetime no longer than it had;
* nothing comes back that was never put, or whose removal had been durably recorded (an
  object whose removal was cut may come back: its REMOVE record was not written yet);
* the store takes new objects afterwards and keeps them over one more reboot;
* the emulator never saw a 0 bit programmed to 1, nor an access outside the partition.

Then wear (erases per sector stay within one of each other), and hostile images: random bytes,
damaged logs and records claiming huge lengths are refused without reading out of bounds.
"""

from __future__ import annotations

import ctypes
import os
import random
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import crc32c
import pytest

from bench.flash_queue import STATS  # the emulator's counters, in the order flash_emu.c fills them
from bench.relay_forwarding import HostRelay, build_library
from bench.relay_forwarding import load as load_relay
from tests.sanitizer import rerun_sanitized
from tests.vectors.firmware import make_vectors

LIBRARY_ENV = "OBAMBU_FLASHLOG_LIBRARY"  # set by the sanitizer run to the library it built
SECTOR = 4096
SECTORS = 12
NEVER = 0xFFFFFFFF
STORED, FULL = 0, 2
# Keeps of the program the power cuts: none of its bytes, a few, all (the call never returns).
KEEPS = (0, 3, 1 << 30)


def load(path: Path) -> ctypes.CDLL:
    lib = load_relay(path)  # the relay's entry points too, for the relay's own test
    c, size, u32, u8 = ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint32, ctypes.c_uint8
    vp = ctypes.c_void_p
    signatures: dict[str, tuple[list[Any], Any]] = {
        "fq_host_size": ([], size),
        "fq_host_open": ([vp, vp, u32, u32, u32, vp, u32], ctypes.c_int),
        "fq_host_put": ([vp, c, u8, u8, u32, c, size, u32], ctypes.c_int),
        "fq_host_remove": ([vp, c, u32], ctypes.c_int),
        "fq_host_expire": ([vp, u32], ctypes.c_uint),
        "fq_host_configure": ([vp, u32, u32], None),
        "fq_host_object": ([vp, ctypes.c_uint, c, vp, c], ctypes.c_int),
        "fq_host_stats": ([vp, vp], None),
        "fq_host_ids": ([vp, c, vp, ctypes.c_uint], ctypes.c_int),
        "fq_relay_flash_size": ([], size),
        "fq_relay_attach": ([vp, vp, vp, u32, u32, u32], ctypes.c_int),
        "fq_relay_flash_off": ([vp], u32),
    }
    for name, (args, res) in signatures.items():
        fn = getattr(lib, name)
        fn.argtypes = args
        fn.restype = res
    return lib


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> ctypes.CDLL:
    given = os.environ.get(LIBRARY_ENV)
    path = Path(given) if given else build_library(tmp_path_factory.mktemp("flashlog-build"))
    return load(path)


@dataclass
class Held:
    cls: int
    hops: int
    data: bytes
    expiry: int  # in the workload's clock (log time: the first boot starts at 0)
    ttl: int


class Board:
    """One boot of a relay's queue over flash bytes that outlive it."""

    def __init__(
        self,
        lib: ctypes.CDLL,
        flash: Any,
        *,
        cut_at: int = NEVER,
        keep: int = 0,
        wear: Any = None,
        budget: int = 18000,
    ) -> None:
        self.lib = lib
        self.flash = flash
        self.mem = ctypes.create_string_buffer(lib.fq_host_size() + 16)
        # 8-aligned, as the struct wants
        self.h = ctypes.addressof(self.mem) + (-ctypes.addressof(self.mem)) % 8
        self.restored = lib.fq_host_open(
            self.h, ctypes.addressof(flash), len(flash), cut_at, keep, wear, budget
        )

    def put(self, oid: bytes, held: Held, now: int) -> int:
        return int(
            self.lib.fq_host_put(
                self.h, oid, held.cls, held.hops, held.ttl, held.data, len(held.data), now
            )
        )

    def remove(self, oid: bytes, now: int) -> int:
        return int(self.lib.fq_host_remove(self.h, oid, now))

    def expire(self, now: int) -> int:
        return int(self.lib.fq_host_expire(self.h, now))

    def ids(self) -> list[bytes]:
        out = ctypes.create_string_buffer(16 * 4096)
        cursors = (ctypes.c_uint32 * 4096)()
        n = self.lib.fq_host_ids(self.h, out, cursors, 4096)
        return [out.raw[16 * i : 16 * i + 16] for i in range(n)]

    def objects(self) -> list[tuple[bytes, int, int, int, int, bytes]]:
        """(id, class, hops, cursor, expiry, data) in arrival order."""
        got = []
        oid = ctypes.create_string_buffer(16)
        meta = (ctypes.c_uint32 * 4)()
        data = ctypes.create_string_buffer(8192)
        i = 0
        while (n := self.lib.fq_host_object(self.h, i, oid, meta, data)) >= 0:
            got.append((oid.raw, meta[0], meta[1], meta[2], meta[3], data.raw[:n]))
            i += 1
        return got

    def stats(self) -> dict[str, int]:
        out = (ctypes.c_uint32 * len(STATS))()
        self.lib.fq_host_stats(self.h, out)
        return dict(zip(STATS, out, strict=True))

    @property
    def off(self) -> bool:
        return bool(self.stats()["off"])


def blank(sectors: int = SECTORS) -> Any:
    return ctypes.create_string_buffer(b"\xff" * (sectors * SECTOR), sectors * SECTOR)


@dataclass
class Model:
    """What the test knows once the power has gone."""

    put: dict[bytes, Held] = field(default_factory=dict)  # everything ever offered
    acked: set[bytes] = field(default_factory=set)  # STORED was answered
    gone: set[bytes] = field(default_factory=set)  # left the queue, the power still on after
    maybe_gone: set[bytes] = field(default_factory=set)  # left in the step the power went
    now: int = 0


def workload(seed: int, ops: int) -> list[tuple[str, Any]]:
    """Puts of 1 B to 8 KiB, removes, time passing with expiries: enough bytes to wrap a
    12-sector ring a few times, and a budget small enough for evictions."""
    rng = random.Random(seed)
    script: list[tuple[str, Any]] = []
    live: list[bytes] = []
    for n in range(ops):
        roll = rng.random()
        if roll < 0.55 or not live:
            oid = rng.randbytes(16)
            size = 8192 if n % 40 == 7 else rng.choice([1, 40, 300, 900, 2000, 3500])
            ttl = rng.choice([20, 10**6, 10**6])
            held = Held(rng.randrange(3), rng.randrange(3), rng.randbytes(size), 0, ttl)
            script.append(("put", (oid, held)))
            live.append(oid)
        elif roll < 0.85:
            oid = live.pop(rng.randrange(len(live)))
            script.append(("remove", oid))
        else:
            script.append(("tick", rng.choice([1, 5, 30])))
    return script


def run(board: Board, script: list[tuple[str, Any]], model: Model) -> None:
    """Plays the script until its end or until the power goes."""
    for op, arg in script:
        before = set(board.ids())
        if op == "put":
            oid, held = arg
            held.expiry = model.now + held.ttl
            model.put[oid] = held
            if board.put(oid, held, model.now) == STORED and not board.off:
                model.acked.add(oid)
        elif op == "remove":
            board.remove(arg, model.now)
        else:
            model.now += arg
            board.expire(model.now)
        left = before - set(board.ids())
        if board.off:
            model.maybe_gone |= left
            return
        model.gone |= left


def check(board: Board, model: Model) -> None:
    stats = board.stats()
    assert stats["nor_errors"] == 0 and stats["bounds_errors"] == 0
    objects = board.objects()
    ids = [o[0] for o in objects]
    assert len(ids) == len(set(ids)), "an object came back twice"
    cursors = [o[3] for o in objects]
    assert cursors == sorted(cursors), "LIST order lost"
    for oid, cls, hops, _cursor, expiry, data in objects:
        held = model.put.get(oid)
        assert held is not None, "an object never put came back"
        assert (cls, hops, data) == (held.cls, held.hops, held.data), "an object came back wrong"
        assert oid not in model.gone, "a durably removed object came back"
        # the clock restarts at the latest time in the log: at most the time the script reached
        assert held.expiry - model.now <= expiry <= held.expiry
    must = {
        oid
        for oid in model.acked - model.gone - model.maybe_gone
        if model.put[oid].expiry > model.now
    }
    missing = must - set(ids)
    assert not missing, f"{len(missing)} acknowledged objects lost"


def keeps_working(lib: ctypes.CDLL, board: Board, flash: Any, model: Model) -> None:
    """After recovery a new object is stored durably, and all is there after one more boot."""
    oid = b"after-the-cut!!!"
    held = Held(0, 0, b"!", 0, 10**6)
    ids = board.ids()
    if ids:  # make room in the budget: one object out, durably
        assert board.remove(ids[0], 0) == 1
        model.gone.add(ids[0])
    assert board.put(oid, held, 0) == STORED
    before = {o[0]: o for o in board.objects()}  # the put may have evicted some, durably
    again = Board(lib, flash)
    after = {o[0]: o for o in again.objects()}
    assert oid in after and after[oid][5] == held.data
    for key, obj in before.items():
        if key in after:
            assert after[key][5] == obj[5]
    # an object only disappears over a clean reboot if it expired at log time
    for key in before.keys() - after.keys():
        assert model.put[key].expiry <= model.now + 1
    assert again.stats()["nor_errors"] == 0


def steps_of(lib: ctypes.CDLL, script: list[tuple[str, Any]]) -> tuple[int, dict[str, int]]:
    flash = blank()
    board = Board(lib, flash)
    run(board, script, Model())
    stats = board.stats()
    return stats["steps"], stats


def test_the_workload_wraps_the_ring_and_compacts(lib: ctypes.CDLL) -> None:
    script = workload(1, 160)
    steps, stats = steps_of(lib, script)
    assert stats["relocated"] > 0, "no live record was ever copied forward"
    assert stats["erases"] >= SECTORS, "the ring never came round"
    assert stats["programs"] + stats["erases"] == steps
    assert stats["failures"] == 0
    assert stats["nor_errors"] == 0 and stats["bounds_errors"] == 0


def cut_points(steps: int) -> range:
    # the sanitizer run replays every 9th cut point: the same code paths, in minutes
    return range(0, steps + 1, 9 if os.environ.get(LIBRARY_ENV) else 1)


@pytest.mark.parametrize("keep", KEEPS)
def test_a_power_cut_at_any_step_loses_nothing_acknowledged(lib: ctypes.CDLL, keep: int) -> None:
    script = workload(1, 160)
    steps, _ = steps_of(lib, script)
    for cut in cut_points(steps):
        flash = blank()
        model = Model()
        first = Board(lib, flash, cut_at=cut, keep=keep)
        run(first, script, model)
        board = Board(lib, flash)
        try:
            check(board, model)
            keeps_working(lib, board, flash, model)
        except AssertionError as error:
            raise AssertionError(f"cut after step {cut} of {steps}, keep {keep}: {error}") from None


def test_a_second_cut_during_recovery_and_after_loses_nothing(lib: ctypes.CDLL) -> None:
    """Cut, boot, put more with another cut: what was acknowledged in either boot stays."""
    script = workload(2, 120)
    steps, _ = steps_of(lib, script)
    rng = random.Random(5)
    for _ in range(40):
        flash = blank()
        model = Model()
        run(Board(lib, flash, cut_at=rng.randrange(steps)), script, model)
        more = workload(rng.randrange(10**6), 40)
        second = Board(lib, flash, cut_at=rng.randrange(1, 120), keep=rng.choice(KEEPS))
        model.now = 0  # the second boot's clock starts again at the log's latest time
        base = max((h.expiry - h.ttl for h in model.put.values()), default=0)
        for held in model.put.values():
            held.expiry -= base  # the old objects, in the new boot's clock (at most)
        run(second, more, model)
        board = Board(lib, flash)
        stats = board.stats()
        assert stats["nor_errors"] == 0 and stats["bounds_errors"] == 0
        ids = {o[0] for o in board.objects()}
        for oid in model.acked - model.gone - model.maybe_gone:
            if model.put[oid].ttl >= 10**6:
                assert oid in ids
        assert not ids & model.gone


def test_a_removal_cut_before_its_record_is_written_may_come_back(lib: ctypes.CDLL) -> None:
    """The one way a removed object returns: the power went before its REMOVE record was
    whole. Once that record is in flash, it stays removed."""
    oid = b"r" * 16
    held = Held(1, 0, b"x" * 100, 0, 10**6)
    flash = blank()
    board = Board(lib, flash)
    assert board.put(oid, held, 0) == STORED
    steps = board.stats()["steps"]
    # the REMOVE is one program of the record then one of its commit marker
    for cut, back in ((0, True), (1, True), (2, False)):
        copy = ctypes.create_string_buffer(flash.raw, len(flash))
        board = Board(lib, copy, cut_at=cut)
        assert board.remove(oid, 1) == 1
        assert board.off == (cut < 2)
        again = Board(lib, copy)
        assert (oid in again.ids()) == back, f"cut after {cut} steps of the removal"
    assert steps > 0


def test_wear_is_levelled_and_amplification_is_bounded(lib: ctypes.CDLL) -> None:
    """2,000 objects through a 12-sector ring: erases per sector within one of each other."""
    wear = (ctypes.c_uint32 * SECTORS)()
    flash = blank()
    board = Board(lib, flash, wear=wear)
    rng = random.Random(3)
    live: list[bytes] = []
    data_bytes = 0
    for n in range(2000):
        oid = rng.randbytes(16)
        data = rng.randbytes(rng.choice([100, 500, 1500]))
        assert board.put(oid, Held(1, 0, data, 0, 10**6), n) == STORED
        data_bytes += len(data)  # since the last boot: the stats are the boot's
        live.append(oid)
        if len(live) > 8:
            board.remove(live.pop(0), n)
        if n % 500 == 499 and n < 1999:  # a few reboots on the way
            board = Board(lib, flash, wear=wear)
            data_bytes = 0
    counts = list(wear)
    assert max(counts) - min(counts) <= 1, counts
    stats = board.stats()
    assert stats["nor_errors"] == 0
    assert sum(counts) > 2 * SECTORS
    # bytes programmed per object data byte in the last boot (record and sector headers, CRC,
    # marker, REMOVE records, copies): bench/flash_queue.py prints it per size
    assert stats["programmed"] < 1.3 * data_bytes, (stats, data_bytes)


def test_the_log_never_takes_more_than_it_can_compact(lib: ctypes.CDLL) -> None:
    """A budget larger than the flash: puts beyond what the log can hold are refused (FULL),
    never acknowledged and then lost."""
    flash = blank(10)
    board = Board(lib, flash, budget=60 * 1024)
    stored = []
    for n in range(40):
        oid = n.to_bytes(16, "big")
        status = board.put(oid, Held(2, 0, bytes([n]) * 3000, 0, 10**6), n)
        assert status in (STORED, FULL)
        if status == STORED:
            stored.append(oid)
    assert 0 < len(stored) < 40
    assert set(Board(lib, flash).ids()) == set(stored) & set(board.ids())


def valid_image(lib: ctypes.CDLL, seed: int) -> tuple[Any, dict[bytes, bytes]]:
    flash = blank()
    board = Board(lib, flash)
    rng = random.Random(seed)
    originals: dict[bytes, bytes] = {}
    for n in range(30):
        oid = rng.randbytes(16)
        data = rng.randbytes(rng.choice([10, 700, 3000]))
        board.put(oid, Held(0, 0, data, 0, 10**6), n)
        originals[oid] = data
        if n % 3 == 0:
            board.remove(oid, n)
    return flash, originals


def test_hostile_images_are_refused_within_bounds(lib: ctypes.CDLL) -> None:
    """Random bytes, damaged logs, sector headers and records lying about their length: the
    recovery never reads outside the partition, never brings back an object that was not put
    as it was, and the store still takes objects."""
    rng = random.Random(22)
    base, originals = valid_image(lib, 1)
    count = 300 if os.environ.get(LIBRARY_ENV) else 3000
    for n in range(count):
        kind = n % 4
        if kind == 0:
            image = bytearray(rng.randbytes(SECTORS * SECTOR))
        else:
            image = bytearray(base.raw)
            for _ in range(rng.choice([1, 4, 40])):
                at = rng.randrange(len(image))
                if kind == 1:
                    image[at] ^= 1 << rng.randrange(8)
                elif kind == 2:  # a record or sector header claiming a huge length / place
                    at -= at % 2
                    image[at : at + 2] = rng.choice([b"\xff\xff", b"\x00\x80", b"\x3a\x20"])
                else:
                    image[at : at + 64] = rng.randbytes(64)
        flash = ctypes.create_string_buffer(bytes(image), len(image))
        board = Board(lib, flash)
        stats = board.stats()
        assert stats["bounds_errors"] == 0
        for oid, _cls, _hops, _cursor, _expiry, data in board.objects():
            assert originals.get(oid) == data
        status = board.put(b"n" * 16, Held(1, 0, b"new", 0, 10**6), 0)
        assert status in (STORED, FULL)
        stats = board.stats()
        assert stats["nor_errors"] == 0 and stats["bounds_errors"] == 0


# -- the bytes of PROTOCOL.md §4.1, written from the spec's tables --------------------------------


def sector_header(seq: int, first: int) -> bytes:
    head = b"OBSQ" + struct.pack("<IHH", seq, first, 0xFFFF)
    return head + struct.pack("<I", crc32c.crc32c(head))


def record(kind: int, seq: int, time: int, body: bytes) -> bytes:
    head = b"QL" + struct.pack("<BBHHII", kind, 0xFF, len(body), 0xFFFF, seq, time)
    return head + body + struct.pack("<I", crc32c.crc32c(head + body)) + b"COK!"


def put_body(oid: bytes, cls: int, hops: int, cursor: int, expiry: int, data: bytes) -> bytes:
    return oid + bytes([cls, hops]) + struct.pack("<II", cursor, expiry) + data


def image(sectors: dict[int, tuple[int, bytes]], count: int = SECTORS) -> Any:
    """`sectors`: sequence number -> (first record offset, the data area's bytes)."""
    raw = bytearray(b"\xff" * (count * SECTOR))
    for seq, (first, data) in sectors.items():
        at = (seq % count) * SECTOR
        raw[at : at + 16] = sector_header(seq, first)
        raw[at + 16 : at + 16 + len(data)] = data
    return ctypes.create_string_buffer(bytes(raw), len(raw))


def test_a_log_written_from_the_spec_is_recovered(lib: ctypes.CDLL) -> None:
    """PROTOCOL.md §4.1's bytes, made here from its tables: a PUT running over a sector
    boundary, a PUT later removed, a sector starting mid-record; the relay recovers cursors,
    hops, the rest of the lifetimes (counted from the latest time in the log) and goes on with
    the next cursor."""
    big = bytes(range(256)) * 20  # 5,120 bytes: runs into the next sector
    stream = (
        record(1, 7, 100, put_body(b"a" * 16, 0, 2, 40, 1100, big))
        + record(1, 8, 150, put_body(b"b" * 16, 2, 1, 41, 5000, b"gone"))
        + record(2, 9, 300, struct.pack("<I", 41))
    )
    data = 4096 - 16
    first_next = 16 + len(stream) - data  # where the next record would start in sector 6
    flash = image({5: (16, stream[:data]), 6: (first_next, stream[data:])})
    board = Board(lib, flash)
    assert board.restored == 2  # both PUTs; the REMOVE took one out again
    objects = board.objects()
    assert [(o[0], o[1], o[2], o[3], o[5]) for o in objects] == [(b"a" * 16, 0, 2, 40, big)]
    assert objects[0][4] == 1100 - 300  # the clock restarts at the log's latest time
    assert board.put(b"c" * 16, Held(1, 0, b"new", 0, 60), 0) == STORED
    assert [o[3] for o in Board(lib, flash).objects()] == [40, 42]


def test_records_that_lie_are_refused_without_reading_out_of_bounds(lib: ctypes.CDLL) -> None:
    """Whole, well-sealed records that claim too much: a length past the spec's bound, a PUT
    running on past the last sector in use (the partition's end), sequence numbers that go
    backwards, a sector header naming another place in the ring, a class no relay carries."""
    last = SECTORS - 1
    huge = record(1, 1, 0, put_body(b"h" * 16, 0, 0, 1, 10**6, bytes(8192)))
    cases = {
        "past the log's end": image({last: (16, huge[:4080])}),
        "length over the bound": image(
            {3: (16, b"QL" + struct.pack("<BBHHII", 1, 0xFF, 26 + 8193, 0xFFFF, 1, 0))}
        ),
        "seq going back": image(
            {
                3: (
                    16,
                    record(1, 9, 0, put_body(b"x" * 16, 0, 0, 1, 99, b"x"))
                    + record(1, 9, 0, put_body(b"y" * 16, 0, 0, 2, 99, b"y")),
                )
            }
        ),
        "header in the wrong slot": image({3: (16, b"")}),
        "a class no relay carries": image(
            {3: (16, record(1, 1, 0, put_body(b"k" * 16, 4, 0, 1, 99, b"k")))}
        ),
    }
    raw = bytearray(cases["header in the wrong slot"].raw)
    raw[3 * SECTOR : 3 * SECTOR + 16] = sector_header(4, 16)  # seq 4 belongs in slot 4
    cases["header in the wrong slot"] = ctypes.create_string_buffer(bytes(raw), len(raw))
    found = {}
    for name, flash in cases.items():
        board = Board(lib, flash)
        stats = board.stats()
        assert stats["bounds_errors"] == 0, name
        found[name] = [o[0] for o in board.objects()]
        assert board.put(b"n" * 16, Held(1, 0, b"new", 0, 60), 0) == STORED, name
        assert board.stats()["nor_errors"] == 0, name
    assert found == {
        "past the log's end": [],
        "length over the bound": [],
        "seq going back": [b"x" * 16],
        "header in the wrong slot": [],
        "a class no relay carries": [],
    }


def put_cursors(raw: bytes, count: int = SECTORS) -> list[int]:
    """The cursors of the good PUT records in the log, read by PROTOCOL.md §4.1 (not hostile
    here: the test's own flash)."""
    firsts = {}
    for slot in range(count):
        head = raw[slot * SECTOR : slot * SECTOR + 16]
        seq, first = struct.unpack_from("<IH", head, 4)
        if (
            head[:4] == b"OBSQ"
            and crc32c.crc32c(head[:12]) == struct.unpack_from("<I", head, 12)[0]
        ):
            firsts[seq] = first
    if not firsts:
        return []
    head_seq = max(firsts)
    tail = head_seq
    while tail - 1 in firsts and head_seq - tail + 1 < count:
        tail -= 1
    stream = b"".join(
        raw[(s % count) * SECTOR + 16 : (s % count + 1) * SECTOR] for s in range(tail, head_seq + 1)
    )
    cursors, at, last = [], firsts[tail] - 16, 0
    data = SECTOR - 16
    while at + 16 <= len(stream):
        magic, kind, _, n, _, seq, _ = struct.unpack_from("<2sBBHHII", stream, at)
        end = at + 16 + n + 8
        good = (
            magic == b"QL"
            and kind in (1, 2)
            and end <= len(stream)
            and seq > last
            and stream[end - 4 : end] == b"COK!"
            and crc32c.crc32c(stream[at : at + 16 + n])
            == struct.unpack_from("<I", stream, end - 8)[0]
        )
        if not good:  # on at the next sector's first record
            nxt = at // data + 1
            while tail + nxt <= head_seq and firsts[tail + nxt] >= SECTOR:
                nxt += 1
            if tail + nxt > head_seq:
                break
            at = nxt * data + firsts[tail + nxt] - 16
            continue
        if kind == 1:
            cursors.append(struct.unpack_from("<I", stream, at + 16 + 18)[0])
        last, at = seq, end
    return cursors


def test_a_reclaim_cut_before_its_erase_is_not_copied_twice(lib: ctypes.CDLL) -> None:
    """A cut between copying a sector's live records forward and erasing it leaves two copies.
    After the boot the next reclaim finds the copies and makes no third, so once it has run
    every object has one record (copying again could also eat the room kept for copying)."""
    script = workload(1, 160)
    steps, _ = steps_of(lib, script)
    twice = 0
    for cut in range(steps + 1):
        flash = blank()
        run(Board(lib, flash, cut_at=cut), script, Model())
        before = put_cursors(flash.raw)
        twice += len(before) != len(set(before))
        board = Board(lib, flash)
        rng = random.Random(cut)
        for n in range(30):  # enough to reclaim the tail recovery found, and more
            board.put(rng.randbytes(16), Held(2, 0, rng.randbytes(1500), 0, 10**6), n)
        after = put_cursors(flash.raw)
        assert len(after) == len(set(after)), f"cut after step {cut}: a record copied twice"
    assert twice > 0  # the workload does cut reclaims between copy and erase


def test_a_too_small_partition_is_refused(lib: ctypes.CDLL) -> None:
    board = Board(lib, blank(8))  # FLASHLOG_MIN_SECTORS - 1
    assert board.restored == -1


class FlashRelay:
    """A relay of the host build (relay.c) whose queue lives in emulated flash."""

    def __init__(self, lib: ctypes.CDLL, flash: Any, *, cut_at: int = NEVER, keep: int = 0):
        self.lib = lib
        self.relay = HostRelay(
            lib, make_vectors.DEVICE, stored=make_vectors.CONFIG.pack(), boot_ms=0
        )
        self._flash = ctypes.create_string_buffer(lib.fq_relay_flash_size())
        self.restored = lib.fq_relay_attach(
            self.relay.handle, self._flash, ctypes.addressof(flash), len(flash), cut_at, keep
        )
        hello = self.relay.handle_message(0, b"\x01\x01" + make_vectors.TAG + bytes(8), 0)
        assert hello[10] == 0

    @property
    def off(self) -> bool:
        return bool(self.lib.fq_relay_flash_off(self._flash))

    def put(self, oid: bytes, data: bytes, ttl: int = 600) -> int:
        body = oid + bytes([1, 0]) + ttl.to_bytes(4, "little")
        reply = self.relay.handle_message(
            0, b"\x02" + body + len(data).to_bytes(2, "little") + data, 1000
        )
        assert reply[:17] == b"\x82" + oid
        return reply[17]

    def get(self, oid: bytes) -> tuple[int, int, int, bytes] | None:
        """(class, hops, ttl left, data), or None when the relay has no such object."""
        reply = self.relay.handle_message(0, b"\x04" + oid, 1000)
        n = int.from_bytes(reply[23:25], "little")
        if n == 0xFFFF:
            return None
        return reply[17], reply[18], int.from_bytes(reply[19:23], "little"), reply[25 : 25 + n]


def test_a_relay_answers_stored_only_once_the_object_is_in_flash(lib: ctypes.CDLL) -> None:
    """The relay itself: an object answered STORED is there after any power cut; one cut
    before its record was whole is answered FULL (the laptop keeps it and pushes it again)."""
    flash = blank()
    relay = FlashRelay(lib, flash)
    first = b"A" * 16
    assert relay.put(first, b"first" * 200) == STORED
    before = flash.raw
    answers = set()
    for cut in range(8):
        for keep in KEEPS:
            copy = ctypes.create_string_buffer(before, len(before))
            relay = FlashRelay(lib, copy, cut_at=cut, keep=keep)
            status = relay.put(b"B" * 16, b"second" * 300)
            answers.add(status)
            if relay.off:
                assert status != STORED
            again = FlashRelay(lib, copy)
            assert again.restored >= 1
            got = again.get(first)
            assert got is not None and got[:2] == (1, 0) and got[3] == b"first" * 200
            assert 0 < got[2] <= 600
            second = again.get(b"B" * 16)
            if status == STORED:
                assert second is not None and second[3] == b"second" * 300
            elif second is not None:  # whole in flash, though the answer never left
                assert second[3] == b"second" * 300
    assert answers == {STORED, FULL}


@pytest.mark.skipif(bool(os.environ.get(LIBRARY_ENV)), reason="already the sanitizer run")
def test_sanitizer_build_replays_the_power_cuts_and_the_fuzz(tmp_path: Path) -> None:
    run = rerun_sanitized(tmp_path, __file__, "not sanitizer", LIBRARY_ENV)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
