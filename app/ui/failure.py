"""The one way a failure reaches the person at the screen.

A refusal meant for people (an ObambuError, which carries a code) is shown as its translated
sentence, with its one action, where the screen that asked is waiting for an answer: a label
under the form, or a short message box when nothing is. A file, stick or port the system would
not let us use (an OSError) is said the same way. Anything else is a bug: its traceback goes to
the log, the screen says so, and the crash report opens, holding the traceback and the end of
the log, for the clerk to save on a stick (app/ui/crash.py).

Every worker call, every uncaught exception of the GUI thread and every uncaught exception of
another thread ends here: screens pass `report` (or `into(label)`) as the `failed` callback of
their worker calls, the worker reports the failures nobody took, and `install` routes
`sys.excepthook` and `threading.excepthook` here.
"""

from __future__ import annotations

import errno
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from app.core.errors import ObambuError
from app.ui.crash import CrashDialog
from app.ui.messages import user_message

log = logging.getLogger(__name__)

Where = QLabel | Callable[[str], None] | None


def report(error: BaseException, where: Where = None, *, logged: bool = False) -> str:
    """Shows `error` in `where` (a label, or a function taking the sentence; a message box
    when None) and returns the sentence shown. A bug also opens the crash report. `logged`:
    the error is in the log already (it happened on another thread, which logged it there)."""
    if not logged:
        _log(error)
    sentence = user_message(error)
    if isinstance(where, QLabel):
        where.setText(sentence)
    elif where is not None:
        where(sentence)
    if isinstance(error, ObambuError | OSError):
        if where is None:
            QMessageBox.warning(_window(None), _title(), sentence)
    else:
        _open_report(error, where)
    return sentence


def _log(error: BaseException) -> None:
    """The code of a refusal (its sentence may quote names from elsewhere), the traceback of
    anything else."""
    if isinstance(error, ObambuError):
        # A flashing failure keeps esptool's or pyserial's own words for support (hints.py).
        detail = getattr(error, "detail", "")
        said = f": {detail}" if detail else ""
        log.info("refused: %s (%s)%s", error.code, type(error).__name__, said)
    elif isinstance(error, OSError):  # the stack, not the message: it names the user's file
        where = "".join(traceback.format_tb(error.__traceback__))
        name = errno.errorcode.get(error.errno or 0, type(error).__name__)
        log.warning("could not use a file or a device: %s\n%s", name, where.rstrip())
    else:
        log.error("a bug: %s", type(error).__name__, exc_info=error)


def into(label: QLabel) -> Callable[[BaseException], object]:
    """A worker call's `failed` callback that reports in `label`."""
    return lambda error: report(error, label)


def quietly(error: BaseException) -> None:
    """For work whose refusal the person need not hear of (a thumbnail that does not open):
    the refusal is only logged, a bug still opens the report."""
    report(error, lambda _sentence: None)


def _open_report(error: BaseException, where: Where) -> None:
    if isinstance(QApplication.activeModalWidget(), CrashDialog):
        return  # one report at a time; this one is in the log, under the one already open
    CrashDialog(error, _window(where)).exec()


def _window(where: Where) -> QWidget | None:
    if isinstance(where, QLabel):
        return where.window()
    return QApplication.activeWindow()


def _title() -> str:
    return QCoreApplication.translate("CrashDialog", "Obambu")


# --- uncaught exceptions ----------------------------------------------------------------------


class _Relay(QObject):
    """Carries an exception from any thread to the GUI thread, where dialogs may open."""

    failed = Signal(object, bool)  # the error, and whether it is logged already


_relay: list[_Relay] = []  # the one relay of the process, made on the GUI thread by install()


def install() -> None:
    """Routes the exceptions nobody caught, on the GUI thread and on any other, to `report`.

    Called once by the window's entry point, on the GUI thread. The traceback is logged at
    once, on the thread where it happened; the report opens on the GUI thread.
    """
    if not _relay:
        relay = _Relay()
        relay.failed.connect(lambda error, logged: report(error, logged=logged))
        _relay.append(relay)

    def on_gui_thread(
        kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        _relay[0].failed.emit(error.with_traceback(tb), False)

    def on_other_thread(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        log.error("a bug in the thread %s", name, exc_info=args.exc_value)
        _relay[0].failed.emit(args.exc_value, True)

    sys.excepthook = on_gui_thread
    threading.excepthook = on_other_thread
