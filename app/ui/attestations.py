"""The attestation office, in four tabs named as the clerk says them: issue, verify, correct
or cancel, and the lists of trust and cancellations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.core.attestations import certificates
from app.core.attestations.verdict import Verdict
from app.core.errors import NotFound, ObambuError
from app.core.node.node import Node
from app.ui.attest_issue import IssuePanel
from app.ui.attest_manage import ManagePanel
from app.ui.attest_trust import TrustPanel
from app.ui.attest_verify import Query, VerifyPanel, data_from_file
from app.ui.operations import QueryOp
from app.ui.worker import Worker


def verify_here(node: Node, query: Query) -> Verdict:
    """A town hall checks against its own ledger: a number or a document is looked up there."""
    kind, value = query
    with node.overlay():
        if kind == "number":
            data = certificates.find_by_number(node, str(value))
        elif kind == "file":
            path = Path(value)
            try:
                data = data_from_file(path)
            except ObambuError as unread:  # no QR code in it: maybe the attested document itself
                data = _attested_file(node, path, unread)
        else:
            data = bytes(value)
        return certificates.verify(node, data)


def _attested_file(node: Node, path: Path, unread: ObambuError) -> bytes:
    """The attestation of the document itself, found by its hash; if there is none, the reason
    the file was not read as a photo, unless it was not a photo at all."""
    if unread.code == "scan_unreadable":
        raise unread
    try:
        return certificates.find_by_file(node, path)
    except NotFound:
        if unread.code in ("no_qr_in_file", "scan_unknown_format"):
            raise  # a document, not a photo: "no attestation of it is known here"
        raise unread from None  # a photo, damaged or too large: say that
    except OSError:
        raise unread from None


class AttestationsPage(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.issue = IssuePanel(worker)
        self.verify = VerifyPanel(self._check, worker)
        self.manage = ManagePanel(worker)
        self.trust = TrustPanel(worker)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.issue, self.tr("Issue an attestation"))
        self.tabs.addTab(self.verify, self.tr("Verify an attestation"))
        self.tabs.addTab(self.manage, self.tr("Correct, replace or cancel"))
        self.tabs.addTab(self.trust, self.tr("Trust lists and cancellations"))
        self.tabs.currentChanged.connect(lambda _n: self.refresh())
        QVBoxLayout(self).addWidget(self.tabs)

    def _check(
        self,
        query: Query,
        done: Callable[[Verdict], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        QueryOp(self, self.worker, lambda node: verify_here(node, query), done).failure(
            failed
        ).run_in_background()

    def refresh(self) -> None:
        self.issue.refresh()
        self.manage.refresh()
        self.trust.refresh()
