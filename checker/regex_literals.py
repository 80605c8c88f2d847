"""The literal words every match of a pattern contains, for a cheap test before a search.

A pattern such as ``…万元,占…%`` can match only text holding "万元,占": a ``in`` test on
the text (a C-level substring search) rules out most paragraphs before the regex engine
tries every position of them. Only words the pattern must consume are taken: runs of
literal characters in its top-level sequence (never inside an optional part, a branch, a
repeat or a lookaround), and none at all under a case-insensitive flag.
A shared leaf of the package (parse and kinds both use it), so it imports no stage."""

from __future__ import annotations

import re
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]

from checker.disk_memo import DiskMemo, code_digest, is_words, memoized

# Parsing a phrasing's pattern to find its words was ~3 % of a one-file check: the words are
# kept across runs, keyed by this module's code.
_LITERALS = DiskMemo("regex-literals", code_digest([__file__]))


@memoized(_LITERALS, is_words)
def required_literals(pattern: str) -> tuple[str, ...]:
    """Texts every match of ``pattern`` contains (empty: nothing known)."""
    try:
        parsed = _sre_parse.parse(pattern)
    except Exception:
        return ()
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return ()
    words: list[str] = []
    run: list[str] = []
    for op, av in parsed:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            words.append("".join(run))
            run = []
    if run:
        words.append("".join(run))
    return tuple(words)


def may_match(required: tuple[str, ...], text: str) -> bool:
    """False when ``text`` lacks a word every match contains (then no match is there)."""
    return all(word in text for word in required)
