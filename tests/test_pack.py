"""Firmware packs: built from ESP-IDF outputs, signed by a technician of the network, and
refused before any board is touched when the signature, a hash, the chip or the version is
wrong."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import pytest

from app.core.ledger.txtypes import TxType
from app.provision import pack
from tests.conftest import Network
from tests.esp import elf_builder


def image(chip_id: int, version: str = "relay-1.2.3", size: int = 4096) -> bytes:
    """An ESP image header (magic 0xE9, chip id at 12), a segment header, esp_app_desc_t."""
    header = bytes([0xE9, 1, 2, 0x20]) + b"\0" * 8 + struct.pack("<H", chip_id) + b"\0" * 10
    desc = struct.pack("<III", pack.APP_DESC_MAGIC, 0, 0) + b"\0" * 4
    desc += version.encode().ljust(32, b"\0") + b"obambu-relay".ljust(32, b"\0")
    body = header + b"\0" * 8 + desc
    return body + bytes(range(256)) * ((size - len(body)) // 256 + 1)


PARTS = {
    "bootloader": image(0, "boot"),
    "partition_table": elf_builder.partition_table(),
    "app": image(0),
}


@pytest.fixture
def technician(net: Network) -> bytes:
    a = net.nodes[0]
    member = a.add_member("Technicien Ekani", "technician")
    a.seal()
    net.sync()
    return member


def test_a_technician_builds_a_pack_that_every_commune_accepts(
    net: Network, technician: bytes, tmp_path: Path
) -> None:
    built = pack.build(net.nodes[0], tmp_path / "relay.zip", member=technician, **PARTS)
    assert built.version == "relay-1.2.3" and built.signer == "Technicien Ekani"
    checked = pack.verify(net.nodes[2], tmp_path / "relay.zip")
    assert checked.flash_args == [
        (0x1000, PARTS["bootloader"]),
        (0x8000, PARTS["partition_table"]),
        (0x20000, PARTS["app"]),
    ]  # the factory slot
    assert checked.digest == built.digest


def _rewrite(path: Path, change: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files.update(change)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def test_altered_parts_or_manifest_are_refused(
    net: Network, technician: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "relay.zip"
    pack.build(net.nodes[0], path, member=technician, **PARTS)
    _rewrite(path, {"app.bin": PARTS["app"][:-1] + b"\x00"})
    with pytest.raises(pack.PackError) as part:
        pack.verify(net.nodes[1], path)
    assert part.value.code == "pack_hash_mismatch"
    pack.build(net.nodes[0], path, member=technician, **PARTS)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(pack.MANIFEST))
    manifest["version"] = "relay-9.9.9"
    _rewrite(path, {pack.MANIFEST: json.dumps(manifest).encode()})
    with pytest.raises(pack.PackError) as forged:
        pack.verify(net.nodes[1], path)
    assert forged.value.code == "pack_forged"
    path.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(pack.PackError) as damaged:
        pack.verify(net.nodes[1], path)
    assert damaged.value.code == "pack_damaged"


def test_wrong_chip_or_version_or_signer_is_refused(
    net: Network, technician: bytes, tmp_path: Path
) -> None:
    a = net.nodes[0]
    with pytest.raises(pack.PackError) as chip:
        pack.build(a, tmp_path / "s3.zip", member=technician, **{**PARTS, "app": image(9)})
    assert chip.value.code == "pack_wrong_chip" and "ESP32-S3" in chip.value.message
    clerk = a.add_member("Secrétaire", "clerk")
    a.seal()
    with pytest.raises(pack.PackError) as signer:
        pack.build(a, tmp_path / "clerk.zip", member=clerk, **PARTS)
    assert signer.value.code == "pack_not_technician"
    path = tmp_path / "ok.zip"
    pack.build(a, path, member=technician, **PARTS)
    key = a.keyring.identity(technician).current
    a.submit(TxType.KEY_REVOKE, {"kid": key.kid, "reason": "ordinateur volé"}, actor=a.commune)
    a.seal()
    with pytest.raises(pack.PackError) as revoked:
        pack.verify(a, path)
    assert revoked.value.code == "pack_not_technician"
