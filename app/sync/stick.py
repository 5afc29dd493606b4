"""The OBAMBU/ folder on a USB stick: a peer that holds what the communes on its route had.

    OBAMBU/
      NETWORK                  which network (a tag, not the id) and the format version
      LISEZMOI-README.txt      what this folder is, for whoever finds the stick
      seg/YYYYMM/<time>-<random>.obs   immutable segments (see segment.py)
      bcn/<name>.obb           the newest signed beacon of each commune, encrypted
      cut/<name>.obc           at most two signed cuts, by name, encrypted
      ack/<name>.oba           the newest signed acknowledgement of each feed, encrypted
      index.obi                a cache of the segments' signed trailers; rebuilt when stale
      pruned.obp               up to where each feed's blocks were on this stick and pruned

Names are short ASCII with no characters FAT refuses, no file nears 4 GiB (segments stop at
64 MiB) and month folders keep each folder to a few hundred files.

Whatever is on a stick came from outside: every file here is read and written through
stickfiles.py (regular files only, sizes checked first, no link followed, nothing written
outside the stick), and segments are read as a stream (segment.Reader).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from app.core.encoding import cbor
from app.core.errors import ObambuError
from app.core.node.node import Node
from app.sync import sealed, segment, stickfiles
from app.sync.beacon import bounded, sized_id, writing_key
from app.sync.keys import epoch_key
from app.sync.signed import Forged, open_signed

ROOT = "OBAMBU"
FORMAT = 1
SEGMENT_LIMIT = 64 * 1024 * 1024
# Nothing Obambu writes is larger than these; a file that is, is refused unread.
LARGEST_SEGMENT = SEGMENT_LIMIT + segment.FRAME_BYTES + segment.MAX_RECORD + segment.FOOTER_BYTES
INDEX_LIMIT = 32 * 1024 * 1024  # index.obi: a few kilobytes of trailer per segment
SEALED_LIMIT = 4 * 1024 * 1024  # a beacon, pruned.obp
SMALL_FILE = 4096  # NETWORK
# Ids of pruned document parts and proofs pruned.obp keeps (34 B each): well under SEALED_LIMIT,
# past which a reader would drop the whole file and write everything again.
PRUNED_PARTS = 50_000
SEGMENT_NAME = re.compile(r"[0-9A-Za-z_-]{1,64}\.obs")
INDEX_SLACK = 8  # segments missing from the index before it is rewritten (and see index_stale)
NOTE = """\
OBAMBU — dossier de synchronisation / synchronisation folder

FR  Ce dossier transporte les registres chiffrés des communes du réseau Obambu.
    Ne modifiez ni ne supprimez aucun fichier : branchez la clé sur l'ordinateur
    d'une mairie du réseau et lancez « Synchroniser ». Les fichiers sont chiffrés :
    une clé perdue ne révèle que leur taille. Si vous avez trouvé cette clé,
    rapportez-la à la mairie la plus proche.

EN  This folder carries the encrypted ledgers of the communes of an Obambu network.
    Do not change or delete any file: plug the stick into a town-hall laptop of the
    network and choose "Sync". The files are encrypted: a lost stick reveals only
    their sizes. If you found this stick, please take it to the nearest town hall.
"""


class StickError(ObambuError):
    code = "stick"


@dataclass(frozen=True)
class SegmentInfo:
    """A segment's signed directory: who wrote it, when, and what it holds."""

    name: str
    size: int
    creator: bytes
    time: int
    records: int
    feeds: list[tuple[bytes, int, int]]  # author, first seq, last seq
    chunks: list[bytes]
    evidence: list[bytes]
    trailer: bytes


@dataclass
class Holding:
    """Everything the stick holds, as its segments' directories say."""

    segments: dict[str, SegmentInfo] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)  # name: reason
    incomplete: list[str] = field(default_factory=list)  # no trailer: contents unknown
    refused: int = 0  # links, special files and odd names where segments go: never read

    def last_signed(self) -> dict[bytes, int]:
        """Feed -> when it last signed a segment's trailer here: its word that it came by, which
        dates its visits as well as its beacon does (intake.preflight, export's refresh)."""
        out: dict[bytes, int] = {}
        for info in self.segments.values():
            out[info.creator] = max(out.get(info.creator, 0), info.time)
        return out

    def ranges(self) -> dict[bytes, list[tuple[int, int]]]:
        out: dict[bytes, list[tuple[int, int]]] = {}
        for info in self.segments.values():
            for author, first, last in info.feeds:
                out.setdefault(author, []).append((first, last))
        return out

    def chunks(self) -> set[bytes]:
        return {cid for info in self.segments.values() for cid in info.chunks}

    def evidence(self) -> set[bytes]:
        return {oid for info in self.segments.values() for oid in info.evidence}

    def has_block(
        self, author: bytes, seq: int, ranges: dict[bytes, list[tuple[int, int]]]
    ) -> bool:
        return any(first <= seq <= last for first, last in ranges.get(author, ()))


class Stick:
    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def at(cls, path: Path, *, create: bool = False) -> Stick:
        """The OBAMBU folder at `path`, which may be the stick itself or the folder."""
        path = Path(path)
        root = path if path.name == ROOT else path / ROOT
        if not stickfiles.exists(root):
            if not create:
                raise StickError(
                    f"There is no {ROOT} folder on {path}. Check that you chose the stick.",
                    code="no_stick_folder",
                )
            if not path.is_dir():
                raise StickError(
                    f"{path} is not a folder. Choose the stick's folder.", code="no_stick_folder"
                )
            root.mkdir()
        stickfiles.check_folder(root, root)  # a link in its place is followed nowhere
        return cls(root)

    # --- the network ------------------------------------------------------------------------

    def claim(self, network_id: bytes) -> None:
        """Marks a new stick as ours, or refuses one that belongs to another network."""
        if stickfiles.exists(self.root / "NETWORK"):
            self.check_network(network_id)
            return
        record = cbor.encode(network_record(network_id))
        stickfiles.write(self.root, self.root / "NETWORK", record)
        if not stickfiles.exists(self.root / "LISEZMOI-README.txt"):
            stickfiles.write(self.root, self.root / "LISEZMOI-README.txt", NOTE.encode("utf-8"))

    def check_network(self, network_id: bytes) -> None:
        try:
            record: Any = cbor.decode(stickfiles.read(self.root / "NETWORK", SMALL_FILE))
            tag, version = record["tag"], record["format"]
        except FileNotFoundError:
            return  # an empty folder: nothing on it can be from elsewhere
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StickError(
                "The stick's NETWORK file is damaged. Copy the OBAMBU folder aside and "
                "start it again from this laptop.",
                code="stick_damaged",
            ) from exc
        if tag != sealed.network_tag(network_id):
            raise StickError(
                "This stick belongs to another network. Use a stick of your own network.",
                code="foreign_stick",
            )
        if version != FORMAT:
            raise StickError(
                "This stick was written by a newer Obambu. Update this laptop, then sync again.",
                code="stick_too_new",
            )

    # --- segments ---------------------------------------------------------------------------

    def segment_paths(self) -> list[Path]:
        """Every finished segment, oldest first. Interrupted writes (.part) are not listed."""
        return self.listing()[0]

    def listing(self) -> tuple[list[Path], int]:
        """The finished segments, oldest first, and how many entries were refused: links,
        FIFOs or devices where a month folder or a segment goes, and segments under names
        Obambu never writes (a non-ASCII name could not even be stored or printed)."""
        found, refused = [], 0
        if stickfiles.kind_at(self.root / "seg") not in (None, "folder"):
            refused += 1  # not entered: a link there may lead anywhere
        for month in stickfiles.entries(self.root / "seg"):
            if month.kind != "folder":
                refused += month.kind == "other"
                continue
            for entry in stickfiles.entries(month.path):
                name = entry.path.name
                if not name.endswith(".obs") or name.startswith("._"):
                    continue  # .part leftovers, and the "._" shadows macOS leaves on FAT sticks
                if entry.kind != "file" or not SEGMENT_NAME.fullmatch(name):
                    refused += 1
                    continue
                found.append(entry.path)
        return sorted(found, key=lambda p: p.name), refused

    @contextlib.contextmanager
    def open_segment(self, path: Path) -> Iterator[tuple[BinaryIO, int]]:
        """A segment file and its size; refused (stickfiles.Refused, an OSError) when it is not
        a regular file or is larger than any segment Obambu writes."""
        with stickfiles.opened(path, LARGEST_SEGMENT) as opened:
            yield opened

    def new_segment_path(self) -> Path:
        now = time.time()
        name = f"{int(now * 1000):012x}-{os.urandom(4).hex()}.obs"
        return stickfiles.folder(self.root, "seg", _month(now)) / name

    def check_folders(self) -> None:
        """Refuses, before anything is written, a stick where a folder Obambu writes in is a
        link or a file: a sentence then, rather than half an export."""
        for names in (("seg",), ("seg", _month(time.time())), ("bcn",), ("cut",), ("ack",)):
            path = self.root.joinpath(*names)
            if stickfiles.exists(path):
                stickfiles.check_folder(self.root, path)

    def clear_leftovers(self) -> int:
        """Deletes .part files of writes cut short by a pulled stick; they were never counted."""
        count = 0
        for month in stickfiles.entries(self.root / "seg"):
            for entry in stickfiles.entries(month.path) if month.kind == "folder" else []:
                if entry.kind == "file" and entry.path.name.endswith(".part"):
                    count += stickfiles.remove(self.root, entry.path)
        return count

    def remove_segment(self, path: Path) -> bool:
        return stickfiles.remove(self.root, path)

    def holding(self, node: Node) -> Holding:
        """What the stick holds, from the index and the trailers of segments it misses."""
        cached = self._read_index(node)
        result = Holding()
        paths, result.refused = self.listing()

        def key_for(epoch: int) -> bytes | None:
            return epoch_key(node, epoch)

        for path in paths:
            name = path.name
            try:
                with self.open_segment(path) as (file, size):
                    size_then, trailer = cached.get(name, (-1, b""))
                    if size_then != size:
                        trailer = segment.trailer_in(file, size, node.network_id, key_for)
                result.segments[name] = _directory(node, name, size, trailer)
            except segment.SegmentUnreadable as exc:
                if exc.reason == "damaged":
                    result.incomplete.append(name)
                else:
                    result.unreadable[name] = exc.reason
            except stickfiles.Refused as exc:
                result.unreadable[name] = exc.why
            except (Forged, OSError):
                result.incomplete.append(name)
        missing = len(result.segments) - len(cached.keys() & result.segments.keys())
        if index_stale(missing, len(result.segments)):
            self.write_index(node, result)
        return result

    def write_index(self, node: Node, holding: Holding) -> None:
        entries = [(name, i.size, i.trailer) for name, i in sorted(holding.segments.items())]
        epoch, key = writing_key(node)
        blob = sealed.seal(cbor.encode(index_record(entries)), key, epoch, b"index")
        if len(blob) <= INDEX_LIMIT:  # larger, it would never be read: trailers are read instead
            stickfiles.write(self.root, self.root / "index.obi", blob)

    def _read_index(self, node: Node) -> dict[str, tuple[int, bytes]]:
        try:
            blob = stickfiles.read(self.root / "index.obi", INDEX_LIMIT)
            key = epoch_key(node, sealed.key_epoch(blob))
            if key is None:
                return {}
            record: Any = cbor.decode(sealed.open_(blob, key, b"index"))
            return {str(name): (int(size), bytes(t)) for name, size, t in record["segments"]}
        except (OSError, sealed.Unreadable, ValueError, KeyError, TypeError, IndexError):
            return {}  # a cache: a damaged one is simply rebuilt

    # --- what was pruned ---------------------------------------------------------------------

    def pruned(self, node: Node) -> Pruned:
        """What this stick carried and pruned: blocks up to a seq per feed, document parts and
        proofs by id."""
        try:
            blob = stickfiles.read(self.root / "pruned.obp", SEALED_LIMIT)
            key = epoch_key(node, sealed.key_epoch(blob))
            if key is None:
                return Pruned()
            record: Any = cbor.decode(sealed.open_(blob, key, b"pruned"))
            cut = {sized_id(a, 8): bounded(seq) for a, seq in record["cut"]}
            parts = [
                (
                    {sized_id(f, 8): bounded(inc) for f, inc in lives},
                    frozenset(sized_id(i, 32) for i in ids),
                )
                for lives, ids in record.get("parts", [])
            ]
            return Pruned(cut, parts)
        except (OSError, sealed.Unreadable, ValueError, KeyError, TypeError):
            return Pruned()  # unknown: the next export writes everything again, which is safe

    def write_pruned(self, node: Node, pruned: Pruned) -> int:
        epoch, key = writing_key(node)
        record = cbor.encode(pruned_record(pruned.cut, pruned.parts))
        blob = sealed.seal(record, key, epoch, b"pruned")
        stickfiles.write(self.root, self.root / "pruned.obp", blob)
        return len(blob)

    # --- beacons ----------------------------------------------------------------------------

    def beacon_path(self, network_id: bytes, commune: bytes) -> Path:
        name = hashlib.sha256(sealed.network_tag(network_id) + commune).hexdigest()[:16]
        return self.root / "bcn" / f"{name}.obb"

    def beacon_blobs(self) -> tuple[list[bytes], int]:
        """The beacon files' bytes, and how many were refused unread (links, FIFOs, devices,
        files too large to be a beacon; `bcn/` itself a link, not entered, counts as one), as
        the cut and ack folders'."""
        found, refused = self._statements("bcn", ".obb", SEALED_LIMIT)
        return [blob for _, blob in found], refused

    def write_beacon(self, node: Node, commune: bytes, signed_beacon: bytes) -> int:
        epoch, key = writing_key(node)
        blob = sealed.seal(signed_beacon, key, epoch, b"beacon")
        path = self.beacon_path(node.network_id, commune)
        stickfiles.folder(self.root, "bcn")
        stickfiles.write(self.root, path, blob)
        return len(blob)

    # --- cuts and acknowledgements (docs/spec/stick.md, "Cuts and acknowledgements") ---------

    def cut_path(self, name: bytes) -> Path:
        return self.root / "cut" / f"{name.hex()}.obc"

    def ack_path(self, network_id: bytes, feed: bytes) -> Path:
        """Named like the feed's beacon file, so each feed's newest ack replaces its last."""
        return self.root / "ack" / (self.beacon_path(network_id, feed).stem + ".oba")

    def cut_blobs(self, most: int) -> tuple[list[tuple[Path, bytes]], int]:
        """The cut files (path, bytes), each refused unread when larger than `most` (a sealed
        cut's bound: cuts.Bounds.cut_bytes + cuts.SEAL_BYTES), with how many were refused."""
        return self._statements("cut", ".obc", most)

    def ack_blobs(self, most: int) -> tuple[list[tuple[Path, bytes]], int]:
        """The ack files (path, bytes), bounded by `most` as cut_blobs."""
        return self._statements("ack", ".oba", most)

    def _statements(
        self, folder: str, suffix: str, most: int
    ) -> tuple[list[tuple[Path, bytes]], int]:
        found, refused = [], 0
        if stickfiles.kind_at(self.root / folder) not in (None, "folder"):
            return [], 1  # not entered: a link there may lead anywhere
        for entry in stickfiles.entries(self.root / folder):
            if not entry.path.name.endswith(suffix) or entry.path.name.startswith("._"):
                continue
            try:
                found.append((entry.path, stickfiles.read(entry.path, most)))
            except stickfiles.Refused:
                refused += 1
            except OSError:
                continue  # gone or unreadable right now: the next visit rewrites it
        return found, refused

    def write_cut(self, node: Node, name: bytes, signed_cut: bytes) -> int:
        return self._write_sealed(node, self.cut_path(name), "cut", signed_cut, b"cut")

    def write_ack(self, node: Node, feed: bytes, signed_ack: bytes) -> int:
        path = self.ack_path(node.network_id, feed)
        return self._write_sealed(node, path, "ack", signed_ack, b"ack")

    def _write_sealed(
        self, node: Node, path: Path, folder: str, signed: bytes, purpose: bytes
    ) -> int:
        epoch, key = writing_key(node)
        blob = sealed.seal(signed, key, epoch, purpose)
        stickfiles.folder(self.root, folder)
        stickfiles.write(self.root, path, blob)
        return len(blob)

    def remove_file(self, path: Path) -> bool:
        """Removes a cut or ack file (one of the paths cut_blobs or ack_blobs gave)."""
        return stickfiles.remove(self.root, path)


def index_stale(missing: int, segments: int) -> bool:
    """Whether index.obi is written again: once 8 of the stick's `segments`, and half of them,
    are missing from it. Each rewrite costs ~217 B a segment: every 8 new ones, that grows with
    the stick (2.7 KB a visit at 100 segments); at half, it stays near 2 entries a new segment,
    and at most half the trailers are read through their footers instead."""
    return missing >= max(INDEX_SLACK, segments // 2)


def index_record(entries: Sequence[tuple[str, int, bytes]]) -> dict[str, Any]:
    """index.obi's plaintext: (name, size, trailer) of each segment, sorted by name. (A list,
    not a map: segment names are 25 characters, and the strict CBOR profile keeps map keys
    under 24 bytes.) Apart so that bench/sync_simulation.py prices it as written."""
    return {"v": 2, "segments": [[name, size, trailer] for name, size, trailer in entries]}


@dataclass
class Pruned:
    """pruned.obp: per feed, up to which seq this stick carried blocks and pruned them; and the
    document parts and proofs it pruned, with every holder's incarnation then: while the
    holders are the same and each is in that same life, each still holds them. (A commune
    admitted since, or one restored since, gets them written again.)"""

    cut: dict[bytes, int] = field(default_factory=dict)
    parts: list[tuple[dict[bytes, int], frozenset[bytes]]] = field(default_factory=list)

    def held(self, lives: dict[bytes, int]) -> frozenset[bytes]:
        """The parts and proofs to skip: pruned while the holders were in `lives` (every
        holder: its newest incarnation)."""
        return next((ids for then, ids in self.parts if then == lives), frozenset())

    def add(self, lives: dict[bytes, int], ids: set[bytes]) -> None:
        """Marks `ids` pruned now; the groups of other lives go (their parts are written
        again, and pruned again under these)."""
        held = self.held(lives) | ids
        if len(held) > PRUNED_PARTS:  # the older ones are written again once, then pruned
            held = frozenset(ids)
        self.parts = [(dict(lives), held)] if held else []


def pruned_record(
    cut: dict[bytes, int],
    parts: Sequence[tuple[dict[bytes, int], frozenset[bytes]]] = (),
) -> dict[str, Any]:
    """pruned.obp's plaintext: per feed, up to which seq this stick carried and pruned; and,
    when any were pruned, the document parts and proofs (docs/spec/stick.md)."""
    record: dict[str, Any] = {"v": 1, "cut": [[a, s] for a, s in sorted(cut.items())]}
    if parts:
        record["parts"] = [
            [[[f, inc] for f, inc in sorted(lives.items())], sorted(ids)] for lives, ids in parts
        ]
    return record


def network_record(network_id: bytes) -> dict[str, Any]:
    """The NETWORK file: which network (its tag, not its id) and the format version."""
    return {"format": FORMAT, "tag": sealed.network_tag(network_id)}


def _month(now: float) -> str:
    return time.strftime("%Y%m", time.gmtime(now))


# --- segments found damaged ---------------------------------------------------------------------


DAMAGED_KEPT = 1000  # names remembered; the oldest are forgotten first


def damaged_segments(node: Node) -> set[str]:
    """Segments an import of this laptop found damaged in place (by name): until they are
    replaced, an export counts them as holding nothing."""
    return set(_damaged_list(node))


def note_damaged(node: Node, damaged: Sequence[str], whole: Sequence[str] = ()) -> None:
    """Remembers the segments found `damaged`, forgets those read `whole` since."""
    if not damaged and not whole:
        return
    before = _damaged_list(node)
    names = [n for n in before if n not in damaged and n not in whole] + list(damaged)
    if names == before:
        return
    with node.store.transaction():
        node.store.set_meta("damaged_segments", cbor.encode(names[-DAMAGED_KEPT:]))


def forget_damaged(node: Node, names: list[str]) -> None:
    note_damaged(node, [], names)


def _damaged_list(node: Node) -> list[str]:
    blob = node.store.meta("damaged_segments")
    try:
        names: Any = cbor.decode(blob) if blob else []
        return [str(n) for n in names]
    except (ValueError, TypeError):
        return []


def _directory(node: Node, name: str, size: int, trailer: bytes) -> SegmentInfo:
    creator, body = open_signed(node, trailer)
    try:
        feeds = [(sized_id(a, 8), bounded(f), bounded(last)) for a, f, last in body["feeds"]]
        chunks = [sized_id(c, 32) for c in body["chunks"]]
        evidence = [sized_id(e, 32) for e in body["evidence"]]
        return SegmentInfo(
            name,
            size,
            creator,
            bounded(body["time"]),
            bounded(body["records"]),
            feeds,
            chunks,
            evidence,
            trailer,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise Forged("a trailer without a directory") from exc
