"""One harness per parser of outside bytes, and the real objects each is seeded with.

A harness takes the bytes a fuzzer made, gives them to the parser the way the application does,
and lets only the parser's documented outcomes through: a result, or its own refusal (an
ObambuError subclass, or the parser's plain error type named below). Anything else (KeyError,
TypeError, IndexError, OverflowError, MemoryError, RecursionError, an assertion about the
result) propagates: that is a crash, and the fuzzer reports it.

Several harnesses have modes, chosen by the first byte: the raw bytes as they would lie on a
stick or arrive on a link, or the bytes as the payload of an envelope the harness signs with a
real key of the network. Signing lets the fuzzer reach what lies behind a signature check: what
a member who turned hostile, or a stolen laptop, could send.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import struct
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import crc32c

from app.cli_attest import _show
from app.cli_base import Output
from app.core.attestations import certificates, kit, qrtext
from app.core.attestations.attestation import parse_attestation
from app.core.encoding import cbor
from app.core.encoding.cose import CoseError, _parse_strict_slow, parse_sign1, verify_sign1
from app.core.errors import ObambuError, Rejected
from app.core.ledger.objects import (
    Block,
    make_block,
    object_id,
    parse_block,
    parse_genesis,
    parse_tx,
)
from app.core.ledger.txtypes import B_PREV, B_SEQ, T_ASEQ, T_TIME
from app.provision.relaycfg import RelayConfig, RelayConfigError
from app.sync import (
    beacon,
    cuts,
    discovery,
    frames,
    handshake,
    laptop_invite,
    relay,
    sealed,
    segment,
    signed,
)
from app.sync.channel import Channel
from app.sync.device_api.handler import Handler
from app.sync.device_api.sessions import Challenge
from app.sync.device_api.wire import CONTEXT, REFUSALS
from app.sync.errors import LinkError
from app.sync.export import read_stick_beacons
from app.sync.invite import accept, read_requests
from app.sync.session import Session
from app.sync.stick import Stick, StickError
from fuzz.world import BOX, BOX_SEED, CHALLENGE, TOKEN, World, mode, payload_of, u16

Check = Callable[[World, bytes], None]


@dataclass(frozen=True)
class Target:
    name: str
    check: Check
    seeds: Callable[[World], list[bytes]]
    payload_modes: frozenset[int] = frozenset()  # modes whose content is a CBOR payload
    dictionary: str | None = "cbor.dict"  # libFuzzer's words for it, in fuzz/


def split(data: bytes, modes: int) -> tuple[int, bytes]:
    """The mode the first byte picks, and the rest."""
    if not data:
        return 0, b""
    return data[0] % modes, data[1:]


# --- strict CBOR ---------------------------------------------------------------------------------


def check_cbor(world: World, data: bytes) -> None:
    """cbor.decode: a value or CanonicalError; a value re-encodes to the very same bytes."""
    try:
        value = cbor.decode(data)
    except cbor.CanonicalError:
        return
    assert cbor.encode(value) == data, "a decoded value does not re-encode to its bytes"


def seeds_cbor(world: World) -> list[bytes]:
    payloads = [payload_of(x) for x in (world.genesis, *world.blocks, *world.txs)]
    return [*payloads, payload_of(world.kit), *(payload_of(t) for t in world.trailers)]


# --- COSE_Sign1 ----------------------------------------------------------------------------------


def check_cose(world: World, data: bytes) -> None:
    """parse_sign1, strict (our envelopes) or lenient (foreign ones): a Sign1 or CoseError. In
    strict mode the byte-layout fast path and the full decoder agree; verify_sign1 only ever
    says CoseError."""
    which, body = split(data, 2)
    if which == 0:
        try:
            fast = parse_sign1(body)
        except CoseError:
            fast = None
        try:
            slow = _parse_strict_slow(body)
        except CoseError:
            slow = None
        assert fast == slow, "the strict parser's fast path and full decoder disagree"
        found = fast
    else:
        try:
            found = parse_sign1(body, strict=False)
        except CoseError:
            return
    if found is None:
        return
    for key, aad in ((world.node_key, world.network_id), (world.member_key, b"")):
        with contextlib.suppress(CoseError):
            verify_sign1(found, key.public_key, aad, check_kid=which == 0)


def seeds_cose(world: World) -> list[bytes]:
    objects = [world.genesis, *world.blocks[:2], *world.txs[:3], *world.attestations[:1]]
    return [mode(m, x) for x in objects for m in (0, 1)]


# --- ledger objects ------------------------------------------------------------------------------


def check_objects(world: World, data: bytes) -> None:
    """parse_block, parse_tx, parse_genesis (and parse_tx of a block's transactions, as the import
    preview does): the object or Rejected. Modes 0-2 raw, 3-5 a payload signed by the key that
    signs such objects."""
    which, body = split(data, 6)
    kind = which % 3
    if which >= 3:
        key = (world.node_key, world.member_key, world.founder_key)[kind]
        body = world.signed(body, key, b"" if kind == 2 else None)
    parse = (parse_block, parse_tx, parse_genesis)[kind]
    try:
        found = parse(body)
    except Rejected:
        return
    assert found.id == object_id(body)
    if isinstance(found, Block):
        for tx in found.txs:
            with contextlib.suppress(Rejected):
                parse_tx(tx)


def seeds_objects(world: World) -> list[bytes]:
    raw = [world.blocks, world.txs, [world.genesis]]
    out = [mode(kind, x) for kind, items in enumerate(raw) for x in items]
    out += [mode(3 + kind, payload_of(x)) for kind, items in enumerate(raw) for x in items]
    return out


# --- the ledger: blocks and transactions applied --------------------------------------------------

_OUTCOMES = {"applied", "known", "waiting", "rejected", "evidence"}


def check_ledger(world: World, data: bytes) -> None:
    """Blocks of a commune of the network as Ambam's ledger takes them in (Node.receive, where
    every import and session ends): an outcome, never an exception, since an exception there
    leaves the block staged to fail every later import. Mode 0 a block's payload signed by
    Bipindi's node key; mode 1 a transaction's payload signed by Bipindi's mayor, in a block of
    Bipindi's. The harness puts each block right after the head of Bipindi's feed that Ambam
    holds (and a transaction at its actor's next number), so that the fuzzer's blocks never
    contradict each other: a proven double signature would freeze the feed for the rest of
    the run."""
    which, body = split(data, 2)
    a, b = world.a, world.b
    head = a.store.one("SELECT head_seq, head_id FROM feeds WHERE author = ?", (b.commune,))
    seq, prev = int(head[0]) + 1, bytes(head[1])
    payload = _decoded(body)
    if which == 0:
        if isinstance(payload, dict):
            payload.update({B_SEQ: seq, B_PREV: prev})
            body = cbor.encode(payload)
        block = world.signed(body, world.node_key)
    else:
        if isinstance(payload, dict):
            known = a.store.value("SELECT aseq FROM actors WHERE id = ?", (b.member,))
            payload[T_ASEQ] = int(known or 0) + 1
            body = cbor.encode(payload)
        tx = world.signed(body, world.member_key)
        epoch = world.state.setdefault("epoch", parse_block(b._block([])).epoch)
        block = make_block(
            world.node_key,
            world.network_id,
            author=b.commune,
            seq=seq,
            prev=prev,
            refs=[],
            epoch=epoch,
            time=int(time.time()),
            txs=[tx],
        )
    outcome = a.receive(block)
    assert outcome.status in _OUTCOMES, outcome


def _decoded(data: bytes) -> Any:
    try:
        return cbor.decode(data)
    except cbor.CanonicalError:
        return None


def seeds_ledger(world: World) -> list[bytes]:
    b = world.b
    now = int(time.time())
    txs = []
    for (data,) in b.store.all(
        "SELECT data FROM txs WHERE actor = ? GROUP BY type ORDER BY type", (b.member,)
    ):
        payload = cbor.decode(payload_of(bytes(data)))
        assert isinstance(payload, dict)
        txs.append(cbor.encode({**payload, T_TIME: now}))
    thread = world.signed(txs[0], world.member_key)
    blocks = [payload_of(b._block([])), payload_of(b._block([thread]))]
    return [*(mode(0, x) for x in blocks), *(mode(1, x) for x in txs)]


# --- segments ------------------------------------------------------------------------------------


def check_segment(world: World, data: bytes) -> None:
    """segment.scan and segment.trailer_of on a segment's bytes: what they found, or
    SegmentUnreadable."""
    try:
        scan = segment.scan(data, world.network_id, world.key_for)
    except segment.SegmentUnreadable as exc:
        assert exc.reason in ("foreign", "unknown_key", "damaged")
    else:
        assert scan.damaged >= 0
        assert all(r.kind in segment.KINDS for r in scan.records)
    with contextlib.suppress(segment.SegmentUnreadable):
        segment.trailer_of(data, world.network_id, world.key_for)


def seeds_segment(world: World) -> list[bytes]:
    return world.segments


# --- the files of a stick: NETWORK, the index, the segments' trailers ----------------------------


def check_stick(world: World, data: bytes) -> None:
    """What a stick's files say, read as import and export read them: Stick.check_network (a
    StickError) and Stick.holding (always a Holding: what it cannot read is counted). Modes:
    0 the NETWORK file; 1 the index file; 2 the index's sealed payload; 3 a segment's signed
    trailer; 4 a trailer's payload signed by a node key."""
    which, body = split(data, 5)
    stick = _fuzz_stick(world)
    if which == 0:
        (stick.root / "NETWORK").write_bytes(body)
        with contextlib.suppress(StickError):
            stick.check_network(world.network_id)
        return
    if which == 1:
        (stick.root / "index.obi").write_bytes(body)
    elif which == 2:
        epoch, key = world.transport
        (stick.root / "index.obi").write_bytes(sealed.seal(body, key, epoch, b"index"))
    else:
        trailer = body if which == 3 else world.signed(body, world.node_key)
        epoch, key = world.transport
        writer = segment.SegmentWriter(
            stick.root / "seg" / "fuzz.part", world.network_id, epoch, key
        )
        writer.finish(lambda _hash, _count: trailer)
        writer.path.rename(stick.root / "seg" / "209901" / "fuzz.obs")
    holding = stick.holding(world.a)
    assert isinstance(holding.ranges(), dict)


def _fuzz_stick(world: World) -> Stick:
    """A copy of the world's stick, put back as it was before each run."""
    folder = world.scratch / "fuzz-stick"
    root = folder / "OBAMBU"
    if not root.is_dir():
        shutil.copytree(world.stick, folder)
        (root / "seg" / "209901").mkdir()
        world.state["stick files"] = {
            p: p.read_bytes() for p in (root / "NETWORK", root / "index.obi")
        }
    for path, content in world.state["stick files"].items():
        path.write_bytes(content)
    (root / "seg" / "209901" / "fuzz.obs").unlink(missing_ok=True)
    return Stick(root)


def seeds_stick(world: World) -> list[bytes]:
    _, key = world.transport
    index = sealed.open_(world.index_blob, key, b"index")
    return [
        mode(0, world.network_file),
        mode(1, world.index_blob),
        mode(2, index),
        *(mode(3, t) for t in world.trailers),
        *(mode(4, payload_of(t)) for t in world.trailers),
    ]


# --- beacons -------------------------------------------------------------------------------------


def check_beacon(world: World, data: bytes) -> None:
    """Beacons as a stick brings them: read_stick_beacons then beacon.remember, as the import
    does; a forged or damaged one is skipped, never raised. Modes: 0 the encrypted file; 1 the
    signed beacon inside it; 2 a beacon's payload signed by a node key."""
    which, body = split(data, 3)
    if which == 2:
        body = world.signed(body, world.node_key)
    if which >= 1:
        with contextlib.suppress(signed.Forged):
            beacon.parse(world.a, body)
        epoch, key = world.transport
        body = sealed.seal(body, key, epoch, b"beacon")
    stick = _fuzz_stick(world)
    folder = stick.root / "bcn"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "fuzz.obb").write_bytes(body)
    for heard in read_stick_beacons(world.a, stick)[0]:
        beacon.remember(world.a, heard)
        beacon.describe_heads(heard.heads)


def seeds_beacon(world: World) -> list[bytes]:
    _, key = world.transport
    opened = [sealed.open_(blob, key, b"beacon") for blob in world.beacon_blobs]
    return [
        *(mode(0, blob) for blob in world.beacon_blobs),
        *(mode(1, b) for b in opened),
        *(mode(2, payload_of(b)) for b in opened),
    ]


# --- cuts and acknowledgements -------------------------------------------------------------------


def _world_cut(world: World) -> cuts.Cut:
    """A cut of Bipindi's holding, signed by its node key and read by Ambam (kept per world)."""
    found = world.state.get("cut")
    if not isinstance(found, cuts.Cut):
        order = cuts.node_bounds(world.a).order
        payload = cuts.cut_payload(1, world.b.commune, 1_767_225_600, world.b.heads(), order)
        data = cuts.sign(payload, world.node_key.signing_key, world.network_id)
        found = world.state["cut"] = cuts.read_cut(
            data, cuts.node_signers(world.a), world.network_id, cuts.node_bounds(world.a)
        )
    return found


def _world_ack(world: World, cut: cuts.Cut) -> bytes:
    held = {f: s - 1 for f, s in world.b.heads().items()}  # one block less of each: exceptions
    payload = cuts.ack_payload(
        1, 1_767_225_600, cut.name, cuts.exceptions_of(cut, held), 1, 0, 0, ["a.obs"]
    )
    return cuts.sign(payload, world.node_key.signing_key, world.network_id)


def check_cuts(world: World, data: bytes) -> None:
    """A cut or an ack as a stick will bring them, read by app/sync/cuts.py with Ambam's
    ledger, then judged against Bipindi's cut; only StatementRefused may come out. Modes: 0 a
    sealed cut file; 1 a sealed ack file; 2 a signed cut; 3 a signed ack; 4 a cut's payload and
    5 an ack's, signed by Bipindi's node key."""
    which, body = split(data, 6)
    signers, bounds = cuts.node_signers(world.a), cuts.node_bounds(world.a)
    ours = _world_cut(world)
    is_cut = which % 2 == 0
    if which >= 4:
        body = world.signed(body, world.node_key)
    with contextlib.suppress(cuts.StatementRefused):
        if which < 2:
            epoch_key = world.key_for
            purpose = cuts.CUT_PURPOSE if is_cut else cuts.ACK_PURPOSE
            most = bounds.cut_bytes if is_cut else bounds.ack_bytes
            body = cuts.open_file(body, purpose, epoch_key, most)
        if is_cut:
            cut = cuts.read_cut(body, signers, world.network_id, bounds)
            held = {f: s - 1 for f, s in world.a.heads().items()}
            payload = cuts.ack_payload(1, 0, cut.name, cuts.exceptions_of(cut, held), 1, 0, 0)
            ack = cuts.read_ack(
                cuts.sign(payload, world.founder_key.signing_key, world.network_id),
                signers,
                world.network_id,
                bounds,
            )
            assert cuts.holding(ack, cut).keys() <= set(cut.feeds)
            cuts.keep_on_stick([ours, cut], [ack])
            cuts.may_propose(cut, [ack.feed], {ack.feed: ack}, world.a.heads())
        else:
            ack = cuts.read_ack(body, signers, world.network_id, bounds, now=2_000_000_000)
            cuts.held_by_all([ack.feed], {ack.feed: ack}, {ours.name: ours})
            cuts.worth_writing(None, ack)


def seeds_cuts(world: World) -> list[bytes]:
    cut = _world_cut(world)
    ack = _world_ack(world, cut)
    epoch, key = world.transport
    return [
        mode(0, cuts.seal(cut.data, cuts.CUT_PURPOSE, key, epoch)),
        mode(1, cuts.seal(ack, cuts.ACK_PURPOSE, key, epoch)),
        mode(2, cut.data),
        mode(3, ack),
        mode(4, payload_of(cut.data)),
        mode(5, payload_of(ack)),
    ]


# --- link frames ---------------------------------------------------------------------------------


def check_frames(world: World, data: bytes) -> None:
    """frames.decode gives a Frame or a reason, never raises, and a frame it accepts is the one
    that encodes to those bytes; FrameReader.feed finds the same frames however the stream is
    cut, and never holds more than a frame's worth of bytes."""
    for part in data.split(b"\x00"):
        found = frames.decode(part)
        if isinstance(found, frames.Frame):
            assert frames.encode(found) == part + b"\x00", "an accepted frame re-encodes otherwise"
        else:
            assert found in ("cobs", "crc", "length", "version", "kind", "too_short", "too_long")
    whole = frames.FrameReader()
    at_once = whole.feed(data)
    cut = frames.FrameReader()
    middle = len(data) // 2
    in_two = cut.feed(data[:middle]) + cut.feed(data[middle:])
    assert len(whole._pending) <= frames.MAX_ENCODED
    if len(data) <= frames.MAX_ENCODED:  # past that the reader drops unseen bytes by design
        assert at_once == in_two, "the frames found depend on how the stream was cut"


def seeds_frames(world: World) -> list[bytes]:
    block = world.blocks[0]
    data = [
        frames.Frame(frames.Kind.DATA, 7, 3, block[: frames.MAX_PAYLOAD]),
        frames.Frame(frames.Kind.LAST, 8, 3, block[:40]),
        frames.ack_frame(65535, 0b1011),
    ]
    stream = b"".join(frames.encode(f) for f in data)
    return [frames.encode(f) for f in data] + [stream, b"\x00\x00" + stream[5:]]


# --- sync session messages -----------------------------------------------------------------------


class _Peer:
    """A channel whose other end plays back the messages the fuzzer made, then hangs up.

    In the signed mode it answers Ambam's challenge with a proof signed by Bipindi's node key, as
    an authenticated peer would, so that what follows is read as coming from a member of the
    network."""

    def __init__(self, world: World, messages: list[bytes], prove: bool) -> None:
        self.world = world
        self.messages = messages
        self.prove = prove
        self.sent = 0
        self.nonce = b""

    def send(self, message: bytes) -> None:
        self.sent += 1
        if self.sent == 1:  # our hello: the challenge the peer must sign
            with contextlib.suppress(cbor.CanonicalError, AttributeError, TypeError):
                self.nonce = bytes(cast(dict[str, Any], cbor.decode(message)).get("nonce", b""))

    def recv(self, timeout: float | None = None) -> bytes | None:
        if not self.messages:
            return None
        message = self.messages.pop(0)
        if self.prove and message == b"auth":
            proof = signed.sign(self.world.b, {"peer": self.nonce, "commune": self.world.b.commune})
            return cbor.encode({"t": "auth", "proof": proof})
        return message

    def drain(self, timeout: float | None = None) -> None:
        pass

    def limit(self, *, max_message: int, max_inbox: int, max_bytes: int | None) -> None:
        pass  # the played-back messages are already whole: the handshake's bounds are its own


def check_session(world: World, data: bytes) -> None:
    """A sync session (Session.run) with a peer that sends the fuzzer's messages, each a u16
    length then its bytes: a report, or a LinkError saying why the session ended. Mode 0 a
    stranger; mode 1 a peer that proves it holds Bipindi's node key (a message "auth" stands
    for that proof)."""
    which, body = split(data, 2)
    messages = []
    while len(body) >= 2:
        (size,) = struct.unpack_from(">H", body)
        messages.append(body[2 : 2 + size])
        body = body[2 + size :]
    peer = _Peer(world, messages, which == 1)
    with contextlib.suppress(LinkError):
        Session(world.a, cast(Channel, peer)).run()


def session_messages(world: World) -> list[bytes]:
    """What Bipindi says in an honest session with Ambam (both hold everything already), and a
    few pieces of a block Ambam lacks."""
    b = world.b
    tag = sealed.network_tag(world.network_id)

    def say(kind: str, **fields: Any) -> bytes:
        return cbor.encode({"t": kind, **fields})

    block = world.blocks[-1]
    oid = object_id(block)
    return [
        say(
            "hello",
            v=1,
            net=tag,
            commune=b.commune,
            caps=["blocks", "chunks", "resume"],
            partials=[[oid, 100]],
            nonce=bytes(16),
        ),
        say(
            "summary",
            heads=[[a, s] for a, s in sorted(b.heads().items())],
            chunks=b.chunk_ids()[:2],
        ),
        b"auth",
        say("want", chunks=[]),
        say("data", k=segment.BLOCK, id=oid, off=0, total=len(block), part=block[:100]),
        say("data", k=segment.BLOCK, id=oid, off=100, total=len(block), part=block[100:]),
        say("beacon", data=beacon.make(b, [])),
        say("done"),
        say("bye"),
    ]


def session_with_acks(world: World) -> list[bytes]:
    """A whole honest session of this version, in turn, with Bipindi's cut and an ack of it
    (the messages of app/sync/linkacks.py)."""
    b = world.b
    cut = _world_cut(world)

    def say(kind: str, **fields: Any) -> bytes:
        return cbor.encode({"t": kind, **fields})

    return [
        say(
            "hello",
            v=handshake.VERSION,
            net=sealed.network_tag(world.network_id),
            commune=b.commune,
            caps=list(handshake.CAPS),
            nonce=bytes(16),
        ),
        b"auth",
        say(
            "summary",
            heads=[[a, s] for a, s in sorted(b.heads().items())],
            chunks=b.chunk_ids()[:2],
            partials=[],
        ),
        say("want", chunks=[]),
        say("beacon", data=beacon.make(b, [])),
        say("cuts", cuts=[cut.data], have=[[b.feed, 0, 1]]),
        say("done"),
        say("acks", acks=[_world_ack(world, cut)]),
        say("bye"),
    ]


def seeds_session(world: World) -> list[bytes]:
    messages = session_messages(world)
    forged = cbor.encode({"t": "auth", "proof": world.signed(b"\xa0", world.node_key)})
    stranger = [forged if m == b"auth" else m for m in messages]
    return [
        mode(0, b"".join(u16(len(m)) + m for m in stranger)),
        mode(1, b"".join(u16(len(m)) + m for m in messages)),
        mode(1, b"".join(u16(len(m)) + m for m in session_with_acks(world))),
    ]


# --- attestations --------------------------------------------------------------------------------


def check_attestation(world: World, data: bytes) -> None:
    """An attestation handed to `attest verify`: typed or scanned text (mode 0, from_qr_text:
    bytes or QrTextError), its bytes (mode 1), or a payload signed by a member (mode 2). Checked
    with a verifier kit and with a town hall's ledger, and shown as the command line shows it:
    a verdict every time, never an exception."""
    which, body = split(data, 3)
    if which == 0:
        try:
            body = qrtext.from_qr_text(body.decode("utf-8", "surrogateescape"))
        except qrtext.QrTextError:
            return
    elif which == 2:
        body = world.signed(body, world.member_key, b"")
    verdicts = [kit.verify(world.held_kit, body)]
    with world.a.overlay():
        verdicts.append(certificates.verify(world.a, body))
    for verdict in verdicts:
        for as_json in (False, True):
            with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
                _show(Output(as_json), verdict)
    with contextlib.suppress(Rejected):
        certificates.verify_fields(body)


def seeds_attestation(world: World) -> list[bytes]:
    texts = [qrtext.to_qr_text(a).encode() for a in world.attestations]
    return [
        *(mode(0, t) for t in texts),
        *(mode(1, a) for a in world.attestations),
        *(mode(2, payload_of(a)) for a in world.attestations),
    ]


# --- verifier kits -------------------------------------------------------------------------------


def check_kit(world: World, data: bytes) -> None:
    """A verifier kit from a stick, as `attest kit import` then `attest verify --kit` take it:
    kit.read (a Kit or KitError), merged into the kit already held (KitError when it is another
    network's), saved and loaded back, then used to verify attestations (a verdict, never an
    exception). Mode 0 the file; mode 1 a kit's payload signed by a node key it holds."""
    which, body = split(data, 2)
    if which == 1:
        body = world.signed(body, world.node_key, b"")
    path = world.scratch / "fuzz-kit" / kit.FILE
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(body)
    try:
        incoming = kit.read(path)
        merged = kit.merge(world.held_kit, incoming)
    except kit.KitError:
        return
    folder = world.scratch / "fuzz-trust"
    kit.save(merged.kit, folder)
    loaded = kit.load(folder)
    assert loaded is not None
    for held in (incoming, loaded):
        for attestation in world.attestations[:2]:
            kit.verify(held, attestation).as_dict()
    kit.digest(incoming)


def seeds_kit(world: World) -> list[bytes]:
    return [mode(0, world.kit), mode(1, payload_of(world.kit))]


# --- the device API ------------------------------------------------------------------------------


class _Connection:
    """A socket whose incoming bytes are the fuzzer's and whose outgoing bytes are kept."""

    def __init__(self, data: bytes) -> None:
        self.incoming = io.BytesIO(data)
        self.out = bytearray()

    def makefile(self, mode: str, buffering: int | None = None) -> io.BytesIO:
        return self.incoming

    def sendall(self, data: bytes) -> None:
        self.out += data

    def settimeout(self, value: float | None) -> None:
        pass

    def setsockopt(self, *args: Any) -> None:
        pass

    def shutdown(self, how: int) -> None:
        pass

    def recv(self, size: int) -> bytes:
        return b""

    def close(self) -> None:
        pass


class _Server:
    def __init__(self, api: Any) -> None:
        self.api = api


_STATUSES = {200} | {status for status, _ in REFUSALS.values()}
_ADDRESSES = ("127.0.0.1", "203.0.113.7", "::1")


def check_device_api(world: World, data: bytes) -> None:
    """HTTP requests to the device API, one connection's bytes (several requests may follow each
    other): every answer is a status the API defines, nothing escapes the handler. The mode picks
    the client's address (local, remote, IPv6 loopback)."""
    which, body = split(data, len(_ADDRESSES))
    api = world.device_api
    sessions = api.sessions
    address = _ADDRESSES[which]
    if CHALLENGE not in sessions.challenges:  # the board asked for one (it is used once)
        sessions.challenges[CHALLENGE] = Challenge(BOX, address, 1e12)
        sessions.pairs.setdefault((BOX, address), deque()).append(CHALLENGE)
    connection = _Connection(body)
    Handler(connection, (address, 40000), _Server(api))  # type: ignore[arg-type]
    answer = bytes(connection.out)
    while answer.startswith(b"HTTP/1.1 100 "):  # the interim answer to "Expect: 100-continue"
        answer = answer.partition(b"\r\n\r\n")[2]
    if answer:
        assert answer.startswith(b"HTTP/1.1 "), "an answer that is not HTTP"
        assert int(answer[9:12]) in _STATUSES, f"status {answer[9:12]!r} is not one of ours"


def seeds_device_api(world: World) -> list[bytes]:
    import nacl.signing

    api = world.device_api
    tag = api.snapshot.tag
    hello = BOX + tag
    signature = nacl.signing.SigningKey(BOX_SEED).sign(CONTEXT + tag + BOX + CHALLENGE).signature
    session = BOX + CHALLENGE + signature
    auth = f"Authorization: Obambu {TOKEN.hex()}\r\n"
    content = api.snapshot.display.id.hex()

    def post(path: str, body: bytes) -> bytes:
        head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n"
        return head.encode() + body

    def get(path: str, extra: str = "") -> bytes:
        return f"GET {path} HTTP/1.1\r\nHost: x\r\n{extra}\r\n".encode()

    requests = [
        post("/v1/hello", hello),
        post("/v1/session", session),
        get("/v1/config", auth),
        get("/v1/content_index", auth),
        get(f"/v1/content/{content}", auth),
        get("/status.json") + get("/status"),
    ]
    return [mode(m, r) for r in requests for m in (0, 1)] + [mode(2, b"".join(requests))]


# --- local network announcements -----------------------------------------------------------------


def check_discovery(world: World, data: bytes) -> None:
    """A UDP datagram on the discovery port, as Directory.receive takes it: the peer it
    announces, or None with the reason counted; never an exception. Mode 0 the datagram; mode 1
    an announcement's payload signed by a node key."""
    which, body = split(data, 2)
    if which == 1:
        body = (
            discovery.MAGIC
            + sealed.network_tag(world.network_id)[:8]
            + world.signed(body, world.node_key)
        )
    if "directory" not in world.state:
        world.state["directory"] = discovery.Directory(
            world.network_id, world.a.commune, discovery.node_keys(world.a)
        )
        world.state["clock"] = 0.0
    directory: discovery.Directory = world.state["directory"]
    world.state["clock"] += 1.0  # a datagram a second: never a flood
    directory.receive(body, "192.0.2.5", world.state["clock"])
    directory.peers()


def seeds_discovery(world: World) -> list[bytes]:
    datagram = discovery.announcement(world.b, 7420)
    return [mode(0, datagram), mode(1, payload_of(datagram[12:]))]


# --- a radio relay's replies ---------------------------------------------------------------------


class _Relay:
    """A channel to a relay that answers every request with the fuzzer's reply."""

    def __init__(self, reply: bytes) -> None:
        self.reply = reply
        self.asked = 0

    def send(self, message: bytes) -> None:
        self.asked += 1
        assert self.asked <= 1000, "the client keeps asking: a relay can hold it forever"

    def recv(self, timeout: float | None = None) -> bytes | None:
        return self.reply


_OID = bytes(range(16))
_RELAY_CALLS: list[tuple[int, Callable[[relay.RelayClient], object]]] = [
    (relay.Type.HELLO, lambda c: c.hello(b"T" * 8, b"C" * 8)),
    (relay.Type.PUT, lambda c: c.put(_OID, 1, 0, 60, b"x" * 32)),
    (relay.Type.LIST, lambda c: list(c.list_all(most=4))),
    (relay.Type.GET, lambda c: c.get(_OID)),
    (relay.Type.GET_INFO, lambda c: c.get_info()),
    (relay.Type.GET_CONFIG, lambda c: c.get_config()),
    (relay.Type.SET_CONFIG, lambda c: c.set_config(RelayConfig(b"T" * 8, b"C" * 8, b"D" * 8))),
    (relay.Type.GET_STATUS, lambda c: c.get_status()),
    (relay.Type.DISPLAY_PUT, lambda c: c.display_put([])),
    (relay.Type.GET_REPORT, lambda c: c.get_report().verify(bytes(32))),
    (relay.Type.BYE, lambda c: c.bye()),
]


def check_relay(world: World, data: bytes) -> None:
    """A relay's reply to each request of RelayClient (which the provisioning steps use too),
    and a relay object pulled from it (open_object): a result, RelayError (a LinkError),
    RelayConfigError or sealed.Unreadable. The mode picks the request; the last two modes are
    a GET_CONFIG reply whose checksum the harness makes right (a relay with other firmware) and
    a relay object's bytes."""
    which, body = split(data, len(_RELAY_CALLS) + 2)
    if which == len(_RELAY_CALLS) + 1:
        with contextlib.suppress(sealed.Unreadable):
            kind, _ = relay.open_object(world.a, body)
            assert kind in segment.KINDS
        return
    if which == len(_RELAY_CALLS):
        which = 5  # GET_CONFIG
        record = body[:124].ljust(124, b"\0")
        body = (
            bytes([relay.Type.GET_CONFIG | relay.REPLY])
            + record
            + struct.pack("<I", crc32c.crc32c(record))
        )
    client = relay.RelayClient(cast(Channel, _Relay(body)), wait=0)
    with contextlib.suppress(LinkError, RelayConfigError):
        _RELAY_CALLS[which][1](client)


def seeds_relay(world: World) -> list[bytes]:
    from app.core.devices.devices import LinkCounters, Status

    def reply(t: int, body: bytes) -> bytes:
        return bytes([t | relay.REPLY]) + body

    from app.core.devices.radio_report import Neighbour, RadioReport

    status = Status(100, 2, 300, 4096, 3700, (LinkCounters(1, 2, 0, 0, 5),) * 3)
    report = b"D" * 8 + struct.pack("<I", 9) + status.pack()
    near = (Neighbour(b"N" * 4, -90, -5, 30, 12), Neighbour(b"M" * 4, -60, 9, 2, 400))
    radio = RadioReport(1, 868_100_000, 125_000, 9, 14, 3600, 900, 36_000_000, 50, 40, 3, near)
    config = RelayConfig(b"T" * 8, b"C" * 8, b"D" * 8, name="Relais").pack()
    epoch, key = world.transport
    replies = [
        reply(relay.Type.HELLO, struct.pack("<B8sBHI", 1, b"D" * 8, 0, 2, 300)),
        reply(relay.Type.PUT, _OID + b"\x00"),
        reply(relay.Type.LIST, struct.pack("<IH", 5, 1) + _OID + b"\x01" + struct.pack("<H", 80)),
        reply(relay.Type.GET, struct.pack("<16sBBIH", _OID, 1, 0, 60, 3) + b"abc"),
        reply(relay.Type.GET_INFO, relay.Info(b"D" * 8, 5, 1, "relay-0.1.0").pack()),
        reply(relay.Type.GET_CONFIG, config),
        reply(relay.Type.SET_CONFIG, b"\x00"),
        reply(relay.Type.GET_STATUS, status.pack()),
        reply(relay.Type.DISPLAY_PUT, b"\x02"),
        reply(relay.Type.GET_REPORT, struct.pack("<H", len(report)) + report + bytes(64)),
        bytes([relay.Type.BYE]),
    ]
    out = [mode(n, r) for n, r in enumerate(replies)]
    with_radio = report + radio.pack()  # the radio section after the status (PROTOCOL.md §2)
    at = next(n for n, (t, _) in enumerate(_RELAY_CALLS) if t == relay.Type.GET_REPORT)
    out.append(
        mode(at, reply(relay.Type.GET_REPORT, struct.pack("<H", len(with_radio)) + with_radio))
        + bytes(64)
    )
    out.append(mode(0, bytes([relay.Type.ERROR, 2, 0])))
    out.append(mode(len(_RELAY_CALLS), config[:124]))
    blob = relay.seal_object(segment.BLOCK, world.blocks[0], key, epoch)
    out.append(mode(len(_RELAY_CALLS) + 1, blob))
    return out


# --- joining by stick: requests and invitations --------------------------------------------------


def check_invite(world: World, data: bytes) -> None:
    """What joining reads from a stick: a join request (read_requests: the ones whose signature
    holds, never an exception) and an invitation (accept: adopted, or an ObambuError). Modes:
    0 a request file; 1 a request's payload signed by the newcomer's key; 2 an invitation file;
    3 an invitation's payload signed by a founding commune."""
    which, body = split(data, 4)
    folder = world.scratch / "fuzz-join"
    shutil.rmtree(folder, ignore_errors=True)
    root = folder / "OBAMBU"
    if which < 2:
        if which == 1:
            newcomer = world.newcomer.keyring.identity(world.newcomer.commune).current
            body = world.signed(body, newcomer, b"")
        (root / "join").mkdir(parents=True)
        (root / "join" / "fuzz.req").write_bytes(body)
        for authority in read_requests(folder):
            assert len(authority.public_key) == 32
        return
    if which == 3:
        body = world.signed(body, world.founder_key, world.network_id)
    (root / "invite").mkdir(parents=True)
    (root / "invite" / f"{world.newcomer.commune.hex()}.inv").write_bytes(body)
    with contextlib.suppress(ObambuError):
        accept(world.newcomer, folder)


def seeds_invite(world: World) -> list[bytes]:
    return [
        mode(0, world.join_request),
        mode(1, payload_of(world.join_request)),
        mode(2, world.invitation),
        mode(3, payload_of(world.invitation)),
    ]


# --- a commune's second laptop by stick: offers, requests and invitations -------------------------


def check_laptop(world: World, data: bytes) -> None:
    """What adding a laptop reads from a stick: an offer (read_offer: an Offer, or an
    ObambuError), a request (read_requests: the ones whose signature holds, the others counted,
    never an exception) and an invitation (accept: taken, or an ObambuError). Modes: 0 an offer
    file; 1 an offer's payload signed by Ambam's node key; 2 a request file; 3 a request's
    payload signed by the new laptop's key; 4 an invitation file; 5 an invitation's payload
    signed by Ambam's node key."""
    which, body = split(data, 6)
    folder = world.scratch / "fuzz-laptop"
    shutil.rmtree(folder, ignore_errors=True)
    root = folder / "OBAMBU" / "laptop"
    root.mkdir(parents=True)
    if which < 2:
        if which == 1:
            body = world.signed(body, world.founder_key)
        (root / "fuzz.off").write_bytes(body)
        with contextlib.suppress(ObambuError):
            offer = laptop_invite.read_offer(folder)
            assert len(offer.commune) == 8 and len(offer.public_key) == 32
        return
    if which < 4:
        if which == 3:
            body = world.signed(body, world.desk_key)
        (root / "fuzz.req").write_bytes(body)
        found, refused = laptop_invite.read_requests(world.a, folder)
        assert len(found) + refused == 1
        for asked in found:
            assert len(asked.laptop) == 8 and len(asked.commune) == 8
        return
    if which == 5:
        body = world.signed(body, world.founder_key)
    (root / f"{world.desk.feed.hex()}.inv").write_bytes(body)
    with contextlib.suppress(ObambuError):
        laptop_invite.accept(world.desk, folder)


def seeds_laptop(world: World) -> list[bytes]:
    return [
        mode(0, world.laptop_offer),
        mode(1, payload_of(world.laptop_offer)),
        mode(2, world.laptop_request),
        mode(3, payload_of(world.laptop_request)),
        mode(4, world.laptop_invitation),
        mode(5, payload_of(world.laptop_invitation)),
    ]


# --- attestation images: photos, scans and PDF files ---------------------------------------------


def check_scan(world: World, data: bytes) -> None:
    """A photo, scan or PDF given to `attest verify --image`: scan.qr_texts finds the codes
    (a list, or an ObambuError saying the file cannot be read)."""
    from app.core.attestations import scan

    path = world.scratch / "fuzz-image"
    path.write_bytes(data)
    try:
        texts = scan.qr_texts(path)
    except ObambuError:
        return
    for text in texts:
        with contextlib.suppress(qrtext.QrTextError):
            parse_attestation_text(text)


def parse_attestation_text(text: str) -> None:
    with contextlib.suppress(Rejected):
        parse_attestation(qrtext.from_qr_text(text))


def seeds_scan(world: World) -> list[bytes]:
    import qrcode
    from PIL import Image

    image = qrcode.make(qrtext.to_qr_text(world.attestations[0]), border=2).get_image()
    small = image.convert("L").resize((image.width // 2, image.height // 2), Image.NEAREST)
    out = []
    for kind in ("PNG", "GIF", "BMP", "PDF"):
        buffer = io.BytesIO()
        small.save(buffer, format=kind)
        out.append(buffer.getvalue())
    return out


# -------------------------------------------------------------------------------------------------

TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("cbor", check_cbor, seeds_cbor),
        Target("cose", check_cose, seeds_cose),
        Target("objects", check_objects, seeds_objects, frozenset({3, 4, 5})),
        Target("ledger", check_ledger, seeds_ledger, frozenset({0, 1})),
        Target("segment", check_segment, seeds_segment),
        Target("stick", check_stick, seeds_stick, frozenset({2, 4})),
        Target("beacon", check_beacon, seeds_beacon, frozenset({2})),
        Target("cuts", check_cuts, seeds_cuts, frozenset({4, 5})),
        Target("frames", check_frames, seeds_frames, dictionary=None),
        Target("session", check_session, seeds_session),
        Target("attestation", check_attestation, seeds_attestation, frozenset({2})),
        Target("kit", check_kit, seeds_kit, frozenset({1})),
        Target("device_api", check_device_api, seeds_device_api, dictionary="http.dict"),
        Target("discovery", check_discovery, seeds_discovery, frozenset({1})),
        Target("relay", check_relay, seeds_relay, dictionary=None),
        Target("invite", check_invite, seeds_invite, frozenset({1, 3})),
        Target("laptop", check_laptop, seeds_laptop, frozenset({1, 3, 5})),
        Target("scan", check_scan, seeds_scan, dictionary=None),
    )
}
