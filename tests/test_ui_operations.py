"""Work off the GUI thread (app/ui/operations.py, app/ui/jobs.py): a session runs on a job of its
own while the screens keep reading the store; a change made anywhere refreshes the page in
front; progress shows late and seldom; cancel stops a job at its next progress event; jobs of
one line wait for each other; start-up never hangs on a failed question."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from app.core.ledger.sealing import SealPolicy
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.core.progress import Listener, Phase, Progress
from app.sync.gate import Gate, bind, first_caller
from app.sync.handshake import Credentials
from app.sync.session import Session, SessionReport
from app.ui import jobs, main
from app.ui.crash import CrashDialog
from app.ui.operations import CollectionOp, LongOp, QueryOp, Shown
from app.ui.syncstation import SyncStation
from app.ui.window import MainWindow
from app.ui.worker import Worker
from tests.sync_kit import post, same_state

PASS = "pass phrase"
LONG = 30_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _far_side(other: Node, port: int, hold: threading.Event) -> Iterator[list[SessionReport]]:
    """Another town hall listening on `port`: it proves itself to the caller, then keeps the
    session waiting until `hold` is set (a peer on a slow link), then syncs."""
    done: list[SessionReport] = []
    listening = threading.Event()

    def serve() -> None:
        with Gate(bind("127.0.0.1", port), Credentials.of(other)) as gate:
            listening.set()
            caller = first_caller(gate, wait=LONG / 1000)
            hold.wait(LONG / 1000)
            with caller.channel:
                done.append(Session(other, caller.channel, handshake=caller.handshake).run())

    thread = threading.Thread(target=serve)
    thread.start()
    listening.wait(LONG / 1000)
    try:
        yield done
    finally:
        hold.set()
        thread.join(LONG / 1000)


def test_the_screens_read_the_store_while_a_session_waits_for_its_peer(  # type: ignore[no-untyped-def]
    qtbot, net
) -> None:
    """The clerk connects to another town hall whose link is slow: while the session waits, a
    screen's query is answered; the session then finishes and both sides agree."""
    post(net.nodes[1], "Nouvelles de Bipindi")
    home = net.nodes[0].home
    net.nodes[0].close()
    worker = Worker()
    worker.open(lambda: Node.open(home, PASS))
    port = _free_port()
    hold = threading.Event()
    try:
        page = SyncStation(worker)
        qtbot.addWidget(page)
        page.watch.stop()
        with _far_side(net.nodes[1], port, hold) as done:
            page.address.setText(f"127.0.0.1:{port}")
            qtbot.mouseClick(page.connect_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: bool(worker.jobs.running), timeout=LONG)
            answered: list[bytes] = []
            QueryOp(page, worker, lambda node: node.commune, answered.append).run_in_background()
            qtbot.waitUntil(lambda: bool(answered), timeout=LONG)
            assert page.running and not done  # answered while the session still waits
            hold.set()
            qtbot.waitUntil(lambda: "received" in page.result.text(), timeout=LONG)
        assert page.result.text().startswith("0 items sent, 1 new item received")
        assert len(done) == 1
    finally:
        worker.stop()
        net.nodes[0] = Node.open(home, PASS)
    assert same_state(net.nodes[:2])


def test_a_change_made_elsewhere_shows_on_the_page_in_front(qtbot, ambam_worker) -> None:  # type: ignore[no-untyped-def]
    """Home is in front; a transaction is written from another screen: Home says so at once,
    without the clerk switching pages."""
    window = MainWindow(ambam_worker)
    qtbot.addWidget(window)
    window.sealer.stop()  # the transaction stays pending, for Home to count
    window.show()
    qtbot.waitUntil(lambda: "Nothing needs your attention" in window.home.attention.text())

    def write(node: Node) -> bytes:
        return node.submit(TxType.FORUM_THREAD, {"title": "Marché", "body": "Samedi"})

    CollectionOp(window.forum, ambam_worker, write).run_in_background()
    qtbot.waitUntil(
        lambda: "1 transaction not yet sealed" in window.home.attention.text(), timeout=LONG
    )


def test_the_page_that_made_the_change_is_not_refreshed_again(qtbot, ambam_worker) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ambam_worker)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(window.stack.indexOf(window.forum))
    refreshed: list[str] = []
    window.forum.refresh = lambda: refreshed.append("forum")  # type: ignore[method-assign]
    done: list[object] = []
    CollectionOp(window.forum, ambam_worker, lambda node: None, done.append).run_in_background()
    CollectionOp(window.home, ambam_worker, lambda node: None, done.append).run_in_background()
    qtbot.waitUntil(lambda: len(done) == 2, timeout=LONG)
    assert refreshed == ["forum"]  # for the change the home page made, not for its own


def test_a_query_tells_no_one(qtbot, ambam_worker) -> None:  # type: ignore[no-untyped-def]
    from app.ui.operations import changes

    told: list[object] = []
    changes().executed.connect(told.append)
    try:
        read: list[bytes] = []
        QueryOp(None, ambam_worker, lambda node: node.commune, read.append).run_in_background()
        written: list[object] = []
        CollectionOp(None, ambam_worker, lambda node: None, written.append).run_in_background()
        qtbot.waitUntil(lambda: bool(read) and bool(written), timeout=LONG)
        assert told == [None]  # once: for the change, not for the read
    finally:
        changes().executed.disconnect(told.append)


def test_progress_shows_late_and_at_most_once_per_step(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: list[Progress | None] = []
    shown = Shown(seen.append, None)
    for done in range(100):  # a burst, before the delay
        shown.update(Progress(Phase.READ, done, 100))
    assert seen == []  # nothing before the delay, however many events
    qtbot.waitUntil(lambda: bool(seen), timeout=LONG)
    assert seen == [Progress(Phase.READ, 99, 100)]  # the latest, once
    for done in range(100):  # a burst once shown: the first now, the rest throttled
        shown.update(Progress(Phase.APPLY, done, 100))
    assert len(seen) <= 2
    qtbot.waitUntil(lambda: seen[-1] == Progress(Phase.APPLY, 99, 100), timeout=LONG)
    shown.end()


def test_cancel_stops_a_long_job_at_its_next_progress_event(qtbot, ambam_worker) -> None:  # type: ignore[no-untyped-def]
    started = threading.Event()
    outcome: list[str] = []

    def endless(progress: Listener) -> None:
        step = 0
        while True:
            progress(Progress(Phase.READ, step, 0))  # raises once cancelled
            started.set()
            step += 1
            threading.Event().wait(0.01)

    running = (
        LongOp.off_store(None, ambam_worker, endless, lambda _: outcome.append("done"))
        .failure(lambda e: outcome.append(f"failed {e!r}"))
        .cancelled(lambda: outcome.append("cancelled"))
        .run_in_background()
    )
    assert started.wait(LONG / 1000)
    running.cancel()
    qtbot.waitUntil(lambda: bool(outcome), timeout=LONG)
    assert outcome == ["cancelled"]
    assert not ambam_worker.jobs.running


def test_an_operation_cancelled_before_its_turn_never_runs(qtbot, ambam_worker) -> None:  # type: ignore[no-untyped-def]
    ran: list[str] = []
    stopped: list[str] = []
    gate = threading.Event()
    ambam_worker.submit(lambda node: gate.wait(LONG / 1000))  # the worker is busy meanwhile
    running = (
        QueryOp(None, ambam_worker, lambda node: ran.append("ran"))
        .cancelled(lambda: stopped.append("cancelled"))
        .run_in_background()
    )
    running.cancel()
    gate.set()
    qtbot.waitUntil(lambda: bool(stopped), timeout=LONG)
    assert ran == []


def test_jobs_of_one_line_wait_for_each_other_and_other_lines_do_not(qtbot, ambam_worker) -> None:  # type: ignore[no-untyped-def]
    order: list[str] = []
    first_in = threading.Event()
    first_may_end = threading.Event()

    def first(progress: Listener) -> None:
        order.append("first starts")
        first_in.set()
        first_may_end.wait(LONG / 1000)
        order.append("first ends")

    def second(progress: Listener) -> None:
        order.append("second starts")

    def board(progress: Listener) -> None:
        order.append("board job")
        first_may_end.set()  # runs although the sync line is taken

    done: list[object] = []
    LongOp.off_store(None, ambam_worker, first, done.append).in_line(jobs.SYNC).run_in_background()
    assert first_in.wait(LONG / 1000)
    LongOp.off_store(None, ambam_worker, second, done.append).in_line(jobs.SYNC).run_in_background()
    LongOp.off_store(None, ambam_worker, board, done.append).in_line(jobs.BOARD).run_in_background()
    qtbot.waitUntil(lambda: len(done) == 3, timeout=LONG)
    assert order.index("first ends") < order.index("second starts")
    assert order.index("board job") < order.index("first ends")


def test_a_transaction_of_a_job_is_never_seen_half_done(tmp_path: Path) -> None:
    """The store lets one thread in at a time: a read from another thread waits for the end of
    a transaction, and so never sees what the transaction then undoes."""
    node = Node.create(tmp_path / "ambam", PASS, "Ambam")
    try:
        before = node.store.value("SELECT count(*) FROM meta")
        inside = threading.Event()
        seen: list[int] = []

        def reader() -> None:
            inside.wait(LONG / 1000)
            seen.append(int(node.store.value("SELECT count(*) FROM meta")))

        thread = threading.Thread(target=reader)
        thread.start()
        with pytest.raises(RuntimeError), node.store.transaction():
            node.store.set_meta("half", b"done")
            inside.set()
            thread.join(0.2)  # time for the reader to try; it must wait for the rollback
            raise RuntimeError("undone")
        thread.join(LONG / 1000)
        assert seen == [before]
    finally:
        node.close()


def test_start_up_reports_a_failed_question_and_returns(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Whether the profile joined a network is asked on the worker; when that fails, the report
    opens and start-up goes on (here: gives up), instead of waiting for ever."""
    reports: list[str] = []
    monkeypatch.setattr(CrashDialog, "exec", lambda self: reports.append("shown") or 0)
    worker = Worker()  # no profile open: the question fails
    try:
        assert main._joined(worker) is False
    finally:
        worker.stop()
    assert reports == ["shown"]


def test_start_up_goes_on_for_a_profile_of_a_network(qtbot, ambam_worker) -> None:  # type: ignore[no-untyped-def]
    assert main._joined(ambam_worker) is True


def test_the_screens_read_the_store_while_a_stick_is_synced(  # type: ignore[no-untyped-def]
    qtbot, net, tmp_path: Path, monkeypatch
) -> None:
    """A stick sync whose applying is slow (held here): meanwhile a screen's query is answered."""
    from app.sync import intake
    from app.sync.export import export

    stick = tmp_path / "stick"
    stick.mkdir()
    post(net.nodes[1], "Nouvelles de Bipindi")
    export(net.nodes[1], stick)  # Bipindi's clerk wrote the stick
    home = net.nodes[0].home
    net.nodes[0].close()
    worker = Worker()
    worker.open(lambda: Node.open(home, PASS))
    hold = threading.Event()
    real = intake.apply_staged

    def slow(*args: object, **kwargs: object) -> intake.ImportReport:
        hold.wait(LONG / 1000)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(intake, "apply_staged", slow)
    try:
        page = SyncStation(worker)
        qtbot.addWidget(page)
        page.watch.stop()
        page.use(stick)
        qtbot.waitUntil(lambda: page.sync_button.isEnabled(), timeout=LONG)
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(worker.jobs.running), timeout=LONG)
        answered: list[bytes] = []
        QueryOp(page, worker, lambda node: node.commune, answered.append).run_in_background()
        qtbot.waitUntil(lambda: bool(answered), timeout=LONG)
        assert page.running  # answered while the sync still runs
        hold.set()
        qtbot.waitUntil(lambda: page.sync_button.isEnabled(), timeout=LONG)
        assert page.result.text().startswith("1 new item taken in, 3 already known.")
        assert "You may remove the stick." in page.safe.text()
    finally:
        hold.set()
        worker.stop()
        net.nodes[0] = Node.open(home, PASS)


def test_closing_ends_the_wait_for_a_laptop(qtbot, net) -> None:  # type: ignore[no-untyped-def]
    """The clerk waits for a laptop that never comes, then closes the application: the wait
    stops at its next look, before the profile is closed under it."""
    home = net.nodes[0].home
    net.nodes[0].close()
    worker = Worker()
    worker.open(lambda: Node.open(home, PASS))
    try:
        page = SyncStation(worker)
        qtbot.addWidget(page)
        page.watch.stop()
        page.address.setText(f"127.0.0.1:{_free_port()}")
        qtbot.mouseClick(page.listen_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: bool(worker.jobs.running) and worker.jobs.running[0].thread is not None,
            timeout=LONG,
        )
        job = worker.jobs.running[0]
    finally:
        worker.stop()
        net.nodes[0] = Node.open(home, PASS)
    assert job.thread is not None and not job.thread.is_alive()


def test_without_a_view_the_progress_is_a_dialog_whose_cancel_stops_the_job(  # type: ignore[no-untyped-def]
    qtbot, ambam_worker
) -> None:
    outcome: list[str] = []

    def endless(progress: Listener) -> None:
        step = 0
        while True:
            progress(Progress(Phase.WRITE, step % 10, 10))  # raises once cancelled
            step += 1
            threading.Event().wait(0.01)

    parent = QWidget()
    qtbot.addWidget(parent)
    op = (
        LongOp.off_store(parent, ambam_worker, endless)
        .with_progress(label="Writing…")
        .cancelled(lambda: outcome.append("cancelled"))
    )
    op.run_in_background()
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible(), timeout=LONG)
    assert op.dialog is not None and op.dialog.labelText() == "Writing…"
    button = op.dialog.findChild(QPushButton)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the person presses Cancel
    qtbot.waitUntil(lambda: bool(outcome), timeout=LONG)
    assert outcome == ["cancelled"] and op.dialog is None


def test_a_job_never_reads_a_preview_of_pending_work(tmp_path: Path) -> None:
    """While an operation of the worker looks at pending work as if sealed (the overlay), the
    ledger's caches hold that preview; a job asking the ledger meanwhile waits for the lock and
    then sees only what is recorded."""
    node = Node.create(tmp_path / "ambam", PASS, "Ambam")
    try:
        node.found("Réseau")
        node.policy = SealPolicy(max_pending=1000, max_age=3600.0)  # the member stays pending
        deputy = node.add_member("Awa", "deputy")
        previewed: list[bool] = []
        inside = threading.Event()
        seen: list[object] = []

        def job() -> None:
            inside.wait(LONG / 1000)
            seen.append(node.ledger.actors.get(deputy))

        thread = threading.Thread(target=job)
        thread.start()
        with node.overlay():
            previewed.append(node.ledger.actors.get(deputy) is not None)
            inside.set()
            thread.join(0.2)  # time for the job to ask; it must wait for the overlay's end
        thread.join(LONG / 1000)
        assert previewed == [True]  # the worker's own operation saw its preview
        assert seen == [None]  # the job did not: the member is still only pending
    finally:
        node.close()
