"""The statement kinds' shortcuts (issue #12) answer what the plain scans answer: a table's
rows by name or code from an index built once per table, and a statement's figure from its
科目 paragraph's statements grouped once."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.kinds._context import norm
from checker.kinds._statements import strict_rows
from checker.kinds.statement_table import ROLES, _figure, _paragraphs
from checker.model.ast import Document, Row, Statement, Table
from checker.parse.lookup import label_key
from checker.parse.parser import parse_file

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = [*sorted(FIXTURES.glob("0*.txt")), FIXTURES / "real" / "js_renda_2018_dept_budget.pdf"]


@pytest.fixture(scope="module", params=DOCS, ids=[p.name[:12] for p in DOCS])
def doc(request: pytest.FixtureRequest) -> Document:
    return parse_file(request.param)


def _plain_rows(table: Table, key: str, *, keep_blank: bool = False) -> list[Row]:
    group = None
    if ":" in key:
        group, key = key.split(":", 1)
        if not table.groups:
            group = None
    wanted = label_key(key)
    return [r for r in table.rows
            if (group is None or norm(r.group or "") == norm(group))
            and (r.code == norm(key) or label_key(r.label) == wanted)
            and (keep_blank or any(v is not None for v in r.values))]


def test_rows_by_name_are_the_plain_scans(doc: Document) -> None:
    found = 0
    for table in doc.tables:
        keys = {"不存在的行", "合计", "总计", "收入:总计", "支出:合计"}
        for row in table.rows:
            keys |= {row.label, f"(1){row.label}", row.code or "",
                     f"{row.group or ''}:{row.label}"}
        for key in sorted(keys):
            for keep_blank in (False, True):
                rows = strict_rows(table, key, keep_blank=keep_blank)
                assert rows == _plain_rows(table, key, keep_blank=keep_blank), key
                found += len(rows)
    assert found > 0 or not any(t.rows for t in doc.tables)  # 000: its tables lost cells


def test_the_index_follows_a_table_whose_rows_change(doc: Document) -> None:
    table = next((t for t in doc.tables if t.rows), None)
    if table is None:
        pytest.skip("no table rows in this document")
    label = table.rows[0].label
    before = strict_rows(table, label, keep_blank=True)
    table.rows.append(table.rows[0])
    try:
        assert strict_rows(table, label, keep_blank=True) == [*before, table.rows[0]]
    finally:
        table.rows.pop()
    assert strict_rows(table, label, keep_blank=True) == before


def _plain_figure(s: Statement, index: int, every: list[Statement], roles: list[str]
                  ) -> tuple[object, Statement, str]:
    for role in roles:
        if role in s.numbers:
            return s.numbers[role], s, role
        for own in every:
            if own.item == index and role in own.numbers:
                return own.numbers[role], own, role
    return None, s, ""


def test_figures_are_the_plain_scans(doc: Document) -> None:
    every = doc.statements
    paragraphs = _paragraphs(every)
    owned = 0
    for roles in (["amount"], ["budget", "amount"], ["final", "budget"], list(ROLES)):
        for index, s in enumerate(every):
            fast = _figure(s, paragraphs.get(index, []), roles)
            plain = _plain_figure(s, index, every, roles)
            assert fast[0] == plain[0] and fast[1] is plain[1] and fast[2] == plain[2]
            owned += bool(paragraphs.get(index))
    # statements with a paragraph of their own were compared (when the document has any)
    assert owned > 0 or not any(s.item is not None for s in every)
