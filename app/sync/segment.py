"""Segment files: the immutable unit a stick carries.

Layout (all integers big-endian):

    header   "OBS1" | u16 version | u16 flags | u32 key epoch | nonce prefix[16] | network tag[16]
             | u32 CRC-32C of the above                                         (48 bytes)
    records  C5 B1 | u8 kind | u32 index | u32 length | u32 CRC-32C(frame head + body) | body
             body = XChaCha20-Poly1305(transport key, nonce = prefix | u64 index,
                                       ad = SHA-256(header) | kind | index, plaintext)
    trailer  a record of kind TRAILER: the creator's signed statement of the record count,
             the SHA-256 of every byte before it and the directory of what the segment holds
    footer   u64 offset of the trailer record | "OBSE"

Every record carries its own checksum and is decrypted on its own, so one bad sector loses one
record: the reader skips to the next frame mark and goes on. Records are written in priority
order and each is importable alone, so any truncated prefix imports cleanly. The footer lets a
reader find the directory without reading the whole file.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import crc32c
import nacl.utils
from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
)
from nacl.exceptions import CryptoError

from app.core.ledger.txtypes import MAX_BLOCK_BYTES
from app.sync.sealed import network_tag

MAGIC = b"OBS1"
VERSION = 1
FOOTER_MAGIC = b"OBSE"
MARK = b"\xc5\xb1"
TAG_BYTES = 16  # the AEAD's authentication tag
MAX_RECORD = MAX_BLOCK_BYTES + TAG_BYTES

BLOCK, CHUNK, TRAILER = 1, 2, 0x7F
KINDS = {BLOCK, CHUNK}

_HEAD = struct.Struct(">4sHHI16s16s")
HEADER_BYTES = _HEAD.size + 4
_FRAME = struct.Struct(">2sBII")
FRAME_BYTES = _FRAME.size + 4
_FOOTER = struct.Struct(">Q4s")
FOOTER_BYTES = _FOOTER.size
READ_AHEAD = 1 << 20
# What refusing frame marks may cost a segment: each refused mark counts MARK_COST plus the
# bytes checksummed or decrypted for it (never more than the segment's size, since a frame
# must fit in the file), up to WORK_FACTOR times the segment's size. Intact records cost
# nothing here, an honestly damaged stretch refuses a handful of marks, and a flood of marks
# stops at the bound: the rest of the file is then one damaged stretch.
WORK_FACTOR = 2
MARK_COST = 1024


class SegmentUnreadable(Exception):
    """The whole segment is unusable; `reason` is one of foreign, unknown_key, damaged."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Header:
    key_epoch: int
    nonce_prefix: bytes
    tag: bytes
    digest: bytes  # SHA-256 of the header bytes: every record's associated data


@dataclass(frozen=True)
class Record:
    kind: int
    index: int
    data: bytes


@dataclass
class Scan:
    """What a reader got out of a segment."""

    header: Header
    records: list[Record] = field(default_factory=list)
    damaged: int = 0  # records lost to bad checksums, failed decryption or truncation
    trailer: bytes | None = None  # the creator's signed statement, not yet checked
    body_hash: bytes = b""  # SHA-256 of every byte before the trailer record

    @property
    def complete(self) -> bool:
        return self.trailer is not None


# --- writing --------------------------------------------------------------------------------


class SegmentWriter:
    """Writes one segment to `path` (a temporary name: the caller renames it when done)."""

    def __init__(
        self,
        path: Path,
        network_id: bytes,
        key_epoch: int,
        key: bytes,
        nonce_prefix: bytes | None = None,
    ) -> None:
        """`nonce_prefix`: fresh random bytes unless given (docs/spec/stick.md's vectors)."""
        self.path = path
        self.key = key
        self.index = 0
        self.records = 0
        prefix = nacl.utils.random(16) if nonce_prefix is None else nonce_prefix
        if len(prefix) != 16:
            raise ValueError("a nonce prefix is 16 bytes")
        head = _HEAD.pack(MAGIC, VERSION, 0, key_epoch, prefix, network_tag(network_id))
        header = head + struct.pack(">I", crc32c.crc32c(head))
        self.header = Header(key_epoch, prefix, network_tag(network_id), _sha(header))
        self._hash = hashlib.sha256()
        self.file: BinaryIO = open(path, "xb")  # noqa: SIM115 - closed by finish() or abort()
        self.size = 0
        self._write(header)

    def add(self, kind: int, data: bytes) -> int:
        """Appends one record; returns the bytes it took on the stick."""
        self.records += 1
        return self._record(kind, data)

    def record_size(self, data: bytes) -> int:
        return FRAME_BYTES + len(data) + TAG_BYTES

    def finish(self, trailer: Callable[[bytes, int], bytes]) -> None:
        """Writes the trailer (`trailer(body_hash, records)` makes the signed statement), the
        footer, and forces it all to the medium."""
        body_hash = self._hash.digest()
        offset = self.size
        self._record(TRAILER, trailer(body_hash, self.records))
        self._write(_FOOTER.pack(offset, FOOTER_MAGIC))
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()

    def abort(self) -> None:
        self.file.close()
        self.path.unlink(missing_ok=True)

    def _record(self, kind: int, data: bytes) -> int:
        index = self.index
        self.index += 1
        nonce = self.header.nonce_prefix + struct.pack(">Q", index)
        body = crypto_aead_xchacha20poly1305_ietf_encrypt(
            data, _ad(self.header, kind, index), nonce, self.key
        )
        head = _FRAME.pack(MARK, kind, index, len(body))
        frame = head + struct.pack(">I", crc32c.crc32c(head + body)) + body
        self._write(frame)
        return len(frame)

    def _write(self, data: bytes) -> None:
        self.file.write(data)
        self._hash.update(data)
        self.size += len(data)


# --- reading --------------------------------------------------------------------------------


def read_header(data: bytes, network_id: bytes) -> Header:
    if len(data) < HEADER_BYTES:
        raise SegmentUnreadable("damaged")
    magic, version, _flags, epoch, prefix, tag = _HEAD.unpack_from(data)
    (crc,) = struct.unpack_from(">I", data, _HEAD.size)
    if magic != MAGIC or crc != crc32c.crc32c(data[: _HEAD.size]) or version != VERSION:
        raise SegmentUnreadable("damaged")
    if tag != network_tag(network_id):
        raise SegmentUnreadable("foreign")
    return Header(epoch, prefix, tag, _sha(data[:HEADER_BYTES]))


class Reader:
    """Reads one segment from an open file, front to back, holding one record at a time.

    A frame mark is two bytes anyone can write, and each one claims a body of up to
    MAX_RECORD bytes whose checksum must be computed to refuse it: a file of marks copied
    after a real header would cost a checksum of MAX_RECORD bytes per two bytes of file. So
    what refused marks may cost is bounded (see WORK_FACTOR) in proportion to the segment's
    size; past that, the rest of the file counts as one damaged stretch and reading stops.
    """

    def __init__(
        self, file: BinaryIO, size: int, network_id: bytes, key_for: Callable[[int], bytes | None]
    ) -> None:
        head = file.read(HEADER_BYTES)
        self.header = read_header(head, network_id)
        key = key_for(self.header.key_epoch)
        if key is None:
            raise SegmentUnreadable("unknown_key")
        self._key = key
        self._window = _Window(file, HEADER_BYTES, size, hashlib.sha256(head))
        self.damaged = 0  # records lost to bad checksums, failed decryption or truncation
        self.count = 0  # records read
        self.trailer: bytes | None = None  # the creator's signed statement, not yet checked
        self.body_hash = b""  # SHA-256 of every byte before the trailer record
        self._spent = 0  # on refused marks
        self._budget = WORK_FACTOR * size + 4 * MARK_COST

    def records(self) -> Iterator[Record]:
        """Every intact record, in order; afterwards `damaged`, `trailer` and `body_hash`."""
        window = self._window
        pos, last = HEADER_BYTES, -1
        lost_here = False  # counts a damaged stretch once, however many bytes it spans
        while pos < window.end:
            if self._spent > self._budget:
                self.damaged += not lost_here  # a flood of marks: the rest is one stretch
                return
            frame = self._frame_at(pos)
            if frame is None:
                if not lost_here and not self._is_footer(pos):
                    self.damaged += 1
                    lost_here = True
                pos = window.find(MARK, pos + 1)
                continue
            kind, index, body, size = frame
            plain = _decrypt(self.header, self._key, kind, index, body)
            if plain is None or index <= last:
                self.damaged += plain is None
                self._spent += MARK_COST + size
                pos += size
                continue
            lost_here = False
            last = index
            if kind == TRAILER:
                self.trailer = plain
                self.body_hash = window.hash_before(pos)
                return
            if kind in KINDS:
                self.count += 1
                yield Record(kind, index, plain)
            pos += size

    def _frame_at(self, pos: int) -> tuple[int, int, bytes, int] | None:
        head = self._window.get(pos, FRAME_BYTES)
        if head is None:
            return None  # the end of the file: nothing more to refuse
        self._spent += MARK_COST
        mark, kind, index, length = _FRAME.unpack_from(head)
        if mark != MARK or length > MAX_RECORD:
            return None
        window = self._window
        if not window.hold(pos, FRAME_BYTES + length):
            return None
        (crc,) = struct.unpack_from(">I", head, _FRAME.size)
        if crc != window.crc(pos + FRAME_BYTES, length, crc32c.crc32c(head[: _FRAME.size])):
            self._spent += FRAME_BYTES + length
            return None
        self._spent -= MARK_COST  # a frame that holds: its cost is its own bytes, read once
        body = window.get(pos + FRAME_BYTES, length)
        return None if body is None else (kind, index, body, FRAME_BYTES + length)

    def _is_footer(self, pos: int) -> bool:
        if self._window.end - pos != _FOOTER.size:
            return False
        footer = self._window.get(pos, _FOOTER.size)
        return footer is not None and footer[-4:] == FOOTER_MAGIC


class _Window:
    """Bytes [base, base + len(buf)) of a file, read ahead in pieces of READ_AHEAD: at most
    one frame and one piece are held. The reader only moves forward, so every byte dropped
    from the front goes into `hasher` first. Views of `buf` never outlive a call (a bytearray
    with a live view cannot grow or shrink)."""

    def __init__(self, file: BinaryIO, start: int, end: int, hasher: Any) -> None:
        self.file = file
        self.base = start
        self.end = end
        self.buf = bytearray()
        self.hasher = hasher

    def get(self, pos: int, n: int) -> bytes | None:
        """A copy of bytes [pos, pos + n), or None when the file ends first."""
        if not self.hold(pos, n):
            return None
        with memoryview(self.buf)[pos - self.base : pos - self.base + n] as view:
            return bytes(view)

    def crc(self, pos: int, n: int, value: int) -> int:
        """The CRC-32C of bytes [pos, pos + n), continuing from `value`; hold() them first."""
        with memoryview(self.buf)[pos - self.base : pos - self.base + n] as view:
            return int(crc32c.crc32c(view, value))

    def hold(self, pos: int, n: int) -> bool:
        """Reads bytes [pos, pos + n) in, if the file has them."""
        if pos + n > self.base + len(self.buf):
            self._fill(pos, pos + n)
        return pos + n <= min(self.end, self.base + len(self.buf))

    def find(self, needle: bytes, start: int) -> int:
        """Where `needle` next starts at or after `start`, or the end of the file."""
        while True:
            found = self.buf.find(needle, max(0, start - self.base))
            if found >= 0:
                return self.base + found
            held = self.base + len(self.buf)
            if held >= self.end:
                return self.end
            start = max(start, held - len(needle) + 1)  # a needle may straddle two reads
            self._fill(start, held + 1)

    def hash_before(self, pos: int) -> bytes:
        self._drop(pos)
        return bytes(self.hasher.digest())

    def _drop(self, pos: int) -> None:
        """Forgets the bytes before `pos`, hashing them (reading any never read)."""
        while self.base < pos:
            if not self.buf:
                self.buf += self.file.read(min(READ_AHEAD, pos - self.base))
                if not self.buf:
                    raise OSError("the segment ended early")
            cut = min(pos - self.base, len(self.buf))
            with memoryview(self.buf)[:cut] as view:
                self.hasher.update(view)
            del self.buf[:cut]  # cheap: a bytearray drops its front without moving the rest
            self.base += cut

    def _fill(self, pos: int, until: int) -> None:
        self._drop(pos)
        want = max(until - (self.base + len(self.buf)), 1)
        while want > 0 and self.base + len(self.buf) < self.end:
            piece = min(READ_AHEAD, self.end - (self.base + len(self.buf)))
            more = self.file.read(piece)
            self.buf += more
            want -= len(more)
            if len(more) < piece:
                self.end = self.base + len(self.buf)  # shorter than it said: a truncation
                return


def scan(data: bytes, network_id: bytes, key_for: Callable[[int], bytes | None]) -> Scan:
    """Every intact record of a segment held in `data`, in order, and what was lost."""
    return scan_file(io.BytesIO(data), len(data), network_id, key_for)


def scan_file(
    file: BinaryIO, size: int, network_id: bytes, key_for: Callable[[int], bytes | None]
) -> Scan:
    """Like scan(), reading from an open file of `size` bytes."""
    reader = Reader(file, size, network_id, key_for)
    records = list(reader.records())
    return Scan(reader.header, records, reader.damaged, reader.trailer, reader.body_hash)


def trailer_of(data: bytes, network_id: bytes, key_for: Callable[[int], bytes | None]) -> bytes:
    """The signed trailer found through the footer, without reading the records."""
    return trailer_in(io.BytesIO(data), len(data), network_id, key_for)


def trailer_in(
    file: BinaryIO, size: int, network_id: bytes, key_for: Callable[[int], bytes | None]
) -> bytes:
    """The signed trailer of the segment in `file` (of `size` bytes), found through the
    footer: reads the header, the footer and the trailer record, nothing else."""
    header = read_header(file.read(HEADER_BYTES), network_id)
    key = key_for(header.key_epoch)
    if key is None:
        raise SegmentUnreadable("unknown_key")
    if size < HEADER_BYTES + FRAME_BYTES + _FOOTER.size:
        raise SegmentUnreadable("damaged")
    file.seek(size - _FOOTER.size)
    offset, magic = _FOOTER.unpack(_exactly(file, _FOOTER.size))
    length = size - _FOOTER.size - FRAME_BYTES - offset  # the trailer ends where the footer starts
    if magic != FOOTER_MAGIC or offset < HEADER_BYTES or not 0 <= length <= MAX_RECORD:
        raise SegmentUnreadable("damaged")
    file.seek(offset)
    frame = _exactly(file, FRAME_BYTES + length)
    mark, kind, index, claimed = _FRAME.unpack_from(frame)
    (crc,) = struct.unpack_from(">I", frame, _FRAME.size)
    body = frame[FRAME_BYTES:]
    if (mark, kind, claimed) != (MARK, TRAILER, length) or crc != crc32c.crc32c(
        body, crc32c.crc32c(frame[: _FRAME.size])
    ):
        raise SegmentUnreadable("damaged")
    plain = _decrypt(header, key, kind, index, body)
    if plain is None:
        raise SegmentUnreadable("damaged")
    return plain


def _exactly(file: BinaryIO, n: int) -> bytes:
    data = file.read(n)
    if len(data) != n:
        raise SegmentUnreadable("damaged")
    return data


def _decrypt(header: Header, key: bytes, kind: int, index: int, body: bytes) -> bytes | None:
    if len(body) < TAG_BYTES:  # libsodium's binding raises ValueError on those
        return None
    nonce = header.nonce_prefix + struct.pack(">Q", index)
    try:
        return bytes(
            crypto_aead_xchacha20poly1305_ietf_decrypt(body, _ad(header, kind, index), nonce, key)
        )
    except CryptoError:
        return None


def _ad(header: Header, kind: int, index: int) -> bytes:
    return header.digest + struct.pack(">BI", kind, index)


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()
