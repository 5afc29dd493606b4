"""Independent COSE_Sign1/EdDSA check with pycose (run in .venv-interop, NOT the app venv).

pycose 1.1.0 needs cbor2 < 6, so it lives in its own venv:
    python3 -m venv .venv-interop && .venv-interop/bin/pip install pycose==1.1.0 'cbor2<6'

Usage (JSON lines on stdin, one JSON line out per input line):
    pycose_verify.py verify   in: {"cose": hex, "pk": hex, "aad": hex}
                              out: {"ok": true} or {"ok": false, "error": "..."}
    pycose_verify.py sign     in: {"payload": hex, "seed": hex, "kid": hex, "aad": hex}
                              out: {"cose": hex}  (tagged COSE_Sign1, protected {1: -8, 4: kid})
"""

from __future__ import annotations

import json
import sys

from pycose.algorithms import EdDSA
from pycose.headers import KID, Algorithm
from pycose.keys import OKPKey
from pycose.keys.curves import Ed25519
from pycose.messages import CoseMessage, Sign1Message


def verify(req: dict[str, str]) -> dict[str, object]:
    try:
        msg = CoseMessage.decode(bytes.fromhex(req["cose"]))
        if not isinstance(msg, Sign1Message):
            return {"ok": False, "error": f"not a Sign1Message: {type(msg).__name__}"}
        msg.key = OKPKey(crv=Ed25519, x=bytes.fromhex(req["pk"]))
        msg.external_aad = bytes.fromhex(req.get("aad", ""))
        return {"ok": bool(msg.verify_signature())}
    except Exception as e:  # any pycose failure is a verification failure
        return {"ok": False, "error": f"{type(e).__name__}: {e}"}


def sign(req: dict[str, str]) -> dict[str, object]:
    seed = bytes.fromhex(req["seed"])
    key = OKPKey(crv=Ed25519, d=seed)
    # Insert alg before kid: pycose writes the protected map in insertion order.
    msg = Sign1Message(
        phdr={Algorithm: EdDSA, KID: bytes.fromhex(req["kid"])},
        uhdr={},
        payload=bytes.fromhex(req["payload"]),
        external_aad=bytes.fromhex(req.get("aad", "")),
    )
    msg.key = key
    return {"cose": msg.encode(tag=True).hex()}


def main() -> int:
    mode = sys.argv[1] if len(sys.argv) > 1 else "verify"
    handler = {"verify": verify, "sign": sign}[mode]
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(handler(json.loads(line))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
