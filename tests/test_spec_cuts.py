"""docs/spec/stick.md, "Cuts and acknowledgements", kept true: its vectors (regenerated and
compared byte for byte by tests/test_spec.py) read by the spec's rules with a reader written
here from the spec alone, validated by an independent CDDL validator (pycddl, the Rust `cddl`
crate) against the section's CDDL, and read back by app/sync/cuts.py."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import cbor2
import pycddl  # type: ignore[import-untyped]  # no stubs: a Rust extension
import pytest

from app.sync import cuts, sealed
from tests import spec_vectors, stick_reader

NAMES = ("cut.payload", "cut", "cut.name", "cut.file", "ack.payload", "ack", "ack.file")
FURTHER = bytes(range(0xA0, 0xA8))


def vectors() -> dict[str, Any]:
    written = spec_vectors.written()
    return {k: bytes.fromhex("".join(v.split())) for k, v in written.items() if k in NAMES} | {
        k: bytes.fromhex("".join(written[k].split()))
        for k in ("network-id", "founder.kid", "founder.public-key", "transport.key")
    }


def section() -> str:
    text = (spec_vectors.SPEC / "stick.md").read_text(encoding="utf-8")
    start = text.index("## Cuts and acknowledgements")
    return text[start:]


def schema(root: str) -> pycddl.Schema:
    found = re.search(r"```cddl\n(.*?)```", section(), re.S)
    assert found is not None
    return pycddl.Schema(f"spec-root = {root}\n{found.group(1)}")


def signers(v: dict[str, Any]) -> cuts.Signers:
    founder = cuts.Signer(v["founder.public-key"], v["founder.kid"], True)
    return lambda kid: founder if kid == v["founder.kid"] else None


# --- a reader written from the section alone -----------------------------------------------------


def spec_cut(body: dict[str, Any], genesis: list[bytes]) -> dict[bytes, int]:
    """ "Cuts": feed -> count held, over the cut's feed list (genesis feeds, then "others")."""
    if set(body) - {"others"} != {"v", "cut", "by", "time", "heads"} or body["v"] != 1:
        raise stick_reader.Refused("not a cut of version 1")
    vector = stick_reader.leb128(body["heads"])
    if len(vector) > len(genesis) or (vector and vector[-1] == 0):
        raise stick_reader.Refused("a head vector out of bounds")
    counts = dict(zip(genesis, vector + [0] * (len(genesis) - len(vector)), strict=True))
    others = body.get("others")
    if others is not None:
        ids = [bytes(f) for f, _ in others]
        if not ids or ids != sorted(set(ids)) or set(ids) & set(genesis):
            raise stick_reader.Refused("others: empty, out of order, or of the genesis")
        counts |= {bytes(f): seq + 1 for f, seq in others}
    return counts


def spec_holding(ack: dict[str, Any], feed: bytes, cut: dict[bytes, int]) -> dict[bytes, int]:
    """ "What a feed holds, as the others know it": feed -> count."""
    pairs = stick_reader.leb128(ack["except"])
    if len(pairs) % 2:
        raise stick_reader.Refused("half a pair")
    feeds, counts = list(cut), list(cut.values())
    index = -1
    for gap, count in zip(pairs[::2], pairs[1::2], strict=True):
        index += gap + 1
        if index >= len(feeds) or count >= counts[index]:
            raise stick_reader.Refused("an exception that does not fit its cut")
        counts[index] = count
    held = dict(zip(feeds, counts, strict=True)) | {feed: ack["head"]}
    return {f: n for f, n in held.items() if n}


# --- the vectors ----------------------------------------------------------------------------------


def test_every_cut_vector_is_written_in_the_spec() -> None:
    assert set(NAMES) <= set(spec_vectors.written())


def test_the_cut_file_opens_and_reads_by_the_spec() -> None:
    v = vectors()
    plain = stick_reader.open_file(v["cut.file"], b"cut", {0: v["transport.key"]})
    assert plain == v["cut"]
    founder = {v["founder.kid"]: v["founder.public-key"]}
    _, body = stick_reader.signed(plain, founder, v["network-id"])
    assert cbor2.dumps(body, canonical=True) == v["cut.payload"]
    schema("cut-payload").validate_cbor(v["cut.payload"])
    assert body["heads"] == bytes.fromhex("ac02") and body["by"] == v["founder.kid"]
    assert spec_cut(body, [v["founder.kid"]]) == {v["founder.kid"]: 300, FURTHER: 5}
    assert v["cut.name"] == hashlib.sha256(v["cut"]).digest()[:16]
    # The program's own reader agrees.
    read = cuts.read_cut(v["cut"], signers(v), v["network-id"], cuts.Bounds((v["founder.kid"],)))
    assert read.heads() == {v["founder.kid"]: 299, FURTHER: 4} and read.name == v["cut.name"]
    assert read.order == (1, v["founder.kid"])
    with pytest.raises(sealed.Unreadable):  # a cut never opens as an ack, nor as a beacon
        sealed.open_(v["cut.file"], v["transport.key"], b"ack")
    with pytest.raises(sealed.Unreadable):
        sealed.open_(v["cut.file"], v["transport.key"], b"beacon")


def test_the_ack_file_opens_and_reads_by_the_spec() -> None:
    """The exception 01 03: the cut's feed of index 1 (FURTHER) held to count 3, seq 2."""
    v = vectors()
    plain = stick_reader.open_file(v["ack.file"], b"ack", {0: v["transport.key"]})
    assert plain == v["ack"]
    founder = {v["founder.kid"]: v["founder.public-key"]}
    feed, body = stick_reader.signed(plain, founder, v["network-id"])
    assert feed == v["founder.kid"]
    assert cbor2.dumps(body, canonical=True) == v["ack.payload"]
    schema("ack-payload").validate_cbor(v["ack.payload"])
    assert body["cut"] == v["cut.name"] and body["except"] == bytes.fromhex("0103")
    cut_body = cbor2.loads(v["cut.payload"])
    cut = spec_cut(cut_body, [v["founder.kid"]])
    assert spec_holding(body, v["founder.kid"], cut) == {v["founder.kid"]: 300, FURTHER: 3}
    bounds = cuts.Bounds((v["founder.kid"],))
    read_cut = cuts.read_cut(v["cut"], signers(v), v["network-id"], bounds)
    ack = cuts.read_ack(v["ack"], signers(v), v["network-id"], bounds)
    assert ack.feed == v["founder.kid"] and ack.order == (0, 1)
    assert cuts.holding(ack, read_cut) == {v["founder.kid"]: 299, FURTHER: 2}


@pytest.mark.parametrize(
    ("root", "name", "change"),
    [
        ("cut-payload", "cut.payload", {"cut": 2**62}),
        ("cut-payload", "cut.payload", {"by": bytes(7)}),
        ("cut-payload", "cut.payload", {"others": []}),
        ("cut-payload", "cut.payload", {"heads": [[bytes(8), 1]]}),
        ("cut-payload", "cut.payload", {"v": 2}),
        ("ack-payload", "ack.payload", {"cut": bytes(32)}),
        ("ack-payload", "ack.payload", {"inc": -1}),
        ("ack-payload", "ack.payload", {"except": [1, 3]}),
        ("ack-payload", "ack.payload", {"seen": [b"a name"]}),
    ],
)
def test_the_cddl_and_the_module_refuse_the_same_forms(
    root: str, name: str, change: dict[str, Any]
) -> None:
    """What the section's CDDL refuses, app/sync/cuts.py refuses too (signed by the founder:
    only the form is wrong)."""
    from app.core.crypto.keys import KeyPair

    v = vectors()
    body = cbor2.loads(v[name]) | change
    with pytest.raises(pycddl.ValidationError):
        schema(root).validate_cbor(cbor2.dumps(body, canonical=True))
    founder = KeyPair(spec_vectors.FOUNDER_SEED)
    data = cuts.sign(body, founder.signing_key, v["network-id"])
    bounds = cuts.Bounds((v["founder.kid"],))
    read = cuts.read_cut if root == "cut-payload" else cuts.read_ack
    with pytest.raises(cuts.StatementRefused):
        read(data, signers(v), v["network-id"], bounds)


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"heads": bytes.fromhex("ac0201")}, "more varints than the genesis has feeds"),
        ({"heads": bytes.fromhex("ac")}, "a varint cut short"),
        ({"heads": bytes.fromhex("8000")}, "a padded varint"),
        ({"heads": bytes.fromhex("00")}, "a vector ending with a zero"),
        ({"others": [[FURTHER, 4]] * 2}, "a feed twice"),
        ({"others": "the founder"}, "the genesis' feed among the others"),
        ({"extra": 1}, "a key the form lacks"),
    ],
)
def test_a_cut_out_of_bounds_is_refused_by_both_readers(change: dict[str, Any], why: str) -> None:
    from app.core.crypto.keys import KeyPair

    v = vectors()
    founder = KeyPair(spec_vectors.FOUNDER_SEED)
    genesis = [v["founder.kid"]]
    if change.get("others") == "the founder":
        change = {"others": [[v["founder.kid"], 4]]}
    body = cbor2.loads(v["cut.payload"]) | change
    with pytest.raises((stick_reader.Refused, ValueError, TypeError)):
        spec_cut(body, genesis)
    data = cuts.sign(body, founder.signing_key, v["network-id"])
    with pytest.raises(cuts.StatementRefused):
        cuts.read_cut(data, signers(v), v["network-id"], cuts.Bounds(tuple(genesis)))


@pytest.mark.parametrize(
    ("pairs", "why"),
    [
        ("0105", "an exception holding more than the cut"),
        ("0205", "an index past the cut's feed list"),
        ("01", "half a pair"),
    ],
)
def test_an_ack_that_does_not_fit_its_cut_is_refused_by_both_readers(pairs: str, why: str) -> None:
    from app.core.crypto.keys import KeyPair

    v = vectors()
    founder = KeyPair(spec_vectors.FOUNDER_SEED)
    body = cbor2.loads(v["ack.payload"]) | {"except": bytes.fromhex(pairs)}
    cut = spec_cut(cbor2.loads(v["cut.payload"]), [v["founder.kid"]])
    with pytest.raises(stick_reader.Refused):
        spec_holding(body, v["founder.kid"], cut)
    bounds = cuts.Bounds((v["founder.kid"],))
    read_cut = cuts.read_cut(v["cut"], signers(v), v["network-id"], bounds)
    data = cuts.sign(body, founder.signing_key, v["network-id"])
    with pytest.raises(cuts.StatementRefused):
        cuts.holding(cuts.read_ack(data, signers(v), v["network-id"], bounds), read_cut)


def test_the_limits_the_section_states_are_the_modules() -> None:
    """ "Limits": 48 + 1,024 + 3 G + 24 (K + 64) for a cut file, 48 + 1,024 + 6 (G + K + 64)
    + 256 × 66 for an ack file."""
    text = " ".join(section().split())
    assert "48 + 1,024 + 3 × G + 24 × (K + 64) bytes" in text
    assert "48 + 1,024 + 6 × (G + K + 64) + 256 × 66 bytes" in text
    for g, k in ((1, 0), (360, 12), (10_000, 500)):
        bounds = cuts.Bounds(tuple(bytes(8) for _ in range(g)), k)
        assert cuts.SEAL_BYTES + bounds.cut_bytes == 48 + 1024 + 3 * g + 24 * (k + 64)
        assert cuts.SEAL_BYTES + bounds.ack_bytes == 48 + 1024 + 6 * (g + k + 64) + 256 * 66


def test_the_section_says_what_this_version_writes() -> None:
    """The status sentence stays true: this version's visits write cuts and acks (export calls
    acks.visit) and its readers keep them (intake's stage and export call acks.read_stick)."""
    text = " ".join(section().split())
    assert "Sticks written by this version carry cuts and acks, and beacons of version 2" in text
    assert "only while some holder's word is still a beacon" in text
    from pathlib import Path

    app_sync = Path(cuts.__file__).parent
    export = (app_sync / "export.py").read_text(encoding="utf-8")
    intake = (app_sync / "intake.py").read_text(encoding="utf-8")
    assert "acks.visit(" in export and "acks.read_stick(" in export
    assert "acks.read_stick(" in intake and "acks.remember(" in intake
    assert "words.held_by_all(" in export and "if all(h in heard.acks for h in holders)" in export
