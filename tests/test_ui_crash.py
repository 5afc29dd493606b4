"""Errors nobody wrote a sentence for open a report that can be saved to a stick; user errors
get their sentence instead."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app.core.errors import WrongPassphrase
from app.ui import crash
from app.ui.crash import CrashDialog, report_text
from app.ui.worker import Worker


def _failing() -> None:
    raise RuntimeError("disk on fire")


def test_the_report_holds_the_traceback_and_versions_and_saves(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    try:
        _failing()
    except RuntimeError as exc:
        error = exc
    text = report_text(error)
    assert "RuntimeError: disk on fire" in text and "_failing" in text
    assert "obambu: " in text and "PySide6: " in text
    dialog = CrashDialog(error)
    qtbot.addWidget(dialog)
    target = tmp_path / "stick" / "report.txt"
    target.parent.mkdir()
    monkeypatch.setattr(
        "app.ui.crash.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    dialog.save()
    assert target.read_text(encoding="utf-8") == dialog.report.toPlainText()


def test_a_worker_failure_nobody_handles_reaches_the_right_dialog(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(CrashDialog, "exec", lambda self: shown.append("report") or 0)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text) or 0)
    worker = Worker()
    worker.error.connect(crash.show_error)
    try:
        worker.call(_failing)
        worker.call(lambda: (_ for _ in ()).throw(WrongPassphrase()))
        qtbot.waitUntil(lambda: len(shown) == 2, timeout=10_000)
    finally:
        worker.stop()
    assert shown[0] == "report"
    assert shown[1].startswith("The passphrase is wrong.")
