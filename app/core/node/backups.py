"""Backups of a profile: every key, the genesis and our own feed, sealed with a passphrase."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.atomic import write_atomic
from app.core.crypto.backup import open_backup, seal_backup
from app.core.crypto.kdf import KdfParams
from app.core.crypto.keys import Identity, KeyPair
from app.core.encoding import cbor
from app.core.errors import NotFound, ProfileDamaged
from app.core.ledger import incarnation
from app.core.node.node import FEED, REKEY_KID, Node
from app.core.store import profile
from app.core.store.keyring import KeyRow

# Kept by a further laptop from its commune's offer (app/sync/laptop_invite.py names them).
OFFER_META = ("laptop_offer_commune", "laptop_offer_key")


def write(node: Node, target: Path, passphrase: str) -> None:
    """Writes the backup to `target`, sealed with the profile's own passphrase: a typo there
    would make a backup nobody can open, so a passphrase that does not open the profile is
    refused (WrongPassphrase) before anything is written."""
    profile.open_store(node.home, profile.unlock_key(node.home, passphrase)).close()
    write_atomic(target, export(node, passphrase))


def export(node: Node, passphrase: str, params: KdfParams | None = None) -> bytes:
    me = node.feed  # a further laptop's own feed (docs/ledger.md, "A commune's devices")
    doc = {
        "commune": node.commune,
        "name": (node.store.meta("commune_name") or b"").decode(),
        "member": node.store.meta("member") or b"",
        "genesis": node.store.meta("genesis") or b"",
        # A member's key sealed under their PIN travels sealed: [actor, b"", b"", kid, sealed].
        "keys": [
            [k.actor, k.seed, k.next_seed]
            if k.sealed is None
            else [k.actor, b"", b"", k.kid, k.sealed]
            for k in node.keyring.export()
        ],
        # A new node key asked for and not approved yet: the restored laptop must wait for it
        # too, and never sign under the old key meanwhile (docs/ledger.md, re-keying).
        "rekey": node.store.meta(REKEY_KID) or b"",
        # A further laptop of its commune: the feed it writes, never its commune's, and the
        # node key its commune's invitations are signed with (its transport keys come back in
        # the next invitation its first laptop writes on a stick).
        "laptop": node.store.meta(FEED) or b"",
        "offer": [node.store.meta(k) or b"" for k in OFFER_META],
        # Our own blocks: a restored laptop must never sign a second block for a seq it used.
        "feed": [
            bytes(r[0])
            for r in node.store.all("SELECT data FROM blocks WHERE author = ? ORDER BY seq", (me,))
        ],
    }
    return seal_backup(cbor.encode(doc), passphrase, params)


def restore(
    home: Path,
    backup: bytes,
    backup_passphrase: str,
    passphrase: str,
    params: KdfParams | None = None,
) -> Node:
    doc: Any = cbor.decode(open_backup(backup, backup_passphrase))
    if not isinstance(doc, dict) or "keys" not in doc:
        raise ProfileDamaged("This backup holds no keys. Choose another backup file.")
    from app.core.store import profile

    store = profile.create(home, passphrase, params)
    node = Node(home, store)
    with store.transaction():
        for entry in doc["keys"]:
            if len(entry) == 5:
                actor, _, _, kid, sealed = entry
                node.keyring.restore(KeyRow(bytes(actor), bytes(kid), b"", b"", bytes(sealed)))
                continue
            actor, seed, next_seed = entry
            node.keyring.add(
                Identity(bytes(actor), KeyPair(bytes(seed)), KeyPair(bytes(next_seed)))
            )
        store.set_meta("commune", bytes(doc["commune"]))
        store.set_meta("commune_name", doc["name"].encode())
        incarnation.start(store)
        if doc["member"]:
            store.set_meta("member", bytes(doc["member"]))
        if doc.get("rekey"):
            store.set_meta(REKEY_KID, bytes(doc["rekey"]))
        if doc.get("laptop"):
            store.set_meta(FEED, bytes(doc["laptop"]))
            for name, value in zip(OFFER_META, doc.get("offer") or [], strict=False):
                if value:
                    store.set_meta(name, bytes(value))
    if doc["genesis"]:
        node.adopt(bytes(doc["genesis"]))
        # A group of blocks per store commit, as an import (bench.restore): a restore stopped
        # halfway loses at most a group more than one commit a block did, and a restored laptop
        # signs nothing until a commune has told it its own head (app/core/ledger/incarnation.py).
        node.receive_all([bytes(block) for block in doc["feed"]])
    return node


def paper_seed(node: Node) -> bytes:
    """The node key's seed: with the genesis from any commune, it rebuilds this identity.
    A further laptop of a commune has none: it holds no node key, and is replaced by
    retiring it and adding a new one."""
    if node.feed != node.commune:
        raise NotFound(
            "This laptop is a further laptop of its commune: it has no paper backup. Make a "
            "backup file, or add a new laptop from the commune's first one.",
            code="laptop_no_paper",
        )
    return node.keyring.identity(node.commune).current.seed


# The node key whose paper backup was last printed here (local, never synced): a new node key
# makes that paper useless, so the home screen asks for a new one.
PAPER_PRINTED = "paper_printed_kid"


def record_paper_printed(node: Node) -> None:
    """The person printed (or saved) the paper backup of the current node key."""
    node.store.set_meta(PAPER_PRINTED, node.keyring.identity(node.commune).current.kid)


def paper_printed(node: Node) -> bool:
    """Whether the paper backup of the current node key was printed here; a further laptop has
    none to print, so for it the answer is yes."""
    if node.feed != node.commune:
        return True
    return node.store.meta(PAPER_PRINTED) == node.keyring.identity(node.commune).current.kid


def restore_from_paper(
    home: Path, seed_text: str, passphrase: str, params: KdfParams | None = None
) -> Node:
    """A profile holding only the commune's node key, typed from the paper backup.

    Everything else comes back from the network: an invitation gives the genesis and the
    transport keys, and sticks bring back the commune's own feed. The paper does not carry the
    committed next key, so a fresh one is committed here; rotating the node key afterwards goes
    through an epoch (docs/ledger.md). Members re-register on the restored laptop.
    """
    from app.core.crypto.paper import text_to_seed
    from app.core.store import profile

    current = KeyPair(text_to_seed(seed_text))
    store = profile.create(home, passphrase, params)
    node = Node(home, store)
    with store.transaction():
        node.keyring.add(Identity(current.kid, current, KeyPair.generate()))
        store.set_meta("commune", current.kid)
        incarnation.start(store)
        # The name comes back with the genesis (invite.accept); until then, the id stands in.
        store.set_meta("commune_name", current.kid.hex().encode())
    return node
