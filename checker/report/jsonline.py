"""One unit as one JSON line, the text of ``json.dumps(unit.to_dict(), ensure_ascii=False)``
built faster (issue #12: writing JSON Lines was ~1.4 ms of a document's ~21 ms).

A result's rule, title, severity, category and reference are the same in every result of a
rule, and the title and reference are its longest strings: they are encoded once per rule
and the results are joined from those pieces, the status, the message and the evidence,
without building a dict per result. ``tests/test_jsonline.py`` holds this to the plain
``to_dict`` encoding on the corpus and on results with every optional field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from checker.model.results import Evidence, RuleResult, UnitReport

# json.dumps(..., ensure_ascii=False) without the cycle check (a report is a tree).
ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)
_encode = ENCODER.encode
_string: Any = json.encoder.encode_basestring  # type: ignore[attr-defined]  # C, as the encoder's
_RESULTS_TAIL = '"results": []}'

# (rule, title, severity, category, reference) → the encoded text before the status and
# between the message and the evidence. Bounded: a batch checks with a few packs' rules.
_Key = tuple[str, str, str, "str | None", "str | None"]
_PIECES_LIMIT = 4096
CHUNK = 64  # results joined and written at a time


class LineEncoder:
    """Encodes units as JSON lines, keeping each rule's constant pieces between units."""

    def __init__(self) -> None:
        self._pieces: dict[_Key, tuple[str, str]] = {}

    def unit(self, unit: UnitReport) -> str:
        """``ENCODER.encode(unit.to_dict())``."""
        return "".join(self.pieces(unit))

    def pieces(self, unit: UnitReport) -> Iterator[str]:
        """``unit(unit)`` in pieces of at most ``CHUNK`` results: a unit with 100,000
        results is written without ever being one string (and its list of parts)."""
        results = unit.results
        try:
            unit.results = []
            data = unit.to_dict()
        finally:
            unit.results = results
        # verdict and summary are read from the results (to_dict saw none)
        data.update(verdict=unit.verdict, summary=unit.summary, results=[])
        head = _encode(data)
        assert head.endswith(_RESULTS_TAIL), "the unit's results are no longer its last field"
        yield f"{head[:-len(_RESULTS_TAIL)]}\"results\": ["
        for start in range(0, len(results), CHUNK):
            yield (", " if start else "") + ", ".join(
                [self.result(r) for r in results[start:start + CHUNK]])
        yield "]}"

    def result(self, r: RuleResult) -> str:
        """``ENCODER.encode(r.to_dict())``."""
        key = (r.rule, r.title, r.severity, r.category, r.reference)
        pieces = self._pieces.get(key)
        if pieces is None:
            pieces = (f'{{"rule": {_encode(r.rule)}, "title": {_encode(r.title)}, '
                      f'"severity": {_encode(r.severity)}, "status": ',
                      f', "category": {_encode(r.category)}, '
                      f'"reference": {_encode(r.reference)}, "evidence": ')
            if len(self._pieces) < _PIECES_LIMIT:
                self._pieces[key] = pieces
        status = r.status
        message = r.message
        text = (f'{pieces[0]}{_string(status) if type(status) is str else _encode(status)}'
                f', "message": {_string(message) if type(message) is str else _encode(message)}'
                f'{pieces[1]}')
        evidence = r.evidence
        if not evidence:
            text += "[]"
        elif len(evidence) == 1:  # (most results: no list and join of one)
            text += f"[{_evidence(evidence[0])}]"
        else:
            text += f"[{', '.join([_evidence(e) for e in evidence])}]"
        if r.waiver is not None:
            text += f', "waiver": {_encode(r.waiver.to_dict())}'
        return text + "}"


def _evidence(e: Evidence) -> str:
    """``ENCODER.encode(e.to_dict())``: written out for the usual evidence (a line number,
    its text, expected and found as text); anything else goes through the encoder (each of
    its calls builds a C encoder anew: several microseconds)."""
    line, text, expected, found = e.line, e.text, e.expected, e.found
    if (e.page is not None or e.source is not None or e.bbox is not None
            or type(text) is not str or not (line is None or type(line) is int)):
        return _encode(e.to_dict())
    # the usual evidence: an int line, and expected/found each None or a str
    if expected is None:
        if found is None:
            return f'{{"line": {"null" if line is None else line}, "text": {_string(text)}}}'
        if type(found) is str:
            return (f'{{"line": {"null" if line is None else line}, "text": {_string(text)}, '
                    f'"found": {_string(found)}}}')
    elif type(expected) is str and (found is None or type(found) is str):
        return (f'{{"line": {"null" if line is None else line}, "text": {_string(text)}, '
                f'"expected": {_string(expected)}'
                + ("}" if found is None else f', "found": {_string(found)}}}'))
    return _encode(e.to_dict())
