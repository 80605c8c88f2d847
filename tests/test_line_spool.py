"""``LineSpool``: records kept in memory up to a size, then in a temporary file, read back
in order by any number of interleaved passes either way."""

from __future__ import annotations

import io

import pytest

from checker.report.stream_base import LineSpool


@pytest.mark.parametrize("in_memory", [1 << 20, 64])
def test_records_come_back_in_order_in_memory_and_on_disk(
        in_memory: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LineSpool, "IN_MEMORY", in_memory)
    spool = LineSpool()
    records = [[f"单位{n}", "通过", n] for n in range(40)]
    for record in records[:20]:
        spool.append(record)
    first = iter(spool)
    assert [next(first) for _ in range(5)] == records[:5]  # a pass part-way …
    for record in records[20:]:
        spool.append(record)  # … then more records, written after the last one
    assert list(spool) == records  # a second pass sees them all
    assert list(first) == records[5:]  # the first pass goes on where it was
    assert len(spool) == 40
    assert isinstance(spool.file, io.BytesIO) == (in_memory > 1000)
    spool.close()
