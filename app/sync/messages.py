"""The messages of a sync session, checked field by field before the session reads them.

A message is a canonical CBOR map whose `t` names its kind. What another laptop sends is
hostile until proven otherwise: a missing field, a wrong type or a size out of bounds is
refused here with one sentence (`bad_peer`), so the session code below never meets a KeyError
or a ValueError. Unknown fields are ignored, so a later version may add some.
"""

from __future__ import annotations

from typing import Any

from app.core.encoding import cbor
from app.core.errors import Rejected
from app.core.ledger.fields import Fields
from app.core.ledger.objects import ID_BYTES, KID_BYTES
from app.sync import segment
from app.sync.errors import LinkError

NONCE_BYTES = 16
TAG_BYTES = 16
PIECE = 4096  # the largest piece of an object in one `data` message
MAX_PROOF = 1024  # a COSE_Sign1 of a nonce and a commune id is about 150 bytes
MAX_LIST = 1 << 24  # lists are bounded by the message size first; this only keeps ints sane
MAX_CAPS = 32
MAX_RESUMES = 64  # the parts of objects a peer may say it holds
MAX_SEQ = 2**63 - 1
MAX_CUTS = 2  # the cuts a session carries: the two newest, as a stick (acks.KEPT_CUTS)


def decode(raw: bytes) -> dict[str, Any]:
    """The checked message in `raw`."""
    try:
        message: Any = cbor.decode(raw)
    except cbor.CanonicalError as exc:
        raise LinkError(
            "The other side sent something this version does not understand. Update both "
            "laptops to the same Obambu version.",
            code="bad_peer",
        ) from exc
    if not isinstance(message, dict) or not isinstance(message.get("t"), str):
        raise LinkError(
            "The other side is not an Obambu node: check what is connected.", code="bad_peer"
        )
    check = _CHECKS.get(message["t"])
    if check is None:
        raise unexpected(message["t"])
    try:
        check(_Fields(message, message["t"]))
    except Rejected as exc:
        raise LinkError(exc.message, code="bad_peer") from exc
    return message


def unexpected(kind: str) -> LinkError:
    """A message of a kind that has no place at this point of the session."""
    return LinkError(
        f"The other side sent a {kind[:16]!r} message out of turn: check which laptop you "
        "connected to, and that both run the same Obambu version.",
        code="bad_peer",
    )


class _Fields(Fields):
    def bad(self, what: str) -> Rejected:
        return Rejected(
            "bad_peer",
            f"The other side sent a malformed {self.what!r} message ({what}): check which "
            "laptop you connected to, and that both run the same Obambu version.",
        )


def _hello(f: Fields) -> None:
    f.int_("v", 0, 255)
    f.bytes_("net", TAG_BYTES)
    f.bytes_("commune", KID_BYTES)
    f.bytes_("nonce", NONCE_BYTES)
    for cap in f.list_("caps", MAX_CAPS):
        if not (isinstance(cap, str) and len(cap) <= 32):
            raise f.bad("'caps' must be short words")


def _auth(f: Fields) -> None:
    f.blob("proof", MAX_PROOF)


def _summary(f: Fields) -> None:
    for pair in f.list_("heads", MAX_LIST):
        if not _pair(pair, KID_BYTES, 0, MAX_SEQ):
            raise f.bad("'heads' must be pairs of a feed id and a number")
    _ids(f, "chunks")
    for pair in f.list_("partials", MAX_RESUMES):
        if not _pair(pair, ID_BYTES, 1, segment.MAX_RECORD):
            raise f.bad("'partials' must be pairs of an object id and a length")


def _want(f: Fields) -> None:
    _ids(f, "chunks")


def _data(f: Fields) -> None:
    if f.int_("k", 0, 255) not in segment.KINDS:
        raise f.bad("'k' must be a kind of object")
    f.bytes_("id", ID_BYTES)
    offset = f.int_("off", 0, segment.MAX_RECORD)
    total = f.int_("total", 1, segment.MAX_RECORD)
    part = f.blob("part", PIECE)
    if not part or offset + len(part) > total:
        raise f.bad("'part' must lie inside the object")


def _beacon(f: Fields) -> None:
    f.blob("data", segment.MAX_RECORD)


def _cuts(f: Fields) -> None:
    _statements(f, "cuts", MAX_CUTS)
    for item in f.list_("have", MAX_LIST):  # [feed, inc, aseq] of each ack the sender keeps
        if not (
            isinstance(item, list)
            and len(item) == 3
            and isinstance(item[0], bytes)
            and len(item[0]) == KID_BYTES
            and all(type(n) is int and 0 <= n <= MAX_SEQ for n in item[1:])
        ):
            raise f.bad("'have' must be triples of a feed id and two numbers")


def _acks(f: Fields) -> None:
    # One ack a feed: the count is bounded by the network's size, which the session knows
    # (cuts.node_bounds), and each ack's size by read_ack; here, by the message's size.
    _statements(f, "acks", MAX_LIST)


def _statements(f: Fields, name: str, most: int) -> None:
    for item in f.list_(name, most):
        if not (isinstance(item, bytes) and 0 < len(item) <= segment.MAX_RECORD):
            raise f.bad(f"'{name}' must hold signed statements of at most {segment.MAX_RECORD} B")


def _nothing(f: Fields) -> None:
    return None


def _ids(f: Fields, name: str) -> None:
    for item in f.list_(name, MAX_LIST):
        if not (isinstance(item, bytes) and len(item) == ID_BYTES):
            raise f.bad(f"'{name}' must hold ids of {ID_BYTES} bytes")


def _pair(value: object, size: int, least: int, most: int) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], bytes)
        and len(value[0]) == size
        and type(value[1]) is int
        and least <= value[1] <= most
    )


_CHECKS = {
    "hello": _hello,
    "auth": _auth,
    "summary": _summary,
    "want": _want,
    "data": _data,
    "beacon": _beacon,
    "cuts": _cuts,
    "acks": _acks,
    "done": _nothing,
    "bye": _nothing,
}
