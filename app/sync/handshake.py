"""Who is at the other end of a link, before anything else is read: `hello`, then mutual `auth`.

Each side says hello (protocol version, network tag, commune, a fresh nonce), then signs the
other's nonce with its node key. Until the peer's proof checks, the link carries nothing else:
the first message must be a hello, the second an auth, each small (`PRE_AUTH_MESSAGE`), the
peer may send `PRE_AUTH_BYTES` in all, and the whole exchange must end within `wait` seconds.
Anything else ends the link with one sentence; nothing the peer sent is kept.

It touches no store: what it needs of the node is copied into `Credentials` on the node's own
thread, so a listener can shake hands with several strangers at once on threads of their own.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from dataclasses import dataclass
from typing import Any

from app.core.encoding import cbor
from app.core.encoding.cose import CoseError, parse_sign1, sign1, verify_sign1
from app.core.node.node import Node
from app.sync import messages
from app.sync.channel import MAX_INBOX, MAX_MESSAGE, Channel
from app.sync.discovery import node_keys
from app.sync.errors import LinkError
from app.sync.sealed import network_tag

VERSION = 2  # 2: nothing but hello and auth before both sides are proven
# "acks": the session carries cuts and acknowledgements (session.py); sent to a peer whose hello
# names it too, as the previous release refuses a message kind it does not know.
CAPS = ["blocks", "chunks", "resume", "acks"]
AUTH_WAIT = 30.0  # seconds from the first byte to a proven peer
PRE_AUTH_MESSAGE = 1024  # a hello or an auth is about 150 bytes
PRE_AUTH_BYTES = 64 * 1024  # all a peer may send before it is proven
# The channel's limits until then; a listener opens its channels with them, so that not even
# the moment before `shake_hands` lowers them is left open.
PRE_AUTH = {
    "max_message": PRE_AUTH_MESSAGE,
    "max_inbox": PRE_AUTH_MESSAGE,
    "max_bytes": PRE_AUTH_BYTES,
}


@dataclass(frozen=True)
class Credentials:
    """What the handshake needs of the node, copied on the node's thread."""

    network_id: bytes
    commune: bytes
    signing_key: Any  # nacl.signing.SigningKey
    node_keys: dict[bytes, tuple[bytes, bytes, str]]  # kid → (commune, public key, name)
    caps: tuple[str, ...] = tuple(CAPS)  # what our hello announces

    @classmethod
    def of(cls, node: Node) -> Credentials:
        # A further laptop of a commune speaks for its own feed, with its own key.
        key = node.keyring.identity(node.feed).current
        return cls(node.network_id, node.feed, key.signing_key, node_keys(node))


@dataclass(frozen=True)
class Handshake:
    """A peer that proved it holds the node key of `commune` (key `kid`) in this session."""

    commune: bytes
    kid: bytes
    name: str
    shared: frozenset[str] = frozenset()  # the capabilities both hellos announced


def shake_hands(channel: Channel, me: Credentials, wait: float = AUTH_WAIT) -> Handshake:
    """Both hellos and both proofs; on success the channel's limits are raised to a session's."""
    deadline = time.monotonic() + wait
    channel.limit(**PRE_AUTH)
    nonce = os.urandom(messages.NONCE_BYTES)
    tag = network_tag(me.network_id)
    _send(channel, "hello", v=VERSION, net=tag, commune=me.commune, caps=list(me.caps), nonce=nonce)
    hello = _first(channel, "hello", deadline)
    if hello["net"] != tag:
        # Let our hello reach the other side, so that it can say the same to its clerk.
        with contextlib.suppress(LinkError, TimeoutError):
            channel.drain(min(5.0, max(deadline - time.monotonic(), 0.0)))
        raise LinkError(
            "The other side belongs to another network. Connect to a node of your own network.",
            code="foreign_peer",
        )
    if hello["v"] != VERSION:
        raise LinkError(
            "The other side runs another version of Obambu: update both laptops to the same "
            "version.",
            code="other_version",
        )
    # Each side signs the other's fresh nonce with its node key: a node of this network is at
    # the other end, not a replay of an earlier session or of an announcement.
    statement = cbor.encode({"peer": hello["nonce"], "commune": me.commune})
    _send(channel, "auth", proof=sign1(statement, me.signing_key, me.network_id))
    proven = _check(me, _first(channel, "auth", deadline)["proof"], hello["commune"], nonce)
    proven = dataclasses.replace(proven, shared=frozenset(me.caps) & frozenset(hello["caps"]))
    channel.limit(max_message=MAX_MESSAGE, max_inbox=MAX_INBOX, max_bytes=None)
    return proven


def _check(me: Credentials, proof: bytes, commune: bytes, nonce: bytes) -> Handshake:
    try:
        envelope = parse_sign1(proof)
        key = me.node_keys.get(envelope.kid or b"")
        if key is None:
            raise CoseError("not a node key of this network")
        verify_sign1(envelope, key[1], me.network_id)
        payload: Any = cbor.decode(envelope.payload)
    except (CoseError, cbor.CanonicalError) as exc:
        raise LinkError(
            "The other side could not prove it is a town hall of your network. Check which "
            "laptop you connected to.",
            code="unauthenticated_peer",
        ) from exc
    if not isinstance(payload, dict) or payload.get("peer") != nonce or key[0] != commune:
        raise LinkError(
            "The other side answered for another session or another commune. Check which "
            "laptop you connected to.",
            code="unauthenticated_peer",
        )
    return Handshake(key[0], bytes(envelope.kid or b""), key[2])


def _send(channel: Channel, kind: str, **fields: Any) -> None:
    channel.send(cbor.encode({"t": kind, **fields}))


def _first(channel: Channel, kind: str, deadline: float) -> dict[str, Any]:
    """The next message, which must be a `kind`, before `deadline`."""
    remaining = deadline - time.monotonic()
    raw = channel.recv(remaining) if remaining > 0 else None
    if raw is None:
        raise LinkError(
            "The other side did not prove in time that it belongs to your network: check "
            "which laptop you connected to, then sync again.",
            code="slow_peer",
        )
    message = messages.decode(raw)
    if message["t"] != kind:
        raise messages.unexpected(message["t"])
    return message
