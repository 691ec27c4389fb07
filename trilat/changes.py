"""What changed between two releases, record by record (stable ids)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from schemas.registry import CHANGES, TABLES

CHANGE_ORDER = {"added": 0, "modified": 1, "removed": 2}
# Rows of a column compared at a time (a copy of this many values of each side).
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
    return values if isinstance(values, pa.ChunkedArray) else pa.chunked_array(pa.array(values))


def column_batches(table: Columns, name: str) -> Iterator[pa.Array]:
    """One column in consecutive batches, read from disk one at a time for a Parquet file."""
    if isinstance(table, ParquetColumns):
        yield from table.batches(name)
    else:
        yield from column(table, name).chunks


def record_ids(name: str, table: Columns) -> pa.ChunkedArray:
    """The primary key as one string; composite keys are joined with '|'."""
    parts = [_as_string(column(table, k)) for k in TABLES[name].primary_key]
    if len(parts) == 1:
        return parts[0]
    return pc.binary_join_element_wise(*parts, "|")


def _as_string(values: pa.ChunkedArray) -> pa.ChunkedArray:
    return values if pa.types.is_string(values.type) else pc.cast(values, pa.string())


def diff_tables(old: Mapping[str, Columns], new: Mapping[str, Columns]) -> pd.DataFrame:
    """One row per added, removed or modified record, with the modified columns.

    Computed in Arrow: records are matched by id with a hash lookup and compared
    column by column, so memory holds the ids and one column of each side, not a
    copy of either table (index operations in pandas were the slowest step of
    publishing, and a table read whole was the peak of a build's memory).
    """
    parts: list[pa.Table] = []

    def add(name: str, ids: pa.ChunkedArray, change: str, modified=None) -> None:
        # Ids are primary keys, unique in a table (validation checks it).
        if n := len(ids):
            parts.append(pa.table({
                "table": pa.repeat(pa.scalar(name, pa.string()), n),
                "record_id": ids,
                "change": pa.repeat(pa.scalar(change, pa.string()), n),
                "order": pa.repeat(pa.scalar(CHANGE_ORDER[change], pa.int8()), n),
                "modified_columns": (
                    pa.array(modified, pa.list_(pa.string())) if modified is not None
                    else _empty_lists(n)
                ),
            }))  # fmt: skip

    for name in TABLES:
        o, n = old.get(name), new.get(name)
        if n is None:
            continue
        n_ids = record_ids(name, n)
        if o is None or not len(o):
            add(name, n_ids, "added")
            continue
        o_ids = record_ids(name, o)
        at_old = pc.index_in(n_ids, value_set=o_ids)  # position in old, null if new
        in_old = pc.is_valid(at_old)
        add(name, n_ids.filter(pc.invert(in_old)), "added")
        add(name, o_ids.filter(pc.invert(pc.is_in(o_ids, value_set=n_ids))), "removed")
        del o_ids
        cols = [c for c in n.columns if c in o.columns]
        if not cols or not pc.any(in_old).as_py():
            continue
        at = at_old.fill_null(-1).to_numpy()
        by_old = np.argsort(at, kind="stable")
        masks = {c: _changed_rows(column_batches(o, c), column(n, c), at, by_old) for c in cols}
        hits = np.flatnonzero(np.logical_or.reduce(list(masks.values())))
        add(name, n_ids.take(pa.array(hits)), "modified",
            [[c for c in cols if masks[c][k]] for k in hits])  # fmt: skip
    if not parts:
        return CHANGES.frame([])
    # Sorted in Arrow (UTF-8 byte order is code point order, as in Python).
    table = pa.concat_tables(parts).sort_by(
        [("table", "ascending"), ("order", "ascending"), ("record_id", "ascending")]
    )
    return CHANGES.frame(table=table, ordered=True)  # ordered by change kind within a table


def _empty_lists(n: int) -> pa.ListArray:
    return pa.ListArray.from_arrays(pa.array(np.zeros(n + 1, np.int32)), pa.array([], pa.string()))


def _changed_rows(
    old: Iterable[pa.Array], new: pa.ChunkedArray, at: np.ndarray, by_old: np.ndarray
) -> np.ndarray:
    """Which new rows have a value different from their old row in this column.

    ``at``: each new row's position in old, -1 for a new record; ``by_old``: the new
    rows ordered by that position (``np.argsort(at)``), so that the rows pointing
    into each batch of old are found by binary search, not by a pass over all rows
    per batch. ``old`` comes in batches, in order, and each is compared with the new
    rows that point into it: memory holds one batch of the old column, never all of
    it. The new column is taken from chunk by chunk: Arrow's take on a column of
    several chunks, or combining them, copies the whole column.
    """
    out = np.zeros(len(at), dtype=bool)
    starts = np.cumsum([0, *(len(c) for c in new.chunks)])
    at_sorted = at[by_old]
    lo = 0
    for batch in old:
        i, j = np.searchsorted(at_sorted, [lo, lo + len(batch)])
        rows = np.sort(by_old[i:j])  # the new rows pointing into this batch
        cuts = np.searchsorted(rows, starts)
        for c, chunk in enumerate(new.chunks):  # new's chunks, uncopied
            here = rows[cuts[c] : cuts[c + 1]]
            if len(here):
                a = batch.take(pa.array(at[here] - lo))
                changed = _changed(a, chunk.take(pa.array(here - starts[c])))
                out[here] = changed.to_numpy(zero_copy_only=False)
        lo += len(batch)
    return out


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
        return pa.chunked_array(list(self.batches(name)), self._file.schema_arrow.field(name).type)

    def batches(self, name: str) -> Iterator[pa.Array]:
        # Batch by batch: reading a string column whole decodes it through a second
        # copy (a peak of twice the column).
        for batch in self._file.iter_batches(COMPARE_ROWS, columns=[name]):
            yield batch.column(0)

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
    version: str, previous: str | None, created: str, changes: pd.DataFrame, examples: int = 5
) -> str:
    """The human CHANGELOG.md section of a release."""
    lines = [f"## {version} ({created[:10]})", ""]
    if previous is None:
        lines.append("First release.")
    else:
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
