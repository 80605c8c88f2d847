"""Public entry points of the parser: a file or a text in, a ``Document`` out.

file ─reading─▶ text ─normalize─▶ lines ─lexer─▶ line tokens ─LALR─▶ tree ─structure─▶ Document
(a PDF's text layer is extracted by ``pdf_text``, an HTML page converted by ``html_text``,
inside ``reading``)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import compress, groupby
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.cache import cached_lark
from checker.errors import InputError
from checker.model.ast import Document, Line, PlacedLine
from checker.model.lines import Lines
from checker.parse.identity import identify
from checker.parse.lalr import Tables, Token, Tree, load_tables
from checker.parse.lalr import parse as parse_on_tables
from checker.parse.lexer import LexToken, lex
from checker.parse.normalize import normalize_columns, normalize_text
from checker.parse.places import place_nodes
from checker.parse.statements import extract
from checker.parse.structure import build_outline
from checker.read.source import read_source
from checker.resources import GRAMMARS_DIR

if TYPE_CHECKING:
    from lark import Lark

GRAMMAR_PATH = GRAMMARS_DIR / "disclosure.lark"
_TYPE = attrgetter("type")


@lru_cache(maxsize=1)
def disclosure_parser() -> Lark:
    """lark's LALR parser of the grammar, compiled once per process; the compiled tables are
    kept in the cache folder (``checker.cache.cached_lark``: keyed by grammar and lark
    version, written atomically, a damaged file rebuilt). Documents are parsed on its tables
    exported (``checker.parse.lalr``): lark itself is loaded only to export them and to
    report a document the grammar does not accept."""
    from checker.parse.line_lexer import LineTokens

    return cached_lark("disclosure-grammar", GRAMMAR_PATH.read_text(encoding="utf-8"),
                       parser="lalr", lexer=LineTokens, propagate_positions=False)


@lru_cache(maxsize=1)
def disclosure_tables() -> Tables | None:
    """The grammar's LALR tables as plain data, kept in the cache folder (lark builds them
    on a miss); None when ``checker.parse.lalr`` cannot run this grammar."""
    return load_tables(GRAMMAR_PATH.read_text(encoding="utf-8"), disclosure_parser)


def parse_file(path: str | Path) -> Document:
    """Read, normalise and parse one disclosure (text, PDF or HTML). Raises ``InputError`` for
    unreadable input."""
    source = read_source(path)
    document = parse_text(source.text, source=str(path), geometry=source.geometry)
    document.page_starts = list(source.page_starts)
    document.image_pages = list(source.image_pages)
    return document


def parse_text(text: str, source: str = "<text>", geometry: Sequence[Any] = ()) -> Document:
    """Parse an already decoded disclosure text (used by rule examples and tests).
    ``geometry`` (PDF input): where each text line stands, ``geometry[n - 1]`` for line n."""
    stored: Sequence[Line]
    if geometry:
        lines = normalize_text(text)
        _attach(lines, geometry)
        stored, texts = lines, [ln.text for ln in lines]
    else:
        # Stored compactly from the start; the lexer reads only the non-blank lines (two in
        # five are blank), so only those become ``Line`` objects, held by its tokens.
        numbers, texts, raws = normalize_columns(text)
        stored = Lines.of_columns(numbers, texts, raws)
        lines = list(map(Line, compress(numbers, texts), filter(None, texts),
                         compress(raws, texts)))
        del numbers, raws
    tokens = lex(lines)
    try:
        tree = _parse_tokens(_lark_tokens(tokens))
    except Exception as error:
        from lark.exceptions import UnexpectedInput  # only here: lark raised it, so it is loaded

        if not isinstance(error, UnexpectedInput):
            raise
        # a lexer/grammar mismatch: report it, never a traceback
        line = getattr(getattr(error, "token", None), "line", None)
        raise InputError(source, "cannot parse document structure", line=line) from None
    outline = build_outline(tree, tokens)
    # The tree and the tokens are a third of the parse's memory: gone before the rest runs.
    del tree, tokens
    who = identify(outline.cover, outline.parts, outline.tables, texts)
    del texts
    if geometry:
        place_nodes(outline.parts, outline.tables, lines)
    del lines
    document = Document(
        source=source,
        unit=who.unit,
        year=who.year,
        kind=who.kind,
        level=who.level,
        parts=outline.parts,
        tables=outline.tables,
        performance_tables=outline.performance_tables,
        toc=outline.toc,
        lines=stored,
    )
    document.statements = extract(document)
    return document


def _parse_tokens(tokens: list[Token]) -> Tree:
    """``disclosure_parser().parse(tokens)``, run on the grammar's exported tables without
    lark (``checker.parse.lalr``). Whatever the tables have no action for goes to lark
    itself, which raises its own error (``UnexpectedInput``)."""
    tables = disclosure_tables()
    if tables is not None:
        tree = parse_on_tables(tables, tokens)
        if tree is not None:
            return tree
    return _lark_parse(tokens)


def _lark_parse(tokens: list[Token]) -> Tree:
    """lark's parse of the tokens, as ``checker.parse.lalr``'s tree of the same tokens."""
    from lark import Token as LarkToken
    from lark import Tree as LarkTree

    given = [LarkToken(token.type, "", start_pos=token.start_pos, line=token.line,
                       end_line=token.end_line, end_pos=token.end_pos) for token in tokens]
    originals = {id(copy): token for copy, token in zip(given, tokens, strict=True)}

    def own(node: Any) -> Any:
        if isinstance(node, LarkTree):
            return Tree(str(node.data), [own(child) for child in node.children])
        return originals[id(node)]

    return own(disclosure_parser().parse(given))  # type: ignore[no-any-return]


def _attach(lines: list[Line], geometry: Sequence[Any]) -> None:
    """Each line that has a place becomes a ``PlacedLine`` (text lines have no room for it)."""
    for index, line in enumerate(lines):
        place = geometry[line.number - 1] if line.number <= len(geometry) else None
        if place is not None:
            lines[index] = PlacedLine(line.number, line.text, line.raw, place.page,
                                      place.bbox, place.grid, place.grid_row)


# Terminals the grammar only ever repeats: in loops of their own (``COVER+``,
# ``(TOC_HEAD | TOC_ENTRY)+``, ``(TABLE_LINE | TABLE_NOTE)*``, ``PERF_LINE*``) or as the one
# item of a block (``paragraph: TEXT | ITEM``, ``row: TEXT_ROW``, ``note: NOTE``), and blocks
# only in loops (``_block*``). Wherever one of them may stand, another may follow, so a run
# of lines of one such type parses exactly as a single token does. A run goes to the parser
# as one token (``line`` its first line, ``end_line`` its last, ``start_pos``/``end_pos``
# the index of its first and last lexer token) and ``structure`` expands it: a fifth as
# many tokens to parse. tests/test_parse_fast_paths.py checks the grammar still uses them so.
RUN_TYPES = frozenset({"COVER", "TOC_ENTRY", "TABLE_LINE", "TABLE_NOTE", "PERF_LINE", "TEXT",
                       "ITEM", "TEXT_ROW", "NOTE"})


def _lark_tokens(tokens: list[LexToken]) -> list[Token]:
    # The tokens the LALR parser reads (lark's shape, ``checker.parse.lalr.Token``). The
    # grammar and ``structure`` need only the type and where the lexer's tokens are (the
    # line's text is looked up through them): a copy of every line's text here was a tenth
    # of the parse's peak memory on a large document.
    out: list[Token] = []
    index = 0  # of the group's first token
    for kind, group in groupby(tokens, _TYPE):  # consecutive tokens of one type
        lexed = list(group)
        if kind in RUN_TYPES:
            out.append(Token(kind, index, lexed[0].line.number, lexed[-1].line.number,
                             index + len(lexed) - 1))
        else:
            for at, one in enumerate(lexed, index):
                number = one.line.number
                out.append(Token(kind, at, number, number, at))
        index += len(lexed)
    return out
