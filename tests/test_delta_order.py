"""The order every carrier (stick, session, relay) uses: urgent first, parents before children,
expired items only when something offered needs them."""

from __future__ import annotations

import time

from app.core.ledger.txtypes import TxType
from app.sync.delta import Class, missing
from tests.conftest import Network


def _thread(node, title: str, prio: int = 2, ttl: int = 0) -> None:  # type: ignore[no-untyped-def]
    node.submit(TxType.FORUM_THREAD, {"title": title, "body": "…"}, prio=prio, ttl=ttl)
    node.seal()


def _everything(node):  # type: ignore[no-untyped-def]
    return missing(node, lambda a, s: False, lambda c: False, lambda e: False)


def test_urgent_blocks_and_their_past_come_first_and_parents_precede_children(net: Network) -> None:
    a, b, c = net.nodes
    for n in range(3):
        _thread(b, f"bulk {n}", prio=3)
    _thread(a, "urgent", prio=0)
    _thread(c, "ordinary")  # nothing ordinary or urgent depends on the bulk
    net.sync()
    items = [i for i in _everything(c) if i.kind == "block"]
    placed = {(i.author, i.seq): n for n, i in enumerate(items)}
    urgent = next(i for i in items if i.author == a.commune and i.seq == a.heads()[a.commune])
    assert urgent.rank == 0
    bulk = [i for i in items if i.author == b.commune and i.rank == 3]
    assert bulk and all(
        placed[(i.author, i.seq)] > placed[(urgent.author, urgent.seq)] for i in bulk
    )
    for item in items:  # every block comes after its own feed's earlier blocks
        if item.seq > 0:
            assert placed[(item.author, item.seq - 1)] < placed[(item.author, item.seq)]
    classes = [i.cls for i in _everything(c)]
    assert classes == sorted(classes) and Class.GOVERNANCE in classes


def test_an_expired_block_is_offered_only_while_a_live_one_needs_it(net: Network) -> None:
    a = net.nodes[0]
    _thread(a, "marché", ttl=1)
    head = a.heads()[a.commune]
    time.sleep(2.1)
    offered = {(i.author, i.seq) for i in _everything(a)}
    assert (a.commune, head) not in offered
    _thread(a, "conseil")
    again = {(i.author, i.seq): i for i in _everything(a)}
    assert (a.commune, head) in again and again[(a.commune, head)].expires == 0
