"""A laptop profile: a folder holding the encrypted database and a small plaintext header.

The header holds only what is needed to derive the key (format, salt, Argon2id limits): no
name, no key, nothing about the network.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.core.atomic import write_atomic
from app.core.crypto.kdf import KdfParams, default_params, derive_key, new_salt
from app.core.errors import ProfileDamaged, ProfileExists, ProfileMissing, ProfileReadOnly
from app.core.store.store import Store

HEADER = "profile.json"
DATABASE = "obambu.db"
FORMAT = "obambu-profile-1"


@dataclass(frozen=True)
class Header:
    salt: bytes
    kdf: KdfParams

    def to_json(self) -> bytes:
        doc = {"format": FORMAT, "salt": self.salt.hex(), "kdf": self.kdf.to_dict()}
        return json.dumps(doc, indent=2).encode() + b"\n"

    @classmethod
    def from_json(cls, data: bytes) -> Header:
        try:
            doc = json.loads(data)
            if doc.get("format") != FORMAT:
                raise ValueError("unknown format")
            return cls(bytes.fromhex(doc["salt"]), KdfParams.from_dict(doc["kdf"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise ProfileDamaged(
                "The profile header is damaged. Restore the profile from a backup."
            ) from exc


def exists(home: Path) -> bool:
    return (home / HEADER).exists()


def create(home: Path, passphrase: str, params: KdfParams | None = None) -> Store:
    """A new, empty encrypted store in `home`."""
    if exists(home):
        raise ProfileExists(
            f"A profile already exists in {home}. Choose another folder or open that one."
        )
    home.mkdir(parents=True, exist_ok=True)
    header = Header(new_salt(), params or default_params())
    key = derive_key(passphrase, header.salt, header.kdf)
    store = Store.open(home / DATABASE, key, create=True)
    write_atomic(home / HEADER, header.to_json())
    return store


def read_header(home: Path) -> Header:
    if not exists(home):
        raise ProfileMissing(
            f"There is no profile in {home}. Create one with 'obambu init' or choose its folder."
        )
    return Header.from_json((home / HEADER).read_bytes())


def unlock_key(home: Path, passphrase: str) -> bytes:
    """The Argon2id step alone, so that its cost can be measured apart from opening."""
    header = read_header(home)
    check_writable(home)
    return derive_key(passphrase, header.salt, header.kdf)


def check_writable(home: Path) -> None:
    """A profile is opened to be written (its journal lives beside the database), so a folder
    or a database this account cannot write is said as such, before the passphrase is tried:
    SQLCipher would report it as a key that does not open the file."""
    try:
        with tempfile.TemporaryFile(dir=home):
            pass
        os.close(os.open(home / DATABASE, os.O_RDWR))  # opened for writing, nothing written
    except FileNotFoundError:
        return  # a missing database is said by Store.open, with its own sentence
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
        raise ProfileReadOnly(home, exc.strerror or "read-only") from exc


def open_store(home: Path, key: bytes) -> Store:
    read_header(home)
    return Store.open(home / DATABASE, key)
