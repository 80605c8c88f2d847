"""The regex programs and pattern analyses kept across runs (``checker.regex_cache``,
``checker.disk_memo``): what comes back from the cache is what ``re`` and the analyses
compute, and a damaged, foreign or disabled cache changes nothing but the time."""

from __future__ import annotations

import importlib
import marshal
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import checker
from checker import disk_memo, regex_cache
from checker.disk_memo import MISSING, DiskMemo, code_digest, is_word_groups, is_words, memoized
from checker.regex_cache import compile_re

FIXTURES = Path(__file__).parent / "fixtures"
ONE_FILE = FIXTURES / "001_42ec3e2d2e6a0311.txt"
ROOT = Path(__file__).resolve().parents[1]


def _package_patterns() -> list[re.Pattern[str]]:
    """Every compiled pattern a module of the package holds at its top level."""
    found: dict[tuple[object, int], re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(checker.__path__, "checker."):
        if info.name.startswith("checker.web") or info.name.endswith("__main__"):
            continue  # the web app needs its optional extra; __main__ would run the CLI
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, re.Pattern) and value.pattern is not None:
                found[(value.pattern, value.flags)] = value
    return list(found.values())


@pytest.fixture
def fresh_programs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DiskMemo:
    """``compile_re`` with an empty program memo in a folder of its own."""
    monkeypatch.setenv("BUDGETLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("BUDGETLINT_NO_CACHE", raising=False)
    memo = DiskMemo("regex-programs", "test")
    monkeypatch.setattr(regex_cache, "_PROGRAMS", memo)
    compile_re.cache_clear()  # the process's own memo of pattern objects
    return memo


def _reloaded(memo: DiskMemo) -> DiskMemo:
    """The memo as the next run reads it back from its file (with a fresh process's
    ``compile_re``)."""
    memo.save()
    compile_re.cache_clear()
    return DiskMemo(memo.name, "test")


def test_every_package_pattern_rebuilt_from_its_stored_program_equals_re(
        fresh_programs: DiskMemo, monkeypatch: pytest.MonkeyPatch) -> None:
    patterns = _package_patterns()
    assert len(patterns) > 150
    for pattern in patterns:  # a miss: compiled, its program stored
        assert compile_re(pattern.pattern, pattern.flags) == re.compile(pattern.pattern,
                                                                         pattern.flags)
    reread = _reloaded(fresh_programs)
    monkeypatch.setattr(regex_cache, "_PROGRAMS", reread)
    for pattern in patterns:  # a hit: rebuilt from the stored program
        assert reread.get((pattern.pattern, int(pattern.flags))) is not MISSING
        rebuilt = compile_re(pattern.pattern, pattern.flags)
        # Pattern equality compares the pattern, the flags and the compiled program.
        assert rebuilt == re.compile(pattern.pattern, pattern.flags)
        assert rebuilt.groupindex == pattern.groupindex
        assert rebuilt.groups == pattern.groups


def test_a_rebuilt_pattern_matches_as_re_does(fresh_programs: DiskMemo,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    source = r"(?P<year>(?:19|20)\d{2})年度?(?P<unit>[\u4e00-\u9fff]{2,8})(?:预算|决算)"
    compile_re(source)
    monkeypatch.setattr(regex_cache, "_PROGRAMS", _reloaded(fresh_programs))
    rebuilt = compile_re(source)
    text = "福建省2024年度某某中心部门预算，2023年某某局决算"
    assert [m.groupdict() for m in rebuilt.finditer(text)] == [
        m.groupdict() for m in re.finditer(source, text)]
    assert [m["unit"] for m in rebuilt.finditer(text)] == ["某某中心部门", "某某局"]


def test_flags_are_part_of_the_key(fresh_programs: DiskMemo) -> None:
    plain, folded = compile_re("abc"), compile_re("abc", re.I)
    assert plain.flags != folded.flags
    assert folded.search("xABCx") and not plain.search("xABCx")


def test_a_bad_pattern_raises_res_own_error(fresh_programs: DiskMemo) -> None:
    with pytest.raises(re.error, match="missing \\)"):
        compile_re("(abc")
    assert fresh_programs.get(("(abc", 0)) is MISSING


def test_a_damaged_stored_program_is_compiled_anew(fresh_programs: DiskMemo) -> None:
    fresh_programs.put((r"\d+元", 0), (0, [1, 2, 3, 99999], 0, {}, (None,)))
    assert compile_re(r"\d+元") == re.compile(r"\d+元")
    assert fresh_programs.get((r"\d+元", 0)) != (0, [1, 2, 3, 99999], 0, {}, (None,))


def test_a_damaged_memo_file_is_an_empty_memo(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETLINT_CACHE_DIR", str(tmp_path))
    memo = DiskMemo("words", "v1")
    memo.put("a", ("b",))
    memo.save()
    (path,) = tmp_path.glob("words-*.marshal")
    path.write_bytes(b"\x00garbage" + path.read_bytes()[:5])
    again = DiskMemo("words", "v1")
    assert again.get("a") is MISSING
    again.put("a", ("c",))
    again.save()
    assert marshal.loads(path.read_bytes()) == {"a": ("c",)}


def test_a_memo_for_other_code_or_another_python_is_another_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETLINT_CACHE_DIR", str(tmp_path))
    one = tmp_path / "one.py"
    one.write_text("x = 1\n")
    first = DiskMemo("words", code_digest([one]))
    first.put("k", 1)
    first.save()
    one.write_text("x = 2\n")
    second = DiskMemo("words", code_digest([one]))
    assert second.get("k") is MISSING
    assert first.tag != second.tag
    assert f"{sys.hexversion:x}" in first.tag
    assert code_digest([tmp_path / "missing.py"]) == ""
    assert DiskMemo("words", "")._path() is None  # unreadable code: no memo at all


def test_no_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("BUDGETLINT_NO_CACHE", "1")
    memo = DiskMemo("words", "v1")
    memo.put("a", 1)
    memo.save()
    assert memo.get("a") == 1  # still a memo within the run
    assert list(tmp_path.iterdir()) == []


def test_a_memo_over_its_limit_keeps_only_what_this_run_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETLINT_CACHE_DIR", str(tmp_path))
    old = DiskMemo("words", "v1")
    for key in "abcd":
        old.put(key, key.upper())
    old.save()
    (path,) = tmp_path.glob("words-*.marshal")
    assert marshal.loads(path.read_bytes()) == {"a": "A", "b": "B", "c": "C", "d": "D"}
    monkeypatch.setattr(disk_memo, "MEMO_LIMIT", 3)
    run = DiskMemo("words", "v1")
    assert run.get("b") == "B"
    run.put("e", "E")
    run.save()
    assert marshal.loads(path.read_bytes()) == {"b": "B", "e": "E"}


def test_memoized_computes_once_across_runs(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETLINT_CACHE_DIR", str(tmp_path))
    calls: list[str] = []

    def words(text: str) -> tuple[str, ...]:
        calls.append(text)
        return tuple(text.split())

    memo = DiskMemo("split", "v1")
    assert memoized(memo, is_words)(words)("a b") == ("a", "b")
    # a new process's function: the memo
    assert memoized(memo, is_words)(words)("a b") == ("a", "b")
    memo.save()
    # the next run
    assert memoized(DiskMemo("split", "v1"), is_words)(words)("a b") == ("a", "b")
    assert calls == ["a b"]


def test_a_stored_value_of_the_wrong_shape_is_computed_anew(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETLINT_CACHE_DIR", str(tmp_path))
    memo = DiskMemo("split", "v1")
    memo.put("a b", "ab")  # a string where words belong
    memo.put("c", (("c",),))
    assert memoized(memo, is_words)(lambda text: tuple(text.split()))("a b") == ("a", "b")
    assert memo.get("a b") == ("a", "b")
    assert is_word_groups(memo.get("c")) and not is_words(memo.get("c"))


def _check(cache: Path) -> subprocess.CompletedProcess[str]:
    env = {"BUDGETLINT_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT), "CI": "true",
           "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "checker", "check", str(ONE_FILE)],
                          capture_output=True, text=True, env=env, check=False)


def test_runs_with_an_empty_a_warm_and_a_damaged_cache_report_the_same(
        tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = _check(cache)
    assert cold.returncode in (0, 1), cold.stderr
    memos = sorted(cache.glob("regex-*.marshal"))
    assert {p.name.split("-cpython")[0] for p in memos} >= {
        "regex-programs", "regex-literals", "regex-pieces"}
    programs = next(p for p in memos if p.name.startswith("regex-programs"))
    assert len(marshal.loads(programs.read_bytes())) > 100
    warm = _check(cache)
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout,
                                                           cold.stderr)
    for memo in memos:
        memo.write_bytes(b"not marshal data")
    damaged = _check(cache)
    assert (damaged.returncode, damaged.stdout, damaged.stderr) == (
        cold.returncode, cold.stdout, cold.stderr)
    assert len(marshal.loads(programs.read_bytes())) > 100  # written anew


def test_a_memo_is_written_back_where_it_was_read(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    first, later = tmp_path / "first", tmp_path / "later"
    monkeypatch.setenv("BUDGETLINT_CACHE_DIR", str(first))
    memo = DiskMemo("words", "v1")
    memo.put("a", 1)
    monkeypatch.setenv("BUDGETLINT_CACHE_DIR", str(later))  # e.g. a test's folder undone
    memo.save()
    assert [p.name.startswith("words-") for p in first.iterdir()] == [True]
    assert not later.exists()


def test_repeated_calls_give_one_pattern_object(fresh_programs: DiskMemo) -> None:
    assert compile_re(r"(\d+)万元") is compile_re(r"(\d+)万元")
    assert compile_re(r"(\d+)万元") is not compile_re(r"(\d+)万元", re.M)
