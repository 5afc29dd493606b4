"""Who a board is: hello → challenge, session → signed challenge → token, and a rate limit per
address. The API's only mutable state, behind one lock; never the store."""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import nacl.exceptions
import nacl.signing

from app.sync.device_api.snapshot import Device, Snapshot
from app.sync.device_api.wire import (
    AUTH_SCHEME,
    CHALLENGE_S,
    CONTEXT,
    GRANT,
    HELLO,
    SESSION,
    TOKEN_S,
)


class Refused(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Challenge:
    device: bytes
    address: str
    expires: float


MAX_CHALLENGES = 1024
PER_PAIR = 4  # outstanding challenges per (device, address)
MAX_TOKENS = 1024
MAX_BUCKETS = 4096


class Sessions:
    """The API's only mutable state, behind one lock; never the store."""

    def __init__(self, clock: Callable[[], float], rate: float | None, burst: float) -> None:
        self.clock = clock
        self.rate = rate
        self.burst = burst
        self.lock = threading.Lock()
        self.challenges: dict[bytes, Challenge] = {}
        self.pairs: dict[tuple[bytes, str], deque[bytes]] = {}
        self.tokens: dict[bytes, tuple[bytes, float]] = {}
        self.buckets: dict[str, tuple[float, float]] = {}
        self.seen: dict[bytes, tuple[float, str]] = {}  # device: Unix time, address

    def allow(self, address: str) -> bool:
        """A token bucket per client address: `rate` per second, up to `burst` at once."""
        if self.rate is None:
            return True
        now = self.clock()
        with self.lock:
            got = self.buckets.get(address)
            if got is None:
                if len(self.buckets) >= MAX_BUCKETS:
                    self.buckets.clear()  # a flood of addresses: everyone starts afresh
                level = self.burst
            else:
                level = min(self.burst, got[0] + (now - got[1]) * self.rate)
            allowed = level >= 1.0
            self.buckets[address] = (level - 1.0 if allowed else level, now)
            return allowed

    def hello(self, snapshot: Snapshot, body: bytes, address: str) -> bytes:
        if len(body) != HELLO.size:
            raise Refused("malformed")
        device, tag = HELLO.unpack(body)
        if tag != snapshot.tag:
            raise Refused("other_network")
        admitted(snapshot, device)
        challenge = secrets.token_bytes(16)
        now = self.clock()
        with self.lock:
            if len(self.challenges) >= MAX_CHALLENGES:
                self._purge_challenges(now)
            while len(self.challenges) >= MAX_CHALLENGES:
                self._drop_challenge(next(iter(self.challenges)))
            pair = self.pairs.setdefault((device, address), deque())
            while len(pair) >= PER_PAIR:
                self._drop_challenge(pair[0])
            self.challenges[challenge] = Challenge(device, address, now + CHALLENGE_S)
            pair.append(challenge)
        return GRANT.pack(challenge, CHALLENGE_S)

    def session(self, snapshot: Snapshot, body: bytes, address: str) -> bytes:
        if len(body) != SESSION.size:
            raise Refused("malformed")
        device, challenge, signature = SESSION.unpack(body)
        now = self.clock()
        with self.lock:
            held = self.challenges.get(challenge)
            if held is not None:
                self._drop_challenge(challenge)  # single use, whatever comes next
        if held is None or held.expires < now or held.device != device or held.address != address:
            raise Refused("challenge_unknown")
        board = admitted(snapshot, device)
        try:
            nacl.signing.VerifyKey(board.pk).verify(
                CONTEXT + snapshot.tag + device + challenge, signature
            )
        except (nacl.exceptions.BadSignatureError, ValueError, TypeError) as exc:
            raise Refused("bad_signature") from exc
        token = secrets.token_bytes(16)
        with self.lock:
            if len(self.tokens) >= MAX_TOKENS:
                for old in [t for t, (_, until) in self.tokens.items() if until < now]:
                    del self.tokens[old]
            while len(self.tokens) >= MAX_TOKENS:
                del self.tokens[next(iter(self.tokens))]
            self.tokens[token] = (device, now + TOKEN_S)
            self.seen[device] = (time.time(), address)
        return GRANT.pack(token, TOKEN_S)

    def bearer(self, snapshot: Snapshot, header: str | None, address: str) -> Device:
        """The board a request's Authorization header speaks for."""
        if header is None:
            raise Refused("token_missing")
        if not header.startswith(AUTH_SCHEME) or len(header) != len(AUTH_SCHEME) + 32:
            raise Refused("token_unknown")
        try:
            token = bytes.fromhex(header[len(AUTH_SCHEME) :])
        except ValueError as exc:
            raise Refused("token_unknown") from exc
        now = self.clock()
        with self.lock:
            held = self.tokens.get(token)
            if held is not None and held[1] < now:
                del self.tokens[token]
                held = None
        if held is None:
            raise Refused("token_unknown")
        board = admitted(snapshot, held[0])  # retired since the token was given: refused now
        with self.lock:
            self.seen[board.id] = (time.time(), address)
        return board

    def _purge_challenges(self, now: float) -> None:
        for old in [c for c, held in self.challenges.items() if held.expires < now]:
            self._drop_challenge(old)

    def _drop_challenge(self, challenge: bytes) -> None:
        held = self.challenges.pop(challenge, None)
        if held is None:
            return
        key = (held.device, held.address)
        pair = self.pairs.get(key)
        if pair is not None:
            with contextlib.suppress(ValueError):
                pair.remove(challenge)
            if not pair:
                del self.pairs[key]


def admitted(snapshot: Snapshot, device: bytes) -> Device:
    board = snapshot.devices.get(device)
    if board is None:
        raise Refused("unknown_device")
    if board.retired:
        raise Refused("device_retired")
    return board
