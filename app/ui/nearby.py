"""The town halls heard on the local network, for the whole time the application is open.

One per worker (the window is rebuilt when the language changes; the service is not): it
announces this town hall, serves the syncs others open with it, and lists who is reachable.
The service starts on the store worker (it signs with the node key); the sessions it serves or
opens run on the job runner, in the line of syncs, so a town hall calling never holds up the
screens; its own threads only move bytes.

Set OBAMBU_LAN=off to keep a laptop off the LAN. OBAMBU_LAN_PORT, OBAMBU_DISCOVERY_PORT and
OBAMBU_ANNOUNCE_TO (host:port, comma-separated) let two profiles share one machine.
"""

from __future__ import annotations

import os
import time
import weakref
from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.node.node import Node
from app.core.progress import Listener
from app.sync import discovery, interfaces
from app.sync.discovery import Peer
from app.sync.lan import SYNC_PORT, LanReport, LanService
from app.ui import failure, jobs
from app.ui.operations import LongOp, QueryOp, changes
from app.ui.plain import fill
from app.ui.worker import Worker

POLL_MS = 1000
# Rounds of announcements with no town hall heard before the screen says why that may be: on
# Windows a standard user cannot approve the firewall's prompt, so nothing comes in unless the
# installer added its rules (packaging/README.md, "Firewall").
SILENT_ROUNDS = 12


def _targets() -> list[tuple[str, int]] | None:
    """None: every network's own broadcast address (app/sync/interfaces.py)."""
    wanted = os.environ.get("OBAMBU_ANNOUNCE_TO", "")
    if not wanted:
        return None
    out = []
    for item in wanted.split(","):
        host, _, port = item.strip().rpartition(":")
        out.append((host or "127.0.0.1", int(port)))
    return out


class Nearby(QObject):
    peers_changed = Signal(list)  # [Peer]
    synced = Signal(object)  # LanReport: a session another town hall opened with us
    state = Signal(str)  # a sentence for the sync station

    _by_worker: ClassVar[weakref.WeakKeyDictionary[Worker, Nearby]] = weakref.WeakKeyDictionary()

    @classmethod
    def of(cls, worker: Worker) -> Nearby:
        found = cls._by_worker.get(worker)
        if found is None:
            found = cls._by_worker[worker] = cls(worker)
        return found

    def __init__(self, worker: Worker) -> None:
        super().__init__(worker)
        self.worker = worker
        self.service: LanService | None = None
        self.peers: list[Peer] = []
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._poll)
        self.started = False
        self.interval = discovery.INTERVAL
        self.since = 0.0  # when the service started (monotonic)
        self.heard = False  # a town hall was heard: whatever the firewall does, it lets them in
        self.told_silence = False
        self.serving = False  # a poll is on the job runner: the next waits for its answer

    def start(self) -> None:
        if self.started or os.environ.get("OBAMBU_LAN", "on") == "off":
            return
        self.started = True
        port = int(os.environ.get("OBAMBU_LAN_PORT", SYNC_PORT))
        udp = int(os.environ.get("OBAMBU_DISCOVERY_PORT", discovery.PORT))
        interval = float(os.environ.get("OBAMBU_ANNOUNCE_EVERY", discovery.INTERVAL))
        self.interval = interval

        def start(node: Node) -> LanService:
            return LanService.start(
                node, port=port, discovery_port=udp, targets=_targets(), interval=interval
            )

        QueryOp(None, self.worker, start, self._started).failure(
            lambda e: failure.report(e, self.state.emit)
        ).run_in_background()

    def _started(self, service: LanService) -> None:
        self.service = service
        self.since = time.monotonic()
        self._announced()
        self.timer.start(POLL_MS)

    def _announced(self) -> None:
        service = self.service
        if service is not None:
            self.state.emit(
                fill(
                    self.tr("This town hall is announced on the local network (port {port})."),
                    port=str(service.port),
                )
            )

    def _silence(self) -> None:
        """No town hall heard for a while: say the likely cause once, in words."""
        if self.heard or self.told_silence:
            return
        if time.monotonic() - self.since < SILENT_ROUNDS * self.interval:
            return
        self.told_silence = True
        if interfaces.broadcasts() == [interfaces.LIMITED_BROADCAST]:
            self.state.emit(
                self.tr(
                    "This computer is on no local network now: plug its cable in or join the "
                    "town hall's Wi-Fi. Until then, a USB stick carries the news."
                )
            )
            return
        self.state.emit(
            self.tr(
                "No other town hall has answered on the local network yet. If another one is "
                "open on the same network, this computer's firewall may be blocking Obambu: "
                "ask whoever looks after the computer to allow Obambu on private networks."
            )
        )

    def _poll(self) -> None:
        service = self.service
        if service is None:
            return
        peers = service.peers()
        if [p.commune for p in peers] != [p.commune for p in self.peers]:
            self.peers = peers
            self.peers_changed.emit(peers)
            if peers and self.told_silence:  # heard at last: the firewall sentence goes
                self._announced()
            self.heard = self.heard or bool(peers)
        self._silence()
        # Only when there is something to do: a job a second would keep "Working…" blinking.
        if not self.serving and (service.callers_waiting() or service.renewal_due()):
            self.serving = True

            def poll(node: Node, progress: Listener) -> list[LanReport]:
                return service.poll(node, progress)

            LongOp(None, self.worker, poll, self._served).in_line(jobs.SYNC).quiet().failure(
                self._not_served
            ).run_in_background()

    def _not_served(self, error: BaseException) -> None:
        self.serving = False
        failure.report(error, self.state.emit)

    def _served(self, reports: list[LanReport]) -> None:
        self.serving = False
        if any(report.session is not None for report in reports):
            changes().executed.emit(None)  # another town hall brought news
        for report in reports:
            self.synced.emit(report)

    def sync_with(
        self,
        peer: Peer,
        done: Callable[[LanReport], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        service = self.service
        if service is not None:

            def run(node: Node, progress: Listener) -> LanReport:
                return service.sync_with(node, peer, progress)

            LongOp(None, self.worker, run, done).in_line(jobs.SYNC).failure(
                failed
            ).run_in_background()

    def stop(self) -> None:
        self.timer.stop()
        if self.service is not None:
            self.service.stop()
            self.service = None
