"""Long I/O off the store worker: a sync session, a stick visit, a relay, a flash, each on a
thread of its own.

The store worker runs the screens' reads and writes one after the other; a session that waits
two minutes for the other clerk must not hold that line. A job runs on its own thread with the
same node as the worker: the store lets one thread at a time in, for one call or one
transaction (Store.lock), and the worker keeps it for each whole operation, so a job holds the
store only for the moments it reads or writes, and a screen's query runs in between.

Jobs of one line wait for each other: every sync (stick, session, relay visit) is on the line
`SYNC`, since they share the staging tables and their reports count what each one took in;
board jobs are on `BOARD`, one serial conversation at a time. Jobs of different lines run at
once. A job starts after every operation already given to the worker (it asks the worker for
the node), and it stops at the next progress event once cancelled: the listener it is handed raises
`Cancelled`. Its callbacks run back on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from app.core.node.node import Node
from app.core.progress import Listener, Progress
from app.ui import failure

log = logging.getLogger(__name__)
_here = threading.local()  # the job running on the current thread, if any

T = TypeVar("T")
SYNC = "sync"  # the line of every job that takes in or sends ledger objects
BOARD = "board"  # the line of every job that talks to a board over its serial port
STOP_WAIT = 5.0  # seconds a closing window waits for each cancelled job to reach a safe point


class Cancelled(Exception):
    """The person pressed Cancel: the job stopped at its next safe point."""


@dataclass(eq=False)
class Job(Generic[T]):
    """One piece of long I/O: `run(node, listener)` on its thread, then `done` or `failed`."""

    run: Callable[[Node | None, Listener], T]
    done: Callable[[T], None] | None = None
    failed: Callable[[BaseException], object] | None = None
    moved: Callable[[Progress], None] | None = None  # progress, on the GUI thread
    line: str | None = None  # jobs of one line run one after another
    cancel_flag: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    def cancel(self) -> None:
        self.cancel_flag.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_flag.is_set()


def stop_requested() -> bool:
    """Whether the job running on this thread was cancelled: for waits that report no progress
    (a listener waiting for its first caller) to stop at their next look."""
    job: Job[Any] | None = getattr(_here, "job", None)
    return job is not None and job.cancelled


class JobRunner(QObject):
    """Starts jobs, each on its own thread, and hands their results back to the GUI thread."""

    finished = Signal(object, object, object)  # job, result, error: from the job's thread
    moved = Signal(object, object)  # job, Progress: from the job's thread
    busy = Signal(bool)

    def __init__(self, worker: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker  # app.ui.worker.Worker (typed loosely: it imports this module)
        self.running: list[Job[Any]] = []
        self.stopped = False
        self.lines: dict[str, threading.Lock] = {}
        self.finished.connect(self._finished)
        self.moved.connect(self._moved)

    def start(self, job: Job[T], *, needs_node: bool = True) -> Job[T]:
        """Runs `job` on a thread of its own, with the worker's open profile if it needs one."""
        self.running.append(job)
        if len(self.running) == 1:
            self.busy.emit(True)
        if not needs_node:
            self._launch(job, None)
            return job

        def refused(error: BaseException) -> None:  # no profile open: the job never started
            self.finished.emit(job, None, error)

        self.worker.submit(lambda node: node, lambda node: self._launch(job, node), refused)
        return job

    def _launch(self, job: Job[Any], node: Node | None) -> None:
        if self.stopped or job.cancelled:
            self.finished.emit(job, None, Cancelled())
            return

        def listener(event: Progress) -> None:
            if job.cancelled or self.stopped:
                raise Cancelled()
            self.moved.emit(job, event)

        def answer(result: Any, error: BaseException | None) -> None:
            if self.stopped:  # the window is gone: nobody waits for this answer any more
                log.info("a job ended after its window closed")
                return
            self.finished.emit(job, result, error)

        line = self.lines.setdefault(job.line, threading.Lock()) if job.line else None

        def run() -> Any:
            if line is None:
                return job.run(node, listener)
            with line:
                if job.cancelled:  # cancelled while it waited for its turn
                    raise Cancelled()
                return job.run(node, listener)

        def body() -> None:
            _here.job = job
            try:
                result = run()
            except BaseException as exc:  # every failure goes back to the screen that asked
                answer(None, exc)
            else:
                answer(result, None)

        # A daemon: a link that waits for a silent peer must not keep a closed window alive.
        job.thread = threading.Thread(target=body, name="obambu-job", daemon=True)
        job.thread.start()

    @Slot(object, object)
    def _moved(self, job: Job[Any], event: Progress) -> None:
        if job.moved is not None and job in self.running:
            job.moved(event)

    @Slot(object, object, object)
    def _finished(self, job: Job[Any], result: Any, error: BaseException | None) -> None:
        if job not in self.running:
            return
        self.running.remove(job)
        if not self.running:
            self.busy.emit(False)
        if error is None:
            if job.done is not None:
                job.done(result)
        elif job.failed is not None:
            job.failed(error)
        elif not isinstance(error, Cancelled):
            failure.report(error)

    def stop(self, wait: float = STOP_WAIT) -> None:
        """Cancels every job and gives each a moment to reach a safe point (before the worker
        closes the profile under it); a job still blocked on its link is left to die with the
        process, its open transaction, if any, finishing first (Store.close waits for it)."""
        self.stopped = True
        for job in list(self.running):
            job.cancel()
        for job in list(self.running):
            if job.thread is not None:
                job.thread.join(wait)
                if job.thread.is_alive():
                    log.warning("a job did not stop within %.0f s", wait)
