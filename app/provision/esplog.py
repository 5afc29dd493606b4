"""esptool's output, captured: log lines for the support pane, progress, and cancellation.

esptool 5 prints through one process-wide logger (esp_pylib's `EspLog.instance`). A
TemplateLogger installed with `set_logger` receives every line and, once per flash block,
`progress_bar(cur, total, prefix, …)`; raising from that hook is the only way to stop a write
midway (esptool has no cancel API), and it leaves esptool cleanly (the port is closed by the
caller). Because the logger is global, one lock serialises every esptool session of this
process, and the previous logger is put back afterwards.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from esp_pylib.logger import EspLog
from esptool.logger import EsptoolLogger, TemplateLogger

ProgressHook = Callable[[int, int, str], None]  # bytes on the wire so far, their total, label
LineHook = Callable[[str], None]

_SESSION = threading.Lock()


class Cancelled(Exception):
    """Raised inside esptool's write loop when the technician cancels."""


class EsptoolSink(TemplateLogger):  # type: ignore[misc]
    """Collects esptool's lines and forwards progress; checks the cancel flag at every block."""

    def __init__(
        self,
        *,
        on_progress: ProgressHook | None = None,
        on_line: LineHook | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.on_progress = on_progress
        self.on_line = on_line
        self.cancel = cancel
        self.lines: list[str] = []
        self._partial = ""  # esptool prints "Connecting..." then dots with end=""

    def _emit(self, text: str) -> None:
        self.lines.append(text)
        if self.on_line is not None:
            self.on_line(text)

    def print(self, *args: Any, **kwargs: Any) -> None:
        sep = kwargs.get("sep", " ")
        end = kwargs.get("end", "\n")
        self._partial += sep.join(str(arg) for arg in args) + end
        *complete, self._partial = self._partial.split("\n")
        for line in complete:
            self._emit(line)

    def note(self, message: str) -> None:
        self._emit(f"Note: {message}")

    def warning(self, message: str) -> None:
        self._emit(f"Warning: {message}")

    def error(self, message: str) -> None:
        self._emit(f"Error: {message}")

    def stage(self, finish: bool = False) -> None:
        pass

    def set_verbosity(self, verbosity: str) -> None:
        pass

    def progress_bar(
        self,
        cur_iter: int,
        total_iters: int,
        prefix: str = "",
        suffix: str = "",
        bar_length: int = 30,
    ) -> None:
        self.check_cancel()
        if self.on_progress is not None:
            self.on_progress(cur_iter, total_iters, prefix.strip())

    def check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()


@contextmanager
def captured(sink: EsptoolSink) -> Iterator[EsptoolSink]:
    """Route esptool's output to `sink` for the duration; one session at a time."""
    with _SESSION:
        previous = EspLog.instance
        # esptool's own logger wraps a TemplateLogger for esp_pylib; `log.set_logger` would
        # reach whatever logger is current, which after a custom one has no set_logger.
        EsptoolLogger().set_logger(sink)
        try:
            yield sink
        finally:
            EspLog.instance = previous
