"""Writing to a stick what it lacks, so that it carries it to the next communes.

A segment is written under a .part name, forced to the medium, renamed, then read back whole
and checked against its signed trailer; only then may the clerk remove the stick. Nothing is
marked delivered here: delivery is known only from the beacons of those who received.
"""

from __future__ import annotations

import shutil
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.core.atomic import fsync_folder
from app.core.encoding import cbor
from app.core.errors import Rejected
from app.core.ledger import incarnation, transport
from app.core.ledger.objects import object_id
from app.core.node.node import Node
from app.core.progress import Listener, Phase, Progress, ignore
from app.sync import (
    acks,
    beacon,
    cuts,
    laptop_invite,
    own_heads,
    sealed,
    segment,
    stickfiles,
    words,
)
from app.sync.delta import Class, Item, missing
from app.sync.keys import epoch_key
from app.sync.signed import Forged, open_signed, sign
from app.sync.stick import (
    SEGMENT_LIMIT,
    Holding,
    Stick,
    StickError,
    damaged_segments,
    forget_damaged,
)

BEACON_ROOM = 256 * 1024  # kept free for beacons and the index
# And for each holder, room for its ack and its share of two cuts (~210 B and 2 x 3 B at most):
# about 3 MiB at 10,000 communes, which 256 KiB alone was not (docs/performance.md).
ACK_ROOM = 300


@dataclass
class ExportReport:
    written: int = 0  # objects written
    object_bytes: int = 0  # their own size
    bytes_written: int = 0  # everything written to the stick: segments, beacons, index
    known: int = 0  # objects the stick already held
    left_out: int = 0  # objects that did not fit
    left_out_bytes: int = 0
    left_out_classes: dict[str, int] = field(default_factory=dict)
    segments: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    # This laptop's own transactions: sealed by this export, on the stick now, and left
    # behind (did not fit, or may not be signed yet); and those a rule dropped, with why.
    ours_sealed: int = 0
    ours_written: int = 0
    ours_left_behind: int = 0
    ours_dropped: list[dict[str, Any]] = field(default_factory=list)
    # Segments an import found damaged, removed now that what they held is on the stick again.
    repaired: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def export(
    node: Node,
    folder: Path,
    *,
    budget: int | None = None,
    holding: Holding | None = None,
    progress: Listener = ignore,
) -> ExportReport:
    """Writes what the stick at `folder` lacks, within `budget` bytes and its free space."""
    _not_retired(node)
    stick = Stick.at(folder, create=True)
    stick.check_folders()
    stick.claim(node.network_id)
    report = ExportReport()
    _seal(node, report)
    stick.clear_leftovers()
    if holding is None:
        holding = stick.holding(node)
    stick_beacons = _read_beacons(node, stick)
    statements = acks.read_stick(node, stick)  # cuts and acks, beside the beacons
    acks.remember(node, statements)
    on_stick = own_heads.claims_in(holding.segments.values())
    own_heads.hear(node, on_stick)  # readers' rule; and a restored laptop's own last blocks
    # A segment an import found damaged holds nothing as far as writing goes: what it held is
    # written again, and the damaged one goes once all of that is on the stick elsewhere.
    damaged = damaged_segments(node) & holding.segments.keys()
    sound = Holding({n: i for n, i in holding.segments.items() if n not in damaged})
    ranges = sound.ranges()
    skip, parts = _pruned_and_held(node, stick)
    chunks, evidence = sound.chunks() | parts, sound.evidence() | parts
    items = missing(
        node,
        lambda author, seq: seq <= skip.get(author, -1) or sound.has_block(author, seq, ranges),
        chunks.__contains__,
        evidence.__contains__,
    )
    report.known = _our_object_count(node) - sum(1 for i in items if i.kind != "evidence")
    room = _room(stick, budget, len(beacon.holders(node)))
    written = _Written()
    if items:
        try:
            written = _write_segments(node, stick, items, room, report, progress)
        except OSError as exc:
            stick.clear_leftovers()
            raise _write_failed(exc) from exc
    claims = dict(on_stick)
    if written.claim is not None:
        claims[node.feed] = own_heads.higher(claims.get(node.feed), written.claim)
    last_here = max(holding.last_signed().get(node.feed, 0), written.signed_at)
    # Our ack first: whether our beacon is still written depends on every feed's word.
    heard = words.words(node)
    by_beacon = {h: heard.beacons[h].heads for h in beacon.holders(node) if h in heard.beacons}
    report.bytes_written += acks.visit(
        node, stick, holding, statements, written.with_proofs, by_beacon, last_here
    )
    report.bytes_written += _write_beacons(
        node, stick, holding, stick_beacons, written.with_parts, claims.get(node.feed), last_here
    )
    laptop_invite.refresh(node, folder)  # the keys of a new epoch, for our further laptops
    report.pruned = _prune(node, stick, holding, stick_beacons, report, statements.acks)
    if damaged:
        report.repaired = _retire_damaged(node, stick, damaged)
    return report


def _not_retired(node: Node) -> None:
    """A laptop its commune retired writes nothing more: every reader would refuse its
    beacon, its segments' trailers and its blocks (docs/ledger.md, "A commune's devices")."""
    if node.store.one(
        "SELECT 1 FROM laptops WHERE id = ? AND retired_seq IS NOT NULL", (node.feed,)
    ):
        raise Rejected(
            "laptop_retired",
            "This laptop was retired by its commune: what it writes is no longer believed. "
            "Ask the commune's first laptop to add it again.",
        )


def _seal(node: Node, report: ExportReport) -> None:
    sealed = node.seal_for_sync()
    report.ours_sealed = sealed.count
    report.ours_left_behind = sealed.held
    report.ours_dropped = [{"id": d.id, "code": d.code, "reason": d.reason} for d in sealed.dropped]


@dataclass
class _Written:
    """What this visit's segments hold that its beacon might otherwise have to say."""

    with_parts: set[str] = field(default_factory=set)  # segments of document parts or proofs
    with_proofs: set[str] = field(default_factory=set)  # of those, the segments of proofs
    claim: own_heads.Claim | None = None  # the highest of our own blocks their trailers list
    signed_at: int = 0  # the time of the last trailer we signed: our word that we were here


def _write_segments(
    node: Node,
    stick: Stick,
    items: list[Item],
    room: int,
    report: ExportReport,
    progress: Listener,
) -> _Written:
    """Writes `items` in segments."""
    epoch, key = beacon.writing_key(node)
    written = _Written()
    writer: _Open | None = None
    blocks_stopped = False  # a feed must stay a prefix: after one block misses, all blocks do
    used = 0
    for number, item in enumerate(items, 1):
        size = segment.FRAME_BYTES + item.size + segment.TAG_BYTES
        fits = used + size + (0 if writer else segment.HEADER_BYTES + 1024) <= room
        ours = item.kind == "block" and item.author == node.feed
        if not fits or (blocks_stopped and item.kind == "block"):
            blocks_stopped |= item.kind == "block"
            report.ours_left_behind += item.txs if ours else 0
            report.left_out += 1
            report.left_out_bytes += item.size
            name = Class(item.cls).name.lower()
            report.left_out_classes[name] = report.left_out_classes.get(name, 0) + 1
            continue
        if writer is None or writer.writer.size + size > SEGMENT_LIMIT:
            if writer is not None:
                _close(node, stick, writer, report, progress, written)
            writer = _Open(stick.new_segment_path(), node.network_id, epoch, key)
            used += segment.HEADER_BYTES
        used += writer.add(item)
        report.ours_written += item.txs if ours else 0
        report.written += 1
        report.object_bytes += item.size
        progress(Progress(Phase.WRITE, number, len(items), report.object_bytes))
    if writer is not None:
        _close(node, stick, writer, report, progress, written)
    return written


class _Open:
    """A segment being written, with the directory of what went in."""

    def __init__(self, final: Path, network_id: bytes, epoch: int, key: bytes) -> None:
        self.final = final
        self.part = final.with_name(final.name + ".part")
        self.writer = segment.SegmentWriter(self.part, network_id, epoch, key)
        self.feeds: dict[bytes, list[int]] = defaultdict(list)
        self.chunks: list[bytes] = []
        self.evidence: list[bytes] = []
        self.signed_at = 0  # the trailer's time

    def add(self, item: Item) -> int:
        kind = segment.CHUNK if item.kind == "chunk" else segment.BLOCK
        size = self.writer.add(kind, item.load())
        if item.kind == "block":
            self.feeds[item.author].append(item.seq)
        elif item.kind == "chunk":
            self.chunks.append(item.id)
        else:
            self.evidence.append(item.id)
        return size

    def directory(self) -> list[list[Any]]:
        ranges: list[list[Any]] = []
        for author, seqs in sorted(self.feeds.items()):
            for seq in sorted(seqs):
                if ranges and ranges[-1][0] == author and ranges[-1][2] == seq - 1:
                    ranges[-1][2] = seq
                else:
                    ranges.append([author, seq, seq])
        return ranges


def _close(
    node: Node,
    stick: Stick,
    opened: _Open,
    report: ExportReport,
    progress: Listener,
    written: _Written,
) -> None:
    def trailer(body_hash: bytes, records: int) -> bytes:
        opened.signed_at = int(time.time())
        return sign(
            node,
            trailer_payload(
                opened.signed_at,
                records,
                body_hash,
                opened.directory(),
                opened.chunks,
                opened.evidence,
            ),
        )

    progress(Progress(Phase.FLUSH, 0, 1))
    try:
        opened.writer.finish(trailer)
        stickfiles.replace(stick.root, opened.part, opened.final)
        fsync_folder(opened.final.parent)
    except OSError as exc:
        opened.part.unlink(missing_ok=True)
        raise _write_failed(exc) from exc
    progress(Progress(Phase.FLUSH, 1, 1, opened.writer.size))
    _check(node, stick, opened)
    report.segments.append(opened.final.name)
    if opened.chunks or opened.evidence:
        written.with_parts.add(opened.final.name)
    if opened.evidence:
        written.with_proofs.add(opened.final.name)
    written.signed_at = max(written.signed_at, opened.signed_at)
    if opened.feeds.get(node.feed):
        claim = own_heads.Claim(max(opened.feeds[node.feed]), opened.signed_at)
        written.claim = own_heads.higher(written.claim, claim)
    report.bytes_written += opened.writer.size
    progress(Progress(Phase.CHECK, 1, 1, opened.writer.size))


def trailer_payload(
    at: int,
    records: int,
    body_hash: bytes,
    feeds: list[list[Any]],
    chunks: list[bytes],
    evidence: list[bytes],
) -> dict[str, Any]:
    """What a segment's trailer signs (docs/spec/stick.md, "Trailer"); apart so that
    bench/sync_simulation.py prices trailers at the size this code writes."""
    return {
        "v": 1,
        "time": at,
        "records": records,
        "hash": body_hash,
        "feeds": feeds,
        "chunks": chunks,
        "evidence": evidence,
    }


def _check(node: Node, stick: Stick, opened: _Open) -> None:
    """Reads the new segment back from the stick: every record, and the trailer's hash."""
    try:
        with stick.open_segment(opened.final) as (file, size):
            reader = segment.Reader(file, size, node.network_id, lambda e: epoch_key(node, e))
            for _ in reader.records():
                pass  # counted by the reader; one record at a time, never the whole file
        _, body = open_signed(node, reader.trailer or b"")
        good = (
            reader.damaged == 0
            and reader.count == opened.writer.records
            and body["hash"] == reader.body_hash
        )
    except (OSError, segment.SegmentUnreadable, Forged, KeyError, TypeError):
        good = False
    if not good:
        stick.remove_segment(opened.final)
        raise StickError(
            "The stick did not keep what was written to it. Try another stick; nothing was lost.",
            code="stick_write_failed",
        )


def _write_beacons(
    node: Node,
    stick: Stick,
    holding: Holding,
    on_stick: dict[bytes, beacon.Beacon],
    with_parts: set[str],
    ours: own_heads.Claim | None,
    last_here: int,
) -> int:
    """Our beacon, and the beacons we know of other feeds, each only where the stick's copy
    lacks something it says (beacon.lacks): a visit that brings nothing new rewrites nothing,
    so what a visit costs does not grow with the number of communes. Ours is written again
    too when our last word on this stick is a day old (beacon.REFRESH): the stick's copy of
    our beacon, or `last_here`, the last segment trailer we signed on it (a reader dates our
    visits by both: intake.preflight), so a day's visit that writes a segment needs no beacon for
    its date. Our own feed's head is
    judged as readers take it (own_heads): `ours`, the highest of our blocks that a trailer we
    signed on this stick lists, says it as well as a beacon, so a visit that only adds our own
    blocks leaves our beacon as it was."""
    # Only segments that hold document parts or proofs are listed as seen: a segment of blocks
    # alone is judged held by the heads (_holds), and each name costs 27 bytes a beacon.
    carry = {n for n, i in holding.segments.items() if i.chunks or i.evidence} | with_parts
    seen = {
        str(name) for (name,) in node.store.all("SELECT name FROM seen_segments") if name in carry
    }
    seen.update(with_parts)
    written = 0
    # During the upgrade (docs/spec/stick.md): our beacon is written while some holder's word
    # is still a beacon (a laptop of the previous release reads nothing else), and a feed's
    # beacon is copied only while its word is: the N² beacon bytes go as communes upgrade.
    heard = words.words(node)
    holders = beacon.holders(node)
    if all(h in heard.acks for h in holders):
        # Every holder speaks by acks: the beacons on the stick are read by no one any more.
        for feed in heard.acks.keys() & on_stick.keys():
            stick.remove_file(stick.beacon_path(node.network_id, feed))
        return written
    mine = on_stick.get(node.feed)
    heads = node.heads()
    keys = transport.newest(node.store, node.keyring, node.feed)[0]
    inc = incarnation.current(node.store)
    due = mine is None or time.time() >= max(mine.time, last_here) + beacon.REFRESH
    shown = None if mine is None else own_heads.shown(mine, ours)
    if due or beacon.lacks(shown, heads, keys, inc, seen):
        written += stick.write_beacon(node, node.feed, beacon.make(node, sorted(seen)))
    for known in beacon.known(node):
        copy = on_stick.get(known.feed)
        if (
            known.feed != node.feed
            and known.feed in heard.beacons
            and (copy is None or known.order > copy.order)
            and beacon.lacks(copy, known.heads, known.keys, known.incarnation, known.seen & carry)
        ):
            written += stick.write_beacon(node, known.feed, known.data)
    return written


def _read_beacons(node: Node, stick: Stick) -> dict[bytes, beacon.Beacon]:
    """The stick's beacons (the newest of each feed), remembered when newer than ours."""
    found: dict[bytes, beacon.Beacon] = {}
    for heard in read_stick_beacons(node, stick)[0]:
        beacon.remember(node, heard)
        if heard.feed not in found or heard.order > found[heard.feed].order:
            found[heard.feed] = heard
    return found


def read_stick_beacons(node: Node, stick: Stick) -> tuple[list[beacon.Beacon], int]:
    """The beacons on the stick that open and check, and how many were refused (damaged,
    forged, or impossible); those under a key this laptop lacks yet are neither."""
    blobs, refused = stick.beacon_blobs()
    out = []
    for blob in blobs:
        try:
            key = epoch_key(node, sealed.key_epoch(blob))
            if key is None:
                continue
            out.append(beacon.parse(node, sealed.open_(blob, key, b"beacon")))
        except (sealed.Unreadable, Forged):
            refused += 1  # the next visit of that commune rewrites it
    return out, refused


def _pruned_and_held(node: Node, stick: Stick) -> tuple[dict[bytes, int], frozenset[bytes]]:
    """Blocks, document parts and proofs not to write again: this stick carried them and
    pruned them, and every commune still says it holds them. Writing them back would make the
    next visit prune them again, forever. A fresh stick, or a commune restored since (its new
    beacon claims less, under another incarnation), gets them written: a beacon is a claim,
    and only what was carried and is still claimed is skipped."""
    everyone = held_by_all(node)
    pruned = stick.pruned(node)
    cut = {f: min(seq, everyone[f]) for f, seq in pruned.cut.items() if f in everyone}
    lives = _lives(node)
    return cut, (pruned.held(lives) if lives is not None else frozenset())


def _lives(node: Node) -> dict[bytes, int] | None:
    """Every holder's incarnation, as its word says (None: one is not heard yet)."""
    return words.lives(node)


def _prune(
    node: Node,
    stick: Stick,
    holding: Holding,
    on_stick: dict[bytes, beacon.Beacon],
    report: ExportReport,
    acks_here: Mapping[bytes, cuts.Ack],
) -> list[str]:
    """Deletes whole segments that every holder has said it holds; never edits one. A holder
    says it by its word (words.py): its ack, or its beacon until one of its life is known.
    `acks_here`: the stick's copies of the acks, as this visit found them."""
    communes = beacon.holders(node)
    heard = words.words(node)  # its own head not raised: no stick forgets on a trailer's word
    if not communes or any(heard.incarnation(c) is None for c in communes):
        return []
    by_beacon = [c for c in communes if c in heard.beacons]
    by_ack = [c for c in communes if c in heard.acks]
    together: dict[bytes, int] = {}
    if by_ack:
        everyone = cuts.held_by_all(by_ack, heard.acks, heard.cuts)
        if everyone is None:
            return []
        together = everyone
    # A feed's newest beacon may have been written to another stick and list that stick's
    # segments; what its copy on this stick said it had taken in whole still holds, unless the
    # laptop was restored since (another incarnation).
    seen = {
        c: heard.beacons[c].seen | _same_life(heard.beacons[c], on_stick.get(c)) for c in by_beacon
    }
    # Acks likewise: a feed's newest ack may list another stick's segments of proofs, and its
    # copy here of the same life says which of this stick's it took in whole.
    ack_seen = {
        c: heard.acks[c].seen | _same_life_ack(heard.acks[c], acks_here.get(c)) for c in by_ack
    }
    naming = _naming_blocks(node) if by_ack else {}
    # And this laptop itself, whatever its word on record says: restored from a backup, its
    # old life's word claims what it no longer holds until its new one is heard.
    mine = node.heads()
    have = (
        _parts_held(node)
        if any(i.chunks or i.evidence for i in holding.segments.values())
        else set()
    )

    def held(info: Any) -> bool:
        if not all(last <= mine.get(author, -1) for author, _, last in info.feeds):
            return False
        if not have.issuperset(info.chunks) or not have.issuperset(info.evidence):
            return False
        if not all(_holds(heard.beacons[c], seen[c], info) for c in by_beacon):
            return False
        if not by_ack:
            return True
        # Acks: blocks by the AND of the heads, a document part by the block naming it, a
        # proof by every holder's "seen".
        parts = [naming.get(p) for p in info.chunks]
        return (
            cuts.segment_held_by_all(info.feeds, together)
            and all(p is not None and p[1] <= together.get(p[0], -1) for p in parts)
            and (not info.evidence or all(info.name in ack_seen[c] for c in by_ack))
        )

    doomed = [
        path
        for path in stick.segment_paths()
        if path.name in holding.segments and held(holding.segments[path.name])
    ]
    if not doomed:
        return []
    # The mark first: a stick pulled in between has skipped nothing it still holds.
    pruned = stick.pruned(node)
    parts: set[bytes] = set()
    for path in doomed:
        info = holding.segments[path.name]
        for author, _, last in info.feeds:
            pruned.cut[author] = max(pruned.cut.get(author, -1), last)
        parts.update(info.chunks, info.evidence)
    lives = words.lives(node, heard)
    if lives is None:  # not reached: every holder's word was heard above
        return []
    pruned.add(lives, parts)
    report.bytes_written += stick.write_pruned(node, pruned)
    for path in doomed:
        stick.remove_segment(path)
    return [path.name for path in doomed]


def _parts_held(node: Node) -> set[bytes]:
    """The ids of the document parts and proofs this laptop holds."""
    held = {bytes(c) for (c,) in node.store.all("SELECT id FROM chunks")}
    for (second,) in node.store.all("SELECT second FROM evidence WHERE second IS NOT NULL"):
        held.add(object_id(bytes(second)))
    return held


def _naming_blocks(node: Node) -> dict[bytes, tuple[bytes, int]]:
    """Document part id -> (feed, seq) of the block naming it, as this laptop's ledger has it
    (a part no block here names is never pruned on an ack's word)."""
    out: dict[bytes, tuple[bytes, int]] = {}
    for author, seq, body in node.store.all("SELECT author, seq, body FROM documents"):
        try:
            record: Any = cbor.decode(bytes(body))
            for part in record.get("chunks", []):
                out.setdefault(bytes(part), (bytes(author), int(seq)))
        except (ValueError, TypeError, AttributeError):
            continue
    return out


def _retire_damaged(node: Node, stick: Stick, damaged: set[str]) -> list[str]:
    """Removes the damaged segments whose every block, document part and proof is now held
    by the stick's sound segments; the others stay, for a laptop that holds what they lack."""
    now = stick.holding(node)
    sound = Holding({n: i for n, i in now.segments.items() if n not in damaged})
    feeds = _merged(sound.ranges())
    chunks, evidence = sound.chunks(), sound.evidence()
    retired = []
    for name in sorted(damaged & now.segments.keys()):
        info = now.segments[name]
        covered = all(_within(feeds.get(a, []), first, last) for a, first, last in info.feeds)
        if covered and set(info.chunks) <= chunks and set(info.evidence) <= evidence:
            path = next(p for p in stick.segment_paths() if p.name == name)
            if stick.remove_segment(path):
                retired.append(name)
    forget_damaged(node, retired)
    return retired


def _merged(ranges: dict[bytes, list[tuple[int, int]]]) -> dict[bytes, list[tuple[int, int]]]:
    out: dict[bytes, list[tuple[int, int]]] = {}
    for author, spans in ranges.items():
        merged: list[tuple[int, int]] = []
        for first, last in sorted(spans):
            if merged and first <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], last))
            else:
                merged.append((first, last))
        out[author] = merged
    return out


def _within(spans: list[tuple[int, int]], first: int, last: int) -> bool:
    return any(a <= first and last <= b for a, b in spans)


def held_by_all(node: Node) -> dict[bytes, int]:
    """For each feed, the seq every holder has said it holds (empty until all have): by its
    word (words.py: its ack, or its beacon until then); a feed's own head as readers take it
    (own_heads), raised by the trailers it signed."""
    return words.held_by_all(node)


def _same_life(heard: beacon.Beacon, copy: beacon.Beacon | None) -> frozenset[str]:
    if copy is None or copy.incarnation != heard.incarnation:
        return frozenset()
    return copy.seen


def _same_life_ack(heard: cuts.Ack, copy: cuts.Ack | None) -> frozenset[str]:
    if copy is None or copy.inc != heard.inc:
        return frozenset()
    return copy.seen


def _holds(heard: beacon.Beacon, seen: frozenset[str], info: Any) -> bool:
    blocks = all(heard.heads.get(author, -1) >= last for author, _, last in info.feeds)
    return blocks and (not (info.chunks or info.evidence) or info.name in seen)


def _room(stick: Stick, budget: int | None, holders: int = 0) -> int:
    free = shutil.disk_usage(stick.root).free
    # A reserve, so the stick never fills up: beacons, acks, cuts and the index still fit.
    room = free - max(free // 10, BEACON_ROOM + ACK_ROOM * holders)
    return max(0, room if budget is None else min(room, budget))


def _our_object_count(node: Node) -> int:
    return int(
        node.store.value("SELECT (SELECT count(*) FROM blocks) + (SELECT count(*) FROM chunks)")
    )


def _write_failed(exc: OSError) -> StickError:
    return StickError(
        f"Writing to the stick failed ({exc.strerror or exc}). Check that it is still plugged "
        "in and not full, then sync again; nothing was lost.",
        code="stick_write_failed",
    )
