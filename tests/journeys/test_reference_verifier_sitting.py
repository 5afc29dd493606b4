"""Anyone can check a sitting's deliberations (issue 20), without this program: the independent
JavaScript verifier (verifier/sitting.mjs, written from docs/spec/records.md) checks a sitting's
record exported by `obambu audit sitting` and finds what `obambu audit record` finds: the same
objects, each deliberation's totals counted again from the signed entries and the councillors'
own ballots, the minutes' digest and who approved it. A changed entry, a changed block and
changed minutes are refused by both."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.journeys.conftest import Cli, Town
from tests.test_reference_verifier import run_check


def _sitting_with_own_signatures(ambam: Town) -> str:
    """The secretary convenes the council; Jean signs his own roll-call ballot on item 1 and
    the secretary enters it; item 2 by show of hands; Jean (his PIN) and the secretary approve
    the minutes; then the mayor suspends Paul. Returns the sitting's id."""
    people = {m["name"]: str(m["id"]) for m in ambam.json("member", "list")["members"]}
    jean = people["Jean Owona"]
    ambam.run("member", "use", people["Rose Atangana"])  # the secretary's laptop
    argv = ["sitting", "convene", "--date", (date.today() + timedelta(days=6)).isoformat()]
    for name in ("Marie Ndongo", "Paul Abega", "Jean Owona", "Claire Nkoulou"):
        argv += ["--member", name]
    argv += ["--item", "Le conseil approuve la réfection du toit de l'école."]
    argv += ["--item", "Le conseil approuve le budget du marché."]
    sitting = str(ambam.json(*argv, "--number", "2")["id"])
    ambam.json(
        "--as", jean, "sitting", "ballot", "--sitting", sitting, "--item", "1", "--choice", "contre"
    )
    vote = ["sitting", "vote", "--sitting", sitting, "--item"]
    ambam.json(*vote, "1", "--mode", "appel_nominal", "--ballot", "m3=contre", "--others", "pour")
    ambam.json(*vote, "2", "--ballot", "m2=contre", "--others", "abstention")
    digest = ambam.json("sitting", "minutes", "--sitting", sitting)["digest"]
    approve = ["sitting", "approve", "--sitting", sitting, "--digest", digest]
    ambam.json("--as", jean, *approve)
    ambam.json(*approve)
    ambam.run("--as", people["Marie Ndongo"], "member", "suspend", people["Paul Abega"])
    return sitting


def test_the_javascript_verifier_checks_a_sittings_deliberations_as_obambu_does(
    demo: Callable[[int], list[Town]], cli: Cli, tmp_path: Path
) -> None:
    ambam, _ = demo(2)
    sitting = _sitting_with_own_signatures(ambam)
    folder = Path(
        ambam.json("audit", "sitting", "--sitting", sitting, "--record", tmp_path)["folder"]
    )
    ours = cli("--json", "audit", "record", folder).json()
    code, theirs = run_check("sitting", str(folder))
    assert code == 0, theirs
    for field in ("network_id", "sitting", "blocks", "objects", "minutes_digest", "approved"):
        assert theirs[field] == ours[field], field
    assert (
        theirs["deliberations"]
        == ours["deliberations"]
        == [
            {"item": 0, "totals": [3, 1, 0, 0, 0, 0]},
            {"item": 1, "totals": [0, 1, 3, 0, 0, 0]},
        ]
    )
    assert ours["objects"]["ballots"] == 1 and ours["approved"] == 2
    assert (
        ours["minutes_digest"] == ambam.json("sitting", "minutes", "--sitting", sitting)["digest"]
    )

    entry = _copy(folder, tmp_path / "entry")
    _flip(entry / "deliberations-0000.cose")
    _refused_by_both(
        cli,
        entry,
        "deliberations-0000.cose is not the object its block holds",
        "deliberations-0000",
    )

    block = _copy(folder, tmp_path / "block")
    _flip(next((block / "blocks").iterdir()))
    _refused_by_both(cli, block, "", "does not check")

    # The minutes changed after the export: "contre 1" becomes "contre 2" on item 1.
    minutes = _copy(folder, tmp_path / "minutes")
    text = (minutes / "minutes.txt").read_text(encoding="utf-8")
    assert text.count("pour 3, contre 1") == 1
    (minutes / "minutes.txt").write_text(text.replace("pour 3, contre 1", "pour 3, contre 2"))
    _refused_by_both(
        cli, minutes, "item 1: the minutes state [3,2,0,0,0,0]", "minutes.txt is not the minutes"
    )


def _refused_by_both(cli: Cli, folder: Path, theirs: str, ours: str) -> None:
    code, report = run_check("sitting", str(folder))
    assert code == 1 and theirs in report["error"], report
    result: Any = cli("audit", "record", folder)
    assert result.code != 0 and ours in result.err, result.err


def _copy(folder: Path, target: Path) -> Path:
    shutil.copytree(folder, target)
    return target


def _flip(path: Path) -> None:
    """One byte changed near the end (inside the signature): a forger's or a damaged file."""
    data = bytearray(path.read_bytes())
    data[-5] ^= 1
    path.write_bytes(bytes(data))
