"""Test streams for the link layer: a fault injector and a raw file-descriptor stream (pty).

`FaultyStream` works on whole frames: it cuts what is written at the 0x00 delimiters and then
drops, duplicates, corrupts or swaps frames with a seeded RNG, so a failing run can be replayed.
It can also cut the link for good after some bytes, like a cable pulled out: writes vanish and
reads stay silent, with no end-of-file to warn the other side (or, with `hang_up`, the inner
stream is closed, like a laptop that quits).
"""

from __future__ import annotations

import os
import random
import select
import threading
import time
from dataclasses import dataclass, field

from app.sync.stream import ByteStream


@dataclass
class FaultCounts:
    frames: int = 0
    dropped: int = 0
    duplicated: int = 0
    reordered: int = 0
    corrupted: int = 0


@dataclass
class FaultyStream:
    """Wraps a `ByteStream`; faults are applied to the frames this side writes."""

    inner: ByteStream
    seed: int
    drop: float = 0.0
    duplicate: float = 0.0
    reorder: float = 0.0
    corrupt: float = 0.0
    cut_after: int | None = None  # bytes written before the link goes dead
    hang_up: bool = False  # at the cut, close the inner stream too (the peer sees end of stream)
    counts: FaultCounts = field(default_factory=FaultCounts)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._pending = bytearray()
        self._held: bytes | None = None  # a frame waiting to be sent after the next one
        self._written = 0
        self._lock = threading.Lock()
        self.cut = threading.Event()

    def read(self, n: int) -> bytes:
        if self.cut.is_set():
            time.sleep(0.05)  # a silent line, as a serial port would be
            return b""
        data = self.inner.read(n)
        return b"" if self.cut.is_set() else data

    def write(self, data: bytes) -> int:
        with self._lock:
            if self.cut.is_set():
                return len(data)
            if self.cut_after is not None and self._written + len(data) >= self.cut_after:
                keep = max(self.cut_after - self._written, 0)
                self.inner.write(bytes(data[:keep]))  # the cut falls inside a frame
                self._written += keep
                self.cut.set()
                if self.hang_up:
                    self.inner.close()
                return len(data)
            self._written += len(data)
            self._pending += data
            *frames, tail = bytes(self._pending).split(b"\x00")
            self._pending = bytearray(tail)
            out = bytearray()
            for body in frames:
                out += self._mangle(body + b"\x00")
            if out:
                self.inner.write(bytes(out))
            return len(data)

    def _mangle(self, frame: bytes) -> bytes:
        self.counts.frames += 1
        rng = self._rng
        if rng.random() < self.drop:
            self.counts.dropped += 1
            return b""
        if rng.random() < self.corrupt:
            self.counts.corrupted += 1
            spot = rng.randrange(len(frame) - 1)
            flipped = frame[spot] ^ (1 << rng.randrange(8))
            frame = frame[:spot] + bytes([flipped]) + frame[spot + 1 :]
        if rng.random() < self.duplicate:
            self.counts.duplicated += 1
            frame += frame
        out = frame
        if self._held is not None:
            out, self._held = frame + self._held, None  # the held frame goes after this one
        elif rng.random() < self.reorder:
            self.counts.reordered += 1
            self._held, out = frame, b""
        return out

    def close(self) -> None:
        self.inner.close()


class FdStream:
    """A raw file descriptor (the master side of a pty) as a `ByteStream`."""

    def __init__(self, fd: int, timeout: float = 0.05) -> None:
        self.fd = fd
        self.timeout = timeout
        self._closed = False

    def read(self, n: int) -> bytes:
        ready, _, _ = select.select([self.fd], [], [], self.timeout)
        if not ready:
            return b""
        return os.read(self.fd, n)

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]
        return len(data)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            os.close(self.fd)
