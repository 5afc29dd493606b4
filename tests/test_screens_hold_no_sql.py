"""The screens that moved their reads and writes into the domains' services and queries hold no
SQL, never reach the store through the node, and build no transaction body."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parent.parent / "app" / "ui"
CLEAN = [
    "attest_issue.py",
    "attest_manage.py",
    "attest_trust.py",
    "attest_verify.py",
    "certificate.py",
    "documents.py",
    "forum.py",
    "home.py",
    "network.py",
    "paper.py",
    "screenshots.py",
    "selftest.py",
    "settings.py",
]
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b.*\b(FROM|INTO|SET|WHERE)\b", re.S)


def _tree(name: str) -> ast.Module:
    return ast.parse((UI / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", CLEAN)
def test_no_sql_and_no_store_through_the_node(name: str) -> None:
    tree = _tree(name)
    sql = [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and SQL.search(n.value)
    ]
    store = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "store"]
    assert (sql, store) == ([], []), f"{name}: SQL at lines {sql}, node.store at lines {store}"


@pytest.mark.parametrize("name", CLEAN)
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


def test_the_sql_pattern_finds_sql() -> None:
    assert SQL.search("SELECT id FROM threads") and SQL.search("INSERT OR REPLACE INTO reads")
    assert not SQL.search("Select the stick") and not SQL.search("Delete this draft")
