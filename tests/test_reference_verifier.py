"""The independent JavaScript verifier (verifier/, written from docs/spec/ only) against ours.

It runs `node verifier/check.mjs …` as a person would and compares its verdicts and figures with
this program's own verification code; any disagreement fails. `make test` installs its npm
dependency from verifier/package-lock.json; the tests skip only when `node` is absent.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from app.core.attestations import numbering
from app.core.attestations.attestation import make_attestation, parse_attestation
from app.core.attestations.qrtext import to_qr_text
from app.core.crypto.keys import KeyPair
from app.core.encoding.cose import CoseError, parse_sign1, verify_sign1
from tests.spec_vectors import written

ROOT = Path(__file__).resolve().parent.parent
VERIFIER = ROOT / "verifier"
SPEC = ROOT / "docs" / "spec"


def run_check(*args: str) -> tuple[int, dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not on PATH: the reference verifier needs Node.js >= 20")
    if not (VERIFIER / "node_modules" / "cborg").is_dir():
        pytest.fail("verifier/node_modules is missing: run `make test`, which runs npm ci there")
    done = subprocess.run(
        [node, str(VERIFIER / "check.mjs"), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def unhex(name: str, vectors: dict[str, str]) -> bytes:
    return bytes.fromhex(vectors[name].replace("\n", ""))


def test_the_spec_vectors_check_in_javascript_as_in_python() -> None:
    code, report = run_check("vectors", str(SPEC))
    assert code == 0, report
    assert set(report["results"]) >= {
        "genesis",
        "network-id",
        "tx",
        "tx.wrong-network",
        "block",
        "merkle.empty",
        "merkle.root",
        "attestation",
        "attestation.qr",
    }
    vectors = written()
    genesis = unhex("genesis", vectors)
    assert report["networkId"] == hashlib.sha256(genesis).hexdigest()
    # Our verifier agrees on every signed vector, with the same external AAD.
    founder = unhex("founder.public-key", vectors)
    network_id = hashlib.sha256(genesis).digest()
    verify_sign1(parse_sign1(genesis), founder, b"")
    verify_sign1(parse_sign1(unhex("tx", vectors)), founder, network_id)
    verify_sign1(parse_sign1(unhex("block", vectors)), founder, network_id)
    verify_sign1(parse_sign1(unhex("attestation", vectors)), founder, b"")


@pytest.mark.parametrize("name", ["genesis", "tx", "block", "attestation"])
def test_a_changed_signature_is_refused_by_both(name: str, tmp_path: Path) -> None:
    """Flip one bit of the object's signature in a copy of the spec: both verifiers refuse it."""
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    vectors = written()
    good = unhex(name, vectors)
    bad = good[:-1] + bytes([good[-1] ^ 1])
    for path in spec.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        text = text.replace(
            vectors[name], "\n".join(bad.hex()[i : i + 64] for i in range(0, len(bad) * 2, 64))
        )
        path.write_text(text, encoding="utf-8")
    code, report = run_check("vectors", str(spec))
    assert code == 1
    assert report["results"][name].startswith("FAIL"), report
    founder = unhex("founder.public-key", vectors)
    aad = (
        b""
        if name in ("genesis", "attestation")
        else hashlib.sha256(unhex("genesis", vectors)).digest()
    )
    with pytest.raises(CoseError):
        verify_sign1(parse_sign1(bad), founder, aad)


ISSUES = [
    ("res", "Marie Ndongo", 412, 1_767_225_600, {}),
    ("vie", "Jean-Pierre Obiang Mba", 1, 1_798_761_599, {"born": "vers 1964", "place": "Ambam"}),
    ("nais", "Ékang Ondo", 999_999, 1_900_000_000, {"detail": "Acte n° 12/2030"}),
]


@pytest.mark.parametrize(("doc_type", "subject", "seq", "issued", "extra"), ISSUES)
def test_an_attestation_from_its_qr_text_reads_the_same_in_both(
    doc_type: str, subject: str, seq: int, issued: int, extra: dict[str, str]
) -> None:
    key = KeyPair.generate()
    data = make_attestation(
        key,
        commune=key.kid,
        doc_type=doc_type,
        subject=subject,
        seq=seq,
        issued=issued,
        born=extra.get("born"),
        place=extra.get("place"),
        detail=extra.get("detail"),
    )
    ours = parse_attestation(data)
    verify_sign1(ours.envelope, key.public_key, b"")
    code, report = run_check("qr", to_qr_text(data), key.public_key.hex())
    assert code == 0, report
    assert report == {
        "ok": True,
        "id": hashlib.sha256(data).hexdigest(),
        "issuer": key.kid.hex(),
        "type": doc_type,
        "subject": subject,
        "number": ours.number,
        "control": numbering.control_code(data),
    }


def test_an_attestation_with_another_key_or_a_changed_signature_is_refused_by_both() -> None:
    key, other = KeyPair.generate(), KeyPair.generate()
    data = make_attestation(
        key, commune=key.kid, doc_type="res", subject="A", seq=1, issued=1_767_225_600
    )
    code, report = run_check("qr", "at1:" + to_qr_text(data)[4:], other.public_key.hex())
    assert code == 1 and report == {"ok": False, "error": "kid does not match the key"}
    with pytest.raises(CoseError):
        verify_sign1(parse_sign1(data), other.public_key, b"")
    changed = data[:-1] + bytes([data[-1] ^ 1])
    code, report = run_check("qr", to_qr_text(changed), key.public_key.hex())
    assert code == 1 and report == {"ok": False, "error": "bad signature"}
    with pytest.raises(CoseError):
        verify_sign1(parse_sign1(changed), key.public_key, b"")
    code, report = run_check("qr", "at1:" + to_qr_text(data)[4:], key.public_key.hex())
    assert code == 0, report


def test_the_small_order_forgery_is_refused_by_both() -> None:
    """The identity point as key, R = identity and S = 0 'sign' any message under plain RFC 8032
    verification (OpenSSL accepts it); libsodium refuses small-order keys, and so must the
    reference verifier (cose-cbor.md), or it would accept what Obambu refuses."""
    identity = bytes([1]) + bytes(31)
    kid = hashlib.sha256(identity).digest()[:8]
    payload = unhex("attestation.payload", written())
    forged = (
        bytes.fromhex("d2844da201270448")
        + kid
        + bytes([0xA0, 0x58, len(payload)])
        + payload
        + bytes([0x58, 0x40])
        + identity
        + bytes(32)
    )
    code, report = run_check("qr", to_qr_text(forged), identity.hex())
    assert code == 1 and report == {"ok": False, "error": "weak public key"}
    with pytest.raises(CoseError):
        verify_sign1(parse_sign1(forged), identity, b"")


def test_an_envelope_with_a_longer_head_than_needed_is_refused_by_both() -> None:
    """Same signature, same payload, but its byte-string head written in 3 bytes instead of 2:
    not the one deterministic shape, so both refuse it (an id must name one encoding)."""
    vectors = written()
    good, payload = unhex("attestation", vectors), unhex("attestation.payload", vectors)
    head = bytes([0x58, len(payload)])
    assert good.count(head + payload) == 1
    longer = good.replace(head + payload, bytes([0x59, 0, len(payload)]) + payload)
    founder = unhex("founder.public-key", vectors).hex()
    assert run_check("qr", to_qr_text(good), founder)[0] == 0
    code, report = run_check("qr", to_qr_text(longer), founder)
    assert code == 1 and not report["ok"], report
    with pytest.raises(CoseError):
        parse_sign1(longer, strict=True)
