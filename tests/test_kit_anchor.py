"""The kit's checks beneath the journeys (docs/spec/kit.md, "Checking a kit"), on the kit of
the spec's vector: each forgery is refused at its step with its code, and a kit of the first
format still loads, anchored only when a founding commune signed it."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import cbor2
import pytest

from app.core.attestations import kit
from app.core.attestations.attestation import make_attestation
from app.core.crypto.keys import KeyPair
from app.core.encoding import cbor
from app.core.encoding.cose import parse_sign1, sign1
from app.core.ledger.objects import make_tx
from app.core.ledger.txtypes import TxType
from tests import spec_vectors

STORY = spec_vectors.kit_story()
NETWORK = hashlib.sha256(spec_vectors.parse_genesis_bytes(STORY["kit"])).digest()
BIPINDI = KeyPair(spec_vectors.SECOND_SEED)
AMBAM = KeyPair(spec_vectors.FOUNDER_SEED)
TIME = spec_vectors.TIME


def _payload() -> Any:
    return cbor.decode(parse_sign1(STORY["kit"], strict=True).payload)


def _write(tmp_path: Path, payload: Any, key: KeyPair = BIPINDI) -> Path:
    path = tmp_path / kit.FILE
    path.write_bytes(sign1(cbor.encode(payload), key.signing_key, b""))
    return path


def _refused(path: Path, network: bytes = NETWORK) -> str:
    with pytest.raises(kit.KitError) as refused:
        kit.read(path, network)
    return str(refused.value.code)


def _with_payload(data: bytes, payload: bytes) -> bytes:
    """The same COSE_Sign1 (header and signature kept) around another payload."""
    envelope = cbor2.loads(data)
    protected, unprotected, _, signature = envelope.value
    return bytes(cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected, payload, signature])))


def test_the_vector_kit_is_anchored_and_another_network_id_refuses_it(tmp_path: Path) -> None:
    path = _write(tmp_path, _payload())
    held = kit.read(path, NETWORK)
    assert held.anchored and held.epoch == 1
    assert {k["name"] for k in held.keys.values()} == {"Ambam", "Bipindi", "Awa Mengue"}
    assert not kit.read(path).anchored  # consistent with itself, but no id was told
    assert _refused(path, bytes(32)) == "kit_other_network"


def test_a_kit_signed_by_a_key_the_proof_does_not_give_is_damaged(tmp_path: Path) -> None:
    assert _refused(_write(tmp_path, _payload(), KeyPair.generate())) == "kit_damaged"
    secretary = KeyPair(spec_vectors.SECRETARY_SEED)  # a member's key, listed: not a town hall's
    assert _refused(_write(tmp_path, _payload(), secretary)) == "kit_damaged"


def test_an_altered_genesis_is_damaged(tmp_path: Path) -> None:
    payload = _payload()
    payload["genesis"] = payload["genesis"][:-1] + bytes([payload["genesis"][-1] ^ 1])
    assert _refused(_write(tmp_path, payload)) == "kit_damaged"


def test_a_proof_that_does_not_follow_from_the_genesis_is_not_anchored(tmp_path: Path) -> None:
    payload = _payload()
    payload["proof"] = payload["proof"][:1]  # the proposal, never approved: Bipindi not admitted
    assert _refused(_write(tmp_path, payload)) == "kit_not_anchored"

    payload = _payload()
    # The writer makes up its own admission: proposed and approved by itself.
    forged = make_tx(
        BIPINDI,
        NETWORK,
        type=TxType.EPOCH_APPROVE,
        actor=BIPINDI.kid,
        aseq=1,
        body={"proposal": hashlib.sha256(payload["proof"][0]).digest()},
        prio=0,
        time=spec_vectors.TIME,
    )
    payload["proof"][1] = forged
    assert _refused(_write(tmp_path, payload)) == "kit_not_anchored"

    payload = _payload()
    payload["proof"].append(STORY["kit.status-list"])  # a list is no step of the proof
    assert _refused(_write(tmp_path, payload)) == "kit_not_anchored"


def test_a_list_the_writer_altered_or_signed_for_another_commune_is_not_anchored(
    tmp_path: Path,
) -> None:
    payload = _payload()
    inner: Any = cbor.decode(parse_sign1(payload["lists"][0], strict=True).payload)
    inner[6]["cancelled"] = []  # the cancelled paper would pass
    payload["lists"][0] = _with_payload(payload["lists"][0], cbor.encode(inner))
    assert _refused(_write(tmp_path, payload)) == "kit_not_anchored"

    payload = _payload()
    forged = make_tx(  # Bipindi signs a list in Ambam's name
        BIPINDI,
        NETWORK,
        type=TxType.STATUS_LIST,
        actor=AMBAM.kid,
        aseq=3,
        body={"keys": [], "cancelled": [], "replaced": []},
        prio=0,
        time=spec_vectors.TIME,
    )
    payload["lists"].append(forged)
    assert _refused(_write(tmp_path, payload)) == "kit_not_anchored"

    payload = _payload()
    payload["lists"].append(payload["lists"][0])  # one list per commune
    assert _refused(_write(tmp_path, payload)) == "kit_not_anchored"


def test_a_kit_of_the_first_format_loads_and_only_a_founder_anchors_it(tmp_path: Path) -> None:
    held = kit.read(_write(tmp_path, _payload()), NETWORK)
    keys = list(held.keys.values())  # kit-1: every key in the writer's word
    first = {
        "format": kit.FORMAT_1,
        "network": NETWORK,
        "made": spec_vectors.TIME,
        "by": "Ambam",
        "keys": keys,
        "communes": [
            {k: v for k, v in commune.items() if k != "signed"}
            for commune in held.communes.values()
        ],
        "types": held.types,
        "genesis": held.genesis,
    }
    by_founder = kit.read(_write(tmp_path, first, AMBAM), NETWORK)
    assert by_founder.anchored
    assert kit.verify(by_founder, STORY["kit.paper-cancelled"]).outcome == "cancelled"
    # Bipindi was admitted after the genesis: a kit of the first format it signs is its word
    # alone, never anchored.
    assert _refused(_write(tmp_path, first, BIPINDI)) == "kit_not_anchored"


def test_a_commune_without_a_list_in_the_kit_is_named_and_its_papers_status_unknown(
    tmp_path: Path,
) -> None:
    payload = _payload()
    payload["lists"] = []  # the writer had no list of Bipindi yet: not a forgery, a gap
    held = kit.read(_write(tmp_path, payload), NETWORK)
    paper = make_attestation(
        BIPINDI,
        commune=BIPINDI.kid,
        doc_type="nais",
        subject="Awa",
        seq=3,
        issued=spec_vectors.TIME,
    )
    verdict = kit.verify(held, paper)
    assert verdict.outcome == "status_unknown" and verdict.fields["commune"] == "Bipindi"
    assert kit.verify(held, STORY["kit.paper"]).outcome == "not_authentic"  # its key: unlisted
