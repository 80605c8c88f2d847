"""The reports' language: Chinese by default (the auditors'), English with ``--lang en``.

Every word lives in ``messages.yaml`` beside this module (the message catalogue): interface
labels by key, and the English templates the checker builds its reasons from, each with its
Chinese form. The checker keeps producing the English (it is the stable, greppable form in
code and in the JSON contract); the reports translate when they render.

The language is a context variable rather than a parameter of every writer, so a web request
and a CLI run each choose theirs without threading it through every function.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

from checker.cache import cached_yaml
from checker.regex_cache import compile_re

LANGUAGES = ("zh", "en")
CATALOGUE = Path(__file__).with_name("messages.yaml")
_language: ContextVar[str] = ContextVar("budgetlint_language", default="zh")


def language() -> str:
    return _language.get()


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _language.set(lang)


@contextlib.contextmanager
def use_language(lang: str) -> Iterator[None]:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    token = _language.set(lang)
    try:
        yield
    finally:
        _language.reset(token)


@dataclass(frozen=True)
class _Template:
    pattern: str
    zh: str
    literal: int  # characters of fixed text: the more, the more specific
    prefix: str  # the fixed text a message must start with to match
    # The template's longest piece of fixed text after the prefix: a message without it
    # cannot match, and most messages are ruled out by this one substring search before the
    # regex runs (the templates starting with a placeholder have no prefix to rule them out).
    needle: str = ""

    @cached_property
    def regex(self) -> re.Pattern[str]:
        # Compiled when a message first starts with the prefix: a run compiles the few
        # templates its messages need, not the whole catalogue (start-up).
        return compile_re(self.pattern, re.S)


# How much text a {placeholder} may take. Composed reasons nest ("{title}: not verifiable —
# {reason}" around "{head}: {reason}"), so only the open-ended slots may span a ": " joint;
# a number never holds a space or punctuation, or "{n} year mentions" would swallow a title.
_OPEN = {"reason", "head", "second", "error", "text"}
_NUMBER = {"n", "m", "year", "page", "line", "count", "expires"}


def _slot(name: str) -> str:
    if name in _OPEN:
        return ".+?"
    if name in _NUMBER:
        return r"[^\s:;()]+?"
    return r"(?:(?!: |; ).)+?"


@cache
def _catalogue() -> tuple[dict[str, dict[str, str]], tuple[_Template, ...]]:
    data = cached_yaml(CATALOGUE)  # start-up: no PyYAML, no parse
    templates = []
    for entry in data["messages"]:
        english = entry["en"]
        pieces = re.split(r"\{(\w+)\}", english)
        pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>{_slot(p)})"
                          for i, p in enumerate(pieces))
        literal = sum(len(p) for p in pieces[::2])
        needle = max(pieces[2::2], key=len, default="")
        templates.append(_Template(pattern, entry["zh"], literal, pieces[0], needle))
    templates.sort(key=lambda t: -t.literal)
    return data["labels"], tuple(templates)


def label(key: str, **values: Any) -> str:
    """An interface word in the current language: ``label("pass")`` → 通过."""
    labels, _ = _catalogue()
    entry = labels.get(key)
    if entry is None:
        return key.format(**values) if values else key
    text = entry[language()]
    return text.format(**values) if values else text


def category_label(name: str | None) -> str:
    labels, _ = _catalogue()
    entry = labels.get(f"categories_{name or 'other'}")
    return entry[language()] if entry else (name or label("categories_other"))


def translate(text: str | None) -> str:
    """A message built by the checker, in the current language ("" stays "")."""
    if not text or language() == "en":
        return text or ""
    return _zh(text, 0)


# Each joint (": ", ", ", "; ") of a composed reason is one level: a list of three profile
# descriptions takes about fifteen.
_MAX_DEPTH = 24


_LATIN = compile_re(r"[A-Za-z]")


@lru_cache(maxsize=1024)  # bounded: a hostile text may start messages with any character
def _starting_with(first: str) -> tuple[_Template, ...]:
    """The templates a message starting with ``first`` may match (its prefix starts with it,
    or it has none), in the catalogue's order: most are ruled out by their first character."""
    _, templates = _catalogue()
    return tuple(t for t in templates if not t.prefix or t.prefix[0] == first)


def _zh(text: str, depth: int) -> str:
    if depth > _MAX_DEPTH or not _LATIN.search(text):
        return text
    for template in _starting_with(text[:1]):
        if not text.startswith(template.prefix) or template.needle not in text:
            continue
        match = template.regex.fullmatch(text)
        if match:
            parts = {name: _zh(value, depth + 1) for name, value in match.groupdict().items()}
            return template.zh.format(**parts)
    return text
