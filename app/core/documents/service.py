"""Publishing and opening documents shared between communes."""

from __future__ import annotations

import mimetypes
import os
import stat
from pathlib import Path
from typing import Any

from app.core.atomic import write_atomic
from app.core.crypto.boxes import open_key, seal_key
from app.core.documents import documents
from app.core.encoding import cbor
from app.core.errors import NotFound, Rejected
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.core.safetext import line


def publish(node: Node, path: Path, recipients: list[str], tags: list[str] | None = None) -> bytes:
    """Encrypts a file, stores its chunks and publishes it to the named communes (and us): its
    key is sealed to each commune's node key and to each of its further laptops in service.

    The size is checked before the file is read, and the chunks are stored in the same store
    transaction as the publication that names them: a refused document leaves nothing behind
    (orphan chunks would stay in the store and ride along on every later stick)."""
    data, modified = _read_document(path)
    readers = _readers(node, recipients)
    encrypted = documents.encrypt(data)
    keys = [[reader, seal_key(encrypted.key, pk)] for reader, pk in readers]
    body = {
        "name": path.name,
        "sha256": encrypted.sha256,
        "size": encrypted.size,
        "mime": mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        "tags": tags or [],
        "created": modified,
        "enc": True,
        "chunks": [cid for cid, _ in encrypted.chunks],
        "keys": keys,
    }
    node.keyring.identity(node.member)  # the PIN asked now: never inside the transaction
    with node.store.transaction():
        for cid, chunk in encrypted.chunks:
            node.store.run("INSERT OR IGNORE INTO chunks (id, data) VALUES (?, ?)", (cid, chunk))
        tx = node.queue(TxType.DOC_PUBLISH, body, prio=3)
    node.maybe_seal()
    return tx


def _read_document(path: Path) -> tuple[bytes, int]:
    """(content, modification time) of a plain file no larger than a document may be."""
    try:
        # O_NONBLOCK: opening a FIFO would otherwise wait for a writer before anything is checked.
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Rejected(
                    "doc_not_a_file",
                    f"{path.name} is not a file that can be shared. Choose a document file.",
                )
            if info.st_size > documents.MAX_DOCUMENT_BYTES:
                raise _too_large(info.st_size)
            data = file.read(documents.MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise NotFound(f"Cannot read {path}: {exc.strerror}. Check the file name.") from exc
    if len(data) > documents.MAX_DOCUMENT_BYTES:  # it grew while it was read
        raise _too_large(len(data))
    return data, int(info.st_mtime)


def _too_large(size: int) -> Rejected:
    most = documents.MAX_DOCUMENT_BYTES // (1024 * 1024)
    return Rejected(
        "doc_too_large",
        f"This file is {size / (1024 * 1024):,.0f} MiB; a shared document is at most {most} MiB. "
        "Split it, or compress it first.",
    )


def open_document(node: Node, doc_id: bytes) -> tuple[str, bytes]:
    """(name, content) of a document published to our commune, opened with this laptop's own
    key: the commune's node key on its first laptop, the laptop's key on a further one."""
    row = node.store.value("SELECT body FROM documents WHERE id = ?", (doc_id,))
    if row is None:
        raise NotFound("There is no such document. Check its number, or sync to receive it.")
    body: Any = cbor.decode(row)
    me = node.feed
    sealed = {bytes(k[0]): bytes(k[1]) for k in body["keys"]}
    if me not in sealed:
        if node.commune in sealed:  # sent to our commune, not to this laptop
            raise Rejected(
                "doc_not_for_laptop",
                "This document was sent to our commune before this laptop was added (or after "
                "it was retired): its key is not sealed to it. Open it on the commune's first "
                "laptop.",
            )
        raise Rejected(
            "not_recipient",
            "This document was not shared with our commune. Ask the commune that published it.",
        )
    key = open_key(sealed[me], node.keyring.identity(me).current.seed)
    chunks = []
    for cid in body["chunks"]:
        chunk = node.chunk(bytes(cid))
        if chunk is None:
            raise NotFound("Parts of this document have not arrived yet. Sync again, then retry.")
        chunks.append(chunk)
    return body["name"], documents.decrypt(key, bytes(body["sha256"]), chunks)


# What the system may open at once with its own application: documents, pictures, sound and
# video. Anything else (a program, a script, a shortcut, an Office file with macros) could run
# code from another commune's laptop the moment it is opened: it can only be saved, for someone
# who trusts its sender to open it knowingly.
OPENS_DIRECTLY = frozenset(
    {
        "pdf",
        "odt",
        "ods",
        "odp",
        "odg",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "rtf",
        "txt",
        "csv",
        "md",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "bmp",
        "tif",
        "tiff",
        "mp3",
        "ogg",
        "oga",
        "wav",
        "m4a",
        "mp4",
        "webm",
        "avi",
        "mov",
    }
)


def opens_directly(name: str) -> bool:
    """Whether a document of this name may be opened with the system's application in one
    click (by its extension: what the system itself goes by)."""
    return Path(name).suffix.lower().lstrip(".") in OPENS_DIRECTLY


def safe_name(name: str) -> str:
    """Another commune's file name as it may be written here: no folder part, and nothing
    hidden or reordered in it (a right-to-left override makes "facture\u202efdp.exe" read as
    "facture.exe.pdf")."""
    safe = line(Path(name).name)
    return safe if safe not in ("", ".", "..") else "document"


def write_copy(node: Node, doc_id: bytes, folder: Path) -> Path:
    """Decrypts the document into `folder` under its safe name; returns the file written."""
    name, content = open_document(node, doc_id)
    target = folder / safe_name(name)
    write_atomic(target, content)
    return target


def save_as(node: Node, doc_id: bytes, target: Path) -> Path:
    """Decrypts the document into the file the person chose; returns it."""
    _name, content = open_document(node, doc_id)
    write_atomic(target, content)
    return target


def _readers(node: Node, names: list[str]) -> list[tuple[bytes, bytes]]:
    """(reader, public key) of us and of each named commune, without repeats: each commune's
    node key, then each of its further laptops in service as this laptop knows them (added,
    not retired: our next block's past holds all we know, so the rule finds them there)."""
    rows = node.store.all(
        "SELECT a.id, a.name, k.pk FROM actors a JOIN keys k ON k.kid = a.kid "
        "WHERE a.id = a.commune"
    )
    keys = {bytes(r[0]): bytes(r[2]) for r in rows}
    chosen = [node.commune]
    for name in names:
        match = next(
            (
                bytes(r[0])
                for r in rows
                if r[1].casefold() == name.casefold() or bytes(r[0]).hex() == name
            ),
            None,
        )
        if match is None:
            raise NotFound(f"No commune is called '{name}'. Check the name in the network list.")
        if match not in chosen:
            chosen.append(match)
    readers = []
    for commune in chosen:
        readers.append((commune, keys[commune]))
        readers += [
            (bytes(laptop), bytes(pk))
            for laptop, pk in node.store.all(
                "SELECT l.id, k.pk FROM laptops l JOIN actors a ON a.id = l.id "
                "JOIN keys k ON k.kid = a.kid "
                "WHERE l.commune = ? AND l.retired_author IS NULL ORDER BY l.rowid",
                (commune,),
            )
        ]
    return readers
