"""A gendarmerie is told the network id once; the kit from the stick is checked from the
network's genesis against it, and every verification with it names the network again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.test_certificate_print import pdf_text
from tests.test_cli import in_process_cli, ok, sentence

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
