"""A table's Arrow schema and primary key, and ordering rows by that key.

This is all that code without pandas or pandera (the extraction workers) needs to
build a table's rows in their published order. Tables are sorted in Arrow: UTF-8
byte order is code point order, the same as Python's string comparison.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc


def key_steps(columns: Sequence[pa.ChunkedArray]) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    """For each row after the first, whether its key (these columns, compared in turn)
    comes after the key of the row before, and whether it equals it: rows in key
    order with unique keys are those where the first is true throughout. Null where
    a key value is null. Neighbours are compared in Arrow, a few bits per row.
    """
    after = equal = None
    for values in columns:
        n = len(values)
        a, b = values.slice(0, n - 1), values.slice(1)
        lt, eq = pc.less(a, b), pc.equal(a, b)
        after = lt if after is None else pc.or_(after, pc.and_(equal, lt))
        equal = eq if equal is None else pc.and_(equal, eq)
    return after, equal


@dataclass(frozen=True)
class Layout:
    schema: pa.Schema
    key: tuple[str, ...]  # the primary key, in sort order

    def sort(self, table: pa.Table) -> pa.Table:
        """The rows in primary-key order (a stable sort)."""
        return table.sort_by([(k, "ascending") for k in self.key])

    def concat_sorted(self, runs: Sequence[pa.Table]) -> pa.Table:
        """Tables each in key order -> one table in key order, equal to a full sort.

        Batches of documents in id order give runs that do not interleave, which are
        joined without copying; only runs that interleave are sorted again. With a
        key of several columns, each run is first cut where the first column changes
        (a batch's evidence of mentions, then of topics). Keys must be unique, as
        primary keys are (validation checks it).
        """
        pieces = [p for i, run in enumerate(runs) for p in self._pieces(i, run)]
        try:
            pieces.sort(key=lambda p: p.first)
        except TypeError:  # a null in the key: leave it to the full sort
            return self.sort(pa.concat_tables(runs)) if runs else self.schema.empty_table()
        out: list[_Piece] = []
        for p in pieces:
            if out and p.first <= out[-1].last:  # interleaves with the one before
                both = self.sort(pa.concat_tables([out[-1].table, p.table]))
                out[-1] = _Piece(-1, 0, both, out[-1].first, max(out[-1].last, p.last))
            elif out and out[-1].run == p.run >= 0 and out[-1].end == p.offset:
                prev = out[-1]  # the rest of the same run: one slice again
                joined = runs[p.run].slice(prev.offset, prev.table.num_rows + p.table.num_rows)
                out[-1] = _Piece(p.run, prev.offset, joined, prev.first, p.last)
            else:
                out.append(p)
        return pa.concat_tables([p.table for p in out]) if out else self.schema.empty_table()

    def _pieces(self, i: int, run: pa.Table) -> list[_Piece]:
        if not run.num_rows:
            return []
        cuts = [0, run.num_rows]
        if len(self.key) > 1:
            first = run.column(self.key[0]).combine_chunks()
            cuts = [0, *pc.run_end_encode(first).run_ends.to_pylist()]
        return [_Piece.of(i, run, a, b, self.key) for a, b in itertools.pairwise(cuts)]


@dataclass(frozen=True)
class _Piece:
    """Rows ``offset`` to ``offset + len(table)`` of run number ``run`` (-1: sorted
    from several runs), with their first and last keys."""

    run: int
    offset: int
    table: pa.Table
    first: tuple
    last: tuple

    @property
    def end(self) -> int:
        return self.offset + self.table.num_rows

    @classmethod
    def of(cls, run: int, table: pa.Table, start: int, stop: int, key) -> _Piece:
        piece = table.slice(start, stop - start)
        first, last = (tuple(piece.column(k)[i].as_py() for k in key) for i in (0, -1))
        return cls(run, start, piece, first, last)
