"""This laptop's private keys, kept only inside the encrypted store.

The profile's passphrase opens the store. A member's seeds may in addition be sealed under that
member's own PIN (Argon2id, then a secret box): whoever unlocks the profile then still cannot
sign as that member without their PIN. The commune's node key is never sealed this way: it signs
the commune's blocks and its governance, under the profile's passphrase alone.

An unlocked member stays unlocked in memory only, for this session (see Node.act); nothing
derived from a PIN is ever written.
"""

from __future__ import annotations

import struct
import time
from collections.abc import Callable
from dataclasses import dataclass

import nacl.secret
from nacl.exceptions import CryptoError

from app.core.crypto import kdf
from app.core.crypto.keys import Identity, KeyPair
from app.core.errors import MemberLocked, NotFound, ObambuError, PinWait, WrongPin
from app.core.store.store import Store

PIN_MIN = 4
FREE_TRIES = 3  # wrong PINs allowed before the waiting starts: fingers slip
WAIT_FIRST = 30  # seconds after the first mistake past the free ones
WAIT_CAP = 3600  # seconds: the longest wait, reached after the eighth wrong PIN in a row

_MAGIC = b"OPIN1"
_HEADER = struct.Struct(">IQ")  # Argon2id opslimit, memlimit
_SEEDS = 64
_SEALED_SIZE = (
    len(_MAGIC) + kdf.SALT_SIZE + _HEADER.size + nacl.secret.SecretBox.NONCE_SIZE + 16 + _SEEDS
)


@dataclass(frozen=True)
class _Unlocked:
    """What a typed PIN gave: the box key, and the salt and cost it was derived with."""

    key: bytes
    salt: bytes
    params: kdf.KdfParams


@dataclass(frozen=True)
class KeyRow:
    """One key as a backup carries it: plain seeds, or the sealed blob (seeds then empty)."""

    actor: bytes
    kid: bytes
    seed: bytes
    next_seed: bytes
    sealed: bytes | None


class Keyring:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._open: dict[bytes, _Unlocked] = {}
        # Who to ask for a locked member's PIN at the moment of signing (the command line sets
        # it; the window asks in its own dialog before signing, so it leaves it unset).
        self.ask_pin: Callable[[bytes], str | None] | None = None

    def add(self, identity: Identity) -> None:
        """Keeps a key; a member with a PIN gets the new key sealed under the same PIN."""
        seeds = identity.current.seed + identity.following.seed
        sealed: bytes | None = None
        if self.has_pin(identity.actor):
            sealed = _seal(self._unlocked(identity.actor), seeds)
        self.store.run(
            "INSERT INTO keyring (kid, actor, seed, next_seed, created, sealed) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                identity.current.kid,
                identity.actor,
                b"" if sealed else identity.current.seed,
                b"" if sealed else identity.following.seed,
                time.time_ns(),
                sealed,
            ),
        )

    def replace(
        self, identity: Identity, pin: str | None, params: kdf.KdfParams | None = None
    ) -> None:
        """A re-issued key (a forgotten PIN): the member's older keys here, sealed under the
        PIN they forgot and revoked by the ledger, are dropped with their count of wrong PINs;
        the new key is kept, sealed under `pin` if one is given, and left locked."""
        self.store.run("DELETE FROM keyring WHERE actor = ?", (identity.actor,))
        self.store.run("DELETE FROM meta WHERE key IN (?, ?)", _wait_keys(identity.actor))
        self._open.pop(identity.actor, None)
        self.add(identity)
        if pin is not None:
            self.set_pin(identity.actor, pin, params)
            self.lock(identity.actor)

    def restore(self, row: KeyRow) -> None:
        """Keeps a key read back from a backup, sealed as it was."""
        self.store.run(
            "INSERT INTO keyring (kid, actor, seed, next_seed, created, sealed) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (row.kid, row.actor, row.seed, row.next_seed, time.time_ns(), row.sealed),
        )

    def identity(self, actor: bytes) -> Identity:
        """The newest key of `actor` held here, with its committed successor."""
        row = self.store.one(
            "SELECT seed, next_seed, sealed FROM keyring WHERE actor = ? "
            "ORDER BY created DESC LIMIT 1",
            (actor,),
        )
        if row is None:
            raise NotFound("This laptop holds no key for that member. Use the member's own laptop.")
        seed, next_seed = self._seeds(actor, row[0], row[1], row[2])
        return Identity(actor, KeyPair(seed), KeyPair(next_seed))

    def by_kid(self, kid: bytes) -> KeyPair:
        row = self.store.one(
            "SELECT actor, seed, next_seed, sealed FROM keyring WHERE kid = ?", (kid,)
        )
        if row is None:
            raise NotFound("This laptop does not hold that key.")
        seed, _ = self._seeds(bytes(row[0]), row[1], row[2], row[3])
        return KeyPair(seed)

    def export(self) -> list[KeyRow]:
        """Every key, oldest first, sealed ones still sealed: what a backup must hold."""
        rows = self.store.all(
            "SELECT actor, kid, seed, next_seed, sealed FROM keyring ORDER BY created"
        )
        return [
            KeyRow(bytes(a), bytes(k), bytes(s), bytes(n), None if x is None else bytes(x))
            for a, k, s, n, x in rows
        ]

    # --- PINs -----------------------------------------------------------------------------

    def has_pin(self, actor: bytes) -> bool:
        return bool(
            self.store.value(
                "SELECT count(*) FROM keyring WHERE actor = ? AND sealed IS NOT NULL", (actor,)
            )
        )

    def is_unlocked(self, actor: bytes) -> bool:
        return actor in self._open or not self.has_pin(actor)

    def unlock(self, actor: bytes, pin: str) -> None:
        """Opens `actor`'s keys for this session, or raises WrongPin / PinWait.

        Wrong PINs are counted in the store, so closing the program does not reset them; after
        FREE_TRIES the next try waits, twice as long each time.
        """
        row = self.store.one(
            "SELECT sealed FROM keyring WHERE actor = ? AND sealed IS NOT NULL "
            "ORDER BY created DESC LIMIT 1",
            (actor,),
        )
        if row is None:
            if not self.store.value("SELECT count(*) FROM keyring WHERE actor = ?", (actor,)):
                raise NotFound("This laptop holds no key for that member. Use their own laptop.")
            return  # no PIN set yet: nothing to open
        self._check_wait(actor)
        salt, params = _header(bytes(row[0]))
        unlocked = _Unlocked(kdf.derive_key(pin, salt, params), salt, params)
        try:
            _open(unlocked, bytes(row[0]))
        except WrongPin:
            self._count_failure(actor)
            raise
        self.store.run("DELETE FROM meta WHERE key IN (?, ?)", _wait_keys(actor))
        self._open[actor] = unlocked

    def lock(self, actor: bytes | None = None) -> None:
        """Forgets a member's opened keys (every member's without `actor`)."""
        if actor is None:
            self._open.clear()
        else:
            self._open.pop(actor, None)

    def set_pin(self, actor: bytes, pin: str, params: kdf.KdfParams | None = None) -> None:
        """Seals every key of `actor` under a new PIN; they must be open (or have no PIN)."""
        check_pin(pin)
        rows = self.store.all(
            "SELECT kid, seed, next_seed, sealed FROM keyring WHERE actor = ?", (actor,)
        )
        if not rows:
            raise NotFound("This laptop holds no key for that member. Use their own laptop.")
        salt = kdf.new_salt()
        cost = params or kdf.default_params()
        new = _Unlocked(kdf.derive_key(pin, salt, cost), salt, cost)
        with self.store.savepoint("pin"):
            for kid, seed, next_seed, sealed in rows:
                plain = self._seeds(actor, seed, next_seed, sealed)
                self.store.run(
                    "UPDATE keyring SET seed = ?, next_seed = ?, sealed = ? WHERE kid = ?",
                    (b"", b"", _seal(new, plain[0] + plain[1]), kid),
                )
        self._open[actor] = new

    def _seeds(
        self, actor: bytes, seed: bytes, next_seed: bytes, sealed: bytes | None
    ) -> tuple[bytes, bytes]:
        if sealed is None:
            return bytes(seed), bytes(next_seed)
        seeds = _open(self._unlocked(actor), bytes(sealed))
        return seeds[:32], seeds[32:]

    def _unlocked(self, actor: bytes) -> _Unlocked:
        # Never asked inside a store transaction: a wrong PIN's count would be rolled back with
        # it, and guesses would cost nothing. Callers open the key before (documents.publish).
        in_transaction = bool(self.store.conn.in_transaction)
        if actor not in self._open and self.ask_pin is not None and not in_transaction:
            pin = self.ask_pin(actor)
            if pin is not None:
                self.unlock(actor, pin)
        if actor not in self._open:
            raise MemberLocked(actor)
        return self._open[actor]

    def _check_wait(self, actor: bytes) -> None:
        until = self.store.meta(_wait_keys(actor)[1])
        if until is not None:
            left = int.from_bytes(until, "big") - int(time.time())
            if left > 0:
                raise PinWait(seconds=left)

    def _count_failure(self, actor: bytes) -> None:
        count_key, until_key = _wait_keys(actor)
        failures = int.from_bytes(self.store.meta(count_key) or b"", "big") + 1
        self.store.set_meta(count_key, failures.to_bytes(4, "big"))
        wait = pin_wait(failures)
        if wait:
            self.store.set_meta(until_key, (int(time.time()) + wait).to_bytes(8, "big"))


def check_pin(pin: str) -> None:
    """Refuses a PIN too short to set."""
    if len(pin) < PIN_MIN:
        raise ObambuError(
            f"A PIN has at least {PIN_MIN} characters. Choose a longer one.",
            code="pin_too_short",
            params={"least": PIN_MIN},
        )


def pin_wait(failures: int) -> int:
    """Seconds to wait after `failures` wrong PINs in a row: none for the first few, then
    30 s, 1 min, 2 min… up to an hour. Guessing 10,000 four-digit PINs this way
    at the laptop takes months."""
    if failures < FREE_TRIES:
        return 0
    return int(min(WAIT_FIRST * 2 ** (failures - FREE_TRIES), WAIT_CAP))


def _wait_keys(actor: bytes) -> tuple[str, str]:
    return f"pin_failures:{actor.hex()}", f"pin_wait_until:{actor.hex()}"


def _seal(unlocked: _Unlocked, seeds: bytes) -> bytes:
    p = unlocked.params
    box = nacl.secret.SecretBox(unlocked.key).encrypt(seeds)
    return _MAGIC + unlocked.salt + _HEADER.pack(p.opslimit, p.memlimit) + bytes(box)


def _header(sealed: bytes) -> tuple[bytes, kdf.KdfParams]:
    # Stored by us inside the encrypted store, but a backup brings it back: check it all.
    if len(sealed) != _SEALED_SIZE or not sealed.startswith(_MAGIC):
        raise ObambuError(
            "A member's sealed key is damaged. Re-issue their key (`obambu member rekey`).",
            code="pin_seal_damaged",
        )
    at = len(_MAGIC)
    salt = sealed[at : at + kdf.SALT_SIZE]
    ops, mem = _HEADER.unpack_from(sealed, at + kdf.SALT_SIZE)
    try:
        params = kdf.KdfParams(opslimit=ops, memlimit=mem)
    except ValueError as exc:
        raise ObambuError(
            "A member's sealed key is damaged. Re-issue their key (`obambu member rekey`).",
            code="pin_seal_damaged",
        ) from exc
    return salt, params


def _open(unlocked: _Unlocked, sealed: bytes) -> bytes:
    _header(sealed)
    box = sealed[len(_MAGIC) + kdf.SALT_SIZE + _HEADER.size :]
    try:
        return bytes(nacl.secret.SecretBox(unlocked.key).decrypt(box))
    except CryptoError as exc:
        raise WrongPin() from exc
