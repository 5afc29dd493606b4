"""The service: binds, serves in background threads, counts, and cuts the connections that
take too long."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from app.core.errors import ObambuError
from app.sync.device_api.handler import (
    DEADLINE,
    MAX_CONNECTIONS,
    PER_ADDRESS,
    TIMEOUT,
    Handler,
    Server,
    Server6,
    cut,
)
from app.sync.device_api.sessions import Sessions
from app.sync.device_api.snapshot import Snapshot


class DeviceApiError(ObambuError):
    code = "device_api_error"


class DeviceApi:
    """The service: `start()` binds `host`:`port` (0 picks one; see `.port`) and serves in
    background threads until `stop()`. `update()` swaps in a newer snapshot."""

    def __init__(
        self,
        host: str,
        port: int,
        snapshot: Snapshot,
        *,
        rate: float | None = 20.0,
        burst: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        timeout: float = TIMEOUT,
        deadline: float = DEADLINE,
        max_connections: int = MAX_CONNECTIONS,
        per_address: int = PER_ADDRESS,
    ) -> None:
        """`rate`: requests per second per client address (None: no limit), `burst` at once."""
        self.host = host
        self._port = port
        self.snapshot = snapshot
        self.timeout = timeout
        self.deadline = deadline
        self.max_connections = max_connections
        self.per_address = per_address
        self.sessions = Sessions(clock, rate, burst)
        self._server: Server | None = None
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._open: dict[Any, float] = {}  # connection: deadline (time.monotonic)
        self._per_address: Counter[str] = Counter()
        self._served = 0
        self._refused: Counter[str] = Counter()
        self._started = 0.0

    # --- life ---

    def start(self) -> None:
        if self._server is not None:
            return
        kind = Server6 if ":" in self.host else Server
        try:
            server = kind((self.host, self._port), Handler)
        except OSError as exc:
            raise DeviceApiError(
                f"The device service cannot listen on {self.host}:{self._port}: choose another "
                "interface or port, or close the program that uses it."
            ) from exc
        server.api = self
        self._server = server
        self._stopping.clear()
        self._started = time.time()
        self._threads = [
            threading.Thread(
                target=server.serve_forever, args=(0.2,), daemon=True, name="device-api"
            ),
            threading.Thread(target=self._reap, daemon=True, name="device-api-reaper"),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        with self._lock:
            still = list(self._open)
        for connection in still:
            cut(connection)
        for thread in self._threads:
            thread.join(2.0)

    def __enter__(self) -> DeviceApi:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            return self._port
        return int(self._server.server_address[1])

    def update(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot  # one reference: requests see the old or the new, whole

    # --- counters ---

    @property
    def served(self) -> int:
        return self._served

    @property
    def refused(self) -> dict[str, int]:
        with self._lock:
            return dict(self._refused)

    def status(self) -> dict[str, Any]:
        """The status page's data: the snapshot's, with this service's own counters."""
        snapshot = self.snapshot
        with self.sessions.lock:
            seen = dict(self.sessions.seen)
        now = time.time()
        names = {d.id: d.name for d in snapshot.devices.values()}
        return {
            **snapshot.status,
            "built": int(snapshot.built),
            "api": {
                "served": self._served,
                "refused": self.refused,
                "since": int(self._started),
                "seen": [
                    {
                        "id": d.hex(),
                        "name": names.get(d, "?"),
                        "ago_s": int(now - when),
                        "address": address,
                    }
                    for d, (when, address) in sorted(seen.items())
                ],
            },
        }

    def _count(self, code: str | None) -> None:
        with self._lock:
            if code is None:
                self._served += 1
            else:
                self._refused[code] += 1

    # --- connections ---

    def _admit(self, connection: Any, address: str) -> bool:
        with self._lock:
            if len(self._open) >= self.max_connections or (
                self._per_address[address] >= self.per_address
            ):
                self._refused["busy"] += 1
                return False
            self._open[connection] = time.monotonic() + self.deadline
            self._per_address[address] += 1
            return True

    def _release(self, connection: Any, address: str) -> None:
        with self._lock:
            self._open.pop(connection, None)
            self._per_address[address] -= 1
            if self._per_address[address] <= 0:
                del self._per_address[address]

    def _arm(self, connection: Any) -> None:
        with self._lock:
            if connection in self._open:
                self._open[connection] = time.monotonic() + self.deadline

    def _reap(self) -> None:
        """Cuts connections whose request takes longer than `deadline`: a slow client, or one
        that keeps a connection open doing nothing, cannot hold a thread."""
        while not self._stopping.wait(0.25):
            now = time.monotonic()
            with self._lock:
                late = [c for c, until in self._open.items() if until < now]
                for connection in late:
                    self._open[connection] = now + self.deadline  # cut once
            for connection in late:
                cut(connection)
