"""Reading a value back out of an ESP-IDF NVS partition image.

Written by hand because PyPI has an NVS generator (esp-idf-nvs-partition-gen) but no parser;
ESP-IDF's own reader is C (components/nvs_flash). This one covers what the relay's partition
holds: namespaces, blobs (multi-page BLOB_DATA chunks + BLOB_IDX, and the older single BLOB),
strings and small integers, with every CRC checked. Format: ESP-IDF "NVS Partition Format"
(api-reference/storage/nvs_flash), mirrored by nvs_partition_gen.py's Page class:

    page (4096 B): header (32 B: state u32, seq u32, version u8, …, crc32 u32 at 28),
                   entry state bitmap (32 B, 2 bits per entry: 11 empty, 10 written, 00 erased),
                   126 entries of 32 B
    entry: ns u8, type u8, span u8, chunk_index u8, crc32 u32, key[16], data[8]

Values written later win (the firmware appends new versions and erases old ones).
"""

from __future__ import annotations

import struct
import zlib

PAGE = 4096
ENTRY = 32
ENTRIES = 126
FIRST_ENTRY = 64
PAGE_ACTIVE, PAGE_FULL, PAGE_FREEING = 0xFFFFFFFE, 0xFFFFFFFC, 0xFFFFFFF8
ENTRY_WRITTEN = 0b10
U8, SZ, BLOB, BLOB_DATA, BLOB_IDX = 0x01, 0x21, 0x41, 0x42, 0x48
CHUNK_ANY = 0xFF


class NvsFormatError(ValueError):
    """The image is not a readable NVS partition."""


def _crc(data: bytes) -> int:
    return zlib.crc32(data, 0xFFFFFFFF)  # ESP-IDF's crc32_le with 0xFFFFFFFF as seed


def _pages(image: bytes) -> list[bytes]:
    if len(image) % PAGE:
        raise NvsFormatError(f"image size {len(image)} is not a multiple of {PAGE}")
    pages: list[tuple[int, bytes]] = []
    for start in range(0, len(image), PAGE):
        page = image[start : start + PAGE]
        state, seq = struct.unpack_from("<II", page)
        if state not in (PAGE_ACTIVE, PAGE_FULL, PAGE_FREEING):
            continue  # empty, or marked corrupt by the firmware
        if _crc(page[4:28]) != struct.unpack_from("<I", page, 28)[0]:
            continue  # a page whose header was torn by a power cut
        pages.append((seq, page))
    return [page for _, page in sorted(pages)]


class _Scan:
    def __init__(self) -> None:
        self.namespaces: dict[str, int] = {}
        self.values: dict[tuple[int, str], bytes] = {}  # whole values: SZ, BLOB, integers
        self.chunks: dict[tuple[int, str, int], bytes] = {}
        self.indexes: dict[tuple[int, str], tuple[int, int, int]] = {}  # size, count, start

    def page(self, page: bytes) -> None:
        bitmap = page[32:64]
        i = 0
        while i < ENTRIES:
            state = (bitmap[i // 4] >> (2 * (i % 4))) & 0b11
            if state != ENTRY_WRITTEN:
                i += 1
                continue
            at = FIRST_ENTRY + i * ENTRY
            entry = page[at : at + ENTRY]
            span = max(entry[2], 1)
            if _crc(entry[0:4] + entry[8:32]) == struct.unpack_from("<I", entry, 4)[0]:
                payload = page[at + ENTRY : at + span * ENTRY]
                self.entry(entry, payload)
            i += span

    def entry(self, entry: bytes, payload: bytes) -> None:
        ns, kind, _span, chunk = entry[0], entry[1], entry[2], entry[3]
        key = entry[8:24].split(b"\0", 1)[0].decode("utf-8", "replace")
        data = entry[24:32]
        if ns == 0 and kind == U8:
            self.namespaces[key] = data[0]
        elif kind in (SZ, BLOB, BLOB_DATA):
            size, crc = struct.unpack_from("<H2xI", data)
            value = payload[:size]
            if len(value) != size or _crc(value) != crc:
                return  # a value torn by a power cut: the firmware ignores it too
            if kind == BLOB_DATA:
                self.chunks[(ns, key, chunk)] = value
            else:
                self.values[(ns, key)] = value
        elif kind == BLOB_IDX:
            size, count, start = struct.unpack_from("<IBB", data)
            self.indexes[(ns, key)] = (size, count, start)
        elif kind & 0x0F in (1, 2, 4, 8) and chunk == CHUNK_ANY:
            self.values[(ns, key)] = data[: kind & 0x0F]  # integers, little-endian


def read_nvs_blob(image: bytes, namespace: str, key: str) -> bytes:
    """The bytes stored under `namespace`/`key`. KeyError when absent, NvsFormatError when the
    image is damaged."""
    scan = _Scan()
    for page in _pages(image):
        scan.page(page)
    if namespace not in scan.namespaces:
        raise KeyError(f"no namespace {namespace!r}")
    ns = scan.namespaces[namespace]
    if (ns, key) in scan.indexes:
        size, count, start = scan.indexes[(ns, key)]
        try:
            value = b"".join(scan.chunks[(ns, key, start + n)] for n in range(count))
        except KeyError:
            raise NvsFormatError(f"{namespace}/{key}: a chunk of the blob is missing") from None
        if len(value) != size:
            raise NvsFormatError(f"{namespace}/{key}: {len(value)} bytes, index says {size}")
        return value
    if (ns, key) in scan.values:
        return scan.values[(ns, key)]
    raise KeyError(f"no key {key!r} in namespace {namespace!r}")
