"""One unit of the JSON report, the text of ``json.dumps(unit.to_dict(), ensure_ascii=False,
indent=2)`` (as the streamed JSON writer places it: every line after the first indented four
more spaces) built faster (issue #12: the indented encoder is pure Python, ~3.7 ms a unit).

As for JSON Lines (``jsonline``), a rule's constant fields are encoded once, at the depth
where a unit's results stand, and the results are joined from those pieces, the status, the
message and the evidence. Anything unusual (a waiver, an evidence box or page) goes through
``json.dumps`` and is indented to its place. ``tests/test_jsonindent.py`` holds this to the
plain encoding.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from checker.model.results import Evidence, RuleResult, UnitReport

_string: Any = json.encoder.encode_basestring  # type: ignore[attr-defined]
_RESULTS_TAIL = '"results": []\n}'
_Key = tuple[str, str, str, "str | None", "str | None"]
_PIECES_LIMIT = 4096
# Where a unit's parts stand in ``json.dumps(unit, indent=2)``: a result at 4 spaces, its
# fields at 6, its evidence at 8 and their fields at 10.
_R, _F, _E, _EF = "\n    ", ",\n      ", "\n        ", ",\n          "
CHUNK = 64  # results joined and written at a time: a huge unit never is one string


def _dumps(value: Any, newline: str) -> str:
    """``value`` as indented JSON whose lines after the first start with ``newline``."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline)


class IndentedEncoder:
    """Encodes units as the streamed JSON report writes them, keeping each rule's constant
    pieces between units."""

    def __init__(self) -> None:
        self._pieces: dict[_Key, tuple[str, str]] = {}

    def unit(self, unit: UnitReport) -> Iterator[str]:
        """The pieces of ``json.dumps(unit.to_dict(), ensure_ascii=False, indent=2)``."""
        results = unit.results
        try:
            unit.results = []
            data = unit.to_dict()
        finally:
            unit.results = results
        data.update(verdict=unit.verdict, summary=unit.summary, results=[])
        head = json.dumps(data, ensure_ascii=False, indent=2)
        assert head.endswith(_RESULTS_TAIL), "the unit's results are no longer its last field"
        if not results:
            yield head
            return
        yield head[:-len(_RESULTS_TAIL)] + '"results": ['
        for start in range(0, len(results), CHUNK):
            chunk = results[start:start + CHUNK]
            yield ("," if start else "") + ",".join([self.result(r) for r in chunk])
        yield "\n  ]\n}"

    def result(self, r: RuleResult) -> str:
        """A result as it stands in a unit's results list, its leading line break included."""
        key = (r.rule, r.title, r.severity, r.category, r.reference)
        pieces = self._pieces.get(key)
        if pieces is None:
            pieces = (f'{_R}{{\n      "rule": {_dumps(r.rule, _F)}{_F}"title": '
                      f'{_dumps(r.title, _F)}{_F}"severity": {_dumps(r.severity, _F)}{_F}'
                      f'"status": ',
                      f'{_F}"category": {_dumps(r.category, _F)}{_F}"reference": '
                      f'{_dumps(r.reference, _F)}{_F}"evidence": ')
            if len(self._pieces) < _PIECES_LIMIT:
                self._pieces[key] = pieces
        status, message = r.status, r.message
        text = (f'{pieces[0]}'
                f'{_string(status) if type(status) is str else _dumps(status, _F)}'
                f'{_F}"message": '
                f'{_string(message) if type(message) is str else _dumps(message, _F)}'
                f'{pieces[1]}')
        if r.evidence:
            text += f"[{','.join([_evidence(e) for e in r.evidence])}\n      ]"
        else:
            text += "[]"
        if r.waiver is not None:
            text += f'{_F}"waiver": {_dumps(r.waiver.to_dict(), chr(10) + "      ")}'
        return text + "\n    }"


def _evidence(e: Evidence) -> str:
    """An evidence item as it stands in a result's list, its leading line break included."""
    line, expected, found = e.line, e.expected, e.found
    if (e.page is not None or e.source is not None or e.bbox is not None
            or not (line is None or type(line) is int) or type(e.text) is not str
            or not (expected is None or type(expected) is str)
            or not (found is None or type(found) is str)):
        return _E + _dumps(e.to_dict(), "\n        ")
    text = (f'{_E}{{\n          "line": {"null" if line is None else line}{_EF}"text": '
            f'{_string(e.text)}')
    if expected is not None:
        text += f'{_EF}"expected": {_string(expected)}'
    if found is not None:
        text += f'{_EF}"found": {_string(found)}'
    return text + "\n        }"
