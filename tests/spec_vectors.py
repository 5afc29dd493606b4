"""The test vectors of docs/spec/: real objects made from fixed seeds and fixed times.

Ed25519 signatures are deterministic, so the same seeds give the same bytes on every machine.
Only the transport key sealed in the genesis is randomised by libsodium's sealed box: the
vector carries a fixed 80-byte stand-in, which the format allows (it is opaque to a verifier).
The vectors of stick.md and paper.md come from tests/spec_vectors_stick.py.

`python -m tests.spec_vectors --write` rewrites the hex blocks in docs/spec/*.md;
tests/test_spec.py regenerates them and fails if the documents differ.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from app.core.attestations import numbering
from app.core.attestations.attestation import make_attestation
from app.core.attestations.qrtext import to_qr_text
from app.core.crypto.keys import KeyPair, next_digest
from app.core.encoding import merkle
from app.core.encoding.cose import parse_sign1, sig_structure
from app.core.ledger.objects import Authority, make_block, make_genesis, make_tx
from app.core.ledger.txtypes import TxType
from tests import spec_vectors_stick

SPEC = Path(__file__).resolve().parent.parent / "docs" / "spec"
FOUNDER_SEED = bytes(range(32))  # 00 01 02 … 1f
NEXT_SEED = bytes(range(32, 64))  # 20 21 22 … 3f: the key the founder's record commits to
TIME = 1_767_225_600  # 2026-01-01T00:00:00Z
VECTOR = re.compile(r"(<!-- vector: ([\w.-]+) -->\n```text\n)(.*?)(\n```)", re.S)


def vectors() -> dict[str, str]:
    """Every vector by name, as the text written in the spec (hex, or plain text)."""
    founder, following = KeyPair(FOUNDER_SEED), KeyPair(NEXT_SEED)
    commune = founder.kid
    authority = Authority(commune, "Ambam", founder.public_key, next_digest(following.public_key))
    genesis = make_genesis(founder, "Réseau d'essai", TIME, [authority], [bytes(80)])
    network_id = hashlib.sha256(genesis).digest()
    body = {"title": "Bonjour", "body": "Premier message."}
    tx = make_tx(
        founder,
        network_id,
        type=TxType.FORUM_THREAD,
        actor=commune,
        aseq=1,
        body=body,
        prio=2,
        ttl=0,
        time=TIME + 60,
    )
    envelope = parse_sign1(tx, strict=True)
    block = make_block(
        founder,
        network_id,
        author=commune,
        seq=0,
        prev=None,
        refs=[],
        epoch=0,
        time=TIME + 60,
        txs=[tx],
    )
    ballots = sorted(hashlib.sha256(name).digest() for name in (b"a", b"b", b"c"))
    att = make_attestation(
        founder, commune=commune, doc_type="res", subject="Marie Ndongo", seq=412, issued=TIME
    )
    hexed = {
        "founder.public-key": founder.public_key,
        "founder.kid": commune,
        "founder.next-digest": next_digest(following.public_key),
        "genesis": genesis,
        "genesis.payload": parse_sign1(genesis, strict=True).payload,
        "network-id": network_id,
        "tx": tx,
        "tx.payload": envelope.payload,
        "tx.id": hashlib.sha256(tx).digest(),
        "tx.sig-structure": sig_structure(envelope.protected, network_id, envelope.payload),
        "block": block,
        "block.payload": parse_sign1(block, strict=True).payload,
        "block.id": hashlib.sha256(block).digest(),
        "merkle.empty": merkle.root([]),
        "merkle.leaves": b"".join(ballots),
        "merkle.root": merkle.root(ballots),
        "attestation": att,
        "attestation.payload": parse_sign1(att, strict=True).payload,
    }
    out = {name: _wrap(data.hex()) for name, data in hexed.items()}
    out["attestation.qr"] = to_qr_text(att)  # one line: Base45 has a space, wrapping would hide it
    out["attestation.number"] = numbering.number(commune, 2026, 412)
    out["attestation.control"] = numbering.control_code(att)
    for name, value in spec_vectors_stick.vectors(founder, network_id, block, TIME).items():
        out[name] = value if isinstance(value, str) else _wrap(value.hex())
    return out


def _wrap(text: str, width: int = 64) -> str:
    return "\n".join(text[i : i + width] for i in range(0, len(text), width)) or "(empty)"


def written() -> dict[str, str]:
    """The vectors as docs/spec/*.md state them, by name."""
    found: dict[str, str] = {}
    for path in sorted(SPEC.glob("*.md")):
        for match in VECTOR.finditer(path.read_text(encoding="utf-8")):
            found[match.group(2)] = match.group(3)
    return found


def write() -> None:
    fresh = vectors()
    for path in sorted(SPEC.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        new = VECTOR.sub(lambda m: m.group(1) + fresh[m.group(2)] + m.group(4), text)
        if new != text:
            path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write()
    else:
        for name, value in vectors().items():
            print(f"{name}:\n{value}\n")
