"""docs/spec/ kept true: the CDDL names every transaction type of the registry, and the real
objects of a demo network validate against it with an independent validator (pycddl, the Rust
`cddl` crate), not with this program's own parser."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pycddl  # type: ignore[import-untyped]  # no stubs: a Rust extension
import pytest

from app.core import demo
from app.core.attestations import certificates, kit
from app.core.attestations.attestation import parse_attestation
from app.core.attestations.qrtext import from_qr_text, to_qr_text
from app.core.council import minutes
from app.core.council import service as sittings
from app.core.crypto.kdf import INTERACTIVE
from app.core.devices import service as laptops
from app.core.encoding import cbor, merkle
from app.core.encoding.cose import CoseError, kid_of, parse_sign1, sig_structure, verify_sign1
from app.core.forum import service as forum
from app.core.ledger.objects import parse_block, parse_genesis, parse_tx
from app.core.ledger.txtypes import TxType
from app.core.members import service as members
from app.core.node.node import Node
from app.core.node.registry import SPECS
from app.core.votes import service as votes
from tests import spec_vectors

SPEC = Path(__file__).resolve().parent.parent / "docs" / "spec"
CDDL = (SPEC / "transactions.cddl").read_text(encoding="utf-8")


def rule_name(kind: TxType) -> str:
    return kind.name.lower().replace("_", "-") + "-tx"


def schema(root: str) -> pycddl.Schema:
    """The CDDL with `root` as its first rule: pycddl validates against the first rule."""
    return pycddl.Schema(f"spec-root = {root}\n{CDDL}")


def valid_envelope(data: bytes) -> bool:
    return valid("cose-sign1", data) and valid(
        "protected-header", parse_sign1(data, strict=True).protected
    )


def valid(root: str, data: bytes) -> bool:
    try:
        schema(root).validate_cbor(data)
    except pycddl.ValidationError:
        return False
    return True


@pytest.fixture(scope="module")
def demo_objects(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, list[bytes]]]:
    """Every genesis, block and transaction of a three-commune demo, as the bytes stored, after
    the founding commune's mayor (PIN 1234) did what the demo leaves undone: closing the vote,
    moderating, printing and cancelling an attestation, a roll-call ballot, an act published, an
    appointment, the minutes signed, changing members and keys, a laptop added
    and retired, a new node key proposed for Bipindi."""
    _, homes = demo.build(tmp_path_factory.mktemp("demo"), 3, "demo", INTERACTIVE)
    lost = Node.open(homes[1], "demo")  # Bipindi lost its laptop: its new one asks for a key
    try:
        rekey_code = members.request_rekey(lost)
    finally:
        lost.close()
    node = Node.open(homes[0], "demo")
    try:
        made = [parse_tx(t) for b in node.blocks_after({}) for t in parse_block(b).txs]
        people = [t.body["id"] for t in made if t.actor == node.commune and t.type == 1]
        mayor, _deputy, secretary, councillor, other = people[:5]
        vote = next(t.id for t in made if t.type == TxType.VOTE_OPEN)
        post = next(t.id for t in made if t.type == TxType.FORUM_POST)
        ours = next(
            parse_attestation(t.body["att"]).id
            for t in made
            if t.type == TxType.ATTEST and parse_attestation(t.body["att"]).commune == node.commune
        )
        sitting = next(t.id for t in made if t.type == TxType.SITTING_CONVENE)
        act = next(t.id for t in made if t.type == TxType.SITTING_VOTE)
        members.propose_rekey(node, rekey_code)  # proposed and approved in Ambam's name
        members.act_as(node, mayor, demo.DEMO_PIN)
        for change in (
            lambda: sittings.cast_ballot(node, sitting, 2, "pour"),
            lambda: sittings.mark_act(node, act, "published"),
            lambda: sittings.appoint(node, sitting, "Délégué au syndicat", {"m2": 3, "m3": 1}),
            lambda: sittings.approve_minutes(node, sitting, minutes.minutes(node, sitting)[1]),
            lambda: votes.close(node, vote),
            lambda: forum.moderate(node, post, "flag", "Hors sujet"),
            lambda: certificates.record_print(node, ours),
            lambda: certificates.revoke(node, ours, "clerical_error"),
            lambda: members.change_role(node, councillor, "secretary"),
            lambda: members.suspend(node, other, "Absent"),
            lambda: members.reinstate(node, other),
            lambda: members.reissue(node, secretary, "4321"),
            lambda: members.revoke_key(node, councillor, "Clé perdue"),
            lambda: members.remove(node, other),
            lambda: members.rotate_my_key(node),
        ):
            change()
            node.seal()
        genesis = node.store.meta("genesis")
        assert isinstance(genesis, bytes)
        # A second laptop for the town hall's secretariat, added, then retired.
        desk = Node.create(homes[0].parent / "desk", "demo", "Ambam", INTERACTIVE)
        try:
            desk.adopt(genesis)
            laptops.add(node, laptops.request(desk, node.commune, "Secrétariat"))
            laptops.retire(node, desk.feed, "Remplacé")
        finally:
            desk.close()
        blocks = list(node.blocks_after({}))
    finally:
        node.close()
    txs = [tx for data in blocks for tx in parse_block(data).txs]
    yield {"genesis": [genesis], "blocks": blocks, "txs": txs}


# Types no demo action makes yet: their rules are checked against hand-made bodies only
# (test_bodies_of_types_the_demo_does_not_make). Shrink this as the demo grows.
NOT_IN_DEMO = {
    TxType.VOTE_CLOSE_REQUEST,
    TxType.DEVICE_REGISTER,
    TxType.LINK_REPORT,
    TxType.DEVICE_RETIRE,
}


def test_every_registered_type_has_its_rule_with_its_code() -> None:
    written = {
        name: int(code) for name, code in re.findall(r"^([\w-]+-tx) = \{ 0 => (\d+),", CDDL, re.M)
    }
    expected = {rule_name(spec.type): int(spec.type) for spec in SPECS}
    assert written == expected
    union = re.search(r"^tx-payload = (.*?)\n\n", CDDL, re.M | re.S)
    assert union is not None
    assert set(re.findall(r"[\w-]+-tx", union.group(1))) == set(expected)


def test_the_demo_genesis_and_blocks_validate(demo_objects: dict[str, list[bytes]]) -> None:
    for data in demo_objects["genesis"]:
        assert valid_envelope(data)
        assert valid("genesis-payload", parse_sign1(data, strict=True).payload)
    assert demo_objects["blocks"]
    for data in demo_objects["blocks"]:
        assert valid_envelope(data)
        assert valid("block-payload", parse_sign1(data, strict=True).payload)


def test_every_demo_transaction_validates_against_its_type(
    demo_objects: dict[str, list[bytes]],
) -> None:
    seen: set[TxType] = set()
    for data in demo_objects["txs"]:
        kind = TxType(parse_tx(data).type)
        seen.add(kind)
        payload = parse_sign1(data, strict=True).payload
        assert valid_envelope(data)
        assert valid(rule_name(kind), payload), kind.name
        assert valid("tx-payload", payload), kind.name
    assert seen == set(TxType) - NOT_IN_DEMO


def test_the_cddl_refuses_what_the_ledger_refuses(demo_objects: dict[str, list[bytes]]) -> None:
    """Not a schema that accepts anything: an unknown field, a wrong code or a short id fail."""
    data = next(d for d in demo_objects["txs"] if parse_tx(d).type == TxType.BALLOT)
    payload: Any = cbor.decode(parse_sign1(data, strict=True).payload)
    body = payload[6]

    def variant(**change: object) -> bytes:
        return cbor.encode({**payload, 6: {**body, **change}})

    assert valid("ballot-tx", cbor.encode(payload))
    assert not valid("ballot-tx", variant(extra=1))
    assert not valid("ballot-tx", variant(vote=b"short"))
    assert not valid("ballot-tx", variant(choice=20))
    assert not valid("vote-close-tx", cbor.encode(payload))
    assert not valid("tx-payload", cbor.encode({**payload, 0: 99}))
    assert not valid("tx-payload", cbor.encode({**payload, 2: 0}))  # actor sequences from 1


def test_the_vectors_written_in_the_spec_are_the_bytes_made_today() -> None:
    fresh, written = spec_vectors.vectors(), spec_vectors.written()
    assert set(written) == set(fresh)
    for name, value in fresh.items():
        assert written[name] == value, f"{name}: run python -m tests.spec_vectors --write"


def test_the_vectors_are_valid_objects() -> None:
    """The vectors parse with this program's own parsers and validate against the CDDL."""
    vectors = {name: bytes.fromhex("".join(v.split())) for name, v in _hex_vectors().items()}
    genesis = parse_genesis(vectors["genesis"])
    assert genesis.id == vectors["network-id"]
    assert valid_envelope(vectors["genesis"]) and valid(
        "genesis-payload", vectors["genesis.payload"]
    )
    block = parse_block(vectors["block"])
    assert block.seq == 0 and block.prev is None and block.txs == [vectors["tx"]]
    assert valid("block-payload", vectors["block.payload"])
    tx = parse_tx(vectors["tx"])
    assert tx.type == TxType.FORUM_THREAD and tx.aseq == 1 and tx.id == vectors["tx.id"]
    assert valid("forum-thread-tx", vectors["tx.payload"])
    verify_sign1(tx.envelope, vectors["founder.public-key"], genesis.id)  # raises if wrong
    assert (
        sig_structure(tx.envelope.protected, genesis.id, tx.envelope.payload)
        == vectors["tx.sig-structure"]
    )
    att = parse_attestation(vectors["attestation"])
    assert valid("attestation-payload", vectors["attestation.payload"])
    assert att.number == spec_vectors.vectors()["attestation.number"]
    leaves = vectors["merkle.leaves"]
    ids = [leaves[i : i + 32] for i in range(0, len(leaves), 32)]
    assert merkle.root(ids) == vectors["merkle.root"]
    assert vectors["merkle.empty"] == hashlib.sha256(b"").digest()


def _hex_vectors() -> dict[str, str]:
    text = {"attestation.qr", "attestation.number", "attestation.control", "paper.text"}
    text |= {"stick.beacon-name"}
    return {k: v for k, v in spec_vectors.written().items() if k not in text}


def test_the_demo_attestations_validate(demo_objects: dict[str, list[bytes]]) -> None:
    atts = [
        parse_tx(d).body["att"] for d in demo_objects["txs"] if parse_tx(d).type == TxType.ATTEST
    ]
    assert atts
    for data in atts:
        assert valid_envelope(data)
        assert valid("attestation-payload", parse_sign1(data, strict=True).payload)
        assert from_qr_text(to_qr_text(data)) == data


def test_the_table_of_types_gives_every_code() -> None:
    table = (SPEC / "transactions.md").read_text(encoding="utf-8")
    rows = {int(c): n for c, n in re.findall(r"^\| (\d+) \| (\w+) \|", table, re.M)}
    assert rows == {int(spec.type): spec.type.name for spec in SPECS}


def test_the_other_documents_defer_to_the_spec_and_no_longer_contradict_it() -> None:
    """docs/ledger.md once gave the attestation a network-id claim 3, a "network" verification
    step, and the network id as the AAD of everything but the genesis."""
    docs = SPEC.parent
    ledger = (docs / "ledger.md").read_text(encoding="utf-8")
    assert "spec/README.md" in ledger
    assert "3: first 8 bytes of the network" not in ledger
    assert "(format, network," not in ledger
    assert "blocks and transactions only" in ledger
    assert "spec/attestation.md" in (docs / "attestations.md").read_text(encoding="utf-8")


def _hand_made_bodies() -> dict[TxType, dict[str, Any]]:
    """A body for each type of NOT_IN_DEMO and a few more, with the fields its rule reads."""
    kid, oid, pk = bytes(8), bytes(32), bytes(32)
    authority = [kid, "Ambam", pk, oid]
    return {
        TxType.EPOCH_PROPOSAL: {"epoch": 1, "authorities": [authority], "transport": [bytes(80)]},
        TxType.EPOCH_APPROVE: {"proposal": oid},
        TxType.VOTE_CLOSE_REQUEST: {"vote": oid},
        TxType.MINUTES_APPROVE: {"sitting": oid, "minutes": oid},
        TxType.ACT_STATUS: {"act": oid, "status": "transmitted", "date": "2026-12-10"},
        TxType.SITTING_APPOINT: {
            "sitting": oid,
            "office": "Délégué au syndicat des eaux",
            "round": 1,
            "candidates": ["m2", "m3"],
            "votes": {"m2": 5, "m3": 2},
        },
        TxType.SITTING_BALLOT: {"sitting": oid, "item": 0, "choice": "pour"},
        TxType.DEVICE_REGISTER: {
            "device": kid,
            "kind": "relay",
            "name": "Relais mairie",
            "pk": pk,
            "chip": "esp32s3",
            "firmware": "1.0.0",
            "pack": oid,
        },
        TxType.LINK_REPORT: {"device": kid, "report": bytes(12), "sig": bytes(64)},
        TxType.DEVICE_RETIRE: {"device": kid, "reason": "Volé"},
        TxType.LAPTOP_ADD: {
            "laptop": kid,
            "pk": pk,
            "next": oid,
            "name": "Portable 2",
            "pop": bytes(64),
        },
        TxType.LAPTOP_RETIRE: {"laptop": kid, "seq": -1, "reason": "Perdu"},
    }


def test_bodies_of_types_the_demo_does_not_make() -> None:
    bodies = _hand_made_bodies()
    assert set(bodies) >= NOT_IN_DEMO
    for kind, body in bodies.items():
        payload = {0: int(kind), 1: bytes(8), 2: 1, 3: 2, 4: 0, 5: 1_767_225_600, 6: body}
        assert valid(rule_name(kind), cbor.encode(payload)), kind.name
        assert not valid(rule_name(kind), cbor.encode({**payload, 6: {**body, "x": 1}}))


def _verifies(data: bytes, public_key: bytes, aad: bytes) -> bool:
    try:
        verify_sign1(parse_sign1(data, strict=True), public_key, aad)
    except CoseError:
        return False
    return True


def test_the_external_aad_of_each_object_is_the_one_written(
    demo_objects: dict[str, list[bytes]],
) -> None:
    """cose-cbor.md: the genesis and attestations with an empty AAD, blocks and transactions
    with the network id (SHA-256 of the genesis's exact bytes)."""
    genesis = parse_genesis(demo_objects["genesis"][0])
    network_id = hashlib.sha256(genesis.data).digest()
    keys = {kid_of(a.public_key): a.public_key for a in genesis.authorities}
    txs = [parse_tx(d) for d in demo_objects["txs"]]
    keys |= {kid_of(t.body["pk"]): t.body["pk"] for t in txs if t.type == TxType.MEMBER_ADD}
    assert _verifies(genesis.data, keys[genesis.envelope.kid or b""], b"")
    first = parse_block(demo_objects["blocks"][0])
    assert _verifies(first.data, keys[first.kid], network_id)
    assert not _verifies(first.data, keys[first.kid], b"")
    tx = next(t for t in txs if t.type == TxType.MEMBER_ADD)
    assert _verifies(tx.data, keys[tx.kid], network_id)
    assert not _verifies(tx.data, keys[tx.kid], b"")
    att = next(parse_attestation(t.body["att"]) for t in txs if t.type == TxType.ATTEST)
    assert _verifies(att.data, keys[att.kid], b"")
    assert not _verifies(att.data, keys[att.kid], network_id)


def test_the_cddl_holds_the_chain_rules(demo_objects: dict[str, list[bytes]]) -> None:
    """chain.md: seq from 0, the first block's prev null, every later block's prev an id."""
    payload: Any = cbor.decode(parse_sign1(demo_objects["blocks"][0], strict=True).payload)
    first = {**payload, 2: 0, 3: None}
    assert valid("block-payload", cbor.encode(first))
    assert not valid("block-payload", cbor.encode({**first, 3: bytes(32)}))
    assert valid("block-payload", cbor.encode({**first, 2: 1, 3: bytes(32)}))
    assert not valid("block-payload", cbor.encode({**first, 2: 1}))
    assert not valid("block-payload", cbor.encode({**first, 0: 2}))  # format version 1 only


def test_the_kit_vector_checks_from_its_genesis(tmp_path: Path) -> None:
    """The kit of docs/spec/kit.md is proven from chain.md's genesis: anchored at epoch 1,
    its first paper authentic and its second cancelled; each of its objects fits the CDDL."""
    vectors = {name: bytes.fromhex("".join(v.split())) for name, v in _hex_vectors().items()}
    (tmp_path / kit.FILE).write_bytes(vectors["kit"])
    held = kit.read(tmp_path, vectors["network-id"])
    assert held.anchored and held.epoch == 1 and held.by == "Bipindi"
    now = spec_vectors.TIME + 4 * spec_vectors.DAY
    assert kit.verify(held, vectors["kit.paper"], now).outcome == "authentic"
    assert kit.verify(held, vectors["kit.paper-cancelled"], now).outcome == "cancelled"
    for name, rule in (("kit.proposal", "epoch-proposal-tx"), ("kit.approval", "epoch-approve-tx")):
        assert valid(rule, parse_sign1(vectors[name], strict=True).payload), name
    assert valid("status-list-tx", vectors["kit.status-list.payload"])
    kit_cddl = re.search(r"```cddl\n(.*?)```", (SPEC / "kit.md").read_text(encoding="utf-8"), re.S)
    assert kit_cddl is not None
    grammar = pycddl.Schema(f"spec-root = kit-payload\n{kit_cddl.group(1)}\n{CDDL}")
    grammar.validate_cbor(parse_sign1(vectors["kit"], strict=True).payload)  # raises if not


def test_the_samples_beside_the_docs_are_the_bytes_made_today() -> None:
    for name, data in spec_vectors.samples().items():
        written = (spec_vectors.SAMPLES / name).read_bytes()
        assert written == data, f"docs/samples/{name}: run python -m tests.spec_vectors --write"
