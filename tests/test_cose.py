"""COSE_Sign1 / EdDSA (app/core/encoding/cose.py) against COSE-WG and Wycheproof vectors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cbor2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey

from app.core.encoding import cbor, cose
from app.core.encoding.cose import (
    ALG_ED25519,
    ALG_EDDSA,
    CoseError,
    Sign1,
    kid_of,
    parse_sign1,
    sig_structure,
    sign1,
    verify_sign1,
)

VECTORS = Path(__file__).parent / "vectors"
COSE_DIR = VECTORS / "cose"

# COSE-WG example JSON uses names; these are the labels/values they stand for (RFC 9052/9053).
HEADER_LABELS = {"alg": 1, "ctyp": 3, "kid": 4}
ALG_VALUES = {"EdDSA": -8, "ES256": -7}


def load(name: str) -> dict[str, Any]:
    return json.loads((COSE_DIR / name).read_text())  # type: ignore[no-any-return]


def vector_files(prefix: str) -> list[str]:
    return sorted(p.name for p in COSE_DIR.glob(f"{prefix}*.json"))


def header_map(names: dict[str, Any]) -> dict[int | str, Any]:
    out: dict[int | str, Any] = {}
    for name, value in names.items():
        label = HEADER_LABELS[name]
        if name == "alg":
            value = ALG_VALUES[value]
        elif name == "kid":
            value = value.encode()
        out[label] = value
    return out


def test_vector_files_present() -> None:
    assert len(vector_files("eddsa-")) == 4
    assert len(vector_files("sign1-sign-pass-")) == 3
    assert len(vector_files("sign1-sign-fail-")) == 6


# --- COSE-WG EdDSA COSE_Sign1 -----------------------------------------------------------------


def test_eddsa_sig_01_verifies_and_resigns_byte_identical() -> None:
    v = load("eddsa-sig-01.json")
    s0 = v["input"]["sign0"]
    data = bytes.fromhex(v["output"]["cbor"])
    pk = bytes.fromhex(s0["key"]["x_hex"])
    sk = SigningKey(bytes.fromhex(s0["key"]["d_hex"]))
    assert bytes(sk.verify_key) == pk

    msg = parse_sign1(data, strict=False)
    assert msg.payload == v["input"]["plaintext"].encode()
    assert msg.alg == ALG_EDDSA
    assert msg.kid == b"11"
    tbs = sig_structure(msg.protected, b"", msg.payload)
    assert tbs == bytes.fromhex(v["intermediates"]["ToBeSign_hex"])
    verify_sign1(msg, pk, check_kid=False)  # the vector's kid "11" is not SHA-256(pk)[:8]
    with pytest.raises(CoseError, match="kid does not match key"):
        verify_sign1(msg, pk)

    # Re-sign with the vector's key: Ed25519 is deterministic, so the bytes must match.
    protected = cbor.encode(header_map(s0["protected"]))
    assert protected == msg.protected == bytes.fromhex("a201270300")
    signature = sk.sign(sig_structure(protected, b"", msg.payload)).signature
    assert signature == msg.signature
    rebuilt = cbor2.dumps(
        cbor2.CBORTag(18, [protected, header_map(s0["unprotected"]), msg.payload, signature]),
        canonical=True,
    )
    assert rebuilt == data

    # Not our profile (ctyp in protected, kid unprotected): strict parsing refuses it.
    with pytest.raises(CoseError):
        parse_sign1(data)


def test_eddsa_sig_02_ed448_parses_but_is_unsupported() -> None:
    v = load("eddsa-sig-02.json")
    msg = parse_sign1(bytes.fromhex(v["output"]["cbor"]), strict=False)
    assert sig_structure(msg.protected, b"", msg.payload) == bytes.fromhex(
        v["intermediates"]["ToBeSign_hex"]
    )
    assert msg.alg == ALG_EDDSA and len(msg.signature) == 114
    with pytest.raises(CoseError, match="public key must be 32 bytes"):
        verify_sign1(msg, bytes.fromhex(v["input"]["sign0"]["key"]["x_hex"]), check_kid=False)


# --- COSE-WG EdDSA COSE_Sign (tag 98): small test-only helper -------------------------------


def parse_cose_sign(data: bytes) -> tuple[bytes, dict[Any, Any], bytes, list[Any]]:
    obj = cbor2.loads(data)
    assert isinstance(obj, cbor2.CBORTag) and obj.tag == 98
    protected, unprotected, payload, signatures = obj.value
    return protected, dict(unprotected), payload, list(signatures)


def signature_structure(body_protected: bytes, sign_protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature", body_protected, sign_protected, b"", payload])


@pytest.mark.parametrize("name", ["eddsa-01.json", "eddsa-02.json"])
def test_eddsa_cose_sign(name: str) -> None:
    v = load(name)
    data = bytes.fromhex(v["output"]["cbor"])
    body_protected, body_unprotected, payload, signatures = parse_cose_sign(data)
    assert len(signatures) == 1
    sign_protected, sign_unprotected, signature = signatures[0]
    tbs = signature_structure(body_protected, sign_protected, payload)
    assert tbs == bytes.fromhex(v["intermediates"]["signers"][0]["ToBeSign_hex"])
    key = v["input"]["sign"]["signers"][0]["key"]
    pk = bytes.fromhex(key["x_hex"])
    if key["crv"] != "Ed25519":  # Ed448 (eddsa-02): out of scope for PyNaCl
        assert not cose.ed25519_verify(pk, tbs, signature)
        return
    assert cose.ed25519_verify(pk, tbs, signature)
    assert not cose.ed25519_verify(pk, tbs + b"x", signature)
    sk = SigningKey(bytes.fromhex(key["d_hex"]))
    resigned = sk.sign(tbs).signature
    assert resigned == signature
    signer = v["input"]["sign"]["signers"][0]
    rebuilt = cbor2.dumps(
        cbor2.CBORTag(
            98,
            [
                cbor.encode(header_map(v["input"]["sign"]["protected"])),
                body_unprotected,
                payload,
                [
                    [
                        cbor.encode(header_map(signer["protected"])),
                        header_map(signer["unprotected"]),
                        resigned,
                    ]
                ],
            ],
        )
    )
    assert rebuilt == data
    assert sign_unprotected == {4: b"11"}


# --- COSE-WG sign1-tests (ES256): structure checks; our verifier supports EdDSA only --------


@pytest.mark.parametrize("name", vector_files("sign1-sign-pass-"))
def test_sign1_pass_vectors(name: str) -> None:
    v = load(name)
    s0 = v["input"]["sign0"]
    aad = bytes.fromhex(s0.get("external", ""))
    msg = parse_sign1(bytes.fromhex(v["output"]["cbor"]), strict=False)
    assert msg.payload == v["input"]["plaintext"].encode()
    # The bytes the signer signed are exactly our Sig_structure of what we parsed.
    assert sig_structure(msg.protected, aad, msg.payload) == bytes.fromhex(
        v["intermediates"]["ToBeSign_hex"]
    )
    assert msg.alg == -7 and msg.kid == b"11"
    with pytest.raises(CoseError, match="unsupported algorithm"):
        verify_sign1(msg, bytes(32), aad)
    with pytest.raises(CoseError):
        parse_sign1(bytes.fromhex(v["output"]["cbor"]))


@pytest.mark.parametrize("name", vector_files("sign1-sign-fail-"))
def test_sign1_fail_vectors(name: str) -> None:
    v = load(name)
    assert v["fail"] is True
    data = bytes.fromhex(v["output"]["cbor"])
    aad = bytes.fromhex(v["input"]["sign0"].get("external", ""))
    with pytest.raises(CoseError):
        parse_sign1(data)
    try:
        msg = parse_sign1(data, strict=False)
    except CoseError as e:
        assert "not a COSE_Sign1" in str(e)  # sign-fail-01: wrong tag
        assert "ChangeCBORTag" in v["input"]["failures"]
        return
    # The signature was made over ToBeSign_hex; what we would verify differs, so no correct
    # verifier can accept it. And ours rejects it.
    tbs = sig_structure(msg.protected, aad, msg.payload)
    assert tbs != bytes.fromhex(v["intermediates"]["ToBeSign_hex"])
    with pytest.raises(CoseError):
        verify_sign1(msg, bytes(32), aad, check_kid=False)


# --- Wycheproof Ed25519 --------------------------------------------------------------------


def wycheproof_cases() -> list[Any]:
    data = json.loads((VECTORS / "wycheproof" / "ed25519_test.json").read_text())
    cases = []
    for group in data["testGroups"]:
        pk = group["publicKey"]["pk"]
        for t in group["tests"]:
            cases.append(pytest.param(pk, t, id=f"tc{t['tcId']}"))
    assert len(cases) == data["numberOfTests"] == 151
    return cases


@pytest.mark.parametrize(("pk", "case"), wycheproof_cases())
def test_wycheproof_ed25519(pk: str, case: dict[str, Any]) -> None:
    assert case["result"] in ("valid", "invalid")
    ok = cose.ed25519_verify(
        bytes.fromhex(pk), bytes.fromhex(case["msg"]), bytes.fromhex(case["sig"])
    )
    assert ok == (case["result"] == "valid"), case["comment"]


@pytest.mark.parametrize(("pk", "case"), wycheproof_cases())
def test_wycheproof_ed25519_through_the_direct_call(pk: str, case: dict[str, Any]) -> None:
    """verify_sign1 calls libsodium's crypto_sign_open itself (`cose._sign_open`, no buffers
    allocated per call): the verdict of PyNaCl's binding of the same function, case by case."""
    from nacl.bindings import crypto_sign_open
    from nacl.exceptions import BadSignatureError

    key, sig = bytes.fromhex(pk), bytes.fromhex(case["sig"])
    if len(sig) != 64:
        return  # verify_sign1 refuses these before any call
    signed = sig + bytes.fromhex(case["msg"])
    try:
        crypto_sign_open(signed, key)
        pynacl = True
    except BadSignatureError:
        pynacl = False
    assert cose._sign_open(signed, key) == pynacl == (case["result"] == "valid"), case["comment"]


def test_the_direct_call_in_threads_and_sizes() -> None:
    """Each thread's buffer grows to the largest object it checked; threads do not share."""
    import threading

    outcomes: list[bool] = []

    def check(size: int) -> None:
        for n in (size, 10, 3 * size):
            message = bytes(n)
            signed = SK.sign(message).signature + message
            outcomes.append(cose._sign_open(signed, PK))
            outcomes.append(not cose._sign_open(signed[:-1] + b"\x01", PK))

    threads = [threading.Thread(target=check, args=(size,)) for size in (100, 5000, 70000)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 18 and all(outcomes)


# --- our envelopes ---------------------------------------------------------------------------

SK = SigningKey(bytes(range(32)))
PK = bytes(SK.verify_key)
AAD = b"obambu-test-network"


def test_kid_of() -> None:
    import hashlib

    assert kid_of(PK) == hashlib.sha256(PK).digest()[:8]
    assert len(kid_of(PK)) == 8


@pytest.mark.parametrize("n", [0, 1, 23, 24, 255, 256, 1000, 65535, 65536, 70000])
def test_sign_parse_verify(n: int) -> None:
    payload = cbor.encode({1: "x" * n}) if n else b""
    data = sign1(payload, SK, AAD)
    assert sign1(payload, SK, AAD) == data  # deterministic
    kid = kid_of(PK)
    protected = cbor.encode({1: ALG_EDDSA, 4: kid})
    # Exactly the deterministic encoding of the whole envelope.
    assert data == cbor2.dumps(
        cbor2.CBORTag(18, [protected, {}, payload, data[-64:]]), canonical=True
    )
    msg = parse_sign1(data)
    assert msg == cose._parse_strict_slow(data) == parse_sign1(data, strict=False)
    assert msg.protected == protected
    assert msg.protected_map == {1: -8, 4: kid}
    assert msg.unprotected == {}
    assert msg.payload == payload
    assert msg.alg == ALG_EDDSA and msg.kid == kid
    assert len(msg.signature) == 64
    verify_sign1(msg, PK, AAD)
    assert isinstance(msg.payload, bytes) and isinstance(msg.protected, bytes)


def test_wrong_external_aad_fails() -> None:
    msg = parse_sign1(sign1(b"\xa0", SK, AAD))
    verify_sign1(msg, PK, AAD)
    for aad in (b"", AAD + b"\x00", AAD[:-1], b"other"):
        with pytest.raises(CoseError, match="bad signature"):
            verify_sign1(msg, PK, aad)


def test_wrong_key() -> None:
    other = bytes(SigningKey(bytes(32)).verify_key)
    msg = parse_sign1(sign1(b"\xa0", SK))
    with pytest.raises(CoseError, match="kid does not match key"):
        verify_sign1(msg, other)
    with pytest.raises(CoseError, match="bad signature"):
        verify_sign1(msg, other, check_kid=False)
    with pytest.raises(CoseError, match="32 bytes"):
        verify_sign1(msg, PK[:31])


def _sign_with_alg(alg: int, payload: bytes, aad: bytes = b"") -> bytes:
    protected = cbor.encode({1: alg, 4: kid_of(PK)})
    signature = SK.sign(sig_structure(protected, aad, payload)).signature
    return cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, signature]), canonical=True)


def test_alg_ed25519_minus_19_accepted() -> None:
    data = _sign_with_alg(ALG_ED25519, b"\x01", AAD)
    assert data[5] == 0x32
    msg = parse_sign1(data)
    assert msg.alg == ALG_ED25519
    verify_sign1(msg, PK, AAD)
    # the alg is signed: relabelling -19 as -8 breaks the signature
    relabelled = data[:5] + b"\x27" + data[6:]
    with pytest.raises(CoseError, match="bad signature"):
        verify_sign1(parse_sign1(relabelled), PK, AAD)


def test_other_alg_rejected() -> None:
    data = _sign_with_alg(-7, b"\x01")
    with pytest.raises(CoseError, match="unsupported algorithm"):
        parse_sign1(data)
    with pytest.raises(CoseError, match="unsupported algorithm"):
        verify_sign1(parse_sign1(data, strict=False), PK)


def test_every_single_byte_flip_fails() -> None:
    data = sign1(cbor.encode({1: "pay", 2: [1, 2, 3]}), SK, AAD)
    verify_sign1(parse_sign1(data), PK, AAD)
    for i in range(len(data)):
        for x in range(1, 256):
            bad = bytearray(data)
            bad[i] ^= x
            with pytest.raises(CoseError):
                verify_sign1(parse_sign1(bytes(bad)), PK, AAD)


def _envelope(
    protected: Any = None,
    unprotected: Any = None,
    payload: Any = b"\xa0",
    signature: Any = None,
    tag: int | None = 18,
) -> bytes:
    if protected is None:
        protected = cbor.encode({1: -8, 4: kid_of(PK)})
    arr = [protected, {} if unprotected is None else unprotected, payload]
    arr.append(bytes(64) if signature is None else signature)
    obj: Any = arr if tag is None else cbor2.CBORTag(tag, arr)
    return cbor2.dumps(obj, canonical=True)


STRICT_REJECTS = [
    (b"", "not a COSE_Sign1"),
    (_envelope(tag=None), "expected tag 18"),
    (_envelope(tag=98), "expected tag 18"),
    (b"\xd8\x12" + _envelope()[1:], "expected tag 18"),
    (_envelope() + b"\x00", "trailing bytes"),
    (_envelope()[:-1], "truncated"),
    (b"\xd2\x83" + _envelope()[2:-66], "expected an array of 4 items"),
    (b"\xd2\xa0", "expected an array of 4 items"),
    (_envelope(protected=b""), "protected header not in the deterministic CBOR"),
    (_envelope(protected=b"\xa0"), "unsupported algorithm"),
    (_envelope(protected=cbor.encode({1: -8})), "kid"),
    (_envelope(protected=cbor.encode({1: -8, 4: b"1234567"})), "8-byte"),
    (_envelope(protected=cbor.encode({1: -8, 4: "12345678"})), "8-byte"),
    (_envelope(protected=cbor.encode({1: -7, 4: bytes(8)})), "unsupported algorithm"),
    (_envelope(protected=cbor.encode({1: "EdDSA", 4: bytes(8)})), "unsupported algorithm"),
    (_envelope(protected=cbor.encode({1: -8, 3: 0, 4: bytes(8)})), "unexpected protected"),
    (_envelope(protected=bytes.fromhex("a2 04 48 0000000000000000 01 27")), "not in order"),
    (_envelope(protected=bytes.fromhex("a2 01 38 07 04 48 0000000000000000")), "shortest"),
    (_envelope(protected=[1]), "protected header must be a bstr"),
    (_envelope(unprotected={4: bytes(8)}), "unprotected header must be empty"),
    (_envelope(unprotected=[]), "unprotected header is not a map"),
    (_envelope(payload=None), "detached payload not supported"),
    (_envelope(payload="text"), "payload must be a bstr"),
    (_envelope(signature=bytes(63)), "signature must be 64 bytes"),
    (_envelope(signature=bytes(65)), "signature must be 64 bytes"),
    (_envelope(signature=None)[:-66] + b"\x59\x00\x40" + bytes(64), "shortest"),
    (_envelope()[:17] + b"\x58\x01\xa0" + _envelope()[18:], "shortest"),
    (_envelope()[:17] + b"\x5f\x41\xa0\xff" + _envelope()[18:], "indefinite"),
    (_envelope()[:16] + b"\xbf\xff" + _envelope()[17:], "indefinite"),
    (_envelope(payload=1.5), "float not allowed"),
]


@pytest.mark.parametrize(
    ("data", "message"),
    [pytest.param(d, m, id=f"{i}-{m}") for i, (d, m) in enumerate(STRICT_REJECTS)],
)
def test_strict_rejects(data: bytes, message: str) -> None:
    with pytest.raises(CoseError, match=message):
        parse_sign1(data)
    with pytest.raises(CoseError, match=message):
        cose._parse_strict_slow(data)


def _outcome(f: Any, data: bytes) -> Sign1 | str:
    try:
        return f(data)  # type: ignore[no-any-return]
    except CoseError:
        return "error"


def test_fast_and_slow_strict_agree_on_accepting_edge_cases() -> None:
    for n in (0, 23, 24, 255, 256, 65535, 65536):
        data = _envelope(payload=bytes(n))
        assert parse_sign1(data) == cose._parse_strict_slow(data)
    data = _envelope(protected=cbor.encode({1: -19, 4: bytes(8)}))
    assert parse_sign1(data) == cose._parse_strict_slow(data)


@given(
    st.binary(max_size=300),
    st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=3),
    st.integers(min_value=-3, max_value=3),
)
@settings(max_examples=500)
def test_fast_and_slow_strict_agree(payload: bytes, edits: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(sign1(payload, SK))
    for pos, byte in edits:
        data[pos % len(data)] = byte
    if cut < 0:
        del data[cut:]
    elif cut > 0:
        data += bytes(cut)
    blob = bytes(data)
    assert _outcome(parse_sign1, blob) == _outcome(cose._parse_strict_slow, blob)


def test_lenient_parse() -> None:
    ours = sign1(b"\xa0", SK)
    untagged = ours[1:]
    msg = parse_sign1(untagged, strict=False)
    verify_sign1(msg, PK)
    with pytest.raises(CoseError, match="expected tag 18"):
        parse_sign1(untagged)
    with pytest.raises(CoseError, match="trailing bytes"):
        parse_sign1(ours + b"\x00", strict=False)
    with pytest.raises(CoseError, match="trailing bytes"):
        parse_sign1(untagged + b"\xf6", strict=False)
    both = _envelope(unprotected={1: -8})
    with pytest.raises(CoseError, match="both protected and unprotected"):
        parse_sign1(both, strict=False)
    with pytest.raises(CoseError, match="detached payload"):
        parse_sign1(_envelope(payload=None), strict=False)
    with pytest.raises(CoseError, match="not a COSE_Sign1"):
        parse_sign1(_envelope(tag=998), strict=False)
    with pytest.raises(CoseError, match="malformed CBOR"):
        parse_sign1(b"\xd2\x84", strict=False)
    with pytest.raises(CoseError, match="header label"):
        parse_sign1(_envelope(unprotected={b"k": 1}), strict=False)
    # Lenient CBOR is fine in foreign objects: non-shortest head, unsorted protected map.
    protected = bytes.fromhex("a2 04 48") + kid_of(PK) + bytes.fromhex("01 27")
    payload = b"hello"
    signature = SK.sign(sig_structure(protected, b"", payload)).signature
    foreign = b"\xd8\x12\x84\x4d" + protected + b"\xa0\x58\x05" + payload + b"\x58\x40" + signature
    verify_sign1(parse_sign1(foreign, strict=False), PK)
    with pytest.raises(CoseError):
        parse_sign1(foreign)


def test_empty_protected_as_a0_signs_as_empty_bstr() -> None:
    assert sig_structure(b"\xa0", b"", b"p") == sig_structure(b"", b"", b"p")
    assert sig_structure(b"", b"", b"p") == cbor2.dumps(["Signature1", b"", b"", b"p"])
