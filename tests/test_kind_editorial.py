from kindkit import doc, part, run, section, statuses


def _doc(*texts: str, title: str = "2025年度单位预算情况说明"):
    return doc(parts=[part(title, section("预算收支总体情况", *texts))])


def test_duplicate_words():
    results = run("editorial", _doc("主要原因是上年结余结余增加。"), check="duplicate_words")
    assert statuses(results) == ["fail"]
    assert results[0].evidence[0].found == "结余结余"
    assert statuses(run("editorial", _doc("主要原因是上年结余增加。"),
                        check="duplicate_words")) == ["pass"]


def test_duplicate_allow_list():
    assert statuses(run("editorial", _doc("人人参保。"), check="duplicate_words",
                        allow=["人人"])) == ["pass"]


def test_placeholders():
    args = {"check": "placeholders", "patterns": ["(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])", "某某"]}
    assert statuses(run("editorial", _doc("XX局负责某某工作。"), **args)) == ["fail", "fail"]
    assert statuses(run("editorial", _doc("示例局负责XXL码衣服。"), **args)) == ["pass"]


def test_year_mismatch_in_titles():
    args = {"check": "year_mismatch", "where": "titles",
            "patterns": [r"(?P<year>20\d{2})年度?(?:单位|部门)?(?:预算|决算)"]}
    assert statuses(run("editorial", _doc("x", title="2025年度单位预算情况说明"),
                        **args)) == ["pass"]
    results = run("editorial", _doc("x", title="2024年度单位预算情况说明"), **args)
    assert statuses(results) == ["fail"]
    assert results[0].evidence[0].found == "2024"
