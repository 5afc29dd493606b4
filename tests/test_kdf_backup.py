from __future__ import annotations

import struct
import unicodedata
from typing import Any

import pytest

from app.core.crypto import backup, kdf
from app.core.crypto.backup import BackupError, BackupProblem, open_backup, seal_backup
from app.core.crypto.kdf import INTERACTIVE, MODERATE, KdfParams, default_params, derive_key
from app.core.errors import ObambuError

PASS = "correct horse battery staple"
PAYLOAD = b"ledger snapshot \x00\xff" * 10


@pytest.fixture(scope="module")
def sealed() -> bytes:
    return seal_backup(PAYLOAD, PASS, INTERACTIVE)


def reason_of(data: bytes, passphrase: str = PASS) -> BackupProblem:
    with pytest.raises(BackupError) as info:
        open_backup(data, passphrase)
    assert str(info.value)  # every reason carries a sentence for the user
    assert info.value.code == info.value.reason.value
    return info.value.reason


# --- kdf ------------------------------------------------------------------------------------


def test_presets_match_libsodium() -> None:
    from nacl.pwhash import argon2id

    assert KdfParams(argon2id.OPSLIMIT_MODERATE, argon2id.MEMLIMIT_MODERATE) == MODERATE
    interactive = KdfParams(argon2id.OPSLIMIT_INTERACTIVE, argon2id.MEMLIMIT_INTERACTIVE)
    assert interactive == INTERACTIVE


def test_default_params_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OBAMBU_KDF", raising=False)
    assert default_params() == MODERATE
    monkeypatch.setenv("OBAMBU_KDF", "interactive")
    assert default_params() == INTERACTIVE
    monkeypatch.setenv("OBAMBU_KDF", " Interactive ")
    assert default_params() == INTERACTIVE
    monkeypatch.setenv("OBAMBU_KDF", "fast-please")  # unknown values err on the strong side
    assert default_params() == MODERATE


def test_derive_key_deterministic_and_salted() -> None:
    salt = bytes(range(16))
    key = derive_key(PASS, salt, INTERACTIVE)
    assert len(key) == 32
    assert derive_key(PASS, salt, INTERACTIVE) == key
    assert derive_key(PASS, bytes(16), INTERACTIVE) != key
    assert derive_key(PASS + "!", salt, INTERACTIVE) != key


def test_derive_key_normalises_unicode() -> None:
    salt = bytes(16)
    composed = "caf\u00e9 na\u00efve"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert derive_key(composed, salt, INTERACTIVE) == derive_key(decomposed, salt, INTERACTIVE)


def test_derive_key_rejects_bad_salt() -> None:
    with pytest.raises(ValueError, match="salt"):
        derive_key(PASS, bytes(15), INTERACTIVE)


def test_new_salt() -> None:
    a, b = kdf.new_salt(), kdf.new_salt()
    assert len(a) == 16 and a != b


def test_params_dict_round_trip() -> None:
    for params in (MODERATE, INTERACTIVE):
        assert params.to_dict() == {"opslimit": params.opslimit, "memlimit": params.memlimit}
        assert KdfParams.from_dict(params.to_dict()) == params


@pytest.mark.parametrize(
    "d",
    [
        {"opslimit": 1, "memlimit": INTERACTIVE.memlimit},  # weaker than INTERACTIVE
        {"opslimit": 0, "memlimit": INTERACTIVE.memlimit},
        {"opslimit": -3, "memlimit": INTERACTIVE.memlimit},
        {"opslimit": 10**6, "memlimit": INTERACTIVE.memlimit},  # hours of work
        {"opslimit": 3, "memlimit": 8192},
        {"opslimit": 3, "memlimit": 2**40},  # a terabyte of RAM
        {"opslimit": 3.0, "memlimit": INTERACTIVE.memlimit},
        {"opslimit": "3", "memlimit": INTERACTIVE.memlimit},
        {"opslimit": True, "memlimit": INTERACTIVE.memlimit},
        {"opslimit": 3, "memlimit": None},
        {"opslimit": 3},
        {"memlimit": INTERACTIVE.memlimit},
        {},
        {**MODERATE.to_dict(), "parallelism": 4},
        [3, 2**28],
        "opslimit",
        None,
    ],
)
def test_params_from_dict_rejects_absurd(d: Any) -> None:
    with pytest.raises(ValueError):
        KdfParams.from_dict(d)


def test_params_constructor_validates_too() -> None:
    with pytest.raises(ValueError):
        KdfParams(opslimit=1, memlimit=8192)


# --- backup: happy path ---------------------------------------------------------------------


def test_round_trip(sealed: bytes) -> None:
    assert sealed.startswith(backup.MAGIC)
    assert PAYLOAD not in sealed
    assert open_backup(sealed, PASS) == PAYLOAD


def test_round_trip_empty_payload() -> None:
    assert open_backup(seal_backup(b"", PASS, INTERACTIVE), PASS) == b""


def test_sealing_twice_differs() -> None:
    a, b = seal_backup(PAYLOAD, PASS, INTERACTIVE), seal_backup(PAYLOAD, PASS, INTERACTIVE)
    assert a != b  # fresh salt and nonce
    assert open_backup(b, PASS) == PAYLOAD


def test_params_are_stored_in_the_file(monkeypatch: pytest.MonkeyPatch, sealed: bytes) -> None:
    # Opening must use the file's params, not today's default.
    monkeypatch.delenv("OBAMBU_KDF", raising=False)
    assert default_params() == MODERATE
    _, ops, mem, _, _ = struct.unpack(">BIQ16sQ", sealed[len(backup.MAGIC) : backup.HEADER_SIZE])
    assert (ops, mem) == (INTERACTIVE.opslimit, INTERACTIVE.memlimit)
    assert open_backup(sealed, PASS) == PAYLOAD


def test_seal_uses_default_params(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OBAMBU_KDF", "interactive")
    data = seal_backup(b"x", PASS)
    (ops,) = struct.unpack(">I", data[len(backup.MAGIC) + 1 : len(backup.MAGIC) + 5])
    assert ops == INTERACTIVE.opslimit
    assert open_backup(data, PASS) == b"x"


def test_empty_passphrase_refused() -> None:
    with pytest.raises(ValueError, match="passphrase"):
        seal_backup(b"x", "", INTERACTIVE)


def test_passphrase_unicode_forms_open_each_other() -> None:
    data = seal_backup(b"x", "Gr\u00fc\u00dfe", INTERACTIVE)
    assert open_backup(data, unicodedata.normalize("NFD", "Gr\u00fc\u00dfe")) == b"x"


# --- backup: failures -----------------------------------------------------------------------


def test_wrong_passphrase(sealed: bytes) -> None:
    assert reason_of(sealed, "correct horse battery stapler") is BackupProblem.WRONG_PASSPHRASE
    assert reason_of(sealed, "") is BackupProblem.WRONG_PASSPHRASE


def test_error_is_a_value_error_and_an_obambu_error(sealed: bytes) -> None:
    with pytest.raises(ValueError, match="passphrase is wrong or the backup file is damaged"):
        open_backup(sealed, "nope")
    with pytest.raises(ObambuError) as info:
        open_backup(sealed, "nope")
    assert info.value.code == "backup_wrong_passphrase_or_damaged"


def test_truncated_at_every_length(sealed: bytes) -> None:
    # Every prefix: inside the magic, at the version, inside the header, inside the body.
    # None of them may reach Argon2 or be blamed on the passphrase.
    for cut in range(len(sealed)):
        assert reason_of(sealed[:cut]) is BackupProblem.TRUNCATED, cut


def test_trailing_garbage(sealed: bytes) -> None:
    assert reason_of(sealed + b"\x00") is BackupProblem.CORRUPTED


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 this is a zip file, not a backup" * 3,
        b"obambu-backup\n" + bytes(100),
        b"OBAMBU-BACKUP\r\n" + bytes(100),  # line endings mangled by a text-mode copy
        b"\n",
        b"X",
    ],
)
def test_bad_magic(data: bytes) -> None:
    assert reason_of(data) is BackupProblem.NOT_A_BACKUP


def test_newer_version(sealed: bytes) -> None:
    at = len(backup.MAGIC)
    for version in (2, 255):
        newer = sealed[:at] + bytes([version]) + sealed[at + 1 :]
        assert reason_of(newer) is BackupProblem.UNSUPPORTED_VERSION
    # A newer format may be laid out differently: the version wins even over a short file.
    assert reason_of(backup.MAGIC + b"\x02") is BackupProblem.UNSUPPORTED_VERSION


def test_version_zero_is_damage(sealed: bytes) -> None:
    at = len(backup.MAGIC)
    assert reason_of(sealed[:at] + b"\x00" + sealed[at + 1 :]) is BackupProblem.CORRUPTED


def test_absurd_params_in_header_refused_before_kdf(
    monkeypatch: pytest.MonkeyPatch, sealed: bytes
) -> None:
    def no_kdf(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("Argon2 must not run on a damaged header")

    monkeypatch.setattr(backup, "derive_key", no_kdf)
    at = len(backup.MAGIC) + 1
    huge_mem = sealed[: at + 4] + struct.pack(">Q", 2**42) + sealed[at + 12 :]
    zero_ops = sealed[:at] + struct.pack(">I", 0) + sealed[at + 4 :]
    assert reason_of(huge_mem) is BackupProblem.CORRUPTED
    assert reason_of(zero_ops) is BackupProblem.CORRUPTED


def test_flipped_byte_in_header_never_opens(sealed: bytes) -> None:
    # Whatever byte of the header is damaged, the file must not open (the header is bound
    # to the ciphertext) and the error must be a BackupError, never a crash.
    for i in range(backup.HEADER_SIZE):
        damaged = bytearray(sealed)
        damaged[i] ^= 0x01
        with pytest.raises(BackupError):
            open_backup(bytes(damaged), PASS)


def test_header_is_authenticated(sealed: bytes) -> None:
    # Valid but different KDF cost in the header: only the MAC can notice.
    at = len(backup.MAGIC) + 1
    other = sealed[:at] + struct.pack(">I", INTERACTIVE.opslimit + 1) + sealed[at + 4 :]
    assert reason_of(other) is BackupProblem.WRONG_PASSPHRASE


@pytest.mark.parametrize("where", ["nonce", "ciphertext_start", "ciphertext_end", "tag"])
def test_flipped_byte_in_body(sealed: bytes, where: str) -> None:
    offsets = {
        "nonce": backup.HEADER_SIZE + 3,
        "ciphertext_start": backup.HEADER_SIZE + 24,
        "ciphertext_end": len(sealed) - 17,
        "tag": len(sealed) - 1,
    }
    damaged = bytearray(sealed)
    damaged[offsets[where]] ^= 0x80
    assert reason_of(bytes(damaged)) is BackupProblem.WRONG_PASSPHRASE
