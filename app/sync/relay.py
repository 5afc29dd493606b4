"""The laptop side of a radio relay (firmware/PROTOCOL.md §2): requests over a `Channel`.

A relay is a mailbox the communes share: a laptop pushes sealed objects to it, another laptop
pulls them later, and the relay never reads them. `RelayClient` speaks the messages one by one;
`push_blocks` and `pull_blocks` move a node's blocks and document parts through it, sealed
with the transport key by `sealed.seal` (as beacons are on a stick) and taken in through the
store's staging and `intake.apply_staged`, as a stick's records are.

Object ids are the first 16 bytes of the plaintext's object id (its SHA-256), so two laptops
pushing the same block meet the relay's dedupe; the sealed bytes differ at every push.

The CONFIG record is app/provision/relaycfg.py's `RelayConfig`: one definition for flashing
and for the link. `render_display` is the reference for what the relay's small screen shows
(the C core's display.c must match it byte for byte: golden vectors in tests/vectors/firmware/).
"""

from __future__ import annotations

import struct
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from enum import IntEnum
from typing import Any

import nacl.signing
from nacl.exceptions import BadSignatureError

from app.core.devices import radio_report
from app.core.devices.devices import REPORT_CONTEXT, Status
from app.core.devices.radio_report import RadioReport
from app.core.ledger.objects import object_id
from app.core.node.node import Node
from app.sync import beacon, intake, sealed, segment
from app.sync.channel import Channel
from app.sync.delta import Class, Item, missing
from app.sync.errors import LinkError
from app.sync.export import held_by_all  # the stick's rule: what all hold stays home
from app.sync.keys import epoch_key
from app.sync.relaycfg import RelayConfig

VERSION = 1
MAX_MESSAGE = 8448
MAX_OBJECT = 8192
LINKS = 3  # UART0, UART1, radio
WAIT = 30.0  # seconds a request waits for its reply
BYE_WAIT = 3.0  # the session is over anyway: a lost BYE reply is not worth more
DEFAULT_TTL = 7 * 24 * 3600
PURPOSE = b"relay object"  # sealing context: a relay object is not a beacon or an index


class Type(IntEnum):
    HELLO = 0x01
    PUT = 0x02
    LIST = 0x03
    GET = 0x04
    GET_INFO = 0x05
    GET_CONFIG = 0x06
    SET_CONFIG = 0x07
    GET_STATUS = 0x08
    DISPLAY_PUT = 0x09
    GET_REPORT = 0x0A
    BYE = 0x0B
    ERROR = 0xFF


REPLY = 0x80


class HelloStatus(IntEnum):
    OK = 0
    OTHER_NETWORK = 1
    NOT_CONFIGURED = 2


class PutStatus(IntEnum):
    STORED = 0
    DUPLICATE = 1
    FULL = 2
    TOO_BIG = 3
    CLASS_REFUSED = 4
    HOP_LIMIT = 5


class SetStatus(IntEnum):
    STORED = 0
    BAD_RECORD = 1
    WRONG_DEVICE = 2
    STORAGE_FAILED = 3


class Badge(IntEnum):
    UNSIGNED = 0
    VALID = 1
    INVALID = 2


class RelayError(LinkError):
    """A relay that refused or could not answer; `code` says which case, the text what to do."""

    code = "relay_error"


_SENTENCES = {
    "relay_other_network": "This relay belongs to another network: connect a relay of your "
    "network, or configure this one again.",
    "relay_not_configured": "This relay is not configured yet: configure it from this laptop, "
    "then try again.",
    "relay_full": "The relay is full: let another laptop collect what it holds, then try again.",
    "relay_too_big": "This object is too big for a relay: carry it on a USB stick instead.",
    "relay_class_refused": "This relay does not carry this kind of object: change the relay's "
    "settings or carry it on a USB stick.",
    "relay_hop_limit": "This object has travelled or waited too long for the relay: carry it on "
    "a USB stick instead.",
    "relay_silent": "The relay did not answer in time: check the cable or the radio, then try "
    "again.",
    "relay_bad_reply": "The relay's answer makes no sense to this version: update the relay's "
    "firmware with the firmware pack of this Obambu version.",
    "relay_unknown_request": "The relay does not know this request: update its firmware with "
    "the firmware pack of this Obambu version.",
    "relay_malformed": "The relay could not read the request: update Obambu and the relay's "
    "firmware to matching versions.",
    "relay_version": "This relay speaks another protocol version: update its firmware with the "
    "firmware pack of this Obambu version.",
    "relay_bad_config": "The relay found the configuration damaged on the way: write it again.",
    "relay_wrong_device": "This configuration was made for another relay: read the relay again, "
    "then write the configuration.",
    "relay_storage_failed": "The relay could not save its configuration: try again, and replace "
    "the board if it keeps failing.",
}


def relay_error(code: str) -> RelayError:
    return RelayError(_SENTENCES[code], code=code)


_ERROR_CODES = {1: "relay_unknown_request", 2: "relay_malformed", 3: "relay_not_configured"}
_PUT_ERRORS: dict[int, str] = {
    PutStatus.FULL: "relay_full",
    PutStatus.TOO_BIG: "relay_too_big",
    PutStatus.CLASS_REFUSED: "relay_class_refused",
    PutStatus.HOP_LIMIT: "relay_hop_limit",
}
_SET_ERRORS: dict[int, str] = {
    SetStatus.BAD_RECORD: "relay_bad_config",
    SetStatus.WRONG_DEVICE: "relay_wrong_device",
    SetStatus.STORAGE_FAILED: "relay_storage_failed",
}


# --- records ----------------------------------------------------------------------------------


def relay_tag(network_id: bytes) -> bytes:
    """The network tag a relay holds: the first 8 bytes of the stick's network tag."""
    return sealed.network_tag(network_id)[:8]


def device_id_from_mac(mac: bytes) -> bytes:
    """A relay's device id from its 6-byte MAC: the EUI-64 form (FF FE in the middle)."""
    if len(mac) != 6:
        raise ValueError("a MAC address has 6 bytes")
    return mac[:3] + b"\xff\xfe" + mac[3:]


def relay_public_key(seed: bytes) -> bytes:
    return bytes(nacl.signing.SigningKey(seed).verify_key.encode())


def _cut_utf8(text: str | bytes, limit: int) -> bytes:
    """At most `limit` bytes, never half a character (bytes given as such are cut as they are)."""
    if isinstance(text, bytes):
        return text[:limit]
    data = text.encode()[:limit]
    return data.decode(errors="ignore").encode()


@dataclass(frozen=True)
class Hello:
    version: int
    device: bytes
    status: HelloStatus
    queued: int
    queued_bytes: int


@dataclass(frozen=True)
class ListEntry:
    id: bytes
    cls: int
    length: int


@dataclass(frozen=True)
class Listing:
    next_cursor: int
    entries: list[ListEntry]


@dataclass(frozen=True)
class StoredObject:
    id: bytes
    cls: int
    hops: int
    ttl_left_s: int
    data: bytes


_INFO = struct.Struct("<8sIIB")


@dataclass(frozen=True)
class Info:
    device: bytes
    uptime_s: int
    config_version: int
    firmware: str

    def pack(self) -> bytes:
        fw = self.firmware.encode()
        return _INFO.pack(self.device, self.uptime_s, self.config_version, len(fw)) + fw

    @classmethod
    def unpack(cls, body: bytes) -> Info:
        _need(body, _INFO.size)
        device, uptime, version, n = _INFO.unpack_from(body)
        _need(body, _INFO.size + n, exact=True)
        return cls(device, uptime, version, body[_INFO.size :].decode(errors="replace"))


@dataclass(frozen=True)
class Report:
    """The relay's signed word on its own state, for a commune's audit of the link."""

    device: bytes
    sequence: int
    status: Status
    body: bytes  # what was signed, after REPORT_CONTEXT
    signature: bytes
    radio: RadioReport | None = None  # None: a relay of firmware 0.1.0, which sends none

    @classmethod
    def unpack(cls, reply: bytes) -> Report:
        _need(reply, 2)
        (n,) = struct.unpack_from("<H", reply)
        _need(reply, 2 + n + 64, exact=True)
        body = reply[2 : 2 + n]
        _need(body, 12 + Status.SIZE)
        (sequence,) = struct.unpack_from("<I", body, 8)
        radio = None
        if len(body) > 12 + Status.SIZE:
            try:
                radio = radio_report.unpack(body[12 + Status.SIZE :])
            except ValueError:
                raise relay_error("relay_bad_reply") from None
        status = Status.unpack(body[12 : 12 + Status.SIZE])
        return cls(body[:8], sequence, status, body, reply[2 + n :], radio)

    def verify(self, public_key: bytes) -> bool:
        try:
            nacl.signing.VerifyKey(public_key).verify(REPORT_CONTEXT + self.body, self.signature)
        except BadSignatureError:
            return False
        return True


@dataclass(frozen=True)
class DisplayItem:
    priority: int  # 0–3; the relay shows P0 and P1 only
    badge: Badge
    title: str | bytes  # UTF-8; at most 120 bytes are sent

    def encoded(self) -> bytes:
        return _cut_utf8(self.title, 120)


def _need(body: bytes, size: int, *, exact: bool = False) -> None:
    if len(body) < size or (exact and len(body) != size):
        raise relay_error("relay_bad_reply")


# --- requests ---------------------------------------------------------------------------------


def hello_request(tag: bytes, commune: bytes) -> bytes:
    return struct.pack("<BB8s8s", Type.HELLO, VERSION, tag, commune)


def put_request(oid: bytes, cls: int, hops: int, ttl_s: int, data: bytes) -> bytes:
    return struct.pack("<B16sBBIH", Type.PUT, oid, cls, hops, ttl_s, len(data)) + data


def list_request(cursor: int, most: int) -> bytes:
    return struct.pack("<BIH", Type.LIST, cursor, most)


def get_request(oid: bytes) -> bytes:
    return struct.pack("<B16s", Type.GET, oid)


def display_request(items: Sequence[DisplayItem]) -> bytes:
    if len(items) > 8:
        raise ValueError("a relay shows at most 8 items")
    out = bytearray([Type.DISPLAY_PUT, len(items)])
    for item in items:
        title = item.encoded()
        out += bytes([item.priority, item.badge, len(title)]) + title
    return bytes(out)


class RelayClient:
    """Requests to one relay over `channel`, one at a time: each waits for its reply."""

    def __init__(self, channel: Channel, wait: float = WAIT) -> None:
        self.channel = channel
        self.wait = wait

    def hello(self, tag: bytes, commune: bytes) -> Hello:
        """Opens the session; raises unless the relay is configured for network `tag`."""
        reply = self._ask(hello_request(tag, commune), Type.HELLO)
        _need(reply, 16, exact=True)
        version, device, status, queued, size = struct.unpack("<B8sBHI", reply)
        if version != VERSION:
            raise relay_error("relay_version")
        if status == HelloStatus.OTHER_NETWORK:
            raise relay_error("relay_other_network")
        if status != HelloStatus.OK:
            raise relay_error("relay_not_configured")
        return Hello(version, device, HelloStatus(status), queued, size)

    def hello_node(self, node: Node) -> Hello:
        return self.hello(relay_tag(node.network_id), node.commune[:8])

    def put(self, oid: bytes, cls: int, hops: int, ttl_s: int, data: bytes) -> PutStatus:
        """STORED or DUPLICATE; every refusal raises a RelayError."""
        reply = self._ask(put_request(oid, cls, hops, ttl_s, data), Type.PUT)
        _need(reply, 17, exact=True)
        if reply[:16] != oid or reply[16] > max(PutStatus):
            raise relay_error("relay_bad_reply")
        if reply[16] in _PUT_ERRORS:
            raise relay_error(_PUT_ERRORS[reply[16]])
        return PutStatus(reply[16])

    def list(self, cursor: int = 0, most: int = 400) -> Listing:
        reply = self._ask(list_request(cursor, most), Type.LIST)
        _need(reply, 6)
        next_cursor, count = struct.unpack_from("<IH", reply)
        _need(reply, 6 + 19 * count, exact=True)
        entries = []
        for at in range(6, 6 + 19 * count, 19):
            (length,) = struct.unpack_from("<H", reply, at + 17)
            entries.append(ListEntry(reply[at : at + 16], reply[at + 16], length))
        return Listing(next_cursor, entries)

    def list_all(self, most: int = 400) -> Iterator[ListEntry]:
        cursor = 0
        while True:
            listing = self.list(cursor, most)
            yield from listing.entries
            if len(listing.entries) < most:
                return
            if listing.next_cursor <= cursor:  # a relay walks forward, or this never ends
                raise relay_error("relay_bad_reply")
            cursor = listing.next_cursor

    def get(self, oid: bytes) -> StoredObject | None:
        """The object, or None when the relay no longer holds it (expired or evicted)."""
        reply = self._ask(get_request(oid), Type.GET)
        _need(reply, 24)
        got, cls, hops, ttl, length = struct.unpack_from("<16sBBIH", reply)
        if got != oid:
            raise relay_error("relay_bad_reply")
        if length == 0xFFFF:
            return None
        _need(reply, 24 + length, exact=True)
        return StoredObject(got, cls, hops, ttl, reply[24:])

    def get_info(self) -> Info:
        return Info.unpack(self._ask(bytes([Type.GET_INFO]), Type.GET_INFO))

    def get_config(self) -> RelayConfig:
        """The relay's record, key seed blanked; raises RelayConfigError if it is damaged."""
        return RelayConfig.unpack(self._ask(bytes([Type.GET_CONFIG]), Type.GET_CONFIG))

    def set_config(self, config: RelayConfig) -> None:
        """Writes the record; a zero key seed keeps the relay's key."""
        reply = self._ask(bytes([Type.SET_CONFIG]) + config.pack(), Type.SET_CONFIG)
        _need(reply, 1, exact=True)
        if reply[0] != SetStatus.STORED:
            raise relay_error(_SET_ERRORS.get(reply[0], "relay_bad_reply"))

    def get_status(self) -> Status:
        reply = self._ask(bytes([Type.GET_STATUS]), Type.GET_STATUS)
        _need(reply, Status.SIZE, exact=True)
        return Status.unpack(reply)

    def display_put(self, items: Sequence[DisplayItem]) -> int:
        """Shows `items` on the relay's screen; returns how many it kept (P0 and P1)."""
        reply = self._ask(display_request(items), Type.DISPLAY_PUT)
        _need(reply, 1, exact=True)
        return reply[0]

    def get_report(self) -> Report:
        return Report.unpack(self._ask(bytes([Type.GET_REPORT]), Type.GET_REPORT))

    def bye(self) -> None:
        """Ends the session: the relay forgets the link once it has written its BYE, so close
        `channel` after. A BYE lost on the way costs nothing but a short wait."""
        wait, self.wait = self.wait, min(self.wait, BYE_WAIT)
        try:
            self._ask(bytes([Type.BYE]), Type.BYE, reply_type=Type.BYE)
        except RelayError as exc:
            if exc.code != "relay_silent":
                raise
        finally:
            self.wait = wait

    def _ask(self, message: bytes, request: Type, reply_type: int | None = None) -> bytes:
        self.channel.send(message)
        reply = self.channel.recv(self.wait)
        if reply is None:
            raise relay_error("relay_silent")
        if reply[:1] == bytes([Type.ERROR]) and len(reply) == 3:
            raise relay_error(_ERROR_CODES.get(reply[1], "relay_bad_reply"))
        expected = request | REPLY if reply_type is None else reply_type
        if not reply or reply[0] != expected:
            raise relay_error("relay_bad_reply")
        return reply[1:]


# --- moving a node's objects -------------------------------------------------------------------


@dataclass
class RelayReport:
    sent: int = 0  # objects the relay stored
    sent_bytes: int = 0
    known: int = 0  # objects the relay (or this laptop) already held
    too_big: int = 0  # objects that need a stick: over the relay's object size
    refused: int = 0  # classes the relay does not carry
    full: bool = False  # the relay ran out of room before everything was pushed
    ours_sealed: int = 0  # our pending transactions sealed by this push, so they go too
    imported: intake.ImportReport = field(default_factory=intake.ImportReport)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def seal_object(kind: int, data: bytes, key: bytes, epoch: int) -> bytes:
    return sealed.seal(bytes([kind]) + data, key, epoch, PURPOSE)


def open_object(node: Node, blob: bytes) -> tuple[int, bytes]:
    """The kind (segment.BLOCK or CHUNK) and bytes of a relay object; raises Unreadable."""
    key = epoch_key(node, sealed.key_epoch(blob))
    if key is None:
        raise sealed.Unreadable("under a transport key this laptop lacks")
    plain = sealed.open_(blob, key, PURPOSE)
    if not plain or plain[0] not in segment.KINDS:
        raise sealed.Unreadable("not a relay object")
    return plain[0], plain[1:]


def push_blocks(node: Node, channel: Channel, *, ttl_s: int = DEFAULT_TTL) -> RelayReport:
    """Puts on the relay what it lacks of ours, most urgent class first, until it is full.

    What every authority has said it holds (their beacons) is needed by nobody and stays home.
    """
    sealed_now = node.seal_for_sync()
    client = RelayClient(channel)
    client.hello_node(node)
    on_relay = {entry.id for entry in client.list_all()}
    everyone = held_by_all(node)
    items = missing(
        node,
        lambda author, seq: seq <= everyone.get(author, -1),
        lambda cid: False,
        lambda oid: True,  # evidence travels by stick, as in a session
    )
    epoch, key = beacon.writing_key(node)
    report = RelayReport(ours_sealed=sealed_now.count)
    now = int(time.time())
    for item in items:
        oid = item.id[:16]
        if oid in on_relay:
            report.known += 1
            continue
        kind = segment.CHUNK if item.kind == "chunk" else segment.BLOCK
        blob = seal_object(kind, item.load(), key, epoch)
        if len(blob) > MAX_OBJECT:
            report.too_big += 1
            continue
        lifetime = ttl_s if not item.expires else max(1, min(ttl_s, item.expires - now))
        try:
            status = _put(client, oid, relay_class(item), lifetime, blob)
        except RelayError as exc:
            if exc.code == "relay_full":
                report.full = True
                break  # the rest is less urgent: it would not fit either
            if exc.code not in ("relay_class_refused", "relay_too_big"):
                raise
            report.refused += exc.code == "relay_class_refused"
            report.too_big += exc.code == "relay_too_big"
            continue
        if status == PutStatus.DUPLICATE:
            report.known += 1
        else:
            report.sent += 1
            report.sent_bytes += len(blob)
    return report


URGENT = 3  # the relay's class for P0 blocks: on air before other blocks (PROTOCOL.md §2, §5)


def relay_class(item: Item) -> int:
    """The relay's class of an item: urgent (3) for a block holding or needed by a P0
    transaction, otherwise the item's own (0 governance, 1 blocks, 2 documents)."""
    if item.cls == Class.BLOCKS and item.rank == 0:
        return URGENT
    return int(item.cls)


def _put(client: RelayClient, oid: bytes, cls: int, ttl_s: int, blob: bytes) -> PutStatus:
    """PUT, and an urgent item a relay of firmware 0.1.0 (classes 0-2 only) refuses goes again
    as an ordinary block: late rather than left home."""
    try:
        return client.put(oid, cls, 0, ttl_s, blob)
    except RelayError as exc:
        if cls != URGENT or exc.code != "relay_class_refused":
            raise
    return client.put(oid, int(Class.BLOCKS), 0, ttl_s, blob)


def pull_blocks(node: Node, channel: Channel) -> RelayReport:
    """Takes from the relay what this laptop lacks, then applies it as a stick's records are."""
    client = RelayClient(channel)
    client.hello_node(node)
    report = RelayReport()
    imported = report.imported
    staged: list[tuple[bytes, int, bytes]] = []
    for entry in list(client.list_all()):
        if _held(node, entry.id):
            imported.known += 1
            continue
        stored = client.get(entry.id)
        if stored is None:
            continue  # expired or evicted since the listing
        try:
            kind, data = open_object(node, stored.data)
        except sealed.Unreadable:
            imported.left_out += 1  # another network, or a key we do not hold yet
            continue
        oid = object_id(data)
        if oid[:16] != entry.id:
            imported.damaged += 1
            continue
        if intake.have(node, kind, oid):
            imported.known += 1
            continue
        staged.append((oid, kind, data))
    if staged:
        with node.store.transaction():
            node.store.conn.executemany(
                "INSERT INTO staged (id, kind, data) VALUES (?, ?, ?)", staged
            )
    report.imported = intake.apply_staged(node, imported)
    return report


def relay_sync(node: Node, channel: Channel) -> RelayReport:
    """A whole visit: take what the relay carries, leave what it lacks, say goodbye."""
    pulled = pull_blocks(node, channel)
    pushed = push_blocks(node, channel)
    RelayClient(channel).bye()
    pushed.imported = pulled.imported
    return pushed


def _held(node: Node, prefix: bytes) -> bool:
    low, high = prefix + bytes(16), prefix + b"\xff" * 16
    return any(
        node.store.one(f"SELECT 1 FROM {table} WHERE id BETWEEN ? AND ?", (low, high)) is not None
        for table in ("blocks", "chunks")
    )


# --- the relay's screen ------------------------------------------------------------------------

FOLDS = {
    "ÀÁÂÃÄÅ": "A",
    "Æ": "AE",
    "Ç": "C",
    "ÈÉÊË": "E",
    "ÌÍÎÏ": "I",
    "Ð": "D",
    "Ñ": "N",
    "ÒÓÔÕÖØ": "O",
    "ÙÚÛÜ": "U",
    "Ý": "Y",
    "ß": "ss",
    "àáâãäå": "a",
    "æ": "ae",
    "ç": "c",
    "èéêë": "e",
    "ìíîï": "i",
    "ð": "d",
    "ñ": "n",
    "òóôõöø": "o",
    "ùúûü": "u",
    "ýÿ": "y",
    "Œ": "OE",
    "œ": "oe",
    "Ÿ": "Y",
    "«»“”„": '"',
    "‘’‚‹›": "'",
    "–—": "-",
    "…": "...",
    "€": "EUR",
    "°": "o",
    "·": ".",
    "×": "x",
    "\u00a0\u2007\u2009\u202f": " ",
}
_FOLD = {ord(c): ascii_ for chars, ascii_ in FOLDS.items() for c in chars}
BADGE_CHARS = "?+!"  # unsigned, signature valid, signature invalid
DISPLAY_MIN_COLS, DISPLAY_MAX_COLS, DISPLAY_MAX_ROWS = 8, 80, 32


def _lead(b: int) -> tuple[int, int]:
    """How many continuation bytes follow the lead byte `b`, and its bits; (0, 0) for none."""
    if 0xC2 <= b <= 0xDF:
        return 1, b & 0x1F
    if 0xE0 <= b <= 0xEF:
        return 2, b & 0x0F
    if 0xF0 <= b <= 0xF4:
        return 3, b & 0x07
    return 0, 0


def _chars(data: bytes) -> Iterator[int | None]:
    """Code points of UTF-8 `data`, None for each byte that starts no valid character; the
    same rules as display.c (no overlong forms, no surrogates)."""
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            yield b
            i += 1
            continue
        need, cp = _lead(b)
        tail = data[i + 1 : i + 1 + need]
        if need == 0 or len(tail) < need or any(c & 0xC0 != 0x80 for c in tail):
            yield None
            i += 1
            continue
        for c in tail:
            cp = cp << 6 | (c & 0x3F)
        if (need == 2 and (cp < 0x800 or 0xD800 <= cp <= 0xDFFF)) or (
            need == 3 and not 0x10000 <= cp <= 0x10FFFF
        ):
            yield None
            i += 1
            continue
        yield cp
        i += need + 1


def fold_ascii(data: bytes) -> str:
    """What a font without accents can show: é→e, œ→oe, « »→", unknown characters → ?."""
    out = []
    for cp in _chars(data):
        if cp is None:
            out.append("?")
        elif cp < 0x20 or cp == 0x7F:
            out.append(" ")
        elif cp < 0x80:
            out.append(chr(cp))
        else:
            out.append(_FOLD.get(cp, "?"))
    return "".join(out)


def render_display(items: Sequence[DisplayItem], cols: int, rows: int) -> str:
    """The relay's screen after DISPLAY_PUT of `items`: P0 then P1 items, each line led by its
    badge and priority ("+P0 "), wrapped at `cols`, cut after `rows` lines."""
    if not (DISPLAY_MIN_COLS <= cols <= DISPLAY_MAX_COLS and 1 <= rows <= DISPLAY_MAX_ROWS):
        raise ValueError("the screen must have 8 to 80 columns and 1 to 32 rows")
    width = cols - 4
    lines: list[str] = []
    for item in sorted((i for i in items if i.priority <= 1), key=lambda i: i.priority):
        lead = f"{BADGE_CHARS[item.badge]}P{item.priority} "
        line = ""
        first = True

        def emit(text: str) -> None:
            nonlocal lead, first
            lines.append((lead + text).rstrip(" "))
            lead, first = "    ", False

        for word in fold_ascii(item.encoded()).split(" "):
            if not word:
                continue
            while len(word) > width:  # a word wider than the screen is cut
                if line:
                    emit(line)
                    line = ""
                emit(word[:width])
                word = word[width:]
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= width:
                line += " " + word
            else:
                emit(line)
                line = word
        if line or first:
            emit(line)
    return "\n".join(lines[:rows])
