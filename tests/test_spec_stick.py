"""docs/spec/stick.md and docs/spec/paper.md kept true: their vectors (regenerated and compared
byte for byte by tests/test_spec.py) read by the spec's rules with a reader written from the
spec alone (tests/stick_reader.py), and read back by the program's own reader."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import cbor2
import pytest

from app.core.attestations import numbering
from app.core.crypto import paper
from app.core.crypto.boxes import open_key
from app.sync import beacon, sealed, segment
from tests import spec_vectors, stick_reader

FOUNDER_SEED = spec_vectors.FOUNDER_SEED


def vectors() -> dict[str, Any]:
    written = spec_vectors.written()
    text = {"paper.text", "stick.beacon-name"}
    out: dict[str, Any] = {
        k: bytes.fromhex("".join(v.split()))
        for k, v in written.items()
        if k not in text and not k.startswith("attestation.")
    }
    out |= {k: written[k] for k in text}
    return out


def test_every_stick_vector_is_written_in_the_spec() -> None:
    names = {
        "transport.key", "transport.sealed", "stick.network-tag", "stick.network-file",
        "stick.beacon-name", "segment", "segment.header", "segment.record-ad",
        "segment.record-body", "segment.trailer", "segment.trailer.payload", "beacon",
        "beacon.payload", "beacon.file", "paper.text", "beacon-v2", "beacon-v2.payload",
        "beacon-v2.file",
    }  # fmt: skip
    assert names <= set(spec_vectors.written())


def test_the_transport_key_opens_from_its_sealed_copy_with_the_founders_seed() -> None:
    v = vectors()
    assert stick_reader.open_sealed_key(v["transport.sealed"], FOUNDER_SEED) == v["transport.key"]
    assert open_key(v["transport.sealed"], FOUNDER_SEED) == v["transport.key"]  # libsodium's
    assert len(v["transport.sealed"]) == 80


def test_the_segment_vector_reads_by_the_spec() -> None:
    v = vectors()
    network_id = v["network-id"]
    keys = {0: v["transport.key"]}
    assert v["stick.network-tag"] == stick_reader.network_tag(network_id)
    assert cbor2.loads(v["stick.network-file"]) == {"tag": v["stick.network-tag"], "format": 1}
    read = stick_reader.read_segment(v["segment"], network_id, keys)
    assert read.key_epoch == 0 and read.records == [(1, v["block"])]
    assert v["segment"][:48] == v["segment.header"]
    header_hash = hashlib.sha256(v["segment.header"]).digest()
    assert v["segment.record-ad"] == header_hash + b"\x01" + bytes(4)  # kind 1, index 0
    assert v["segment.record-body"] in v["segment"]
    text = (spec_vectors.SPEC / "stick.md").read_text(encoding="utf-8")
    frame = re.search(r"The frame before it is `([0-9a-f ]+)`", text)
    assert frame is not None and bytes.fromhex(frame.group(1)) == v["segment"][48:63]
    assert read.trailer == v["segment.trailer"]
    founder = {v["founder.kid"]: v["founder.public-key"]}
    body = stick_reader.check_trailer(read, network_id, founder)
    assert cbor2.dumps(body, canonical=True) == v["segment.trailer.payload"]
    assert body["feeds"] == [[v["founder.kid"], 0, 0]] and body["chunks"] == []
    # The program's own reader agrees, record and trailer.
    scan = segment.scan(v["segment"], network_id, keys.get)
    assert [r.data for r in scan.records] == [v["block"]] and scan.damaged == 0
    assert scan.trailer == v["segment.trailer"] and scan.body_hash == body["hash"]
    assert segment.trailer_of(v["segment"], network_id, keys.get) == v["segment.trailer"]


def test_a_segment_moved_or_altered_is_refused_by_the_spec() -> None:
    """The associated data binds each record to its header: the same record under another
    header (another segment's nonce prefix) does not open."""
    v = vectors()
    keys = {0: v["transport.key"]}
    data = bytearray(v["segment"])
    data[12] ^= 1  # the nonce prefix
    data[44:48] = stick_reader.crc(bytes(data[:44])).to_bytes(4, "big")
    with pytest.raises(Exception):  # noqa: B017 - the AEAD refuses, whatever it raises
        stick_reader.read_segment(bytes(data), v["network-id"], keys)
    assert segment.scan(bytes(data), v["network-id"], keys.get).records == []
    with pytest.raises(stick_reader.Refused):
        stick_reader.read_segment(v["segment"], bytes(32), keys)  # another network


def test_the_beacon_file_opens_and_checks_by_the_spec() -> None:
    v = vectors()
    keys = {0: v["transport.key"]}
    plain = stick_reader.open_file(v["beacon.file"], b"beacon", keys)
    assert plain == v["beacon"]
    founder = {v["founder.kid"]: v["founder.public-key"]}
    _, body = stick_reader.signed(plain, founder, v["network-id"])
    assert cbor2.dumps(body, canonical=True) == v["beacon.payload"]
    assert body["heads"] == [[v["founder.kid"], 0]] and body["keys"] == 0
    assert body["seen"] == ["019b76dc7cc0-01020304.obs"]
    assert v["stick.beacon-name"] == stick_reader.beacon_name(v["network-id"], v["founder.kid"])
    assert sealed.open_(v["beacon.file"], v["transport.key"], b"beacon") == v["beacon"]
    with pytest.raises(sealed.Unreadable):  # a beacon never opens as an index
        sealed.open_(v["beacon.file"], v["transport.key"], b"index")


def test_the_version_2_beacon_file_opens_and_reads_by_the_spec() -> None:
    """The head vector: the genesis' one feed at seq 299 as the varint ac 02; a further feed
    in "others". The spec's reader and the program's agree on what it says."""
    v = vectors()
    keys = {0: v["transport.key"]}
    plain = stick_reader.open_file(v["beacon-v2.file"], b"beacon", keys)
    assert plain == v["beacon-v2"]
    founder = {v["founder.kid"]: v["founder.public-key"]}
    _, body = stick_reader.signed(plain, founder, v["network-id"])
    assert cbor2.dumps(body, canonical=True) == v["beacon-v2.payload"]
    assert body["v"] == 2 and body["heads"] == bytes.fromhex("ac02")
    further = bytes(range(0xA0, 0xA8))
    expected = {v["founder.kid"]: 299, further: 4}
    assert stick_reader.beacon_heads(body, [v["founder.kid"]]) == expected
    assert beacon.read_heads(cbor2.loads(v["beacon-v2.payload"]), [v["founder.kid"]]) == expected
    # Version 1 still reads, by both.
    old = cbor2.loads(v["beacon.payload"])
    assert stick_reader.beacon_heads(old, [v["founder.kid"]]) == {v["founder.kid"]: 0}
    assert beacon.read_heads(old, [v["founder.kid"]]) == {v["founder.kid"]: 0}


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"heads": bytes.fromhex("ac02") + b"\x01"}, "more varints than the genesis has feeds"),
        ({"heads": bytes.fromhex("ac")}, "a varint cut short"),
        ({"heads": bytes.fromhex("8000")}, "a padded varint"),
        ({"heads": bytes.fromhex("80808080808080808001")}, "ten bytes"),
        ({"heads": bytes.fromhex("8180808080808080c000")}, "over 2^62, ten bytes"),
        ({"heads": bytes.fromhex("818080808080808040")}, "2^62 + 1"),
        ({"heads": [[bytes(8), 1]]}, "a version 1 list under version 2"),
        ({"others": [[bytes(range(0xA0, 0xA8)), 4]] * 2}, "a feed twice"),
        ({"others": [[bytes(range(0xA0, 0xA8)), 2**62]]}, "a seq out of range"),
        ({"others": [[bytes(7), 4]]}, "an id of the wrong size"),
        ({"v": 3}, "another version"),
    ],
)
def test_a_version_2_beacon_out_of_bounds_is_refused_by_both_readers(
    change: dict[str, Any], why: str
) -> None:
    v = vectors()
    body = cbor2.loads(v["beacon-v2.payload"]) | change
    order = [v["founder.kid"]]
    with pytest.raises((stick_reader.Refused, ValueError, TypeError)):
        stick_reader.beacon_heads(body, order)
    with pytest.raises((ValueError, TypeError, KeyError)):
        beacon.read_heads(body, order)


def test_a_genesis_feed_listed_among_the_others_is_refused_by_both_readers() -> None:
    v = vectors()
    body = cbor2.loads(v["beacon-v2.payload"]) | {"others": [[v["founder.kid"], 0]]}
    with pytest.raises(stick_reader.Refused):
        stick_reader.beacon_heads(body, [v["founder.kid"]])
    with pytest.raises(ValueError):
        beacon.read_heads(body, [v["founder.kid"]])


def test_the_paper_vector_reads_by_the_spec() -> None:
    v = vectors()
    assert stick_reader.paper_seed(v["paper.text"]) == FOUNDER_SEED
    assert paper.text_to_seed(v["paper.text"]) == FOUNDER_SEED
    typed = v["paper.text"].lower().replace("o", "0").replace(" ", "-")
    assert stick_reader.paper_seed(typed) == FOUNDER_SEED == paper.text_to_seed(typed)
    wrong = "B" + v["paper.text"][1:]
    with pytest.raises(stick_reader.Refused):
        stick_reader.paper_seed(wrong)


def test_the_other_documents_point_to_the_stick_spec_and_agree_with_the_bytes() -> None:
    """docs/ledger.md said an epoch's transport key was sealed to laptops too (it is sealed to
    the authorities only: one copy each), and docs/attestations.md gave a sample number whose
    check character is wrong."""
    docs = spec_vectors.SPEC.parent
    sync = (docs / "sync.md").read_text(encoding="utf-8")
    ledger = (docs / "ledger.md").read_text(encoding="utf-8")
    attestations = (docs / "attestations.md").read_text(encoding="utf-8")
    assert "spec/stick.md" in sync and "spec/stick.md" in ledger
    assert "sealed also to every laptop" not in ledger
    assert "authenticated, not encrypted" in sync  # sessions do not use the transport key
    protocol = (docs.parent / "firmware" / "PROTOCOL.md").read_text(encoding="utf-8")
    assert "relay object" in protocol and "docs/spec/stick.md" in protocol
    assert "RFC 9285" in attestations
    readme = (docs.parent / "README.md").read_text(encoding="utf-8")
    # The refusal sentence shows a number to copy: it must be one a person could type.
    sentences = (docs.parent / "app" / "ui" / "sentences.py").read_text(encoding="utf-8")
    shown = attestations + readme + sentences
    numbers = re.findall(r"\b[0-9A-Z]{4}-\d{4}-\d{6}-[0-9A-Z]\b", shown)
    assert numbers
    for number in numbers:
        assert numbering.normalise(number) == number
