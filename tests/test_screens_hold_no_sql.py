"""The screens read through the domains' queries and act through their services: no SQL, no
store reached through the node, no transaction type nor ledger internals under app/ui."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parent.parent / "app" / "ui"
SCREENS = sorted(p.name for p in UI.glob("*.py"))
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b.*\b(FROM|INTO|SET|WHERE)\b", re.S)


def _tree(name: str) -> ast.Module:
    return ast.parse((UI / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SCREENS)
def test_no_sql(name: str) -> None:
    sql = [
        n.lineno
        for n in ast.walk(_tree(name))
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and SQL.search(n.value)
    ]
    assert sql == [], f"{name}: SQL at lines {sql}"


@pytest.mark.parametrize("name", SCREENS)
def test_no_store_through_the_node(name: str) -> None:
    store = [
        n.lineno
        for n in ast.walk(_tree(name))
        if isinstance(n, ast.Attribute) and n.attr == "store"
    ]
    assert store == [], f"{name}: node.store at lines {store}"


@pytest.mark.parametrize("name", SCREENS)
def test_no_transaction_type_nor_ledger_internals(name: str) -> None:
    imported = {
        node.module
        for node in ast.walk(_tree(name))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not imported & {
        "app.core.ledger.txtypes",
        "app.core.ledger.ledger",
        "app.core.store.store",
    }


def test_the_checks_find_what_they_look_for() -> None:
    assert SQL.search("SELECT id FROM threads") and SQL.search("INSERT OR REPLACE INTO reads")
    assert not SQL.search("Select the stick") and not SQL.search("Delete this draft")
