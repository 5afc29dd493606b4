"""The link layer: frames, byte streams (pty, sockets, TCP) and the reliable channel."""

from __future__ import annotations

import os
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.sync.channel import Channel, LinkStats
from app.sync.errors import LinkError, LinkLost
from app.sync.frames import MAX_ENCODED, MAX_PAYLOAD, Frame, FrameReader, Kind, encode
from app.sync.stream import ByteStream, SocketStream, open_port
from tests.link_faults import FaultyStream, FdStream

FAST = 1.0  # channel timeout in these tests: a dead peer is noticed within a second

# -- frames --------------------------------------------------------------------------------------

frames_st = st.one_of(
    st.builds(
        Frame,
        st.sampled_from([Kind.DATA, Kind.LAST]),
        st.integers(0, 0xFFFF),
        st.integers(0, 0xFFFF),
        st.binary(max_size=MAX_PAYLOAD),
    ),
    st.builds(
        Frame,
        st.just(Kind.ACK),
        st.integers(0, 0xFFFF),
        st.integers(0, 0xFFFF),
        st.just(b""),
        st.integers(0, 0xFFFFFFFF),
    ),
)


@given(st.lists(frames_st, max_size=8), st.data())
def test_frames_round_trip_in_any_chunking(frames: list[Frame], data: st.DataObject) -> None:
    wire = b"".join(encode(f) for f in frames)
    assert wire.count(0) == len(frames)  # COBS: the delimiter is the only zero byte
    cuts = sorted(data.draw(st.lists(st.integers(0, len(wire)), max_size=6)))
    reader = FrameReader()
    out: list[Frame] = []
    for start, end in zip([0, *cuts], [*cuts, len(wire)], strict=True):
        out += reader.feed(wire[start:end])
    assert out == frames
    assert reader.rejected == 0


def test_frame_limits() -> None:
    full = encode(Frame(Kind.LAST, 0xFFFF, 0xFFFF, b"\x00" * MAX_PAYLOAD))
    assert len(full) <= MAX_ENCODED + 1
    with pytest.raises(ValueError):
        encode(Frame(Kind.DATA, 0, 0, b"x" * (MAX_PAYLOAD + 1)))
    with pytest.raises(ValueError):
        encode(Frame(Kind.ACK, 0, 0, b"x"))
    with pytest.raises(ValueError):
        encode(Frame(Kind.DATA, 0x10000, 0, b""))


@given(st.binary(max_size=2000))
def test_garbage_never_raises_and_the_reader_resynchronises(garbage: bytes) -> None:
    reader = FrameReader()
    for i in range(0, len(garbage), 97):
        for frame in reader.feed(garbage[i : i + 97]):
            assert isinstance(frame, Frame)
    good = Frame(Kind.LAST, 7, 9, b"after the noise")
    # the delimiter ends whatever the garbage left half-done; the next frame is intact
    assert reader.feed(b"\x00" + encode(good)) == [good]


def test_reader_counts_damage_and_bounds_memory() -> None:
    reader = FrameReader()
    frame = Frame(Kind.DATA, 1, 2, b"payload")
    wire = encode(frame)
    assert reader.feed(wire[:-3] + b"\x00") == []  # truncated
    assert reader.feed(b"\x01" * (10 * MAX_ENCODED)) == []  # no delimiter for a long while
    assert len(reader._pending) <= MAX_ENCODED
    assert reader.feed(b"\x00" + wire) == [frame]
    assert reader.rejected == 2
    assert reader.reasons["too_long"] == 1


@settings(max_examples=40, deadline=None)
@given(frames_st)
def test_every_single_bit_flip_is_rejected(frame: Frame) -> None:
    wire = encode(frame)
    for bit in range(len(wire) * 8):
        damaged = bytearray(wire)
        damaged[bit // 8] ^= 1 << (bit % 8)
        reader = FrameReader()
        # the trailing delimiter closes a frame whose own delimiter was flipped away
        assert reader.feed(bytes(damaged)) + reader.feed(b"\x00") == [], bit
        assert reader.rejected >= 1


@pytest.mark.parametrize(
    "payload",
    [random.Random(0).randbytes(MAX_PAYLOAD), bytes(MAX_PAYLOAD), b"\xff" * MAX_PAYLOAD, b""],
    ids=["random", "zeros", "ones", "empty"],
)
def test_every_single_bit_flip_of_a_full_frame_is_rejected(payload: bytes) -> None:
    wire = encode(Frame(Kind.DATA, 0x1234, 0xFEDC, payload))
    accepted = []
    for bit in range(len(wire) * 8):
        damaged = bytearray(wire)
        damaged[bit // 8] ^= 1 << (bit % 8)
        reader = FrameReader()
        if reader.feed(bytes(damaged)) + reader.feed(b"\x00"):
            accepted.append(bit)
    assert accepted == []


# -- helpers -----------------------------------------------------------------------------------


def messages(seed: int, sizes: list[int]) -> list[bytes]:
    rng = random.Random(seed)
    return [rng.randbytes(n) for n in sizes]


SIZES = [0, 1, 239, 240, 241, 5000, 100_000, 17, 2 * MAX_PAYLOAD]


def exchange(a: Channel, b: Channel, forth: list[bytes], back: list[bytes]) -> None:
    """Both sides send and receive at once; each gets exactly the other's messages, in order."""

    def send_all(channel: Channel, items: list[bytes]) -> None:
        for item in items:
            channel.send(item)
        channel.drain(15)

    def receive(channel: Channel, count: int) -> list[bytes]:
        got: list[bytes] = []
        for _ in range(count):
            message = channel.recv(timeout=15)
            assert message is not None, f"message {len(got)} of {count} never came"
            got.append(message)
        assert channel.recv(timeout=0.2) is None  # nothing extra: no duplicate got through
        return got

    with ThreadPoolExecutor(4) as pool:
        sends = [pool.submit(send_all, a, forth), pool.submit(send_all, b, back)]
        at_b, at_a = pool.submit(receive, b, len(forth)), pool.submit(receive, a, len(back))
        for future in sends:
            future.result()
        assert at_b.result() == forth
        assert at_a.result() == back


@contextmanager
def channel_pair(
    left: ByteStream, right: ByteStream, **options: float
) -> Iterator[tuple[Channel, Channel]]:
    a = Channel(left, timeout=options.get("timeout", FAST), window=int(options.get("window", 32)))
    b = Channel(right, timeout=options.get("timeout", FAST), window=int(options.get("window", 32)))
    try:
        yield a, b
    finally:
        a.close()
        b.close()


def socket_streams() -> tuple[SocketStream, SocketStream]:
    left, right = socket.socketpair()
    return SocketStream(left), SocketStream(right)


# -- channels over real streams ------------------------------------------------------------------


def test_channel_over_socketpair_both_ways() -> None:
    with channel_pair(*socket_streams()) as (a, b):
        exchange(a, b, messages(1, SIZES), messages(2, SIZES[::-1]))
        stats: LinkStats = a.stats
        assert stats.frames_rejected == 0
        assert stats.data_frames_sent >= sum(-(-n // MAX_PAYLOAD) or 1 for n in SIZES)


@pytest.fixture
def pty_pair() -> Iterator[tuple[int, str]]:
    tty = pytest.importorskip("tty")  # POSIX only
    master, slave = os.openpty()
    tty.setraw(slave)  # no echo, no line editing, no CR/LF translation: bytes pass untouched
    try:
        yield master, os.ttyname(slave)
    finally:
        os.close(slave)


def test_channel_over_a_pty_through_open_port(pty_pair: tuple[int, str]) -> None:
    master, path = pty_pair
    with channel_pair(FdStream(master), open_port(path)) as (a, b):
        exchange(a, b, messages(3, [100_000, 5, 0]), messages(4, [300, 100_000]))


def test_open_port_errors_are_sentences(pty_pair: tuple[int, str]) -> None:
    _, path = pty_pair
    with pytest.raises(LinkError) as missing:
        open_port("/dev/obambu-no-such-port")
    assert missing.value.code == "port_missing"
    assert "/dev/obambu-no-such-port" in missing.value.message
    first = open_port(path)
    try:
        with pytest.raises(LinkError) as busy:
            open_port(path)
        assert busy.value.code == "port_busy"
        assert busy.value.message == (
            f"The port {path} is busy: close the other program using it and try again."
        )
    finally:
        first.close()


def test_open_port_accepts_pyserial_urls() -> None:
    port = open_port("loop://")
    try:
        port.write(b"echo\x00")
        got = b""
        deadline = time.monotonic() + 30  # a bound on a hang, not a speed: met at once
        while len(got) < 5 and time.monotonic() < deadline:
            got += port.read(64)
        assert got == b"echo\x00"
    finally:
        port.close()


def test_tcp_listen_and_connect() -> None:
    bound: list[int] = []
    ready = threading.Event()
    accepted: list[SocketStream] = []

    def on_listening(port: int) -> None:
        bound.append(port)
        ready.set()

    server = threading.Thread(
        target=lambda: accepted.append(
            SocketStream.listen("127.0.0.1", 0, accept_timeout=5, on_listening=on_listening)
        )
    )
    server.start()
    assert ready.wait(5)
    client = SocketStream.connect("127.0.0.1", bound[0])
    server.join(5)
    with channel_pair(client, accepted[0]) as (a, b):
        exchange(a, b, messages(5, [10, 3000]), messages(6, [20_000]))


def test_connecting_to_nobody_is_a_sentence() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(LinkError) as error:
        SocketStream.connect("127.0.0.1", port, timeout=2)
    assert error.value.code == "peer_unreachable"
    assert error.value.message.endswith("then try again.")


# -- faults --------------------------------------------------------------------------------------


def lossy(stream: ByteStream, seed: int) -> FaultyStream:
    """5 % of frames dropped, some duplicated, swapped or bit-flipped."""
    return FaultyStream(stream, seed, drop=0.05, duplicate=0.03, reorder=0.05, corrupt=0.01)


@pytest.mark.parametrize("seed", [11, 12])
def test_lossy_link_delivers_everything_in_order_exactly_once(seed: int) -> None:
    left, right = socket_streams()
    lossy_a, lossy_b = lossy(left, seed), lossy(right, seed + 100)
    with channel_pair(lossy_a, lossy_b, timeout=5.0) as (a, b):
        exchange(a, b, messages(seed, SIZES), messages(seed + 1, SIZES[::-1]))
        a_stats, b_stats = a.stats, b.stats
    for faulty in (lossy_a, lossy_b):  # the faults really happened, in both directions
        assert faulty.counts.dropped > 5
        assert faulty.counts.duplicated > 0
        assert faulty.counts.reordered > 0
    assert a_stats.retransmissions > 0 and b_stats.retransmissions > 0
    assert a_stats.frames_rejected > 0 or b_stats.frames_rejected > 0  # corrupted frames


def failure_of(call: Callable[[], object]) -> Future[BaseException | None]:
    """Run `call` in a thread; the future holds the exception it raised, or None."""

    def run() -> BaseException | None:
        try:
            call()
        except BaseException as exc:
            return exc
        return None

    pool = ThreadPoolExecutor(1)
    future = pool.submit(run)
    pool.shutdown(wait=False)
    return future


def test_sequence_numbers_wrap_around() -> None:
    left, right = socket_streams()
    with channel_pair(lossy(left, 5), lossy(right, 6)) as (a, b):
        for channel in (a, b):  # as if 65,530 frames had already gone each way
            with channel._cond:
                channel._base = channel._next_new = channel._next_seq = 0xFFFA
                channel._recv_base = 0xFFFA
        exchange(a, b, messages(8, [100_000, 3]), messages(9, [50_000]))
        assert a._next_seq < 1000 and b._next_seq < 1000  # both really wrapped


def test_silent_disconnect_mid_message_raises_link_lost_and_no_partial() -> None:
    left, right = socket_streams()
    cable = FaultyStream(left, seed=1, cut_after=30_000)
    first, big = messages(7, [1000, 100_000])
    with channel_pair(cable, right, timeout=1.0) as (a, b):
        a.send(first)
        assert b.recv(timeout=5) == first
        sender = failure_of(lambda: a.send(big))
        assert cable.cut.wait(5)
        with pytest.raises(LinkLost) as lost:  # raised: the silence is noticed, the wait of 10 s
            b.recv(timeout=10)  # would otherwise end with None
        assert lost.value.code == "link_lost"
        assert lost.value.message == (
            "The other side stopped answering: check the cable or the radio link, then sync again."
        )
        with pytest.raises(LinkLost):  # the channel stays broken; still no partial message
            b.recv(timeout=1)
        with pytest.raises(LinkLost):
            a.drain(5)
        assert isinstance(sender.result(timeout=5), LinkLost)


def test_hang_up_mid_message_is_noticed_at_once() -> None:
    left, right = socket_streams()
    quitter = FaultyStream(left, seed=2, cut_after=30_000, hang_up=True)
    with channel_pair(quitter, right, timeout=30.0) as (a, b):
        sender = failure_of(lambda: a.send(b"x" * 100_000))
        assert quitter.cut.wait(5)
        with pytest.raises(LinkLost) as lost:  # within 10 s: the end of stream, not the 30 s
            b.recv(timeout=10)  # of silence the channel would otherwise wait out
        assert "closed the connection" in lost.value.message
        assert b.stats.frames_received > 20  # the cut did fall in the middle of the message
        a.close()  # the quitting side's own blocked send ends with its channel
        assert isinstance(sender.result(timeout=5), LinkError)


def test_idle_link_stays_up_on_keepalives() -> None:
    # A timeout of 1 s, not less: a loaded machine may leave a keepalive thread unscheduled for
    # a few hundred milliseconds, which is not a lost link.
    with channel_pair(*socket_streams(), timeout=1.0) as (a, b):
        assert b.recv(timeout=3.0) is None  # three timeouts of silence from the application
        a.send(b"still there")
        assert b.recv(timeout=2) == b"still there"
        assert a.stats.ack_frames_sent >= 3


def test_a_missing_peer_is_link_lost_after_the_timeout() -> None:
    left, right = socket_streams()
    start = time.monotonic()  # before the channel: its silence starts no earlier
    lonely = Channel(left, timeout=0.3)
    try:
        with pytest.raises(LinkLost):  # raised, not None after the 10 s
            lonely.recv(timeout=10)
        assert time.monotonic() - start >= 0.3  # never early; load only makes it later
    finally:
        lonely.close()
        right.close()


def test_send_blocks_when_the_window_is_full() -> None:
    left, right = socket_streams()
    channel = Channel(left, window=4, timeout=0.5)
    try:
        channel.send(b"w" * (4 * MAX_PAYLOAD))  # exactly fills the window: returns
        with pytest.raises(LinkLost):
            channel.send(b"one frame too many")  # nobody acknowledges: blocks, then gives up
        reader = FrameReader()
        seen: set[int] = set()
        while chunk := right.read(4096):
            seen |= {f.seq for f in reader.feed(chunk) if f.is_data}
        assert seen == {0, 1, 2, 3}  # retransmissions, but never beyond the window
    finally:
        channel.close()
        right.close()


def test_recv_times_out_and_closed_channel_refuses() -> None:
    with channel_pair(*socket_streams()) as (a, b):
        start = time.monotonic()
        assert b.recv(timeout=0.1) is None
        assert time.monotonic() - start >= 0.1
        a.close()
        with pytest.raises(LinkError) as closed:
            a.send(b"late")
        assert closed.value.code == "link_closed"
