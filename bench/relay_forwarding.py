"""Relay forwarding throughput: the host build of the firmware core between two real Channels.

Laptop A pushes objects to the relay on link 0 (PUT) while laptop B takes them from link 1
(LIST, GET), each laptop with its own `Channel` and `RelayClient`; the relay is
firmware/core built with gcc for the host and driven through ctypes by a pump thread (the main
loop a board would run). Prints objects/s and bytes/s from A's first PUT to B's last GET, with
the ratio against a baseline measured in the same run: the same objects sent Channel to
Channel directly, A to B, over the same kind of line.

By default the lines are socket pairs (no baud limit: what it measures is the cost of the relay
itself, two hops and a request/reply each); `--baud 115200` runs both over the emulated UART
lines of bench/serial_goodput.py instead.

This module also holds what the tests use to drive the host build (`build_library`,
`HostRelay`, `RelayPump`).
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import queue
import random
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import nacl.signing

from app.provision.relaycfg import RelayConfig
from app.sync.channel import Channel
from app.sync.relay import RelayClient
from app.sync.stream import ByteStream, SocketStream

HOST = Path(__file__).resolve().parents[1] / "firmware" / "host"
LIBRARY = "libobambu_relay.so"
SANITIZED = "libobambu_relay_asan.so"
POLL_BYTES = 16384  # one poll may carry a whole window of frames (32 x 252 bytes)

_u8p = ctypes.POINTER(ctypes.c_uint8)
SIGN = ctypes.CFUNCTYPE(ctypes.c_int, _u8p, _u8p, ctypes.c_size_t, _u8p)


def build_library(build: Path, *, sanitize: bool = False) -> Path:
    """Compiles the core and the host HAL into `build` with the firmware/host Makefile."""
    target = build / (SANITIZED if sanitize else LIBRARY)
    subprocess.run(
        ["make", "-s", "-C", str(HOST), f"BUILD={build}", str(target)],
        check=True,
        capture_output=True,
    )
    return target


def load(path: Path) -> ctypes.CDLL:
    lib = ctypes.CDLL(str(path))
    c, size, u32 = ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint32
    signatures: dict[str, tuple[list[object], object]] = {
        "relay_host_size": ([], size),
        "relay_host_init": ([c, size, c, c, size, u32], ctypes.c_void_p),
        "relay_host_set_sign": ([ctypes.c_void_p, SIGN], None),
        "relay_host_set_battery": ([ctypes.c_void_p, ctypes.c_uint16], None),
        "relay_host_set_kv_fail": ([ctypes.c_void_p, ctypes.c_int], None),
        "relay_host_kv": ([ctypes.c_void_p, c, size], ctypes.c_int),
        "relay_host_feed": ([ctypes.c_void_p, ctypes.c_uint, c, size, u32], None),
        "relay_host_poll": ([ctypes.c_void_p, ctypes.c_uint, u32, c, size], size),
        "relay_host_tick": ([ctypes.c_void_p, u32], None),
        "relay_host_wake_in": ([ctypes.c_void_p, u32], u32),
        "relay_host_handle": ([ctypes.c_void_p, ctypes.c_uint, c, size, u32, c, size], size),
        "relay_host_set_config": ([ctypes.c_void_p, c, size], ctypes.c_int),
        "relay_host_render": ([ctypes.c_void_p, ctypes.c_uint, ctypes.c_uint, c, size], size),
        "relay_host_link_stats": ([ctypes.c_void_p, ctypes.c_uint, ctypes.c_void_p], None),
        "relay_host_queue_bytes": ([ctypes.c_void_p], size),
        "relay_host_frame_encode": (
            [ctypes.c_uint, ctypes.c_uint, ctypes.c_uint, c, size, u32, c, size],
            size,
        ),
        "relay_host_frame_decode": ([c, size, ctypes.c_void_p, c], ctypes.c_int),
        "relay_host_read_frames": (
            [c, size, size, ctypes.c_void_p, size, ctypes.c_void_p],
            size,
        ),
        "relay_host_config_rebuild": ([c, size, c, ctypes.c_int], ctypes.c_int),
        "relay_host_queue_size": ([], size),
        "relay_host_queue_walk": (
            [ctypes.c_void_p, ctypes.POINTER(size), c, ctypes.c_void_p],
            ctypes.c_int,
        ),
        "crc32c_update": ([u32, c, size], u32),
        "cobs_encode": ([c, size, c, size], size),
        "cobs_decode": ([c, size, c, size, ctypes.POINTER(size)], ctypes.c_int),
        "queue_init": ([ctypes.c_void_p, c, size, u32, ctypes.c_uint8, ctypes.c_uint8], None),
        "queue_configure": ([ctypes.c_void_p, u32, ctypes.c_uint8, ctypes.c_uint8], None),
        "queue_put": (
            [ctypes.c_void_p, c, ctypes.c_uint8, ctypes.c_uint8, u32, c, size, u32],
            ctypes.c_int,
        ),
        "queue_expire": ([ctypes.c_void_p, u32], ctypes.c_uint),
        "queue_remove": ([ctypes.c_void_p, c], ctypes.c_int),
    }
    for name, (args, result) in signatures.items():
        function = getattr(lib, name)
        function.argtypes = args
        function.restype = result
    return lib


LINK_STATS = [
    "frames_in",
    "frames_out",
    "data_sent",
    "acks_sent",
    "retransmits",
    "rejected",
    "crc_errors",
    "messages_in",
    "messages_out",
    "dropped",
    "resets",
    "errors",
]


class HostRelay:
    """One relay of the host build, in a buffer Python owns. Calls must come from one thread
    at a time (the relay has no locks; a board has one main loop)."""

    def __init__(
        self,
        lib: ctypes.CDLL,
        device: bytes,
        *,
        stored: bytes | None = None,
        boot_ms: int | None = None,
    ) -> None:
        """`stored`: the CONFIG blob already in flash; `boot_ms`: the clock at power-on, for
        callers that pass every time themselves (otherwise the real clock from now)."""
        self.lib = lib
        self.device = device
        self.start = time.monotonic() if boot_ms is None else 0.0
        self._memory = ctypes.create_string_buffer(lib.relay_host_size())
        kv = stored or b""
        boot = self.now() if boot_ms is None else boot_ms
        self.handle = lib.relay_host_init(
            self._memory, len(self._memory), device, stored, len(kv), boot
        )
        if not self.handle:
            raise RuntimeError("relay_host_init refused its buffer")
        self._out = ctypes.create_string_buffer(POLL_BYTES)
        self._sign = SIGN(_sign)  # kept alive as long as the relay
        lib.relay_host_set_sign(self.handle, self._sign)

    def now(self) -> int:
        """Milliseconds since this relay started, wrapping like a board's clock."""
        return int((time.monotonic() - self.start) * 1000) & 0xFFFFFFFF

    def feed(self, link: int, data: bytes, now: int | None = None) -> None:
        self.lib.relay_host_feed(self.handle, link, data, len(data), self._now(now))

    def poll(self, link: int, now: int | None = None) -> bytes:
        n = self.lib.relay_host_poll(self.handle, link, self._now(now), self._out, POLL_BYTES)
        return self._out.raw[:n]

    def set_battery(self, millivolts: int) -> None:
        self.lib.relay_host_set_battery(self.handle, millivolts)

    def tick(self, now: int | None = None) -> None:
        self.lib.relay_host_tick(self.handle, self._now(now))

    def wake_in(self, now: int | None = None) -> int:
        return int(self.lib.relay_host_wake_in(self.handle, self._now(now)))

    def handle_message(self, link: int, message: bytes, now: int | None = None) -> bytes:
        out = ctypes.create_string_buffer(9000)
        n = self.lib.relay_host_handle(
            self.handle, link, message, len(message), self._now(now), out, len(out)
        )
        return out.raw[:n]

    def set_config(self, config: RelayConfig) -> int:
        record = config.pack()
        return int(self.lib.relay_host_set_config(self.handle, record, len(record)))

    def stored(self) -> bytes | None:
        """The CONFIG blob in the fake flash."""
        out = ctypes.create_string_buffer(256)
        n = self.lib.relay_host_kv(self.handle, out, len(out))
        return None if n < 0 else out.raw[:n]

    def render(self, cols: int, rows: int) -> str:
        out = ctypes.create_string_buffer(rows * (cols + 1) + 1)
        n = self.lib.relay_host_render(self.handle, cols, rows, out, len(out))
        return out.raw[:n].decode("ascii")

    def link_stats(self, link: int) -> dict[str, int]:
        values = (ctypes.c_uint32 * len(LINK_STATS))()
        self.lib.relay_host_link_stats(self.handle, link, values)
        return dict(zip(LINK_STATS, values, strict=True))

    def _now(self, now: int | None) -> int:
        return self.now() if now is None else now & 0xFFFFFFFF


def _sign(seed: object, message: object, length: int, signature: object) -> int:
    """The relay's ed25519_sign hook on the host: PyNaCl, as libsodium on the board."""
    key = nacl.signing.SigningKey(ctypes.string_at(seed, 32))  # type: ignore[call-overload]
    signed = key.sign(ctypes.string_at(message, length)).signature  # type: ignore[call-overload]
    ctypes.memmove(signature, signed, 64)  # type: ignore[call-overload]
    return 0


class RelayPump:
    """The board's main loop on the host: bytes from each link's stream into the relay, its
    output back out, timers on time. One reader thread per stream (a `ByteStream` read waits),
    one pump thread that alone calls the relay."""

    def __init__(self, relay: HostRelay, streams: dict[int, ByteStream]) -> None:
        self.relay = relay
        self.streams = streams
        self.inbox: queue.Queue[tuple[int, bytes]] = queue.Queue()
        self.stopped = threading.Event()
        self.failure: BaseException | None = None
        self.busy = 0.0  # seconds spent inside the relay's calls (the C core)
        self.threads = [
            threading.Thread(target=self._read, args=(link, s), daemon=True)
            for link, s in streams.items()
        ]
        self.threads.append(threading.Thread(target=self._pump, daemon=True))

    def __enter__(self) -> RelayPump:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.stopped.set()
        for thread in self.threads:
            thread.join(2.0)
        for stream in self.streams.values():
            stream.close()

    def _read(self, link: int, stream: ByteStream) -> None:
        while not self.stopped.is_set():
            try:
                data = stream.read(4096)
            except Exception:  # the laptop side closed: the board's UART just goes quiet
                return
            if data:
                self.inbox.put((link, data))

    def _pump(self) -> None:
        relay = self.relay
        next_tick = 0.0
        try:
            while not self.stopped.is_set():
                wait = min(relay.wake_in() / 1000, 0.02)
                try:
                    link, data = self.inbox.get(timeout=max(wait, 0.0005))
                    began = time.perf_counter()
                    relay.feed(link, data)
                    while True:
                        link, data = self.inbox.get_nowait()
                        relay.feed(link, data)
                except queue.Empty:
                    pass
                else:
                    self.busy += time.perf_counter() - began
                for link, stream in self.streams.items():
                    began = time.perf_counter()
                    out = relay.poll(link)
                    self.busy += time.perf_counter() - began
                    if out:
                        stream.write(out)
                if time.monotonic() >= next_tick:
                    relay.tick()
                    next_tick = time.monotonic() + 1.0
        except BaseException as exc:  # reported to the test thread, which fails on it
            self.failure = exc


def configured(lib: ctypes.CDLL, tag: bytes, *, budget_kib: int = 255) -> HostRelay:
    device = hashlib.sha256(b"bench relay").digest()[:8]
    relay = HostRelay(lib, device)
    config = RelayConfig(
        network_tag=tag,
        commune_id=bytes(8),
        device_id=device,
        key_seed=hashlib.sha256(b"bench seed").digest(),
        queue_budget_kib=budget_kib,
        default_lifetime_s=3600,
    )
    if relay.set_config(config) != 0:
        raise RuntimeError("the relay refused its configuration")
    return relay


# --- the benchmark ---------------------------------------------------------------------------

Line = Callable[[], tuple[ByteStream, ByteStream]]


def socket_pair() -> tuple[ByteStream, ByteStream]:
    x, y = socket.socketpair()
    return SocketStream(x), SocketStream(y)


def uart_pair(baud: int) -> Line:
    from bench.serial_goodput import End, Wire

    def make() -> tuple[ByteStream, ByteStream]:
        rate = baud / 10
        forward, backward = Wire(rate, 0.0, random.Random(1)), Wire(rate, 0.0, random.Random(2))
        return End(forward, backward), End(backward, forward)

    return make


def through_relay(
    lib: ctypes.CDLL, objects: list[bytes], line: Line, ahead: int
) -> tuple[float, float]:
    """Seconds from A's first PUT to B's last GET, and how many of them went inside the relay.

    B pulls while A pushes (both links busy at once, as on a board with two UARTs); A stays at
    most `ahead` objects in front of B, so the relay never evicts what B has not taken yet."""
    tag = b"benchnet"
    relay = configured(lib, tag)
    a_laptop, a_relay = line()
    b_laptop, b_relay = line()
    a, b = Channel(a_laptop), Channel(b_laptop)
    room = threading.Semaphore(ahead)
    taken: list[float] = []
    with RelayPump(relay, {0: a_relay, 1: b_relay}) as pump:
        pusher, puller = RelayClient(a), RelayClient(b)
        pusher.hello(tag, b"laptop-a")
        puller.hello(tag, b"laptop-b")

        def pull() -> None:
            cursor = 0
            while len(taken) < len(objects):
                listing = puller.list(cursor, ahead)
                cursor = listing.next_cursor
                for entry in listing.entries:
                    got = puller.get(entry.id)
                    assert got is not None and hashlib.sha256(got.data).digest()[:16] == entry.id
                    taken.append(time.monotonic())
                    room.release()
                if not listing.entries:
                    time.sleep(0.002)

        start = time.monotonic()
        receiver = threading.Thread(target=pull)
        receiver.start()
        for data in objects:
            room.acquire()
            pusher.put(hashlib.sha256(data).digest()[:16], 1, 0, 3600, data)
        receiver.join()
        pusher.bye()
        puller.bye()
        assert pump.failure is None, pump.failure
    a.close()
    b.close()
    return taken[-1] - start, pump.busy


def direct(objects: list[bytes], line: Line) -> float:
    """Seconds to send the same objects from A to B over one Channel pair."""
    x, y = line()
    a, b = Channel(x), Channel(y)
    start = time.monotonic()

    def send() -> None:
        for data in objects:
            a.send(data)

    sender = threading.Thread(target=send)
    sender.start()
    for data in objects:
        assert b.recv(60) == data
    elapsed = time.monotonic() - start
    sender.join()
    a.close()
    b.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--objects", type=int, default=400)
    parser.add_argument("--size", type=int, default=4000, help="bytes per object (≤ 8192)")
    parser.add_argument("--ahead", type=int, default=40, help="objects A may push before B")
    parser.add_argument("--baud", type=int, default=0, help="emulated UART lines; 0: sockets")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    objects = [rng.randbytes(args.size) for _ in range(args.objects)]
    total = sum(map(len, objects))
    line: Line = uart_pair(args.baud) if args.baud else socket_pair
    with tempfile.TemporaryDirectory() as tmp:
        lib = load(build_library(Path(tmp)))
        relayed, busy = through_relay(lib, objects, line, args.ahead)
    baseline = direct(objects, line)
    kind = f"{args.baud:,}-baud emulated UART" if args.baud else "socket pair"
    print(f"{args.objects} objects of {args.size:,} bytes ({total:,} bytes), lines: {kind}")
    for name, seconds in (
        ("direct Channel→Channel (baseline)", baseline),
        ("A → relay link 0 → queue → link 1 → B", relayed),
    ):
        print(
            f"{name}: {seconds:.2f} s, {args.objects / seconds:,.0f} objects/s, "
            f"{total / seconds:,.0f} bytes/s"
        )
    print(f"relay / direct throughput ratio = {baseline / relayed:.3f}")
    print(
        f"time inside the C relay (feed and poll, host build): {busy * 1000:.0f} ms, "
        f"{busy / relayed:.1%} of the relayed run, {busy / args.objects * 1e6:.0f} µs per object"
    )


if __name__ == "__main__":
    main()
