"""Goodput of the reliable link over an emulated 115,200-baud serial line, with and without loss.

Two Channels talk through an in-process line that behaves like a UART pair: each direction has
a 4 KB transmit buffer (the driver's) that a wire thread drains at exactly baud / 10 bytes per
second (8N1: 10 bit times per byte), delivering bytes only once their serialisation time has
passed; both directions run at once (full duplex). A lossy run destroys whole frames at random
(they still use their time on the wire, as a frame hit by noise does). One side sends about
200 KB of messages of a few KB each; the other checks every byte.

Prints the line rate, the goodput (message bytes delivered per second) and their ratio for each
loss rate. Goal: ratio ≥ 0.85 with 1 % frame loss.
"""

from __future__ import annotations

import argparse
import random
import threading
import time
from dataclasses import dataclass

from app.sync.channel import Channel, LinkStats

BUFFER = 4096  # bytes the sending driver holds, like a kernel tty buffer plus the UART FIFO
SLICE = 16  # bytes serialised per step of the wire thread (1.4 ms at 115,200 baud)


class Wire:
    """One direction of the line: transmit buffer, serialisation delay, frame loss."""

    def __init__(self, rate: float, loss: float, rng: random.Random) -> None:
        self.rate = rate
        self.loss = loss
        self.rng = rng
        self.cond = threading.Condition()
        self.tx = bytearray()
        self.tx_since = 0.0  # when the transmit buffer last became non-empty
        self.rx = bytearray()
        self.closed = False
        self.sent_bytes = 0
        self.frames = 0
        self.dropped = 0
        self._frame_start = True
        self._dropping = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        with self.cond:
            while view:
                while len(self.tx) >= BUFFER and not self.closed:
                    self.cond.wait()
                if self.closed:
                    raise OSError("line closed")
                room = BUFFER - len(self.tx)
                if not self.tx:
                    self.tx_since = time.monotonic()
                self.tx += view[:room]
                view = view[room:]
                self.cond.notify_all()
        return len(data)

    def read(self, n: int, timeout: float) -> bytes:
        with self.cond:
            if not self.rx and not self.closed:
                self.cond.wait(timeout)
            data = bytes(self.rx[:n])
            del self.rx[:n]
            return data

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def _run(self) -> None:
        line_free = 0.0  # when the last byte handed to the line finishes its stop bit
        while True:
            with self.cond:
                while not self.tx and not self.closed:
                    self.cond.wait()
                if self.closed:
                    return
                chunk = bytes(self.tx[:SLICE])
                del self.tx[:SLICE]
                start = max(line_free, self.tx_since)  # a busy line never idles between bytes
                self.cond.notify_all()
            line_free = start + len(chunk) / self.rate
            self.sent_bytes += len(chunk)
            delay = line_free - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            arrived = self._lose(chunk)
            with self.cond:
                self.rx += arrived
                self.cond.notify_all()

    def _lose(self, chunk: bytes) -> bytes:
        """Remove the bytes of destroyed frames; each frame is destroyed with p = loss."""
        out = bytearray()
        pieces = chunk.split(b"\x00")
        for index, piece in enumerate(pieces):
            ends_frame = index < len(pieces) - 1
            if self._frame_start and (piece or ends_frame):
                self._frame_start = False
                self.frames += 1
                self._dropping = self.rng.random() < self.loss
                self.dropped += self._dropping
            if not self._dropping:
                out += piece + (b"\x00" if ends_frame else b"")
            if ends_frame:
                self._frame_start = True
        return bytes(out)


class End:
    """One side's port on the line (a `ByteStream`)."""

    def __init__(self, out: Wire, into: Wire, timeout: float = 0.05) -> None:
        self.out, self.into, self.timeout = out, into, timeout

    def read(self, n: int) -> bytes:
        return self.into.read(n, self.timeout)

    def write(self, data: bytes) -> int:
        return self.out.write(data)

    def close(self) -> None:
        self.out.close()
        self.into.close()


@dataclass
class Run:
    payload: int
    messages: int
    seconds: float
    sender: LinkStats
    receiver: LinkStats
    forward: Wire
    backward: Wire


def transfer(total: int, baud: int, loss: float, seed: int) -> Run:
    rng = random.Random(seed)
    rate = baud / 10
    forward, backward = Wire(rate, loss, random.Random(rng.random())), Wire(rate, loss, rng)
    sender, receiver = Channel(End(forward, backward)), Channel(End(backward, forward))
    messages: list[bytes] = []
    while sum(map(len, messages)) < total:
        messages.append(rng.randbytes(rng.randint(1024, 8192)))  # a few KB: blocks, votes…
    done: list[float] = []

    def receive() -> None:
        for expected in messages:
            assert receiver.recv(timeout=60) == expected
        done.append(time.monotonic())

    reader = threading.Thread(target=receive)
    start = time.monotonic()
    reader.start()
    for message in messages:
        sender.send(message)
    reader.join()
    assert done, "the receiver did not get every message"
    run = Run(
        payload=sum(map(len, messages)),
        messages=len(messages),
        seconds=done[0] - start,
        sender=sender.stats,
        receiver=receiver.stats,
        forward=forward,
        backward=backward,
    )
    sender.close()
    receiver.close()
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kbytes", type=int, default=200, help="payload to transfer, in KB")
    parser.add_argument("--baud", type=int, default=115_200)
    parser.add_argument("--loss", type=float, default=0.01, help="frame loss of the lossy run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    line_rate = args.baud / 10
    print(
        f"line: {args.baud:,} baud, 8N1 = {line_rate:,.0f} bytes/s each way, full duplex, "
        f"{BUFFER} B transmit buffer"
    )
    for loss in (0.0, args.loss):
        run = transfer(args.kbytes * 1000, args.baud, loss, args.seed)
        goodput = run.payload / run.seconds
        print(
            f"loss {loss:.0%}: {run.payload:,} bytes in {run.messages} messages, "
            f"{run.seconds:.1f} s, goodput {goodput:,.0f} bytes/s, "
            f"goodput / line rate = {goodput / line_rate:.3f}"
        )
        print(
            f"  forward: {run.forward.frames} frames on the wire, {run.forward.dropped} destroyed, "
            f"{run.sender.retransmissions} retransmitted; backward: "
            f"{run.receiver.ack_frames_sent} acks, {run.backward.sent_bytes:,} bytes "
            f"({run.backward.sent_bytes / run.forward.sent_bytes:.1%} of forward); "
            f"srtt {run.sender.srtt or 0:.2f} s, rto {run.sender.rto:.2f} s"
        )


if __name__ == "__main__":
    main()
