"""Checking a record folder from scratch, whichever it holds: a vote's (`record.py`) or a
sitting's (`sitting.py`). A module of its own because the sitting's record is written with
`record.write()`: the dispatch in `record.py` made the two import each other."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.core.audit import record as record_module
from app.core.audit import sitting
from app.core.audit.replay import replay
from app.core.errors import Rejected
from app.core.ledger.objects import parse_tx


def check(folder: Path) -> Any:
    """Checks a vote's or a sitting's record folder from scratch: what it proved (Checked, or
    sitting.Checked), or Rejected with the first thing that fails."""
    try:
        index = json.loads((folder / "record.json").read_text(encoding="utf-8"))
        record = index["record"]
        genesis = (folder / record["genesis"]).read_bytes()
        blocks = [(folder / "blocks" / f"{b}.cbor").read_bytes() for b in record["blocks"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise Rejected(
            "audit_record_unreadable",
            f"This folder is not a complete vote or sitting record ({exc}).",
        ) from exc
    if record.get("format") not in (record_module.FORMAT, sitting.FORMAT):
        raise Rejected("audit_record_unreadable", "This folder is not a vote or sitting record.")
    with replay(genesis, blocks) as done:
        if done.network_id.hex() != record["network_id"]:
            raise Rejected(
                "audit_other_network", "The record's genesis is not the network it names."
            )
        store = done.ledger.store
        for value in record.values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and "file" in item:
                    record_module.need_in_block(store, folder, item)
        if record["format"] == sitting.FORMAT:
            return sitting.check(folder, record, done)
        vote = bytes.fromhex(record["vote"])
        body = parse_tx((folder / record["open"]["file"]).read_bytes()).body
        return record_module.count_vote(
            done.ledger, vote, record, body, done.network_id.hex(), done.blocks
        )
