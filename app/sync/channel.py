"""A reliable, ordered, message-oriented channel over a lossy byte stream (serial or TCP).

Selective repeat: up to `window` data frames are in flight; the receiver keeps frames that
arrive early and acknowledges with a cumulative ack plus a 32-bit bitmap of what it holds
beyond it, so one lost frame costs one retransmission, not the rest of the window (the NNCP
notes on XMODEM's per-packet acks are why this is not stop-and-wait).

* A frame is resent early when three frames sent after it are acknowledged (it was lost,
  not merely overtaken), otherwise when its retransmission timeout expires. The timeout adapts
  to the measured round trip (Jacobson/Karels, Karn's rule, exponential back-off).
* Acks are delayed a little and coalesced (one per `ACK_EVERY` frames) unless a gap shows,
  and data frames piggyback the cumulative ack, so the reverse direction stays quiet.
* An idle side sends a keepalive (an ACK frame) every `timeout / 4` at most every 2 s, so a
  peer that says nothing for `timeout` is gone: waiting calls then raise `LinkLost`.
* A message is cut into fragments of at most `MAX_PAYLOAD` bytes, the last one marked LAST;
  the receiver hands a message over only once its last fragment is in, so a broken link never
  yields a partial message.
* Whatever the peer sends, what this side holds is bounded (`limit`). Once `max_inbox` bytes
  of whole messages wait to be taken, the next frames are held back unacknowledged (at most a
  window of them) until the reader takes some, so a fast peer waits instead of filling memory.
  A message may not grow beyond `max_message`: its next frame is held back too, and a reader
  asking for that message fails the link. `max_bytes`, when set, is all the peer may send
  before the link fails (used until the peer has proved who it is).

Two threads per channel: a reader (parses frames, updates state) and a sender (the only
writer: acks first, then retransmissions, then new data, then keepalives; it also runs the
timers). One condition guards all shared state; nobody writes to the stream while holding it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from types import TracebackType

from app.sync.deadline import Deadline
from app.sync.errors import LinkError, LinkLost
from app.sync.frames import MAX_PAYLOAD, SEQ_MOD, Frame, FrameReader, Kind, ack_frame, encode
from app.sync.stream import ByteStream

__all__ = ["Channel", "LinkError", "LinkLost", "LinkStats"]

MAX_WINDOW = 32  # the selective-ack bitmap covers 32 frames beyond the cumulative ack
INITIAL_RTO = 1.0  # seconds, before any round trip was measured (RFC 6298)
MIN_RTO = 0.1
MAX_RTO = 8.0
REORDER = 3  # a frame is lost once this many frames sent after it have been acknowledged
ACK_EVERY = 4  # in-order data frames acknowledged together
ACK_DELAY = 0.05  # seconds an ack may wait for company
KEEPALIVE_MAX = 2.0
READ_SIZE = 4096
MAX_MESSAGE = 16 * 1024 * 1024  # an authenticated peer's largest message (a big summary)
MAX_INBOX = 4 * 1024 * 1024  # whole messages waiting for the reader, beyond which frames wait


def _ahead(a: int, b: int) -> int:
    """How many sequence numbers `b` is ahead of `a`, modulo 2**16."""
    return (b - a) % SEQ_MOD


@dataclass(slots=True)
class _Outgoing:
    """A data frame from the time `send` numbers it until the peer acknowledges it."""

    payload: bytes
    last: bool
    sends: int = 0  # transmissions so far
    sent_at: float = 0.0  # when the latest transmission was written
    txno: int = 0  # rank of the latest transmission among all of ours (loss detection)
    first_txno: int = 0  # rank of the first transmission
    acked: bool = False  # selectively acknowledged, waiting for the cumulative ack
    queued: bool = False  # declared lost, waiting for its retransmission


@dataclass(frozen=True, slots=True)
class LinkStats:
    """Counters of one channel, for benchmarks and the sync screen's details."""

    data_frames_sent: int
    retransmissions: int
    ack_frames_sent: int
    frames_received: int
    frames_rejected: int
    rto: float
    srtt: float | None


class Channel:
    """Reliable ordered messages over `stream`; symmetric, full duplex."""

    def __init__(
        self,
        stream: ByteStream,
        *,
        window: int = 32,
        timeout: float = 20.0,
        max_message: int = MAX_MESSAGE,
        max_inbox: int = MAX_INBOX,
        max_bytes: int | None = None,
    ) -> None:
        if not 1 <= window <= MAX_WINDOW:
            raise ValueError(f"window must be between 1 and {MAX_WINDOW} frames")
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self._stream = stream
        self._window = window
        self._timeout = timeout
        self._keepalive = min(timeout / 4, KEEPALIVE_MAX)
        self._cond = threading.Condition(threading.Lock())
        self._send_lock = threading.Lock()  # keeps the fragments of one message contiguous
        self._frames = FrameReader()  # used by the reader thread only
        # Sending side: seqs in [_base, _next_seq) are in `_out`; [_next_new, _next_seq) unsent.
        self._base = 0
        self._next_new = 0
        self._next_seq = 0
        self._out: dict[int, _Outgoing] = {}
        self._retx: deque[int] = deque()
        self._txno = 0
        self._acked_txno = 0
        self._srtt: float | None = None
        self._rttvar = 0.0
        self._rto = INITIAL_RTO
        # Receiving side: everything before _recv_base is delivered or in `_partial`.
        self._recv_base = 0
        self._early: dict[int, Frame] = {}
        self._partial = bytearray()
        self._inbox: deque[bytes] = deque()
        self._inbox_bytes = 0
        self._max_message = max_message
        self._max_inbox = max_inbox
        self._max_bytes = max_bytes
        self._bytes_read = 0
        self._unacked = 0
        self._ack_deadline: float | None = None
        self._ack_now = False
        # Liveness and counters.
        now = time.monotonic()
        self._last_heard = now
        self._last_sent = now
        self._error: LinkError | None = None
        self._closed = False
        self._data_sent = 0
        self._retransmissions = 0
        self._acks_sent = 0
        self._received = 0
        self._threads = [
            threading.Thread(target=self._read_loop, name="link-reader", daemon=True),
            threading.Thread(target=self._send_loop, name="link-sender", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    # -- public API --------------------------------------------------------------------------

    def send(self, message: bytes) -> None:
        """Queue `message`; blocks while the window is full. Raises `LinkLost` if the peer
        goes silent meanwhile. Returning means queued, not delivered: see `drain`."""
        chunks = [message[i : i + MAX_PAYLOAD] for i in range(0, len(message), MAX_PAYLOAD)]
        chunks = chunks or [b""]
        with self._send_lock:
            for index, chunk in enumerate(chunks):
                with self._cond:
                    while _ahead(self._base, self._next_seq) >= self._window:
                        self._check()
                        self._cond.wait(self._timeout)
                    self._check()
                    self._out[self._next_seq] = _Outgoing(bytes(chunk), index == len(chunks) - 1)
                    self._next_seq = (self._next_seq + 1) % SEQ_MOD
                    self._cond.notify_all()

    def recv(self, timeout: float | None = None) -> bytes | None:
        """The next whole message, or None if none came within `timeout` seconds.

        Messages that arrived complete are still handed over after the link broke; then
        `LinkLost` is raised.
        """
        deadline = Deadline(timeout)
        with self._cond:
            while not self._inbox:
                self._check()
                if self._oversized():
                    self._too_large()
                pause = deadline.pause(self._timeout)
                if pause is None:
                    return None
                self._cond.wait(pause)
            message = self._inbox.popleft()
            self._inbox_bytes -= len(message)
            if len(message) > self._max_message:  # whole before `limit` lowered the bound
                self._too_large()
            if self._deliver_ready():  # frames held back while the inbox was full
                self._ack_now = True
                self._cond.notify_all()
            return message

    def limit(self, *, max_message: int, max_inbox: int, max_bytes: int | None) -> None:
        """What the peer may cost from now on (see the module's notes). `max_bytes` counts
        from the channel's start; None lifts it."""
        with self._cond:
            self._max_message = max_message
            self._max_inbox = max_inbox
            self._max_bytes = max_bytes
            if self._deliver_ready():
                self._ack_now = True
                self._cond.notify_all()

    def drain(self, timeout: float | None = None) -> None:
        """Wait until the peer acknowledged everything sent.

        Raises `LinkLost` if the peer goes silent, `TimeoutError` if it still answers but
        `timeout` seconds were not enough.
        """
        deadline = Deadline(timeout)
        with self._cond:
            while self._out:
                self._check()
                pause = deadline.pause(self._timeout)
                if pause is None:
                    raise TimeoutError(f"{len(self._out)} frames still unacknowledged")
                self._cond.wait(pause)

    def close(self) -> None:
        """Stop both threads and close the stream. Unacknowledged data is abandoned."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            self._cond.notify_all()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=2.0)
        self._stream.close()

    @property
    def stats(self) -> LinkStats:
        with self._cond:
            return LinkStats(
                data_frames_sent=self._data_sent,
                retransmissions=self._retransmissions,
                ack_frames_sent=self._acks_sent,
                frames_received=self._received,
                frames_rejected=self._frames.rejected,
                rto=self._rto,
                srtt=self._srtt,
            )

    def __enter__(self) -> Channel:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- shared helpers (lock held) ----------------------------------------------------------

    def _check(self) -> None:
        if self._closed:
            raise LinkError("The link is closed: start the sync again.", code="link_closed")
        if self._error is None and time.monotonic() - self._last_heard > self._timeout:
            self._fail(LinkLost())
        if self._error is not None:
            raise self._error.with_traceback(None)

    def _fail(self, error: LinkError) -> None:
        if self._error is None:
            self._error = error
        self._cond.notify_all()

    # -- reader thread -----------------------------------------------------------------------

    def _read_loop(self) -> None:
        while not (self._closed or self._error):
            try:
                data = self._stream.read(READ_SIZE)
            except LinkError as exc:
                with self._cond:
                    self._fail(exc)
                return
            except Exception:  # a stream that breaks in any other way is a lost link too
                with self._cond:
                    if not self._closed:
                        self._fail(LinkLost())
                return
            if data and self._over_budget(len(data)):
                return
            frames = self._frames.feed(data) if data else []
            if frames:
                with self._cond:
                    now = time.monotonic()
                    for frame in frames:
                        self._on_frame(frame, now)
                    self._cond.notify_all()

    def _over_budget(self, read: int) -> bool:
        with self._cond:
            self._bytes_read += read
            if self._max_bytes is None or self._bytes_read <= self._max_bytes:
                return False
            self._fail(
                LinkError(
                    "The other side sent too much before proving it belongs to your network: "
                    "check which laptop you connected to.",
                    code="bad_peer",
                )
            )
            return True

    def _on_frame(self, frame: Frame, now: float) -> None:
        self._last_heard = now
        self._received += 1
        self._on_ack(frame.ack, frame.sack if frame.kind == Kind.ACK else 0, now)
        if frame.is_data:
            self._on_data(frame, now)

    def _on_ack(self, ack: int, sack: int, now: float) -> None:
        advance = _ahead(self._base, ack)
        if advance > _ahead(self._base, self._next_new):
            return  # older than what we know (reordered) or beyond what we sent: ignore
        for _ in range(advance):
            entry = self._out.pop(self._base)
            if not entry.acked:
                self._acknowledged(entry, now)
            self._base = (self._base + 1) % SEQ_MOD
        bit = 0
        while sack >> bit:
            if sack >> bit & 1:
                entry_or_none = self._out.get((ack + 1 + bit) % SEQ_MOD)
                if entry_or_none is not None and entry_or_none.sends and not entry_or_none.acked:
                    self._acknowledged(entry_or_none, now)
            bit += 1
        for seq, entry in self._out.items():
            if (
                entry.sends
                and not entry.acked
                and not entry.queued
                and self._acked_txno - entry.txno >= REORDER
            ):
                entry.queued = True
                self._retx.append(seq)

    def _acknowledged(self, entry: _Outgoing, now: float) -> None:
        entry.acked = True
        entry.queued = False
        if entry.sends == 1:
            self._acked_txno = max(self._acked_txno, entry.txno)
            self._sample_rtt(now - entry.sent_at)
        else:
            # Karn: the ack may be for any transmission, so no RTT sample, and only the first
            # transmission is surely delivered-before: taking the latest would declare every
            # frame sent between them lost after a merely late (spuriously resent) frame.
            self._acked_txno = max(self._acked_txno, entry.first_txno)

    def _sample_rtt(self, rtt: float) -> None:
        if self._srtt is None:
            self._srtt, self._rttvar = rtt, rtt / 2
        else:
            self._rttvar = 0.75 * self._rttvar + 0.25 * abs(self._srtt - rtt)
            self._srtt = 0.875 * self._srtt + 0.125 * rtt
        # Acks are delayed and batched, so successive samples vary less than the real round
        # trip does: never let the margin shrink below a quarter round trip plus one delay.
        margin = max(4 * self._rttvar, self._srtt / 4 + ACK_DELAY)
        self._rto = min(max(self._srtt + margin, MIN_RTO), MAX_RTO)

    def _on_data(self, frame: Frame, now: float) -> None:
        offset = _ahead(self._recv_base, frame.seq)
        if offset >= MAX_WINDOW:
            self._ack_now = True  # a duplicate (our ack was lost): acknowledge it again
            return
        had_gap = len(self._early) > (self._recv_base in self._early)
        self._early.setdefault(frame.seq, frame)
        if offset == 0 and self._deliver_ready():
            self._unacked += 1
            if self._ack_deadline is None:
                self._ack_deadline = now + ACK_DELAY
            if had_gap or self._early:
                self._ack_now = True  # the sender is waiting to learn the gap is filled
        else:
            # A gap (reported at once: it drives the fast retransmission), or a full inbox:
            # the frame waits in `_early`, unacknowledged, until the reader takes a message.
            self._ack_now = True

    def _deliver_ready(self) -> int:
        """Hands over the frames that are next in order while the inbox has room and the
        message they build stays within `max_message`; how many."""
        delivered = 0
        while (
            self._recv_base in self._early
            and self._inbox_bytes < self._max_inbox
            and not self._oversized()
        ):
            self._deliver(self._early.pop(self._recv_base))
            delivered += 1
        return delivered

    def _too_large(self) -> None:
        self._fail(
            LinkError(
                "The other side sent a message larger than Obambu accepts: check which laptop "
                "you connected to.",
                code="bad_peer",
            )
        )
        self._check()

    def _oversized(self) -> bool:
        """The next frame would make the message longer than allowed. It waits rather than
        failing at once: the limit may be raised first (once the peer is authenticated); if
        the reader asks for a message meanwhile, `recv` fails the link."""
        frame = self._early.get(self._recv_base)
        return frame is not None and len(self._partial) + len(frame.payload) > self._max_message

    def _deliver(self, frame: Frame) -> None:
        self._partial += frame.payload
        self._recv_base = (self._recv_base + 1) % SEQ_MOD
        if frame.kind == Kind.LAST:
            message = bytes(self._partial)
            self._inbox.append(message)
            self._inbox_bytes += len(message)
            self._partial.clear()

    # -- sender thread -----------------------------------------------------------------------

    def _send_loop(self) -> None:
        while True:
            with self._cond:
                picked = self._pick(time.monotonic())
                if picked is None:
                    return
                if isinstance(picked, float):
                    self._cond.wait(picked)
                    continue
                frame, entry = picked
                txno = entry.txno if entry is not None else 0
            try:
                self._stream.write(encode(frame))
            except LinkError as exc:
                with self._cond:
                    self._fail(exc)
                return
            except Exception:
                with self._cond:
                    if not self._closed:
                        self._fail(LinkLost())
                return
            if entry is not None:
                with self._cond:
                    if entry.txno == txno:  # the timer runs from when the frame left us
                        entry.sent_at = time.monotonic()

    def _pick(self, now: float) -> tuple[Frame, _Outgoing | None] | float | None:
        """The next frame to write, or how long to sleep, or None to stop."""
        if self._closed or self._error:
            return None
        if now - self._last_heard > self._timeout:
            self._fail(LinkLost())
            return None
        if (
            self._ack_now
            or self._unacked >= ACK_EVERY
            or (self._ack_deadline is not None and now >= self._ack_deadline)
        ):
            return self._make_ack(now), None
        expired = [
            seq
            for seq, entry in self._out.items()
            if entry.sends and not entry.acked and not entry.queued
            if now >= entry.sent_at + self._rto
        ]
        if expired:
            self._rto = min(self._rto * 2, MAX_RTO)  # back off once per timeout event
            for seq in expired:
                self._out[seq].queued = True
                self._retx.append(seq)
        while self._retx:
            seq = self._retx.popleft()
            entry = self._out.get(seq)
            if entry is not None and entry.queued:
                entry.queued = False
                self._retransmissions += 1
                return self._make_data(seq, entry, now), entry
        if self._next_new != self._next_seq:
            seq = self._next_new
            self._next_new = (seq + 1) % SEQ_MOD
            return self._make_data(seq, self._out[seq], now), self._out[seq]
        if now - self._last_sent >= self._keepalive:
            return self._make_ack(now), None
        wake = min(self._last_sent + self._keepalive, self._last_heard + self._timeout)
        if self._ack_deadline is not None:
            wake = min(wake, self._ack_deadline)
        for entry in self._out.values():
            if entry.sends and not entry.acked:
                wake = min(wake, entry.sent_at + self._rto)
        return max(wake - now, 0.001)

    def _make_data(self, seq: int, entry: _Outgoing, now: float) -> Frame:
        entry.sends += 1
        self._txno += 1
        entry.txno = self._txno
        if entry.sends == 1:
            entry.first_txno = self._txno
        entry.sent_at = now
        self._last_sent = now
        self._data_sent += 1
        if not self._early:  # the piggybacked cumulative ack tells the peer everything
            self._clear_ack()
        return Frame(Kind.LAST if entry.last else Kind.DATA, seq, self._recv_base, entry.payload)

    def _make_ack(self, now: float) -> Frame:
        sack = 0
        for seq in self._early:
            bit = _ahead(self._recv_base, seq) - 1
            if 0 <= bit < 32:
                sack |= 1 << bit
        self._clear_ack()
        self._last_sent = now
        self._acks_sent += 1
        return ack_frame(self._recv_base, sack)

    def _clear_ack(self) -> None:
        self._unacked = 0
        self._ack_deadline = None
        self._ack_now = False
