from kindkit import doc, row, run, statuses, table

NOTE = "没有(?:使用)?.{0,30}(?:安排的|经费)"


def _fund_table(*, notes=None, value="0.00", cells_missing=False):
    rows = [] if cells_missing else [row("合计", value, value, "0.00")]
    return table("政府性基金预算拨款支出预算表", ["合计", "基本支出", "项目支出"], rows,
                 notes=notes, cells_missing=cells_missing)


def test_empty_table_with_note_passes():
    t = _fund_table(notes=["备注：本单位2025年没有使用政府性基金预算拨款安排的支出。"])
    assert statuses(run("empty_table", doc(tables=[t]), tables=["政府性基金支出表"],
                        note=NOTE)) == ["pass"]


def test_empty_table_without_note_fails():
    results = run("empty_table", doc(tables=[_fund_table()]), message="{table}无说明",
                  tables=["政府性基金支出表"], note=NOTE)
    assert statuses(results) == ["fail"]
    assert results[0].message == "政府性基金预算拨款支出预算表无说明"


def test_table_with_data_is_not_applicable():
    results = run("empty_table", doc(tables=[_fund_table(value="5.00")]),
                  tables=["政府性基金支出表"], note=NOTE)
    assert statuses(results) == ["not_applicable"]


def test_image_table_is_not_verifiable_even_with_note():
    t = _fund_table(cells_missing=True, notes=["本单位没有使用政府性基金预算拨款安排的支出"])
    assert statuses(run("empty_table", doc(tables=[t]), tables=["政府性基金支出表"],
                        note=NOTE)) == ["not_verifiable"]
