"""One way to fail: a refusal shows its sentence where the person is looking; a bug, in a worker
call, in a slot or in another thread, is logged with its traceback and opens the crash report,
which holds the end of the log and no passphrase."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox

from app import logs
from app.core.errors import WrongPassphrase
from app.ui import failure
from app.ui.crash import CrashDialog
from app.ui.unlock import UnlockDialog
from app.ui.worker import Worker

SECRET = "pass phrase"  # the profiles of conftest's network


@pytest.fixture
def worker(qtbot) -> Iterator[Worker]:  # type: ignore[no-untyped-def]
    made = Worker()
    yield made
    made.stop()


@pytest.fixture
def reports(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[CrashDialog]:
    """The crash reports that opened, each saved by the clerk to a folder on a 'stick'."""
    opened: list[CrashDialog] = []
    stick = tmp_path / "stick"
    stick.mkdir()

    def exec_(dialog: CrashDialog) -> int:
        opened.append(dialog)
        target = stick / f"report-{len(opened)}.txt"
        monkeypatch.setattr(
            "app.ui.files.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
        )
        dialog.save_button.click()
        return 0

    monkeypatch.setattr(CrashDialog, "exec", exec_)
    return opened


@pytest.fixture
def kept_log() -> Iterator[Path]:
    """The log as the window keeps it: a file in the data folder (a test's own, conftest)."""
    with logs.kept() as path:
        assert path is not None
        yield path


def _bug_in_the_store(*args: object, **kwargs: object) -> object:
    raise KeyError("kdf_salt")  # as a bug would: no code, nothing meant for people


def test_a_bug_in_a_worker_call_is_logged_and_offers_the_report_without_the_passphrase(  # type: ignore[no-untyped-def]
    qtbot, worker, net, tmp_path, reports, kept_log, monkeypatch, caplog
) -> None:
    home = net.nodes[0].home
    net.nodes[0].close()
    dialog = UnlockDialog(worker, home)
    qtbot.addWidget(dialog)
    dialog.show()

    # A typo first: a refusal, said in the dialog; the log gets its code, not the text typed.
    dialog.passphrase.setText(SECRET.upper())
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.wrong == 1, timeout=20_000)
    assert dialog.problem.text().startswith("The passphrase is wrong.")
    assert not reports

    # Then the right passphrase meets a bug while the profile opens.
    monkeypatch.setattr("app.ui.unlock.Node.open", _bug_in_the_store)
    qtbot.waitUntil(dialog.unlock.isEnabled, timeout=20_000)
    dialog.passphrase.setText(SECRET)
    with caplog.at_level(logging.INFO, logger="app"):
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(reports), timeout=20_000)

    bug = [r for r in caplog.records if r.exc_info and r.exc_info[0] is KeyError]
    assert len(bug) == 1 and bug[0].levelno == logging.ERROR
    assert dialog.problem.text().startswith("Something went wrong inside Obambu.")
    assert dialog.unlock.isEnabled()  # the person may try again once the report is saved
    saved = reports[0].saved
    assert saved is not None and saved.parent == tmp_path / "stick"
    report = saved.read_text(encoding="utf-8")
    assert "KeyError: 'kdf_salt'" in report and "_bug_in_the_store" in report
    assert "The end of the log" in report
    assert "refused: wrong_passphrase" in report  # the typo before, from the log's tail
    assert "a bug: KeyError" in report
    log_text = kept_log.read_text(encoding="utf-8")
    assert "Traceback" in log_text and "_bug_in_the_store" in log_text
    for text in (report, log_text):
        assert SECRET not in text and SECRET.upper() not in text
        assert str(Path.home()) not in text  # the home folder is written ~


def test_a_refusal_nobody_waits_for_gets_a_message_box_and_a_bug_the_report(  # type: ignore[no-untyped-def]
    qtbot, worker, reports, monkeypatch
) -> None:
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: boxes.append(text))

    def refused() -> None:
        raise WrongPassphrase()

    def broken() -> None:
        raise RuntimeError("disk on fire")

    worker.call(refused)  # no `failed` callback: the worker reports
    worker.call(broken)
    qtbot.waitUntil(lambda: len(boxes) == 1 and len(reports) == 1, timeout=20_000)
    assert boxes[0].startswith("The passphrase is wrong.")
    assert "RuntimeError: disk on fire" in reports[0].report.toPlainText()


def test_a_file_the_system_refuses_is_said_with_its_reason_not_reported_as_a_bug(  # type: ignore[no-untyped-def]
    qtbot, tmp_path, reports, caplog
) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    chosen = tmp_path / "absent" / "minutes.pdf"  # the person's own file name
    try:
        chosen.read_bytes()
    except OSError as exc:
        error = exc
    with caplog.at_level(logging.INFO, logger="app"):
        failure.report(error, label)
    assert label.text().startswith("Obambu could not use ")
    assert "minutes.pdf" in label.text() and "No such file or directory" in label.text()
    assert not reports
    (record,) = caplog.records  # where in the code it failed, not which file the person chose
    assert "ENOENT" in record.getMessage() and "chosen.read_bytes()" in record.getMessage()
    assert "minutes.pdf" not in record.getMessage()


def test_uncaught_exceptions_of_slots_and_threads_reach_the_report(  # type: ignore[no-untyped-def]
    qtbot, reports, monkeypatch, caplog
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    failure.install()

    def slot() -> None:
        raise ZeroDivisionError("in a slot")

    def thread() -> None:
        raise LookupError("in a thread")

    with caplog.at_level(logging.INFO, logger="app"):
        QTimer.singleShot(0, slot)
        qtbot.waitUntil(lambda: len(reports) == 1, timeout=20_000)
        other = threading.Thread(target=thread, name="discovery")
        other.start()
        other.join()
        qtbot.waitUntil(lambda: len(reports) == 2, timeout=20_000)

    shown = [dialog.report.toPlainText() for dialog in reports]
    assert "ZeroDivisionError: in a slot" in shown[0]
    assert "LookupError: in a thread" in shown[1]
    logged = [r.getMessage() for r in caplog.records if r.exc_info]
    assert logged == ["a bug: ZeroDivisionError", "a bug in the thread discovery"]
