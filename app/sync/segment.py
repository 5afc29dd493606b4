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
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

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

    def __init__(self, path: Path, network_id: bytes, key_epoch: int, key: bytes) -> None:
        self.path = path
        self.key = key
        self.index = 0
        self.records = 0
        prefix = nacl.utils.random(16)
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


def scan(data: bytes, network_id: bytes, key_for: Callable[[int], bytes | None]) -> Scan:
    """Every intact record of a segment held in `data`, in order, and what was lost."""
    header = read_header(data, network_id)
    key = key_for(header.key_epoch)
    if key is None:
        raise SegmentUnreadable("unknown_key")
    result = Scan(header)
    pos, end, last = HEADER_BYTES, len(data), -1
    lost_here = False  # counts a damaged stretch once, however many bytes it spans
    while pos < end:
        frame = _frame_at(data, pos, end)
        if frame is None:
            if not lost_here and not _is_footer(data, pos, end):
                result.damaged += 1
                lost_here = True
            found = data.find(MARK, pos + 1)
            pos = end if found < 0 else found
            continue
        kind, index, body, size = frame
        plain = _decrypt(header, key, kind, index, body)
        if plain is None or index <= last:
            result.damaged += plain is None
            pos += size
            continue
        lost_here = False
        last = index
        if kind == TRAILER:
            result.trailer = plain
            result.body_hash = _sha(data[:pos])
            break
        if kind in KINDS:
            result.records.append(Record(kind, index, plain))
        pos += size
    return result


def trailer_of(data: bytes, network_id: bytes, key_for: Callable[[int], bytes | None]) -> bytes:
    """The signed trailer found through the footer, without reading the records."""
    header = read_header(data[:HEADER_BYTES], network_id)
    key = key_for(header.key_epoch)
    if key is None:
        raise SegmentUnreadable("unknown_key")
    if len(data) < HEADER_BYTES + _FOOTER.size:
        raise SegmentUnreadable("damaged")
    offset, magic = _FOOTER.unpack_from(data, len(data) - _FOOTER.size)
    frame = _frame_at(data, offset, len(data)) if magic == FOOTER_MAGIC else None
    if frame is None or frame[0] != TRAILER:
        raise SegmentUnreadable("damaged")
    plain = _decrypt(header, key, frame[0], frame[1], frame[2])
    if plain is None:
        raise SegmentUnreadable("damaged")
    return plain


def read_tail(path: Path, size: int = 1 << 20) -> bytes:
    """The header and the last `size` bytes: enough for trailer_of() on most segments."""
    with open(path, "rb") as f:
        total = f.seek(0, os.SEEK_END)
        if total <= size + HEADER_BYTES:
            f.seek(0)
            return f.read()
        f.seek(0)
        head = f.read(HEADER_BYTES)
        f.seek(total - size)
        tail = f.read()
    # Keep offsets true: pad the gap with zeros, which never parse as a frame.
    return head + bytes(total - size - HEADER_BYTES) + tail


def _frame_at(data: bytes, pos: int, end: int) -> tuple[int, int, bytes, int] | None:
    if pos < 0 or pos + FRAME_BYTES > end:
        return None
    mark, kind, index, length = _FRAME.unpack_from(data, pos)
    if mark != MARK or length > MAX_RECORD or pos + FRAME_BYTES + length > end:
        return None
    (crc,) = struct.unpack_from(">I", data, pos + _FRAME.size)
    body = data[pos + FRAME_BYTES : pos + FRAME_BYTES + length]
    if crc != crc32c.crc32c(data[pos : pos + _FRAME.size] + body):
        return None
    return kind, index, body, FRAME_BYTES + length


def _decrypt(header: Header, key: bytes, kind: int, index: int, body: bytes) -> bytes | None:
    nonce = header.nonce_prefix + struct.pack(">Q", index)
    try:
        return bytes(
            crypto_aead_xchacha20poly1305_ietf_decrypt(body, _ad(header, kind, index), nonce, key)
        )
    except CryptoError:
        return None


def _is_footer(data: bytes, pos: int, end: int) -> bool:
    return end - pos == _FOOTER.size and data[end - 4 : end] == FOOTER_MAGIC


def _ad(header: Header, kind: int, index: int) -> bytes:
    return header.digest + struct.pack(">BI", kind, index)


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()
