"""Passphrase-encrypted backup files.

Layout, version 1 (integers big-endian):

    magic        14  b"OBAMBU-BACKUP\\n"
    version       1  0x01
    opslimit      4  Argon2id passes
    memlimit      8  Argon2id memory in bytes
    salt         16
    body_length   8  length of everything after the header
    -- header: 51 bytes, all of it authenticated as associated data --
    nonce        24
    ciphertext   len(payload) + 16 (Poly1305 tag)

Cipher: XChaCha20-Poly1305 via nacl.secret.Aead, the AEAD sibling of SecretBox. SecretBox has
no associated data, so binding the header there would need a second key and a separate MAC;
the AEAD binds it in one primitive. Without that binding an attacker could, for example, lower
the KDF cost in a copy of the file without being noticed until decryption.

The key is fresh for every file (random salt), so the random nonce can never repeat under a key.
body_length lets a cut-short file be reported as such instead of as a wrong passphrase.
"""

from __future__ import annotations

import struct
from enum import StrEnum

import nacl.exceptions
import nacl.secret

from app.core.crypto.kdf import SALT_SIZE, KdfParams, default_params, derive_key, new_salt
from app.core.errors import ObambuError

MAGIC = b"OBAMBU-BACKUP\n"
VERSION = 1
_FIXED = struct.Struct(">BIQ16sQ")  # version, opslimit, memlimit, salt, body_length
HEADER_SIZE = len(MAGIC) + _FIXED.size
_MIN_BODY = nacl.secret.Aead.NONCE_SIZE + nacl.secret.Aead.MACBYTES


class BackupProblem(StrEnum):
    """Why a backup did not open; the value is the error code the UI translates."""

    NOT_A_BACKUP = "backup_not_a_backup"
    TRUNCATED = "backup_truncated"
    CORRUPTED = "backup_corrupted"
    UNSUPPORTED_VERSION = "backup_unsupported_version"
    # AEAD cannot tell a wrong key from a damaged body, so the code and message name both;
    # errors.WrongPassphrase would claim more than we know.
    WRONG_PASSPHRASE = "backup_wrong_passphrase_or_damaged"


_MESSAGES = {
    BackupProblem.NOT_A_BACKUP: (
        "This file is not an Obambu backup. Choose the file that Obambu saved as a backup."
    ),
    BackupProblem.TRUNCATED: (
        "The backup file is incomplete, probably cut short while copying. "
        "Copy it again from the original and retry."
    ),
    BackupProblem.CORRUPTED: "The backup file is damaged. Open another copy of the backup.",
    BackupProblem.UNSUPPORTED_VERSION: (
        "This backup was made by a newer version of Obambu. "
        "Update Obambu, then open the backup again."
    ),
    BackupProblem.WRONG_PASSPHRASE: (
        "The passphrase is wrong or the backup file is damaged. "
        "Check the passphrase, including capital letters, and try again."
    ),
}


class BackupError(ObambuError, ValueError):
    """A backup could not be opened; `reason` (and `code`) say why, str(error) tells the user."""

    def __init__(self, reason: BackupProblem) -> None:
        super().__init__(_MESSAGES[reason], code=reason.value)
        self.reason = reason


def seal_backup(payload: bytes, passphrase: str, params: KdfParams | None = None) -> bytes:
    if not passphrase:
        raise ValueError("The passphrase is empty. Choose a passphrase to protect the backup.")
    params = params if params is not None else default_params()
    salt = new_salt()
    body_length = nacl.secret.Aead.NONCE_SIZE + len(payload) + nacl.secret.Aead.MACBYTES
    header = MAGIC + _FIXED.pack(VERSION, params.opslimit, params.memlimit, salt, body_length)
    box = nacl.secret.Aead(derive_key(passphrase, salt, params))
    body = bytes(box.encrypt(payload, aad=header))  # nonce || ciphertext || tag
    assert len(body) == body_length
    return header + body


def open_backup(data: bytes, passphrase: str) -> bytes:
    """Payload of a sealed backup, or BackupError with the most specific reason available."""
    if not data.startswith(MAGIC):
        # A strict prefix of the magic (even empty) is a copy that stopped early.
        if MAGIC.startswith(data):
            raise BackupError(BackupProblem.TRUNCATED)
        raise BackupError(BackupProblem.NOT_A_BACKUP)
    if len(data) == len(MAGIC):
        raise BackupError(BackupProblem.TRUNCATED)
    # Check the version before anything else: a newer format may have a different header size.
    version = data[len(MAGIC)]
    if version > VERSION:
        raise BackupError(BackupProblem.UNSUPPORTED_VERSION)
    if version != VERSION:
        raise BackupError(BackupProblem.CORRUPTED)  # no release ever wrote version 0
    if len(data) < HEADER_SIZE:
        raise BackupError(BackupProblem.TRUNCATED)

    header, body = data[:HEADER_SIZE], data[HEADER_SIZE:]
    _, opslimit, memlimit, salt, body_length = _FIXED.unpack(header[len(MAGIC) :])
    if body_length < _MIN_BODY:
        raise BackupError(BackupProblem.CORRUPTED)
    if len(body) < body_length:
        raise BackupError(BackupProblem.TRUNCATED)
    if len(body) > body_length:
        raise BackupError(BackupProblem.CORRUPTED)
    try:
        # Out-of-range costs can only come from damage, and must be refused before Argon2 runs.
        params = KdfParams(opslimit=opslimit, memlimit=memlimit)
    except ValueError:
        raise BackupError(BackupProblem.CORRUPTED) from None
    assert len(salt) == SALT_SIZE

    box = nacl.secret.Aead(derive_key(passphrase, salt, params))
    try:
        return box.decrypt(body, aad=header)
    except nacl.exceptions.CryptoError:
        raise BackupError(BackupProblem.WRONG_PASSPHRASE) from None
