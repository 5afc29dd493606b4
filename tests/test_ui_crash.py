"""Errors nobody wrote a sentence for open a report that can be saved to a stick (when it opens:
tests/test_ui_failure.py)."""

from __future__ import annotations

from pathlib import Path

from app import logs
from app.ui.crash import CrashDialog, report_text


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
    assert "The end of the log" not in text  # no log kept: none quoted
    dialog = CrashDialog(error)
    qtbot.addWidget(dialog)
    target = tmp_path / "stick" / "report.txt"
    target.parent.mkdir()
    monkeypatch.setattr(
        "app.ui.files.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    dialog.save()
    assert target.read_text(encoding="utf-8") == dialog.report.toPlainText()


def test_the_report_quotes_the_end_of_the_log(tmp_path: Path) -> None:
    with logs.kept() as path:
        assert path is not None and path.parent == tmp_path / "data" / "logs"
        logs.log.info("stick sync started")
        for number in range(3000):  # more than the tail holds: only whole lines of the end
            logs.log.info("line %d", number)
        try:
            _failing()
        except RuntimeError as exc:
            text = report_text(exc)
    quoted = text.split("The end of the log", 1)[1].splitlines()[1:]
    assert quoted[-1].endswith("line 2999")
    assert all(" INFO app.logs: " in line for line in quoted)
    assert "stick sync started" not in text
