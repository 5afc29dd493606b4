"""What the documents screen, the forum's attach button and `obambu doc list` read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.encoding import cbor
from app.core.members import queries as members
from app.core.node.node import Node


@dataclass(frozen=True)
class Document:
    id: str
    name: str
    sha256: str
    size: int
    mime: str
    tags: tuple[str, ...]
    created: int  # the file's own date, as its publisher's laptop knew it
    published: int
    encrypted: bool
    sender: str  # the commune that shared it
    recipients: tuple[str, ...]  # the communes that may read it, the sender's among them
    shared_with_all: bool = False  # every commune of the network, as this laptop knows it
    for_us: bool = False  # our commune among the recipients


@dataclass(frozen=True)
class Named:
    """A document as a list of choices shows it."""

    id: str
    name: str


def documents(node: Node) -> list[Document]:
    """Every document shared with the network, oldest first."""
    rows = node.store.all(
        "SELECT id, name, sha256, size, mime, body, created, commune FROM documents "
        "ORDER BY created, id"
    )
    communes = set(_all_communes(node))
    out = []
    for r in rows:
        body: Any = cbor.decode(r[5])
        readers = _reader_communes(node, [bytes(k[0]) for k in body["keys"]])
        out.append(
            Document(
                id=bytes(r[0]).hex(),
                name=r[1],
                sha256=bytes(r[2]).hex(),
                size=r[3],
                mime=r[4],
                tags=tuple(body["tags"]),
                created=body["created"],
                published=r[6],
                encrypted=body["enc"],
                sender=members.name(node, r[7]),
                recipients=tuple(members.name(node, commune) for commune in readers),
                shared_with_all=communes <= set(readers),
                for_us=node.commune in readers,
            )
        )
    return out


def _reader_communes(node: Node, readers: list[bytes]) -> list[bytes]:
    """The communes among a document's readers, once each: a further laptop reads it for its
    commune."""
    communes: list[bytes] = []
    for reader in readers:
        commune = bytes(
            node.store.value("SELECT commune FROM actors WHERE id = ?", (reader,), reader)
        )
        if commune not in communes:
            communes.append(commune)
    return communes


def _all_communes(node: Node) -> list[bytes]:
    return [bytes(r[0]) for r in node.store.all("SELECT id FROM actors WHERE id = commune")]


def latest_first(node: Node) -> list[Named]:
    """Documents to attach to a message, the newest first."""
    rows = node.store.all("SELECT id, name FROM documents ORDER BY created DESC, name")
    return [Named(bytes(r[0]).hex(), str(r[1])) for r in rows]


def other_communes(node: Node) -> list[str]:
    """The names of the communes a document can be shared with, besides ours."""
    return [
        str(r[0])
        for r in node.store.all(
            "SELECT name FROM actors WHERE id = commune AND id != ? ORDER BY name",
            (node.commune,),
        )
    ]
