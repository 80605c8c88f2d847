"""The disclosure parser without lark (``checker.parse.lalr``) gives lark's trees and errors;
its tables are kept in, and rebuilt from, the cache folder; a one-file check with a warm
cache does not import lark."""

from __future__ import annotations

import marshal
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from checker.cache import lark_init_file
from checker.disk_memo import code_digest
from checker.parse import lalr, parser

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


def _corpus() -> list[Path]:
    return [*sorted(FIXTURES.glob("0*.txt")), *sorted((FIXTURES / "pdf").glob("*.pdf")),
            *sorted(p for p in (FIXTURES / "real").iterdir() if p.suffix != ".yaml")]


@pytest.fixture(scope="module")
def corpus_tokens() -> dict[str, list[lalr.Token]]:
    """The tokens each corpus document's parse hands the LALR parser."""
    seen: list[list[lalr.Token]] = []
    original = parser._parse_tokens

    def record(tokens: list[lalr.Token]) -> lalr.Tree:
        seen.append(tokens)
        return original(tokens)

    found = {}
    parser._parse_tokens = record  # type: ignore[assignment]
    try:
        for path in _corpus():
            parser.parse_file(path)
            found[path.name] = seen[-1]
    finally:
        parser._parse_tokens = original  # type: ignore[assignment]
    return found


def _shape(node: Any) -> Any:
    if hasattr(node, "data"):
        return (str(node.data), [_shape(child) for child in node.children])
    return (node.type, node.start_pos, node.line, node.end_line, node.end_pos)


def _lark(tokens: list[lalr.Token]) -> Any:
    """lark's own parse of the same tokens: the tree's shape, or its error."""
    from lark import Token
    from lark.exceptions import UnexpectedInput

    given = [Token(t.type, "", start_pos=t.start_pos, line=t.line, end_line=t.end_line,
                   end_pos=t.end_pos) for t in tokens]
    try:
        return _shape(parser.disclosure_parser().parse(given))
    except UnexpectedInput as error:
        token = error.token  # type: ignore[attr-defined]
        return ("error", type(error).__name__, token.type, token.start_pos, token.line)


def _leaves(tree: lalr.Tree) -> list[int]:
    return [id(leaf) for leaf in tree.scan_values(lambda value: True)]


def test_corpus_trees_are_larks(corpus_tokens: dict[str, list[lalr.Token]]) -> None:
    tables = parser.disclosure_tables()
    assert tables is not None
    assert len(corpus_tokens) == len(_corpus()) >= 18
    met: set[str] = set()
    for name, tokens in corpus_tokens.items():
        tree = lalr.parse(tables, tokens)
        assert tree is not None, name
        assert _shape(tree) == _lark(tokens), name
        assert tree.data == "start"
        # every token is a leaf, in order, the very objects given (no rule drops one)
        assert _leaves(tree) == [id(token) for token in tokens], name
        # ``_`` rules (``_content``, ``__content_star_0``...) are spliced, never nodes
        names = {node[0] for node in _walk(_shape(tree))}
        assert not any(n.startswith("_") for n in names), name
        met |= names
    assert met >= {"start", "cover", "toc", "preamble", "part", "section", "sub1", "sub2",
                   "paragraph", "table", "heading_table", "performance"}


def _walk(shape: Any) -> list[Any]:
    out, stack = [], [shape]
    while stack:
        node = stack.pop()
        if isinstance(node[1], list):
            out.append(node)
            stack.extend(node[1])
    return out


def test_random_and_mutated_sequences_as_lark(
        corpus_tokens: dict[str, list[lalr.Token]]) -> None:
    """Random token sequences and corpus sequences with a token dropped, doubled, swapped or
    replaced: the fast loop gives lark's tree exactly where lark gives one, and None (lark
    then raises its own error through ``_parse_tokens``) exactly where lark fails."""
    from lark.exceptions import UnexpectedInput

    tables = parser.disclosure_tables()
    assert tables is not None
    kinds = sorted({kind for line in parser.GRAMMAR_PATH.read_text(encoding="utf-8").splitlines()
                    if line.startswith("%declare") for kind in line.split()[1:]})
    draw = random.Random(12)
    cases: list[list[tuple[str, int]]] = []
    for size in [0, 1, 2, 3, 4, 6, 9, 14, 21, 30] * 120:
        cases.append([(draw.choice(kinds), n + 1) for n in range(size)])
    documents = [[(t.type, t.line) for t in tokens] for tokens in corpus_tokens.values()]
    for _ in range(600):
        base = list(draw.choice(documents))
        at = draw.randrange(len(base))
        change = draw.choice(("drop", "double", "swap", "replace"))
        if change == "drop":
            del base[at]
        elif change == "double":
            base.insert(at, base[at])
        elif change == "swap" and at + 1 < len(base):
            base[at], base[at + 1] = base[at + 1], base[at]
        else:
            base[at] = (draw.choice(kinds), base[at][1])
        cases.append(base)
    outcomes = {"tree": 0, "error": 0}
    for case in cases:
        tokens = [lalr.Token(kind, index, line, line, index)
                  for index, (kind, line) in enumerate(case)]
        expected = _lark(tokens)
        fast = lalr.parse(tables, tokens)
        if expected[0] == "error":
            outcomes["error"] += 1
            assert fast is None, case
            with pytest.raises(UnexpectedInput) as raised:
                parser._parse_tokens(tokens)
            token = raised.value.token  # type: ignore[attr-defined]
            assert ("error", type(raised.value).__name__, token.type, token.start_pos,
                    token.line) == expected
        else:
            outcomes["tree"] += 1
            assert fast is not None, case
            assert _shape(fast) == expected
            assert _leaves(fast) == [id(token) for token in tokens]
    assert len(cases) == 1800
    assert outcomes["tree"] > 300 and outcomes["error"] > 300, outcomes


def test_unaccepted_document_reported_with_lark_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.errors import InputError

    # a part's second title line with no part before it: the grammar does not accept it
    monkeypatch.setattr(parser, "_lark_tokens", lambda tokens: [
        lalr.Token("TEXT", 0, 3, 3, 0), lalr.Token("PART_TITLE", 1, 7, 7, 1)])
    with pytest.raises(InputError) as raised:
        parser.parse_text("正文。\n\n\n\n\n\n标题\n", source="doc.txt")
    assert raised.value.line == 7
    assert "cannot parse document structure" in str(raised.value)


def _grammar() -> str:
    return parser.GRAMMAR_PATH.read_text(encoding="utf-8")


def _refuse() -> Any:
    raise AssertionError("the tables should have come from the cache folder")


def test_tables_kept_rebuilt_when_damaged_or_missing(
        cache: Path, corpus_tokens: dict[str, list[lalr.Token]]) -> None:
    reference = lalr.export(parser.disclosure_parser())
    assert reference is not None and lalr.valid(reference)
    memo = lalr.tables_memo()
    # the file's name carries this module's code and lark's version (its __init__)
    init = lark_init_file()
    assert init is not None and Path(init).name == "__init__.py"
    import lark

    assert re.search(rf'^__version__\b.*= "{re.escape(lark.__version__)}"$',
                     Path(init).read_text(encoding="utf-8"), re.MULTILINE)
    assert memo.tag.endswith("-" + code_digest([lalr.__file__, init]))
    assert lalr.load_tables(_grammar(), parser.disclosure_parser, memo) == reference
    memo.save()
    path = memo._path()
    assert path is not None and path.is_file()
    # read back without lark; another grammar text is not served the old tables
    assert lalr.load_tables(_grammar(), _refuse, lalr.tables_memo()) == reference
    with pytest.raises(AssertionError):
        lalr.load_tables(_grammar() + "\n", _refuse, lalr.tables_memo())
    one = next(iter(corpus_tokens.values()))
    for damage in (b"", path.read_bytes()[:40], b"\x00garbage",
                   marshal.dumps({_grammar(): ("not", "tables")}),
                   marshal.dumps({_grammar(): ([{"TEXT": 999}], [], 0, 0)}), None):
        if damage is None:
            path.unlink()
        else:
            path.write_bytes(damage)
        rebuilt_memo = lalr.tables_memo()
        rebuilt = lalr.load_tables(_grammar(), parser.disclosure_parser, rebuilt_memo)
        assert rebuilt == reference
        tree = lalr.parse(rebuilt, one)
        assert tree is not None and _shape(tree) == _lark(one)
        rebuilt_memo.save()
        assert lalr.load_tables(_grammar(), _refuse, lalr.tables_memo()) == reference


def test_grammars_shaped_otherwise_are_left_to_lark() -> None:
    from lark import Lark

    from checker.parse.line_lexer import LineTokens

    plain = "start: a B\na: A\n%declare A B\n"
    assert lalr.export(Lark(plain, parser="lalr", lexer=LineTokens)) is not None
    for grammar in ("start: a B\n?a: A\n%declare A B\n",  # a rule kept only when it has 2+
                    "start: a B -> named\na: A\n%declare A B\n",  # an alias
                    "start: a [B]\na: A\n%declare A B\n"):  # a placeholder for a missing B
        assert lalr.export(Lark(grammar, parser="lalr", lexer=LineTokens,
                                maybe_placeholders=True)) is None
    # an anonymous terminal is left out of lark's tree
    assert lalr.export(Lark('start: "x" A\nA: "a"\n', parser="lalr")) is None
    assert not lalr.valid(("not", "tables")) and not lalr.valid(None)


_PROBE = """
import sys
from checker.cli.main import main
try:
    main(["check", *{args!r}])
except SystemExit:
    pass
print("LARK", "lark" in sys.modules)
"""


@pytest.mark.parametrize("options", [[], ["--jobs", "2"]])
def test_a_check_with_a_warm_cache_does_not_import_lark(options: list[str],
                                                        tmp_path: Path) -> None:
    """One file, and a batch whose parent loads the grammar for its workers to inherit."""
    doc = str(FIXTURES / "001_42ec3e2d2e6a0311.txt")
    args = [doc, str(FIXTURES / "002_24fbb779d4aea8e6.txt"), *options] if options else [doc]
    env = dict(os.environ, BUDGETLINT_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("BUDGETLINT_NO_CACHE", None)
    seen = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", _PROBE.format(args=args)], env=env,
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert "福州市医疗保障基金中心" in done.stdout, done.stderr[-2000:]
        seen.append(done.stdout.strip().splitlines()[-1])
    # the first run fills the cache (with lark); the second needs none of it
    assert seen == ["LARK True", "LARK False"]
