"""Anyone can check (issue 20), without this program: a gendarmerie told the network id checks
the kit a town hall wrote (`obambu attest kit export`) and papers from their QR text with the
independent JavaScript verifier (verifier/kit.mjs, written from docs/spec/kit.md), and finds
the verdicts `obambu attest verify --kit … --network-id …` gives. A kit whose writer changed
another commune's list, or told with another network id, is refused by both."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.core.encoding import cbor
from app.core.encoding.cose import parse_sign1, sign1
from app.core.node.node import Node
from tests.journeys.conftest import Cli, Town, rekey_by_stick
from tests.test_cli import PASS
from tests.test_reference_verifier_kit import node_check

VERIFIER = Path(__file__).resolve().parents[2] / "verifier"
# What a person reads of a verdict, named alike by both verifiers.
COMPARED = (
    "outcome",
    "id",
    "number",
    "control",
    "status_as_of",
    "issued_after_list",
    "replaced_by",
    "revoked_at",
    "key_revoked_at",
    "issued",
    "expires",
    "type",
    "subject",
    "issuer",
    "commune",
)


def both_verdicts(cli: Cli, qr: str, stick: Path, held: Path, network_id: str) -> dict[str, Any]:
    """The verdict of each verifier on one paper; they must agree on every field compared."""
    ours = cli(
        "--json", "attest", "verify", "--payload", qr, "--kit", held, "--network-id", network_id
    )
    assert ours.code in (0, 3), ours.err
    mine = ours.json()
    code, theirs = node_check("qr", qr, "--kit", stick, "--network-id", network_id)
    assert {k: mine.get(k) for k in COMPARED} == {k: theirs.get(k) for k in COMPARED}, (
        mine,
        theirs,
    )
    assert code == (0 if mine["outcome"] == "authentic" else 1)
    assert (ours.code == 0) == (mine["outcome"] == "authentic")
    return dict(mine)


def _later_second() -> None:
    """The next paper is issued in a later second than the kit's list."""
    listed = int(time.time())
    while int(time.time()) <= listed:
        time.sleep(0.05)


def test_a_demo_kit_gives_the_same_verdicts_in_both_verifiers(
    demo: Callable[[int], list[Town]], cli: Cli, stick: Path, tmp_path: Path
) -> None:
    ambam, _, _ = demo(3)
    network_id = str(ambam.json("status")["network_id"])
    issue = ("attest", "issue", "--type", "res", "--subject")
    kept = ambam.json(*issue, "Paul Ékani")
    gone = ambam.json(*issue, "Anne Mvondo")
    ambam.run("attest", "revoke", "--id", gone["id"], "--reason", "clerical_error")
    old = ambam.json(*issue, "Jean Obiang")
    new = ambam.json(
        "attest",
        "correct",
        "--id",
        old["id"],
        "--type",
        "res",
        "--subject",
        "Jean-Pierre Obiang",
        "--reason",
        "clerical_error",
    )
    ambam.run("attest", "kit", "export", "--to", stick)
    signed = {row["name"]: row["time"] for row in ambam.json("attest", "lists")["lists"]}
    _later_second()
    late = ambam.json(*issue, "Awono Zang")

    code, kit = node_check("kit", stick, "--network-id", network_id)
    assert code == 0, kit
    assert kit["network_id"] == network_id
    dates = {c["name"]: c["list_date"] for c in kit["communes"]}
    # Each commune's list date is the time of the list it signed, as Ambam holds it.
    assert {n: d for n, d in dates.items() if d is not None} == signed

    held = tmp_path / "gendarmerie"
    imported = cli(
        "--json",
        "attest",
        "kit",
        "import",
        "--from",
        stick,
        "--kit",
        held,
        "--network-id",
        network_id,
    )
    assert imported.code == 0 and imported.json()["anchored"] is True, imported.err

    assert both_verdicts(cli, kept["qr"], stick, held, network_id)["outcome"] == "authentic"
    assert both_verdicts(cli, gone["qr"], stick, held, network_id)["outcome"] == "cancelled"
    replaced = both_verdicts(cli, old["qr"], stick, held, network_id)
    assert replaced["outcome"] == "replaced" and replaced["replaced_by"] == new["number"]
    after = both_verdicts(cli, late["qr"], stick, held, network_id)
    assert after["outcome"] == "status_unknown" and after["issued_after_list"] is True
    assert after["status_as_of"] == dates["Ambam"] < after["issued"]


def _kit_file(stick: Path) -> Path:
    return stick / "OBAMBU-KIT" / "kit.cose"


def test_a_kit_whose_writer_changed_another_communes_list_is_refused_by_both(
    demo: Callable[[int], list[Town]], cli: Cli, stick: Path, tmp_path: Path
) -> None:
    """Ambam's town hall, writing the kit, cancels one of Bipindi's papers in Bipindi's list and
    signs the kit again with its own key: Bipindi's signature on its list no longer holds."""
    ambam, bipindi, _ = demo(3)
    network_id = str(ambam.json("status")["network_id"])
    bipindi.json("attest", "issue", "--type", "res", "--subject", "Marthe Ebang")
    bipindi.visit(stick)
    ambam.visit(stick)
    ambam.run("attest", "kit", "export", "--to", stick)
    assert node_check("kit", stick, "--network-id", network_id)[0] == 0

    bipindi_id = bytes.fromhex(bipindi.json("status")["commune_id"])
    envelope = parse_sign1(_kit_file(stick).read_bytes(), strict=True)
    payload: Any = cbor.decode(envelope.payload)
    lists = payload["lists"]
    actors: list[Any] = [cbor.decode(parse_sign1(tx).payload) for tx in lists]
    (index,) = [i for i, tx in enumerate(actors) if tx[1] == bipindi_id]
    changed = bytearray(lists[index])
    changed[-70] ^= 1  # one byte of the list's content, before its signature
    lists[index] = bytes(changed)
    node = Node.open(ambam.home, PASS)  # the writer holds its own key
    try:
        key = node.keyring.identity(node.commune).current
        forged = sign1(cbor.encode(payload), key.signing_key, b"")
    finally:
        node.close()
    _kit_file(stick).write_bytes(forged)

    code, report = node_check("kit", stick, "--network-id", network_id)
    assert code == 1 and report["code"] == "kit_not_anchored", report
    assert "(Bipindi): bad signature" in report["error"], report
    held = tmp_path / "gendarmerie"
    ours = cli(
        "--json",
        "attest",
        "kit",
        "import",
        "--from",
        stick,
        "--kit",
        held,
        "--network-id",
        network_id,
    )
    assert ours.code != 0 and "is not that commune's own" in ours.err, ours.err


def test_a_kit_told_with_another_network_id_is_refused_by_both(
    demo: Callable[[int], list[Town]], cli: Cli, stick: Path, tmp_path: Path
) -> None:
    ambam, _, _ = demo(3)
    ambam.run("attest", "kit", "export", "--to", stick)
    other = "ab" * 32
    code, report = node_check("kit", stick, "--network-id", other)
    assert code == 1 and report["code"] == "kit_other_network", report
    held = tmp_path / "gendarmerie"
    ours = cli(
        "--json", "attest", "kit", "import", "--from", stick, "--kit", held, "--network-id", other
    )
    assert ours.code != 0 and "another network" in ours.err, ours.err


def test_a_paper_of_a_commune_admitted_after_the_founding_checks_from_a_kit_written_elsewhere(
    demo: Callable[[int], list[Town]], cli: Cli, tmp_path: Path
) -> None:
    """Djoum is in no genesis: the epoch that admitted it (Ambam's proposal, Bipindi's approval)
    is in the kit Ambam writes, and Djoum's own list says its paper is not cancelled."""
    ambam, bipindi, _ = demo(3)
    network_id = str(ambam.json("status")["network_id"])
    djoum = Town(cli, tmp_path / "djoum")
    trip = tmp_path / "trip"
    trip.mkdir()
    djoum.run("join", "request", "--commune", "Djoum", "--stick", trip)
    proposal = ambam.json("join", "invite", "--stick", trip)["proposal"]
    djoum.run("join", "accept", "--stick", trip)
    bipindi.run("sync", "import", "--from", trip)
    bipindi.run("rekey", "approve", proposal)
    bipindi.run("sync", "export", "--to", trip)
    djoum.run("sync", "import", "--from", trip)
    assert djoum.json("status")["epoch"] == 1
    djoum.run("member", "add", "--name", "Maire de Djoum")
    paper = djoum.json("attest", "issue", "--type", "res", "--subject", "Zang Mezui")
    djoum.run("sync", "export", "--to", trip)
    ambam.run("sync", "import", "--from", trip)
    stick = tmp_path / "kit"
    ambam.run("attest", "kit", "export", "--to", stick)

    code, kit = node_check("kit", stick, "--network-id", network_id)
    assert code == 0 and kit["epoch"] == 1, kit
    assert {c["name"] for c in kit["communes"]} >= {"Ambam", "Bipindi", "Djoum"}
    held = tmp_path / "gendarmerie"
    imported = cli(
        "--json",
        "attest",
        "kit",
        "import",
        "--from",
        stick,
        "--kit",
        held,
        "--network-id",
        network_id,
    )
    assert imported.code == 0 and imported.json()["anchored"] is True, imported.err
    verdict = both_verdicts(cli, paper["qr"], stick, held, network_id)
    assert verdict["outcome"] == "authentic"


SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


@pytest.mark.parametrize(
    ("paper", "outcome"),
    [("attestation.txt", "authentic"), ("attestation-annulee.txt", "cancelled")],
)
def test_the_sample_papers_in_docs_read_the_same_in_both_verifiers(
    cli: Cli, paper: str, outcome: str
) -> None:
    """docs/samples: the kit, the network id and the two papers, nothing else."""
    network_id = (SAMPLES / "network-id.txt").read_text(encoding="utf-8").strip()
    qr = (SAMPLES / paper).read_text(encoding="utf-8").strip()
    code, kit = node_check("kit", SAMPLES / "kit.cose", "--network-id", network_id)
    assert code == 0 and kit["epoch"] == 1 and kit["by"] == "Bipindi", kit
    verdict = both_verdicts(cli, qr, SAMPLES, SAMPLES, network_id)
    assert verdict["outcome"] == outcome


def test_a_rekeyed_communes_kit_reads_the_same_in_both_verifiers(
    demo: Callable[[int], list[Town]], cli: Cli, tmp_path: Path
) -> None:
    """Ambam's laptop is stolen; Bipindi and Campo give its rebuilt laptop a new node key by an
    epoch. The kit it writes is signed by the new key, its list too: both verifiers follow the
    re-key from the genesis, and agree on a paper from before the theft and one from after."""
    ambam, bipindi, campo = demo(3)
    network_id = str(ambam.json("status")["network_id"])
    before = ambam.json("attest", "issue", "--type", "res", "--subject", "Paul Ékani")
    code = ambam.json("backup", "paper", "--out", tmp_path / "qr.png")["seed"]
    trip = tmp_path / "trip"
    trip.mkdir()
    ambam.visit(trip)
    bipindi.visit(trip)

    new = Town(cli, tmp_path / "ambam-new")
    new.run("backup", "restore", "--paper", code, "--stick", trip)
    rekey = new.json("rekey", "request")["code"]
    bipindi.run("join", "invite", "--stick", trip)
    new.run("join", "accept", "--stick", trip)
    rekey_by_stick(rekey, bipindi, trip, approvers=[campo], then=[bipindi, new])
    assert new.json("status")["node_key"] != ambam.json("status")["node_key"]
    # The mayor's key went with the laptop: the commune removes her and registers its mayor again.
    members = new.json("member", "list")["members"]
    mayor = next(str(m["id"]) for m in members if m["role"] == "mayor" and m["active"])
    new.run("member", "remove", mayor)
    new.run("member", "add", "--name", "Maire d'Ambam")
    after = new.json("attest", "issue", "--type", "res", "--subject", "Anne Mvondo")

    stick = tmp_path / "kit"
    new.run("attest", "kit", "export", "--to", stick)
    code_, kit = node_check("kit", stick, "--network-id", network_id)
    assert code_ == 0 and kit["epoch"] == 1, kit
    held = tmp_path / "gendarmerie"
    imported = cli(
        "--json", "attest", "kit", "import", "--from", stick, "--kit", held,
        "--network-id", network_id,
    )  # fmt: skip
    assert imported.code == 0 and imported.json()["anchored"] is True, imported.err
    # The paper the former mayor signed before the theft stands.
    assert both_verdicts(cli, before["qr"], stick, held, network_id)["outcome"] == "authentic"
    assert both_verdicts(cli, after["qr"], stick, held, network_id)["outcome"] == "authentic"
