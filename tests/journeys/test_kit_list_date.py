"""A gendarmerie verifies with a kit whose list of cancellations predates the paper: the
signature is authentic, whether it was cancelled since is not known (docs/spec/kit.md)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tests.test_cli import in_process_cli, ok

cli = in_process_cli


def test_a_paper_issued_after_the_kits_list_has_an_unknown_status(cli: Any, tmp_path: Path) -> None:
    home, stick, verifier = tmp_path / "home", tmp_path / "stick", tmp_path / "gendarmerie"
    ok(cli("--home", home, "init", "--commune", "Ambam", "--member", "Marie Ndongo"))
    h = ("--home", home, "--json")
    before = ok(cli(*h, "attest", "issue", "--type", "res", "--subject", "Paul Ékani")).json()
    ok(cli(*h, "attest", "kit", "export", "--to", stick))
    ok(cli("--json", "attest", "kit", "import", "--from", stick, "--kit", verifier))
    listed = int(time.time())
    while int(time.time()) <= listed:  # the next paper is issued in a later second than the list
        time.sleep(0.05)
    after = ok(cli(*h, "attest", "issue", "--type", "res", "--subject", "Anne Mvondo")).json()

    known = ok(cli("--json", "attest", "verify", "--payload", before["qr"], "--kit", verifier))
    assert known.json()["outcome"] == "authentic"

    unknown = cli("--json", "attest", "verify", "--payload", after["qr"], "--kit", verifier)
    verdict = unknown.json()
    assert unknown.code == 3 and verdict["outcome"] == "status_unknown"
    assert verdict["issued_after_list"] is True and verdict["status_as_of"] < verdict["issued"]
    assert [c["ok"] for c in verdict["checks"] if c["check"] == "signature"] == [True]
    shown = cli("attest", "verify", "--payload", after["qr"], "--kit", verifier).out
    assert shown.startswith("STATUS_UNKNOWN")
    assert "before it was issued: its status is not known" in shown

    # The town hall's own ledger has it recorded: there the list is not older than the paper.
    assert ok(cli(*h, "attest", "verify", "--payload", after["qr"])).json()["outcome"] == (
        "authentic"
    )
