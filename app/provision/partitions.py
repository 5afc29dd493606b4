"""The ESP-IDF partition table a relay carries at 0x8000: where its application and its
configuration partition (`relaycfg`) are. Read from a pack before flashing, and from the board
before configuring it, so the app never assumes one layout.

Hand-written because ESP-IDF's gen_esp32part.py is not published on PyPI; the format is 32-byte
entries (magic AA 50, type, subtype, offset, size, label, flags) ended by an MD5 entry.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

from app.core.errors import ObambuError

OFFSET = 0x8000
TABLE_SIZE = 0xC00
ENTRY = struct.Struct("<2sBBII16sI")
MAGIC = b"\xaa\x50"
MD5_MARK = b"\xeb\xeb" + b"\xff" * 14
APP, DATA = 0x00, 0x01
FACTORY, OTA_0 = 0x00, 0x10


class PartitionError(ObambuError):
    code = "partition_table_invalid"


@dataclass(frozen=True)
class Partition:
    name: str
    type: int
    subtype: int
    offset: int
    size: int


def parse(table: bytes) -> list[Partition]:
    """The entries of a binary partition table; PartitionError when it is damaged."""
    found: list[Partition] = []
    for start in range(0, len(table) - ENTRY.size + 1, ENTRY.size):
        magic, kind, subtype, offset, size, name, _flags = ENTRY.unpack_from(table, start)
        if magic == MAGIC:
            found.append(
                Partition(name.rstrip(b"\0").decode(errors="replace"), kind, subtype, offset, size)
            )
            continue
        damaged = table[start + 16 : start + 32] != hashlib.md5(table[:start]).digest()
        if table[start : start + 16] == MD5_MARK and damaged:
            raise PartitionError(
                "The relay's partition table is damaged (its checksum does not match). Flash "
                "the firmware pack again."
            )
        break  # the MD5 entry or the 0xFF padding ends the table
    if not found:
        raise PartitionError(
            "There is no partition table where the relay should have one. Flash the firmware "
            "pack first."
        )
    return found


def find(table: bytes, name: str) -> Partition:
    for partition in parse(table):
        if partition.name == name:
            return partition
    raise PartitionError(
        f"The relay's firmware has no '{name}' partition: it is not an Obambu relay firmware. "
        "Flash an Obambu firmware pack."
    )


def app_partition(table: bytes) -> Partition:
    """Where a new install puts the application: the factory slot, else the first OTA slot."""
    apps = [p for p in parse(table) if p.type == APP]
    for wanted in (FACTORY, OTA_0):
        for partition in apps:
            if partition.subtype == wanted:
                return partition
    raise PartitionError("The partition table has no application slot. Build the pack again.")
