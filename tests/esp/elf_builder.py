"""Synthetic ESP32 firmware parts, so tests never need anyone's binaries or a toolchain.

* `app_image`: a hand-made ELF32 Xtensa file (the segments an ESP-IDF app has, with an
  esp_app_desc_t in .flash.appdesc) converted by esptool's own elf2image: a valid 0xE9 image
  with checksum, SHA-256 digest and app descriptor, as `esptool image-info` reports.
* `bootloader_image`: the same for a RAM-only program loaded where ESP-IDF's bootloader is.
* `partition_table`: ESP-IDF's binary partition table (gen_esp32part.py's format: 32-byte
  entries with magic 0x50AA, then an MD5 entry 0xEBEB + 14 × 0xFF + MD5 of the entries, padded
  with 0xFF to 0xC00 bytes), from partitions.csv rows; `parse_partition_table` reads it back.

The ELF layout follows the ELF32 specification; esptool's ELFFile (bin_image.py) reads the
section headers only, so no program headers are written.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from pathlib import Path

from esptool.cmds import elf2image

from app.provision import partitions
from app.provision.partitions import ENTRY, MAGIC, MD5_MARK, TABLE_SIZE, Partition

EM_XTENSA = 0x5E
SHT_PROGBITS, SHT_STRTAB = 1, 3
SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR = 1, 2, 4
APP_DESC_MAGIC = 0xABCD5432
PROJECT = "obambu-relay"


@dataclass(frozen=True)
class Section:
    name: str
    address: int
    data: bytes
    flags: int = SHF_ALLOC


def build_elf(sections: list[Section], entry: int) -> bytes:
    """An ELF32 little-endian Xtensa executable holding `sections`."""
    names = b"\0"
    name_offsets = []
    for section in [*sections, Section(".shstrtab", 0, b"")]:
        name_offsets.append(len(names))
        names += section.name.encode() + b"\0"
    body = b""
    offsets = []
    header_size = 52
    for section in sections:
        offsets.append(header_size + len(body))
        body += section.data + b"\0" * (-len(section.data) % 4)
    strtab_offset = header_size + len(body)
    body += names + b"\0" * (-len(names) % 4)
    shoff = header_size + len(body)
    headers = [bytes(40)]  # section 0 is the null section
    # Elf32_Shdr: name, type, flags, addr, offset, size, link, info, addralign, entsize
    for section, offset, name in zip(sections, offsets, name_offsets, strict=False):
        size = len(section.data)
        row = (name, SHT_PROGBITS, section.flags, section.address, offset, size, 0, 0, 4, 0)
        headers.append(struct.pack("<10I", *row))
    row = (name_offsets[-1], SHT_STRTAB, 0, 0, strtab_offset, len(names), 0, 0, 1, 0)
    headers.append(struct.pack("<10I", *row))
    ident = b"\x7fELF" + bytes([1, 1, 1]) + bytes(9)  # 32-bit, little-endian, version 1
    elf_header = struct.pack(
        "<16sHHIIIIIHHHHHH",
        ident,
        2,
        EM_XTENSA,
        1,
        entry,
        0,
        shoff,
        0x300,
        header_size,
        32,
        0,
        40,
        len(headers),
        len(headers) - 1,
    )
    return elf_header + body + b"".join(headers)


def app_desc(version: str, project: str = PROJECT) -> bytes:
    """esp_app_desc_t (ESP-IDF components/esp_app_format/include/esp_app_desc.h), 256 bytes."""
    return struct.pack(
        "<III4x32s32s16s16s32s32sHHB3x72x",
        APP_DESC_MAGIC,
        0,
        0,
        version.encode(),
        project.encode(),
        b"12:00:00",
        b"Jan  1 2026",
        b"v5.4-synthetic",
        bytes(32),
        0,
        0xFFFF,
        16,
    )


def app_image(version: str = "relay-1.2.3", *, code_size: int = 4096, chip: str = "esp32") -> bytes:
    """An application image at the layout of an ESP-IDF app (DROM, IROM, DRAM, IRAM)."""
    code = hashlib.shake_256(version.encode()).digest(code_size)  # stands in for machine code
    sections = [
        Section(".flash.appdesc", 0x3F400020, app_desc(version)),
        Section(".flash.rodata", 0x3F400120, b"obambu relay firmware\0" + bytes(234)),
        Section(".flash.text", 0x400D0020, code, SHF_ALLOC | SHF_EXECINSTR),
        Section(".dram0.data", 0x3FFB0000, bytes(range(64)), SHF_ALLOC | SHF_WRITE),
        Section(".iram0.text", 0x40080000, code[:256], SHF_ALLOC | SHF_EXECINSTR),
    ]
    image = elf2image(build_elf(sections, 0x40080000), chip, flash_mode="dio", flash_size="4MB")
    assert isinstance(image, bytes)
    return image


def bootloader_image(chip: str = "esp32") -> bytes:
    """A second-stage bootloader look-alike: RAM-only, loaded where ESP-IDF's is (ESP32)."""
    sections = [
        Section(".iram_loader.text", 0x40078000, b"\x36\x41\x00" * 600, SHF_ALLOC | SHF_EXECINSTR),
        Section(".iram.text", 0x40080400, b"\x1d\xf0" * 512, SHF_ALLOC | SHF_EXECINSTR),
        Section(".dram0.data", 0x3FFF0000, b"bootloader\0" + bytes(117), SHF_ALLOC | SHF_WRITE),
    ]
    image = elf2image(build_elf(sections, 0x40078000), chip, flash_mode="dio", flash_size="4MB")
    assert isinstance(image, bytes)
    return image


# -- partition tables ----------------------------------------------------------------------

TYPES = {"app": 0x00, "data": 0x01}
SUBTYPES = {
    0x00: {"factory": 0x00, "test": 0x20, **{f"ota_{n}": 0x10 + n for n in range(16)}},
    0x01: {
        "ota": 0x00,
        "phy": 0x01,
        "nvs": 0x02,
        "coredump": 0x03,
        "nvs_keys": 0x04,
        "efuse": 0x05,
        "undefined": 0x06,
        "fat": 0x81,
        "spiffs": 0x82,
        "littlefs": 0x83,
    },
}

# The layout the real firmware uses (firmware/port/esp-idf/partitions.csv).
RELAY_PARTITIONS = (
    Path(__file__).resolve().parents[2] / "firmware" / "port" / "esp-idf" / "partitions.csv"
).read_text()


def _number(text: str) -> int:
    text = text.strip()
    scale = {"K": 1024, "M": 1024 * 1024}.get(text[-1:].upper(), 1)
    return int(text[:-1] if scale > 1 else text, 0) * scale


def partition_table(csv: str = RELAY_PARTITIONS) -> bytes:
    """The binary table for partitions.csv rows `name,type,subtype,offset,size` (offsets
    given explicitly; no flags)."""
    entries = b""
    for line in csv.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, kind, subtype, offset, size = (cell.strip() for cell in line.split(",")[:5])
        type_id = TYPES[kind] if kind in TYPES else int(kind, 0)
        names = SUBTYPES.get(type_id, {})
        subtype_id = names[subtype] if subtype in names else int(subtype, 0)
        entries += ENTRY.pack(
            MAGIC, type_id, subtype_id, _number(offset), _number(size), name.encode(), 0
        )
    table = entries + MD5_MARK + hashlib.md5(entries).digest()
    assert len(table) <= TABLE_SIZE
    return table + b"\xff" * (TABLE_SIZE - len(table))


def parse_partition_table(table: bytes) -> list[Partition]:
    return partitions.parse(table)
