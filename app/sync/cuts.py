"""Signed cuts and acknowledgements: what every commune holds, in O(N) bytes a stick
(docs/spec/stick.md, "Cuts and acknowledgements"; issue 21).

A **cut** is one commune's signed statement of every feed's head it holds, proposed once the
previous cut has reached every commune; an **ack** is a feed's short signed word "I hold all of
cut C, except …". What a feed holds, as the others know it, is its newest ack's cut less the
exceptions, plus its own feed; what every feed holds is the AND of those. A stick then carries
one ack per feed (about 210 B) and two cuts (a byte or two a feed), where beacons carry every
feed's head once per feed (N²).

This module builds, signs, reads and judges them; nothing here touches a stick or a store
(the writer and reader of sticks still carry beacons of version 2: the switch is a later step).
Every number a "held" field carries is a count of blocks, seq + 1, so that 0 says "none".
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import nacl.signing

from app.core.encoding import cbor, leb128
from app.core.encoding.cose import CoseError, parse_sign1, sign1, verify_sign1
from app.core.node.node import Node
from app.sync import sealed
from app.sync.beacon import genesis_feeds
from app.sync.errors import StatementRefused
from app.sync.signed import IN_FORCE

VERSION = 1
LIMIT = 1 << 62  # every integer of a signed statement is below this (as beacons)
FEED_ID = 8  # bytes: a commune's id (the kid of its first node key), or a laptop's
NAME = 16  # bytes: a cut's name, the first 16 of the SHA-256 of its signed bytes
CUT_PURPOSE = b"cut"
ACK_PURPOSE = b"ack"
FUTURE = 24 * 3600  # an incarnation may be ahead of the reader's clock by this much, not more
# A commune's first laptop proposes a new cut only once the newest is this old (by its "time"),
# unless the stick needs one sooner (acks._pressed). With two communes every day's news made
# the other propose one, and the next visit paid an ack for it (~200 B on a ~4,300 B day: the
# one-day ratio 1.139 against the goal's 1.10). Measured (bench/visit_cost.py --clock, 16 and
# 32 days): a week still gave 1.101, 8 days 1.097-1.099, 10 days 1.097 in both, 14 days no
# better. The price: a segment may stay on a stick this much longer before every ack says it
# is held (docs/performance.md, "A rate for cuts").
CUT_AGE = 10 * 24 * 3600

# Bounds checked on the size of the signed bytes before a byte is decoded. An honest cut takes
# at most 3 B a genesis feed (seq below 2^21 - 1) and 24 B a feed of "others"; an honest
# exception at most 6 B. SLACK feeds beyond those the reader knows leave room for a commune or a
# laptop admitted since the reader last heard of one.
BASE = 1024  # envelope, signature, keys and numbers, with room to spare
HEAD_BYTES = 3
OTHER_BYTES = 24
EXCEPTION_BYTES = 6
SLACK = 64
SEEN_MOST = 256  # names of segments of proofs in an ack
SEEN_NAME = 64  # characters, as segment names (docs/spec/stick.md, "The folder")
SEAL_BYTES = 48  # a sealed file's magic, key epoch, nonce and tag


@dataclass(frozen=True)
class Signer:
    """A key in force in the reader's ledger: its public key, the feed it speaks for, and
    whether it is a commune's node key (only those sign cuts)."""

    public_key: bytes
    feed: bytes
    node: bool


Signers = Callable[[bytes], Signer | None]  # kid -> the key in force, or None


@dataclass(frozen=True)
class Bounds:
    """What a reader knows of the network, to bound what it reads: the genesis' feeds in
    order, and how many further feeds (communes admitted since, further laptops) its ledger
    lists."""

    order: tuple[bytes, ...]
    others: int = 0

    @property
    def feeds(self) -> int:
        """The most feeds a statement may name: known ones, and SLACK not yet known."""
        return len(self.order) + self.others + SLACK

    @property
    def cut_bytes(self) -> int:
        return BASE + HEAD_BYTES * len(self.order) + OTHER_BYTES * (self.others + SLACK)

    @property
    def ack_bytes(self) -> int:
        return BASE + EXCEPTION_BYTES * self.feeds + SEEN_MOST * (SEEN_NAME + 2)


@dataclass(frozen=True)
class Cut:
    height: int
    by: bytes  # the proposer: a commune's id
    time: int
    feeds: tuple[bytes, ...]  # the genesis' feeds in order, then the others by id
    counts: tuple[int, ...]  # seq + 1 held of each of `feeds` (0: none)
    data: bytes  # the signed bytes

    @property
    def name(self) -> bytes:
        return name_of(self.data)

    @property
    def order(self) -> tuple[int, bytes]:
        """Of two cuts the newer is the higher (height, proposer id)."""
        return self.height, self.by

    def heads(self) -> dict[bytes, int]:
        """Feed -> highest seq the cut holds (feeds it holds none of left out)."""
        return {f: n - 1 for f, n in zip(self.feeds, self.counts, strict=True) if n}


@dataclass(frozen=True)
class Ack:
    feed: bytes  # whose: the signer's feed
    aseq: int
    time: int
    cut: bytes  # the name of the cut it acknowledges
    exceptions: tuple[tuple[int, int], ...]  # (index in the cut's feeds, seq + 1 held)
    head: int  # seq + 1 of its own feed held
    keys: int  # the newest transport key epoch it holds
    inc: int  # its incarnation
    seen: frozenset[str]  # segments of proofs of this stick taken in whole
    data: bytes

    @property
    def order(self) -> tuple[int, int]:
        """Of two acks of one feed the newer has the higher incarnation, then aseq."""
        return self.inc, self.aseq


def name_of(signed: bytes) -> bytes:
    return hashlib.sha256(signed).digest()[:NAME]


_SIGNER = (
    "SELECT k.pk, k.actor, a.role FROM keys k JOIN actors a ON a.id = k.actor "
    "LEFT JOIN laptops l ON l.id = a.id WHERE k.kid = ? AND " + IN_FORCE
)


def node_signers(node: Node) -> Signers:
    """The keys in force in `node`'s ledger, as the beacons' rule believes them (signed.py)."""

    def signer(kid: bytes) -> Signer | None:
        row = node.store.one(_SIGNER, (kid,))
        return None if row is None else Signer(bytes(row[0]), bytes(row[1]), row[2] == "node")

    return signer


def node_bounds(node: Node) -> Bounds:
    """The genesis' feeds of `node`'s network, and how many other feeds its ledger lists."""
    order = genesis_feeds(node)
    feeds = int(node.store.value("SELECT count(*) FROM actors WHERE role IN ('node', 'laptop')"))
    return Bounds(order, max(0, feeds - len(order)))


# --- writing -------------------------------------------------------------------------------------


def cut_payload(
    height: int, by: bytes, at: int, heads: Mapping[bytes, int], order: Sequence[bytes]
) -> dict[str, Any]:
    """What a cut signs: `heads` (feed -> highest seq held) as the head vector of the genesis'
    feeds (`order`; trailing zeros left out) and the other feeds as [id, seq] by id, the key
    "others" left out when there are none."""
    place = {feed: i for i, feed in enumerate(order)}
    vector = [0] * len(order)
    others = []
    for feed, seq in sorted(heads.items()):
        if feed in place:
            vector[place[feed]] = seq + 1
        else:
            others.append([feed, seq])
    while vector and vector[-1] == 0:
        vector.pop()
    body: dict[str, Any] = {
        "v": VERSION,
        "cut": height,
        "by": by,
        "time": at,
        "heads": leb128.encode_all(vector),
    }
    if others:
        body["others"] = others
    return body


def ack_payload(
    aseq: int,
    at: int,
    cut: bytes,
    exceptions: Mapping[int, int],
    head: int,
    keys: int,
    inc: int,
    seen: Iterable[str] = (),
) -> dict[str, Any]:
    """What an ack signs: `exceptions` maps an index in the cut's feeds to seq + 1 held of that
    feed (less than the cut's), written as (index gap, count) varint pairs; `head` is seq + 1 of
    the feed's own blocks held."""
    pairs, last = [], -1
    for index in sorted(exceptions):
        pairs += [index - last - 1, exceptions[index]]
        last = index
    return {
        "v": VERSION,
        "aseq": aseq,
        "time": at,
        "cut": cut,
        "except": leb128.encode_all(pairs),
        "head": head,
        "keys": keys,
        "inc": inc,
        "seen": sorted(seen),
    }


def exceptions_of(cut: Cut, held: Mapping[bytes, int], own: bytes | None = None) -> dict[int, int]:
    """The exceptions an ack of `cut` must carry for a feed holding `held` (feed -> highest seq
    held): every feed of the cut held less than the cut holds it, with seq + 1 held; none for
    the ack's `own` feed, which its "head" says."""
    out = {}
    for i, (feed, count) in enumerate(zip(cut.feeds, cut.counts, strict=True)):
        mine = held.get(feed, -1) + 1
        if mine < count and feed != own:
            out[i] = mine
    return out


def sign(payload: Mapping[str, Any], key: nacl.signing.SigningKey, network_id: bytes) -> bytes:
    """COSE_Sign1 of the payload by `key`, the network id as external AAD."""
    return sign1(cbor.encode(dict(payload)), key, network_id)


def seal(
    signed: bytes, purpose: bytes, key: bytes, epoch: int, nonce: bytes | None = None
) -> bytes:
    """The file of a cut (`CUT_PURPOSE`) or an ack (`ACK_PURPOSE`) under a transport key."""
    if purpose not in (CUT_PURPOSE, ACK_PURPOSE):
        raise ValueError("a cut or an ack")
    return sealed.seal(signed, key, epoch, purpose, nonce)


# --- reading hostile bytes -----------------------------------------------------------------------


def open_file(blob: bytes, purpose: bytes, keys: Callable[[int], bytes | None], most: int) -> bytes:
    """The signed bytes inside a sealed cut or ack file, bounded by `most` (the statement's
    bound: Bounds.cut_bytes or ack_bytes) before anything is decrypted."""
    if len(blob) > most + SEAL_BYTES:
        raise StatementRefused("This file is larger than any honest one of its kind.")
    try:
        key = keys(sealed.key_epoch(blob))
        if key is None:
            raise StatementRefused("This file is under a transport key this laptop lacks.")
        return sealed.open_(blob, key, purpose)
    except sealed.Unreadable as exc:
        raise StatementRefused("This file is damaged or under another key.") from exc


def read_cut(data: bytes, signers: Signers, network_id: bytes, bounds: Bounds) -> Cut:
    """A cut from hostile bytes (the signed statement), or StatementRefused."""
    if len(data) > bounds.cut_bytes:
        raise StatementRefused("This cut is larger than any honest one.")
    signer, body = _open(data, signers, network_id)
    try:
        _keys(body, {"v", "cut", "by", "time", "heads"}, {"others"})
        by = _id(body["by"], FEED_ID)
        if not signer.node or signer.feed != by:
            raise StatementRefused("This cut is not signed by the commune it names.")
        height, at = _number(body["cut"]), _number(body["time"])
        vector = body["heads"]
        if not isinstance(vector, bytes):
            raise StatementRefused("This cut's heads are not a byte string.")
        counts = leb128.decode_all(vector, count=len(bounds.order), largest=LIMIT)
        if counts and counts[-1] == 0:
            raise StatementRefused("This cut's head vector ends with a zero.")
        counts += [0] * (len(bounds.order) - len(counts))
        feeds = list(bounds.order)
        others = body.get("others")
        if others is not None:
            if not isinstance(others, list) or not 0 < len(others) <= bounds.others + SLACK:
                raise StatementRefused("This cut's other feeds are not a short list.")
            genesis, last = set(bounds.order), b""
            for item in others:
                if not isinstance(item, list) or len(item) != 2:
                    raise StatementRefused("This cut's other feeds are not [id, seq] pairs.")
                feed = _id(item[0], FEED_ID)
                if feed <= last or feed in genesis:
                    raise StatementRefused("This cut names a feed twice or out of order.")
                feeds.append(feed)
                counts.append(_number(item[1]) + 1)
                last = feed
    except ValueError as exc:  # leb128's refusals
        raise StatementRefused(f"This cut's head vector is not readable: {exc}.") from exc
    return Cut(height, by, at, tuple(feeds), tuple(counts), data)


def read_ack(
    data: bytes, signers: Signers, network_id: bytes, bounds: Bounds, now: int | None = None
) -> Ack:
    """An ack from hostile bytes (the signed statement), or StatementRefused. Whether its
    exceptions fit its cut is judged by `holding`, once the cut is known. `now`: the reader's
    clock (its time by default), which an incarnation may not pass by more than FUTURE."""
    if len(data) > bounds.ack_bytes:
        raise StatementRefused("This acknowledgement is larger than any honest one.")
    signer, body = _open(data, signers, network_id)
    _keys(body, {"v", "aseq", "time", "cut", "except", "head", "keys", "inc", "seen"}, set())
    pairs = body["except"]
    if not isinstance(pairs, bytes):
        raise StatementRefused("This acknowledgement's exceptions are not a byte string.")
    try:
        values = leb128.decode_all(pairs, count=2 * bounds.feeds, largest=LIMIT)
    except ValueError as exc:
        why = f"This acknowledgement's exceptions are not readable: {exc}."
        raise StatementRefused(why) from exc
    if len(values) % 2:
        raise StatementRefused("This acknowledgement's exceptions end in half a pair.")
    exceptions, index = [], -1
    for gap, count in zip(values[::2], values[1::2], strict=True):
        index += gap + 1
        if index >= bounds.feeds:
            raise StatementRefused("This acknowledgement names more feeds than the network has.")
        exceptions.append((index, count))
    seen = body["seen"]
    if not isinstance(seen, list) or len(seen) > SEEN_MOST:
        raise StatementRefused("This acknowledgement's segment names are not a short list.")
    if not all(isinstance(n, str) and 0 < len(n) <= SEEN_NAME for n in seen):
        raise StatementRefused("This acknowledgement names a segment no writer names so.")
    if seen != sorted(set(seen)):
        raise StatementRefused("This acknowledgement's segment names are not sorted once each.")
    ack = Ack(
        signer.feed,
        _number(body["aseq"]),
        _number(body["time"]),
        _id(body["cut"], NAME),
        tuple(exceptions),
        _number(body["head"]),
        _number(body["keys"]),
        _number(body["inc"]),
        frozenset(seen),
        data,
    )
    return not_ahead(ack, now)


def not_ahead(ack: Ack, now: int | None = None) -> Ack:
    """`ack`, unless its incarnation is more than FUTURE ahead of the clock (`now`, Unix
    seconds; the reader's clock when None): a restore that has not happened yet."""
    if ack.inc > (int(time.time()) if now is None else now) + FUTURE:
        raise StatementRefused("This acknowledgement comes from a restore that has not happened.")
    return ack


def _open(data: bytes, signers: Signers, network_id: bytes) -> tuple[Signer, dict[str, Any]]:
    try:
        envelope = parse_sign1(data)
        kid = envelope.kid
        signer = signers(kid) if isinstance(kid, bytes) else None
        if signer is None:
            raise StatementRefused("This statement is not signed by a key of this network.")
        verify_sign1(envelope, signer.public_key, network_id)
        body: Any = cbor.decode(envelope.payload)
    except (CoseError, cbor.CanonicalError) as exc:
        raise StatementRefused(f"This statement is not a valid signed one: {exc}.") from exc
    if not isinstance(body, dict):
        raise StatementRefused("This statement is not a map.")
    return signer, body


def _keys(body: dict[str, Any], required: set[str], optional: set[str]) -> None:
    """Exactly the keys of the form: a statement of version 1 carries nothing else, so that
    one statement has one encoding and its size its bound."""
    version = body.get("v")
    if isinstance(version, bool) or version != VERSION:
        raise StatementRefused("This statement is of another version.")
    present = set(body)
    if not required <= present or not present <= required | optional:
        raise StatementRefused("This statement lacks a field or has one of another form.")


def _number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < LIMIT:
        raise StatementRefused("This statement holds a number out of range.")
    return value


def _id(value: object, size: int) -> bytes:
    if not isinstance(value, bytes) or len(value) != size:
        raise StatementRefused("This statement holds an id of the wrong size.")
    return value


# --- judging -------------------------------------------------------------------------------------


def holding(ack: Ack, cut: Cut) -> dict[bytes, int]:
    """What `ack`'s feed holds, as the others know it (feed -> highest seq held): the cut less
    the exceptions, plus its own feed up to its head. Refuses an ack whose exceptions do not
    fit the cut (a feed the cut does not name, or as much as the cut holds or more)."""
    if ack.cut != cut.name:
        raise StatementRefused("This acknowledgement names another cut.")
    counts = list(cut.counts)
    for index, count in ack.exceptions:
        if index >= len(counts) or count >= counts[index]:
            raise StatementRefused("This acknowledgement's exceptions do not fit its cut.")
        counts[index] = count
    held = {f: n - 1 for f, n in zip(cut.feeds, counts, strict=True) if n}
    if ack.head:
        held[ack.feed] = ack.head - 1
    elif ack.feed in held:
        del held[ack.feed]  # it holds none of its own (a laptop restored from paper)
    return held


def newer_ack(a: Ack | None, b: Ack) -> bool:
    """Whether `b` replaces `a` (acks of one feed)."""
    return a is None or b.order > a.order


def newest_cut(cuts: Iterable[Cut]) -> Cut | None:
    return max(cuts, key=lambda c: c.order, default=None)


def held_by_all(
    holders: Iterable[bytes], acks: Mapping[bytes, Ack], cuts: Mapping[bytes, Cut]
) -> dict[bytes, int] | None:
    """Feed -> highest seq every holder holds: the AND (the least) of every holder's newest
    ack's holding. None while a holder's ack, or the cut it names, is not known: then nothing
    is held by all (nothing may be pruned).

    The same as ANDing `holding` of each ack, in O(N + exceptions) rather than O(N²): the acks
    naming one cut share its counts, so only the places where some ack says otherwise (an
    exception, or its own feed) are walked (31 s of CPU at 10,000 communes the other way)."""
    groups: dict[bytes, list[Ack]] = {}
    for feed in dict.fromkeys(holders):
        ack = acks.get(feed)
        if ack is None or ack.cut not in cuts:
            return None
        groups.setdefault(ack.cut, []).append(ack)
    together: dict[bytes, int] | None = None
    for name, group in groups.items():
        held = _group_and(cuts[name], group)
        if together is None:
            together = held
        else:
            together = {f: min(seq, held[f]) for f, seq in together.items() if f in held}
    return together


def _group_and(cut: Cut, group: list[Ack]) -> dict[bytes, int]:
    """The AND of the holdings of `group`, acks of `cut` by distinct feeds."""
    place = {feed: i for i, feed in enumerate(cut.feeds)}
    counts = list(cut.counts)
    saying: dict[int, int] = {}  # index -> how many acks of the group say other than the cut
    least: dict[int, int] = {}  # index -> the least count they say there
    for ack in group:
        own = place.get(ack.feed)
        for index, count in ack.exceptions:
            if index >= len(counts) or count >= counts[index]:
                raise StatementRefused("This acknowledgement's exceptions do not fit its cut.")
            if index != own:
                saying[index] = saying.get(index, 0) + 1
                least[index] = min(least.get(index, count), count)
        if own is not None:
            saying[own] = saying.get(own, 0) + 1
            least[own] = min(least.get(own, ack.head), ack.head)
    for index, many in saying.items():
        counts[index] = least[index] if many == len(group) else min(counts[index], least[index])
    held = {f: n - 1 for f, n in zip(cut.feeds, counts, strict=True) if n}
    if len(group) == 1 and group[0].feed not in place and group[0].head:
        held[group[0].feed] = group[0].head - 1  # its own feed, which its cut does not name
    return held


def may_propose(
    newest: Cut | None,
    holders: Iterable[bytes],
    acks: Mapping[bytes, Ack],
    held: Mapping[bytes, int],
    now: int | None = None,
    pressed: bool = False,
) -> bool:
    """Whether a commune holding `held` (feed -> highest seq) may propose a new cut: there is
    none yet, or every holder's newest known ack names the newest cut, and it holds all of that
    cut and more. So cuts only grow, and one is proposed once the last reached everyone.

    With `now` (Unix seconds), also the rate: the newest cut must be CUT_AGE old by then, unless
    the stick needs one sooner (`pressed`). A cut dated more than FUTURE ahead of `now` counts
    as old: a signer's wrong clock must not stop cuts, and so pruning, for years."""
    if newest is None:
        return bool(held)
    name = newest.name
    if any(feed not in acks or acks[feed].cut != name for feed in holders):
        return False
    cut = newest.heads()
    if any(held.get(f, -1) < seq for f, seq in cut.items()):
        return False
    if not any(seq > cut.get(f, -1) for f, seq in held.items()):
        return False
    young = now is not None and newest.time - FUTURE <= now < newest.time + CUT_AGE
    return pressed or not young


def covered(heads: Mapping[bytes, int], lacking: Mapping[bytes, int]) -> dict[bytes, int]:
    """The heads an ack may claim: of each feed, up to the block before the first one naming a
    document whose parts are not all held (`lacking`: feed -> seq of that block)."""
    out = {}
    for feed, seq in heads.items():
        top = min(seq, lacking[feed] - 1) if feed in lacking else seq
        if top >= 0:
            out[feed] = top
    return out


def keep_on_stick(cuts: Iterable[Cut], acks: Iterable[Ack]) -> tuple[list[Cut], dict[bytes, Ack]]:
    """What a stick keeps: the two newest cuts, and of each feed its newest ack naming one of
    them (an ack naming a cut that went goes with it)."""
    kept = sorted({c.name: c for c in cuts}.values(), key=lambda c: c.order)[-2:]
    names = {c.name for c in kept}
    out: dict[bytes, Ack] = {}
    for ack in acks:
        if ack.cut in names and newer_ack(out.get(ack.feed), ack):
            out[ack.feed] = ack
    return kept, out


def worth_writing(copy: Ack | None, ack: Ack, here: Collection[str] | None = None) -> bool:
    """Whether a visit writes `ack` over the stick's `copy` of that feed's: only when it is
    newer and says something the copy does not (another cut, other exceptions, another
    incarnation, a newer key epoch, or a segment seen that the copy does not list, of those
    now on this stick: `here`, every name when None). An ack whose only change is its own
    head is not written again: the segments its feed writes show that. Nor is one whose
    "seen" lacks segments of this stick the copy lists: that copy, not the newer ack written
    on another stick, says which of this stick's proofs the feed took in whole."""
    if copy is None:
        return True
    if ack.order <= copy.order:
        return False
    gained = ack.seen if here is None else ack.seen.intersection(here)
    return (
        (ack.cut, ack.exceptions, ack.inc) != (copy.cut, copy.exceptions, copy.inc)
        or ack.keys > copy.keys
        or not copy.seen.issuperset(gained)
        or (here is None and ack.seen != copy.seen)
    )


def segment_held_by_all(
    feeds: Iterable[tuple[bytes, int, int]], together: Mapping[bytes, int]
) -> bool:
    """Whether every block of a segment (its trailer's [feed, first, last] ranges) is held by
    all (`together`, from held_by_all). Its document parts follow the blocks that name them;
    its proofs, the acks' "seen"."""
    return all(last <= together.get(feed, -1) for feed, _, last in feeds)
