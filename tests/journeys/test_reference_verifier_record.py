"""Anyone can check (issue 20), without this program: the independent JavaScript verifier
(verifier/, written from docs/spec/) checks a vote record exported by `obambu vote export
--record` and finds the numbers `obambu vote show` gives; a changed ballot file is refused."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.journeys.conftest import Cli, Town, open_vote

VERIFIER = Path(__file__).resolve().parents[2] / "verifier"


def _node_check(folder: Path) -> tuple[int, dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not on PATH: the reference verifier needs Node.js >= 20")
    if not (VERIFIER / "node_modules" / "cborg").is_dir():
        pytest.fail("verifier/node_modules is missing: run `make test`, which runs npm ci there")
    done = subprocess.run(
        [node, str(VERIFIER / "check.mjs"), "record", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def test_the_javascript_verifier_recounts_an_exported_vote_as_obambu_does(
    demo: Callable[[int], list[Town]], cli: Cli, tmp_path: Path
) -> None:
    ambam, _, _ = demo(3)
    (vote,) = [v["id"] for v in ambam.json("vote", "list")]
    ambam.run("vote", "close", "--vote", vote)
    shown = ambam.json("vote", "show", "--vote", vote)
    folder = Path(ambam.json("vote", "export", "--vote", vote, "--record", tmp_path)["folder"])
    ours = cli("--json", "audit", "record", folder).json()
    code, report = _node_check(folder)
    assert code == 0, report
    assert report["network_id"] == ambam.json("status")["network_id"] == ours["network_id"]
    assert report["count"] == shown["count"] == ours["ballots"] == 3
    assert report["tally"] == shown["tally"] == ours["tally"]
    assert report["root"] == shown["root"] == ours["root"]
    assert report["blocks"] == ours["blocks"]
    assert report["late"] == ours["late"] == 0

    ballot = tmp_path / "ballot"
    shutil.copytree(folder, ballot)
    _flip(ballot / "ballot-0001.cose")
    code, report = _node_check(ballot)
    assert code == 1 and report["error"] == "ballot-0001.cose is not the object its block holds"
    assert cli("audit", "record", ballot).code != 0

    block = tmp_path / "block"
    shutil.copytree(folder, block)
    _flip(next((block / "blocks").iterdir()))
    code, report = _node_check(block)
    assert code == 1 and not report["ok"], report
    assert cli("audit", "record", block).code != 0


def test_a_communes_vote_with_a_ballot_the_close_did_not_see_recounts_the_same(
    demo: Callable[[int], list[Town]], cli: Cli, stick: Path, tmp_path: Path
) -> None:
    """One vote per commune; Bipindi's ballot is signed on a laptop that has not heard of the
    close: both verifiers keep it out of the count and say so."""
    ambam, bipindi, _ = demo(3)
    vote = open_vote(ambam, "Forage commun à Nkolo ?")
    ambam.run("vote", "cast", "--vote", vote, "--choice", "oui")
    ambam.visit(stick)
    bipindi.visit(stick)
    ambam.run("vote", "close", "--vote", vote)
    bipindi.run("vote", "cast", "--vote", vote, "--choice", "non")
    bipindi.visit(stick)
    ambam.visit(stick)
    shown = ambam.json("vote", "show", "--vote", vote)
    folder = Path(ambam.json("vote", "export", "--vote", vote, "--record", tmp_path)["folder"])
    ours = cli("--json", "audit", "record", folder).json()
    code, report = _node_check(folder)
    assert code == 0, report
    assert (report["count"], report["late"], report["tally"]) == (1, 1, [1, 0])
    assert (report["count"], report["late"]) == (ours["ballots"], ours["late"])
    assert report["tally"] == ours["tally"] == shown["tally"]
    assert report["root"] == ours["root"] == shown["root"]


def _flip(path: Path) -> None:
    """One byte changed near the end (inside the signature): a forger's or a damaged file."""
    data = bytearray(path.read_bytes())
    data[-5] ^= 1
    path.write_bytes(bytes(data))
