"""A smaller ICU data library for the build: the 31 MB `libicudata.so.73` PySide6 ships holds
every locale of the world; Obambu speaks French and English.

ICU's common data is one blob (`icudt73_dat`): a header, a table of contents sorted by name,
then the items. This keeps the items Qt needs (Unicode properties, normalisation, break rules,
collation, time zones, the root, French and English locales and the supplemental tables) and
drops the other locales, the character-set converters (Qt converts UTF-8/16 and Latin-1 itself)
and the CJK, Thai, Lao, Khmer and Burmese word dictionaries, then assembles a shared library
with the same name and symbol. Written by hand because ICU's own `icupkg` is not on PyPI and
this reads and writes the documented format directly (ucmndata.h: UDataOffsetTOC).

    python packaging/trim_icu.py SOURCE_LIB OUT_DIR   ->  OUT_DIR/libicudata.so.73
"""

from __future__ import annotations

import ctypes
import re
import struct
import subprocess
import sys
from pathlib import Path

SYMBOL = "icudt73_dat"
ALIGN = 16
LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*\.(res|brk|dict|nrm|icu|spp|cfu)$")
OURS = re.compile(r"^(root|en|fr)(_[A-Za-z0-9]+)*\.res$")
DROP_DIRS = ("translit/",)  # transliteration rules: never used by Qt
DROP_NAMES = ("cjdict.dict", "thaidict.dict", "laodict.dict", "khmerdict.dict",
              "burmesedict.dict")  # fmt: skip


def keep(name: str) -> bool:
    """`name` without the "icudt73l/" prefix."""
    base = name.rsplit("/", 1)[-1]
    if name.endswith(".cnv") or base in DROP_NAMES or name.startswith(DROP_DIRS):
        return False
    if LOCALE.match(base) and base.endswith(".res") and base != "res_index.res":
        return bool(OURS.match(base))  # a locale's resources: only ours
    return True  # Unicode tables, break rules, supplemental data, pool, indexes


def read_blob(library: Path) -> bytes:
    lib = ctypes.CDLL(str(library))
    start = ctypes.addressof(ctypes.c_char.in_dll(lib, SYMBOL))
    header_size = struct.unpack("<H", ctypes.string_at(start, 2))[0]
    if struct.unpack("<H", ctypes.string_at(start, 2))[0] != header_size:  # pragma: no cover
        raise SystemExit("unexpected ICU data header")
    # The blob's size: the symbol's, read from the dynamic symbol table.
    return ctypes.string_at(start, symbol_size(library))


def symbol_size(library: Path) -> int:
    listing = subprocess.run(["nm", "-D", "-S", str(library)], capture_output=True, text=True,
                             check=True).stdout  # fmt: skip
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] == SYMBOL:
            return int(parts[1], 16)
    raise SystemExit(f"{SYMBOL} not found in {library}")


def trim(blob: bytes) -> tuple[bytes, int, int]:
    header_size = struct.unpack_from("<H", blob)[0]
    toc_at = header_size
    count = struct.unpack_from("<I", blob, toc_at)[0]
    entries = [struct.unpack_from("<II", blob, toc_at + 4 + 8 * i) for i in range(count)]
    starts = sorted(data for _name, data in entries)
    end_of = dict(zip(starts, [*starts[1:], len(blob) - toc_at], strict=True))
    items = []
    for name_at, data_at in entries:
        end = end_of[data_at]
        name = blob[toc_at + name_at : blob.index(b"\0", toc_at + name_at)]
        _prefix, _, short = name.decode().partition("/")
        if keep(short):
            items.append((name, blob[toc_at + data_at : toc_at + end]))
    toc_size = 4 + 8 * len(items)
    names = b"".join(name + b"\0" for name, _data in items)
    data_start = _aligned(toc_size + len(names))
    table, body, name_at, data_at = [], bytearray(), toc_size, data_start
    for name, data in items:
        table.append(struct.pack("<II", name_at, data_at))
        name_at += len(name) + 1
        padded = data + b"\0" * (_aligned(len(data)) - len(data))
        body += padded
        data_at += len(padded)
    toc = struct.pack("<I", len(items)) + b"".join(table) + names
    toc += b"\0" * (data_start - len(toc))
    return blob[:header_size] + toc + bytes(body), count, len(items)


def _aligned(n: int) -> int:
    return -(-n // ALIGN) * ALIGN


def build(source: Path, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    data, before, after = trim(read_blob(source))
    (out / "icudt73l.dat").write_bytes(data)
    (out / "icudata.S").write_text(
        f"    .section .rodata\n    .globl {SYMBOL}\n    .type {SYMBOL}, @object\n"
        f"    .balign {ALIGN}\n{SYMBOL}:\n    .incbin \"icudt73l.dat\"\n"
        f"    .size {SYMBOL}, .-{SYMBOL}\n    .section .note.GNU-stack,\"\",@progbits\n"
    )  # fmt: skip
    target = (out / source.name).resolve()
    subprocess.run(["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{source.name}", "-o",
                    str(target), "icudata.S"], cwd=out, check=True)  # fmt: skip
    print(f"ICU data: {before} items, {symbol_size(source)} bytes → {after} items, "
          f"{len(data)} bytes")  # fmt: skip
    return target


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))
