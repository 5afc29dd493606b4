"""The test vectors of docs/spec/: real objects made from fixed seeds and fixed times.

Ed25519 signatures are deterministic, so the same seeds give the same bytes on every machine.
Only the transport key sealed in the genesis is randomised by libsodium's sealed box: the
vector carries a fixed 80-byte stand-in, which the format allows (it is opaque to a verifier).
The vectors of stick.md and paper.md come from tests/spec_vectors_stick.py.

`python -m tests.spec_vectors --write` rewrites the hex blocks in docs/spec/*.md and the sample
kit and certificates in docs/samples/; tests/test_spec.py regenerates them and fails if the
documents differ.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path
from typing import Any

from app.core.attestations import doctypes, kit, numbering
from app.core.attestations.attestation import make_attestation
from app.core.attestations.qrtext import to_qr_text
from app.core.crypto.keys import KeyPair, next_digest
from app.core.encoding import merkle
from app.core.encoding.cose import parse_sign1, sig_structure
from app.core.ledger.objects import Authority, make_block, make_genesis, make_tx
from app.core.ledger.txtypes import TxType
from tests import spec_vectors_cuts, spec_vectors_stick

SPEC = Path(__file__).resolve().parent.parent / "docs" / "spec"
SAMPLES = SPEC.parent / "samples"
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
    for name, data in spec_vectors_cuts.vectors(founder, network_id, TIME).items():
        out[name] = _wrap(data.hex())
    story = kit_story()
    out.update({name: _wrap(data.hex()) for name, data in story.items() if name != "paper"})
    return out


# The kit's story (docs/spec/kit.md): Ambam founds the network alone; epoch 1 admits Bipindi;
# Bipindi's secretary issues two papers and cancels one; Bipindi signs its list and writes a
# kit. A verifier told the network id proves Bipindi's key from the genesis through the epoch.
SECOND_SEED = bytes(range(64, 96))  # 40 41 … 5f: Bipindi's node key
SECOND_NEXT_SEED = bytes(range(96, 128))  # 60 61 … 7f: the key it commits to
SECRETARY_SEED = bytes(range(128, 160))  # 80 81 … 9f: Bipindi's secretary
DAY = 86_400


def kit_story() -> dict[str, bytes]:
    """The objects of the kit vector, by name, each its exact bytes."""
    founder = KeyPair(FOUNDER_SEED)
    ambam = Authority(
        founder.kid, "Ambam", founder.public_key, next_digest(KeyPair(NEXT_SEED).public_key)
    )
    genesis = make_genesis(founder, "Réseau d'essai", TIME, [ambam], [bytes(80)])
    network_id = hashlib.sha256(genesis).digest()
    second = KeyPair(SECOND_SEED)
    bipindi = Authority(
        second.kid, "Bipindi", second.public_key, next_digest(KeyPair(SECOND_NEXT_SEED).public_key)
    )
    proposal = make_tx(
        founder,
        network_id,
        type=TxType.EPOCH_PROPOSAL,
        actor=founder.kid,
        aseq=1,
        body={"epoch": 1, "authorities": [ambam.to_cbor(), bipindi.to_cbor()]},
        prio=0,
        time=TIME + DAY,
    )
    approval = make_tx(
        founder,
        network_id,
        type=TxType.EPOCH_APPROVE,
        actor=founder.kid,
        aseq=2,
        body={"proposal": hashlib.sha256(proposal).digest()},
        prio=0,
        time=TIME + DAY + 60,
    )
    secretary = KeyPair(SECRETARY_SEED)
    papers = [
        make_attestation(
            secretary,
            commune=second.kid,
            doc_type="nais",
            subject=subject,
            seq=seq,
            issued=TIME + 2 * DAY,
            born="1990-03-14",
            place="Bipindi",
            detail="12/1990",
        )
        for seq, subject in ((1, "Paul Ékani"), (2, "Jeanne Mballa"))
    ]
    listed = {
        "kid": secretary.kid,
        "pk": secretary.public_key,
        "actor": secretary.kid,
        "name": "Awa Mengue",
        "role": "secretary",
        "revoked": 0,
    }
    cancelled = [hashlib.sha256(papers[1]).digest(), "clerical_error", TIME + 2 * DAY + 3600]
    status = make_tx(
        second,
        network_id,
        type=TxType.STATUS_LIST,
        actor=second.kid,
        aseq=1,
        body={"keys": [listed], "cancelled": [cancelled], "replaced": []},
        prio=0,
        time=TIME + 3 * DAY,
    )
    contents = kit.Contents(
        network_id,
        TIME + 3 * DAY + 60,
        "Bipindi",
        genesis,
        [proposal, approval],
        [status],
        [vars(t) for t in doctypes.load()],
    )
    return {
        "kit.proposal": proposal,
        "kit.approval": approval,
        "kit.status-list": status,
        "kit.status-list.payload": parse_sign1(status, strict=True).payload,
        "kit.paper": papers[0],
        "kit.paper-cancelled": papers[1],
        "kit": kit.sign(second, contents),
    }


def samples() -> dict[str, bytes]:
    """docs/samples/: the kit of the story and its two papers' QR text, with the network id."""
    story = kit_story()
    network_id = hashlib.sha256(parse_genesis_bytes(story["kit"])).hexdigest()
    return {
        "kit.cose": story["kit"],
        "attestation.txt": (to_qr_text(story["kit.paper"]) + "\n").encode(),
        "attestation-annulee.txt": (to_qr_text(story["kit.paper-cancelled"]) + "\n").encode(),
        "network-id.txt": (network_id + "\n").encode(),
    }


def sample_pdf(path: Path) -> None:
    """docs/samples/attestation.pdf: the authentic paper as it prints (Qt draws it; its bytes
    carry the PDF's date, so the test checks it verifies rather than comparing bytes; --write
    draws it only when it is missing)."""
    import os
    from datetime import UTC, datetime

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from app.core.attestations.attestation import parse_attestation
    from app.core.attestations.certificates import LEGAL_WARNING, network_line
    from app.core.attestations.printed import Printed, commune_title
    from app.core.attestations.verdict import printed_lines
    from app.ui import certificate

    _app = QGuiApplication.instance() or QGuiApplication([])
    story = kit_story()
    att = parse_attestation(story["kit.paper"])
    kind = doctypes.find(doctypes.load(), att.doc_type)
    network_id = hashlib.sha256(parse_genesis_bytes(story["kit"])).digest()
    page = Printed(
        title=kind.label if kind else att.doc_type,
        commune=commune_title("Bipindi"),
        number=att.number,
        lines=printed_lines(att, kind),
        issued_on=datetime.fromtimestamp(att.issued, UTC).date(),
        issuer="Awa Mengue, secrétaire de mairie",
        qr_text=to_qr_text(att.data),
        notes=[LEGAL_WARNING, network_line(network_id)],
    )
    certificate.save_pdf(path, page)


def parse_genesis_bytes(kit_file: bytes) -> bytes:
    """The genesis a kit file carries."""
    from app.core.encoding import cbor

    payload: Any = cbor.decode(parse_sign1(kit_file, strict=True).payload)
    return bytes(payload["genesis"])


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
    SAMPLES.mkdir(exist_ok=True)
    for name, data in samples().items():
        (SAMPLES / name).write_bytes(data)
    if not (SAMPLES / "attestation.pdf").exists():  # delete it to draw it again
        sample_pdf(SAMPLES / "attestation.pdf")
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
