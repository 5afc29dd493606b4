"""Each issuing commune signs its own status list (docs/spec/transactions.md, STATUS_LIST): a
cancellation made at Ambam reaches Bipindi by stick inside Ambam's list, under Ambam's node
key, so a kit written at Bipindi can carry it without Bipindi's word being needed for it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.encoding import cbor
from app.core.encoding.cose import parse_sign1, verify_sign1
from tests.journeys.conftest import Town
from tests.test_cli import program


def lists(town: Town) -> dict[str, Any]:
    return {row["name"]: row for row in town.json("attest", "lists")["lists"]}


def exact_bytes(town: Town, oid: str) -> bytes:
    """`obambu object get`: the exact signed bytes, as an outsider takes them."""
    got = program("--home", town.home, "object", "get", "--id", oid)
    assert got.returncode == 0, got.stderr
    return got.stdout


def test_a_cancellation_reaches_another_commune_in_the_issuers_own_signed_list(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    ambam, bipindi, _ = demo(3)
    held = lists(bipindi)
    assert set(held) == {"Ambam", "Bipindi", "Campo"}  # the demo's communes each signed one
    assert held["Ambam"]["cancelled"] == []

    issued = ambam.json("attest", "issue", "--type", "res", "--subject", "Anne Mvondo")
    ambam.run("attest", "revoke", "--id", issued["id"], "--reason", "clerical_error")
    ambam.run("sync", "export", "--to", stick)
    assert lists(bipindi)["Ambam"] == held["Ambam"]  # nothing has reached Bipindi yet
    bipindi.run("sync", "import", "--from", stick)

    ambams = lists(bipindi)["Ambam"]
    assert ambams["cancelled"] == [issued["id"]]
    assert ambams["time"] >= held["Ambam"]["time"] and ambams["id"] != held["Ambam"]["id"]
    assert lists(bipindi)["Campo"] == held["Campo"]  # nobody else's list changed

    # An outsider checks it from the genesis alone: signed by Ambam's node key, under the
    # network id, and it says why the paper was cancelled — the reason's code, not the note.
    network = bytes.fromhex(bipindi.json("status")["network_id"])
    genesis: Any = cbor.decode(parse_sign1(exact_bytes(bipindi, network.hex())).payload)
    founders = {bytes(a[0]): bytes(a[2]) for a in genesis[3]}  # commune id -> node public key
    data = exact_bytes(bipindi, ambams["id"])
    envelope = parse_sign1(data, strict=True)
    tx: Any = cbor.decode(envelope.payload)
    assert tx[0] == 33 and bytes(tx[1]).hex() == ambams["commune"]
    verify_sign1(envelope, founders[bytes(tx[1])], network)
    (entry,) = tx[6]["cancelled"]
    assert entry[0].hex() == issued["id"] and entry[1] == "clerical_error"
    assert {key["name"] for key in tx[6]["keys"]} >= {"Marie Ndongo", "Paul Abega"}
