"""Firmware packs: the only way firmware reaches a board from Obambu.

A pack is a zip holding the parts ESP-IDF builds (bootloader, partition table, application),
`manifest.json` (chip, board, version, and for each part its offset, size and SHA-256) and
`manifest.cose`, a COSE_Sign1 over the exact manifest bytes by a technician's key registered in
the ledger. Everything is checked before any port is opened: the signature and the signer's
standing, every part's hash and size, and the chip and version written in the images' own
headers, so a pack built for another chip never touches a board.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.atomic import write_atomic
from app.core.encoding.cose import CoseError, parse_sign1, sign1, verify_sign1
from app.core.errors import ObambuError
from app.core.members import powers
from app.core.node.node import Node
from app.provision import partitions

FORMAT = "obambu-firmware-pack-1"
MANIFEST, SIGNATURE = "manifest.json", "manifest.cose"
MAX_PART = 16 * 1024 * 1024  # the largest ESP32 flash
MAX_PACK = 4 * MAX_PART
IMAGE_MAGIC, APP_DESC_MAGIC = 0xE9, 0xABCD5432
# esp_image_header_t: chip_id is the u16 at offset 12 (ESP-IDF bootloader_support).
CHIP_IDS = {
    "ESP32": 0,
    "ESP32-S2": 2,
    "ESP32-C3": 5,
    "ESP32-S3": 9,
    "ESP32-C2": 12,
    "ESP32-C6": 13,
    "ESP32-H2": 16,
}
ROLES = ("bootloader", "partition-table", "app")
BOOTLOADER_AT = {"ESP32": 0x1000, "ESP32-S2": 0x1000}  # the others boot from 0x0
SIGNERS = powers.load().powers["firmware_sign"].roles  # who may: the powers file, like any rule


class PackError(ObambuError):
    """A pack that must not be flashed; the message says why and what to do."""


@dataclass(frozen=True)
class Part:
    role: str
    offset: int
    data: bytes


@dataclass(frozen=True)
class Pack:
    name: str
    version: str
    chip: str
    board: str
    flash_size: str
    parts: list[Part]
    signer: str  # the technician's name, as the ledger knows them
    digest: bytes  # SHA-256 of the manifest: what a device registration records

    @property
    def flash_args(self) -> list[tuple[int, bytes]]:
        return [(p.offset, p.data) for p in self.parts]


def build(
    node: Node,
    out: Path,
    *,
    bootloader: bytes,
    partition_table: bytes,
    app: bytes,
    chip: str = "ESP32",
    board: str = "generic",
    flash_size: str = "4MB",
    name: str = "obambu-relay",
    member: bytes | None = None,
) -> Pack:
    """Writes a pack of ESP-IDF's outputs, signed by a technician whose keys this laptop holds
    (`member`; by default the laptop's member)."""
    if chip not in CHIP_IDS:
        raise PackError(
            f"Unknown chip {chip}. Use one of {', '.join(CHIP_IDS)}.", code="pack_wrong_chip"
        )
    # The application goes where the pack's own partition table puts it.
    where = (BOOTLOADER_AT.get(chip, 0x0), partitions.OFFSET, _app_slot(partition_table).offset)
    datas = (bootloader, partition_table, app)
    for role, data in zip(ROLES, datas, strict=True):
        if role != "partition-table":
            _check_image(role, data, chip)
    version = _app_version(app)
    manifest = {
        "format": FORMAT,
        "name": name,
        "version": version,
        "chip": chip,
        "board": board,
        "flash_size": flash_size,
        "created": int(time.time()),
        "parts": [
            {
                "role": role,
                "file": f"{role}.bin",
                "offset": offset,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            for role, offset, data in zip(ROLES, where, datas, strict=True)
        ],
    }
    text = json.dumps(manifest, indent=2, sort_keys=True).encode()
    signer = node.keyring.identity(member or node.member).current
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, text)
        archive.writestr(SIGNATURE, sign1(text, signer.signing_key, b""))
        for role, data in zip(ROLES, datas, strict=True):
            archive.writestr(f"{role}.bin", data)
    write_atomic(out, buffer.getvalue())
    return verify(node, out)


def verify(node: Node, path: Path) -> Pack:
    """The pack's parts, once every check passed; PackError otherwise."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError(
            f"Cannot read {path}: {exc.strerror}. Check the file.", code="pack_unreadable"
        ) from exc
    if len(raw) > MAX_PACK:
        raise PackError(
            "This file is too large to be a firmware pack. Choose the pack file.",
            code="pack_damaged",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            text, signature = archive.read(MANIFEST), archive.read(SIGNATURE)
            manifest = _manifest(text)
            files = {p["file"]: _read_part(archive, p) for p in manifest["parts"]}
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise PackError(
            f"This firmware pack is damaged or incomplete ({exc}). Ask for the pack again.",
            code="pack_damaged",
        ) from exc
    signer = _signed_by(node, text, signature)
    parts = []
    for entry in manifest["parts"]:
        data = files[entry["file"]]
        if hashlib.sha256(data).hexdigest() != entry["sha256"] or len(data) != entry["size"]:
            raise PackError(
                f"The part {entry['file']} does not match its manifest: the pack was altered or "
                "damaged. Ask for the pack again.",
                code="pack_hash_mismatch",
            )
        if entry["role"] != "partition-table":
            _check_image(entry["role"], data, manifest["chip"])
        parts.append(Part(entry["role"], int(entry["offset"]), data))
    app = next(p for p in parts if p.role == "app")
    table = next(p for p in parts if p.role == "partition-table")
    if table.offset != partitions.OFFSET or app.offset != _app_slot(table.data).offset:
        raise PackError(
            "The pack puts its application outside the slot its partition table gives it. "
            "Build the pack again.",
            code="pack_damaged",
        )
    if _app_version(app.data) != manifest["version"]:
        raise PackError(
            "The application inside the pack is not the version its manifest names. Ask for "
            "the pack again.",
            code="pack_version_mismatch",
        )
    return Pack(
        manifest["name"],
        manifest["version"],
        manifest["chip"],
        manifest["board"],
        manifest["flash_size"],
        parts,
        signer,
        hashlib.sha256(text).digest(),
    )


def _manifest(text: bytes) -> dict[str, Any]:
    manifest: Any = json.loads(text)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValueError("not an Obambu firmware manifest")
    if manifest.get("chip") not in CHIP_IDS:
        raise ValueError(f"unknown chip {manifest.get('chip')!r}")
    roles = sorted(str(p.get("role")) for p in manifest["parts"])
    if roles != sorted(ROLES):
        raise ValueError("a pack holds a bootloader, a partition table and an application")
    for part in manifest["parts"]:
        if not (isinstance(part["offset"], int) and 0 <= part["offset"] < MAX_PART):
            raise ValueError(f"bad offset for {part['file']}")
    return manifest


def _read_part(archive: zipfile.ZipFile, part: dict[str, Any]) -> bytes:
    info = archive.getinfo(str(part["file"]))
    if info.file_size > MAX_PART:  # checked before inflating: a zip bomb never expands
        raise ValueError(f"{part['file']} is larger than any flash")
    return archive.read(info)


def _signed_by(node: Node, text: bytes, signature: bytes) -> str:
    """The signer's name, when a technician (or mayor, deputy) of the network signed `text`."""
    try:
        envelope = parse_sign1(signature)
    except CoseError as exc:
        raise PackError(
            "The pack's signature is damaged. Ask for the pack again.", code="pack_forged"
        ) from exc
    with node.overlay():
        key = node.store.one(
            "SELECT k.pk, k.revoked, a.name, a.role, a.active FROM keys k "
            "JOIN actors a ON a.id = k.actor WHERE k.kid = ?",
            (envelope.kid or b"",),
        )
    if key is None:
        raise PackError(
            "This pack is signed by someone this network does not know. Use a pack signed by "
            "one of your technicians.",
            code="pack_unknown_signer",
        )
    pk, revoked, name, role, active = key
    if revoked or not active or role not in SIGNERS:
        raise PackError(
            f"This pack is signed by {name}, who may not sign firmware (no longer a technician, "
            "or the key was revoked). Use a pack signed by a current technician.",
            code="pack_not_technician",
        )
    try:
        verify_sign1(envelope, bytes(pk), b"")
    except CoseError as exc:
        raise PackError(
            "The pack's signature does not match: it was altered. Do not flash it.",
            code="pack_forged",
        ) from exc
    if envelope.payload != text:
        raise PackError(
            "The pack's signature covers another manifest. Do not flash it.", code="pack_forged"
        )
    return str(name)


def _app_slot(table: bytes) -> partitions.Partition:
    try:
        return partitions.app_partition(table)
    except partitions.PartitionError as exc:
        raise PackError(
            f"The pack's partition table is not usable: {exc.message}", code="pack_damaged"
        ) from exc


def _check_image(role: str, data: bytes, chip: str) -> None:
    """An ESP-IDF image starts with 0xE9 and names its chip in its header."""
    if len(data) < 24 or data[0] != IMAGE_MAGIC:
        raise PackError(
            f"The {role} is not an ESP image. Build the pack again from ESP-IDF's outputs.",
            code="pack_damaged",
        )
    (chip_id,) = struct.unpack_from("<H", data, 12)
    if chip_id != CHIP_IDS[chip]:
        found = next((name for name, value in CHIP_IDS.items() if value == chip_id), "?")
        raise PackError(
            f"The {role} was built for {found}, not {chip}. Use a pack made for this board.",
            code="pack_wrong_chip",
        )


def _app_version(app: bytes) -> str:
    """esp_app_desc_t right after the image header and the first segment header."""
    if len(app) < 32 + 80:
        raise PackError(
            "The application image is too short. Build the pack again.", code="pack_damaged"
        )
    (magic,) = struct.unpack_from("<I", app, 32)
    if magic != APP_DESC_MAGIC:
        raise PackError(
            "The application image has no version record (esp_app_desc_t). Build it with ESP-IDF.",
            code="pack_damaged",
        )
    return app[48:80].split(b"\0", 1)[0].decode("utf-8", "replace")
