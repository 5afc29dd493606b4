"""Vérifier une attestation: from a photo or PDF, a USB scanner (AZERTY or not), pasted text or
the number printed under the QR code, with one of seven outcomes in words and an icon, and the
signed fields in large type to compare with the paper.

The same panel serves a town hall (it asks its own ledger) and a verify-only laptop (it asks
its verifier kit): `check` is given by whoever builds the panel.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.core.attestations import azerty, scan
from app.core.attestations.qrtext import PREFIX, from_qr_text
from app.core.attestations.verdict import Verdict
from app.core.errors import ObambuError
from app.core.safetext import line
from app.ui import camera, failure, files, formats
from app.ui.plain import fill, show
from app.ui.worker import Worker

# What the panel asks for: bytes of an attestation, a number typed, or a file; and the answer.
Query = tuple[str, Any]  # ("data", bytes) | ("number", str) | ("file", Path)
Check = Callable[[Query, Callable[[Verdict], None], Callable[[BaseException], None]], None]

ICONS = {
    "authentic": QStyle.StandardPixmap.SP_DialogApplyButton,
    "status_unknown": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "cancelled": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "replaced": QStyle.StandardPixmap.SP_ArrowForward,
    "expired": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "not_authentic": QStyle.StandardPixmap.SP_DialogCancelButton,
    "key_revoked": QStyle.StandardPixmap.SP_MessageBoxCritical,
}


def query_of(text: str) -> Query:
    """What was scanned, pasted or typed: a QR text (undoing an AZERTY layout) or a number."""
    meant = azerty.from_scanner(text)
    if meant.upper().startswith(PREFIX):
        return ("data", from_qr_text(meant))
    return ("number", text.strip())


def data_from_file(path: Path) -> bytes:
    texts = scan.qr_texts(path)
    if not texts:
        raise ObambuError(
            "No attestation QR code could be read in this file. Take a sharper photo, or type "
            "the number printed under the code.",
            code="no_qr_in_file",
        )
    return from_qr_text(texts[0])


class VerifyPanel(QWidget):
    def __init__(self, check: Check, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = check
        self.worker = worker  # the camera's frames are read on one of its jobs
        self.camera_dialog: camera.CameraDialog | None = None
        self.last: Verdict | None = None
        self.input = QLineEdit()
        self.input.setPlaceholderText(
            self.tr("Scan the QR code here, paste its text, or type the number under it")
        )
        self.input.setAccessibleName(self.tr("Attestation to verify"))
        self.input.returnPressed.connect(self.verify_input)
        verify = QPushButton(self.tr("Verify"))
        verify.clicked.connect(self.verify_input)
        open_file = QPushButton(self.tr("Open a photo or a PDF…"))
        open_file.clicked.connect(self.choose_file)
        self.with_camera = QPushButton(self.tr("Verify with the camera"))
        self.with_camera.clicked.connect(self.verify_with_camera)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(verify)
        # The other ways in, on a row of their own: beside the field they would narrow it to
        # nothing at 150 % scaling and a large text size.
        other_ways = QHBoxLayout()
        other_ways.addWidget(open_file)
        other_ways.addWidget(self.with_camera)
        other_ways.addStretch(1)
        self.icon = QLabel()
        self.outcome = QLabel()
        self.outcome.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.outcome.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("font-size: 13pt;")
        head = QHBoxLayout()
        head.addWidget(self.icon)
        head.addWidget(self.outcome, 1)
        self.fields_box = QGroupBox(self.tr("Compare with the paper"))
        self.fields = QFormLayout(self.fields_box)
        self.footer = QLabel()
        self.footer.setWordWrap(True)
        self.footer.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(other_ways)
        layout.addLayout(head)
        layout.addWidget(self.status)
        layout.addWidget(self.fields_box)
        layout.addWidget(self.footer)
        layout.addStretch(1)
        self.fields_box.hide()

    # --- input --------------------------------------------------------------------------------

    def verify_input(self) -> None:
        self.verify_text(self.input.text())

    def verify_text(self, text: str) -> None:
        """What was scanned, pasted, typed or read by the camera."""
        text = text.strip()
        if not text:
            return
        try:
            query = query_of(text)
        except ObambuError as error:
            self.failed(error)
            return
        self._ask(query)

    def choose_file(self) -> None:
        path = files.open_file(
            self,
            self.tr("Choose a photo or a PDF of the attestation"),
            self.tr("Images and PDF (*.png *.jpg *.jpeg *.pdf);;All files (*)"),
        )
        if path:
            self.verify_file(Path(path))

    def verify_with_camera(self) -> None:
        """The camera's picture in a dialog; the code it reads is checked as a scanned one."""
        try:
            found = camera.find_camera()
        except ObambuError as error:
            self.failed(error)
            return
        dialog = camera.CameraDialog(found, self.worker, self)
        self.camera_dialog = dialog

        def closed(_result: int) -> None:
            self.camera_dialog = None
            dialog.deleteLater()
            if dialog.text is not None:
                self.verify_text(dialog.text)

        dialog.finished.connect(closed)
        dialog.open()
        dialog.start()

    def verify_file(self, path: Path) -> None:
        self._ask(("file", path))

    def _ask(self, query: Query) -> None:
        self.outcome.setText(self.tr("Checking…"))
        self.status.clear()
        self.check(query, self.show_verdict, self.failed)

    # --- result -------------------------------------------------------------------------------

    def show_verdict(self, verdict: Verdict) -> None:
        self.last = verdict
        fields = verdict.fields
        title, status = self._words(verdict)
        self.outcome.setText(title)
        self.outcome.setAccessibleName(title)
        show(self.status, status)  # commune names and reasons come with the attestation
        icon = self.style().standardIcon(ICONS[verdict.outcome])
        self.icon.setPixmap(icon.pixmap(48, 48))
        self.icon.setAccessibleName(title)
        while self.fields.rowCount():
            self.fields.removeRow(0)
        if "number" in fields:
            rows = [
                (self.tr("Number"), fields["number"]),
                (self.tr("Document"), str(fields.get("type_label", ""))),
            ]
            rows += [(label, value) for label, value in fields.get("lines", [])]
            rows += [
                (self.tr("Issued on"), _date(fields["issued"])),
                (self.tr("Commune"), str(fields.get("commune") or "?")),
                (self.tr("Issued by"), str(fields.get("issuer") or "?")),
            ]
            for label, value in rows:  # what the paper says, in the words of its issuer
                shown = QLabel()
                show(shown, line(str(value)))
                shown.setStyleSheet("font-size: 15pt;")
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.fields.addRow(line(str(label)), shown)
        self.fields_box.setVisible("number" in fields)
        now = QLocale().toString(QDateTime.currentDateTime(), QLocale.FormatType.ShortFormat)
        self.footer.setText(fill(self.tr("Checked offline on this laptop, {now}."), now=now))

    def _words(self, verdict: Verdict) -> tuple[str, str]:
        f = verdict.fields
        outcome = verdict.outcome
        if outcome == "authentic":
            return self.tr("Authentic – not cancelled"), self._as_of(f)
        if outcome == "status_unknown":
            if f.get("issued_after_list"):
                why = fill(
                    self.tr(
                        "The list of cancellations of {commune} held here dates from {as_of}, "
                        "before this paper was issued: whether it was cancelled since is not known."
                    ),
                    commune=line(str(f.get("commune") or "?")),
                    as_of=_date(f.get("status_as_of")),
                )
            elif f.get("status_max_age_days"):
                why = fill(
                    self.tr(
                        "The list of {commune} is older than the %n day(s) allowed for this "
                        "document.",
                        "",
                        int(f["status_max_age_days"]),
                    ),
                    commune=line(str(f.get("commune") or "?")),
                )
            else:
                why = self.tr("This laptop has not received the issuing town hall's record yet.")
            act = fill(
                self.tr("Update with a USB stick, or check by radio with the number {number}."),
                number=str(f.get("number", "")),
            )
            return self.tr("Authentic – status unknown"), why + " " + act
        if outcome == "cancelled":
            text = fill(
                self.tr("Cancelled on {revoked_at} by {commune}: {reason}."),
                revoked_at=_date(f.get("revoked_at")),
                commune=line(str(f.get("commune") or "?")),
                reason=line(reason_words(str(f.get("reason")))),
            )
            return self.tr("CANCELLED"), " ".join(filter(None, (text, self._as_of(f))))
        if outcome == "replaced":
            text = fill(
                self.tr(
                    "Replaced by attestation no. {replaced_by} on {revoked_at}: ask for the new "
                    "paper."
                ),
                replaced_by=line(str(f.get("replaced_by"))),
                revoked_at=_date(f.get("revoked_at")),
            )
            return self.tr("Replaced"), text
        if outcome == "expired":
            text = fill(self.tr("Valid until {expires} only."), expires=_date(f.get("expires")))
            return self.tr("Expired"), text
        if outcome == "key_revoked":
            text = fill(
                self.tr(
                    "The commune's key was revoked on {key_revoked_at} and this paper was "
                    "not recorded before: have it confirmed by the town hall."
                ),
                key_revoked_at=_date(f.get("key_revoked_at")),
            )
            return self.tr("Key of the commune revoked"), text
        # Why, in the screen's words: the core's detail is English, for the command line.
        failed = next((str(c["check"]) for c in verdict.checks if not c["ok"]), "")
        reasons = {
            "format": self.tr("This is not an attestation's code, or it was damaged."),
            "issuer_key": self.tr(
                "It names a town hall this laptop does not know: not one of this network."
            ),
            "signature": self.tr(
                "Forged or altered: it does not carry the signature of the town hall it names."
            ),
        }
        text = reasons.get(
            failed, self.tr("Forged, altered, or from a town hall this laptop does not know.")
        )
        return self.tr("NOT authentic"), text

    def _as_of(self, fields: dict[str, Any]) -> str:
        as_of = fields.get("status_as_of")
        if not as_of:
            return ""
        days = max(0, int((time.time() - int(as_of)) // 86_400))
        text = (
            self.tr("According to the list of {commune} of {as_of} (%n day(s) ago).", "", days)
            if days
            else self.tr("According to the list of {commune} of today, {as_of}.")
        )
        return fill(
            text,
            commune=line(str(fields.get("commune") or "?")),
            as_of=_date(as_of),
        )

    def failed(self, error: BaseException) -> None:
        self.last = None
        self.outcome.setText(self.tr("Could not verify"))
        self.icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48)
        )
        self.fields_box.hide()
        failure.report(error, lambda sentence: show(self.status, sentence))


def reason_words(reason: str) -> str:
    category, _, note = reason.partition(": ")
    names = {
        "clerical_error": QCoreApplication.translate("VerifyPanel", "clerical error"),
        "court_decision": QCoreApplication.translate("VerifyPanel", "court decision"),
        "fraud": QCoreApplication.translate("VerifyPanel", "fraud"),
        "lost_or_stolen": QCoreApplication.translate("VerifyPanel", "reported lost or stolen"),
        "other": QCoreApplication.translate("VerifyPanel", "other reason"),
    }
    words = names.get(category, category)
    return f"{words} ({note})" if note else words


def _date(stamp: Any) -> str:
    if not stamp:
        return "?"
    return formats.short_date(int(stamp))
