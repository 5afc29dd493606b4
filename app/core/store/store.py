"""The encrypted store: one SQLCipher database per laptop profile.

The database key is derived from the passphrase with Argon2id and handed to SQLCipher as a raw
key, so SQLCipher's own PBKDF2 never runs: Argon2id is memory-hard, PBKDF2 is not.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3

from app.core.errors import ProfileBusy, ProfileDamaged, ProfileReadOnly, WrongPassphrase
from app.core.store.schema import MIGRATIONS

Row = tuple[Any, ...]
DatabaseError = sqlcipher3.DatabaseError
IntegrityError = sqlcipher3.IntegrityError

# The driver binds a `bytearray` parameter at once (~0.3 µs) but looks a `bytes` one up as a
# possible adapted type first (two failed attribute look-ups, ~1.0 µs): with this adapter
# registered that look-up hits at once. Ids and signed objects are `bytes` throughout, about
# ten of them per applied transaction (issue 21, docs/performance.md); SQLite stores the same
# blob either way, and reads still return `bytes`.
sqlcipher3.register_adapter(bytes, bytearray)


class Store:
    """A connection to the profile database, with explicit transactions.

    The window's store worker and its long jobs (a sync session, a relay visit) share this one
    connection: every call and every transaction holds `lock` while it runs, so a job holds the
    store only for the moments it reads or writes, and never sees another thread's half-done
    transaction. `held()` keeps it for a longer span (one whole operation of the worker).
    """

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        # `run`'s one cursor: `conn.execute` makes a cursor a statement (and a weak reference
        # to it), 14.7 against 10.9 thousand instructions for an insert, and an import runs
        # about two a transaction (docs/performance.md, "The applying process, leaner"). Only
        # `run` uses it, under the lock, and only for statements that return no rows, which
        # the driver resets as they finish: nothing is left pending on it.
        self._writer = conn.cursor()
        self.lock = threading.RLock()
        self._tentative = False  # inside `tentative()`: each transaction is a savepoint of it
        self._count = threading.Lock()
        self._waiting = 0  # threads waiting in `held()`

    @contextmanager
    def held(self) -> Iterator[None]:
        """The calling thread has the connection to itself while the block runs."""
        with self._count:
            self._waiting += 1
        try:
            self.lock.acquire()
        finally:
            with self._count:
                self._waiting -= 1
        try:
            yield
        finally:
            self.lock.release()

    def wanted(self) -> bool:
        """Whether another thread waits in `held()` (a screen's question): a group commit
        ends at its next block for it, so it waits for one block, not a whole group."""
        return self._waiting > 0

    @classmethod
    def open(cls, path: Path, key: bytes, *, create: bool = False) -> Store:
        if not create and not path.exists():
            raise ProfileDamaged(
                f"The database {path} is missing. Restore the profile from a backup."
            )
        if create and not path.exists():
            # Encrypted or not, the database is nobody else's business on a shared laptop.
            path.touch(mode=0o600)
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
        try:
            _unlock(conn, key)
            store = cls(conn)
            store._configure()
            store._migrate()
        except (sqlcipher3.DatabaseError, sqlite3.DatabaseError) as exc:
            conn.close()
            if _read_only(exc):
                raise ProfileReadOnly(path.parent, "read-only database") from exc
            raise
        except BaseException:
            conn.close()
            raise
        return store

    def _configure(self) -> None:
        self.conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a block reported applied survives a power cut, WAL or not.
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        # Temporary tables and sort spills stay in memory: SQLCipher does not encrypt them.
        self.conn.execute("PRAGMA temp_store = MEMORY")

    def _migrate(self) -> None:
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if version > len(MIGRATIONS):
            raise ProfileDamaged(
                "This profile was written by a newer Obambu. Install that version to open it."
            )
        for number in range(version, len(MIGRATIONS)):
            with self.transaction():
                for statement in _statements(MIGRATIONS[number]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit: all of it reaches the disk, or none of it does."""
        with self.lock:
            unit = self.savepoint("unit") if self._tentative else self._transaction()
            with unit:
                yield

    @contextmanager
    def tentative(self) -> Iterator[None]:
        """Work made of several transactions that reaches the disk whole, or not at all: each
        transaction inside is a savepoint of one outer transaction, committed when the block
        ends normally and rolled back if it raises (joining a network: docs/sync.md)."""
        with self.lock:
            if self._tentative:
                raise RuntimeError("tentative work does not nest")
            with self._transaction():
                self._tentative = True
                try:
                    yield
                finally:
                    self._tentative = False

    @contextmanager
    def grouped(self) -> Iterator[None]:
        """Group commit: the transactions inside become savepoints of one outer transaction,
        committed (synchronous=FULL, once) when the block ends normally, all rolled back if it
        raises. A unit refused inside rolls back to its own savepoint only. Inside tentative
        work the group is simply part of it. For foreign data only: a laptop's own sealed
        block keeps its own commit (losing it could make the node sign a sequence twice)."""
        with self.lock:
            if self._tentative:
                yield
                return
            with self.tentative():
                yield

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlcipher3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            # Another window or command is writing (after SQLite's own wait): nothing started.
            raise ProfileBusy(
                "This profile is in use by another Obambu window or command. Close it, then "
                "try again; nothing was changed."
            ) from exc
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def trial(self, name: str = "trial") -> Iterator[None]:
        """A nested unit that is always rolled back: for trying something and looking."""
        with self.lock:
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            finally:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")

    @contextmanager
    def savepoint(self, name: str = "keep") -> Iterator[None]:
        """A nested unit kept if its block ends normally, undone if it raises."""
        with self.lock:
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
                raise
            self.conn.execute(f"RELEASE {name}")

    def one(self, sql: str, args: tuple[Any, ...] = ()) -> Row | None:
        with self.lock:
            row: Row | None = self.conn.execute(sql, args).fetchone()
        return row

    def all(self, sql: str, args: tuple[Any, ...] = ()) -> list[Row]:
        with self.lock:
            rows: list[Row] = self.conn.execute(sql, args).fetchall()
        return rows

    def value(self, sql: str, args: tuple[Any, ...] = (), default: Any = None) -> Any:
        row = self.one(sql, args)
        return default if row is None else row[0]

    def run(self, sql: str, args: tuple[Any, ...] = ()) -> None:
        """A statement that changes the store and returns no rows (INSERT, UPDATE, DELETE)."""
        with self.lock:
            self._writer.execute(sql, args)

    def meta(self, key: str) -> bytes | None:
        value: bytes | None = self.value("SELECT value FROM meta WHERE key = ?", (key,))
        return value

    def set_meta(self, key: str, value: bytes) -> None:
        self.run("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def bump(self, name: str, delta: int = 1) -> None:
        self.run(
            "INSERT INTO counters (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
            (name, delta),
        )

    def set_counter(self, name: str, value: int) -> None:
        self.run("INSERT OR REPLACE INTO counters (name, value) VALUES (?, ?)", (name, value))

    def counter(self, name: str) -> int:
        return int(self.value("SELECT value FROM counters WHERE name = ?", (name,), 0))

    def close(self) -> None:
        with self.lock:  # after the transaction of a job, never in its middle
            self.conn.close()


def _unlock(conn: Any, key: bytes) -> None:
    # SQLCipher logs a failed HMAC check to stderr; a wrong passphrase is not worth a log line.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (sqlcipher3.DatabaseError, sqlite3.DatabaseError) as exc:
        if _read_only(exc):
            raise  # the right key, on a file or folder this account cannot write
        raise WrongPassphrase() from exc


def _read_only(exc: Exception) -> bool:
    """SQLite's READONLY, CANTOPEN and PERM (primary codes), not NOTADB: a wrong key."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (3, 8, 14)


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT our open transaction; split instead (no ';' inside strings).
    return [part.strip() for part in script.split(";") if part.strip()]
