"""Taking in what a stick carries: look first, copy and verify, then apply.

Copying decrypts and checks every record and stages it inside the encrypted store, in batches,
so a pulled stick loses at most one batch and the stick may leave as soon as copying ends.
Applying then runs from the store alone, one block per savepoint and a group of blocks per
store commit (each reported applied only once committed), in the order the records came
(parents first): missing parents wait, bad blocks are quarantined with their reason,
contradictions are kept as evidence. Taking the same stick twice changes nothing.

A large import has its signatures checked ahead by worker processes on the other cores
(`app/core/ledger/preverify.py`), a page of staged blocks each, their answers taken in order;
the store is written by this process alone and the ledger's verdicts stay its own.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.core.errors import Rejected
from app.core.ledger import preverify
from app.core.ledger.objects import object_id, parse_block, parse_tx
from app.core.ledger.txtypes import TxType
from app.core.node import node as node_module
from app.core.node import registry
from app.core.node.node import Node
from app.core.progress import Listener, Phase, Progress, ignore
from app.sync import acks, beacon, laptop_invite, own_heads, segment, stickfiles
from app.sync.export import read_stick_beacons
from app.sync.keys import epoch_key
from app.sync.signed import Forged, feed_name, open_signed
from app.sync.stick import Stick, note_damaged

BATCH_RECORDS = 500
BATCH_BYTES = 2 * 1024 * 1024
APPLY_BATCH = 100
# Group commit (bench.apply_rate): one store commit for up to this many staged objects, or
# about this many bytes (~0.5 µs a byte to apply here, so ~130 ms of work at most); the same
# bounds as a restore's and the demo's (`Node.receive_all`), kept there.
GROUP_BLOCKS = node_module.GROUP_BLOCKS
GROUP_BYTES = node_module.GROUP_BYTES
# When workers check the signatures, applying costs about half as much: a group may be larger
# (a commit's own cost spread wider); the first one stays GROUP_BLOCKS, applied in place while
# the workers start, and a group ends before this process would wait for a worker.
CHECKED_GROUP_BLOCKS = 100
CHECKED_GROUP_BYTES = 5 * 512 * 1024
# Workers are sent slices of this many staged rows, SLICES_AHEAD per worker ahead of the one
# being applied: small enough that this process can check one itself rather than wait.
SLICE_ROWS = GROUP_BLOCKS
SLICES_AHEAD = 6
# Worker processes check the signatures of an import that has more than POOL_ROWS staged
# rows (a small import starts none); its first commit group is applied in place while they
# start, ~0.1 s (docs/performance.md, "Verification on the other cores").
POOL_ROWS = APPLY_BATCH
KINDS = {segment.BLOCK: "block", segment.CHUNK: "chunk"}
NEWS = registry.NEWS  # what an import's summary counts each type as

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    new: int = 0  # blocks applied and document parts added by this import
    known: int = 0  # items we already held
    quarantined: int = 0  # refused by the rules, kept with the reason
    pending: int = 0  # blocks waiting for parents that are on no stick yet
    damaged: int = 0  # records lost to the medium
    left_out: int = 0  # segments we cannot read: another network or a key we lack
    evidence: int = 0  # proofs of misbehaviour found
    beacons_refused: int = 0  # beacons that did not open or check: ignored
    # Of `damaged`: files left alone unread, not being segments Obambu writes (links, FIFOs,
    # devices, files larger than a segment, odd names).
    left_alone: int = 0
    # Signatures that worker processes checked ahead, on the other cores (none for a small
    # import): the ledger took each one only for the key it picked itself.
    checked_apart: int = 0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        if self.new == 0 and not (self.damaged or self.left_out or self.quarantined):
            return f"All {self.known} items already known." + self._evidence()
        parts = [f"{self.new} new items", f"{self.known} already known"]
        if self.pending:
            parts.append(f"{self.pending} waiting for earlier blocks")
        if self.quarantined:
            parts.append(f"{self.quarantined} refused")
        return ", ".join(parts) + "." + self._evidence()

    def _evidence(self) -> str:
        # Said, not only counted: a commune that signed two histories is news for every mayor.
        if not self.evidence:
            return ""
        proofs = "proof" if self.evidence == 1 else "proofs"
        return (
            f" {self.evidence} {proofs} of misbehaviour kept as evidence: a commune signed two "
            "versions of its history or a block against the rules; tell the other town "
            "halls."
        )


@dataclass
class Preflight:
    visited: list[tuple[str, int]]  # commune name, date of its last word here, newest first
    new: dict[str, int]  # blocks, posts, votes, attestations, documents, bytes
    missing: list[tuple[str, int]]  # commune, first seq we still lack after this stick
    unreadable: int  # segments of another network or under a key we lack
    damaged: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- looking ---------------------------------------------------------------------------------


def preflight(node: Node, folder: Path) -> Preflight:
    """What the stick would bring, without writing anything."""
    stick = Stick.at(folder)
    stick.check_network(node.network_id)
    # A commune's visit is dated by the newest of its ack, its beacon and the trailers it
    # signed here.
    last = stick.holding(node).last_signed()
    for heard in read_stick_beacons(node, stick)[0]:
        last[heard.feed] = max(last.get(heard.feed, 0), heard.time)
    for ack in acks.read_stick(node, stick).acks.values():
        last[ack.feed] = max(last.get(ack.feed, 0), ack.time)
    visited = sorted(((feed_name(node, f), t) for f, t in last.items()), key=lambda v: -v[1])
    news: Counter[str] = Counter()
    heads = node.heads()
    arriving: dict[bytes, set[int]] = {}
    looked = ImportReport()  # counts what could not be read, as an import would

    def count(record: segment.Record) -> None:
        if record.kind == segment.CHUNK:
            if not _have_chunk(node, object_id(record.data)):
                news["document_parts"] += 1
                news["bytes"] += len(record.data)
            return
        _count_block(node, record.data, heads, arriving, news)

    for path in _unseen(node, stick, looked):
        reader = _read(node, stick, path, count, looked)
        looked.damaged += reader.damaged if reader else 0
    missing = []
    for author, seqs in sorted(arriving.items()):
        expected = heads.get(author, -1) + 1
        if expected not in seqs:
            missing.append((feed_name(node, author), expected))
    return Preflight(visited, dict(news), missing, looked.left_out, looked.damaged)


def _count_block(
    node: Node,
    data: bytes,
    heads: dict[bytes, int],
    arriving: dict[bytes, set[int]],
    news: Counter[str],
) -> None:
    try:
        block = parse_block(data)
    except Rejected:
        news["malformed"] += 1
        return
    if block.seq <= heads.get(block.author, -1):
        return
    arriving.setdefault(block.author, set()).add(block.seq)
    news["blocks"] += 1
    news["bytes"] += len(data)
    for tx in block.txs:
        try:
            kind = NEWS.get(TxType(parse_tx(tx).type))
        except (Rejected, ValueError):
            continue
        if kind:
            news[kind] += 1


# --- copying ---------------------------------------------------------------------------------


def stage(node: Node, folder: Path, progress: Listener = ignore) -> ImportReport:
    """Copies and verifies every record we lack into the store. Afterwards the stick may go."""
    stick = Stick.at(folder)
    stick.check_network(node.network_id)
    laptop_invite.take_keys(node, folder)  # a further laptop: a new epoch's keys, if any
    beacons, refused = read_stick_beacons(node, stick)
    for heard in beacons:
        beacon.remember(node, heard)
    statements = acks.read_stick(node, stick)  # cuts and acks: counted with the beacons
    acks.remember(node, statements)
    refused += statements.refused
    report = ImportReport(beacons_refused=refused)
    if refused:
        report.problems.append(
            f"{refused} beacons on the stick were refused (damaged, forged, or claiming a "
            "restore that has not happened yet) and ignored; the rest was taken."
        )
    paths = _unseen(node, stick, report)
    report.known += _records_seen(node, [p.name for p in stick.segment_paths()])
    staged = {bytes(r[0]) for r in node.store.all("SELECT id FROM staged")}
    batch = _Batch(node)

    def take(record: segment.Record) -> None:
        oid = object_id(record.data)
        if oid in staged or have(node, record.kind, oid):
            report.known += 1
            return
        staged.add(oid)
        batch.add(oid, record.kind, record.data)

    found_damaged: list[str] = []
    found_whole: list[str] = []
    for done, path in enumerate(paths, 1):
        progress(Progress(Phase.READ, done, len(paths)))
        reader = _read(node, stick, path, take, report)
        if reader is None:
            batch.commit()
            continue
        own_heads.take_trailer(node, reader.trailer)  # its signer's own head, as a beacon's
        report.damaged += reader.damaged
        if reader.damaged:
            found_damaged.append(path.name)
        progress(Progress(Phase.VERIFY, done, len(paths)))
        whole = _complete(node, reader)
        # The segment's last records and its note as seen share one commit: seen, it is never
        # read again, so it must not be seen without them.
        batch.commit(path.name if whole else None, reader.count)
        if whole:
            found_whole.append(path.name)
    # The next export to this stick counts these segments as holding nothing: it writes
    # again what they held, and drops them once that is all on the stick elsewhere.
    note_damaged(node, found_damaged, found_whole)
    if report.damaged > report.left_alone:
        report.problems.append(
            f"{report.damaged - report.left_alone} damaged items were skipped; the rest was taken. "
            "Export to this stick now to write again what this laptop holds of them."
        )
    return report


def _records_seen(node: Node, names: list[str]) -> int:
    seen: dict[str, int] = {
        str(name): int(records)
        for name, records in node.store.all("SELECT name, records FROM seen_segments")
    }
    return sum(seen.get(name, 0) for name in names)


def _unseen(node: Node, stick: Stick, report: ImportReport) -> list[Path]:
    """The stick's segments not yet taken in whole; refused entries are counted in `report`."""
    seen = {str(r[0]) for r in node.store.all("SELECT name FROM seen_segments")}
    paths, refused = stick.listing()
    if refused:
        report.damaged += refused
        report.left_alone += refused
        report.problems.append(
            "1 file on the stick is not what Obambu writes there (a link, a special file, an "
            "odd name) and was left alone."
            if refused == 1
            else f"{refused} files on the stick are not what Obambu writes there (links, "
            "special files, odd names) and were left alone."
        )
    return [path for path in paths if path.name not in seen]


def _read(
    node: Node,
    stick: Stick,
    path: Path,
    each: Callable[[segment.Record], None],
    report: ImportReport,
) -> segment.Reader | None:
    """Reads one segment, handing every intact record to `each` as it comes; None when the
    segment cannot be read at all (the reason goes into `report`)."""
    try:
        with stick.open_segment(path) as (file, size):
            reader = segment.Reader(file, size, node.network_id, lambda e: epoch_key(node, e))
            for record in reader.records():
                each(record)
            return reader
    except segment.SegmentUnreadable as exc:
        _note_unreadable(report, exc.reason)
    except stickfiles.Refused:
        report.damaged += 1
        report.left_alone += 1
        report.problems.append(
            f"The file {path.name} is not a segment Obambu wrote (a link, a special file, or "
            "too large) and was left alone."
        )
    except OSError:
        report.damaged += 1
        report.problems.append(
            f"The file {path.name} cannot be read from the stick. Check the stick."
        )
    return None


def _note_unreadable(report: ImportReport, reason: str) -> None:
    if reason == "damaged":
        report.damaged += 1
        report.problems.append("A segment with a damaged header was skipped.")
        return
    report.left_out += 1
    report.problems.append(
        "A segment of another network was left on the stick."
        if reason == "foreign"
        else "A segment under a transport key this laptop lacks was left on the stick; "
        "it will open once this commune receives that key."
    )


def _complete(node: Node, reader: segment.Reader) -> bool:
    if reader.trailer is None or reader.damaged:
        return False
    try:
        _, body = open_signed(node, reader.trailer)
    except Forged:
        return False
    return bool(body.get("hash") == reader.body_hash and body.get("records") == reader.count)


class _Batch:
    """Records copied from the stick, staged in the store a batch per commit: a pulled stick
    loses at most one batch. The store is held only for the inserts, never while reading."""

    def __init__(self, node: Node) -> None:
        self.node = node
        self.rows: list[tuple[bytes, int, bytes]] = []
        self.size = 0

    def add(self, oid: bytes, kind: int, data: bytes) -> None:
        self.rows.append((oid, kind, data))
        self.size += len(data)
        if len(self.rows) >= BATCH_RECORDS or self.size >= BATCH_BYTES:
            self.commit()

    def commit(self, seen: str | None = None, records: int = 0) -> None:
        """Stages the batch; with `seen`, notes that segment as taken in whole (of `records`)."""
        if not self.rows and seen is None:
            return
        with self.node.store.transaction():
            _stage_batch(self.node, self.rows)
            if seen is not None:
                self.node.store.run(
                    "INSERT OR REPLACE INTO seen_segments (name, records, at) VALUES (?, ?, ?)",
                    (seen, records, time.time()),
                )
        self.rows = []
        self.size = 0


def _stage_batch(node: Node, batch: list[tuple[bytes, int, bytes]]) -> None:
    """Inserts staged rows, inside the caller's transaction."""
    if batch:
        node.store.conn.executemany("INSERT INTO staged (id, kind, data) VALUES (?, ?, ?)", batch)


# --- applying --------------------------------------------------------------------------------


def apply_staged(node: Node, report: ImportReport, progress: Listener = ignore) -> ImportReport:
    """Applies every staged object, from the store alone, a group of blocks per commit."""
    blocks_before = _count(node, "blocks")
    evidence_before = _count(node, "evidence")
    total = _count(node, "staged")
    done = 0
    chunks_new = 0
    with _checking(node, total, report) as checks:
        staged = _Staged(node, checks)
        checked = checks is not None
        try:
            row = staged.next()  # outside any group: it may wait for a worker's answers
            while row is not None:
                group: list[Any] = []
                outcomes: Counter[str] = Counter()
                with node.ledger.group():
                    while row is not None:
                        _, kind, data = row
                        group.append(row)
                        if kind == segment.CHUNK:
                            outcomes["chunk"] += not _have_chunk(node, object_id(bytes(data)))
                            node.add_chunk(bytes(data))
                        else:
                            outcomes[node.receive(bytes(data)).status] += 1
                        # The store's lock is held for the whole group: it ends for a screen
                        # that asks, and before waiting for a worker (the wait is outside it).
                        if group_ends(group, checked) or node.store.wanted() or not staged.ready():
                            break
                        row = staged.next()
                    # Unstaged in the same commit: a crash leaves the group both unapplied and
                    # staged, to be applied again from the store on the next import.
                    node.store.run("DELETE FROM staged WHERE n <= ?", (group[-1][0],))
                # Counted only now that the group's commit is on the disk.
                chunks_new += outcomes["chunk"]
                report.quarantined += outcomes["rejected"]
                report.known += outcomes["known"]
                done += len(group)
                progress(Progress(Phase.APPLY, done, total))
                if node.store.wanted():
                    time.sleep(0)  # lets the waiting thread take the store before the next group
                row = staged.next()
        finally:
            node.ledger.presigned.clear()
    report.new += _count(node, "blocks") - blocks_before + chunks_new
    report.evidence += _count(node, "evidence") - evidence_before
    report.pending = _count(node, "waiting")
    return report


def workers() -> int:
    """How many worker processes check signatures: the cores less the one that applies."""
    return max(1, (os.cpu_count() or 1) - 1)


class _Slice:
    """Staged rows (n, kind, data) whose signatures are checked together: by a worker (`future`)
    or, when this process would otherwise wait for one, here (`answers`), or not at all."""

    def __init__(self, rows: list[Any], future: Future[list[bytes]] | None) -> None:
        self.rows = rows
        self.future = future
        self.answers: list[bytes] | None = None

    def blocks(self) -> list[bytes]:
        return [bytes(data) for _, kind, data in self.rows if kind == segment.BLOCK]


class _Checks:
    """Signature checks of staged slices in worker processes; their answers taken in order."""

    def __init__(
        self,
        node: Node,
        pool: ProcessPoolExecutor,
        report: ImportReport,
        keys: dict[bytes, bytes],
        since: dict[str, int],
    ) -> None:
        self.node = node
        self.pool = pool
        self.report = report
        # The workers' snapshot and every key gained since, for this process's own checks:
        # merged once per key gained, not per slice; a copy, as a worker spawned later is
        # given the snapshot itself.
        self.known = dict(keys)
        self.broken = False
        self.answered = False  # a worker has answered: they run (a broken pool never does)
        self.since = since  # the last row of `keys` and of `rekeys` in the workers' snapshot
        self.gained: dict[bytes, bytes] = {}

    def submit(self, page: _Slice) -> Future[list[bytes]] | None:
        blocks = page.blocks()
        if self.broken or not blocks:
            return None
        try:
            return self.pool.submit(preverify.check_blocks, blocks, self._gained())
        except (RuntimeError, OSError):  # no worker (broken, or none could start): in place
            self.broken = True
            return None

    def _gained(self) -> dict[bytes, bytes]:
        """Every key the store took since the snapshot: a feed's first blocks name its members'
        keys, and without them a worker could vouch for none of their transactions. All of
        them with each page, since any worker may take it (a few keys a new member)."""
        for table in ("keys", "rekeys"):
            for row, kid, pk in self.node.store.all(
                f"SELECT rowid, kid, pk FROM {table} WHERE rowid > ? ORDER BY rowid",
                (self.since[table],),
            ):
                self.gained[bytes(kid)] = self.known[bytes(kid)] = bytes(pk)
                self.since[table] = int(row)
        return self.gained

    def take(self, page: _Slice, ahead: deque[_Slice]) -> None:
        """Gives the ledger a slice's verified signatures. While the worker is still at it,
        this process checks the newest slice no worker has started instead of waiting: the
        same pure function (`preverify.check`) on the workers' snapshot and the keys gained
        since, which the workers are sent too, so the same answers."""
        future = page.future
        while future is not None and self.answered and not self.broken and not future.done():
            spare = next((s for s in reversed(ahead) if s.future and s.future.cancel()), None)
            if spare is None:
                break  # every slice ahead is with a worker already: wait for this one
            spare.future = None
            self._gained()  # brings `known` up to date
            spare.answers = preverify.check(spare.blocks(), self.known, self.node.network_id)
        answers = page.answers or []
        if future is not None:
            try:
                answers = future.result()  # waits for the worker if it is behind
            except Exception:  # whatever failed in a worker, the ledger checks in place instead
                log.warning("signature workers failed; checking in place", exc_info=True)
                self.broken = True
                return
            self.answered = True
        for joined in answers:
            self.node.ledger.presigned.update(preverify.pairs(joined))
            self.report.checked_apart += len(joined) // preverify.PAIR_BYTES


@contextmanager
def _checking(node: Node, staged: int, report: ImportReport) -> Iterator[_Checks | None]:
    """A pool of signature workers for this import, or None when it fits in one page."""
    if staged <= POOL_ROWS:
        yield None
        return
    # A snapshot of every key, as the import starts; keys that change during it are the
    # ledger's to find (it takes a worker's word only for the key it picks itself).
    keys = {
        bytes(kid): bytes(pk)
        for kid, pk in node.store.all(
            "SELECT kid, pk FROM keys UNION ALL SELECT kid, pk FROM rekeys"
        )
    }
    since = {
        table: int(node.store.value(f"SELECT coalesce(max(rowid), 0) FROM {table}"))
        for table in ("keys", "rekeys")
    }
    pool = ProcessPoolExecutor(
        workers(),
        # Spawned, never forked: nothing of this process (the store, Qt's threads) is copied.
        mp_context=multiprocessing.get_context("spawn"),
        initializer=preverify.start,
        initargs=(keys, node.network_id),
    )
    with preverify.spawning():
        for _ in range(workers()):
            pool.submit(int)  # a pool spawns its workers at its first jobs: they start now
    try:
        yield _Checks(node, pool, report, keys, since)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _Staged:
    """Staged rows one at a time, in order, read a page at a time. With workers, the slices
    after the first are sent ahead to be checked, and a slice's rows are given only once its
    checks are in the ledger (the slice before it applied: its pairs are dropped then)."""

    def __init__(self, node: Node, checks: _Checks | None) -> None:
        self.node = node
        self.checks = checks
        self.ahead: deque[_Slice] = deque()
        self.rows: deque[Any] = deque()  # the current slice's rows not yet given
        self.last = -1
        self.first = True
        self.given = 0  # slices given so far
        self.read_all = False
        # In place, one page being applied; with workers, SLICES_AHEAD slices per worker sent
        # ahead, so that one is still unstarted when this process would wait (`_Checks.take`).
        self.depth = 1 if checks is None else 1 + SLICES_AHEAD * workers()

    def _fill(self) -> None:
        checks = self.checks
        # Nothing is sent ahead before the first slice is applied: the keys it reveals (a
        # feed's first blocks name its members) go to the workers with the next ones.
        depth = self.depth
        if checks is not None and not (self.given > 1 or (self.given == 1 and not self.rows)):
            depth = 0 if self.given else 1  # the first slice alone until it is applied
        while len(self.ahead) < depth and not self.read_all:
            size = APPLY_BATCH if checks is None else SLICE_ROWS
            rows = self.node.store.all(
                "SELECT n, kind, data FROM staged WHERE n > ? ORDER BY n LIMIT ?", (self.last, size)
            )
            if not rows:
                self.read_all = True
                return
            self.last = rows[-1][0]
            page = _Slice(rows, None)
            # The first slice is applied in place while the workers start.
            if checks is not None and not self.first:
                page.future = checks.submit(page)
            self.first = False
            self.ahead.append(page)

    def ready(self) -> bool:
        """Whether the next row comes without waiting for a worker."""
        if self.rows:
            return True
        self._fill()
        if not self.ahead:
            return True  # nothing left: `next` says so at once
        future = self.ahead[0].future
        return future is None or future.done()

    def next(self) -> Any | None:
        """The next staged row (n, kind, data), or None when every one was given."""
        if not self.rows:
            self.node.ledger.presigned.clear()  # the slice before is applied: its pairs go
            self._fill()
            if not self.ahead:
                return None
            page = self.ahead.popleft()
            self.given += 1
            if self.checks is not None:
                self.checks.take(page, self.ahead)
            self.rows.extend(page.rows)
            self._fill()  # the next slice goes to a worker now
        return self.rows.popleft()


def group_ends(group: list[Any], checked: bool = False) -> bool:
    """Whether a commit group of staged rows (n, kind, data) is full: at most GROUP_BLOCKS
    objects and about GROUP_BYTES, or CHECKED_GROUP_BLOCKS and CHECKED_GROUP_BYTES when workers
    check the signatures (`checked`). The store's lock is held for a whole group, so the group
    also ends early when a screen asks the store something (`Store.wanted`)."""
    most, size = (
        (CHECKED_GROUP_BLOCKS, CHECKED_GROUP_BYTES) if checked else (GROUP_BLOCKS, GROUP_BYTES)
    )
    return len(group) >= most or sum(len(row[2]) for row in group) >= size


def commit_groups(rows: list[Any], checked: bool = False) -> Iterator[list[Any]]:
    """Rows cut into commit groups as `apply_staged` cuts them when no screen asks."""
    group: list[Any] = []
    for row in rows:
        group.append(row)
        if group_ends(group, checked):
            yield group
            group = []
    if group:
        yield group


def import_(node: Node, folder: Path, progress: Listener = ignore) -> ImportReport:
    report = stage(node, folder, progress)
    return apply_staged(node, report, progress)


def have(node: Node, kind: int, oid: bytes) -> bool:
    """Whether this store already holds the block or document part `oid`."""
    return _have_chunk(node, oid) if kind == segment.CHUNK else _have_block(node, oid)


def _have_block(node: Node, oid: bytes) -> bool:
    return node.store.one("SELECT 1 FROM blocks WHERE id = ?", (oid,)) is not None


def _have_chunk(node: Node, oid: bytes) -> bool:
    return node.store.one("SELECT 1 FROM chunks WHERE id = ?", (oid,)) is not None


def _count(node: Node, table: str) -> int:
    return int(node.store.value(f"SELECT count(*) FROM {table}"))
