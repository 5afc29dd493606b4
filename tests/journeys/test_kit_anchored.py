"""A gendarmerie is told the network id once; the kit from the stick is checked from the
network's genesis against it, and every verification with it names the network again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cbor2

from app.core.attestations import kit
from app.core.encoding import cbor
from app.core.encoding.cose import parse_sign1, sign1
from app.core.node.node import Node
from tests.journeys.conftest import Town
from tests.test_certificate_print import pdf_text
from tests.test_cli import PASS, in_process_cli, ok, sentence

cli = in_process_cli


def test_a_kit_is_checked_against_the_network_id_the_verifier_was_told(
    cli: Any, tmp_path: Path
) -> None:
    home, other = tmp_path / "ambam", tmp_path / "ailleurs"
    founded = ok(cli("--json", "--home", home, "init", "--commune", "Ambam", "--member", "Marie"))
    network = founded.json()["network_id"]
    ok(cli("--home", other, "init", "--commune", "Ailleurs", "--member", "Jean"))
    h = ("--home", home, "--json")
    paper = ok(cli(*h, "attest", "issue", "--type", "res", "--subject", "Paul Ékani")).json()
    pdf = tmp_path / "certificat.pdf"
    ok(cli(*h, "attest", "print", "--id", paper["id"], "--out", pdf))
    printed = " ".join(pdf_text(pdf).split())
    # Printed to compare with the id the town hall gave, in groups of four to read out.
    assert "Identifiant du réseau" in printed
    assert " ".join(network[i : i + 4] for i in range(0, 64, 4)) in printed
    stick, foreign_stick = tmp_path / "stick", tmp_path / "autre-cle"
    ok(cli(*h, "attest", "kit", "export", "--to", stick))
    ok(cli("--home", other, "attest", "kit", "export", "--to", foreign_stick))
    verifier = tmp_path / "gendarmerie"

    # A kit of another network is refused against the id the gendarmerie was told.
    refused = cli(
        "attest",
        "kit",
        "import",
        "--from",
        foreign_stick,
        "--kit",
        verifier,
        "--network-id",
        network,
    )
    assert "another network" in sentence(refused)
    assert not (verifier / "trust.cbor").exists()

    imported = ok(
        cli(
            "--json",
            "attest",
            "kit",
            "import",
            "--from",
            stick,
            "--kit",
            verifier,
            "--network-id",
            network,
        )
    ).json()
    assert imported["anchored"] is True
    checked = ok(
        cli(
            "--json",
            "attest",
            "verify",
            "--payload",
            paper["qr"],
            "--kit",
            verifier,
            "--network-id",
            network,
        )
    ).json()
    assert checked["outcome"] == "authentic" and checked["subject"] == "Paul Ékani"

    wrong = "00" * 32
    mistyped = cli(
        "attest", "verify", "--payload", paper["qr"], "--kit", verifier, "--network-id", wrong
    )
    assert "another network than the one you were told" in sentence(mistyped)
    assert "64 characters" in sentence(
        cli("attest", "verify", "--payload", paper["qr"], "--kit", verifier, "--network-id", "ab")
    )


def test_a_kit_imported_without_the_network_id_is_not_taken_as_checked(
    cli: Any, tmp_path: Path
) -> None:
    home = tmp_path / "ambam"
    founded = ok(cli("--json", "--home", home, "init", "--commune", "Ambam", "--member", "Marie"))
    h = ("--home", home, "--json")
    paper = ok(cli(*h, "attest", "issue", "--type", "res", "--subject", "Paul Ékani")).json()
    stick, verifier = tmp_path / "stick", tmp_path / "gendarmerie"
    ok(cli(*h, "attest", "kit", "export", "--to", stick))
    shown = ok(cli("attest", "kit", "import", "--from", stick, "--kit", verifier)).out
    assert "Not checked against the network id" in shown
    unchecked = cli(
        "attest",
        "verify",
        "--payload",
        paper["qr"],
        "--kit",
        verifier,
        "--network-id",
        founded.json()["network_id"],
    )
    assert "was not checked against the network id" in sentence(unchecked)


# --- kit-2: any commune's kit, proven from the genesis -------------------------------------


def _admitted(cli: Any, tmp_path: Path) -> tuple[Town, Town, str]:
    """Ambam founds the network alone; Djoum asks on a stick, Ambam invites it (an epoch that
    admits it, which Ambam's approval alone certifies) and Djoum joins: its node key is in no
    genesis. Djoum registers its mayor. The two towns and the network id."""
    ambam, djoum = Town(cli, tmp_path / "ambam"), Town(cli, tmp_path / "djoum")
    network = ambam.json("init", "--commune", "Ambam", "--member", "Marie")["network_id"]
    trip = tmp_path / "trip"
    trip.mkdir()
    djoum.run("join", "request", "--commune", "Djoum", "--stick", trip)
    assert ambam.json("join", "invite", "--stick", trip)["proposal"]
    djoum.run("join", "accept", "--stick", trip)
    assert djoum.json("status")["epoch"] == 1
    djoum.run("member", "add", "--name", "Maire de Djoum")
    return ambam, djoum, str(network)


def _import(cli: Any, stick: Path, verifier: Path, network: str) -> Any:
    return cli(
        "--json", "attest", "kit", "import", "--from", stick, "--kit", verifier,
        "--network-id", network,
    )  # fmt: skip


def _verify(cli: Any, qr: str, verifier: Path, network: str) -> Any:
    return cli(
        "--json", "attest", "verify", "--payload", qr, "--kit", verifier, "--network-id", network
    )


def test_a_commune_admitted_after_the_genesis_writes_a_kit_anchored_to_the_network(
    cli: Any, tmp_path: Path
) -> None:
    _ambam, djoum, network = _admitted(cli, tmp_path)
    paper = djoum.json("attest", "issue", "--type", "nais", "--subject", "Paul Ékani")
    stick, verifier = tmp_path / "stick", tmp_path / "gendarmerie"
    djoum.run("attest", "kit", "export", "--to", stick)

    imported = ok(_import(cli, stick, verifier, network)).json()
    assert imported["anchored"] is True and "Djoum" in imported["updated"]
    checked = ok(_verify(cli, paper["qr"], verifier, network)).json()
    assert checked["outcome"] == "authentic"
    assert checked["commune"] == "Djoum" and checked["issuer"] == "Maire de Djoum"


def test_a_kit_whose_writer_altered_another_communes_list_is_refused(
    cli: Any, tmp_path: Path
) -> None:
    ambam, djoum, network = _admitted(cli, tmp_path)
    paper = ambam.json("attest", "issue", "--type", "nais", "--subject", "Jeanne Mballa")
    ambam.run("attest", "revoke", "--id", paper["id"], "--reason", "clerical_error")
    trip = tmp_path / "trip"
    ambam.run("sync", "export", "--to", trip)
    djoum.run("sync", "import", "--from", trip)
    stick, verifier = tmp_path / "stick", tmp_path / "gendarmerie"
    djoum.run("attest", "kit", "export", "--to", stick)
    path = stick / kit.FOLDER / kit.FILE

    # Djoum's clerk, who holds Djoum's laptop and its passphrase, wants Ambam's cancelled
    # paper to pass: he drops the cancellation from Ambam's list and signs the file again with
    # Djoum's key, as a tool of his own would.
    payload: Any = cbor.decode(parse_sign1(path.read_bytes(), strict=True).payload)
    ambam_id = bytes.fromhex(ambam.json("status")["commune_id"])
    for index, data in enumerate(payload["lists"]):
        envelope = parse_sign1(data, strict=True)
        inner: Any = cbor.decode(envelope.payload)
        if inner[1] == ambam_id:
            assert inner[6]["cancelled"]
            inner[6]["cancelled"] = []
            payload["lists"][index] = _with_payload(data, cbor.encode(inner))
    node = Node.open(djoum.home, PASS)
    try:
        key = node.keyring.identity(node.commune).current
    finally:
        node.close()
    path.write_bytes(sign1(cbor.encode(payload), key.signing_key, b""))

    refused = _import(cli, stick, verifier, network)
    assert refused.code != 0 and "list of cancellations" in refused.err
    assert not (verifier / "trust.cbor").exists()
    # The kit as Djoum wrote it says the truth.
    djoum.run("attest", "kit", "export", "--to", stick)
    ok(_import(cli, stick, verifier, network))
    assert _verify(cli, paper["qr"], verifier, network).json()["outcome"] == "cancelled"


def test_a_cancelled_paper_says_cancelled_with_the_date_of_its_communes_list(
    cli: Any, tmp_path: Path
) -> None:
    _ambam, djoum, network = _admitted(cli, tmp_path)
    paper = djoum.json("attest", "issue", "--type", "nais", "--subject", "Jeanne Mballa")
    djoum.run("attest", "revoke", "--id", paper["id"], "--reason", "clerical_error")
    stick, verifier = tmp_path / "stick", tmp_path / "gendarmerie"
    djoum.run("attest", "kit", "export", "--to", stick)
    ok(_import(cli, stick, verifier, network))

    checked = _verify(cli, paper["qr"], verifier, network)
    assert checked.code == 3
    verdict = checked.json()
    assert verdict["outcome"] == "cancelled" and verdict["reason"] == "clerical_error"
    # The list that says so is Djoum's own, dated the moment its kit was written.
    assert verdict["status_as_of"] >= verdict["revoked_at"] >= verdict["issued"]
    shown = cli("attest", "verify", "--payload", paper["qr"], "--kit", verifier)
    assert "cancelled: clerical_error, according to the commune's list of" in shown.out


def _with_payload(data: bytes, payload: bytes) -> bytes:
    """The same COSE_Sign1 (header and signature kept) around another payload."""
    envelope = cbor2.loads(data)  # the profile's decoder refuses tags: the envelope is one
    protected, unprotected, _, signature = envelope.value
    return bytes(cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected, payload, signature])))
