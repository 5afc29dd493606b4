"""The network's transport keys: what sticks and links are encrypted under.

A key is created with the genesis (key epoch 0) and may be replaced by an epoch proposal; each
is sealed to every authority's node key, so it travels inside the ledger itself and a commune
needs nothing but its own node key to open it. Old keys are kept: a stick written months ago
must still open.
"""

from __future__ import annotations

import nacl.utils

from app.core.crypto.boxes import open_key, seal_key
from app.core.encoding.cose import kid_of
from app.core.errors import NotFound, Rejected
from app.core.ledger.objects import Authority
from app.core.store.keyring import Keyring
from app.core.store.store import Store

KEY_BYTES = 32


def new_key() -> bytes:
    return bytes(nacl.utils.random(KEY_BYTES))


def seal(key: bytes, authorities: list[Authority]) -> list[bytes]:
    """One sealed copy of `key` per authority, in the authorities' order."""
    return [seal_key(key, a.public_key) for a in authorities]


def record(store: Store, epoch: int, authorities: list[Authority], sealed: list[bytes]) -> None:
    for authority, box in zip(authorities, sealed, strict=True):
        store.run(
            "INSERT OR IGNORE INTO transport_keys (epoch, commune, kid, sealed) "
            "VALUES (?, ?, ?, ?)",
            (epoch, authority.commune, kid_of(authority.public_key), box),
        )


def newest(store: Store, keyring: Keyring, commune: bytes) -> tuple[int, bytes]:
    """The newest key epoch this commune can open, and its key: what we encrypt under."""
    epoch = store.value(
        "SELECT max(epoch) FROM transport_keys WHERE commune = ?", (commune,), default=None
    )
    if epoch is None:
        raise NotFound(
            "This laptop holds no transport key for its network. Join the network again."
        )
    key = key_for(store, keyring, commune, int(epoch))
    assert key is not None  # the row exists
    return int(epoch), key


def key_for(store: Store, keyring: Keyring, commune: bytes, epoch: int) -> bytes | None:
    """The key of `epoch`, or None when it was never sealed to us."""
    row = store.one(
        "SELECT kid, sealed FROM transport_keys WHERE epoch = ? AND commune = ?", (epoch, commune)
    )
    if row is None:
        return None
    kid, sealed = bytes(row[0]), bytes(row[1])
    try:
        return open_key(sealed, keyring.by_kid(kid).seed)
    except (NotFound, Rejected):
        return None
