"""COSE_Sign1 (RFC 9052) with EdDSA / Ed25519 over PyNaCl.

Our own envelopes have exactly one shape (see ``parse_sign1(strict=True)``)::

    d2                      tag 18
    84                      array(4)
    4d a2 01 27 04 48 <kid> protected = bstr(13) of {1: -8, 4: kid}   (-19 is 0x32)
    a0                      unprotected = {}
    <bstr head> <payload>
    58 40 <signature>

Foreign COSE_Sign1 objects (e.g. the COSE-WG examples) go through ``strict=False``.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Mapping
from typing import Any, NamedTuple

import cbor2
import nacl.signing
from nacl import _sodium  # PyNaCl's own cffi binding of libsodium
from nacl.bindings import crypto_sign_open
from nacl.exceptions import BadSignatureError

from app.core.encoding import cbor

ALG_EDDSA = -8
ALG_ED25519 = -19
COSE_SIGN1_TAG = 18

_HDR_ALG = 1
_HDR_KID = 4


class CoseError(ValueError):
    """A COSE object is malformed, unsupported or does not verify."""


def kid_of(public_key: bytes) -> bytes:
    """Key id of an Ed25519 public key: SHA-256(pk)[:8]."""
    return hashlib.sha256(public_key).digest()[:8]


class Sign1(NamedTuple):
    """A parsed COSE_Sign1. A named tuple, not a frozen dataclass: as immutable, and one is
    made for every transaction received, where a frozen dataclass's `__init__` (a call of
    `object.__setattr__` a field) cost about half of parsing the envelope (issue 21,
    docs/performance.md "The applying process, leaner")."""

    protected: bytes  # the exact protected bstr contents as received
    protected_map: dict[int | str, object]
    unprotected: dict[int | str, object]
    payload: bytes
    signature: bytes

    @property
    def alg(self) -> int | None:
        """Algorithm (label 1) from the protected header, else the unprotected one."""
        alg = self.protected_map.get(_HDR_ALG)
        if alg is None:
            alg = self.unprotected.get(_HDR_ALG)
        return alg if type(alg) is int else None

    @property
    def kid(self) -> bytes | None:
        """Key id (label 4) from the protected header, else the unprotected one."""
        kid = self.protected_map.get(_HDR_KID)
        if kid is None:
            kid = self.unprotected.get(_HDR_KID)
        return kid if type(kid) is bytes else None


_KID_CACHE: dict[bytes, bytes] = {}


def _cached_kid(public_key: bytes) -> bytes:
    kid = _KID_CACHE.get(public_key)
    if kid is None:
        if len(_KID_CACHE) >= 4096:
            _KID_CACHE.clear()
        kid = _KID_CACHE[bytes(public_key)] = kid_of(public_key)
    return kid


_SMALL_BSTR_HEADS = tuple(bytes((0x40 | n,) if n < 24 else (0x58, n)) for n in range(0x100))


def _bstr_head(n: int) -> bytes:
    if n < 0x100:
        return _SMALL_BSTR_HEADS[n]
    if n < 0x10000:
        return b"\x59" + n.to_bytes(2, "big")
    if n < 0x100000000:
        return b"\x5a" + n.to_bytes(4, "big")
    return b"\x5b" + n.to_bytes(8, "big")


_SIG1_PREFIX = b"\x84\x6aSignature1"  # array(4), text(10) "Signature1"


def sig_structure(
    protected: bytes, external_aad: bytes, payload: bytes, signature: bytes = b""
) -> bytes:
    """Encoded Sig_structure ``["Signature1", protected, external_aad, payload]``; after
    `signature` when one is given: the signed bytes as libsodium's crypto_sign_open takes them,
    made in one join (a check made one per transaction received).

    RFC 9052 §4.4: "If there are no protected attributes, a zero-length bstr is used", so a
    protected header received as the encoded empty map (h'a0') is signed as h''; the COSE-WG
    vector sign1-tests/sign-pass-01 relies on this.
    """
    if protected == b"\xa0":
        protected = b""
    # The heads inline for the usual sizes: a call costs more than the look-up.
    n, m, p = len(protected), len(external_aad), len(payload)
    return b"".join(
        (
            signature,
            _SIG1_PREFIX,
            _SMALL_BSTR_HEADS[n] if n < 0x100 else _bstr_head(n),
            protected,
            _SMALL_BSTR_HEADS[m] if m < 0x100 else _bstr_head(m),
            external_aad,
            _SMALL_BSTR_HEADS[p] if p < 0x100 else _bstr_head(p),
            payload,
        )
    )


def ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """The Ed25519 check used by ``verify_sign1`` (libsodium's strict verification)."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    try:
        crypto_sign_open(signature + message, public_key)
    except BadSignatureError:
        return False
    return True


def sign1(payload: bytes, signing_key: nacl.signing.SigningKey, external_aad: bytes = b"") -> bytes:
    """Tagged COSE_Sign1 over ``payload`` with protected ``{1: -8, 4: kid}`` and ``{}``."""
    # == cbor.encode({1: ALG_EDDSA, 4: kid}); built directly, checked in tests.
    protected = b"\xa2\x01\x27\x04\x48" + kid_of(bytes(signing_key.verify_key))
    signature = signing_key.sign(sig_structure(protected, external_aad, payload)).signature
    head = b"\xd2\x84\x4d" + protected + b"\xa0" + _bstr_head(len(payload))
    return b"".join((head, payload, b"\x58\x40", signature))


# Fixed first 8 bytes of a strict envelope (tag, array, protected bstr head, map head, alg,
# kid label and bstr(8) head), one per accepted algorithm.
_STRICT_PREFIXES = {
    b"\xd2\x84\x4d\xa2\x01\x27\x04\x48": ALG_EDDSA,
    b"\xd2\x84\x4d\xa2\x01\x32\x04\x48": ALG_ED25519,
}


def parse_sign1(data: bytes, *, strict: bool = True) -> Sign1:
    """Parse a COSE_Sign1.

    ``strict=True`` (our own objects): the envelope must be the deterministic encoding of
    ``18([bstr .cbor {1: -8 / -19, 4: bstr .size 8}, {}, bstr, bstr .size 64])``; that has
    exactly one byte layout, checked directly here. Anything else goes to the full strict
    decoder, which accepts exactly the same set of inputs and explains the rejection.

    ``strict=False`` (foreign objects): any well-formed COSE_Sign1, tagged or not, with
    ordinary CBOR headers; trailing bytes are still rejected.
    """
    if not strict:
        return _parse_lenient(data)
    n = len(data)
    alg = _STRICT_PREFIXES.get(data[:8])
    if alg is not None and n >= 84 and data[16] == 0xA0:
        # Payload bstr head at offset 17, in shortest form only.
        ib = data[17]
        if 0x40 <= ib < 0x58:
            off, plen = 18, ib - 0x40
        elif ib == 0x58:
            off, plen = 19, data[18]
            if plen < 24:
                off = 0
        elif ib == 0x59:
            off, plen = 20, int.from_bytes(data[18:20], "big")
            if plen < 0x100:
                off = 0
        elif ib == 0x5A:
            off, plen = 22, int.from_bytes(data[18:22], "big")
            if plen < 0x10000:
                off = 0
        else:
            off = plen = 0
        end = off + plen
        if off and n == end + 66 and data[end] == 0x58 and data[end + 1] == 0x40:
            return Sign1(
                data[3:16],
                {_HDR_ALG: alg, _HDR_KID: data[8:16]},
                {},
                data[off:end],
                data[end + 2 :],
            )
    return _parse_strict_slow(data)


def _parse_strict_slow(data: bytes) -> Sign1:
    """Reference strict parser: full deterministic-CBOR decode, precise errors."""
    if not data or data[0] != 0xD2:
        raise CoseError("not a COSE_Sign1: expected tag 18 (0xd2) first")
    try:
        arr = cbor.decode(data[1:])
    except cbor.CanonicalError as e:
        raise CoseError(f"envelope not in the deterministic CBOR profile: {e}") from e
    if type(arr) is not list or len(arr) != 4:
        raise CoseError("not a COSE_Sign1: expected an array of 4 items")
    protected, unprotected, payload, signature = arr
    if type(protected) is not bytes:
        raise CoseError("not a COSE_Sign1: protected header must be a bstr")
    try:
        pmap = cbor.decode(protected)
    except cbor.CanonicalError as e:
        raise CoseError(f"protected header not in the deterministic CBOR profile: {e}") from e
    if type(pmap) is not dict:
        raise CoseError("not a COSE_Sign1: protected header is not a map")
    alg = pmap.get(_HDR_ALG)
    if type(alg) is not int or alg not in (ALG_EDDSA, ALG_ED25519):
        raise CoseError(f"unsupported algorithm: {alg!r}")
    kid = pmap.get(_HDR_KID)
    if type(kid) is not bytes or len(kid) != 8:
        raise CoseError("protected kid (label 4) must be an 8-byte bstr")
    if len(pmap) != 2:
        extra = sorted(map(repr, set(pmap) - {_HDR_ALG, _HDR_KID}))
        raise CoseError(f"unexpected protected header parameters: {', '.join(extra)}")
    if type(unprotected) is not dict:
        raise CoseError("not a COSE_Sign1: unprotected header is not a map")
    if unprotected:
        raise CoseError("unprotected header must be empty")
    if payload is None:
        raise CoseError("detached payload not supported")
    if type(payload) is not bytes:
        raise CoseError("not a COSE_Sign1: payload must be a bstr")
    if type(signature) is not bytes:
        raise CoseError("not a COSE_Sign1: signature must be a bstr")
    if len(signature) != 64:
        raise CoseError(f"signature must be 64 bytes, got {len(signature)}")
    return Sign1(protected, dict(pmap), {}, payload, signature)


def _lenient_loads(data: bytes, what: str) -> Any:
    fp = io.BytesIO(data)
    try:
        obj = cbor2.CBORDecoder(fp, allow_duplicate_keys=False).decode()
    except Exception as e:
        raise CoseError(f"malformed CBOR in {what}: {e}") from e
    if fp.tell() != len(data):
        raise CoseError(f"trailing bytes after {what}")
    return obj


def _header_map(obj: Any, what: str) -> dict[int | str, object]:
    if not isinstance(obj, Mapping):
        raise CoseError(f"not a COSE_Sign1: {what} header is not a map")
    out: dict[int | str, object] = {}
    for k, v in obj.items():
        if type(k) is not int and type(k) is not str:
            raise CoseError(f"invalid {what} header label {k!r} (must be int or text)")
        out[k] = v
    return out


def _parse_lenient(data: bytes) -> Sign1:
    obj = _lenient_loads(data, "COSE_Sign1")
    if isinstance(obj, cbor2.CBORTag):
        if obj.tag != COSE_SIGN1_TAG:
            raise CoseError(f"not a COSE_Sign1: tag {obj.tag}")
        obj = obj.value
    if not isinstance(obj, list | tuple) or len(obj) != 4:
        raise CoseError("not a COSE_Sign1: expected an array of 4 items")
    protected, unprotected, payload, signature = obj
    if type(protected) is not bytes:
        raise CoseError("not a COSE_Sign1: protected header must be a bstr")
    pmap: dict[int | str, object] = {}
    if protected:
        pmap = _header_map(_lenient_loads(protected, "protected header"), "protected")
    umap = _header_map(unprotected, "unprotected")
    both = pmap.keys() & umap.keys()
    if both:
        labels = sorted(both, key=repr)  # int and text labels do not compare
        raise CoseError(f"header labels in both protected and unprotected: {labels!r}")
    if payload is None:
        raise CoseError("detached payload not supported")
    if type(payload) is not bytes:
        raise CoseError("not a COSE_Sign1: payload must be a bstr")
    if type(signature) is not bytes:
        raise CoseError("not a COSE_Sign1: signature must be a bstr")
    return Sign1(protected, pmap, umap, payload, signature)


def verify_sign1(
    msg: Sign1, public_key: bytes, external_aad: bytes = b"", *, check_kid: bool = True
) -> None:
    """Verify ``msg`` with an Ed25519 public key; raise CoseError unless it verifies.

    ``check_kid``: when the message carries a kid it must equal ``kid_of(public_key)``
    (always so for our envelopes). Pass False for foreign objects with other kid schemes.
    """
    alg = msg.alg
    if alg != ALG_EDDSA and alg != ALG_ED25519:
        raise CoseError(f"unsupported algorithm: {alg!r}")
    if len(public_key) != 32:
        raise CoseError("public key must be 32 bytes (Ed25519)")
    if check_kid:
        kid = msg.kid
        if kid is not None and kid != _cached_kid(public_key):
            raise CoseError("kid does not match key")
    signature = msg.signature
    if len(signature) != 64:
        raise CoseError("bad signature: must be 64 bytes")
    if not _sign_open(
        sig_structure(msg.protected, external_aad, msg.payload, signature), public_key
    ):
        raise CoseError("bad signature")


_sodium_lib, _ffi = _sodium.lib, _sodium.ffi
_opened = threading.local()  # each thread's buffer for what crypto_sign_open writes out


def _sign_open(signed: bytes, public_key: bytes) -> bool:
    """libsodium's crypto_sign_open, the function PyNaCl's `crypto_sign_open` calls, on the
    same bytes: the same verdict. PyNaCl's wrapper allocates two buffers and copies the message
    out at each call, ~3 % of a check here (docs/performance.md, "The applying process,
    profiled"); this reuses one buffer a thread and asks for no length. The key must be 32
    bytes and the signed bytes at least 64 (the callers check both first)."""
    buffer = getattr(_opened, "buffer", None)
    if buffer is None or len(buffer) < len(signed):
        buffer = _opened.buffer = _ffi.new("unsigned char[]", max(len(signed), 4096))
    return bool(
        _sodium_lib.crypto_sign_open(buffer, _ffi.NULL, signed, len(signed), public_key) == 0
    )
