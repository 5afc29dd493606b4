"""Device API throughput (app/sync/device_api/) on one core, against a plain http.server.

The server runs in a child process pinned to one CPU; the clients run in other processes (on
the other CPUs when there are any), each with its own keep-alive connection over loopback and a
hand-written HTTP/1.1 exchange, so the client side costs little. Measured in the same run:

* plain: a bare `ThreadingHTTPServer` answering GET with the same content_index body, no
  authentication (the baseline);
* authenticated GET /v1/content_index with a session token (rate limiter on, set high);
* plain POST answering a fixed 20-byte body (the handshake baseline);
* full handshakes: POST /v1/hello then POST /v1/session with a fresh Ed25519 signature, the
  server checking it against the registered key;
* refusals: a GET with a wrong token on a new connection each time (what a flood costs),
  against the plain server answering a GET on a new connection each time.

Prints requests/s (wall clock, server on one core), the server's CPU time per request, and
the ratios to the baselines.

Then a board during a flood, with the default limits (rate, burst, connections): the board does
its handshake and reads its index every 0.2 s, on new connections as a board does, while flood
processes on another loopback address send hellos of unknown boards, oversized bodies, replayed
sessions and token guesses; baseline in the same run: the same board rounds without the flood.
Prints the median and slowest round of each, and the ratio of the medians.

The snapshot comes from a real profile: one commune, a display box and a relay registered by
its technician, eight P0/P1 notices.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import socket
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import nacl.signing

os.environ.setdefault("OBAMBU_KDF", "interactive")

from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.sync.device_api import DeviceApi, Snapshot
from app.sync.device_api.wire import CONTEXT
from app.sync.relay import relay_public_key

DEVICE = bytes.fromhex("246f28fffe00be01")
SEED = b"\x42" * 32


def make_snapshot(root: Path) -> Snapshot:
    node = Node.create(root / "ambam", "pass phrase", "Ambam")
    try:
        node.found("Bench")
        node.add_member("Maire d'Ambam")
        technician = node.add_member("Technicien", "technician")
        body = {
            "device": DEVICE,
            "kind": "relay",
            "name": "Relais wifi",
            "pk": relay_public_key(SEED),
            "chip": "ESP32",
            "firmware": "relay-0.1.0",
            "pack": bytes(32),
        }
        node.submit(TxType.DEVICE_REGISTER, body, actor=technician)
        for n in range(8):
            node.submit(TxType.FORUM_THREAD, {"title": f"Avis n° {n}", "body": "."}, prio=n % 2)
        node.seal()
        return Snapshot.build(node)
    finally:
        node.close()


# --- servers (child process, one CPU) -----------------------------------------------------------


class _Plain(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # as the device API: no 40 ms delayed-ACK stalls
    body = b""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._send(self.body)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self._send(bytes(20))

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serve(kind: str, snapshot: Snapshot, cpu: int, pipe: Connection) -> None:
    os.sched_setaffinity(0, {cpu})
    stop: Any
    if kind == "plain":
        _Plain.body = snapshot.index("relay")
        plain = ThreadingHTTPServer(("127.0.0.1", 0), _Plain)
        plain.daemon_threads = True
        threading.Thread(target=plain.serve_forever, daemon=True).start()
        port, stop = plain.server_address[1], plain.shutdown
    else:
        api = (
            DeviceApi("127.0.0.1", 0, snapshot)  # the limits a town hall runs with
            if kind == "defaults"
            else DeviceApi(
                "127.0.0.1", 0, snapshot, rate=1e9, burst=1e9, max_connections=512, per_address=512
            )
        )
        api.start()
        port, stop = api.port, api.stop
    pipe.send(port)
    pipe.recv()  # "measure"
    began = os.times()
    pipe.recv()  # "done"
    ended = os.times()
    pipe.send((ended.user - began.user) + (ended.system - began.system))
    stop()


class Server:
    def __init__(self, kind: str, snapshot: Snapshot, cpu: int) -> None:
        context = multiprocessing.get_context("fork")
        self.pipe, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(kind, snapshot, cpu, child))
        self.process.start()
        self.port: int = self.pipe.recv()

    def measure(self) -> None:
        self.pipe.send("measure")

    def cpu_seconds(self) -> float:
        self.pipe.send("done")
        spent: float = self.pipe.recv()
        self.process.join(10)
        return spent


# --- clients (other processes) --------------------------------------------------------------------


class Client:
    """One keep-alive connection speaking just enough HTTP/1.1."""

    def __init__(self, port: int, source: str = "127.0.0.1") -> None:
        self.port = port
        self.sock = socket.create_connection(("127.0.0.1", port), source_address=(source, 0))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def ask(self, request: bytes) -> tuple[int, bytes]:
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buffer:
            self._more()
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = next(
            int(v)
            for k, _, v in (x.partition(b":") for x in lines[1:])
            if k.lower() == b"content-length"
        )
        while len(rest) < length:
            self.buffer = rest
            self._more()
            rest = self.buffer
        self.buffer = rest[length:]
        return status, rest[:length]

    def _more(self) -> None:
        got = self.sock.recv(65536)
        if not got:
            raise ConnectionError("the server closed the connection")
        self.buffer += got


def _get(path: str, token: bytes | None = None) -> bytes:
    auth = b"" if token is None else b"Authorization: Obambu " + token.hex().encode() + b"\r\n"
    return f"GET {path} HTTP/1.1\r\nHost: bench\r\n".encode() + auth + b"\r\n"


def _post(path: str, body: bytes) -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: bench\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def _client(
    mode: str, port: int, tag: bytes, seconds: float, cpus: set[int], go: Any, out: Any
) -> None:
    out.put(_work(mode, port, tag, seconds, cpus, go))


def _work(mode: str, port: int, tag: bytes, seconds: float, cpus: set[int], go: Any) -> int:
    os.sched_setaffinity(0, cpus)
    key = nacl.signing.SigningKey(SEED)
    client = Client(port)
    done = 0
    if mode == "auth":
        hello = client.ask(_post("/v1/hello", DEVICE + tag))[1]
        sig = key.sign(CONTEXT + tag + DEVICE + hello[:16]).signature
        status, grant = client.ask(_post("/v1/session", DEVICE + hello[:16] + sig))
        assert status == 200
        request = _get("/v1/content_index", grant[:16])
    else:
        request = _get("/v1/content_index")
    go.wait()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if mode in ("plain", "auth"):
            status, _ = client.ask(request)
            assert status == 200, status
        elif mode == "plain_post":
            status, _ = client.ask(_post("/v1/hello", DEVICE + tag))
            assert status == 200
            status, _ = client.ask(_post("/v1/session", bytes(88)))
            assert status == 200
        elif mode == "handshake":
            status, hello = client.ask(_post("/v1/hello", DEVICE + tag))
            assert status == 200, status
            sig = key.sign(CONTEXT + tag + DEVICE + hello[:16]).signature
            status, _ = client.ask(_post("/v1/session", DEVICE + hello[:16] + sig))
            assert status == 200, status
        elif mode == "plain_new":  # a new connection each time, closed after the answer
            fresh = Client(port)
            status, _ = fresh.ask(
                _get("/v1/content_index").replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n")
            )
            assert status == 200, status
            fresh.sock.close()
        else:  # refused: a new connection each time, answered 401 and closed
            refused = Client(port)
            status, _ = refused.ask(_get("/v1/content_index", bytes(16)))
            assert status == 401, status
            refused.sock.close()
        done += 1
    return done


def run(
    kind: str, mode: str, snapshot: Snapshot, clients: int, seconds: float
) -> tuple[float, float]:
    """(operations per second, server CPU µs per operation)."""
    cpus = sorted(os.sched_getaffinity(0))
    server_cpu, others = cpus[0], set(cpus[1:]) or {cpus[0]}
    server = Server(kind, snapshot, server_cpu)
    context = multiprocessing.get_context("fork")
    go, out = context.Event(), context.Queue()
    workers = [
        context.Process(
            target=_client, args=(mode, server.port, snapshot.tag, seconds, others, go, out)
        )
        for _ in range(clients)
    ]
    for worker in workers:
        worker.start()
    time.sleep(0.5)  # every client connected (and authenticated)
    server.measure()
    began = time.monotonic()
    go.set()
    counts = [out.get(timeout=seconds + 30) for _ in workers]
    elapsed = time.monotonic() - began
    for worker in workers:
        worker.join(10)
    spent = server.cpu_seconds()
    total = sum(counts)
    return total / elapsed, spent / total * 1e6


def _flood(port: int, tag: bytes, cpus: set[int], stop: Any) -> None:
    """Bad requests from 127.0.0.2, each on a new connection, until told to stop."""
    os.sched_setaffinity(0, cpus)
    requests = [
        _post("/v1/hello", bytes(8) + tag),
        _post("/v1/hello", bytes(255)),
        _post("/v1/session", DEVICE + bytes(80)),
        _get("/v1/content_index", bytes(16)),
        _post("/v1/hello", DEVICE + tag),
    ]
    n = 0
    while not stop.is_set():
        try:
            client = Client(port, source="127.0.0.2")
            client.ask(requests[n % len(requests)])
            client.sock.close()
        except (OSError, ConnectionError):
            pass  # refused or cut: what a flood gets
        n += 1


def board_rounds(port: int, tag: bytes, rounds: int) -> list[float]:
    """Seconds each round took: hello, session, content_index, each on a new connection."""
    key = nacl.signing.SigningKey(SEED)
    took = []
    for _ in range(rounds):
        start = time.perf_counter()
        status, hello = Client(port).ask(_post("/v1/hello", DEVICE + tag))
        assert status == 200, status
        sig = key.sign(CONTEXT + tag + DEVICE + hello[:16]).signature
        status, grant = Client(port).ask(_post("/v1/session", DEVICE + hello[:16] + sig))
        assert status == 200, status
        status, _ = Client(port).ask(_get("/v1/content_index", grant[:16]))
        assert status == 200, status
        took.append(time.perf_counter() - start)
        time.sleep(0.2)  # a board's pace, within its own address's allowance
    return took


def during_flood(snapshot: Snapshot, rounds: int, flooders: int) -> None:
    cpus = sorted(os.sched_getaffinity(0))
    others = set(cpus[1:]) or {cpus[0]}
    server = Server("defaults", snapshot, cpus[0])
    server.measure()
    try:
        quiet = board_rounds(server.port, snapshot.tag, rounds)
        context = multiprocessing.get_context("fork")
        stop = context.Event()
        floods = [
            context.Process(target=_flood, args=(server.port, snapshot.tag, others, stop))
            for _ in range(flooders)
        ]
        for flood in floods:
            flood.start()
        time.sleep(0.5)  # the flood under way
        flooded = board_rounds(server.port, snapshot.tag, rounds)
        stop.set()
        for flood in floods:
            flood.join(10)
    finally:
        server.cpu_seconds()
    print(
        f"board round (hello + session + content_index, new connections), {rounds} rounds, "
        f"default limits; flood: {flooders} processes on 127.0.0.2"
    )
    for name, took in (("without a flood (baseline)", quiet), ("during the flood", flooded)):
        print(
            f"  {name}: median {statistics.median(took) * 1e3:.1f} ms, "
            f"slowest {max(took) * 1e3:.1f} ms"
        )
    print(
        f"  ratio of medians, flood / baseline: "
        f"{statistics.median(flooded) / statistics.median(quiet):.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    parser.add_argument("--rounds", type=int, default=20, help="board rounds, with and without")
    parser.add_argument("--flooders", type=int, default=8, help="flood processes")
    parser.add_argument("--flood", action="store_true", help="only the board during a flood")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = make_snapshot(Path(tmp))
    if args.flood:
        during_flood(snapshot, args.rounds, args.flooders)
        return
    cpus = sorted(os.sched_getaffinity(0))
    print(
        f"server pinned to CPU {cpus[0]}; {args.clients} client processes on "
        f"{'CPUs ' + ','.join(map(str, cpus[1:])) if len(cpus) > 1 else 'the same CPU'}; "
        f"{args.seconds:g} s per run, loopback"
    )
    print(
        f"content_index body: {len(snapshot.index('relay'))} bytes "
        f"({1 + len(snapshot.objects)} entries)"
    )
    rows = {}
    for name, kind, mode in (
        ("plain http.server GET, same body (baseline)", "plain", "plain"),
        ("device API GET /v1/content_index with token", "api", "auth"),
        ("plain http.server 2 POSTs (handshake baseline)", "plain", "plain_post"),
        ("device API hello + session (Ed25519 verify)", "api", "handshake"),
        ("plain http.server GET, new connection each (baseline)", "plain", "plain_new"),
        ("device API refusal, bad token, new connection each", "api", "refused"),
    ):
        rate, cpu = run(kind, mode, snapshot, args.clients, args.seconds)
        rows[mode] = rate, cpu
        unit = "handshakes/s" if mode in ("plain_post", "handshake") else "requests/s"
        print(f"{name}: {rate:,.0f} {unit}, server CPU {cpu:,.0f} µs each")
    for what, ours, base in (
        ("authenticated GET / plain GET", "auth", "plain"),
        ("handshake / plain 2 POSTs", "handshake", "plain_post"),
        ("refusal / plain GET on a new connection", "refused", "plain_new"),
    ):
        print(
            f"{what}: throughput ratio = {rows[ours][0] / rows[base][0]:.3f}, "
            f"server CPU ratio = {rows[ours][1] / rows[base][1]:.2f}"
        )
    during_flood(snapshot, args.rounds, args.flooders)


if __name__ == "__main__":
    main()
