"""Plain data from a YAML parser's events, without the node tree (``yamlpos`` explains why).

The result is what PyYAML's safe ``compose`` + ``construct_document`` give for the same
text: scalars are resolved and constructed by the loader's own resolver and constructors
(so an invalid date or a ``!!python`` tag raises the same ``ConstructorError``), aliases
share the anchored object. What this reader does not do itself it refuses with
``Unsupported``, and the caller composes nodes as before: merge keys (``<<``), ``=`` keys,
a collection with a tag of its own (``!!set``, ``!!omap``), a collection as a key, a
duplicate or undefined anchor, an alias to an unfinished collection, more than one document.

Kept on the way: the position of every mapping that is an item of a list (the rules, the
examples: what every load asks for) and every duplicate key, by the same paths ``yamlpos``
uses (a key's path element is its text as written, ``str`` of the scalar).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import yaml

Path_ = tuple[str | int, ...]
Mark = tuple[int, int]

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
# Keys the safe constructor rewrites (flatten_mapping) before it builds a mapping.
_SPECIAL_KEY_TAGS = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})
_PENDING = object()  # a mapping frame waiting for its next key


class Unsupported(Exception):
    """Left to PyYAML's composer (see the module docstring)."""


class _Frame:
    __slots__ = ("anchor", "container", "key", "key_text", "path", "seen")

    def __init__(self, container: Any, path: Path_, anchor: _Anchor | None) -> None:
        self.container = container
        self.path = path
        self.anchor = anchor  # finished (aliases may use it) when the collection ends
        self.key: Any = _PENDING
        self.key_text = ""
        self.seen: set[str] = set()


class _Anchor:
    __slots__ = ("done", "mark", "tag", "text", "value")

    def __init__(self, value: Any, mark: Mark, text: str | None, tag: str, done: bool) -> None:
        self.value = value
        self.mark = mark
        self.text = text  # the scalar as written; None for a collection
        self.tag = tag
        self.done = done


def _mark(event: Any) -> Mark:
    return event.start_mark.line + 1, event.start_mark.column + 1


def load_events(loader: Any) -> tuple[Any, dict[Path_, Mark], list[tuple[Path_, int, int]]]:
    """(data, positions of list items that are mappings, duplicate keys) of the single
    document ``loader`` (a PyYAML safe loader, fresh) reads. Raises ``yaml.YAMLError`` as
    the loader would, or ``Unsupported``."""
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        return None, {}, []
    loader.get_event()  # document start
    anchors: dict[str, _Anchor] = {}
    items: dict[Path_, Mark] = {}
    duplicates: list[tuple[Path_, int, int]] = []
    stack: list[_Frame] = []
    # One object per distinct string: a pack repeats its keys (``id``, ``severity`` ...) and
    # many values (``warning``, ``text``) in every rule, ~60 bytes each time.
    strings: dict[str, str] = {}
    root: Any = None
    while True:
        event = loader.get_event()
        text: str | None = None
        tag = ""
        if isinstance(event, yaml.CollectionEndEvent):
            frame = stack.pop()
            if frame.key is not _PENDING:
                raise Unsupported("a key without a value")  # the parser never gives one
            if frame.anchor is not None:
                frame.anchor.done = True
            if not stack:
                break
            continue
        if isinstance(event, yaml.AliasEvent):
            found = anchors.get(event.anchor)
            if found is None or not found.done:
                raise Unsupported("undefined alias or an alias inside its own anchor")
            value, mark, text, tag = found.value, found.mark, found.text, found.tag
        elif isinstance(event, yaml.ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                                   style=event.style)
            value = loader.construct_object(node)
            loader.constructed_objects.pop(node, None)  # frees the node
            if loader.state_generators:
                # A collection constructor (``!!seq`` on a scalar): it would finish, or
                # fail, only in ``construct_document``.
                raise Unsupported(f"scalar tagged {tag}")
            if isinstance(value, str):
                value = strings.setdefault(value, value)
            mark, text = _mark(event), event.value
        elif isinstance(event, yaml.CollectionStartEvent):
            is_map = isinstance(event, yaml.MappingStartEvent)
            tag = event.tag
            if tag is None or tag == "!":
                kind = yaml.MappingNode if is_map else yaml.SequenceNode
                tag = loader.resolve(kind, None, event.implicit)
            if tag != (_MAP_TAG if is_map else _SEQ_TAG):
                raise Unsupported(f"collection tagged {tag}")
            value, mark = ({} if is_map else []), _mark(event)
        else:
            raise Unsupported(f"unexpected {type(event).__name__}")
        starts = isinstance(event, yaml.CollectionStartEvent)
        anchor = None
        if event.anchor is not None and not isinstance(event, yaml.AliasEvent):
            if event.anchor in anchors:
                raise Unsupported("duplicate anchor")
            anchor = anchors[event.anchor] = _Anchor(value, mark, text, tag, done=not starts)
        path = _place(stack, value, mark, text, tag, items, duplicates)
        if path is None:
            root = value
        if starts:
            stack.append(_Frame(value, path or (), anchor))
        elif not stack:
            break
    if not loader.check_event(yaml.DocumentEndEvent):
        raise Unsupported("document continues")
    loader.get_event()
    if not loader.check_event(yaml.StreamEndEvent):
        raise Unsupported("more than one document")  # the composer words the error
    return root, items, duplicates


def _place(stack: list[_Frame], value: Any, mark: Mark, text: str | None, tag: str,
           items: dict[Path_, Mark], duplicates: list[tuple[Path_, int, int]]
           ) -> Path_ | None:
    """Put ``value`` into the innermost open collection; its path, or None for the root."""
    if not stack:
        return None
    frame = stack[-1]
    if isinstance(frame.container, list):
        path = (*frame.path, len(frame.container))
        frame.container.append(value)
        if isinstance(value, dict):
            items[path] = mark
        return path
    if frame.key is _PENDING:
        if text is None:
            raise Unsupported("a collection as a key")
        if tag in _SPECIAL_KEY_TAGS or not isinstance(value, Hashable):
            raise Unsupported("merge, value or unhashable key")
        key_text = str(text)
        if key_text in frame.seen:
            duplicates.append(((*frame.path, key_text), *mark))
        frame.seen.add(key_text)
        frame.key, frame.key_text = value, key_text
        return (*frame.path, key_text)
    path = (*frame.path, frame.key_text)
    frame.container[frame.key] = value
    frame.key = _PENDING
    return path
