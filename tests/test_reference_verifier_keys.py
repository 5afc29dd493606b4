"""The key-history rules of docs/spec/records.md, applied alike by both verifiers.

A ballot signed after its signer was suspended, removed, or had their key revoked or re-issued,
and a close signed by an elector who may not close yet, cannot be made through `obambu`: the
laptop refuses to sign or seal them. So these records are forged, with the
test's own keys (fixed seeds) and the program's object builders: a small network of one commune
whose feed registers two members, opens a vote between them, and then carries the fault. The
same record without the fault is accepted by both, so each refusal is the rule's doing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.core.crypto.keys import KeyPair, next_digest
from app.core.encoding import merkle
from app.core.ledger.objects import Authority, make_block, make_genesis, make_tx, object_id
from app.core.ledger.txtypes import TxType
from tests.test_cli import Result, in_process_cli
from tests.test_reference_verifier import run_check

cli = in_process_cli  # `obambu` in this process, as a person runs it

TIME = 1_767_225_600


def _forge(folder: Path, fault: str) -> Path:
    """A vote record of Marie's and Paul's vote, Paul's ballot after `fault` ("" for none):
    suspended, his key revoked, removed, or his key re-issued by the mayor; or closed by Marie."""
    founder, marie, paul = (KeyPair(bytes([n]) * 32) for n in (1, 2, 3))
    following = KeyPair(bytes([9]) * 32)
    commune = founder.kid
    genesis = make_genesis(
        founder,
        "Réseau forgé",
        TIME,
        [Authority(commune, "Ambam", founder.public_key, next_digest(following.public_key))],
        [bytes(80)],
    )
    network = object_id(genesis)
    aseq = {commune: 0, marie.kid: 0, paul.kid: 0}

    def tx(key: KeyPair, actor: bytes, type: TxType, body: dict[str, Any]) -> bytes:
        aseq[actor] += 1
        return make_tx(
            key, network, type=type, actor=actor, aseq=aseq[actor], body=body, time=TIME + 60
        )

    def member(key: KeyPair, name: str, role: str) -> bytes:
        body = {"id": key.kid, "pk": key.public_key, "next": next_digest(following.public_key)}
        return tx(founder, commune, TxType.MEMBER_ADD, {**body, "name": name, "role": role})

    members = [member(marie, "Marie Ndongo", "mayor"), member(paul, "Paul Abega", "councillor")]
    opening = tx(
        founder,
        commune,
        TxType.VOTE_OPEN,
        {
            "question": "Forage commun ?",
            "options": ["oui", "non"],
            "rule": "majority",
            "quorum": 0,
            "closes": 0,
            "electorate": {"kind": "members", "voters": [[marie.kid, 1], [paul.kid, 1]]},
        },
    )
    vote = object_id(opening)
    first = tx(marie, marie.kid, TxType.BALLOT, {"vote": vote, "choice": 0})
    txs0 = [*members, opening, first]
    block0 = make_block(
        founder, network, author=commune, seq=0, prev=None, refs=[], epoch=0, time=TIME, txs=txs0
    )
    txs1 = []
    if fault == "suspended":
        txs1.append(tx(founder, commune, TxType.MEMBER_SUSPEND, {"id": paul.kid, "suspended": 1}))
    elif fault == "revoked":
        revoke = {"kid": paul.kid, "reason": "clé perdue"}
        txs1.append(tx(founder, commune, TxType.KEY_REVOKE, revoke))
    elif fault == "removed":
        txs1.append(tx(founder, commune, TxType.MEMBER_REMOVE, {"id": paul.kid}))
    elif fault == "reissued":  # Marie, the mayor, gives Paul a new key; his old one signs on
        fresh = KeyPair(bytes([4]) * 32)
        body = {"member": paul.kid, "pk": fresh.public_key, "next": next_digest(fresh.public_key)}
        txs1.append(tx(marie, marie.kid, TxType.MEMBER_REISSUE, {**body, "reason": "PIN oublié"}))
    second = tx(paul, paul.kid, TxType.BALLOT, {"vote": vote, "choice": 1})
    ids = sorted(object_id(b) for b in (first, second))
    count: dict[str, Any] = {"vote": vote, "count": 2, "root": merkle.root(ids), "tally": [1, 1]}
    # "closer": Marie, an elector but not the convener, closes it before its time.
    closer, closer_id = (marie, marie.kid) if fault == "closer" else (founder, commune)
    closing = tx(closer, closer_id, TxType.VOTE_CLOSE, count)
    txs1 += [second, closing]
    block1 = make_block(
        founder,
        network,
        author=commune,
        seq=1,
        prev=object_id(block0),
        refs=[],
        epoch=0,
        time=TIME + 60,
        txs=txs1,
    )
    (folder / "blocks").mkdir(parents=True)
    (folder / "genesis.cbor").write_bytes(genesis)
    for block in (block0, block1):
        (folder / "blocks" / f"{object_id(block).hex()}.cbor").write_bytes(block)
    files = {"vote-open.cose": opening, "ballot-0000.cose": first, "ballot-0001.cose": second}
    files["vote-close.cose"] = closing
    for name, data in files.items():
        (folder / name).write_bytes(data)

    def entry(name: str, block: bytes) -> dict[str, str]:
        return {"tx": object_id(files[name]).hex(), "block": object_id(block).hex(), "file": name}

    record = {
        "format": "obambu-vote-record/1",
        "network_id": network.hex(),
        "genesis": "genesis.cbor",
        "blocks": [object_id(b).hex() for b in (block0, block1)],
        "vote": vote.hex(),
        "open": entry("vote-open.cose", block0),
        "ballots": [entry("ballot-0000.cose", block0), entry("ballot-0001.cose", block1)],
        "close": entry("vote-close.cose", block1),
    }
    (folder / "record.json").write_text(json.dumps({"record": record}), encoding="utf-8")
    return folder


def test_the_forged_record_without_a_fault_checks_in_both(cli: Any, tmp_path: Path) -> None:
    folder = _forge(tmp_path / "plain", "")
    ours: Result = cli("--json", "audit", "record", folder)
    assert ours.code == 0, ours.err
    code, report = run_check("record", str(folder))
    assert code == 0, report
    assert report["tally"] == ours.json()["tally"] == [1, 1]
    assert report["count"] == ours.json()["ballots"] == 2


@pytest.mark.parametrize(
    ("fault", "ours", "theirs"),
    [
        (
            "suspended",
            "The signer is suspended",
            "its signer was suspended by their commune before",
        ),
        ("revoked", "The signing key was revoked", "signed with a key revoked before"),
        ("removed", "The signer was removed", "its signer was removed before"),
        ("reissued", "The signing key was revoked", "signed with a key revoked before"),
        ("closer", "closing date has not passed", "someone who may not close this vote"),
    ],
)
def test_an_object_signed_without_the_right_to_sign_it_is_refused_by_both(
    cli: Any, tmp_path: Path, fault: str, ours: str, theirs: str
) -> None:
    folder = _forge(tmp_path / fault, fault)
    result: Result = cli("--json", "audit", "record", folder)
    assert result.code != 0
    assert "does not check" in result.err and ours in result.err
    code, report = run_check("record", str(folder))
    assert code == 1 and theirs in report["error"], report
