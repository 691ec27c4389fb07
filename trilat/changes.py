"""What changed between two releases, record by record (stable ids)."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from schemas.layout import key_steps
from schemas.registry import CHANGES, TABLES
from trilat.errors import TrilatError

CHANGE_ORDER = {"added": 0, "modified": 1, "removed": 2}
# Rows of each release compared at a time (a copy of this many rows of the old one).
# The quote column of a 20 MB corpus's evidence was a rebuild's peak: 100,000 rows
# held about 85 MB more at that peak than 10,000, and were no faster.
COMPARE_ROWS = 10_000


class Columns(Protocol):
    """A table read one column at a time: a DataFrame, or a ``ParquetColumns``."""

    @property
    def columns(self) -> Sequence[str]: ...

    def __getitem__(self, column: str) -> Any: ...

    def __len__(self) -> int: ...


def column(table: Columns, name: str) -> pa.ChunkedArray:
    """One column as Arrow (no copy for a column with an Arrow dtype)."""
    values = table[name]
    if isinstance(values, pa.ChunkedArray):
        return values
    values = pa.array(values)
    return values if isinstance(values, pa.ChunkedArray) else pa.chunked_array([values])


def record_ids(name: str, table: Columns | pa.Table) -> pa.ChunkedArray:
    """The primary key as one string; composite keys are joined with '|'."""
    parts = [_as_string(column(table, k)) for k in TABLES[name].primary_key]
    if len(parts) == 1:
        return parts[0]
    return pc.binary_join_element_wise(*parts, "|")


def _as_string(values: pa.ChunkedArray) -> pa.ChunkedArray:
    return values if pa.types.is_string(values.type) else pc.cast(values, pa.string())


def diff_tables(old: Mapping[str, Columns], new: Mapping[str, Columns]) -> pd.DataFrame:
    """One row per added, removed or modified record, with the modified columns.

    Rows come by table (by name), kind of change (added, modified, removed), then
    in the table's primary-key order. Both releases are in that order (validation
    checks it), so the records are matched walking the two side by side, some rows
    at a time (``_Walk``): memory holds a window of each, not the ids of a whole
    table or a copy of it, and the changes need no sorting.
    """
    parts: list[pa.Table] = []
    for name in sorted(TABLES):
        o, n = old.get(name), new.get(name)
        if n is None:
            continue
        if o is None or not len(o):
            parts += _changes(name, "added", [record_ids(name, n)])
        else:
            parts += _table_changes(name, o, n)
    if not parts:
        return CHANGES.frame([])
    return CHANGES.frame(table=pa.concat_tables(parts), ordered=True)


def _changes(name: str, change: str, ids: list, modified: list | None = None) -> list[pa.Table]:
    """The change rows of one table and kind, from its ids (and modified columns)."""
    ids = pa.chunked_array([c for i in ids for c in i.chunks], pa.string())
    if not (n := len(ids)):
        return []
    columns = pa.array(modified, pa.list_(pa.string())) if modified is not None else _empty_lists(n)
    return [pa.table({
        "table": pa.repeat(pa.scalar(name, pa.string()), n),
        "record_id": ids,
        "change": pa.repeat(pa.scalar(change, pa.string()), n),
        "modified_columns": columns,
    })]  # fmt: skip


def _table_changes(name: str, old: Columns, new: Columns) -> list[pa.Table]:
    """The changes of one table, walking both releases a window at a time."""
    key = list(TABLES[name].primary_key)
    cols = [c for c in new.columns if c in old.columns and c not in key]
    olds = _Walk(name, _windows(old, key + cols), key)
    news = _Walk(name, _windows(new, key + cols), key)
    added, removed, modified, columns = [], [], [], []
    while olds.rows or news.rows:
        # Both sides up to the smaller of their windows' last keys, or the rest of one.
        try:
            cut = min(olds.last, news.last) if olds.rows and news.rows else None
        except TypeError:
            raise TrilatError(
                f"the primary key of table {name} changed type; releases cannot be compared",
                [f"old {olds.last!r}, new {news.last!r}"],
            ) from None
        a, b = olds.take(cut), news.take(cut)
        a_ids, b_ids = record_ids(name, a), record_ids(name, b)
        at = pc.index_in(b_ids, value_set=a_ids.combine_chunks())  # position in a, or null
        found = pc.is_valid(at)
        added.append(b_ids.filter(pc.invert(found)))
        removed.append(a_ids.filter(pc.invert(pc.is_in(a_ids, value_set=b_ids.combine_chunks()))))
        if not cols or not pc.any(found).as_py():
            continue
        rows = at.filter(found)
        masks = {c: _changed(a.column(c).take(rows), b.column(c).filter(found)) for c in cols}
        hits = np.logical_or.reduce([m.to_numpy(zero_copy_only=False) for m in masks.values()])
        if hits.any():
            hit = pa.array(np.flatnonzero(hits))
            modified.append(b_ids.filter(found).take(hit))
            flags = {c: m.to_numpy(zero_copy_only=False) for c, m in masks.items()}
            columns += [[c for c in cols if flags[c][k]] for k in hit.to_pylist()]
    return [
        *_changes(name, "added", added),
        *_changes(name, "modified", modified, columns),
        *_changes(name, "removed", removed),
    ]


class _Walk:
    """A table's rows in primary-key order, taken from the front up to a key."""

    def __init__(self, name: str, windows: Iterator[pa.Table], key: list[str]) -> None:
        self._name, self._windows, self._key = name, windows, key
        self._rows: pa.Table | None = None
        self._last: tuple | None = None  # the key of the last row taken in

    @property
    def rows(self) -> int:
        """Rows left in the current window, the next window read in when none are."""
        while self._rows is None or not self._rows.num_rows:
            window = next(self._windows, None)
            if window is None:
                return 0
            if window.num_rows:
                self._check_order(window)
            self._rows = window
        return self._rows.num_rows

    @property
    def last(self) -> tuple:
        return self._key_at(self._rows, self._rows.num_rows - 1)

    def take(self, cut: tuple | None) -> pa.Table:
        """The rows up to and including key ``cut`` (all rows left when None)."""
        if not self.rows:
            return self._rows  # an empty window
        keys = _Keys(self, self._rows)
        n = self._rows.num_rows if cut is None else bisect.bisect_right(keys, cut)
        out, self._rows = self._rows.slice(0, n), self._rows.slice(n)
        return out

    def _key_at(self, table: pa.Table, i: int) -> tuple:
        return tuple(table.column(k)[i].as_py() for k in self._key)

    def _check_order(self, window: pa.Table) -> None:
        if any(window.column(k).null_count for k in self._key):
            raise TrilatError(
                f"table {self._name} has a null in its primary key; releases cannot be compared",
                ["published tables have no null key: validate the release"],
            )
        first = self._key_at(window, 0)
        after, _ = key_steps([window.column(k) for k in self._key])
        ordered = (self._last is None or first > self._last) and (
            window.num_rows < 2 or pc.all(pc.fill_null(after, False)).as_py()
        )
        if not ordered:
            raise TrilatError(
                f"table {self._name} is not in primary-key order; releases cannot be compared",
                ["published tables are sorted by primary key: validate the release"],
            )
        self._last = self._key_at(window, window.num_rows - 1)


class _Keys(Sequence):
    """A window's keys as tuples, for ``bisect``: only the keys looked at are built."""

    def __init__(self, walk: _Walk, rows: pa.Table) -> None:
        self._walk, self._rows = walk, rows

    def __getitem__(self, i):
        return self._walk._key_at(self._rows, i)

    def __len__(self) -> int:
        return self._rows.num_rows


def _windows(table: Columns, names: list[str]) -> Iterator[pa.Table]:
    """The table's rows in order, ``COMPARE_ROWS`` at a time, with these columns: read
    from disk window by window for a Parquet file, zero-copy slices for a frame. The
    first window may be empty (a table without rows)."""
    if isinstance(table, ParquetColumns):
        yield from table.windows(names)
        return
    whole = pa.table({c: column(table, c) for c in names})
    for at in range(0, max(whole.num_rows, 1), COMPARE_ROWS):
        yield whole.slice(at, COMPARE_ROWS)


def _empty_lists(n: int) -> pa.ListArray:
    return pa.ListArray.from_arrays(pa.array(np.zeros(n + 1, np.int32)), pa.array([], pa.string()))


def _changed(a: pa.ChunkedArray, b: pa.ChunkedArray) -> pa.ChunkedArray:
    """True where two aligned columns differ; two nulls are equal."""
    if pa.types.is_list(a.type):  # compare lists as joined strings
        a, b = pc.binary_join(a, "\x1f"), pc.binary_join(b, "\x1f")
    equal = pc.fill_null(pc.equal(a, b), False)
    both_null = pc.and_(pc.is_null(a), pc.is_null(b))
    return pc.invert(pc.or_(equal, both_null))


class ParquetColumns:
    """A Parquet file read one column at a time, each when asked for and not kept."""

    def __init__(self, path: Path) -> None:
        self._file = pq.ParquetFile(path)
        self.columns = self._file.schema_arrow.names

    def __getitem__(self, name: str) -> pa.ChunkedArray:
        return pa.chunked_array(
            [w.column(0) for w in self.windows([name])], self._file.schema_arrow.field(name).type
        )

    def windows(self, names: list[str]) -> Iterator[pa.Table]:
        # A window at a time: reading a string column whole decodes it through a
        # second copy (a peak of twice the column).
        yield self._file.schema_arrow.empty_table().select(names)  # the columns' types
        for batch in self._file.iter_batches(COMPARE_ROWS, columns=names):
            yield pa.Table.from_batches([batch])

    def __len__(self) -> int:
        return self._file.metadata.num_rows


class ReleaseTables(Mapping[str, ParquetColumns]):
    """A published release's tables, read column by column: comparing two releases
    holds a few columns in memory, not the tables."""

    def __init__(self, release_dir: Path) -> None:
        self._dir = release_dir
        self._names = [n for n in TABLES if (release_dir / f"{n}.parquet").exists()]

    def __getitem__(self, name: str) -> ParquetColumns:
        if name not in self._names:
            raise KeyError(name)
        return ParquetColumns(self._dir / f"{name}.parquet")

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def read_release(release_dir: Path) -> ReleaseTables:
    return ReleaseTables(release_dir)


def summary(changes: pd.DataFrame) -> pd.DataFrame:
    """Counts per table and kind of change."""
    counts = changes.groupby(["table", "change"]).size().unstack(fill_value=0)
    for c in CHANGE_ORDER:
        if c not in counts:
            counts[c] = 0
    return counts[list(CHANGE_ORDER)].reindex(list(TABLES), fill_value=0)


def changelog_section(
    version: str,
    previous: str | None,
    created: str,
    changes: pd.DataFrame,
    examples: int = 5,
    schema: Sequence[str] = (),
) -> str:
    """The human CHANGELOG.md section of a release; ``schema``: the changes of the
    published schema (``versioning.schema_changes``)."""
    lines = [f"## {version} ({created[:10]})", ""]
    if previous is None:
        lines.append("First release.")
    else:
        if schema:
            lines += [f"Schema changes since {previous}:", ""]
            lines += [f"- {line}" for line in schema]
            lines.append("")
        lines.append(f"Changes since {previous}, by record id:")
    lines += ["", "| table | added | modified | removed |", "|---|---|---|---|"]
    for table, row in summary(changes).iterrows():
        lines.append(f"| {table} | {row['added']} | {row['modified']} | {row['removed']} |")
    if previous is not None and len(changes):
        lines.append("")
        for (table, change), grp in changes.groupby(["table", "change"], sort=False):
            ids = ", ".join(f"`{r}`" for r in grp["record_id"].head(examples))
            more = f" and {len(grp) - examples} more" if len(grp) > examples else ""
            lines.append(f"- {table}, {change}: {ids}{more}")
    return "\n".join(lines) + "\n"
