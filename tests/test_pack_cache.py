"""The on-disk cache of validated packs: a hit returns the same pack, anything changed or
damaged is a miss, and a broken pack is never cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine import loader, pack_cache
from checker.engine.run import load_pack
from checker.errors import RuleFileError

PACK = """\
pack:
  name: town
  version: 0.1.0
  description: 本镇
  extends: [common]
rules:
  - id: TOWN-TEXT-001
    title: {title}
    severity: warning
    kind: text
    mode: absence
    patterns: ['厉行节约办一切事业']
    reference: 本镇通知
    message: "套话“{{found}}”"
"""


def _write(folder: Path, title: str = "不用套话") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "town.yaml"
    path.write_text(PACK.format(title=title), encoding="utf-8")
    return path


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("pack-*.pickle"))


def _title(pack: object) -> str:
    return next(r.title for r in pack.rules if r.id == "TOWN-TEXT-001")  # type: ignore[attr-defined]


def _count_validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Paths the loader really parsed (a cache hit parses nothing)."""
    seen: list[Path] = []
    real = loader._parse

    def counting(path: Path, text: str) -> loader._File:
        seen.append(path)
        return real(path, text)

    monkeypatch.setattr(loader, "_parse", counting)
    monkeypatch.setattr(loader, "_PARSED", {})
    return seen


def test_second_load_comes_from_the_cache_and_equals_the_first(cache, tmp_path, monkeypatch):
    path = _write(tmp_path / "packs")
    first = load_pack(path)
    assert len(_entries(cache)) == 1
    parsed = _count_validations(monkeypatch)
    second = load_pack(path)
    assert parsed == []
    assert second == first
    assert second.chain == ["town", "common", "statements"]


def test_a_corrupt_cache_file_is_ignored_and_rewritten(cache, tmp_path, monkeypatch):
    path = _write(tmp_path / "packs")
    expected = load_pack(path)
    (entry,) = _entries(cache)
    for damage in (b"", b"budgetlint-pack-cache\n\x80\x05garbage", b"not a cache at all"):
        entry.write_bytes(damage)
        parsed = _count_validations(monkeypatch)
        assert load_pack(path) == expected
        assert parsed  # rebuilt from the YAML
        assert entry.read_bytes().startswith(b"budgetlint-pack-cache\n")  # and rewritten


def test_changed_pack_content_invalidates(cache, tmp_path):
    path = _write(tmp_path / "packs", title="旧标题")
    assert _title(load_pack(path)) == "旧标题"
    _write(tmp_path / "packs", title="新标题")
    assert _title(load_pack(path)) == "新标题"


def test_changed_parent_pack_invalidates(cache, tmp_path):
    folder = tmp_path / "packs"
    parent = folder / "base.yaml"
    folder.mkdir()
    head = "pack: {name: %s, version: '1', description: d, %s}\n"
    parent.write_text(head % ("base", "tolerance: 0.05"), encoding="utf-8")
    child = folder / "child.yaml"
    child.write_text(head % ("child", "extends: [base]"), encoding="utf-8")
    assert str(load_pack(child).tolerance) == "0.05"
    parent.write_text(head % ("base", "tolerance: 0.5"), encoding="utf-8")
    assert str(load_pack(child).tolerance) == "0.5"


def test_a_new_file_shadowing_an_extended_pack_invalidates(cache, tmp_path):
    folder = tmp_path / "packs"
    path = _write(folder)
    assert load_pack(path).chain == ["town", "common", "statements"]
    # ``extends: [common]`` looks beside the pack first: a local common.yaml now wins.
    (folder / "common.yaml").write_text("pack: {name: localcommon, version: '1', description: d}\n",
                                        encoding="utf-8")
    assert load_pack(path).chain == ["town", "localcommon"]


def test_version_change_invalidates(cache, tmp_path, monkeypatch):
    path = _write(tmp_path / "packs")
    load_pack(path)
    assert pack_cache.load_cached(path.resolve()) is not None
    original = pack_cache.__version__
    monkeypatch.setattr(pack_cache, "__version__", "999.0.0")
    pack_cache.code_fingerprint.cache_clear()
    try:
        assert pack_cache.load_cached(path.resolve()) is None
    finally:
        monkeypatch.setattr(pack_cache, "__version__", original)
        pack_cache.code_fingerprint.cache_clear()
    assert pack_cache.load_cached(path.resolve()) is not None


def test_a_broken_pack_is_never_cached(cache, tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    path = folder / "broken.yaml"
    path.write_text("pack: {name: broken, version: '1', description: d}\n"
                    "rules:\n  - id: X\n    kind: nope\n", encoding="utf-8")
    for _ in range(2):  # reported every time, from the YAML
        with pytest.raises(RuleFileError) as error:
            load_pack(path)
        assert "broken.yaml:4" in error.value.one_line()
    assert _entries(cache) == []


def test_no_cache_setting_writes_nothing(cache, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETLINT_NO_CACHE", "1")
    load_pack(_write(tmp_path / "packs"))
    assert not cache.exists()


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BUDGETLINT_CACHE_DIR", str(blocker / "cache"))
    assert _title(load_pack(_write(tmp_path / "packs"))) == "不用套话"


def test_rules_pickle_as_one_tuple_and_come_back_equal(monkeypatch):
    import pickle

    from checker.engine.rule_model import Rule
    from checker.resources import RULES_DIR

    monkeypatch.setenv("BUDGETLINT_NO_CACHE", "1")
    pack = load_pack(RULES_DIR / "budget.yaml")
    rule = next(r for r in pack.rules if r.examples)
    assert rule.__reduce__()[0] is Rule
    again = pickle.loads(pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == pack
    copy = again.rule(rule.id)
    assert copy is not None and copy.examples == rule.examples and copy.line == rule.line
    # Rules of one scope share one (frozen) AppliesTo.
    scopes = {id(r.applies_to) for r in pack.rules}
    assert len(scopes) < len(pack.rules)
