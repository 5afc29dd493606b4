"""Délivrer une attestation: the type from the commune's list, the printed fields, who asks and
whether their identity document was checked; a watermarked preview; then sign (the number is
taken and recorded in the ledger), print, and say whether the paper came out readable.

A print that was never confirmed (a power cut, a paper jam) stays listed at the top with
"reprint (same number)", so nobody issues a second number for the same request.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pypdfium2
from PySide6.QtCore import QDate, QLocale
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.attestations import certificates, doctypes, queries
from app.core.attestations.certificates import Issued, Request
from app.core.attestations.doctypes import DocType
from app.core.attestations.printed import Printed
from app.core.attestations.queries import Unconfirmed
from app.core.node.node import Node
from app.ui import certificate, confirm, failure, files, formats
from app.ui.fit import fit_window
from app.ui.flow import FlowLayout
from app.ui.icons import icon
from app.ui.operations import CollectionOp, QueryOp
from app.ui.plain import fill, rich
from app.ui.worker import Worker


def page_image(page: Printed) -> QImage:
    """The page as the printer will get it, for the preview window."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "apercu.pdf"
        certificate.save_pdf(path, page)
        pdf = pypdfium2.PdfDocument(str(path))
        try:
            bitmap = pdf[0].render(scale=96 / 72)
            image = bitmap.to_pil().convert("RGB")
        finally:
            pdf.close()
    data = image.tobytes()
    return QImage(
        data, image.width, image.height, 3 * image.width, QImage.Format.Format_RGB888
    ).copy()


class IssuePanel(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.types: list[DocType] = doctypes.load()
        self.last: Issued | None = None
        self.pending: list[Unconfirmed] = []
        self.kind = QComboBox()
        self.subject, self.born, self.place, self.detail = (QLineEdit() for _ in range(4))
        self.born.setPlaceholderText(self.tr("3/2/1964, 1964 or about 1964"))
        self.requester = QComboBox()
        for label, value in (
            (self.tr("the person concerned"), "self"),
            (self.tr("a parent"), "parent"),
            (self.tr("someone with a proxy"), "proxy"),
            (self.tr("someone else"), "other"),
        ):
            self.requester.addItem(label, value)
        self.id_checked = QCheckBox(self.tr("Identity document checked"))
        self.id_checked.setChecked(True)
        self.id_note = QLineEdit()
        self.id_note.setPlaceholderText(self.tr("Why without an identity document?"))
        self.today = QLabel()
        self.fit = QLabel()
        self.message = QLabel()
        self._failed = failure.into(self.message)
        self.message.setWordWrap(True)
        self.preview_button = QPushButton(self.tr("Preview…"))
        self.preview_button.clicked.connect(self.preview)
        self.sign_button = QPushButton(self.tr("Sign"))
        self.sign_button.setIcon(icon("sign"))
        self.sign_button.clicked.connect(self.sign)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setIcon(icon("print"))
        self.print_button.clicked.connect(self.print_page)
        self.pdf_button = QPushButton(self.tr("Save as PDF…"))
        self.pdf_button.clicked.connect(self.save_pdf)
        self.slip_button = QPushButton(self.tr("Thermal slip…"))
        self.slip_button.clicked.connect(self.save_slip)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.reprint_button = QPushButton(self.tr("Reprint (same number)"))
        self.reprint_button.clicked.connect(self.reprint_pending)
        self.printed_button = QPushButton(self.tr("It was printed"))
        self.printed_button.clicked.connect(self.confirm_pending)
        self._layout()
        self._fill_types(self.types)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for edit in (self.subject, self.born, self.place, self.detail, self.id_note):
            edit.textChanged.connect(self._update)
        self.id_checked.toggled.connect(self._update)
        self._kind_changed()
        self._can_print(False)

    def _layout(self) -> None:
        self.form = QFormLayout()
        self.form.addRow(self.tr("Document"), self.kind)
        self.form.addRow(self.tr("Full name"), self.subject)
        self.form.addRow(self.tr("Born on"), self.born)
        self.form.addRow(self.tr("Born at"), self.place)
        self.form.addRow(self.tr("Detail"), self.detail)
        self.form.addRow(self.tr("Asked by"), self.requester)
        self.form.addRow("", self.id_checked)
        self.form.addRow("", self.id_note)
        self.form.addRow("", self.fit)
        actions = FlowLayout()  # rows of buttons wrap on a narrow window
        for button in (self.preview_button, self.sign_button):
            actions.addWidget(button)
        prints = FlowLayout()
        for button in (self.print_button, self.pdf_button, self.slip_button):
            prints.addWidget(button)
        box = QGroupBox(self.tr("Issue an attestation"))
        inner = QVBoxLayout(box)
        inner.addWidget(self.today)
        inner.addLayout(self.form)
        inner.addLayout(actions)
        inner.addLayout(prints)
        inner.addWidget(self.message)
        self.pending_box = QGroupBox(self.tr("Signed, not confirmed printed"))
        pending = QVBoxLayout(self.pending_box)
        pending.addWidget(self.banner)
        buttons = FlowLayout()
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.printed_button)
        pending.addLayout(buttons)
        self.pending_box.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pending_box)
        layout.addWidget(box)
        layout.addStretch(1)

    def refresh(self) -> None:
        today = QLocale().toString(QDate.currentDate(), QLocale.FormatType.LongFormat)
        self.today.setText(fill(self.tr("Today: {today}"), today=today))
        QueryOp(
            self, self.worker, lambda node: doctypes.load(node.home), self._fill_types
        ).run_in_background()
        QueryOp(self, self.worker, queries.unconfirmed, self._pending).run_in_background()

    def _fill_types(self, types: list[DocType]) -> None:
        chosen = self.kind.currentData()
        self.types = types
        self.kind.blockSignals(True)
        self.kind.clear()
        for kind in types:
            label = kind.label if QLocale().language() is QLocale.Language.French else kind.label_en
            self.kind.addItem(label, kind.code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(chosen)))
        self.kind.blockSignals(False)
        self._kind_changed()

    def _kind(self) -> DocType | None:
        return doctypes.find(self.types, str(self.kind.currentData()))

    def _kind_changed(self) -> None:
        kind = self._kind()
        for field, shown in (
            (self.born, kind is None or kind.born),
            (self.place, kind is None or kind.place),
            (self.detail, kind is None or kind.detail is not None),
        ):
            field.setVisible(shown)
            self.form.labelForField(field).setVisible(shown)
        if kind is not None and kind.detail:
            label = self.form.labelForField(self.detail)
            assert isinstance(label, QLabel)
            label.setText(kind.detail)  # the commune's own wording, as printed
        self._update()

    def request(self) -> Request:
        kind = self._kind()

        def shown(edit: QLineEdit, on: bool) -> str | None:
            return edit.text().strip() if on else None

        return Request(
            str(self.kind.currentData()),
            self.subject.text().strip(),
            born=formats.typed_date(shown(self.born, kind is None or kind.born) or "") or None,
            place=shown(self.place, kind is None or kind.place),
            detail=shown(self.detail, kind is None or kind.detail is not None),
            requester=str(self.requester.currentData()),
            id_checked=self.id_checked.isChecked(),
            id_note=None if self.id_checked.isChecked() else self.id_note.text().strip(),
        )

    def _update(self) -> None:
        self.id_note.setEnabled(not self.id_checked.isChecked())
        request = self.request()
        ok = certificates.fits(request)
        self.fit.setText(
            self.tr("The fields fit the QR code.")
            if ok
            else self.tr("Too long for the QR code: shorten the name, the place or the detail.")
        )
        ready = ok and bool(request.subject) and (request.id_checked or bool(request.id_note))
        self.sign_button.setEnabled(ready)
        self.preview_button.setEnabled(ok and bool(request.subject))

    # --- preview and signing ------------------------------------------------------------------

    def preview(self) -> None:
        request = self.request()
        QueryOp(
            self, self.worker, lambda node: certificates.preview(node, request), self._show_preview
        ).failure(self._failed).run_in_background()

    def _show_preview(self, page: Printed) -> None:
        PreviewDialog(page_image(page), self).exec()

    def sign(self) -> None:
        request = self.request()
        today = QLocale().toString(QDate.currentDate(), QLocale.FormatType.LongFormat)
        question = self.tr(
            "Sign the attestation for {subject}, dated {today}? It gets its number and is "
            "recorded for good."
        )
        if not confirm.ask(
            self,
            self.tr("Sign"),
            rich(fill(question, subject=request.subject, today=today)),
            self.tr("Sign the attestation"),
        ):
            return
        self.message.setText(self.tr("Signing…"))
        CollectionOp(
            self, self.worker, lambda node: certificates.issue(node, request), self._signed
        ).failure(self._failed).run_in_background()

    def _signed(self, issued: Issued) -> None:
        self.last = issued
        text = self.tr("Attestation no. {number} signed and recorded. Print it now.")
        self.message.setText(fill(text, number=issued.number))
        self._can_print(True)
        self.clear_person()
        self.refresh()

    def clear_person(self) -> None:
        """Empties everything said about the person, ready for the next one: a birth date or a
        domicile left from the last attestation would be signed for someone else. The kind of
        document stays, as a clerk often issues several of one kind in a row."""
        for edit in (self.subject, self.born, self.place, self.detail, self.id_note):
            edit.clear()
        self.requester.setCurrentIndex(0)
        self.id_checked.setChecked(True)
        self.subject.setFocus()

    def _can_print(self, can: bool) -> None:
        for button in (self.print_button, self.pdf_button, self.slip_button):
            button.setEnabled(can)

    # --- printing -----------------------------------------------------------------------------

    def _next_copy(self, attestation: bytes, then: Any) -> None:
        """Counts the print in the ledger first, then draws it on the GUI thread."""

        def run(node: Node) -> Printed:
            copy = certificates.record_print(node, attestation)
            return certificates.to_print(node, attestation, copy - 1)

        CollectionOp(self, self.worker, run, then).failure(self._failed).run_in_background()

    def print_page(self, attestation: bytes | None = None) -> None:
        target = attestation or (self.last.id if self.last else None)
        if target is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return

        def draw(page: Printed) -> None:
            certificate.render(printer, page)
            self._ask_printed(target)

        self._next_copy(target, draw)

    def save_pdf(self) -> None:
        if self.last is None:
            return
        path = files.save_file(
            self, self.tr("Save the attestation"), f"{self.last.number}.pdf", "PDF (*.pdf)"
        )
        if path:
            issued = self.last
            self._next_copy(issued.id, lambda page: self._saved(issued.id, Path(path), page))

    def save_slip(self) -> None:
        if self.last is None:
            return
        path = files.save_file(
            self, self.tr("Save the thermal slip"), f"{self.last.number}.png", "PNG (*.png)"
        )
        if path:
            issued = self.last

            def slip(page: Printed) -> None:
                certificate.save_thermal_png(Path(path), page)
                self.message.setText(fill(self.tr("Saved: {path}"), path=str(path)))

            self._next_copy(issued.id, slip)

    def _saved(self, attestation: bytes, path: Path, page: Printed) -> None:
        certificate.save_pdf(path, page)
        self.message.setText(fill(self.tr("Saved: {path}"), path=str(path)))
        self._confirm(attestation)

    def _ask_printed(self, attestation: bytes) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Printed?"))
        box.setText(self.tr("Is the attestation printed whole and readable?"))
        yes = box.addButton(self.tr("Printed and readable"), QMessageBox.ButtonRole.AcceptRole)
        again = box.addButton(self.tr("Reprint"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("Not now"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is yes:
            self._confirm(attestation)
        elif box.clickedButton() is again:
            self.print_page(attestation)
        else:
            self.refresh()

    # --- what a power cut left ----------------------------------------------------------------

    def _pending(self, rows: list[Unconfirmed]) -> None:
        self.pending = rows
        self.pending_box.setVisible(bool(rows))
        if rows:
            first = rows[0]
            text = self.tr(
                "No. {number} for {subject} was signed but its print was never confirmed."
            )
            more = self.tr(" And %n more.", "", len(rows) - 1) if rows[1:] else ""
            self.banner.setText(fill(text, number=first.number, subject=first.subject) + more)

    def reprint_pending(self) -> None:
        if self.pending:
            self.print_page(self.pending[0].id)

    def confirm_pending(self) -> None:
        if self.pending:
            attestation = self.pending[0].id
            self._confirm(attestation)

    def _confirm(self, attestation: bytes) -> None:
        CollectionOp(
            self,
            self.worker,
            lambda node: certificates.confirm_print(node, attestation),
            lambda _r: self.refresh(),
        ).run_in_background()


class PreviewDialog(QDialog):
    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preview – not valid"))
        picture = QLabel()
        picture.setPixmap(QPixmap.fromImage(image))
        area = QScrollArea()
        area.setWidget(picture)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(area)
        layout.addWidget(buttons)
        fit_window(self, image.width() + 60, image.height() + 80)  # the page, or what fits
