"""Interop with independent COSE implementations.

* pycose 1.1.0: it does not work with cbor2 6.x (which the app pins), so it runs as a
  subprocess from ``.venv-interop`` (created by ``make test``); see tests/interop/pycose_verify.py.
  pycose sits on cbor2 too, so it is independent for COSE, not for CBOR.
* Node (npm ``cbor`` + ``node:crypto``): the only stack sharing no code with ours, checked when
  ``node`` is on PATH; ``make test`` installs it from tests/interop/node/package-lock.json.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey

from app.core.encoding import cbor
from app.core.encoding.cose import kid_of, parse_sign1, sign1, verify_sign1
from tests.test_cbor import values

ROOT = Path(__file__).resolve().parent.parent
INTEROP_PYTHON = ROOT / ".venv-interop" / "bin" / "python"
SCRIPT = ROOT / "tests" / "interop" / "pycose_verify.py"
VECTORS = ROOT / "tests" / "vectors" / "cose"
NODE_DIR = ROOT / "tests" / "interop" / "node"

SEED = bytes(range(32))
SK = SigningKey(SEED)
PK = bytes(SK.verify_key)
AAD = b"obambu-interop"


def run_lines(cmd: list[str], requests: list[dict[str, str]]) -> list[dict[str, Any]]:
    proc = subprocess.run(
        cmd,
        input="".join(json.dumps(r) + "\n" for r in requests),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert len(results) == len(requests), proc.stdout + proc.stderr
    return results


def run_pycose(mode: str, requests: list[dict[str, str]]) -> list[dict[str, Any]]:
    if not INTEROP_PYTHON.exists():
        pytest.fail(
            f"{INTEROP_PYTHON.relative_to(ROOT)} is missing: run `make test`, which creates "
            "the .venv-interop venv (pycose==1.1.0, cbor2<6) for this test."
        )
    return run_lines([str(INTEROP_PYTHON), str(SCRIPT), mode], requests)


def run_node(mode: str, requests: list[dict[str, str]]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not on PATH (the Node interop check is optional)")
    if not (NODE_DIR / "node_modules" / "cbor").is_dir():
        pytest.fail(
            "tests/interop/node/node_modules is missing: run `make test`, which runs "
            "`npm ci` there (from the committed package-lock.json)."
        )
    return run_lines([node, str(NODE_DIR / "cose_check.mjs"), mode], requests)


def test_pycose_verifies_our_envelopes() -> None:
    payloads = [b"", b"\xa0", cbor.encode({1: "vote", 2: [1, 2, 3], -1: "é"}), bytes(300)]
    envelopes = [sign1(p, SK, AAD) for p in payloads]
    requests = [{"cose": e.hex(), "pk": PK.hex(), "aad": AAD.hex()} for e in envelopes]
    # Negative controls: wrong aad, wrong key, tampered payload.
    other = bytes(SigningKey(bytes(32)).verify_key)
    tampered = bytearray(envelopes[2])
    tampered[20] ^= 1
    negatives = [
        {"cose": envelopes[1].hex(), "pk": PK.hex(), "aad": ""},
        {"cose": envelopes[1].hex(), "pk": other.hex(), "aad": AAD.hex()},
        {"cose": bytes(tampered).hex(), "pk": PK.hex(), "aad": AAD.hex()},
    ]
    results = run_pycose("verify", requests + negatives)
    assert [r["ok"] for r in results] == [True] * len(requests) + [False] * len(negatives)


def test_pycose_verifies_cose_wg_vector() -> None:
    v = json.loads((VECTORS / "eddsa-sig-01.json").read_text())
    key = v["input"]["sign0"]["key"]
    results = run_pycose("verify", [{"cose": v["output"]["cbor"], "pk": key["x_hex"], "aad": ""}])
    assert results == [{"ok": True}]


def test_we_verify_pycose_output() -> None:
    payloads = [b"", b"hello", cbor.encode({1: [True, None], "memo": "x" * 40})]
    requests = [
        {"payload": p.hex(), "seed": SEED.hex(), "kid": kid_of(PK).hex(), "aad": AAD.hex()}
        for p in payloads
    ]
    results = run_pycose("sign", requests)
    for payload, result in zip(payloads, results, strict=True):
        data = bytes.fromhex(result["cose"])
        msg = parse_sign1(data, strict=False)
        assert msg.payload == payload
        verify_sign1(msg, PK, AAD)
        # pycose (protected inserted as alg, kid) produces byte-identical envelopes, so they
        # also pass the strict profile.
        assert data == sign1(payload, SK, AAD)
        verify_sign1(parse_sign1(data), PK, AAD)


# --- Node: npm cbor + node:crypto (independent CBOR and Ed25519) ----------------------------


def _our_envelopes() -> tuple[list[bytes], list[dict[str, str]]]:
    payloads = [b"", b"\xa0", cbor.encode({1: "vote", 2: [1, 2, 3], -1: "é"}), bytes(70000)]
    envelopes = [sign1(p, SK, AAD) for p in payloads]
    tampered = bytearray(envelopes[2])
    tampered[20] ^= 1
    other = bytes(SigningKey(bytes(32)).verify_key)
    negatives = [
        {"cose": envelopes[1].hex(), "pk": PK.hex(), "aad": ""},
        {"cose": envelopes[1].hex(), "pk": other.hex(), "aad": AAD.hex()},
        {"cose": bytes(tampered).hex(), "pk": PK.hex(), "aad": AAD.hex()},
    ]
    positives = [{"cose": e.hex(), "pk": PK.hex(), "aad": AAD.hex()} for e in envelopes]
    return envelopes, positives + negatives


def test_node_verifies_our_envelopes() -> None:
    envelopes, requests = _our_envelopes()
    results = run_node("verify", requests)
    n = len(envelopes)
    assert [r["ok"] for r in results] == [True] * n + [False] * (len(requests) - n)


def test_we_verify_node_output() -> None:
    payloads = [b"", b"hello", cbor.encode({1: [True, None], "memo": "x" * 40}), bytes(300)]
    requests = [{"payload": p.hex(), "seed": SEED.hex(), "aad": AAD.hex()} for p in payloads]
    for payload, result in zip(payloads, run_node("sign", requests), strict=True):
        data = bytes.fromhex(result["cose"])
        verify_sign1(parse_sign1(data), PK, AAD)
        assert data == sign1(payload, SK, AAD)


def test_node_canonical_matches_rfc8949_example() -> None:
    data = cbor.encode({"aa": 0, "z": 0, -1: 0, 10: 0})
    assert run_node("canon", [{"cbor": data.hex()}]) == [{"cbor": data.hex()}]


@given(st.lists(values, min_size=1, max_size=60))
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_node_encode_canonical_equals_ours(batch: list[Any]) -> None:
    """node-cbor's encodeCanonical (RFC 8949 §4.2.1 bytewise order) == our encoder."""
    encoded = [cbor.encode(v).hex() for v in batch]
    results = run_node("canon", [{"cbor": h} for h in encoded])
    assert [r["cbor"] for r in results] == encoded
