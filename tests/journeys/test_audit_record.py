"""Anyone can check (issue 20): a clerk exports a closed vote's record; an outsider with the
folder alone checks it from its genesis, and a changed file is refused in one sentence; the
block ids and feed heads an auditor compares are the ones `status` gives."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from tests.journeys.conftest import Cli, Town, open_vote


def _flip(path: Path) -> None:
    """One byte changed near the end: what a forger or a damaged stick does to a file."""
    data = bytearray(path.read_bytes())
    data[-5] ^= 1
    path.write_bytes(bytes(data))


def _refusal(cli: Cli, folder: Path) -> str:
    result = cli("audit", "record", folder)
    assert result.code != 0, "a changed record should be refused"
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("obambu: "), result.err
    return lines[0]


def test_a_closed_vote_record_checks_offline_and_a_changed_ballot_is_refused(
    demo: Callable[[int], list[Town]], cli: Cli, tmp_path: Path
) -> None:
    ambam, _, _ = demo(3)
    (vote,) = [v["id"] for v in ambam.json("vote", "list")]  # the demo's open vote
    ambam.run("vote", "close", "--vote", vote)
    shown = ambam.json("vote", "show", "--vote", vote)
    folder = Path(ambam.json("vote", "export", "--vote", vote, "--record", tmp_path)["folder"])

    # The outsider: no profile, no passphrase, only the folder.
    result = cli("--json", "audit", "record", folder)
    assert result.code == 0, result.err
    checked = result.json()
    assert checked["network_id"] == ambam.json("status")["network_id"]
    assert checked["closed"] is True
    assert checked["ballots"] == shown["count"] == 3
    assert checked["tally"] == shown["tally"] and checked["root"] == shown["root"]
    assert cli("audit", "record", folder).out.startswith("OK: the record checks")

    ballot = tmp_path / "ballot"
    shutil.copytree(folder, ballot)
    _flip(ballot / "ballot-0001.cose")
    assert _refusal(cli, ballot) == (
        "obambu: The file ballot-0001.cose is not the object its signed block holds: it was "
        "changed or replaced after the export."
    )

    block = tmp_path / "block"
    shutil.copytree(folder, block)
    _flip(next((block / "blocks").iterdir()))
    assert "does not check: The signature does not match" in _refusal(cli, block)

    partial = tmp_path / "partial"
    shutil.copytree(folder, partial)
    (partial / "genesis.cbor").unlink()
    assert "not a complete vote or sitting record" in _refusal(cli, partial)


def test_object_list_gives_the_heads_status_gives_and_the_replica_checks(
    demo: Callable[[int], list[Town]],
) -> None:
    ambam, _, _ = demo(3)
    listed = ambam.json("object", "list")
    status = ambam.json("status")
    assert listed["heads"] == status["heads"] and len(status["heads"]) == 3
    ids = {b["id"] for b in listed["blocks"]}
    assert set(status["heads"].values()) <= ids
    for author, seq in status["feeds"].items():
        (head,) = [b for b in listed["blocks"] if b["author"] == author and b["seq"] == seq]
        assert head["id"] == status["heads"][author]
    replica = ambam.json("audit", "replica")
    assert replica["blocks"] == len(ids) and replica["heads"] == status["heads"]


def test_a_ballot_signed_without_knowing_of_the_close_is_checked_but_not_counted(
    demo: Callable[[int], list[Town]], cli: Cli, stick: Path, tmp_path: Path
) -> None:
    """Bipindi votes from a laptop that has not heard of Ambam's close yet: its ballot is valid
    and travels, the record carries it, and the check says the close did not count it."""
    ambam, bipindi, _ = demo(3)
    vote = open_vote(ambam, "Forage commun à Nkolo ?")
    ambam.run("vote", "cast", "--vote", vote, "--choice", "oui")
    ambam.visit(stick)
    bipindi.visit(stick)
    ambam.run("vote", "close", "--vote", vote)
    bipindi.run("vote", "cast", "--vote", vote, "--choice", "non")
    bipindi.visit(stick)
    ambam.visit(stick)
    folder = Path(ambam.json("vote", "export", "--vote", vote, "--record", tmp_path)["folder"])
    result = cli("--json", "audit", "record", folder)
    assert result.code == 0, result.err
    checked = result.json()
    assert (checked["ballots"], checked["late"], checked["tally"]) == (1, 1, [1, 0])
    assert "valid but not counted: 1 ballot(s)." in cli("audit", "record", folder).out


def test_a_sitting_record_checks_offline_with_its_approved_minutes(
    demo: Callable[[int], list[Town]], cli: Cli, tmp_path: Path
) -> None:
    """The secretary approves the demo sitting's minutes and exports the sitting's record; the
    outsider checks it, the minutes written again from its entries carry that approval, and a
    changed entry is refused."""
    ambam, _, _ = demo(3)
    (listed,) = ambam.json("sitting", "list")
    sitting = listed["id"]
    digest = ambam.json("sitting", "minutes", "--sitting", sitting)["digest"]
    ambam.run("sitting", "approve", "--sitting", sitting, "--digest", digest)
    folder = Path(
        ambam.json("audit", "sitting", "--sitting", sitting, "--record", tmp_path)["folder"]
    )
    result = cli("--json", "audit", "record", folder)
    assert result.code == 0, result.err
    checked = result.json()
    assert checked["sitting"] == sitting and checked["minutes_digest"] == digest
    assert checked["approved"] == 1 and checked["objects"]["approvals"] == 1
    assert checked["objects"]["deliberations"] == listed["voted"]

    _flip(folder / "deliberations-0000.cose")
    assert _refusal(cli, folder) == (
        "obambu: The file deliberations-0000.cose is not the object its signed block holds: it "
        "was changed or replaced after the export."
    )
