"""Cuts and acks whose signature this process has checked, kept per node while their signer
stays believed (issue 21: `acks.known` re-read and re-checked every stored statement each
time it was asked, several times a visit).

Reading a statement (cuts.read_cut, cuts.read_ack) depends only on its bytes, the key its kid
names in the reader's ledger, the network and the reader's bounds; and, for an ack, on the
reader's clock (an incarnation no more than cuts.FUTURE ahead of it). So a statement read once
is taken again without a signature check as long as its kid still names the same key in force
(one look-up in the ledger: a key revoked or a laptop retired since is not believed, and the
statement is read again and refused) and the bounds are the same; the clock's rule is applied
on every read.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from app.core.encoding.cose import CoseError, parse_sign1
from app.core.node.node import Node
from app.sync import cuts
from app.sync.cuts import Ack, Bounds, Cut, Signer, Signers

MOST = 4096  # statements kept a node beside 4 a feed its bounds allow (then all are dropped)


@dataclass(frozen=True)
class _Entry:
    statement: Cut | Ack
    kid: bytes
    signer: Signer
    network_id: bytes
    bounds: Bounds


_kept: weakref.WeakKeyDictionary[Node, dict[bytes, _Entry]] = weakref.WeakKeyDictionary()


def read_cut(node: Node, data: bytes, signers: Signers, bounds: Bounds) -> Cut:
    """cuts.read_cut of `data` in `node`'s network, its signature checked once while believed."""
    hit = _hit(node, data, signers, bounds)
    if isinstance(hit, Cut):
        return hit
    cut = cuts.read_cut(data, signers, node.network_id, bounds)
    _keep(node, cut, signers, bounds)
    return cut


def read_ack(
    node: Node, data: bytes, signers: Signers, bounds: Bounds, now: int | None = None
) -> Ack:
    """cuts.read_ack of `data`, as read_cut; the clock's rule applied on every read."""
    hit = _hit(node, data, signers, bounds)
    if isinstance(hit, Ack):
        return cuts.not_ahead(hit, now)
    ack = cuts.read_ack(data, signers, node.network_id, bounds, now)
    _keep(node, ack, signers, bounds)
    return ack


def _hit(node: Node, data: bytes, signers: Signers, bounds: Bounds) -> Cut | Ack | None:
    entry = _kept.get(node, {}).get(data)
    if (
        entry is None
        or entry.network_id != node.network_id
        or entry.bounds != bounds
        or signers(entry.kid) != entry.signer
    ):
        return None
    return entry.statement


def _keep(node: Node, statement: Cut | Ack, signers: Signers, bounds: Bounds) -> None:
    try:
        kid = parse_sign1(statement.data).kid
    except CoseError:  # not reached: the statement was just read from these bytes
        return
    signer = signers(kid) if isinstance(kid, bytes) else None
    if signer is None or not isinstance(kid, bytes):
        return
    kept = _kept.setdefault(node, {})
    if len(kept) >= MOST + 4 * bounds.feeds:
        kept.clear()  # a stick full of statements: read again as they come, never unbounded
    kept[statement.data] = _Entry(statement, kid, signer, node.network_id, bounds)
