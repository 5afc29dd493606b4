"""The test vectors of docs/spec/stick.md, "Cuts and acknowledgements", made by
app/sync/cuts.py's own builders from the founder of chain.md, fixed times and fixed nonces."""

from __future__ import annotations

from app.core.crypto.keys import KeyPair
from app.sync import cuts
from tests.spec_vectors_stick import FURTHER, TRANSPORT_KEY

CUT_NONCE = bytes(range(0xC8, 0xE0))  # c8 c9 … df: the cut file's
ACK_NONCE = bytes(range(0xE0, 0xF8))  # e0 e1 … f7: the ack file's


def vectors(founder: KeyPair, network_id: bytes, time: int) -> dict[str, bytes]:
    """A cut by the founder (height 1) holding its feed up to seq 299 and FURTHER up to seq 4;
    the founder's ack of it holding FURTHER only up to seq 2."""
    commune = founder.kid
    order = [commune]
    at = time + 240
    cut_payload = cuts.cut_payload(1, commune, at, {commune: 299, FURTHER: 4}, order)
    cut = cuts.sign(cut_payload, founder.signing_key, network_id)
    name = cuts.name_of(cut)
    ack_payload = cuts.ack_payload(1, at, name, {1: 3}, 300, 0, 0)
    ack = cuts.sign(ack_payload, founder.signing_key, network_id)
    return {
        "cut.payload": cuts.cbor.encode(cut_payload),
        "cut": cut,
        "cut.name": name,
        "cut.file": cuts.seal(cut, cuts.CUT_PURPOSE, TRANSPORT_KEY, 0, CUT_NONCE),
        "ack.payload": cuts.cbor.encode(ack_payload),
        "ack": ack,
        "ack.file": cuts.seal(ack, cuts.ACK_PURPOSE, TRANSPORT_KEY, 0, ACK_NONCE),
    }
