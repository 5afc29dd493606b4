"""How a screen runs work off the GUI thread, as Anki's aqt.operations does.

Three kinds, one shape: build it with the work and what to do on success, chain what else is
needed, then `run_in_background()`:

    QueryOp(self, worker, forum.threads, self._show).run_in_background()
    CollectionOp(self, worker, lambda node: forum.post(node, …), self._posted).run_in_background()
    LongOp(self, worker, session, self._linked).with_progress(self._bar).run_in_background()

- `QueryOp` reads, on the store worker; nothing else is told.
- `CollectionOp` changes the ledger, on the store worker; after its success every listener of
  `changes().executed` is told, so the other screens refresh themselves (the window tells the
  page on show, see window.py).
- `LongOp` is long I/O (a session, a stick, a relay), on a thread of its own (app/ui/jobs.py),
  never on the store worker; it is handed a progress listener that raises `Cancelled` once the
  person pressed Cancel; after its success the screens are told too, since it brought news.

A change refused because a person's key is locked (`member_locked`: the acting person's PIN
was not typed since the program started, say) is not a failure yet: the window asks that
person's PIN in a small dialog (app/ui/pin_prompt.py), opens their key and runs the change again;
a wrong PIN is said in the dialog, which asks again; "Cancel" reports the refusal as usual.
A change refused because the person acting lacks the role (`role_needed`: the secretary cancels
an attestation) offers, in the same dialog, the people of this commune who hold that power and
whose key is on this laptop ("Only … may do this. Who signs?"): the one chosen types their PIN
and the change runs again signed by them, for that change only (members service.as_one_change),
the person acting unchanged. Nobody here holds it, or "Cancel": the refusal as usual.
A failure goes to `.failure(callback)`, or else to the one reporter (app/ui/failure.py); a
cancelled operation goes to `.cancelled(callback)`, or nowhere: it is the person's choice. The
progress (`.with_progress`) appears only once the work has lasted `SHOW_AFTER_MS`, then at most
once per `EVERY_MS`, so a quick operation never flashes a bar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Self, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.core.errors import MemberLocked, PinWait, RoleNeeded, WrongPin
from app.core.members import queries as members_queries
from app.core.members import service as members_service
from app.core.node.node import Node
from app.core.progress import Listener, Progress
from app.ui import failure, messages
from app.ui.jobs import Cancelled, Job
from app.ui.pin_prompt import PinDialog
from app.ui.worker import Worker

T = TypeVar("T")
SHOW_AFTER_MS = 500  # shorter than this, an operation shows no progress at all
EVERY_MS = 100  # at most ten updates a second, however fast the events come

View = Callable[[Progress | None], None]  # None: working, nothing counted yet


class Changes(QObject):
    """The app-wide notice that an operation changed the ledger."""

    executed = Signal(object)  # the widget that asked for it, or None


_changes: list[Changes] = []


def changes() -> Changes:
    """The one notifier of the application (made on first use, on the GUI thread)."""
    if not _changes:
        _changes.append(Changes())
    return _changes[0]


class Shown(QObject):
    """Progress for one operation: nothing before `delay_ms`, then the latest event at most
    once per `every_ms`."""

    def __init__(self, view: View, parent: QObject | None, delay_ms: int = SHOW_AFTER_MS) -> None:
        super().__init__(parent)
        self.view = view
        self.latest: Progress | None = None
        self.visible = False
        self.ended = False
        self.delay = QTimer(self)
        self.delay.setSingleShot(True)
        self.delay.timeout.connect(self._appear)
        self.pace = QTimer(self)
        self.pace.setSingleShot(True)
        self.pace.timeout.connect(self._flush)
        self.delay.start(delay_ms)

    def update(self, event: Progress) -> None:
        self.latest = event
        if self.visible and not self.pace.isActive():
            self._flush()

    def _appear(self) -> None:
        if not self.ended:
            self.visible = True
            self._flush()

    def _flush(self) -> None:
        if self.ended:
            return
        self.view(self.latest)
        self.pace.start(EVERY_MS)

    def end(self) -> None:
        self.ended = True
        self.delay.stop()
        self.pace.stop()


class Running:
    """What `run_in_background` hands back: a way to cancel."""

    def __init__(self) -> None:
        self.cancel_flag = False
        self.job: Job[Any] | None = None

    def cancel(self) -> None:
        self.cancel_flag = True
        if self.job is not None:
            self.job.cancel()


class _Op(Generic[T]):
    def __init__(
        self,
        parent: QWidget | None,
        worker: Worker,
        success: Callable[[T], None] | None = None,
    ) -> None:
        self.parent = parent
        self.worker = worker
        self._success = success
        self._failure: Callable[[BaseException], object] | None = None
        self._cancelled: Callable[[], None] | None = None
        self._view: View | None = None
        self._label = ""
        self.running = Running()
        self.shown: Shown | None = None
        self.dialog: QProgressDialog | None = None
        self.notice = True  # CollectionOp and LongOp tell every screen after success

    def failure(self, callback: Callable[[BaseException], object]) -> Self:
        self._failure = callback
        return self

    def cancelled(self, callback: Callable[[], None]) -> Self:
        self._cancelled = callback
        return self

    def quiet(self) -> Self:
        """No notice after success: the caller tells `changes()` itself if anything changed."""
        self.notice = False
        return self

    def with_progress(self, view: View | None = None, label: str = "") -> Self:
        """Shows the progress in `view`, or, without one, in a dialog with a Cancel button."""
        self._view = view
        self._label = label
        if view is None:
            self._view = self._dialog_view
        return self

    def _begin(self) -> None:
        if self._view is not None:
            self.shown = Shown(self._view, self.parent)

    def _dialog_view(self, event: Progress | None) -> None:
        if self.dialog is None:
            self.dialog = QProgressDialog(self.parent)  # its Cancel button is Qt's own
            self.dialog.setLabelText(self._label)
            self.dialog.setRange(0, 0)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(0)  # the delay is ours
            self.dialog.setAutoReset(False)  # a phase that ends is not the operation ending
            self.dialog.setAutoClose(False)
            self.dialog.canceled.connect(self.running.cancel)
            self.dialog.show()
        if event is not None:
            self.dialog.setRange(0, event.total)
            self.dialog.setValue(min(event.done, event.total) if event.total else 0)

    def _progress(self, event: Progress) -> None:
        if self.shown is not None:
            self.shown.update(event)

    def _end(self) -> None:
        if self.shown is not None:
            self.shown.end()
            self.shown.deleteLater()
            self.shown = None
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
            self.dialog = None

    def _succeeded(self, result: T) -> None:
        self._end()
        if self._success is not None:
            self._success(result)

    def _failed(self, error: BaseException) -> None:
        self._end()
        if isinstance(error, Cancelled):
            if self._cancelled is not None:
                self._cancelled()
        elif self._failure is not None:
            self._failure(error)
        else:
            failure.report(error)

    def _guarded(self, op: Callable[[Node], T]) -> Callable[[Node], T]:
        running = self.running

        def run(node: Node) -> T:
            if running.cancel_flag:  # cancelled before its turn came: it never starts
                raise Cancelled()
            return op(node)

        return run


class QueryOp(_Op[T]):
    """Reads on the store worker; `success(result)` on the GUI thread."""

    def __init__(
        self,
        parent: QWidget | None,
        worker: Worker,
        op: Callable[[Node], T],
        success: Callable[[T], None] | None = None,
    ) -> None:
        super().__init__(parent, worker, success)
        self.op = op

    def run_in_background(self) -> Running:
        self._begin()
        self.worker.submit(self._guarded(self.op), self._succeeded, self._failed)
        return self.running


class CollectionOp(QueryOp[T]):
    """Changes on the store worker; after `success`, every screen is told (`changes()`). Refused
    as `member_locked`, it asks that person's PIN once, then runs again."""

    def __init__(
        self,
        parent: QWidget | None,
        worker: Worker,
        op: Callable[[Node], T],
        success: Callable[[T], None] | None = None,
    ) -> None:
        super().__init__(parent, worker, op, success)
        self.asks_pin = True
        self.asks_signer = True

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, RoleNeeded) and self.asks_signer:
            self.asks_signer = False  # once: the one who signed is refused too, it is reported
            self._end()
            ask_signer(self, error)
            return
        member = error.member if isinstance(error, MemberLocked) else None
        if member is None or not self.asks_pin:
            super()._failed(error)
            return
        self.asks_pin = False  # once: locked again after the PIN, it is reported
        self._end()
        ask_pin(
            self.parent,
            self.worker,
            member,
            self._again,
            lambda: QueryOp._failed(self, error),
        )

    def _again(self) -> None:
        self._begin()
        self.worker.submit(self._guarded(self.op), self._succeeded, self._failed)

    def _succeeded(self, result: T) -> None:
        super()._succeeded(result)
        if self.notice:
            changes().executed.emit(self.parent)


def ask_pin(
    parent: QWidget | None,
    worker: Worker,
    member: bytes,
    opened: Callable[[], None],
    gave_up: Callable[[], None],
) -> None:
    """Asks `member`'s PIN in a small dialog that names them, and opens their key with it
    (app/core/members/service.act_for_one_command); then `opened()`. A wrong PIN is said in
    the dialog, which asks again; Cancel: `gave_up()`."""

    def named(people: tuple[members_queries.Person, ...]) -> None:
        name = next((p.name for p in people if p.id == member), "?")

        def try_pin(pin: str) -> None:
            def opened_now(_result: object) -> None:
                dialog.done_signing()
                opened()

            unlock = CollectionOp(
                dialog,
                worker,
                lambda node: members_service.act_for_one_command(node, member, pin),
                opened_now,
            )
            unlock.asks_pin = False
            unlock.failure(dialog.wrong).run_in_background()

        dialog = PinDialog(name, try_pin, parent)
        dialog.rejected.connect(gave_up)
        dialog.open()

    QueryOp(parent, worker, members_queries.people, named).failure(
        lambda _error: gave_up()
    ).run_in_background()


def ask_signer(op: CollectionOp[T], refused: RoleNeeded) -> None:
    """Offers the change `op` that was `refused` to the people here who hold the power it needs
    (members queries.who_may): "Only … may do this. Who signs?", a choice of person, their PIN.
    The change then runs signed by them (members service.as_one_change); a wrong PIN is said
    in the dialog, which asks again. Nobody here, or Cancel: the refusal goes on as usual."""
    parent, worker, change = op.parent, op.worker, op.op

    def gave_up() -> None:
        QueryOp._failed(op, refused)

    def offer(people: tuple[members_queries.Person, ...]) -> None:
        if not people:
            gave_up()
            return

        def try_pin(pin: str) -> None:
            person = dialog.chosen()
            if person is None:
                return

            def signed(result: T) -> None:
                dialog.done_signing()
                op._succeeded(result)

            def failed(error: BaseException) -> None:
                if isinstance(error, WrongPin | PinWait):
                    dialog.wrong(error)
                    return
                dialog.done_signing()
                QueryOp._failed(op, error)

            again: CollectionOp[T] = CollectionOp(
                dialog,
                worker,
                lambda node: members_service.as_one_change(node, person, pin, change),
                signed,
            )
            again.asks_pin = again.asks_signer = False
            again.quiet().failure(failed).run_in_background()

        needed = messages.screen_params(refused.params).get("needed", "?")
        dialog = PinDialog(
            "", try_pin, parent, people=[(p.name, p.id) for p in people], needed=needed
        )
        dialog.rejected.connect(gave_up)
        dialog.open()

    power = refused.power
    QueryOp(parent, worker, lambda node: members_queries.who_may(node, power), offer).failure(
        lambda _error: gave_up()
    ).run_in_background()


class LongOp(_Op[T]):
    """Long I/O on a thread of its own: `op(node, listener)`; the node's store is shared with
    the worker one call at a time (Store.lock). After success, every screen is told."""

    def __init__(
        self,
        parent: QWidget | None,
        worker: Worker,
        op: Callable[[Node, Listener], T],
        success: Callable[[T], None] | None = None,
    ) -> None:
        super().__init__(parent, worker, success)
        self.op = op
        self.needs_node = True
        self.line: str | None = None

    def in_line(self, line: str) -> Self:
        """Waits for the jobs of the same line (jobs.SYNC, jobs.BOARD) before it starts."""
        self.line = line
        return self

    @classmethod
    def off_store(
        cls,
        parent: QWidget | None,
        worker: Worker,
        op: Callable[[Listener], T],
        success: Callable[[T], None] | None = None,
    ) -> LongOp[T]:
        """I/O that needs no profile (a board being flashed): the ledger does not change."""

        def run(_node: Node, listener: Listener) -> T:
            return op(listener)

        made = cls(parent, worker, run, success)
        made.needs_node = False
        made.notice = False
        return made

    def run_in_background(self) -> Running:
        self._begin()
        op = self.op

        def run(node: Node | None, listener: Listener) -> T:
            return op(node, listener)  # type: ignore[arg-type]  # None only when off_store

        job: Job[T] = Job(run, self._succeeded, self._failed, self._progress, line=self.line)
        self.running.job = job
        if self.running.cancel_flag:
            job.cancel()
        self.worker.jobs.start(job, needs_node=self.needs_node)
        return self.running

    def _succeeded(self, result: T) -> None:
        super()._succeeded(result)
        if self.notice:
            changes().executed.emit(self.parent)
