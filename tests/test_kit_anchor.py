"""The kit's anchor beneath the journeys: a kit that names the right network and carries its
genesis, but is signed by a key the genesis does not vouch for, is not taken as checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.core.attestations import kit
from app.core.crypto.keys import KeyPair
from app.core.encoding import cbor
from app.core.encoding.cose import parse_sign1, sign1
from tests.test_cli import in_process_cli, ok

cli = in_process_cli


def test_a_kit_signed_by_a_key_the_genesis_does_not_vouch_for_is_not_anchored(
    cli: Any, tmp_path: Path
) -> None:
    home, stick = tmp_path / "ambam", tmp_path / "stick"
    founded = ok(cli("--json", "--home", home, "init", "--commune", "Ambam", "--member", "Marie"))
    network = bytes.fromhex(founded.json()["network_id"])
    ok(cli("--home", home, "attest", "kit", "export", "--to", stick))
    path = stick / kit.FOLDER / kit.FILE
    assert kit.read(path, network).anchored  # the real one, for contrast

    payload: Any = cbor.decode(parse_sign1(path.read_bytes(), strict=True).payload)
    forger = KeyPair.generate()
    signer = next(iter(payload["keys"]))  # the forger passes its key off as the town hall's
    payload["keys"].append({**signer, "kid": forger.kid, "pk": forger.public_key})
    path.write_bytes(sign1(cbor.encode(payload), forger.signing_key, b""))

    assert not kit.read(path).anchored  # still readable, but nothing proves it
    with pytest.raises(kit.KitError) as refused:
        kit.read(path, network)
    assert refused.value.code == "kit_not_anchored"

    payload["genesis"] = payload["genesis"][:-1] + bytes([payload["genesis"][-1] ^ 1])
    path.write_bytes(sign1(cbor.encode(payload), forger.signing_key, b""))
    with pytest.raises(kit.KitError) as altered:
        kit.read(path, network)
    assert altered.value.code == "kit_damaged"  # its genesis is not the network it names
