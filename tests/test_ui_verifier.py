"""The verify-only window of a gendarmerie: no profile, a kit loaded from the stick, and the
attestations of the network checked from their printed PDF."""

from __future__ import annotations

from app.core.attestations import certificates, kit
from app.core.attestations.certificates import Request
from app.ui import certificate
from app.ui.verifier import VerifierWindow
from app.ui.worker import Worker


def test_a_gendarmerie_loads_a_kit_and_checks_a_printed_attestation(qtbot, net, tmp_path) -> None:  # type: ignore[no-untyped-def]
    a = net.nodes[0]
    good = certificates.issue(a, Request("res", "Paul Ekani", born="1964"))
    bad = certificates.issue(a, Request("res", "Paul Ekeni", born="1964"))
    certificates.revoke(a, bad.id, "clerical_error")
    for issued, name in ((good, "good.pdf"), (bad, "bad.pdf")):
        certificate.save_pdf(tmp_path / name, certificates.to_print(a, issued.id))
    net.sync()
    kit.export(net.nodes[2], tmp_path / "stick")  # Campo writes it, after the sticks went round

    worker = Worker()
    window = VerifierWindow(worker, tmp_path / "gendarmerie")
    qtbot.addWidget(window)
    try:
        assert "No kit loaded" in window.about.text()
        window.panel.verify_file(tmp_path / "good.pdf")
        qtbot.waitUntil(lambda: window.panel.outcome.text() == "Could not verify", timeout=20_000)
        assert "Load the kit" in window.panel.status.text()
        window.load_kit(tmp_path / "stick")
        qtbot.waitUntil(lambda: "Kit from Campo" in window.about.text(), timeout=20_000)
        # The lists of Ambam (which issued papers) and of Campo (which wrote the kit): Bipindi,
        # which issued none, has no list yet.
        assert "2 town halls" in window.about.text()
        for name, outcome in (("good.pdf", "Authentic – not cancelled"), ("bad.pdf", "CANCELLED")):
            window.panel.outcome.clear()
            window.panel.verify_file(tmp_path / name)
            qtbot.waitUntil(lambda o=outcome: window.panel.outcome.text() == o, timeout=20_000)
        window.panel.input.setText(good.number)
        window.panel.verify_input()
        qtbot.waitUntil(
            lambda: "only be checked by a town hall" in window.panel.status.text(), timeout=20_000
        )
        kit.export(net.nodes[0], tmp_path / "other")  # a second kit merges with the first
        window.load_kit(tmp_path / "other")
        qtbot.waitUntil(lambda: "Kit from Ambam" in window.about.text(), timeout=20_000)
    finally:
        worker.stop()
    assert kit.load(tmp_path / "gendarmerie") is not None  # kept for the next start


def test_the_network_id_typed_at_the_first_load_anchors_the_kit(qtbot, net, tmp_path) -> None:  # type: ignore[no-untyped-def]
    a = net.nodes[0]
    kit.export(a, tmp_path / "stick")
    worker = Worker()
    window = VerifierWindow(worker, tmp_path / "gendarmerie")
    qtbot.addWidget(window)
    try:
        assert not window.network.isHidden()  # asked at the first load
        window.network.setText("00" * 32)  # mistyped: the kit is refused, nothing is kept
        window.load_kit(tmp_path / "stick")
        qtbot.waitUntil(lambda: "another network" in window.about.text(), timeout=20_000)
        assert kit.load(tmp_path / "gendarmerie") is None
        window.network.setText(
            certificates.network_line(a.network_id).split(": ")[-1]
        )  # as printed
        window.load_kit(tmp_path / "stick")
        qtbot.waitUntil(lambda: "Kit from Ambam" in window.about.text(), timeout=20_000)
        assert "Checked against the network id." in window.about.text()
        assert window.network.isHidden()
    finally:
        worker.stop()
    held = kit.load(tmp_path / "gendarmerie")
    assert held is not None and held.anchored


def test_a_paper_issued_after_the_kits_list_is_authentic_with_an_unknown_status(  # type: ignore[no-untyped-def]
    qtbot, net, tmp_path
) -> None:
    import time

    a = net.nodes[0]
    kit.export(a, tmp_path / "stick")
    listed = int(time.time())
    while int(time.time()) <= listed:  # issued in a later second than the kit's list
        time.sleep(0.05)
    later = certificates.issue(a, Request("res", "Anne Mvondo"))
    worker = Worker()
    window = VerifierWindow(worker, tmp_path / "gendarmerie")
    qtbot.addWidget(window)
    try:
        window.load_kit(tmp_path / "stick")
        qtbot.waitUntil(lambda: "Kit from Ambam" in window.about.text(), timeout=20_000)
        window.panel.input.setText(later.qr_text)
        window.panel.verify_input()
        qtbot.waitUntil(
            lambda: window.panel.outcome.text() == "Authentic – status unknown", timeout=20_000
        )
        assert "before this paper was issued" in window.panel.status.text()
    finally:
        worker.stop()
