"""What this laptop knows of signed cuts and acknowledgements, and what a visit writes of them
(docs/spec/stick.md, "Cuts and acknowledgements"; issue 21, the switch of app/sync).

cuts.py reads and judges statements; this module keeps them: each feed's newest ack and the
cuts those acks name, with the two newest known (the store's `acks` and `cuts`), read from
sticks (export, intake's stage), and this laptop's own ack and, on a commune's first laptop,
the cuts it proposes. During the upgrade sticks carry beacons beside them (words.py says whose
word counts).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.encoding import cbor
from app.core.ledger import incarnation, transport
from app.core.node.node import Node
from app.sync import beacon, checked, cuts, sealed
from app.sync.beacon import genesis_feeds
from app.sync.cuts import Ack, Cut
from app.sync.errors import StatementRefused
from app.sync.keys import epoch_key
from app.sync.signed import sign
from app.sync.stick import Holding, Stick

ACK_SEQ = "ack_seq"  # the store's counter: our last ack's "aseq"
KEPT_CUTS = 2  # the newest cuts kept beside those the acks name


@dataclass
class OnStick:
    """The cuts and acks a stick carries that open and check (the newest ack of each feed),
    the files they are in, and how many files were refused."""

    cuts: dict[bytes, Cut] = field(default_factory=dict)  # name -> cut
    acks: dict[bytes, Ack] = field(default_factory=dict)  # feed -> its newest here
    cut_files: dict[bytes, Path] = field(default_factory=dict)
    ack_files: dict[bytes, list[Path]] = field(default_factory=dict)  # every file of a feed
    refused: int = 0


@dataclass
class Known:
    """Each feed's newest ack this laptop knows, and the cuts kept (name -> cut)."""

    acks: dict[bytes, Ack] = field(default_factory=dict)
    cuts: dict[bytes, Cut] = field(default_factory=dict)


# --- reading ------------------------------------------------------------------------------------


def read_stick(node: Node, stick: Stick) -> OnStick:
    """The stick's cuts, then its acks, each file bounded before it is read (cuts.node_bounds)
    and refused in one sentence's worth (counted) when it does not open, check or fit its cut;
    a file under a transport key this laptop lacks yet is neither read nor refused."""
    bounds = cuts.node_bounds(node)
    signers = cuts.node_signers(node)
    found = OnStick()
    blobs, found.refused = stick.cut_blobs(bounds.cut_bytes + cuts.SEAL_BYTES)
    for path, blob in blobs:
        data = _open(node, blob, cuts.CUT_PURPOSE, bounds.cut_bytes, found)
        if data is None:
            continue
        try:
            cut = checked.read_cut(node, data, signers, bounds)
        except StatementRefused:
            found.refused += 1
            continue
        found.cuts[cut.name] = cut
        found.cut_files[cut.name] = path
    judge = {c.name: c for c in _stored_cuts(node, signers, bounds)} | found.cuts
    blobs, refused = stick.ack_blobs(bounds.ack_bytes + cuts.SEAL_BYTES)
    found.refused += refused
    for path, blob in blobs:
        data = _open(node, blob, cuts.ACK_PURPOSE, bounds.ack_bytes, found)
        if data is None:
            continue
        try:
            ack = checked.read_ack(node, data, signers, bounds)
            if ack.cut in judge:
                cuts.holding(ack, judge[ack.cut])  # its exceptions fit its cut, or refused
        except StatementRefused:
            found.refused += 1
            continue
        found.ack_files.setdefault(ack.feed, []).append(path)
        if cuts.newer_ack(found.acks.get(ack.feed), ack):
            found.acks[ack.feed] = ack
    return found


def _open(node: Node, blob: bytes, purpose: bytes, most: int, found: OnStick) -> bytes | None:
    try:
        if epoch_key(node, sealed.key_epoch(blob)) is None:
            return None  # a key of a newer epoch, not ours yet: read once it comes
        return cuts.open_file(blob, purpose, lambda e: epoch_key(node, e), most)
    except (sealed.Unreadable, StatementRefused):
        found.refused += 1
        return None


def known(node: Node) -> Known:
    """The acks and cuts kept, read again as a stick's are: a key revoked since is no longer
    believed, and its statements no longer count (each signature is checked once while its
    key stays believed: checked.py)."""
    bounds = cuts.node_bounds(node)
    signers = cuts.node_signers(node)
    out = Known()
    for cut in _stored_cuts(node, signers, bounds):
        out.cuts[cut.name] = cut
    far = int(time.time()) + cuts.FUTURE
    for (data,) in node.store.all("SELECT data FROM acks ORDER BY feed"):
        try:
            ack = checked.read_ack(node, bytes(data), signers, bounds, far)
        except StatementRefused:
            continue
        out.acks[ack.feed] = ack
    return out


def remember(node: Node, found: OnStick) -> None:
    """Keeps the cuts and the acks newer than those known; hears, while this laptop is
    restoring, what they say of its own feed (a restored laptop never signs a seq twice)."""
    store = node.store
    with store.transaction():
        for cut in found.cuts.values():
            store.run(
                "INSERT OR IGNORE INTO cuts (name, height, by, data) VALUES (?, ?, ?, ?)",
                (cut.name, cut.height, cut.by, cut.data),
            )
        for ack in found.acks.values():
            row = store.one("SELECT inc, aseq FROM acks WHERE feed = ?", (ack.feed,))
            if row is None or (int(row[0]), int(row[1])) < ack.order:
                store.run(
                    "INSERT OR REPLACE INTO acks (feed, inc, aseq, cut, time, keys, data) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (ack.feed, ack.inc, ack.aseq, ack.cut, ack.time, ack.keys, ack.data),
                )
        _trim(node)
    _hear(node, found)


def _trim(node: Node) -> None:
    """Drops the cuts no kept ack names, but the two newest."""
    newest = node.store.all(
        f"SELECT name FROM cuts ORDER BY height DESC, by DESC LIMIT {KEPT_CUTS}"
    )
    node.store.run(
        "DELETE FROM cuts WHERE name NOT IN (SELECT cut FROM acks) AND name NOT IN ("
        + ",".join("?" * len(newest))
        + ")",
        tuple(bytes(n) for (n,) in newest),
    )


def _hear(node: Node, found: OnStick) -> None:
    """What acks and cuts say of our own feed, for incarnation.hear (only while restoring)."""
    if not node.store.counter(incarnation.RESTORING):
        return
    me = node.feed
    names = {c.name: c for c in _stored_cuts(node)} | found.cuts
    for cut in found.cuts.values():
        seq = cut.heads().get(me)
        if seq is not None and cut.by != me:
            incarnation.hear(node.store, me, cut.by, 0, {me: seq})
    for ack in found.acks.values():
        named = names.get(ack.cut)
        says = cuts.holding(ack, named) if named is not None else {}
        if ack.feed == me and ack.head:
            says[me] = ack.head - 1
        incarnation.hear(node.store, me, ack.feed, ack.inc, {me: says[me]} if me in says else {})


def _stored_cuts(
    node: Node, signers: cuts.Signers | None = None, bounds: cuts.Bounds | None = None
) -> list[Cut]:
    bounds = cuts.node_bounds(node) if bounds is None else bounds
    signers = cuts.node_signers(node) if signers is None else signers
    out = []
    for (data,) in node.store.all("SELECT data FROM cuts"):
        try:
            out.append(checked.read_cut(node, bytes(data), signers, bounds))
        except StatementRefused:
            continue
    return out


# --- what we hold, as an ack may say it ---------------------------------------------------------


def lacking(node: Node) -> dict[bytes, int]:
    """Feed -> seq of its first block naming a document part this laptop lacks: an ack claims
    that feed only up to the block before (docs/spec/stick.md, "Document parts are covered")."""
    have = {bytes(c) for (c,) in node.store.all("SELECT id FROM chunks")}
    out: dict[bytes, int] = {}
    for author, seq, body in node.store.all("SELECT author, seq, body FROM documents"):
        try:
            record: Any = cbor.decode(bytes(body))
            parts = record.get("chunks", [])
            whole = all(bytes(c) in have for c in parts)
        except (ValueError, TypeError, AttributeError):
            whole = False  # unreadable here: claimed as not held, which is safe
        if not whole:
            feed = bytes(author)
            out[feed] = min(out.get(feed, int(seq)), int(seq))
    return out


def held(node: Node) -> dict[bytes, int]:
    """Feed -> highest seq this laptop holds with every document part its blocks name."""
    return cuts.covered(node.heads(), lacking(node))


# --- writing ------------------------------------------------------------------------------------


def make_ack(node: Node, cut: Cut, holds: dict[bytes, int], seen: Iterable[str]) -> Ack | None:
    """Our ack of `cut`, signed and kept as our newest (None: it does not read back)."""
    with node.store.transaction():
        node.store.bump(ACK_SEQ)
        aseq = node.store.counter(ACK_SEQ)
    payload = cuts.ack_payload(
        aseq,
        int(time.time()),
        cut.name,
        cuts.exceptions_of(cut, holds, node.feed),
        holds.get(node.feed, -1) + 1,
        transport.newest(node.store, node.keyring, node.feed)[0],
        incarnation.current(node.store),
        seen,
    )
    try:
        ack = cuts.read_ack(
            sign(node, payload), _with_ours(node), node.network_id, cuts.node_bounds(node)
        )
    except StatementRefused:
        return None
    remember(node, OnStick(cuts={cut.name: cut}, acks={ack.feed: ack}))
    return ack


def _with_ours(node: Node) -> cuts.Signers:
    """The keys this ledger believes, and our own: a laptop restored from a backup may not
    hold yet the block that added its key, which the others' ledgers hold. Its new ack must
    reach them all the same, or none would write back what it lacks (that block among it)."""
    believed = cuts.node_signers(node)
    key = node.keyring.identity(node.feed).current
    own = cuts.Signer(key.public_key, node.feed, node.feed == node.commune)

    def signer(kid: bytes) -> cuts.Signer | None:
        return own if kid == key.kid else believed(kid)

    return signer


def propose(node: Node, newest: Cut | None, holds: dict[bytes, int]) -> Cut | None:
    """A new cut of what we hold, by our commune's node key (a first laptop only), kept; None
    while that key is not one this ledger believes (as make_ack)."""
    height = 0 if newest is None else newest.height + 1
    payload = cuts.cut_payload(height, node.commune, int(time.time()), holds, genesis_feeds(node))
    try:
        cut = cuts.read_cut(
            sign(node, payload), cuts.node_signers(node), node.network_id, cuts.node_bounds(node)
        )
    except StatementRefused:
        return None
    remember(node, OnStick(cuts={cut.name: cut}))
    return cut


def _pressed(stick: Stick, holding: Holding, newest: Cut | None, holds: dict[bytes, int]) -> bool:
    """Whether this stick needs a new cut before the newest is CUT_AGE old: its segments take
    more room than it has left free, and a cut of what we hold would let one of them go (every
    block it lists held here, some beyond the newest cut)."""
    if newest is None:
        return False
    reached = newest.heads()
    if not any(
        all(last <= holds.get(a, -1) for a, _, last in info.feeds)
        and any(last > reached.get(a, -1) for a, _, last in info.feeds)
        for info in holding.segments.values()
    ):
        return False
    used = sum(info.size for info in holding.segments.values())
    try:
        free = shutil.disk_usage(stick.root).free
    except OSError:
        return False  # the rate holds: a cut later is never unsafe
    return used > free


def _says_as_ours(
    ours: Ack,
    cut: Cut,
    holds: dict[bytes, int],
    seen: frozenset[str],
    keys: int,
    inc: int,
    me: bytes,
) -> bool:
    """Whether our kept ack `ours` says what a new one would (its head aside)."""
    return (
        ours.cut == cut.name
        and ours.exceptions == tuple(sorted(cuts.exceptions_of(cut, holds, me).items()))
        and ours.inc == inc
        and ours.seen == seen
        and ours.keys >= keys
    )


def own_ack(
    node: Node,
    know: Known,
    newest: Cut,
    holds: dict[bytes, int],
    seen: frozenset[str],
    due: Callable[[Ack], bool],
) -> Ack | None:
    """Our ack of `newest`: the one kept (in `know`), or a new one when none is kept, it does
    not say what a new one would (its head aside), or `due` says a fresh one is owed (a visit's
    and a session's own reasons); None when a new one does not read back (make_ack)."""
    me = node.feed
    keys = transport.newest(node.store, node.keyring, me)[0]
    inc = incarnation.current(node.store)
    ours = know.acks.get(me)
    if ours is None or not _says_as_ours(ours, newest, holds, seen, keys, inc, me) or due(ours):
        return make_ack(node, newest, holds, seen)
    return ours


def visit(
    node: Node,
    stick: Stick,
    holding: Holding,
    found: OnStick,
    with_proofs: Iterable[str],
    by_beacon: Mapping[bytes, dict[bytes, int]] | None = None,
    last_here: int = 0,
) -> int:
    """Writes what the spec's visit writes ("Held by all, proposing, and what a stick
    carries"): a new cut when we may propose one, our ack when the stick's copy lacks what it
    says (or is a day old: the Sync screen's "Visited" dates), the newest cuts the stick lacks
    (two at most: the oldest goes, with the acks naming it) and the acks we know that say more
    than the stick's copies. Returns the bytes written.

    `by_beacon`: the holders whose word is still a beacon (a laptop of the previous release,
    words.py), with the heads it says. They never acknowledge a cut: a new one is proposed once
    every other holder's ack names the newest and each of their beacons holds all of it."""
    me = node.feed
    now = int(time.time())
    know = known(node)
    holds = held(node)
    newest = cuts.newest_cut(know.cuts.values())
    holders = beacon.holders(node)
    if node.feed == node.commune:  # a commune's first laptop: its node key signs cuts
        saying = dict(know.acks)
        if newest is not None:
            saying[me] = Ack(me, 0, 0, newest.name, (), 0, 0, 0, frozenset(), b"")
        waiting = by_beacon or {}
        reached = {} if newest is None else newest.heads()
        beacons_hold = all(
            all(says.get(f, -1) >= seq for f, seq in reached.items()) for says in waiting.values()
        )
        # More of our own feed alone is no reason for a cut: the segments we sign show it, and
        # the commune that takes them in proposes the next one (our visit then writes one ack,
        # not a cut and an ack: docs/performance.md, "The switch to cuts and acknowledgements").
        judged = dict(holds)
        if newest is not None and me in judged:
            own = min(judged.pop(me), reached.get(me, -1))
            if own >= 0:
                judged[me] = own
        pressed = _pressed(stick, holding, newest, holds)
        if beacons_hold and cuts.may_propose(
            newest, holders - waiting.keys(), saying, judged, now, pressed
        ):
            proposed = propose(node, newest, holds)
            if proposed is not None:
                newest = know.cuts[proposed.name] = proposed
    if newest is None:
        return 0  # nothing to acknowledge yet (a further laptop before any cut)
    # Proofs are not covered by heads: the segments of proofs of this stick we took in whole,
    # and those we wrote now (`with_proofs`).
    proofs = {n for n, i in holding.segments.items() if i.evidence}
    taken = node.store.all("SELECT name FROM seen_segments")
    seen = frozenset(str(n) for (n,) in taken if n in proofs) | frozenset(with_proofs)
    copy = found.acks.get(me)
    # Written again when our last word on this stick is a day old, as beacons (beacon.REFRESH):
    # the stick's copy of our ack, or `last_here`, the last trailer we signed on it (readers
    # date our visits by both); a fresh one then, unless ours is newer than that copy and not
    # itself a day old.
    stale = copy is None or now >= max(copy.time, last_here) + beacon.REFRESH
    ours = own_ack(
        node,
        know,
        newest,
        holds,
        seen,
        lambda ours: stale
        and (now >= ours.time + beacon.REFRESH or (copy is not None and ours.order <= copy.order)),
    )
    if ours is not None:
        know.acks[me] = ours
    here = holding.segments.keys() | set(with_proofs)  # the segments now on this stick
    kept_cuts, kept_acks = cuts.keep_on_stick(
        [*found.cuts.values(), *know.cuts.values()], [*found.acks.values(), *know.acks.values()]
    )
    written = 0
    names = {c.name for c in kept_cuts}
    for cut in kept_cuts:
        if cut.name not in found.cut_files:
            written += stick.write_cut(node, cut.name, cut.data)
    for name, path in found.cut_files.items():
        if name not in names:
            stick.remove_file(path)
    for feed, ack in kept_acks.items():
        copy = found.acks.get(feed)
        if copy is not None and copy.cut not in names:
            copy = None  # it goes with its cut
        due = feed == me and stale and ack is ours and (copy is None or ack.order > copy.order)
        if due or cuts.worth_writing(copy, ack, here):
            written += stick.write_ack(node, feed, ack.data)
    for feed, paths in found.ack_files.items():
        if feed not in kept_acks:  # its only acks named a cut that went
            for path in paths:
                stick.remove_file(path)
    return written
