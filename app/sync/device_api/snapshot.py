"""The snapshot: everything the device API may serve, gathered on the worker (the thread that
owns the node) and read-only afterwards; the HTTP threads never touch the store."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from app.core.devices import devices as boards
from app.core.errors import NotFound
from app.core.ledger.objects import object_id, parse_block
from app.core.node.node import Node
from app.sync import beacon, health, segment
from app.sync.delta import GOVERNANCE, Class
from app.sync.device_api.wire import (
    CONFIG,
    CONFIG_FORMAT,
    CONFIG_MAGIC,
    DISPLAY,
    INDEX_ENTRY,
    INDEX_HEAD,
    KINDS,
    OBJECT,
    POLL_S,
    TOKEN_S,
)
from app.sync.relay import MAX_OBJECT, Badge, DisplayItem, display_request, relay_tag, seal_object

DISPLAY_ITEMS = 8
RELAY_OBJECTS = 32  # the most recent blocks offered to a relay
RECENT = 5000  # threads, and replies, looked at for the display


@dataclass(frozen=True)
class Device:
    id: bytes
    kind: str  # "relay" or "display"
    name: str
    pk: bytes
    commune: bytes
    commune_name: str
    retired: bool


@dataclass(frozen=True)
class Content:
    id: bytes  # 16 bytes
    type: int  # DISPLAY or OBJECT
    cls: int  # the relay class (0 governance, 1 blocks); 0 for the display
    data: bytes


_BADGES = {"valid": Badge.VALID, "revoked": Badge.INVALID, "pending": Badge.UNSIGNED}


@dataclass(frozen=True)
class Snapshot:
    """Everything the API may serve, taken on the worker at one point; read-only afterwards."""

    tag: bytes  # the network tag (relay_tag)
    devices: Mapping[bytes, Device] = field(default_factory=dict)
    items: tuple[DisplayItem, ...] = ()
    objects: tuple[Content, ...] = ()
    status: Mapping[str, Any] = field(default_factory=dict)
    built: float = 0.0  # Unix time
    display: Content = field(init=False, repr=False, compare=False)
    version: int = field(init=False, repr=False, compare=False)
    _contents: Mapping[bytes, Content] = field(init=False, repr=False, compare=False)
    _indexes: Mapping[str, bytes] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.tag) != 8:
            raise ValueError("a network tag has 8 bytes")
        body = display_request(self.items)[1:]  # the DISPLAY_PUT body, type byte off
        display = Content(hashlib.sha256(body).digest()[:16], DISPLAY, 0, body)
        everything = (display, *self.objects)
        version = int.from_bytes(
            hashlib.sha256(b"".join(c.id for c in everything)).digest()[:4], "little"
        )
        indexes = {}
        for kind in KINDS:
            listed = everything if kind == "relay" else (display,)
            indexes[kind] = INDEX_HEAD.pack(version, len(listed)) + b"".join(
                INDEX_ENTRY.pack(c.id, c.type, c.cls, len(c.data)) for c in listed
            )
        set_ = object.__setattr__
        set_(self, "devices", MappingProxyType(dict(self.devices)))
        set_(self, "status", MappingProxyType(dict(self.status)))
        set_(self, "display", display)
        set_(self, "version", version)
        set_(self, "_contents", MappingProxyType({c.id: c for c in everything}))
        set_(self, "_indexes", MappingProxyType(indexes))

    @classmethod
    def build(cls, node: Node, *, objects: int = RELAY_OBJECTS) -> Snapshot:
        """Reads the node: call it on the worker thread, never from an HTTP thread."""
        with node.overlay():  # our own unsent words show as such, and a pending retire counts
            items = _display_items(node)
            devices = _devices(node)
        return cls(
            tag=relay_tag(node.network_id),
            devices=devices,
            items=tuple(items),
            objects=tuple(_relay_objects(node, objects)),
            status=_status(node),
            built=time.time(),
        )

    def index(self, kind: str) -> bytes:
        return self._indexes[kind]

    def content(self, kind: str, cid: bytes) -> Content | None:
        """The content `cid` if a board of `kind` may have it."""
        found = self._contents.get(cid)
        if found is None or (found.type == OBJECT and kind != "relay"):
            return None
        return found

    def config(self, device: Device) -> bytes:
        return CONFIG.pack(
            CONFIG_MAGIC,
            CONFIG_FORMAT,
            KINDS[device.kind],
            0,
            self.tag,
            device.id,
            device.commune[:8],
            POLL_S,
            self.version,
            TOKEN_S,
            int(self.built) & 0xFFFFFFFF,
            _padded(device.name, 24),
            _padded(device.commune_name, 24),
        )


def _padded(text: str, size: int) -> bytes:
    data = text.encode()[:size]
    return data.decode(errors="ignore").encode()  # never half a character


def _display_items(node: Node) -> list[DisplayItem]:
    """The latest P0/P1 threads and replies (P0 first, then the newest; a block's later seq
    breaks ties within a second), with the forum screen's badges; hidden replies stay off.

    Only the RECENT newest threads and replies are looked at (the tables have no index on
    priority): a notice older than that is no news for a board, and the worker stays quick."""
    signer = (  # the key that signed the row's transaction: revoked since, or not
        "SELECT k.revoked FROM txs x LEFT JOIN keys k ON k.kid = substr(x.data, 9, 8) WHERE x.id"
    )
    rows = node.store.all(
        "SELECT title, '', prio, created, author, seq, "
        f"  ({signer} = t.id), id FROM (SELECT * FROM threads ORDER BY rowid DESC LIMIT ?) t"
        "  WHERE prio <= 1 "
        "UNION ALL "
        "SELECT (SELECT title FROM threads h WHERE h.id = p.thread), body, prio, created, author, "
        f"  seq, ({signer} = p.id), id FROM (SELECT * FROM posts ORDER BY tx DESC LIMIT ?) p"
        "  WHERE prio <= 1 AND coalesce((SELECT m.action FROM moderation m WHERE m.post = p.id"
        "    AND m.action IN ('hide', 'restore') ORDER BY m.rowid DESC LIMIT 1), '') != 'hide' "
        "ORDER BY 3, 4 DESC, 6 DESC, 8 LIMIT ?",
        (RECENT, RECENT, DISPLAY_ITEMS),
    )
    items = []
    for title, body, prio, _created, author, seq, revoked, _id in rows:
        pending = (
            node.pending_seq is not None
            and bytes(author) == node.commune
            and seq >= node.pending_seq
        )
        badge = "pending" if pending else "revoked" if revoked else "valid"
        text = str(title) if not body else f"{title}: {' '.join(str(body).split())}"
        items.append(DisplayItem(int(prio), _BADGES[badge], text))
    return items


def _devices(node: Node) -> dict[bytes, Device]:
    return {
        bytes(i): Device(
            bytes(i),
            str(kind),
            str(name),
            bytes(pk),
            bytes(commune),
            str(cname or ""),
            retired is not None,
        )
        for i, kind, name, pk, commune, retired, cname in node.store.all(
            "SELECT d.id, d.kind, d.name, d.pk, d.commune, d.retired, a.name FROM devices d "
            "LEFT JOIN actors a ON a.id = d.commune"
        )
    }


def _relay_objects(node: Node, most: int) -> list[Content]:
    """The `most` newest blocks, sealed with the transport key as relay.push_blocks does; a block
    holding governance transactions goes in class 0, the others in class 1."""
    if most <= 0:
        return []
    try:
        epoch, key = beacon.writing_key(node)
    except NotFound:
        return []
    marks = {int(t) for t in GOVERNANCE}
    rows = node.store.all("SELECT id, data FROM blocks ORDER BY rowid DESC LIMIT ?", (most,))
    out = []
    for oid, data in reversed(rows):  # applying order: parents first
        blob = seal_object(segment.BLOCK, bytes(data), key, epoch)
        if len(blob) > MAX_OBJECT:
            continue  # a stick's job
        governance = any(  # by primary key: txs has no index on its block
            node.store.value("SELECT type FROM txs WHERE id = ?", (object_id(tx),)) in marks
            for tx in parse_block(bytes(data)).txs
        )
        cls = Class.GOVERNANCE if governance else Class.BLOCKS
        out.append(Content(bytes(oid)[:16], OBJECT, int(cls), blob))
    return out


def _status(node: Node) -> dict[str, Any]:
    store = node.store
    names = {
        bytes(i): str(n) for i, n in store.all("SELECT id, name FROM actors WHERE id = commune")
    }
    feeds = [
        {"commune": names.get(bytes(a), bytes(a).hex()), "id": bytes(a).hex(), "head": int(s)}
        for a, s in store.all("SELECT author, head_seq FROM feeds")
    ]
    found = []
    for row in boards.latest(store):
        report = row["report"]
        found.append(
            {
                "id": row["id"].hex(),
                "name": row["name"],
                "kind": row["kind"],
                "commune": names.get(row["commune"], row["commune"].hex()),
                "firmware": row["firmware"],
                "retired": row["retired"] is not None,
                "report": None
                if report is None
                else {
                    "received": row["received"],
                    "sequence": report.sequence,
                    "uptime_s": report.status.uptime_s,
                    "queued": report.status.queued,
                    "battery_mv": report.status.battery_mv,
                    "last_contact_s": {
                        n: c.last_contact_s
                        for n, c in zip(boards.LINK_NAMES, report.status.links, strict=True)
                    },
                },
            }
        )
    return {
        "commune": (store.meta("commune_name") or b"").decode(),
        "feeds": sorted(feeds, key=lambda f: str(f["commune"])),
        "pending": node.pending_count(),
        "syncs": [
            {"commune": r["commune"], "time": r["time"], "behind": r["behind"]}
            for r in health.report(node)
        ],
        "devices": found,
    }
