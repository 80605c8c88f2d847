"""What a one-file check keeps on disk besides the packs (the shipped YAML data, the
profiles, the compiled grammars): a hit gives what a fresh read gives, and a changed or
damaged entry is a miss that is rebuilt, never an error."""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from checker.cache import cached_lark, cached_yaml
from checker.engine import pack_cache, profiles
from checker.parse.structure import display_width
from checker.report.escape import cleaned
from checker.resources import RULES_DIR


def _refuse_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the YAML was parsed again")

    monkeypatch.setattr(yaml, "load", refuse)


def test_yaml_data_comes_from_the_cache_the_second_time(cache, tmp_path, monkeypatch):
    source = tmp_path / "words.yaml"
    source.write_text("labels:\n  pass: {zh: 通过, en: pass}\nlist: [1, 2.5, 是]\n",
                      encoding="utf-8")
    first = cached_yaml(source)
    assert first == {"labels": {"pass": {"zh": "通过", "en": "pass"}}, "list": [1, 2.5, "是"]}
    _refuse_yaml(monkeypatch)
    assert cached_yaml(source) == first


def test_changed_yaml_is_read_again(cache, tmp_path):
    source = tmp_path / "words.yaml"
    source.write_text("a: 1\n", encoding="utf-8")
    assert cached_yaml(source) == {"a": 1}
    source.write_text("a: 2\n", encoding="utf-8")
    assert cached_yaml(source) == {"a": 2}


def test_a_damaged_yaml_entry_is_rebuilt(cache, tmp_path, monkeypatch):
    source = tmp_path / "words.yaml"
    source.write_text("a: [x, y]\n", encoding="utf-8")
    cached_yaml(source)
    (entry,) = cache.glob("yaml-words-*.pickle")
    entry.write_bytes(b"\x80\x05not a pickle")
    assert cached_yaml(source) == {"a": ["x", "y"]}
    _refuse_yaml(monkeypatch)  # and the entry was written anew
    assert cached_yaml(source) == {"a": ["x", "y"]}


def test_no_cache_folder_still_reads(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETLINT_NO_CACHE", "1")
    source = tmp_path / "words.yaml"
    source.write_text("a: 1\n", encoding="utf-8")
    assert cached_yaml(source) == {"a": 1}
    assert not list(tmp_path.glob("**/*.pickle"))


def test_a_cached_value_follows_its_files(cache, tmp_path):
    source = tmp_path / "one.txt"
    source.write_text("1", encoding="utf-8")
    builds: list[int] = []

    def build() -> int:
        builds.append(1)
        return int(source.read_text(encoding="utf-8"))

    def valid(value: object) -> bool:
        return isinstance(value, int)

    assert pack_cache.cached_value("number", [source], build, valid) == 1
    assert pack_cache.cached_value("number", [source], build, valid) == 1
    assert len(builds) == 1
    source.write_text("2", encoding="utf-8")
    assert pack_cache.cached_value("number", [source], build, valid) == 2
    assert len(builds) == 2
    (entry,) = cache.glob("number-*.pickle")
    entry.write_bytes(entry.read_bytes()[:-5])  # truncated by a crash
    assert pack_cache.cached_value("number", [source], build, valid) == 2
    assert len(builds) == 3
    # An entry of the wrong shape (written by other code) is refused by ``valid``.
    assert pack_cache.cached_value("number", [source], build,
                                   lambda value: isinstance(value, str)) == 2
    assert len(builds) == 4


def test_cached_profiles_equal_the_packs_read_afresh(cache):
    profiles.shipped_profiles.cache_clear()
    try:
        first = profiles.shipped_profiles()
        profiles.shipped_profiles.cache_clear()
        again = profiles.shipped_profiles()
    finally:
        profiles.shipped_profiles.cache_clear()
    fresh = tuple(profiles.profiles_in(RULES_DIR))
    assert first == again == fresh
    assert list(cache.glob("profiles-*.pickle"))
    assert any(p.generic for p in again) and len(again) >= 5


GRAMMAR = """
start: NUMBER ("+" NUMBER)*
%import common.NUMBER
%ignore " "
"""


def test_a_grammar_is_compiled_once_and_loaded_after(cache):
    parser = cached_lark("sum", GRAMMAR, parser="lalr")
    (entry,) = cache.glob("sum-*.lark-cache")
    again = cached_lark("sum", GRAMMAR, parser="lalr")
    assert str(again.parse("1 + 2 + 3")) == str(parser.parse("1 + 2 + 3"))
    assert [str(t) for t in again.parse("4+5").children] == ["4", "5"]
    # A changed grammar has an entry of its own; the old one is never read for it.
    cached_lark("sum", GRAMMAR + '%ignore "\\t"\n', parser="lalr")
    assert len(list(cache.glob("sum-*.lark-cache"))) == 2
    assert entry.exists()


def test_a_damaged_grammar_entry_is_rebuilt(cache):
    cached_lark("sum", GRAMMAR, parser="lalr")
    (entry,) = cache.glob("sum-*.lark-cache")
    entry.write_bytes(b"garbage\n")
    parser = cached_lark("sum", GRAMMAR, parser="lalr")
    assert [str(t) for t in parser.parse("7 + 8").children] == ["7", "8"]
    assert not list(cache.glob(".sum-*.tmp"))  # no temporary left behind


@dataclass
class _Finding:
    message: str
    lines: list[str] = field(default_factory=list)
    notes: dict[str, tuple[str, ...]] = field(default_factory=dict)


def test_cleaned_removes_control_characters_without_touching_the_report():
    report = _Finding("ok", ["a", "b\x1b[2Kc\r"], {"n": ("d", "e\x07")})
    clean = cleaned(report)
    assert clean == _Finding("ok", ["a", "bc"], {"n": ("d", "e")})
    assert report.lines == ["a", "b\x1b[2Kc\r"] and report.notes == {"n": ("d", "e\x07")}
    tidy = _Finding("ok", ["a"], {"n": ("d",)})
    assert cleaned(tidy) is tidy  # nothing to remove: nothing copied


@pytest.mark.parametrize("text", [
    "部门预算", "ABC 123", "（一）收入", "ｆｕｌｌ　width", "한국어 text", "ｶﾀｶﾅ half",
    "mixed 中文 and ascii ，。", "\u3000\u3001\u30fc\uff01\uff5e", "é ü ß",
])
def test_display_width_counts_wide_characters_twice(text):
    expected = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    assert display_width(text) == expected
    assert display_width(text) == expected  # and again, from the filled table


def test_a_one_file_check_imports_no_yaml_reader_with_a_warm_cache(cache, tmp_path):
    """PyYAML, the pack loader's checks and the PDF layout readers stay unloaded when every
    cache entry is there (start-up)."""
    import subprocess

    fixture = Path(__file__).parent / "fixtures" / "002_24fbb779d4aea8e6.txt"
    probe = ("import runpy, sys\n"
             "sys.argv = ['budgetlint', 'check', sys.argv[1]]\n"
             "try:\n    runpy.run_module('checker', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "names = ('yaml', 'jsonschema', 'checker.engine.semantic',"
             " 'checker.read.pdf_layout')\n"
             "print(','.join(n for n in names if n in sys.modules), file=sys.stderr)\n")
    runs = [subprocess.run([sys.executable, "-c", probe, str(fixture)], capture_output=True,
                           text=True, cwd=tmp_path) for _ in range(2)]
    assert "yaml" in runs[0].stderr.splitlines()[-1]  # the first run filled the cache
    assert runs[1].stderr.splitlines()[-1] == ""
