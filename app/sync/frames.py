"""Link frames for the serial and TCP sessions: COBS, a 6-byte header, CRC-32C, a 0x00 delimiter.

On the wire a frame is ``COBS(header | payload | crc) 0x00`` where

* ``header`` is ``[version << 4 | kind] [seq u16] [ack u16] [length u8]`` (little-endian),
* ``payload`` is at most ``MAX_PAYLOAD`` bytes, so that one frame fits one LoRa packet and a
  relay can forward it without re-fragmenting,
* ``crc`` is the CRC-32C of ``header | payload``, 4 bytes little-endian.

COBS removes every zero byte from the frame, so 0x00 only ever appears as the delimiter: a
receiver that joins a stream in the middle, or that lost bytes to noise, resynchronises at the
next 0x00 and loses at most the frame it was in. The ESP32 relay firmware parses the same layout.
"""

from __future__ import annotations

import struct
from collections import Counter
from dataclasses import dataclass
from enum import IntEnum

import crc32c
from cobs import cobs

VERSION = 1
MAX_PAYLOAD = 240
HEADER = struct.Struct("<BHHB")  # version|kind, seq, ack, payload length
CRC = struct.Struct("<I")
SACK = struct.Struct("<I")
# COBS adds one byte per 254 (and at least one); with the delimiter that bounds a frame on the wire.
MAX_DECODED = HEADER.size + MAX_PAYLOAD + CRC.size
MAX_ENCODED = MAX_DECODED + MAX_DECODED // 254 + 1
SEQ_MOD = 1 << 16


class Kind(IntEnum):
    """What a frame carries. The low nibble of the first header byte."""

    DATA = 0  # a fragment of a message; more fragments follow
    LAST = 1  # the last (or only) fragment of a message
    ACK = 2  # no data: `ack` is cumulative and the payload is a 32-bit selective-ack bitmap


@dataclass(frozen=True, slots=True)
class Frame:
    """One link frame.

    `seq` numbers data frames (modulo 2**16). `ack` is the next sequence number the sender of
    this frame expects from its peer: every earlier one has arrived. Data frames piggyback it;
    ACK frames add `sack`, whose bit i says that ``ack + 1 + i`` has arrived too.
    """

    kind: Kind
    seq: int = 0
    ack: int = 0
    payload: bytes = b""
    sack: int = 0

    @property
    def is_data(self) -> bool:
        return self.kind != Kind.ACK


def ack_frame(ack: int, sack: int) -> Frame:
    return Frame(Kind.ACK, 0, ack, b"", sack)


def encode(frame: Frame) -> bytes:
    """The bytes to write on the link, delimiter included."""
    if frame.kind == Kind.ACK:
        if frame.payload:
            raise ValueError("an ACK frame carries its bitmap in `sack`, not a payload")
        body = SACK.pack(frame.sack)
    else:
        body = frame.payload
    if len(body) > MAX_PAYLOAD:
        raise ValueError(f"frame payload of {len(body)} bytes exceeds {MAX_PAYLOAD}")
    if not (0 <= frame.seq < SEQ_MOD and 0 <= frame.ack < SEQ_MOD):
        raise ValueError("seq and ack are 16-bit numbers")
    data = HEADER.pack(VERSION << 4 | frame.kind, frame.seq, frame.ack, len(body)) + body
    return bytes(cobs.encode(data + CRC.pack(crc32c.crc32c(data)))) + b"\x00"


def decode(encoded: bytes) -> Frame | str:
    """The frame in `encoded` (delimiter removed), or the reason it was rejected."""
    if len(encoded) > MAX_ENCODED:
        return "too_long"
    try:
        data = bytes(cobs.decode(encoded))
    except cobs.DecodeError:
        return "cobs"
    if len(data) < HEADER.size + CRC.size:
        return "too_short"
    body_end = len(data) - CRC.size
    if CRC.unpack_from(data, body_end)[0] != crc32c.crc32c(data[:body_end]):
        return "crc"
    version_kind, seq, ack, length = HEADER.unpack_from(data)
    if version_kind >> 4 != VERSION:
        return "version"
    if length != body_end - HEADER.size or length > MAX_PAYLOAD:
        return "length"
    try:
        kind = Kind(version_kind & 0x0F)
    except ValueError:
        return "kind"
    body = data[HEADER.size : body_end]
    if kind == Kind.ACK:
        if length != SACK.size:
            return "length"
        return Frame(kind, seq, ack, b"", SACK.unpack(body)[0])
    return Frame(kind, seq, ack, body)


class FrameReader:
    """Splits an incoming byte stream into frames; damaged frames are counted, never raised.

    Line noise, a truncated frame or bytes from another protocol all end at the next 0x00, so
    the reader only ever loses the frame it was in. `rejected` counts the frames dropped and
    `reasons` says why (cobs, crc, length, version, kind, too_short, too_long).
    """

    def __init__(self) -> None:
        self._pending = bytearray()
        self._overflow = False  # the current frame is already too long: skip to the delimiter
        self.rejected = 0
        self.reasons: Counter[str] = Counter()

    def feed(self, data: bytes) -> list[Frame]:
        frames: list[Frame] = []
        *complete, tail = bytes(data).split(b"\x00")
        for part in complete:
            self._pending += part
            if self._overflow:
                self._reject("too_long")
            elif self._pending:  # back-to-back delimiters are padding, not frames
                result = decode(bytes(self._pending))
                if isinstance(result, Frame):
                    frames.append(result)
                else:
                    self._reject(result)
            self._pending.clear()
            self._overflow = False
        self._pending += tail
        if len(self._pending) > MAX_ENCODED:  # bound memory on a stream with no delimiters
            self._pending.clear()
            self._overflow = True
        return frames

    def _reject(self, reason: str) -> None:
        self.rejected += 1
        self.reasons[reason] += 1
