"""What a stick's files cost, in bytes, at the sizes app/sync writes them; and the beacon forms
issue 21 weighs, each with a real encoder (the delta here in bench/ only: not a format yet).

Every price below is derived from a real encoding: the payload builders of app/sync
(beacon.payload_v1 and beacon.payload, versions 1 and 2; export.trailer_payload,
stick.index_record, stick.pruned_record, stick.network_record), the strict CBOR encoder,
COSE_Sign1 with a real Ed25519 key, and sealed.seal. The simulation cannot encode every beacon
it writes (a 10,000-head beacon on each of millions of visits), so each price is the size of an
empty encoding plus what each listed item adds, with the growth of CBOR's length heads;
tests/test_sync_simulation.py checks that the price equals len(real encoding) over many random
shapes.

The beacon forms:

* ``v1``: today's beacon (docs/spec/stick.md): ``[feed id, seq]`` per feed held, sorted by id.
* ``vector``: the same statement with the heads as one byte string, a varint (LEB128) of
  seq + 1 per feed in the genesis' feed order (0: none held): 1 byte a feed below seq 127.
  It is the beacon of version 2 that app/sync writes (beacon.payload), every feed a genesis
  feed.
* ``cut``: signed checkpoints (issue 21's O(N) form), encoded by app/sync/cuts.py
  (docs/spec/stick.md, "Cuts and acknowledgements"). A **cut** is a signed vector of every
  feed's head (the ``vector`` form's varints in the genesis' order) proposed by one commune as
  its own holding, named by the first 16 bytes of its hash; an **acknowledgement** (ack) is a
  feed's short signed statement "I hold everything in cut C, except …": the cut's name, the
  exceptions as (feed index gap, seq + 1 held) varint pairs, the feed's own head, its key
  epoch and incarnation, and the segments of proofs of this stick seen (the simulation's
  ``--parts-by-seen`` lists there the segments of document parts too, today's beacons' rule;
  none once heads cover the document parts their blocks name). A stick carries at most two
  cuts and one ack per feed.
* ``delta``: what a writer puts on a stick that already holds an older beacon of the feed: the
  heads that changed since the stick's copy, as (feed index gap, seq + 1) varint pairs, the
  base's bseq, and the feed's 64-byte signature over the whole new statement (vector form), so
  that a reader rebuilds the statement from the stick's copy and checks the signature as if
  it had the whole. Where the stick has no copy, the whole ``vector`` beacon is written.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import nacl.signing

from app.core.encoding import cbor
from app.core.encoding.cose import sign1
from app.sync import beacon, cuts, sealed, segment
from app.sync.export import trailer_payload
from app.sync.stick import NOTE, Stick, index_record, network_record, pruned_record

NETWORK_ID = bytes(range(32))
KEY = nacl.signing.SigningKey(bytes(range(32, 64)))
TRANSPORT = bytes(32)
FEED_ID = 8  # bytes: a commune's id, the kid of its first node key
CHUNK_ID = 32
TIME = 1_767_225_720  # a Unix time of 2026: 5 bytes in CBOR, as every time until 2106
FORMS = ("v1", "vector", "delta", "cut")
CUT_NAME = 16  # bytes: the first 16 of the cut's SHA-256, how an ack names its cut


def feed(i: int) -> bytes:
    return i.to_bytes(FEED_ID, "big")


@functools.cache
def segment_name() -> str:
    """A segment's name as Stick.new_segment_path makes it."""
    with tempfile.TemporaryDirectory() as tmp:
        return Stick.at(Path(tmp), create=True).new_segment_path().name


def varint(n: int) -> bytes:
    """LEB128: 7 bits a byte, low first; the top bit says another byte follows."""
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        if not n:
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def _signed_sealed(payload: object, purpose: bytes) -> bytes:
    signed = sign1(cbor.encode(payload), KEY, NETWORK_ID)
    return sealed.seal(signed, TRANSPORT, 0, purpose, nonce=bytes(sealed.NONCE_BYTES))


def _sealed(payload: object, purpose: bytes) -> bytes:
    return sealed.seal(cbor.encode(payload), TRANSPORT, 0, purpose, nonce=bytes(24))


# --- real encoders -----------------------------------------------------------------------------


def beacon_v1(heads: dict[int, int], seen: int, bseq: int = 1000) -> bytes:
    """Today's beacon file: `heads` feed index: seq; `seen` segment names."""
    body = beacon.payload_v1(
        bseq,
        TIME,
        {feed(f): s for f, s in heads.items()},
        0,
        [segment_name()] * seen,
        0,
        0,
    )
    return _signed_sealed(body, b"beacon")


def _vector_payload(heads: dict[int, int], feeds: int, seen: int, bseq: int) -> dict[str, object]:
    """app/sync's beacon of version 2, `feeds` genesis feeds (the zeros at its end left out:
    price it with every feed held)."""
    order = [feed(f) for f in range(feeds)]
    held = {feed(f): s for f, s in heads.items()}
    return beacon.payload(bseq, TIME, held, 0, [segment_name()] * seen, 0, 0, order)


def beacon_vector(heads: dict[int, int], feeds: int, seen: int, bseq: int = 1000) -> bytes:
    """The varint head vector form: `feeds` entries in the genesis' order."""
    return _signed_sealed(_vector_payload(heads, feeds, seen, bseq), b"beacon")


def beacon_delta(changed: dict[int, int], seen: int, bseq: int = 1000, base: int = 999) -> bytes:
    """The delta form: only the feeds whose head changed since the stick's copy (bseq `base`),
    and the feed's signature over the whole statement the reader rebuilds."""
    pairs, last = bytearray(), -1
    for f in sorted(changed):
        pairs += varint(f - last - 1) + varint(changed[f] + 1)
        last = f
    signature = KEY.sign(b"the whole statement, rebuilt").signature
    body = _vector_payload({}, 0, seen, bseq)
    body.update(v=3, heads=bytes(pairs), base=base, kid=feed(0), sig=signature)
    return _sealed(body, b"beacon")


def _cut_payload(heads: dict[int, int], feeds: int, height: int) -> dict[str, object]:
    """app/sync/cuts.py's cut of `feeds` genesis feeds (price it with every feed held)."""
    order = [feed(f) for f in range(feeds)]
    return cuts.cut_payload(height, feed(0), TIME, {feed(f): s for f, s in heads.items()}, order)


def cut_file(heads: dict[int, int], feeds: int, height: int = 1000) -> bytes:
    """A cut: the proposer's heads of all `feeds` feeds, signed by it and sealed."""
    signed_cut = cuts.sign(_cut_payload(heads, feeds, height), KEY, NETWORK_ID)
    return cuts.seal(signed_cut, cuts.CUT_PURPOSE, TRANSPORT, 0, bytes(sealed.NONCE_BYTES))


def _ack_payload(held: dict[int, int], seen: int, aseq: int, head: int) -> dict[str, object]:
    """app/sync/cuts.py's ack: `held` feed index: seq held (-1 for none), `head` the feed's own
    seq; `seen` segment names (none once heads cover the document parts: `--parts-by-seen`
    prices the rule of today's beacons)."""
    exceptions = {f: s + 1 for f, s in held.items()}
    names = [segment_name()] * seen
    return cuts.ack_payload(aseq, TIME, bytes(CUT_NAME), exceptions, head + 1, 0, 0, names)


def ack_file(held: dict[int, int], seen: int, aseq: int = 1000, head: int = 19) -> bytes:
    """A feed's acknowledgement of a cut: `held` the feeds it holds less of than the cut
    (feed index: seq held, -1 for none), signed by the feed and sealed."""
    signed_ack = cuts.sign(_ack_payload(held, seen, aseq, head), KEY, NETWORK_ID)
    return cuts.seal(signed_ack, cuts.ACK_PURPOSE, TRANSPORT, 0, bytes(sealed.NONCE_BYTES))


def trailer_record(ranges: Sequence[tuple[int, int, int]], chunks: int, records: int) -> int:
    """A trailer's record on the stick: frame, signed directory, AEAD tag."""
    body = trailer_payload(
        TIME,
        records,
        bytes(32),
        [[feed(f), first, last] for f, first, last in ranges],
        [bytes(CHUNK_ID)] * chunks,
        [],
    )
    return segment.FRAME_BYTES + len(sign1(cbor.encode(body), KEY, NETWORK_ID)) + segment.TAG_BYTES


def index_file(entries: Sequence[tuple[int, int]]) -> int:
    """index.obi for segments of (file size, trailer record size)."""
    trailer = segment.FRAME_BYTES + segment.TAG_BYTES
    return len(
        _sealed(
            index_record([(segment_name(), size, bytes(t - trailer)) for size, t in entries]),
            b"index",
        )
    )


def pruned_file(feeds: int, seq: int) -> int:
    return len(_sealed(pruned_record({feed(f): seq for f in range(feeds)}), b"pruned"))


def network_files() -> int:
    """NETWORK and the note, written once on a stick's first visit."""
    return len(cbor.encode(network_record(NETWORK_ID))) + len(NOTE.encode("utf-8"))


# --- prices: the same sizes without encoding every item -----------------------------------------


def _head(n: int) -> int:
    """Bytes of a CBOR head (uint, length of a byte string or array) for n."""
    return len(cbor.encode(n))


def _grow(n: int) -> int:
    """What a length head for n costs beyond the one byte of an empty one."""
    return _head(n) - 1


def _vlen(n: int) -> int:
    return 1 if n < 0x80 else len(varint(n))


def _payload_len(payload: object) -> int:
    return len(cbor.encode(payload))


@functools.cache
def seal_overhead() -> int:
    """sealed.seal's bytes beyond the plaintext: magic, key epoch, nonce, AEAD tag."""
    return len(sealed.seal(b"", TRANSPORT, 0, b"beacon", nonce=bytes(24)))


@functools.cache
def cose_overhead() -> int:
    """COSE_Sign1's bytes beyond the payload and its byte-string head."""
    return len(sign1(b"", KEY, NETWORK_ID)) - _head(0)


def signed(payload: int) -> int:
    """A COSE_Sign1 around a payload of `payload` bytes."""
    return cose_overhead() + _head(payload) + payload


@dataclass(frozen=True)
class Prices:
    """Payload sizes derived once from the real encoders, and what each listed item adds; `seq`
    is the head seq priced (in CBOR seqs below 24 take 1 byte, up to 255 two, then three)."""

    seq: int
    v1_empty: int  # payload of a v1 beacon with no heads and no names
    v1_head: int  # one [feed id, seq]
    seen_item: int  # one segment name
    vector_empty: int
    delta_empty: int
    trailer_empty: int  # payload of a trailer with no ranges, no chunks, 0 records
    trailer_range: int
    chunk_item: int
    index_empty: int
    index_item: int  # one entry's array head and name (its size and trailer apart)
    pruned_empty: int
    pruned_item: int
    network: int
    cut_empty: int  # a cut's payload with no feeds
    ack_empty: int  # an ack's payload with no exceptions and no names

    @classmethod
    @functools.cache
    def derive(cls, seq: int) -> Prices:
        return cls(
            seq=seq,
            v1_empty=_payload_len(beacon.payload_v1(1000, TIME, {}, 0, [], 0, 0)),
            v1_head=_payload_len([feed(0), seq]),
            seen_item=_payload_len(segment_name()),
            vector_empty=_payload_len(_vector_payload({}, 0, 0, 1000)),
            delta_empty=len(beacon_delta({}, 0)) - seal_overhead(),
            trailer_empty=_payload_len(trailer_payload(TIME, 0, bytes(32), [], [], [])),
            trailer_range=_payload_len([feed(0), 0, seq]),
            chunk_item=_payload_len(bytes(CHUNK_ID)),
            index_empty=_payload_len(index_record([])),
            index_item=1 + _payload_len(segment_name()),
            pruned_empty=_payload_len(pruned_record({})),
            pruned_item=_payload_len([feed(0), seq]),
            network=network_files(),
            cut_empty=_payload_len(_cut_payload({}, 0, 1000)),
            ack_empty=_payload_len(_ack_payload({}, 0, 1000, seq)),
        )

    def _seen(self, seen: int) -> int:
        return _grow(seen) + seen * self.seen_item

    def v1(self, heads: int, seen: int) -> int:
        """Today's beacon file listing `heads` feeds and `seen` segment names."""
        payload = self.v1_empty + _grow(heads) + heads * self.v1_head + self._seen(seen)
        return seal_overhead() + signed(payload)

    def vector(self, feeds: int, seen: int) -> int:
        """The vector form for a network of `feeds` feeds (a varint each, seqs below 127)."""
        vector = feeds * _vlen(self.seq + 1)
        payload = self.vector_empty + _grow(vector) + vector + self._seen(seen)
        return seal_overhead() + signed(payload)

    def delta(self, changed: Sequence[int], seen: int) -> int:
        """The delta form; `changed`: the feed indexes whose head changed, ascending."""
        pairs, last = 0, -1
        for f in changed:
            pairs += _vlen(f - last - 1) + _vlen(self.seq + 1)
            last = f
        return seal_overhead() + self.delta_empty + _grow(pairs) + pairs + self._seen(seen)

    def cut(self, feeds: int) -> int:
        """A cut of a network of `feeds` feeds (a varint each, seqs below 127)."""
        vector = feeds * _vlen(self.seq + 1)
        return seal_overhead() + signed(self.cut_empty + _grow(vector) + vector)

    def ack(self, exceptions: Sequence[int], seen: int) -> int:
        """An ack; `exceptions` the feed indexes held less than the cut, ascending (what is held
        of each priced as one varint byte: seqs below 127)."""
        pairs, last = 0, -1
        for f in exceptions:
            pairs += _vlen(f - last - 1) + 1
            last = f
        payload = self.ack_empty + _grow(pairs) + pairs + self._seen(seen)
        return seal_overhead() + signed(payload)

    def trailer(self, ranges: int, chunks: int, records: int) -> int:
        """A segment's trailer record: frame, signed directory, AEAD tag."""
        payload = (
            self.trailer_empty
            + _grow(ranges)
            + ranges * self.trailer_range
            + _grow(chunks)
            + chunks * self.chunk_item
            + _grow(records)
        )
        return segment.FRAME_BYTES + signed(payload) + segment.TAG_BYTES

    def index(self, entries: Sequence[tuple[int, int]]) -> int:
        """index.obi for segments of (file size, trailer record size)."""
        payload = self.index_empty + _grow(len(entries))
        for size, trailer in entries:
            t = trailer - segment.FRAME_BYTES - segment.TAG_BYTES
            payload += self.index_item + _head(size) + _head(t) + t
        return seal_overhead() + payload

    def pruned(self, feeds: int) -> int:
        return seal_overhead() + self.pruned_empty + _grow(feeds) + feeds * self.pruned_item
