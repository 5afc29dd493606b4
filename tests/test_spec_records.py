"""docs/spec/records.md names transaction types by code and name, and the reference verifier
(verifier/keys.mjs) by name and code: both must be the registry's (app/core/ledger/txtypes.py),
or a reader would apply a rule to the wrong type."""

from __future__ import annotations

import re
from pathlib import Path

from app.core.ledger.txtypes import TxType

ROOT = Path(__file__).resolve().parent.parent
NAMED = re.compile(r"\b(\d{1,2}) ([A-Z][A-Z_]+[A-Z])\b")


def test_every_type_records_md_names_has_the_registry_s_code() -> None:
    text = (ROOT / "docs" / "spec" / "records.md").read_text(encoding="utf-8")
    # A type's name has an underscore, or is one of the registry's ("21 BALLOT"); "UTF-8 JSON"
    # is not one.
    named = {
        (int(code), name)
        for code, name in NAMED.findall(text)
        if "_" in name or name in TxType.__members__
    }
    assert len(named) >= 20  # the tables of who may sign, and what changes a key
    assert {(code, TxType(code).name) for code, _ in named} == named


def test_the_reference_verifier_s_codes_are_the_registry_s() -> None:
    text = (ROOT / "verifier" / "keys.mjs").read_text(encoding="utf-8")
    table = text[text.index("export const T = {") : text.index("}", text.index("export const T"))]
    codes = dict(re.findall(r"(\w+): (\d+),", table))
    assert len(codes) >= 20
    assert {name: int(code) for name, code in codes.items()} == {
        name: int(TxType[name]) for name in codes
    }
