"""Files handed over by someone else: a photo or a PDF to verify, a document to share.

Each is refused in one sentence, bounded in memory before it is decoded, and a refused document
leaves nothing in the store (issue 15, findings 6 and 7).
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

import PIL.Image
import pypdfium2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.attestations import scan
from app.core.errors import ObambuError
from app.core.node.node import Node
from app.ui.attestations import AttestationsPage
from tests.test_cli import PASS, ROOT, in_process_cli, ok, program, sentence

# --- files a person could be handed -------------------------------------------------------


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width` × `height` pixels and carries almost none: a bomb's header."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff" * 100)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def truncated_png() -> bytes:
    out = io.BytesIO()
    PIL.Image.effect_noise((400, 400), 64).save(out, "PNG")  # noise: no tiny compressed tail
    return out.getvalue()[: len(out.getvalue()) // 2]


def pdf_of(pages: int, width: float = 595, height: float = 842) -> bytes:
    document = pypdfium2.PdfDocument.new()
    for _ in range(pages):
        document.new_page(width, height)
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def ribbon_pdf() -> bytes:
    """A page as long as a road and thinner than a hair: small in area, endless on one side."""
    made = pdf_of(1, 1, 14_400)
    ribbon = made.replace(b"/MediaBox[ 0 0 1 14400]", b"/MediaBox[ 0 0 1000000000 0.001]")
    assert ribbon != made
    return ribbon


cli = in_process_cli  # the `obambu` command in this process, with the tests' passphrase


@pytest.fixture
def home(cli: Any, tmp_path: Path) -> Path:
    path = tmp_path / "home"
    ok(cli("--home", path, "init", "--commune", "Ambam", "--member", "Marie Ndongo"))
    return path


# --- attest verify --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("vide.png", b"", "empty, incomplete or damaged"),
        ("coupee.png", truncated_png(), "empty, incomplete or damaged"),
        ("geante.png", png_header(30_000, 30_000), "more than 40 million pixels"),
        ("grande.png", png_header(10_000, 10_000), "more than 40 million pixels"),
        ("texte.png", b"not an image at all", "neither a photo nor a PDF"),
        ("pages.pdf", pdf_of(1000), "This PDF has 1000 pages"),
        ("casse.pdf", b"%PDF-1.7\n garbage", "PDF file is damaged"),
    ],
)
def test_attest_verify_refuses_a_bad_file_in_one_sentence(
    cli: Any, home: Path, tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert said in sentence(cli("--home", home, "attest", "verify", "--image", path))


@pytest.mark.parametrize("command", [("attest", "verify", "--image"), ("doc", "add", "--file")])
def test_a_fifo_is_refused_without_waiting_for_it(
    home: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """A FIFO named like a photo: reading it would wait for ever (a timeout fails the test)."""
    fifo = tmp_path / "photo.jpg"
    os.mkfifo(fifo)
    result = program("--home", home, *command, fifo)
    assert result.returncode != 0
    err = result.stderr.decode()
    assert err.startswith("obambu: ") and err.count("\n") == 1 and "Traceback" not in err, err
    assert "not a photo, a scan or a PDF" in err or "not a file that can be shared" in err


def test_attest_verify_refuses_a_file_too_large_before_reading_it(
    cli: Any, home: Path, tmp_path: Path
) -> None:
    sparse = tmp_path / "scan.png"
    with sparse.open("wb") as file:
        file.truncate(scan.MAX_FILE_BYTES + 1)  # no byte written: only its size is looked at
    assert "larger than 64 MB" in sentence(
        cli("--home", home, "attest", "verify", "--image", sparse)
    )


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--payload", "", "not an Obambu attestation"),
        ("--payload", "AT1:", "nothing after AT1:"),
        ("--code", "", "not an attestation number"),
    ],
)
def test_attest_verify_with_an_empty_payload_or_code(
    cli: Any, home: Path, option: str, value: str, said: str
) -> None:
    assert said in sentence(cli("--home", home, "attest", "verify", option, value))


# The child reports its own high-water mark: wait4's ru_maxrss would also count the pages it
# shared with this (large) pytest process between fork and exec.
_MEASURED = """
import atexit, runpy, sys
def _peak():
    for row in open("/proc/self/status"):
        if row.startswith("VmHWM:"):
            sys.stderr.write("PEAK-KB " + row.split()[1] + "\\n")
atexit.register(_peak)
sys.argv = ["obambu", *sys.argv[1:]]
runpy.run_module("app.cli", run_name="__main__")
"""


def _peak(*argv: str | Path) -> tuple[int, str, float]:
    """Runs `obambu` as a program: exit code, stderr and its peak memory in MB."""
    env = {**os.environ, "OBAMBU_PASSPHRASE": PASS, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURED, *(str(a) for a in argv)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    lines = proc.stderr.decode().splitlines()
    peak = [int(row.split()[1]) for row in lines if row.startswith("PEAK-KB ")]
    assert peak, lines
    err = "".join(row + "\n" for row in lines if not row.startswith("PEAK-KB "))
    return proc.returncode, err, peak[-1] / 1024


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("mille-pages.pdf", pdf_of(1000)),  # every page drawn and kept: 2.8 GB, then MemoryError
        ("page-geante.pdf", pdf_of(1, 14_400, 14_400)),  # 200 inches square: 4.8 GB at 200 dpi
        ("bombe.png", png_header(30_000, 30_000)),
        ("ruban.pdf", ribbon_pdf()),  # 10⁹ points by 0.001: 2.7 GB as one strip of pixels
    ],
)
def test_attest_verify_stays_small_in_memory(
    home: Path, tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, err, peak_mb = _peak("--home", home, "attest", "verify", "--image", path)
    assert code == 2 and err.startswith("obambu: ") and "Traceback" not in err, err
    assert peak_mb < 400, f"{name}: {peak_mb:.0f} MB"


def test_a_big_pdf_page_is_drawn_smaller_and_still_read(tmp_path: Path) -> None:
    """The bound lowers the resolution of a huge page, it does not skip it."""
    from app.core.attestations.qrtext import to_qr_text
    from app.core.crypto.paper import qr_png

    code = PIL.Image.open(io.BytesIO(qr_png(to_qr_text(b"attestation de test"))))
    document = pypdfium2.PdfDocument.new()
    page = document.new_page(2000, 2000)  # 70 cm square: 24 Mpx at 200 dpi, drawn at less
    image = pypdfium2.PdfImage.new(document)
    image.set_bitmap(pypdfium2.PdfBitmap.from_pil(code.convert("RGB")))
    image.set_matrix(pypdfium2.PdfMatrix().scale(1200, 1200).translate(400, 400))
    page.insert_obj(image)
    page.gen_content()
    out = io.BytesIO()
    document.save(out)
    (tmp_path / "affiche.pdf").write_bytes(out.getvalue())
    assert scan.qr_texts(tmp_path / "affiche.pdf") == [to_qr_text(b"attestation de test")]


def test_the_verify_screen_says_a_damaged_photo_in_french(  # type: ignore[no-untyped-def]
    qtbot, ambam_worker, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui import i18n

    i18n.install(QApplication.instance(), "fr")  # type: ignore[arg-type]
    try:
        page = AttestationsPage(ambam_worker)
        qtbot.addWidget(page)
        photo = tmp_path / "photo.png"
        photo.write_bytes(truncated_png())
        page.verify.verify_file(photo)
        qtbot.waitUntil(lambda: page.verify.status.text() != "", timeout=20_000)
        assert page.verify.status.text().startswith("Cette image est vide, incomplète")
        page.verify.verify_file(tmp_path / "absent.png")  # gone since it was chosen
        gone = "Ce fichier ne peut pas être lu. Vérifiez qu'il est toujours là, puis réessayez."
        qtbot.waitUntil(lambda: page.verify.status.text() == gone, timeout=20_000)
    finally:
        i18n.install(QApplication.instance(), "en")  # type: ignore[arg-type]


# --- doc add --------------------------------------------------------------------------------


def _store(home: Path) -> tuple[int, int]:
    """(chunks held, database bytes): what a refused document must not change."""
    node = Node.open(home, PASS)
    try:
        chunks = int(node.store.value("SELECT count(*) FROM chunks"))
        node.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        node.close()
    return chunks, (home / "obambu.db").stat().st_size


@pytest.mark.parametrize("mib", [130, 1024])
def test_doc_add_of_a_file_too_large_stores_nothing(
    cli: Any, home: Path, tmp_path: Path, mib: int
) -> None:
    big = tmp_path / f"film-{mib}.mp4"
    with big.open("wb") as file:
        file.truncate(mib * 1024 * 1024)  # sparse: the size is refused before any byte is read
    before = _store(home)
    text = sentence(cli("--home", home, "doc", "add", "--file", big))
    assert f"This file is {mib:,} MiB; a shared document is at most 64 MiB" in text
    assert _store(home) == before
    listed = ok(cli("--home", home, "--json", "doc", "list")).json()
    assert listed == []


def test_a_document_refused_by_the_rules_leaves_no_chunk_behind(
    cli: Any, home: Path, tmp_path: Path
) -> None:
    report = tmp_path / "rapport.pdf"
    report.write_bytes(os.urandom(300_000))  # five chunks
    before = _store(home)
    text = sentence(cli("--home", home, "doc", "add", "--file", report, "--tag", "t" * 41))
    assert "tag" in text
    assert _store(home) == before
    doc = ok(cli("--home", home, "--json", "doc", "add", "--file", report)).created()
    assert _store(home)[0] == before[0] + 5
    out = tmp_path / "copie.pdf"
    ok(cli("--home", home, "doc", "get", "--id", doc, "--out", out))
    assert hashlib.sha256(out.read_bytes()).digest() == hashlib.sha256(report.read_bytes()).digest()


def test_doc_add_refuses_what_is_not_a_plain_file(cli: Any, home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dossier"
    folder.mkdir()
    before = _store(home)
    result = cli("--home", home, "doc", "add", "--file", folder)
    assert result.code != 0 and "Traceback" not in result.err
    assert _store(home) == before


def _seeds() -> list[bytes]:
    """A readable attestation QR code as PNG, JPEG, GIF, TIFF, BMP and PDF: what gets mutated."""
    from app.core.attestations.qrtext import to_qr_text
    from app.core.crypto.paper import qr_png

    image = PIL.Image.open(io.BytesIO(qr_png(to_qr_text(b"x" * 60)))).convert("L")
    made = []
    for kind in ("PNG", "JPEG", "GIF", "TIFF", "BMP", "PDF"):
        out = io.BytesIO()
        image.save(out, kind)
        made.append(out.getvalue())
    return made


SEEDS = _seeds()


@settings(max_examples=300, deadline=None)
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(st.tuples(st.integers(0, 1 << 20), st.binary(max_size=16)), max_size=6),
    cut=st.integers(0, 1 << 20) | st.none(),
)
def test_a_mangled_photo_or_pdf_gives_codes_or_a_sentence(
    seed: bytes, edits: list[tuple[int, bytes]], cut: int | None
) -> None:
    """What found a PDF page pdfium would not load (a PdfiumError traceback)."""
    data = bytearray(seed)
    for where, new in edits:
        at = where % (len(data) + 1)
        data[at : at + len(new)] = new
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "photo"
        path.write_bytes(bytes(data))
        try:
            texts = scan.qr_texts(path)
        except ObambuError as error:
            assert error.message.endswith(".") and error.code != "error"
        else:
            assert all(text.startswith("AT1:") for text in texts)
