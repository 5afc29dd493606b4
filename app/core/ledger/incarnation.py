"""A commune's incarnation: what a laptop restored from a backup file or from paper must learn
back before it signs again.

A restored laptop may lack blocks it signed after its backup. Signing now could give a second
block the number of one it already signed: a double signature, which freezes the commune's
feed everywhere. So a restore starts a new incarnation:

* the laptop refuses to sign until it has heard from another commune (a stick or a session
  that carries that commune's beacon), and until it holds its own feed as far as every beacon
  it heard says it reached — its own old beacons included — and as far as every segment
  trailer signed by its own feed lists (a visit may leave its beacon unwritten when the
  segment it wrote shows its new head: docs/spec/stick.md, "A feed's own head");
* its beacons carry the incarnation, so the other communes believe its new, smaller claims
  over its old ones, and write back what it lacks instead of skipping it.

The incarnation is fixed with the first beacon after the restore: the time then, and more than
any incarnation of ours heard since, so a second restore from the same file still counts.
"""

from __future__ import annotations

import time

from app.core.errors import Rejected
from app.core.store.store import Store

RESTORING = "restoring"  # 1 from a restore until the laptop may sign again
INCARNATION = "incarnation"  # ours; 0 for a laptop never restored
OWN_CLAIM = "own_claim"  # 1 + the highest seq of our feed any beacon says exists
HEARD = "heard_since_restore"  # 1 once another commune's beacon came in
OURS_SEEN = "own_incarnation_seen"  # the highest incarnation of ours heard since the restore
AHEAD = 12 * 3600  # how far ahead of our clock a trailer of ours may push our incarnation


def start(store: Store) -> None:
    """Marks a profile just rebuilt from a backup or paper; inside the caller's transaction."""
    store.set_counter(RESTORING, 1)
    store.set_counter(INCARNATION, 0)


def current(store: Store) -> int:
    """Our incarnation, fixed on first use after a restore."""
    value = store.counter(INCARNATION)
    if value == 0 and store.counter(RESTORING):
        value = max(int(time.time()), store.counter(OURS_SEEN) + 1)
        with store.transaction():
            store.set_counter(INCARNATION, value)
    return value


def hear(
    store: Store, me: bytes, commune: bytes, incarnation: int, heads: dict[bytes, int]
) -> None:
    """Takes in what a beacon says of our own feed, while we are restoring."""
    if not store.counter(RESTORING):
        return
    ours = commune == me
    mine = store.counter(INCARNATION)
    with store.transaction():
        if ours:
            store.set_counter(OURS_SEEN, max(store.counter(OURS_SEEN), incarnation))
        if not ours or mine == 0 or incarnation < mine:  # our own new beacons prove nothing
            claim = heads.get(me, -1) + 1
            store.set_counter(OWN_CLAIM, max(store.counter(OWN_CLAIM), claim))
        if not ours:
            store.set_counter(HEARD, 1)


def hear_trailer(store: Store, seq: int, signed_at: int) -> None:
    """Takes in a segment trailer signed by our own feed at `signed_at` that lists our blocks
    up to `seq`, while we are restoring. We signed them, in this life or an earlier one:
    signing `seq` again would be a second block for a number. Unlike a beacon, it does not
    count as word from another commune. Our incarnation, when not yet fixed, will be later
    than it: readers believe a trailer as our head only when it is signed at or after our
    incarnation, and one of a lost life must not pass for one of this life (a clock set back)."""
    if not store.counter(RESTORING):
        return
    with store.transaction():
        store.set_counter(OWN_CLAIM, max(store.counter(OWN_CLAIM), seq + 1))
        if store.counter(INCARNATION) == 0:
            # At most half a day ahead: readers refuse an incarnation a day ahead of them.
            at = min(signed_at, int(time.time()) + AHEAD)
            store.set_counter(OURS_SEEN, max(store.counter(OURS_SEEN), at))


def refusal(store: Store, head: int) -> Rejected | None:
    """Why this laptop may not sign yet (None: it may). Clears the restore once it may."""
    if not store.counter(RESTORING):
        return None
    if not store.counter(HEARD):
        return Rejected(
            "restore_incomplete",
            "This laptop was restored and may lack what it signed after its backup. Take in a "
            "stick from another commune first.",
        )
    claimed = store.counter(OWN_CLAIM) - 1
    if head < claimed:
        lacking = (
            f"blocks {head + 1} to {claimed}. Take in a stick from a commune that holds them"
            if claimed > head + 1
            else f"block {claimed}. Take in a stick from a commune that holds it"
        )
        return Rejected(
            "restore_incomplete",
            f"This laptop was restored and still lacks its commune's {lacking}.",
        )
    store.set_counter(RESTORING, 0)
    return None
