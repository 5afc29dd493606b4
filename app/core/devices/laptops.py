"""A commune's further laptops: each with its own device key and its own feed.

The first laptop holds the commune's node key and writes the commune's feed. A second or third
laptop (the secretary's desktop next to the mayor's laptop) gets its own key and writes its own
feed, so two laptops of one commune never sign the same place of one feed. Only the commune's
node adds or retires one: a laptop cannot multiply itself (docs/ledger.md, "A commune's
devices").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import nacl.exceptions
import nacl.signing

from app.core.encoding.cose import kid_of
from app.core.errors import Rejected
from app.core.ledger.actors import Actor
from app.core.ledger.checks import need_node
from app.core.ledger.fields import Fields
from app.core.ledger.txtypes import Role

if TYPE_CHECKING:
    from app.core.ledger.context import RuleContext
    from app.core.ledger.objects import Tx
    from app.core.ledger.view import View
    from app.core.store.store import Store

POP_CONTEXT = b"OBAMBU-LAPTOP-1"  # what a new laptop signs: it holds the key, for this commune
MAX_FURTHER_LAPTOPS = 2  # besides the first: each feed costs a place in every block's refs


def proof_of_possession(network_id: bytes, commune: bytes) -> bytes:
    """The message a laptop signs to be added to `commune`: its key is its own and meant here."""
    return POP_CONTEXT + network_id + commune


def laptop_add(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    need_node(actor)  # the first laptop: a further one may not add a third on its own
    laptop, public_key = f.bytes_("laptop", 8), f.bytes_("pk", 32)
    digest, name, pop = f.bytes_("next", 32), f.text("name", 80), f.bytes_("pop", 64)
    if laptop != kid_of(public_key):
        raise f.bad("a laptop id is the kid of the laptop's first key")
    if led.actors.get(laptop) is not None or led.actors.public_key(laptop) is not None:
        raise Rejected("duplicate_key", "This key is already registered in the network.")
    try:
        message = proof_of_possession(led.network_id, actor.commune)
        nacl.signing.VerifyKey(public_key).verify(message, pop)
    except nacl.exceptions.BadSignatureError as exc:
        raise Rejected(
            "bad_signature", "The new laptop did not sign its request for this commune."
        ) from exc
    if len(in_service(led.store, view, actor.commune)) >= MAX_FURTHER_LAPTOPS:
        raise Rejected(
            "too_many_laptops",
            "This commune already has three laptops in service: retire one before adding one.",
        )
    led.actors.add(
        Actor(laptop, actor.commune, Role.LAPTOP, name, laptop, digest, 0, True),
        public_key,
        view.author,
        view.seq,
    )
    led.store.run(
        "INSERT INTO laptops (id, commune, name, author, seq) VALUES (?, ?, ?, ?, ?)",
        (laptop, actor.commune, name, view.author, view.seq),
    )


def laptop_retire(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    """A laptop lost, stolen or given away: its feed stands up to `seq` and takes nothing after."""
    need_node(actor)
    laptop, seq = f.bytes_("laptop", 8), f.int_("seq", minimum=-1)
    head = f.bytes_("head", 32, optional=True)
    f.text("reason", 200, shortest=0)
    row = led.store.one(
        "SELECT commune, author, seq, retired_author, retired_seq FROM laptops WHERE id = ?",
        (laptop,),
    )
    if row is None or bytes(row[0]) != actor.commune or not view.has(bytes(row[1]), row[2]):
        raise Rejected("unknown_laptop", "This commune has no such laptop at that point.")
    if row[3] is not None:
        raise Rejected("duplicate", "This laptop is already retired.")
    if seq >= 0:
        stands = led.store.value(
            "SELECT id FROM blocks WHERE author = ? AND seq = ?", (laptop, seq)
        )
        if head is None or stands != head or not view.has(laptop, seq):
            raise Rejected(
                "unknown_block", "The laptop's last block that stands is not known at that point."
            )
    elif head is not None:
        raise f.bad("a laptop retired before its first block names no block")
    led.store.run(
        "UPDATE laptops SET last_seq = ?, retired_author = ?, retired_seq = ? WHERE id = ?",
        (seq, view.author, view.seq, laptop),
    )


def in_service(store: Store, view: View, commune: bytes) -> list[bytes]:
    """The commune's further laptops added, and not retired, in `view`'s past."""
    out = []
    for laptop, author, seq, retired_author, retired_seq in store.all(
        "SELECT id, author, seq, retired_author, retired_seq FROM laptops WHERE commune = ?",
        (commune,),
    ):
        retired = retired_author is not None and view.has(bytes(retired_author), retired_seq)
        if view.has(bytes(author), seq) and not retired:
            out.append(bytes(laptop))
    return out
