"""Every screen and dialog, built and shown as a person would see them: each control a person
can reach (buttons, fields, lists, tables, menus, boxes) has a name a screen reader says, the Tab
key reaches it, and each dialog closes on Escape and has a default button for Enter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from app.core.council import queries as council
from app.ui import i18n
from app.ui.acting import TakeOver
from app.ui.attest_issue import PreviewDialog
from app.ui.attest_manage import ReasonDialog
from app.ui.convocation import ProxyDialog, ReceiptDialog
from app.ui.crash import CrashDialog
from app.ui.documents import ShareDialog
from app.ui.firstrun import FirstRunDialog
from app.ui.forum import NewThreadDialog
from app.ui.join import JoinDialog
from app.ui.paper import PaperDialog
from app.ui.pin_prompt import PinDialog
from app.ui.sittings import AppointDialog, ConveneDialog, MinutesDialog
from app.ui.unlock import UnlockDialog
from app.ui.vote_entry import VoteEntryDialog
from app.ui.votes import NewVoteDialog, OutcomeDialog
from app.ui.window import MainWindow
from app.ui.worker import Worker

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QAbstractItemView,
    QComboBox,
    QAbstractSpinBox,
    QAbstractSlider,
)


@pytest.fixture(params=["en", "fr"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    i18n.install(qapp, request.param)
    yield str(request.param)
    i18n.install(qapp, "en")


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says for the control: its accessible name, else what Qt derives
    (a button's text, a field's label when the label is its buddy)."""
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name).strip() if face is not None else ""


def controls(top: QWidget) -> list[QWidget]:
    """The controls of `top` a person can reach, shown now or in another state of the screen
    (a tab, a step not done yet), without those Qt builds inside a control (a spin box's field,
    a combo box's pop-up list, scroll bars, corner buttons)."""
    found = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.window() is not top:
            continue
        if widget.objectName().startswith("qt_") or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget.parent(), QAbstractSpinBox | QComboBox):
            continue
        found.append(widget)
    return found


def reachable(top: QWidget) -> list[QWidget]:
    """Of those, the ones shown now."""
    return [widget for widget in controls(top) if widget.isVisibleTo(top)]


def describe(top: QWidget, widget: QWidget) -> str:
    """Where the control is: the screen that holds it and the name it has there."""
    owner: QWidget | None = widget.parentWidget()
    while owner is not None:
        for attribute, value in vars(owner).items():
            if value is widget:
                return f"{type(owner).__name__}.{attribute}"
        owner = owner.parentWidget()
    text = widget.text() if isinstance(widget, QAbstractButton | QLineEdit) else ""
    return f"{type(top).__name__}: {type(widget).__name__} {text!r}"


def problems(top: QWidget) -> set[str]:
    """Controls without a spoken name, shown or not, or that Tab never reaches."""
    found: set[str] = set()
    for widget in controls(top):
        if not spoken_name(widget):
            found.add("no name: " + describe(top, widget))
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.add("not reached by Tab: " + describe(top, widget))
    return found


def missed_by_tab(dialog: QDialog) -> set[str]:
    """The dialog's Tab order, followed round from the dialog as Tab moves: the enabled controls
    it never stops on."""
    reached = set()
    widget = dialog.nextInFocusChain()
    while widget is not dialog:
        if widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            reached.add(id(widget))
        widget = widget.nextInFocusChain()
    wanted = [w for w in reachable(dialog) if w.isEnabled()]
    return {"not reached by Tab: " + describe(dialog, w) for w in wanted if id(w) not in reached}


def test_every_control_of_every_screen_has_a_name(qtbot, ambam_worker, language: str) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ambam_worker)
    qtbot.addWidget(window)
    window.sealer.stop()
    window.show()
    found: set[str] = set()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        qtbot.waitUntil(lambda: ambam_worker.pending == 0, timeout=20_000)
        found |= problems(window)
    assert not found, "\n".join(sorted(found))


def dialogs(worker: Worker, tmp_path: Path) -> list[QDialog]:
    """One of each dialog of the application, filled as it is when a person meets it."""
    members = (council.Member("m1", "Marie Ndongo", ""), council.Member("m2", "Paul Ekani", ""))
    sitting = council.Sitting(
        id=b"s" * 32,
        number=1,
        date="2026-06-12",
        population=2000,
        profile="fr",
        president="m1",
        urgent=False,
        members=members,
        items=(council.Item(0, "Toit de l'école", b"t" * 32),),
        reconvenes=None,
    )
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    return [
        FirstRunDialog(worker, tmp_path / "profile", tmp_path / "demo"),
        UnlockDialog(worker, tmp_path / "profile"),
        JoinDialog(worker),
        TakeOver(worker, []),
        PinDialog("Marie Ndongo", lambda _pin: None),
        PaperDialog("Ambam", "ABCD EFGH"),
        CrashDialog(RuntimeError("boom")),
        NewThreadDialog(),
        ShareDialog(["Bipindi", "Campo"]),
        NewVoteDialog(),
        OutcomeDialog(),
        ConveneDialog(),
        ReceiptDialog(members, ["m2"]),
        ProxyDialog(members, 1),
        AppointDialog(members),
        MinutesDialog("Procès-verbal", ["Marie Ndongo"]),
        VoteEntryDialog(sitting, None, 0),
        ReasonDialog(),
        PreviewDialog(image),
    ]


def test_every_dialog_names_its_controls_and_closes_on_escape(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, language: str
) -> None:
    worker = Worker()
    try:
        found: set[str] = set()
        for dialog in dialogs(worker, tmp_path):
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            found |= problems(dialog)
            name = type(dialog).__name__
            buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisibleTo(dialog)]
            box = dialog.findChild(QDialogButtonBox)
            closes_only = box is not None and all(
                box.buttonRole(b) == QDialogButtonBox.ButtonRole.RejectRole for b in box.buttons()
            )
            if not closes_only and not any(b.isDefault() for b in buttons):
                found.add(f"{name}: no default button for Enter")
            found |= missed_by_tab(dialog)
            dialog.activateWindow()
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            if dialog.isVisible():
                found.add(f"{name}: Escape does not close it")
        assert not found, "\n".join(sorted(found))
    finally:
        worker.stop()


def test_the_check_finds_a_control_without_a_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The check itself: a bare field is found; the same field named is not."""
    top = QWidget()
    qtbot.addWidget(top)
    field = QLineEdit(top)
    button = QPushButton("Envoyer", top)
    assert problems(top) == {"no name: QWidget: QLineEdit ''"}
    field.setAccessibleName("Objet")
    assert problems(top) == set()
    assert spoken_name(button) == "Envoyer"
