"""A stick that brings a member's first key and then that member's transactions: the workers
check those transactions too (issue 21, a stick import end to end). A feed's first blocks name
its members' keys; the workers' snapshot, taken as the import starts, lacks them, so each page
goes out with the keys the store took since, and none before the first page is applied."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.ledger.txtypes import TxType
from app.sync import intake
from app.sync.export import export


def _deputy_s_stick(net: Any, stick: Path, posts: int) -> None:
    """Ambam names a deputy (one block, the key in it), then the deputy posts once a block."""
    a = net.nodes[0]
    deputy = a.add_member("Adjoint", "deputy")
    a.seal()
    for n in range(posts):
        a.submit(TxType.FORUM_THREAD, {"title": f"Sujet {n}", "body": "Lu."}, actor=deputy)
        a.seal()
    stick.mkdir()
    export(a, stick)


def test_the_workers_check_the_transactions_of_a_member_the_import_brings(
    net: Any, tmp_path: Path
) -> None:
    a, b, _ = net.nodes
    posts = intake.APPLY_BATCH + 2 * intake.GROUP_BLOCKS
    _deputy_s_stick(net, tmp_path / "stick", posts)

    report = intake.stage(b, tmp_path / "stick")
    staged = int(b.store.value("SELECT count(*) FROM staged"))
    report = intake.apply_staged(b, report)

    assert b.heads()[a.commune] == a.heads()[a.commune]
    assert report.quarantined == report.pending == 0
    # The first page (the deputy's key among it) is applied in place while the workers start;
    # every later block's signature and its one transaction's are the workers'.
    assert staged == posts + 1
    assert report.checked_apart == 2 * (staged - intake.GROUP_BLOCKS)
