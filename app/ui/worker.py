"""The one way the screens reach the store: a single worker thread that owns the node.

Like Anki's CollectionOp, a screen hands over an operation (a function of the node) with what to
do with its result; the operation runs on the worker thread, the callbacks run back on the GUI
thread. The SQLCipher connection is used by that one thread only, operations run one at a time
in the order given, and the window never waits for the disk. A failure goes to the operation's
`failed` callback, or, when it has none, straight to the one reporter (app/ui/failure.py).

Long I/O (sessions, sticks, relays, flashing) does not come here: it goes to `jobs`, the job
runner (app/ui/jobs.py), and each operation here keeps the store to itself while it runs
(Node.held), so a job's reads and writes fall between two operations, never inside one.
Screens reach both through app/ui/operations.py.
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QThread, Signal, Slot

from app.core.node.node import Node
from app.ui import failure
from app.ui.jobs import JobRunner

T = TypeVar("T")


@dataclass
class Op(Generic[T]):
    run: Callable[[_Holder], T]
    done: Callable[[T], None] | None = None
    failed: Callable[[BaseException], object] | None = None


class _Holder:
    """What the worker thread keeps between operations: the open node, if any."""

    def __init__(self) -> None:
        self.node: Node | None = None

    def need_node(self) -> Node:
        if self.node is None:
            raise RuntimeError("no profile is open on the worker")
        return self.node

    def replace(self, node: Node | None) -> None:
        if self.node is not None:
            self.node.close()
        self.node = node


class _Thread(QThread):
    finished_op = Signal(object, object, object)  # op, result, error

    def __init__(self) -> None:
        super().__init__()
        self.jobs: queue.Queue[Op[Any] | None] = queue.Queue()
        self.holder = _Holder()

    def run(self) -> None:
        while (op := self.jobs.get()) is not None:
            try:
                result = op.run(self.holder)
            except BaseException as exc:  # every failure goes back to the screen that asked
                self.finished_op.emit(op, None, exc)
            else:
                self.finished_op.emit(op, result, None)
        self.holder.replace(None)


class Worker(QObject):
    """Runs operations off the GUI thread, one at a time, in order; `busy` says when it works.
    Progress and cancel belong to the long jobs (`jobs`), through app/ui/operations.py."""

    busy = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self._thread = _Thread()
        self._thread.finished_op.connect(self._finished)
        self._pending = 0
        self._thread.start()
        self.jobs = JobRunner(self, self)

    def open(
        self,
        opener: Callable[[], Node],
        done: Callable[[Node], None] | None = None,
        failed: Callable[[BaseException], object] | None = None,
    ) -> None:
        """Opens a profile on the worker thread (closing any other); Argon2id runs there too."""

        def run(holder: _Holder) -> Node:
            node = opener()
            holder.replace(node)
            return node

        self._put(Op(run, done, failed))

    def submit(
        self,
        run: Callable[[Node], T],
        done: Callable[[T], None] | None = None,
        failed: Callable[[BaseException], object] | None = None,
    ) -> None:
        """`run(node)` on the worker; `done(result)` or `failed(error)` on the GUI thread."""

        def held(holder: _Holder) -> T:
            node = holder.need_node()
            with node.held():
                return run(node)

        self._put(Op(held, done, failed))

    def call(
        self,
        run: Callable[[], T],
        done: Callable[[T], None] | None = None,
        failed: Callable[[BaseException], object] | None = None,
    ) -> None:
        """Work that needs no open profile (creating one, building the demo), in the same line."""
        self._put(Op(lambda holder: run(), done, failed))

    def _put(self, op: Op[Any]) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy.emit(True)
        self._thread.jobs.put(op)

    @Slot(object, object, object)
    def _finished(self, op: Op[Any], result: Any, error: BaseException | None) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy.emit(False)
        if error is None:
            if op.done is not None:
                op.done(result)
        elif op.failed is not None:
            op.failed(error)
        else:
            failure.report(error)

    @property
    def pending(self) -> int:
        return self._pending

    def stop(self) -> None:
        """Stops the long jobs, finishes what was asked, closes the profile, ends the thread."""
        self.jobs.stop()
        self._thread.jobs.put(None)
        self._thread.wait()
