"""The attestation office: issue a certificate (saved as a PDF with its QR code, or printed),
verify one from its QR text, a photo, a PDF or the document itself, and revoke one."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import certificates, scan
from app.core.certificates import Issued
from app.core.errors import NotFound
from app.core.node import Node
from app.core.qrtext import from_qr_text
from app.ui import certificate
from app.ui.messages import user_message
from app.ui.worker import Worker

TYPES = ("Certificat de résidence", "Acte de naissance", "Certificat de vie", "Attestation")


def _issued_list(node: Node) -> list[dict[str, Any]]:
    with node.overlay():
        rows = node.store.all(
            "SELECT id, doc_type, subject, issued, revoke_tx IS NOT NULL FROM attestations "
            "WHERE commune = ? ORDER BY issued DESC, id LIMIT 500",
            (node.commune,),
        )
    return [
        {"id": bytes(r[0]), "type": r[1], "subject": r[2], "issued": r[3], "revoked": bool(r[4])}
        for r in rows
    ]


def _issue(node: Node, kind: str, subject: str, document: Path) -> tuple[Issued, dict[str, str]]:
    issued = certificates.issue(node, kind, subject, document.read_bytes())
    node.seal()  # recorded at once: the person may have it checked before leaving the office
    verdict = certificates.verify(node, issued.data)
    fields = verdict.fields
    commune = (node.store.meta("commune_name") or b"").decode()
    return issued, {
        "type": kind,
        "subject": subject,
        "issuer": commune,
        "issued": time.strftime("%d/%m/%Y", time.localtime(int(fields["issued"]))),
        "sha256": str(fields["document_sha256"]),
    }


def _verify_file(node: Node, path: Path) -> dict[str, Any]:
    """A photo or PDF of a certificate (its QR code), or else the document itself."""
    texts = scan.qr_texts(path)
    if texts:
        return certificates.verify(node, from_qr_text(texts[0])).as_dict()
    try:
        data = certificates.find_by_document(node, path.read_bytes())
    except NotFound:
        return {"outcome": "no_qr", "checks": []}
    return certificates.verify(node, data).as_dict()


class AttestationsPage(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.last: tuple[Issued, dict[str, str]] | None = None
        self.outcomes = {
            "authentic": self.tr("Authentic: signed by the commune and not cancelled."),
            "status_unknown": self.tr(
                "Signature valid, but this laptop has not received the issuing commune's record "
                "yet: sync, then check again."
            ),
            "cancelled": self.tr("Cancelled by the issuing commune."),
            "expired": self.tr("Authentic but expired."),
            "not_authentic": self.tr("NOT authentic: forged, altered or from another network."),
            "key_revoked": self.tr("The issuer's key was revoked and the record is unknown here."),
            "no_qr": self.tr(
                "No attestation QR code in this file, and no attestation of this document."
            ),
        }
        # Issuing.
        self.kind = QComboBox()
        self.kind.setEditable(True)
        self.kind.addItems(TYPES)
        self.subject = QLineEdit()
        self.document = QLineEdit()
        self.document.setReadOnly(True)
        browse = QPushButton(self.tr("Choose the document…"))
        browse.clicked.connect(self.choose_document)
        document_row = QHBoxLayout()
        document_row.addWidget(self.document, 1)
        document_row.addWidget(browse)
        self.issue_button = QPushButton(self.tr("Issue and sign"))
        self.issue_button.clicked.connect(self.issue)
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.clicked.connect(self.print_certificate)
        self.issue_message = QLabel()
        self.issue_message.setWordWrap(True)
        issue_box = QGroupBox(self.tr("Issue a certificate"))
        form = QFormLayout(issue_box)
        form.addRow(self.tr("Type"), self.kind)
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Document"), document_row)
        actions = QHBoxLayout()
        for button in (self.issue_button, self.save_button, self.print_button):
            actions.addWidget(button)
        form.addRow(actions)
        form.addRow(self.issue_message)
        # Verifying.
        self.qr_text = QLineEdit()
        self.qr_text.setPlaceholderText(self.tr("Paste the text of the QR code (AT1:…)"))
        self.qr_text.returnPressed.connect(self.verify_text)
        verify_text = QPushButton(self.tr("Verify"))
        verify_text.clicked.connect(self.verify_text)
        verify_file = QPushButton(self.tr("Verify a file…"))
        verify_file.clicked.connect(self.choose_and_verify)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-weight: bold;")
        self.checks = QLabel()
        self.checks.setWordWrap(True)
        verify_box = QGroupBox(self.tr("Verify a certificate"))
        verify_layout = QVBoxLayout(verify_box)
        row = QHBoxLayout()
        row.addWidget(self.qr_text, 1)
        row.addWidget(verify_text)
        row.addWidget(verify_file)
        verify_layout.addLayout(row)
        verify_layout.addWidget(self.verdict)
        verify_layout.addWidget(self.checks)
        # Issued here.
        self.issued = QListWidget()
        self.issued.setWordWrap(True)
        self.revoke_button = QPushButton(self.tr("Revoke…"))
        self.revoke_button.clicked.connect(self.revoke)
        issued_box = QGroupBox(self.tr("Issued by this commune"))
        issued_layout = QVBoxLayout(issued_box)
        issued_layout.addWidget(self.issued)
        issued_layout.addWidget(self.revoke_button)
        left = QVBoxLayout()
        left.addWidget(issue_box)
        left.addWidget(verify_box)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(issued_box, 2)
        self._can_print(False)

    def refresh(self) -> None:
        self.worker.submit(_issued_list, self._listed)

    def _listed(self, rows: list[dict[str, Any]]) -> None:
        self.issued.clear()
        for row in rows:
            when = time.strftime("%d/%m/%Y", time.localtime(row["issued"]))
            text = f"{row['type']} — {row['subject']} ({when})"
            if row["revoked"]:
                text += " · " + self.tr("cancelled")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.issued.addItem(item)

    # --- issuing ----------------------------------------------------------------------------

    def choose_document(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the document to attest"))
        if path:
            self.document.setText(path)

    def issue(self) -> None:
        kind, subject = self.kind.currentText().strip(), self.subject.text().strip()
        document = Path(self.document.text()) if self.document.text() else None
        if not kind or not subject or document is None:
            self.issue_message.setText(self.tr("Give the type, the subject and the document."))
            return
        self.issue_message.setText(self.tr("Signing…"))
        self.worker.submit(lambda node: _issue(node, kind, subject, document),
                           self._issued, self._issue_failed)  # fmt: skip

    def _issued(self, result: tuple[Issued, dict[str, str]]) -> None:
        self.last = result
        self.issue_message.setText(
            self.tr("Signed. Save it as a PDF or print it for the person concerned.")
        )
        self._can_print(True)
        self.refresh()

    def _issue_failed(self, error: BaseException) -> None:
        self.issue_message.setText(user_message(error))

    def _can_print(self, can: bool) -> None:
        self.save_button.setEnabled(can)
        self.print_button.setEnabled(can)

    def save_pdf(self) -> None:
        if self.last is None:
            return
        issued, fields = self.last
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the certificate"), f"{fields['subject']}.pdf", "PDF (*.pdf)"
        )
        if path:
            certificate.save_pdf(Path(path), fields, issued.qr_text)
            self.issue_message.setText(self.tr("Saved: %1").replace("%1", path))

    def print_certificate(self) -> None:
        if self.last is None:
            return
        issued, fields = self.last
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            certificate.render(printer, fields, issued.qr_text)

    # --- verifying --------------------------------------------------------------------------

    def verify_text(self) -> None:
        text = self.qr_text.text().strip()
        if not text:
            return
        self.worker.submit(
            lambda node: certificates.verify(node, from_qr_text(text)).as_dict(),
            self._verdict,
            self._verify_failed,
        )

    def choose_and_verify(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a photo, a PDF of the certificate, or the document")
        )
        if path:
            self.verify_file(Path(path))

    def verify_file(self, path: Path) -> None:
        self.verdict.setText(self.tr("Reading the file…"))
        self.worker.submit(lambda node: _verify_file(node, path), self._verdict,
                           self._verify_failed)  # fmt: skip

    def _verdict(self, verdict: dict[str, Any]) -> None:
        self.verdict.setText(self.outcomes.get(verdict["outcome"], verdict["outcome"]))
        lines = [("✔ " if c["ok"] else "✘ ") + c["detail"] for c in verdict["checks"]]
        if verdict.get("subject"):
            lines.insert(0, f"{verdict.get('type')} — {verdict.get('subject')}")
        self.checks.setText("\n".join(lines))

    def _verify_failed(self, error: BaseException) -> None:
        self.verdict.setText(user_message(error))
        self.checks.clear()

    # --- revoking ---------------------------------------------------------------------------

    def revoke(self) -> None:
        item = self.issued.currentItem()
        if item is None:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Revoke the certificate"), self.tr("Reason (shown to whoever checks it)")
        )
        if not ok or not reason.strip():
            return
        att = bytes(item.data(Qt.ItemDataRole.UserRole))

        def run(node: Node) -> bytes:
            tx = certificates.revoke(node, att, reason.strip())
            node.seal()  # a revocation goes out at once
            return tx

        self.worker.submit(run, lambda _tx: self.refresh(), self._issue_failed)
