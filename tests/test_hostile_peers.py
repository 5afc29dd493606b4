"""Hostile peers on loopback against `obambu sync tcp --listen` and `obambu sync lan`: floods
before any hello, malformed messages, slow peers, many connections. Each time the listener's
memory and store stay as they were, nothing the stranger sent is kept, the stranger is turned
away with one sentence and the listener goes on: an honest town hall still syncs with it.

The listener runs as the real program, in a process of its own; its resident memory is sampled
from /proc (Linux). Timeouts are set short on the command line (`--auth-wait`) or long enough
never to matter; no test asserts how fast anything is. Beneath the journeys, the same limits
one layer down: the link's buffers, the message checks, and the pieces kept after a cut.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.core.encoding import cbor
from app.core.node.node import Node
from app.sync import messages, session
from app.sync.channel import Channel
from app.sync.errors import LinkError, LinkLost
from app.sync.frames import Frame, Kind, ack_frame, encode
from app.sync.gate import Gate, bind, first_caller
from app.sync.handshake import VERSION, Credentials, shake_hands
from app.sync.sealed import network_tag
from app.sync.session import Session, SessionReport
from app.sync.stream import SocketStream
from tests.test_cli import PASS, ROOT, Result, ok

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="memory is read from /proc"
)

MIB = 1024 * 1024
MEMORY_BOUND_KIB = 16 * 1024  # what a listener may grow by while strangers knock
STORE_BOUND = 256 * 1024  # what its profile folder may grow by meanwhile


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("OBAMBU_KDF", "interactive")
    monkeypatch.setenv("OBAMBU_PASSPHRASE", PASS)

    def run(*argv: str | Path) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def homes(cli: Any, tmp_path: Path) -> list[Path]:
    """`obambu demo`, then Bipindi writes a thread Ambam lacks."""
    ok(cli("demo", "--dir", tmp_path / "demo"))
    found = [tmp_path / "demo" / name for name in ("ambam", "bipindi", "campo")]
    ok(cli("--home", found[1], "forum", "thread", "--title", "Pont coupé", "--body", "Détour"))
    ok(cli("--home", found[1], "seal"))
    return found


# --- the programs -------------------------------------------------------------------------


class Program:
    """`obambu --home HOME …` in a process of its own; its output read and its resident memory
    sampled on threads."""

    def __init__(self, home: Path, *args: str) -> None:
        env = {
            **os.environ,
            "OBAMBU_PASSPHRASE": PASS,
            "OBAMBU_KDF": "interactive",
            "PYTHONPATH": str(ROOT),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "--home", str(home), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self.rss_kib: list[int] = []
        self._changed = threading.Condition()
        self._readers = [
            threading.Thread(target=self._read, args=(stream,), daemon=True)
            for stream in (self.process.stderr, self.process.stdout)
        ]
        for thread in self._readers:
            thread.start()
        threading.Thread(target=self._sample, daemon=True).start()

    def wait_for(self, text: str, count: int = 1, timeout: float = 120.0) -> list[str]:
        """The output lines holding `text`, once there are `count` of them."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [line for line in self.lines if text in line]
                if len(found) >= count:
                    return found
                ended = not any(t.is_alive() for t in self._readers)
                remaining = deadline - time.monotonic()
                if ended or remaining <= 0:
                    raise AssertionError(f"no {text!r}; the program said: {''.join(self.lines)}")
                self._changed.wait(min(remaining, 0.5))

    def port(self, text: str) -> int:
        return int(self.wait_for(text)[0].split()[-1])

    def alive(self) -> bool:
        return self.process.poll() is None

    def mark(self) -> tuple[int, int]:
        """(samples so far, resident memory now), to measure growth from here."""
        return len(self.rss_kib), _rss_kib(self.process.pid)

    def growth_kib(self, mark: tuple[int, int]) -> int:
        """The peak resident memory since `mark`, above the memory then."""
        since, base = mark
        return max([*self.rss_kib[since:], _rss_kib(self.process.pid)]) - base

    def finish(self, timeout: float = 120.0) -> int:
        code = self.process.wait(timeout=timeout)
        for thread in self._readers:
            thread.join(10)
        return code

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait(timeout=30)

    def _read(self, stream: Any) -> None:
        for line in stream:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def _sample(self) -> None:
        while self.process.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                self.rss_kib.append(_rss_kib(self.process.pid))
            time.sleep(0.02)


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise ValueError("no VmRSS")


@contextlib.contextmanager
def listening(home: Path, auth_wait: float) -> Iterator[tuple[Program, int]]:
    """`obambu sync tcp --listen` on a free loopback port."""
    program = Program(home, "sync", "tcp", "--listen", "127.0.0.1:0", "--auth-wait", str(auth_wait))
    try:
        yield program, program.port("waiting on port")
    finally:
        program.stop()


def honest_sync(cli: Any, home: Path, port: int) -> dict[str, Any]:
    """Bipindi's clerk: `obambu sync tcp --connect`, which must work."""
    result = cli("--home", home, "--json", "sync", "tcp", "--connect", f"127.0.0.1:{port}")
    assert result.code == 0, result.err
    return dict(result.json())


def folder_bytes(home: Path) -> int:
    return sum(p.stat().st_size for p in home.rglob("*") if p.is_file())


def kept_from_strangers(home: Path, ids: Iterable[bytes] = ()) -> dict[str, int]:
    """What the store holds that a stranger could have put there."""
    node = Node.open(home, PASS)
    try:
        found = {
            table: int(node.store.value(f"SELECT count(*) FROM {table}"))
            for table in ("partials", "staged", "quarantine")
        }
        found["chunks"] = sum(
            int(node.store.value("SELECT count(*) FROM chunks WHERE id = ?", (oid,))) for oid in ids
        )
    finally:
        node.close()
    return found


def has_thread(cli: Any, home: Path, title: str) -> bool:
    threads = ok(cli("--home", home, "--json", "forum", "list")).json()
    return any(t["title"] == title for t in threads)


def sentences(program: Program) -> list[str]:
    """What the listener said of the callers it turned away."""
    return [line for line in program.lines if line.startswith("obambu: turned away ")]


def assert_plain(lines: list[str]) -> None:
    for line in lines:
        text = line.split(": ", 2)[2].strip()
        assert text.endswith(".") and "\n" not in text.strip() and len(text) > 20, line
    assert not any("Traceback" in line or "Error:" in line for line in lines)


# --- strangers ----------------------------------------------------------------------------


def dial(port: int, source: str = "127.0.0.1") -> socket.socket:
    sock = socket.socket()
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    return sock


def say(port: int, raws: Iterable[bytes]) -> int:
    """Sends messages over a proper link, before any hello of ours; how many were queued
    before the listener hung up."""
    sent = 0
    with Channel(SocketStream(dial(port)), timeout=10.0) as channel:
        with contextlib.suppress(LinkError, TimeoutError):
            for raw in raws:
                channel.send(raw)
                sent += 1
            channel.drain(10.0)
        with contextlib.suppress(LinkError):
            while channel.recv(10.0) is not None:  # until the listener hangs up
                pass
    return sent


def data_pieces(ids: list[bytes], size: int) -> Iterator[bytes]:
    for oid in ids:
        yield cbor.encode(
            {"t": "data", "k": 2, "id": oid, "off": 0, "total": 8 * MIB, "part": os.urandom(size)}
        )


def trickle(port: int, make: Any, stop: threading.Event, every: float = 0.2) -> socket.socket:
    """A peer sending one valid frame every `every` seconds (`make(n)` gives the n-th)."""
    sock = dial(port)

    def run() -> None:
        n = 0
        while not stop.is_set():
            try:
                sock.sendall(encode(make(n)))
            except OSError:
                return
            n += 1
            stop.wait(every)

    threading.Thread(target=run, daemon=True).start()
    return sock


def keepalive(n: int) -> Frame:
    return ack_frame(0, 0)


def hello_byte_by_byte(n: int) -> Frame:
    """The n-th byte of a hello, each in a data frame of its own (it never ends)."""
    return Frame(Kind.DATA, n % 65536, 0, bytes([0x61 + n % 26]))


def hung_up(sock: socket.socket, timeout: float = 60.0) -> bool:
    """Whether the other end closed the connection (what it sent before is skipped)."""
    sock.settimeout(timeout)
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        return False
    except OSError:
        return True
    return True


def still_connected(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        while sock.recv(65536):
            pass
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        sock.setblocking(True)
    return False


def network_of(home: Path) -> bytes:
    node = Node.open(home, PASS)
    try:
        return node.network_id
    finally:
        node.close()


# --- finding 1: a flood before hello --------------------------------------------------------


@pytest.mark.parametrize(
    ("piece", "why"),
    [(4096, "larger than Obambu accepts"), (64, "'data' message out of turn")],
    ids=["full pieces", "small pieces"],
)
def test_a_flood_of_data_before_hello_is_turned_away_and_nothing_is_kept(
    cli: Any, homes: list[Path], piece: int, why: str
) -> None:
    ambam, bipindi, _ = homes
    ids = [os.urandom(32) for _ in range(6000)]  # 24 MiB of full pieces on offer
    with listening(ambam, auth_wait=60) as (listener, port):
        stored, mark = folder_bytes(ambam), listener.mark()
        say(port, data_pieces(ids, piece))
        assert listener.growth_kib(mark) < MEMORY_BOUND_KIB
        assert folder_bytes(ambam) - stored < STORE_BOUND
        (refusal,) = listener.wait_for("turned away")
        assert why in refusal  # a piece of 4 KiB is more than a hello may be: 1 KiB
        assert_plain([refusal])
        assert listener.alive(), "the listener must go on waiting for a town hall"
        report = honest_sync(cli, bipindi, port)
        assert listener.finish() == 0
    assert report["sent"] >= 1
    assert kept_from_strangers(ambam, ids) == {
        "partials": 0,
        "staged": 0,
        "quarantine": 0,
        "chunks": 0,
    }
    assert has_thread(cli, ambam, "Pont coupé")


def test_bytes_that_never_make_a_frame_are_cut_off(cli: Any, homes: list[Path]) -> None:
    ambam, bipindi, _ = homes
    with listening(ambam, auth_wait=60) as (listener, port):
        mark = listener.mark()
        with dial(port) as sock, contextlib.suppress(OSError):
            for _ in range(64):  # 16 MiB with no frame delimiter, then as many frames of noise
                sock.sendall(b"\x01" * (256 * 1024))
        (refusal,) = listener.wait_for("turned away")
        assert "too much before proving" in refusal
        assert listener.alive() and listener.growth_kib(mark) < MEMORY_BOUND_KIB
        honest_sync(cli, bipindi, port)
        assert listener.finish() == 0


# --- finding 2: malformed messages before auth ----------------------------------------------


def test_malformed_messages_before_auth_are_refused_in_one_sentence_each(
    cli: Any, homes: list[Path]
) -> None:
    ambam, bipindi, _ = homes
    tag = network_tag(network_of(ambam))
    hello = {
        "t": "hello",
        "v": VERSION,
        "net": tag,
        "commune": b"\x01" * 8,
        "caps": [],
        "nonce": b"\x02" * 16,
    }
    cases: list[list[Any]] = [
        [{"t": "data"}],
        [{"t": "hello"}],
        [{**hello, "v": "2"}],
        [{**hello, "nonce": 5}],
        [{**hello, "net": tag * 4}],
        [{**hello, "caps": "all"}],
        [{**hello, "commune": -1}],
        [{"t": 5}],
        [{"x": 1}],
        [[1, 2, 3]],
        [{"t": "auth", "proof": b"x"}],
        [{"t": "summary", "heads": [], "chunks": [], "partials": []}],
        [{"t": "gimme"}],
        [{**hello, "v": 1}],
        [hello, {"t": "auth", "proof": b"\xd2" + os.urandom(100)}],
        [hello, {"t": "data", "k": 2, "id": b"\0" * 32, "off": 0, "total": 1, "part": b"x"}],
    ]
    raws = [[cbor.encode(m) for m in case] for case in cases]
    raws += [[b"\xb9\x00\x01\x61t\x64done"], [b"\xff\xfe\xfd"]]  # not canonical, not CBOR
    with listening(ambam, auth_wait=60) as (listener, port):
        mark = listener.mark()
        for n, case in enumerate(raws, 1):
            say(port, case)
            listener.wait_for("turned away", count=n)
            assert listener.alive(), case
        assert listener.growth_kib(mark) < MEMORY_BOUND_KIB
        refusals = sentences(listener)
        assert len(refusals) == len(raws)
        assert_plain(refusals)
        honest_sync(cli, bipindi, port)
        assert listener.finish() == 0
    assert kept_from_strangers(ambam) == {"partials": 0, "staged": 0, "quarantine": 0, "chunks": 0}


# --- finding 3: slow peers, many connections ------------------------------------------------


@pytest.mark.parametrize("frame", [keepalive, hello_byte_by_byte], ids=["keepalives", "trickle"])
def test_a_slow_peer_is_hung_up_on_at_the_deadline(cli: Any, homes: list[Path], frame: Any) -> None:
    ambam, bipindi, _ = homes
    stop = threading.Event()
    with listening(ambam, auth_wait=1.0) as (listener, port):
        slow = trickle(port, frame, stop)
        try:
            (refusal,) = listener.wait_for("turned away")
            assert "in time" in refusal
            assert hung_up(slow)
        finally:
            stop.set()
            slow.close()
        assert listener.alive()
        honest_sync(cli, bipindi, port)
        assert listener.finish() == 0


def test_many_connections_from_one_address_leave_room_for_others(
    cli: Any, homes: list[Path]
) -> None:
    ambam, bipindi, _ = homes
    with listening(ambam, auth_wait=600) as (listener, port):
        mark = listener.mark()
        try:
            crowd = [dial(port, source="127.0.0.2") for _ in range(60)]
        except OSError:
            pytest.skip("this system does not route 127.0.0.2 to loopback")
        try:
            listener.wait_for("Too many connections")
            assert listener.growth_kib(mark) < MEMORY_BOUND_KIB
            honest_sync(cli, bipindi, port)  # from 127.0.0.1, while the crowd holds its slots
            assert listener.finish() == 0
            assert len(sentences(listener)) == 20  # of 52 turned away, the first 20 are named
        finally:
            for sock in crowd:
                sock.close()
    assert has_thread(cli, ambam, "Pont coupé")


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_three_held_sessions_do_not_keep_a_town_hall_from_syncing_on_the_lan(
    cli: Any, homes: list[Path]
) -> None:
    ambam, bipindi, _ = homes
    da, db = _free_udp_port(), _free_udp_port()
    lan = [
        "sync",
        "lan",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--interval",
        "0.2",
        "--seconds",
        "600",
    ]
    served = Program(
        ambam,
        *lan,
        "--discovery-port",
        str(da),
        "--announce-to",
        f"127.0.0.1:{db}",
        "--auth-wait",
        "600",
    )
    stop = threading.Event()
    held: list[socket.socket] = []
    visitor: Program | None = None
    try:
        port = served.port("announcing on port")
        held = [trickle(port, keepalive, stop, every=1.0) for _ in range(3)]
        visitor = Program(
            bipindi,
            "--json",
            *lan,
            "--discovery-port",
            str(db),
            "--announce-to",
            f"127.0.0.1:{da}",
            "--auto",
        )
        (line,) = visitor.wait_for('"peer": "Ambam"', timeout=180)
        report = json.loads(line)
        assert report["error"] is None, report
        assert all(still_connected(sock) for sock in held)  # they were held all along
    finally:
        stop.set()
        for sock in held:
            sock.close()
        for program in (visitor, served):
            if program is not None:
                program.stop()
    assert has_thread(cli, ambam, "Pont coupé")


# --- beneath: the link's buffers ------------------------------------------------------------


def test_a_message_longer_than_allowed_fails_the_link_with_a_sentence() -> None:
    x, y = socket.socketpair()
    with Channel(SocketStream(x), max_message=1000) as small, Channel(SocketStream(y)) as big:
        big.send(b"m" * 5000)
        with pytest.raises(LinkError) as refused:
            small.recv(10.0)
    assert refused.value.code == "bad_peer" and "larger than" in refused.value.message


def test_no_message_may_pass_16_mib() -> None:
    x, y = socket.socketpair()
    with Channel(SocketStream(x)) as reader, Channel(SocketStream(y)) as writer:
        sender = threading.Thread(target=lambda: writer.send(b"a" * (16 * MIB + 1)), daemon=True)
        sender.start()
        with pytest.raises(LinkError) as refused:
            reader.recv(120.0)
    assert refused.value.code == "bad_peer"


def test_a_hello_longer_than_1_kib_is_refused(net: Any) -> None:
    a = net.nodes[0]
    tag = network_tag(a.network_id)
    x, y = socket.socketpair()
    result: list[Any] = []
    side = _serve(a, SocketStream(x), result)
    with Channel(SocketStream(y), timeout=5.0) as channel:
        channel.send(
            cbor.encode(
                {
                    "t": "hello",
                    "v": VERSION,
                    "net": tag,
                    "commune": a.commune,
                    "caps": [],
                    "nonce": b"n" * 16,
                    "pad": b"p" * 1024,
                }
            )
        )
        side.join(30)
    assert isinstance(result[0], LinkError) and "larger than" in result[0].message


def test_a_fast_sender_waits_for_a_slow_reader() -> None:
    """The reader takes nothing for a while: at most `max_inbox` and a window of frames wait on
    its side, the sender is held back, and everything still arrives, in order."""
    x, y = socket.socketpair()
    queued: list[int] = []
    with Channel(SocketStream(x), max_inbox=8192) as reader, Channel(SocketStream(y)) as writer:

        def send_all() -> None:
            with contextlib.suppress(LinkError):
                for n in range(100):
                    writer.send(n.to_bytes(2, "big") * 1000)  # 2000 bytes each
                    queued.append(n)

        sender = threading.Thread(target=send_all)
        sender.start()
        time.sleep(1.0)  # however loaded the machine, the sender cannot get further than this
        # In the reader's inbox: 5 of them (the last one passes 8192); in a window of 32
        # frames: 4 more; and the one being cut into frames.
        assert len(queued) <= 10
        got = [reader.recv(30.0) for _ in range(100)]
        sender.join(30)
    assert got == [n.to_bytes(2, "big") * 1000 for n in range(100)]


def test_too_much_before_auth_fails_the_link() -> None:
    x, y = socket.socketpair()
    with Channel(SocketStream(x), max_bytes=4096) as guarded, Channel(SocketStream(y)) as chatty:
        with contextlib.suppress(LinkError):
            for _ in range(20):
                chatty.send(b"z" * 1000)
        with pytest.raises(LinkError) as refused:
            while guarded.recv(10.0) is not None:
                pass
    assert refused.value.code == "bad_peer"


# --- beneath: the message checks ------------------------------------------------------------

KINDS = ["hello", "auth", "summary", "want", "data", "beacon", "done", "bye", "x"]
FIELDS = [
    "v",
    "net",
    "commune",
    "caps",
    "nonce",
    "proof",
    "heads",
    "chunks",
    "partials",
    "k",
    "id",
    "off",
    "total",
    "part",
    "data",
]
# The strict profile's text: NFC, and short enough to be a map key too (under 24 bytes).
NFC = (
    st.text(max_size=8)
    .map(lambda t: unicodedata.normalize("NFC", t))
    .filter(lambda t: len(t.encode()) < 24)
)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.binary(max_size=40) | NFC,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(NFC, inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(KINDS) | st.integers(-1000, 1000),
    fields=st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=6),
)
def test_any_message_is_taken_or_refused_in_one_sentence(kind: Any, fields: dict[str, Any]) -> None:
    try:
        message = messages.decode(cbor.encode({"t": kind, **fields}))
    except LinkError as exc:
        assert exc.code == "bad_peer" and exc.message.endswith(".")
        return
    if message["t"] == "data":  # what the session reads of it is sound
        assert 0 <= message["off"] < message["off"] + len(message["part"]) <= message["total"]


# --- beneath: pieces kept after a cut -------------------------------------------------------


def _serve(node: Node, stream: SocketStream, out: list[Any]) -> threading.Thread:
    def run() -> None:
        with Channel(stream, timeout=5.0) as channel:
            try:
                out.append(Session(node, channel).run())
            except LinkError as exc:
                out.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _proven_peer(node: Node, channel: Channel) -> None:
    """A town hall of the network up to the data: handshake, summary and want, all honest."""
    shake_hands(channel, Credentials.of(node))
    heads = [[a, s] for a, s in sorted(node.heads().items())]
    channel.send(
        cbor.encode({"t": "summary", "heads": heads, "chunks": node.chunk_ids(), "partials": []})
    )
    assert channel.recv(10.0) is not None  # its summary
    channel.send(cbor.encode({"t": "want", "chunks": []}))
    assert channel.recv(10.0) is not None  # its want


def test_pieces_kept_after_a_cut_are_bounded_and_dropped_when_unclaimed(net: Any) -> None:
    a, b, c = net.nodes
    x, y = socket.socketpair()
    result: list[Any] = []
    side = _serve(a, SocketStream(x), result)
    with Channel(SocketStream(y), timeout=5.0) as channel:
        _proven_peer(b, channel)
        # Its beacon, cuts and "done" first: the pieces then reach a session that reads them.
        # Cut sooner, a session still making its beacon on a loaded machine meets the cut
        # before it read a piece, and rightly keeps none.
        for _ in range(10):
            if cbor.decode(channel.recv(30.0) or b"\xa0").get("t") == "done":
                break
        else:
            pytest.fail("the session never said done")
        for n in range(3 * session.MAX_PARTIALS):  # a piece of each of many objects
            channel.send(
                cbor.encode(
                    {
                        "t": "data",
                        "k": 2,
                        "id": bytes([n]) * 32,
                        "off": 0,
                        "total": 64 * 1024,
                        "part": b"p" * 4096,
                    }
                )
            )
        channel.drain(10.0)
    side.join(30)  # hung up on in the middle: a cut
    assert isinstance(result[0], LinkLost)
    assert a.store.value("SELECT count(*) FROM partials") == session.MAX_PARTIALS
    x, y = socket.socketpair()  # a whole session with Campo, which claims none of them
    done: list[Any] = []
    threads = [_serve(a, SocketStream(x), done), _serve(c, SocketStream(y), done)]
    for thread in threads:
        thread.join(60)
    assert all(isinstance(r, SessionReport) for r in done), done
    assert a.store.value("SELECT count(*) FROM partials") == 0


def test_a_proven_peer_that_breaks_the_protocol_gets_a_sentence(net: Any) -> None:
    a, b, _ = net.nodes
    x, y = socket.socketpair()
    result: list[Any] = []
    side = _serve(a, SocketStream(x), result)
    with Channel(SocketStream(y), timeout=5.0) as channel:
        shake_hands(channel, Credentials.of(b))
        channel.send(cbor.encode({"t": "summary", "heads": [["x", "y"]]}))
        side.join(30)
    assert isinstance(result[0], LinkError) and result[0].code == "bad_peer", result
    assert "malformed 'summary'" in result[0].message


# --- beneath: the gate ----------------------------------------------------------------------


def _until(condition: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "never happened"
        time.sleep(0.02)


def test_the_gate_shakes_hands_with_eight_per_address_and_thirty_two_in_all(net: Any) -> None:
    turned: list[str] = []
    crowd: list[socket.socket] = []
    gate = Gate(
        bind("127.0.0.1", 0),
        Credentials.of(net.nodes[0]),
        auth_wait=600,
        on_refused=lambda address, why: turned.append(address),
    )
    with gate:
        try:
            for host in range(2, 7):  # five addresses, ten connections each
                crowd += [dial(gate.port, f"127.0.0.{host}") for _ in range(10)]
        except OSError:
            pytest.skip("this system does not route 127.0.0.x to loopback")
        try:
            _until(lambda: len(turned) == 18)
            assert Counter(turned) == {
                "127.0.0.2": 2,
                "127.0.0.3": 2,
                "127.0.0.4": 2,
                "127.0.0.5": 2,
                "127.0.0.6": 10,
            }
            assert gate.refused == {"busy": 18}
        finally:
            for sock in crowd:
                sock.close()


def test_four_proven_callers_wait_for_the_node_and_a_fifth_is_turned_away(net: Any) -> None:
    a, b, _ = net.nodes
    with Gate(bind("127.0.0.1", 0), Credentials.of(a)) as gate:
        proven: list[Channel] = []
        try:
            for _ in range(4):
                proven.append(Channel(SocketStream.connect("127.0.0.1", gate.port)))
                shake_hands(proven[-1], Credentials.of(b))
            with Channel(SocketStream.connect("127.0.0.1", gate.port)) as fifth:
                with contextlib.suppress(LinkError):
                    shake_hands(fifth, Credentials.of(b))
                _until(lambda: gate.refused["busy"] == 1)
            assert gate.waiting() == 4
            caller = gate.next(0)
            assert caller is not None and caller.handshake.name == "Bipindi"
        finally:
            for channel in proven:
                channel.close()


def test_a_listener_nobody_proves_itself_to_gives_up_with_a_sentence(net: Any) -> None:
    gate = Gate(bind("127.0.0.1", 0), Credentials.of(net.nodes[0]))
    with gate, pytest.raises(LinkError) as nobody:
        first_caller(gate, wait=0.3)
    assert nobody.value.code == "peer_unreachable" and nobody.value.message.endswith(".")
