"""The rule of a shared document's publication."""

from __future__ import annotations

from app.core.devices import laptops
from app.core.encoding import cbor
from app.core.errors import Rejected
from app.core.ledger.actors import Actor
from app.core.ledger.context import RuleContext
from app.core.ledger.fields import Fields
from app.core.ledger.objects import Tx
from app.core.ledger.txtypes import MAX_REFS, Role
from app.core.ledger.view import View


def doc_publish(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    name, sha256 = f.text("name", 255), f.bytes_("sha256", 32)
    size, mime = f.int_("size", maximum=2**40), f.text("mime", 100)
    tags = f.list_("tags", 20)
    if not all(isinstance(t, str) and 1 <= len(t) <= 40 for t in tags):
        raise f.bad("each tag is text of 1 to 40 characters")
    f.int_("created")
    f.bool_("enc")
    chunks = f.list_("chunks", 100_000)
    if not all(isinstance(c, bytes) and len(c) == 32 for c in chunks):
        raise f.bad("chunks are listed by their 32-byte hash")
    keys = f.list_("keys", MAX_REFS, shortest=1)
    for item in keys:
        if not (
            isinstance(item, list)
            and len(item) == 2
            and isinstance(item[0], bytes)
            and isinstance(item[1], bytes)
            and len(item[1]) == 80
        ):
            raise f.bad("each key is [commune, sealed key]")
        if led.actors.get(item[0]) is None:
            raise Rejected("unknown_commune", "A recipient commune is not known.")
    listed = {bytes(item[0]) for item in keys}
    for reader_id in listed:
        reader = led.actors.get(reader_id)
        if reader is not None and reader.role == Role.LAPTOP:
            _laptop_reader(led, view, reader, listed, f)
    led.store.run(
        "INSERT INTO documents (id, actor, commune, name, sha256, size, mime, body, created, "
        "author, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            tx.id,
            actor.id,
            actor.commune,
            name,
            sha256,
            size,
            mime,
            cbor.encode(tx.body),
            tx.time,
            view.author,
            view.seq,
        ),
    )
    led.bump("documents")


def _laptop_reader(
    led: RuleContext, view: View, reader: Actor, listed: set[bytes], f: Fields
) -> None:
    """A further laptop of a recipient commune reads the document with its own key: it must be
    in service in the publication's past, and its commune a recipient too (docs/ledger.md,
    "Transport and documents")."""
    if reader.commune not in listed:
        raise f.bad("a laptop receives a document only with its commune")
    if reader.id not in laptops.in_service(led.store, view, reader.commune):
        raise Rejected(
            "unknown_laptop",
            "A recipient laptop is not in service at that point (added, not retired).",
        )
