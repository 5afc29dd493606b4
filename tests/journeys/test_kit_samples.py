"""The sample certificates in docs/samples/ verify with the sample kit shipped beside them,
through the command anyone runs, with the network id written beside them: no profile, no
import, nothing but the files in docs/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.test_cli import in_process_cli

cli = in_process_cli
SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


def _verify(cli: Any, *how: str | Path) -> Any:
    network = (SAMPLES / "network-id.txt").read_text(encoding="utf-8").strip()
    return cli("--json", "attest", "verify", "--kit", SAMPLES, "--network-id", network, *how)


def test_the_sample_certificate_verifies_with_the_sample_kit(cli: Any) -> None:
    paper = (SAMPLES / "attestation.txt").read_text(encoding="utf-8").strip()
    checked = _verify(cli, paper)  # the QR text as it is pasted, after the options
    assert checked.code == 0, checked.err
    assert checked.json()["outcome"] == "authentic"
    assert checked.json()["subject"] == "Paul Ékani" and checked.json()["issuer"] == "Awa Mengue"
    printed = _verify(cli, "--image", SAMPLES / "attestation.pdf")  # the PDF, as a photo would
    assert printed.code == 0, printed.err
    assert printed.json()["outcome"] == "authentic"


def test_the_cancelled_sample_says_cancelled_with_the_list_date(cli: Any) -> None:
    paper = (SAMPLES / "attestation-annulee.txt").read_text(encoding="utf-8").strip()
    checked = _verify(cli, "--payload", paper)
    assert checked.code == 3  # anything but authentic
    verdict = checked.json()
    assert verdict["outcome"] == "cancelled" and verdict["reason"] == "clerical_error"
    assert verdict["status_as_of"] == 1_767_484_800  # Bipindi's list, 4 January 2026


def test_the_sample_kit_is_refused_against_another_network_id(cli: Any) -> None:
    paper = (SAMPLES / "attestation.txt").read_text(encoding="utf-8").strip()
    refused = cli(
        "attest", "verify", "--kit", SAMPLES, "--network-id", "ab" * 32, "--payload", paper
    )
    assert refused.code != 0
    assert "another network than the one you were told" in refused.err
