"""Taking in what a stick carries: look first, copy and verify, then apply.

Copying decrypts and checks every record and stages it inside the encrypted store, in batches,
so a pulled stick loses at most one batch and the stick may leave as soon as copying ends.
Applying then runs from the store alone, one block per store transaction, in the order the
records came (parents first): missing parents wait, bad blocks are quarantined with their
reason, contradictions are kept as evidence. Taking the same stick twice changes nothing.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.core.errors import Rejected
from app.core.ledger.node import Node
from app.core.ledger.objects import object_id, parse_block, parse_tx
from app.core.ledger.txtypes import TxType
from app.sync import beacon, segment
from app.sync.export import read_stick_beacons
from app.sync.keys import epoch_key
from app.sync.progress import Listener, Phase, Progress, ignore
from app.sync.signed import Forged, open_signed
from app.sync.stick import Stick

BATCH_RECORDS = 500
BATCH_BYTES = 2 * 1024 * 1024
APPLY_BATCH = 100
KINDS = {segment.BLOCK: "block", segment.CHUNK: "chunk"}
NEWS = {
    TxType.FORUM_THREAD: "posts",
    TxType.FORUM_POST: "posts",
    TxType.VOTE_OPEN: "votes",
    TxType.BALLOT: "votes",
    TxType.VOTE_CLOSE: "votes",
    TxType.ATTEST: "attestations",
    TxType.ATTEST_REVOKE: "attestations",
    TxType.DOC_PUBLISH: "documents",
}


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
        return (f" {self.evidence} {proofs} of misbehaviour kept as evidence: a commune signed two "
                "versions of its history or a block against the rules; tell the other town "
                "halls.")  # fmt: skip


@dataclass
class Preflight:
    visited: list[tuple[str, int]]  # commune name, date of its beacon, newest first
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
    heard = sorted(read_stick_beacons(node, stick)[0], key=lambda b: -b.time)
    visited = [(_name(node, b.commune), b.time) for b in heard]
    news: Counter[str] = Counter()
    heads = node.heads()
    arriving: dict[bytes, set[int]] = {}
    unreadable = damaged = 0
    for _path, scan in _scans(node, stick, skip_seen=True):
        if scan is None:
            unreadable += 1
            continue
        damaged += scan.damaged
        for record in scan.records:
            if record.kind == segment.CHUNK:
                if not _have_chunk(node, object_id(record.data)):
                    news["document_parts"] += 1
                    news["bytes"] += len(record.data)
                continue
            _count_block(node, record.data, heads, arriving, news)
    missing = []
    for author, seqs in sorted(arriving.items()):
        expected = heads.get(author, -1) + 1
        if expected not in seqs:
            missing.append((_name(node, author), expected))
    return Preflight(visited, dict(news), missing, unreadable, damaged)


def _count_block(
    node: Node, data: bytes, heads: dict[bytes, int], arriving: dict[bytes, set[int]],
    news: Counter[str],
) -> None:  # fmt: skip
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
    beacons, refused = read_stick_beacons(node, stick)
    for heard in beacons:
        beacon.remember(node, heard)
    report = ImportReport(beacons_refused=refused)
    if refused:
        report.problems.append(
            f"{refused} beacons on the stick were refused (damaged, forged, or claiming a "
            "restore that has not happened yet) and ignored; the rest was taken."
        )
    paths = stick.segment_paths()
    report.known += _records_seen(node, [p.name for p in paths])
    staged = {bytes(r[0]) for r in node.store.all("SELECT id FROM staged")}
    done = 0
    for path, scan in _scans(node, stick, skip_seen=True, report=report):
        done += 1
        progress(Progress(Phase.READ, done, len(paths)))
        if scan is None:
            continue
        batch: list[tuple[bytes, int, bytes]] = []
        for record in scan.records:
            oid = object_id(record.data)
            if oid in staged or have(node, record.kind, oid):
                report.known += 1
                continue
            staged.add(oid)
            batch.append((oid, record.kind, record.data))
            if len(batch) >= BATCH_RECORDS or sum(len(b[2]) for b in batch) >= BATCH_BYTES:
                _stage_batch(node, batch)
                batch = []
        _stage_batch(node, batch)
        report.damaged += scan.damaged
        progress(Progress(Phase.VERIFY, done, len(paths)))
        if _complete(node, scan):
            with node.store.transaction():
                node.store.run(
                    "INSERT OR REPLACE INTO seen_segments (name, records, at) VALUES (?, ?, ?)",
                    (path.name, len(scan.records), time.time()),
                )
    if report.damaged:
        report.problems.append(
            f"{report.damaged} damaged items were skipped; the rest was taken. "
            "The next stick from those communes will bring them again."
        )
    return report


def _records_seen(node: Node, names: list[str]) -> int:
    seen: dict[str, int] = {
        str(name): int(records)
        for name, records in node.store.all("SELECT name, records FROM seen_segments")
    }
    return sum(seen.get(name, 0) for name in names)


def _scans(node: Node, stick: Stick, *, skip_seen: bool, report: ImportReport | None = None) -> Any:
    seen = {str(r[0]) for r in node.store.all("SELECT name FROM seen_segments")}
    for path in stick.segment_paths():
        if skip_seen and path.name in seen:
            continue
        try:
            data = path.read_bytes()
            yield path, segment.scan(data, node.network_id, lambda e: epoch_key(node, e))
        except segment.SegmentUnreadable as exc:
            if report is not None:
                _note_unreadable(report, exc.reason)
            yield path, None
        except OSError:
            if report is not None:
                report.damaged += 1
                report.problems.append(
                    f"The file {path.name} cannot be read from the stick. Check the stick."
                )
            yield path, None


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


def _complete(node: Node, scan: segment.Scan) -> bool:
    if scan.trailer is None or scan.damaged:
        return False
    try:
        _, body = open_signed(node, scan.trailer)
    except Forged:
        return False
    return bool(body.get("hash") == scan.body_hash and body.get("records") == len(scan.records))


def _stage_batch(node: Node, batch: list[tuple[bytes, int, bytes]]) -> None:
    if not batch:
        return
    with node.store.transaction():
        node.store.conn.executemany("INSERT INTO staged (id, kind, data) VALUES (?, ?, ?)", batch)


# --- applying --------------------------------------------------------------------------------


def apply_staged(node: Node, report: ImportReport, progress: Listener = ignore) -> ImportReport:
    """Applies every staged object, from the store alone, one block per transaction."""
    blocks_before = _count(node, "blocks")
    evidence_before = _count(node, "evidence")
    total = _count(node, "staged")
    done = 0
    chunks_new = 0
    while rows := node.store.all(
        "SELECT n, kind, data FROM staged ORDER BY n LIMIT ?", (APPLY_BATCH,)
    ):
        for _, kind, data in rows:
            if kind == segment.CHUNK:
                chunks_new += not _have_chunk(node, object_id(bytes(data)))
                node.add_chunk(bytes(data))
            else:
                outcome = node.receive(bytes(data))
                report.quarantined += outcome.status == "rejected"
                report.known += outcome.status == "known"
            done += 1
        with node.store.transaction():
            node.store.run("DELETE FROM staged WHERE n <= ?", (rows[-1][0],))
        progress(Progress(Phase.APPLY, done, total))
    report.new += _count(node, "blocks") - blocks_before + chunks_new
    report.evidence += _count(node, "evidence") - evidence_before
    report.pending = _count(node, "waiting")
    return report


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


def _name(node: Node, commune: bytes) -> str:
    name = node.store.value("SELECT name FROM actors WHERE id = ?", (commune,))
    return str(name) if name else commune.hex()
