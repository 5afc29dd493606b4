"""The JavaScript reference verifier (verifier/kit.mjs) on hand-built `obambu-kit-2` kits.

A small network made here from fixed seeds, with every part of a kit's proof the contract of
docs/spec/kit.md names: three founding communes; epoch 1 proposed by Ambam, which admits Djoum
and re-keys Bipindi, approved by Ambam and by Bipindi's further laptop (two of three: the
threshold); a node key rotation of Campo; the communes' own status lists, Bipindi's signed with
the key it was re-keyed to. Then each rule broken once: the verifier must refuse. The
program's own reader (`kit.read`, `kit.verify`) is asked the same each time and must agree.
Demo kits written by `obambu attest kit export`, compared with `obambu attest verify`, are in
tests/journeys/test_reference_verifier_kit.py.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pytest

from app.core.attestations import kit
from app.core.attestations.attestation import make_attestation
from app.core.attestations.qrtext import to_qr_text
from app.core.crypto.keys import KeyPair, next_digest
from app.core.devices.laptops import proof_of_possession
from app.core.encoding import cbor
from app.core.encoding.cose import sign1
from app.core.errors import ObambuError
from app.core.ledger.objects import Authority, make_genesis, make_tx
from app.core.ledger.txtypes import TxType
from tests.spec_vectors import written

VERIFIER = Path(__file__).resolve().parent.parent / "verifier"
T0 = 1_767_225_600  # 2026-01-01T00:00:00Z
DAY = 86_400
STATUS_LIST = TxType.STATUS_LIST
# What a person reads of a verdict, named alike by both verifiers.
COMPARED = (
    "outcome",
    "id",
    "number",
    "status_as_of",
    "issued_after_list",
    "replaced_by",
    "revoked_at",
    "key_revoked_at",
    "issuer",
    "commune",
    "expires",
)


def node_check(*args: str | Path) -> tuple[int, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not on PATH: the reference verifier needs Node.js >= 20")
    if not (VERIFIER / "node_modules" / "cborg").is_dir():
        pytest.fail("verifier/node_modules is missing: run `make test`, which runs npm ci there")
    done = subprocess.run(
        [node, str(VERIFIER / "check.mjs"), *map(str, args), "--json"],
        capture_output=True,
        text=True,
        timeout=120,  # a loaded machine
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def key(n: int) -> KeyPair:
    return KeyPair(bytes([n]) * 32)


@dataclass
class Net:
    """Keys by name, the genesis, and each actor's next sequence."""

    keys: dict[str, KeyPair]
    genesis: bytes
    aseq: dict[bytes, int] = field(default_factory=dict)

    @property
    def id(self) -> bytes:
        return hashlib.sha256(self.genesis).digest()

    def tx(self, signer: str, actor: str, type: TxType, body: dict[str, Any], when: int) -> bytes:
        who = self.keys[actor].kid
        self.aseq[who] = self.aseq.get(who, 0) + 1
        return make_tx(
            self.keys[signer],
            self.id,
            type=type,
            actor=who,
            aseq=self.aseq[who],
            body=body,
            prio=0,
            time=when,
        )


def network() -> Net:
    keys = {
        "ambam": key(1),
        "ambam.next": key(2),
        "bipindi": key(3),
        "bipindi.next": key(4),
        "campo": key(5),
        "campo.next": key(6),
        "campo.after": key(7),
        "bipindi.rekeyed": key(8),
        "bipindi.rekeyed.next": key(9),
        "djoum": key(10),
        "djoum.next": key(11),
        "bipindi.laptop": key(12),
        "bipindi.laptop.next": key(13),
        "mayor": key(20),
        "mayor.next": key(21),
        "deputy": key(22),
        "stranger": key(30),
    }
    founders = [
        Authority(
            keys[c].kid,
            c.capitalize(),
            keys[c].public_key,
            next_digest(keys[c + ".next"].public_key),
        )
        for c in ("ambam", "bipindi", "campo")
    ]
    genesis = make_genesis(keys["ambam"], "Communes du Sud", T0, founders, [bytes(80)] * 3)
    return Net(keys, genesis)


def authority(net: Net, name: str, label: str, following: str) -> list[Any]:
    k = net.keys[name]
    return [k.kid, label, k.public_key, next_digest(net.keys[following].public_key)]


def listed(
    net: Net, name: str, role: str, revoked: int = 0, recorded: list[bytes] | None = None
) -> dict[str, Any]:
    k = net.keys[name]
    entry: dict[str, Any] = {
        "kid": k.kid,
        "pk": k.public_key,
        "actor": k.kid,
        "name": name.capitalize(),
        "role": role,
        "revoked": revoked,
    }
    if recorded is not None:
        entry["recorded"] = recorded
    return entry


@dataclass
class Parts:
    net: Net
    proof: list[bytes]
    lists: list[bytes]
    papers: dict[str, bytes]  # attestations by what the kit says of them


def parts() -> Parts:
    net = network()
    k = net.keys
    proposal_body = {
        "epoch": 1,
        "authorities": [
            authority(net, "ambam", "Ambam", "ambam.next"),
            authority(net, "bipindi", "Bipindi", "bipindi.next"),  # a known commune keeps its keys
            authority(net, "campo", "Campo", "campo.next"),
            authority(net, "djoum", "Djoum", "djoum.next"),
        ],
        "rekey": [
            {
                "commune": k["bipindi"].kid,
                "pk": k["bipindi.rekeyed"].public_key,
                "next": next_digest(k["bipindi.rekeyed.next"].public_key),
                "seq": 7,
                "head": bytes(32),
            }
        ],
    }
    laptop = net.tx(
        "bipindi",
        "bipindi",
        TxType.LAPTOP_ADD,
        {
            "laptop": k["bipindi.laptop"].kid,
            "pk": k["bipindi.laptop"].public_key,
            "next": next_digest(k["bipindi.laptop.next"].public_key),
            "name": "Bureau 2",
            "pop": k["bipindi.laptop"]
            .signing_key.sign(proof_of_possession(net.id, k["bipindi"].kid))
            .signature,
        },
        T0 + DAY,
    )
    proposal = net.tx("ambam", "ambam", TxType.EPOCH_PROPOSAL, proposal_body, T0 + 2 * DAY)
    pid = hashlib.sha256(proposal).digest()
    approve_a = net.tx("ambam", "ambam", TxType.EPOCH_APPROVE, {"proposal": pid}, T0 + 2 * DAY)
    # A laptop's approval is its commune's: the laptop signs in its own name.
    approve_b = net.tx(
        "bipindi.laptop", "bipindi.laptop", TxType.EPOCH_APPROVE, {"proposal": pid}, T0 + 3 * DAY
    )
    rotate = net.tx(
        "campo.next",
        "campo",
        TxType.KEY_ROTATE,
        {"pk": k["campo.next"].public_key, "next": next_digest(k["campo.after"].public_key)},
        T0 + 4 * DAY,
    )
    mayor = k["mayor"]
    issued = make_attestation(
        mayor,
        commune=k["ambam"].kid,
        doc_type="res",
        subject="Marie Ndongo",
        seq=1,
        issued=T0 + 5 * DAY,
    )
    cancelled = make_attestation(
        mayor,
        commune=k["ambam"].kid,
        doc_type="res",
        subject="Paul Mba",
        seq=2,
        issued=T0 + 5 * DAY,
    )
    replaced = make_attestation(
        mayor,
        commune=k["ambam"].kid,
        doc_type="vie",
        subject="Ekang Ondo",
        seq=3,
        issued=T0 + 5 * DAY,
    )
    before = make_attestation(
        k["deputy"],
        commune=k["ambam"].kid,
        doc_type="res",
        subject="Ada Eto",
        seq=4,
        issued=T0 + 5 * DAY,
    )
    after = make_attestation(
        k["deputy"],
        commune=k["ambam"].kid,
        doc_type="res",
        subject="Ada Eto",
        seq=5,
        issued=T0 + 7 * DAY,
    )
    late = make_attestation(
        mayor, commune=k["ambam"].kid, doc_type="res", subject="Awono", seq=6, issued=T0 + 30 * DAY
    )
    djoum = make_attestation(
        k["djoum"],
        commune=k["djoum"].kid,
        doc_type="res",
        subject="Zang",
        seq=1,
        issued=T0 + 5 * DAY,
    )
    expired = make_attestation(
        mayor,
        commune=k["ambam"].kid,
        doc_type="res",
        subject="Mbarga",
        seq=8,
        issued=T0 + 5 * DAY,
        expires=T0 + 8 * DAY,
    )
    monthly = make_attestation(
        mayor, commune=k["ambam"].kid, doc_type="vie", subject="Obiang", seq=7, issued=T0 + 5 * DAY
    )
    campo = make_attestation(
        k["campo"],
        commune=k["campo"].kid,
        doc_type="res",
        subject="Ondoa",
        seq=1,
        issued=T0 + 5 * DAY,
    )
    ambam_list = net.tx(
        "ambam",
        "ambam",
        STATUS_LIST,
        {
            "keys": [
                listed(net, "mayor", "mayor"),
                listed(
                    net,
                    "deputy",
                    "deputy",
                    revoked=T0 + 6 * DAY,
                    recorded=[hashlib.sha256(before).digest()],
                ),
            ],
            "cancelled": [[hashlib.sha256(cancelled).digest(), "erreur", T0 + 6 * DAY]],
            "replaced": [[hashlib.sha256(replaced).digest(), "ABCD-2026-000009-X", T0 + 6 * DAY]],
        },
        T0 + 10 * DAY,
    )
    # Bipindi's list under the key its epoch re-keyed it to: one under the old key would be a
    # thief's word (kit.md step 4; test_a_list_signed_by_a_key_re_keyed_away_is_refused).
    bipindi_list = net.tx(
        "bipindi.rekeyed",
        "bipindi",
        STATUS_LIST,
        {"keys": [], "cancelled": [], "replaced": []},
        T0 + 10 * DAY,
    )
    djoum_list = net.tx(
        "djoum", "djoum", STATUS_LIST, {"keys": [], "cancelled": [], "replaced": []}, T0 + 10 * DAY
    )
    return Parts(
        net,
        [laptop, proposal, approve_a, approve_b, rotate],
        [ambam_list, bipindi_list, djoum_list],
        {
            "authentic": issued,
            "cancelled": cancelled,
            "replaced": replaced,
            "recorded_before_revocation": before,
            "key_revoked": after,
            "issued_after_list": late,
            "node_key": djoum,
            "no_list": campo,
            "monthly": monthly,
            "expired": expired,
        },
    )


def kit_file(
    tmp_path: Path,
    p: Parts,
    *,
    proof: list[bytes] | None = None,
    lists: list[bytes] | None = None,
    signer: str = "ambam",
    network: bytes | None = None,
) -> Path:
    payload = {
        "format": "obambu-kit-2",
        "network": p.net.id if network is None else network,
        "made": T0 + 10 * DAY,
        "by": "Ambam",
        "genesis": p.net.genesis,
        "proof": p.proof if proof is None else proof,
        "lists": p.lists if lists is None else lists,
        "types": [
            {
                "code": "res",
                "label": "Résidence",
                "valid_days": None,
                "status_max_age_days": None,
                "born": False,
                "place": False,
                "detail": None,
            },
            {
                "code": "vie",
                "label": "Vie",
                "valid_days": None,
                "status_max_age_days": 30,
                "born": True,
                "place": True,
                "detail": None,
            },
        ],
    }
    path = tmp_path / f"kit-{len(list(tmp_path.glob('kit-*')))}.cose"
    path.write_bytes(sign1(cbor.encode(payload), p.net.keys[signer].signing_key, b""))
    return path


def test_a_kit_proven_from_the_genesis_lists_every_commune_with_its_list_date(
    tmp_path: Path,
) -> None:
    p = parts()
    path = kit_file(tmp_path, p)
    code, report = node_check("kit", path, "--network-id", p.net.id.hex())
    assert code == 0, report
    assert report["epoch"] == 1 and report["laptops"] == 1 and report["by"] == "Ambam"
    ours = kit.read(path, p.net.id)
    assert ours.anchored and ours.epoch == 1
    assert {bytes(c).hex(): d["as_of"] for c, d in ours.communes.items()} == {
        c["id"]: c["list_date"] for c in report["communes"] if c["list_date"] is not None
    }
    dates = {c["name"]: c["list_date"] for c in report["communes"]}
    assert dates == {
        "Ambam": T0 + 10 * DAY,
        "Bipindi": T0 + 10 * DAY,
        "Campo": None,
        "Djoum": T0 + 10 * DAY,
    }


@pytest.mark.parametrize(
    ("paper", "outcome", "extra"),
    [
        ("authentic", "authentic", {"status_as_of": T0 + 10 * DAY}),
        ("cancelled", "cancelled", {"reason": "erreur", "revoked_at": T0 + 6 * DAY}),
        ("replaced", "replaced", {"replaced_by": "ABCD-2026-000009-X"}),
        ("recorded_before_revocation", "authentic", {}),
        ("key_revoked", "key_revoked", {"key_revoked_at": T0 + 6 * DAY}),
        ("issued_after_list", "status_unknown", {"issued_after_list": True}),
        ("node_key", "authentic", {"issuer": "Djoum"}),
        ("no_list", "status_unknown", {"status_as_of": None}),
        ("expired", "expired", {"status_as_of": T0 + 10 * DAY}),
    ],
)
def test_each_verdict_of_the_list_date_rule(
    tmp_path: Path, paper: str, outcome: str, extra: dict[str, Any]
) -> None:
    p = parts()
    path = kit_file(tmp_path, p)
    qr = to_qr_text(p.papers[paper])
    code, report = node_check(
        "qr", qr, "--kit", path, "--network-id", p.net.id.hex(), "--now", str(T0 + 11 * DAY)
    )
    assert report["outcome"] == outcome, report
    assert code == (0 if outcome == "authentic" else 1)
    assert report["id"] == hashlib.sha256(p.papers[paper]).hexdigest()
    for name, value in extra.items():
        assert report[name] == value, report
    # The program's own reader and verdict, at the same moment, say the same.
    ours = kit.verify(kit.read(path, p.net.id), p.papers[paper], now=T0 + 11 * DAY).as_dict()
    assert {f: ours.get(f) for f in COMPARED} == {f: report.get(f) for f in COMPARED}


def test_a_list_older_than_the_type_allows_gives_status_unknown(tmp_path: Path) -> None:
    """`vie` allows a list 30 days old (the kit's types); `res` has no limit."""
    p = parts()
    path = kit_file(tmp_path, p)
    told = ("--kit", path, "--network-id", p.net.id.hex())
    monthly, residence = to_qr_text(p.papers["monthly"]), to_qr_text(p.papers["authentic"])
    assert (
        node_check("qr", monthly, *told, "--now", str(T0 + 39 * DAY))[1]["outcome"] == "authentic"
    )
    code, report = node_check("qr", monthly, *told, "--now", str(T0 + 41 * DAY))
    assert (
        code == 1 and report["outcome"] == "status_unknown" and report["status_max_age_days"] == 30
    )
    assert (
        node_check("qr", residence, *told, "--now", str(T0 + 400 * DAY))[1]["outcome"]
        == "authentic"
    )


def refused(
    tmp_path: Path, p: Parts, network: bytes | None = None, ours: bool = True, **fields: Any
) -> dict[str, Any]:
    """The kit refused by the reference verifier and, unless `ours` is False, by the
    program's own reader with the same code."""
    path = kit_file(tmp_path, p, **fields)
    told = network or p.net.id
    code, report = node_check("kit", path, "--network-id", told.hex())
    assert code == 1 and not report["ok"], report
    if ours:
        with pytest.raises(ObambuError) as refusal:
            kit.read(path, told)
        assert refusal.value.code == report["code"], (refusal.value.message, report)
    return cast(dict[str, Any], report)


def test_a_wrong_network_id_is_refused(tmp_path: Path) -> None:
    p = parts()
    assert refused(tmp_path, p, network=bytes(32))["code"] == "kit_other_network"


def test_a_genesis_of_another_network_is_refused(tmp_path: Path) -> None:
    p = parts()
    code, report = node_check(
        "kit", kit_file(tmp_path, p, network=bytes(32)), "--network-id", bytes(32).hex()
    )
    assert code == 1 and report["code"] == "kit_damaged", report


def test_one_byte_of_another_communes_list_flipped_is_refused(tmp_path: Path) -> None:
    p = parts()
    djoum = bytearray(p.lists[2])
    djoum[-70] ^= 1  # a letter of the list's body: the writer re-signs the kit, not Djoum's list
    report = refused(tmp_path, p, lists=[*p.lists[:2], bytes(djoum)])
    assert report["code"] == "kit_not_anchored" and "bad signature" in report["error"], report


def test_a_list_signed_by_the_writer_for_another_commune_is_refused(tmp_path: Path) -> None:
    p = parts()
    forged = make_tx(
        p.net.keys["ambam"],
        p.net.id,
        type=STATUS_LIST,
        actor=p.net.keys["djoum"].kid,
        aseq=2,
        body={"keys": [], "cancelled": [], "replaced": []},
        time=T0 + 10 * DAY,
    )
    report = refused(tmp_path, p, lists=[*p.lists[:2], forged])
    assert (
        report["code"] == "kit_not_anchored"
        and "not signed by a node key of Djoum" in report["error"]
    )


def test_a_list_signed_by_a_key_re_keyed_away_is_refused(tmp_path: Path) -> None:
    """Whoever holds Bipindi's stolen laptop holds its old node key: a later list signed with
    it (its cancellations dropped) is refused by both, though the key was Bipindi's."""
    p = parts()
    thief = make_tx(
        p.net.keys["bipindi"],
        p.net.id,
        type=STATUS_LIST,
        actor=p.net.keys["bipindi"].kid,
        aseq=50,
        body={"keys": [], "cancelled": [], "replaced": []},
        time=T0 + 20 * DAY,
    )
    report = refused(tmp_path, p, lists=[p.lists[0], thief, p.lists[2]])
    assert report["code"] == "kit_not_anchored" and "re-keyed away" in report["error"], report


def test_two_lists_of_one_commune_are_refused(tmp_path: Path) -> None:
    p = parts()
    assert refused(tmp_path, p, lists=[*p.lists, p.lists[0]])["code"] == "kit_not_anchored"


def test_an_epoch_approved_by_fewer_than_two_thirds_proves_nothing(tmp_path: Path) -> None:
    p = parts()
    laptop, proposal, approve_a, _approve_b, rotate = p.proof
    report = refused(tmp_path, p, proof=[laptop, proposal, approve_a, rotate])
    # Bipindi's list is signed by the key the epoch would have re-keyed it to (and Djoum, whose
    # list comes next, was never admitted).
    assert "not signed by a node key of Bipindi" in report["error"]


def test_an_approval_by_a_laptop_not_proven_is_refused(tmp_path: Path) -> None:
    p = parts()
    _laptop, proposal, approve_a, approve_b, rotate = p.proof
    report = refused(tmp_path, p, proof=[proposal, approve_a, approve_b, rotate])
    assert report["code"] == "kit_not_anchored" and "is not proven" in report["error"]


def test_a_rotation_to_a_key_not_committed_is_refused(tmp_path: Path) -> None:
    p = parts()
    net = p.net
    wrong = make_tx(
        net.keys["stranger"],
        net.id,
        type=TxType.KEY_ROTATE,
        actor=net.keys["campo"].kid,
        aseq=1,
        body={"pk": net.keys["stranger"].public_key, "next": bytes(32)},
        time=T0,
    )
    report = refused(tmp_path, p, proof=[*p.proof[:4], wrong])
    assert "not committed" in report["error"]


def test_a_transaction_of_another_type_in_the_proof_is_refused(tmp_path: Path) -> None:
    p = parts()
    thread = p.net.tx(
        "ambam", "ambam", TxType.FORUM_THREAD, {"title": "Forum", "body": "privé"}, T0
    )
    report = refused(tmp_path, p, proof=[*p.proof, thread])
    assert "has no place in a proof" in report["error"]


def test_a_kit_signed_by_a_key_the_network_does_not_prove_is_refused(tmp_path: Path) -> None:
    p = parts()
    assert refused(tmp_path, p, signer="stranger")["code"] == "kit_damaged"
    # Bipindi's key before its re-keying was proven too: it may say who wrote the file.
    code, report = node_check(
        "kit", kit_file(tmp_path, p, signer="bipindi"), "--network-id", p.net.id.hex()
    )
    assert code == 0, report


def test_an_approval_beyond_the_threshold_is_refused(tmp_path: Path) -> None:
    """kit.md: a writer puts exactly the first threshold(n) approvals; once adopted, the
    proposal is no longer one for the next epoch, so a further approval breaks the proof."""
    p = parts()
    campo = p.net.tx(
        "campo",
        "campo",
        TxType.EPOCH_APPROVE,
        {"proposal": hashlib.sha256(p.proof[1]).digest()},
        T0,
    )
    report = refused(tmp_path, p, proof=[*p.proof[:4], campo, p.proof[4]])
    assert "a proposal the proof does not hold" in report["error"], report


def test_a_paper_naming_another_commune_than_its_key_is_not_authentic(tmp_path: Path) -> None:
    """Ambam's mayor signs a paper in Djoum's name: the key checks, its commune does not."""
    p = parts()
    k = p.net.keys
    forged = make_attestation(
        k["mayor"], commune=k["djoum"].kid, doc_type="res", subject="Zang", seq=9, issued=T0
    )
    told = ("--kit", kit_file(tmp_path, p), "--network-id", p.net.id.hex())
    code, report = node_check("qr", to_qr_text(forged), *told)
    assert code == 1 and report["outcome"] == "not_authentic", report
    stranger = make_attestation(
        k["stranger"], commune=k["ambam"].kid, doc_type="res", subject="Zang", seq=9, issued=T0
    )
    code, report = node_check("qr", to_qr_text(stranger), *told)
    assert code == 1 and report["outcome"] == "not_authentic", report


def kit1_file(tmp_path: Path, p: Parts, signer: str) -> Path:
    """A kit of the first format: every key and list is its writer's word (kit.md)."""
    k = p.net.keys
    keys = [
        {
            "kid": k[name].kid,
            "pk": k[name].public_key,
            "actor": k[name].kid,
            "commune": k[commune].kid,
            "name": name,
            "revoked": 0,
            "recorded": [],
        }
        for name, commune in (("ambam", "ambam"), ("mayor", "ambam"), ("djoum", "djoum"))
    ]
    cancelled = [[hashlib.sha256(p.papers["cancelled"]).digest(), "erreur", T0 + 6 * DAY]]
    communes = [
        {
            "id": k["ambam"].kid,
            "name": "Ambam",
            "height": 4,
            "as_of": T0 + 10 * DAY,
            "cancelled": cancelled,
            "replaced": [],
        }
    ]
    payload = {
        "format": "obambu-kit-1",
        "network": p.net.id,
        "made": T0 + 10 * DAY,
        "by": signer,
        "keys": keys,
        "communes": communes,
        "types": [],
        "genesis": p.net.genesis,
    }
    path = tmp_path / f"kit1-{signer}.cose"
    path.write_bytes(sign1(cbor.encode(payload), k[signer].signing_key, b""))
    return path


def test_a_kit_of_the_first_format_is_anchored_by_a_founding_commune_only(tmp_path: Path) -> None:
    p = parts()
    told = ("--network-id", p.net.id.hex())
    founding = kit1_file(tmp_path, p, "ambam")
    code, report = node_check("kit", founding, *told)
    assert code == 0 and report["format"] == "obambu-kit-1", report
    for paper, outcome in (("authentic", "authentic"), ("cancelled", "cancelled")):
        qr = to_qr_text(p.papers[paper])
        code, verdict = node_check("qr", qr, "--kit", founding, *told, "--now", str(T0 + 11 * DAY))
        assert verdict["outcome"] == outcome, verdict
        ours = kit.verify(kit.read(founding, p.net.id), p.papers[paper], now=T0 + 11 * DAY)
        assert ours.outcome == outcome
    code, report = node_check("kit", kit1_file(tmp_path, p, "djoum"), *told)
    assert code == 1 and report["code"] == "kit_not_anchored", report
    with pytest.raises(ObambuError) as refusal:
        kit.read(kit1_file(tmp_path, p, "djoum"), p.net.id)
    assert refusal.value.code == "kit_not_anchored"
    code, report = node_check("kit", founding, "--network-id", bytes(32).hex())
    assert code == 1 and report["code"] == "kit_other_network", report


def test_the_spec_kit_vector_checks_with_the_network_id_of_chain_md(tmp_path: Path) -> None:
    """docs/spec/kit.md's vector: the kit, from chain.md's network id alone; its two papers
    authentic and cancelled, as the spec says."""
    vectors = written()
    unhex = {
        name: bytes.fromhex(text.replace("\n", ""))
        for name, text in vectors.items()
        if name.startswith(("kit", "network-id"))
    }
    path = tmp_path / "kit.cose"
    path.write_bytes(unhex["kit"])
    told = ("--network-id", unhex["network-id"].hex())
    code, report = node_check("kit", path, *told)
    assert code == 0, report
    assert report["epoch"] == 1 and report["by"] == "Bipindi"
    assert {c["name"]: c["list_date"] for c in report["communes"]} == {
        "Ambam": None,
        "Bipindi": 1_767_484_800,
    }
    for paper, outcome in (("kit.paper", "authentic"), ("kit.paper-cancelled", "cancelled")):
        code, verdict = node_check("qr", to_qr_text(unhex[paper]), "--kit", path, *told)
        assert verdict["outcome"] == outcome, verdict
        assert verdict["status_as_of"] == 1_767_484_800
    assert node_check("kit", path, "--network-id", "00" * 32)[1]["code"] == "kit_other_network"


def test_a_laptop_without_its_proof_of_possession_is_refused(tmp_path: Path) -> None:
    """records.md: a LAPTOP_ADD's `pop` is the laptop key's signature of its commune and
    network; one by another key proves nothing."""
    p = parts()
    k = p.net.keys
    p.net.aseq[k["bipindi"].kid] = 0
    laptop = p.net.tx(
        "bipindi",
        "bipindi",
        TxType.LAPTOP_ADD,
        {
            "laptop": k["bipindi.laptop"].kid,
            "pk": k["bipindi.laptop"].public_key,
            "next": next_digest(k["bipindi.laptop.next"].public_key),
            "name": "Bureau 2",
            "pop": k["stranger"]
            .signing_key.sign(proof_of_possession(p.net.id, k["bipindi"].kid))
            .signature,
        },
        T0 + DAY,
    )
    report = refused(tmp_path, p, proof=[laptop, *p.proof[1:]])
    assert "proof of possession" in report["error"], report


def test_a_file_that_is_not_a_kit_is_said_so(tmp_path: Path) -> None:
    p = parts()
    told = ("--network-id", p.net.id.hex())
    noise = tmp_path / "noise.cose"
    noise.write_bytes(b"\x00" * 200)
    assert node_check("kit", noise, *told)[1]["code"] == "kit_not_a_kit"
    other = tmp_path / "other.cose"
    other.write_bytes(sign1(cbor.encode({"format": "autre"}), p.net.keys["ambam"].signing_key, b""))
    assert node_check("kit", other, *told)[1]["code"] == "kit_not_a_kit"


def test_a_listed_key_without_its_role_is_refused_by_both(tmp_path: Path) -> None:
    """transactions.cddl's listed-key has a role: a list without it is not a list."""
    p = parts()
    entry = listed(p.net, "mayor", "mayor")
    del entry["role"]
    body = {"keys": [entry], "cancelled": [], "replaced": []}
    p.net.aseq[p.net.keys["ambam"].kid] = 10
    ambam = p.net.tx("ambam", "ambam", STATUS_LIST, body, T0 + 10 * DAY)
    report = refused(tmp_path, p, lists=[ambam, *p.lists[1:]])
    assert report["code"] == "kit_not_anchored" and "listed key" in report["error"], report
