"""Checking a build that reached a town hall on a stick: its SHA-256, and the release key's
signature over that checksum file.

`obambu-1.2.0-linux-x86_64.zip.sha256` is the usual `sha256sum` line; `….sha256.cose` is a
COSE_Sign1 over those exact bytes by a release key. The public release keys are listed in
`packaging/release-keys.txt`, which every build carries: a key found inside the zip being
checked is never trusted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import nacl.signing

from app.core.encoding.cose import CoseError, kid_of, parse_sign1, sign1, verify_sign1
from app.core.errors import ObambuError

CONTEXT = b"obambu-release"  # external aad: a release signature is never anything else


class ReleaseError(ObambuError):
    code = "release_invalid"


@dataclass(frozen=True)
class Checked:
    name: str
    sha256: str
    key: str  # hex public key that signed


def checksum_line(path: Path) -> bytes:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return f"{digest.hexdigest()}  {path.name}\n".encode()


def sign(checksum: bytes, seed: bytes) -> bytes:
    return sign1(checksum, nacl.signing.SigningKey(seed), CONTEXT)


def verify(archive: Path, keys: list[bytes]) -> Checked:
    """The archive matches its .sha256, and one of `keys` signed the .sha256."""
    try:
        line = Path(f"{archive}.sha256").read_bytes()
        signature = Path(f"{archive}.sha256.cose").read_bytes()
    except OSError as exc:
        raise ReleaseError(
            f"The checksum or its signature is missing beside {archive.name}: copy the .sha256 "
            "and .sha256.cose files with it."
        ) from exc
    if checksum_line(archive) != line:
        raise ReleaseError(
            f"{archive.name} does not match its checksum: it was damaged or altered on the way. "
            "Copy it again from the release stick."
        )
    try:
        envelope = parse_sign1(signature)
        key = next((k for k in keys if kid_of(k) == envelope.kid), None)
        if key is None:
            raise ReleaseError(
                "This build is not signed by a known release key. Do not install it; ask for "
                "an official build."
            )
        verify_sign1(envelope, key, CONTEXT)
    except CoseError as exc:
        raise ReleaseError(
            "The release signature does not match: do not install this build."
        ) from exc
    if envelope.payload != line:
        raise ReleaseError("The release signature covers another checksum: do not install it.")
    digest, _, name = line.decode().strip().partition("  ")
    return Checked(name, digest, key.hex())


def known_keys(listing: Path) -> list[bytes]:
    """Public keys, one hex per line (comments after #)."""
    if not listing.is_file():
        return []
    keys = []
    for raw in listing.read_text().splitlines():
        text = raw.split("#", 1)[0].strip()
        if text:
            keys.append(bytes.fromhex(text))
    return keys
