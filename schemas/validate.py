"""Validate all tables: each against its model, then the checks across tables.

Every failing row is reported, grouped by table, column and check; nothing is
published when anything fails.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_
import pyarrow.compute as pc

from schemas.layout import key_steps
from schemas.quotes import CHUNK_ROWS, Problem, quote_problems
from schemas.registry import TABLES

# Tables whose every record needs evidence, with their id column.
EVIDENCED = {
    "mentions": "mention_id",
    "events": "event_id",
    "agreements": "agreement_id",
    "force_posture": "observation_id",
    "people": "person_id",
    "publications": "publication_id",
    "citations": "citation_id",
    "recommendations": "recommendation_id",
}


def _schema_problems(spec, df: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(column, check, row description) for every failure of the table's model.

    A large table is validated in chunks of rows: Pandera's checks make copies of
    the columns they check (strings turned into Python objects for a pattern), which
    for a whole table were a peak of validation. Only the primary key is declared
    unique, and ``_key_problems`` checks it across the whole table.
    """
    out: dict[tuple[str, str, str], None] = {}  # a column's own failure comes once per chunk
    for at in range(0, max(len(df), 1), CHUNK_ROWS):
        out.update(dict.fromkeys(_chunk_problems(spec, df, df.iloc[at : at + CHUNK_ROWS])))
    return list(out)


def _chunk_problems(spec, df: pd.DataFrame, chunk: pd.DataFrame) -> list[tuple[str, str, str]]:
    try:
        spec.model.validate(chunk, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out = []
        key = spec.primary_key
        for row in exc.failure_cases.itertuples(index=False):
            idx = row.index
            where = f"row {idx}" if idx is not None and not pd.isna(idx) else "table"
            if idx is not None and not pd.isna(idx) and int(idx) < len(df):
                ident = ", ".join(f"{k}={df.iloc[int(idx)][k]!r}" for k in key if k in df)
                where = f"row {int(idx)} ({ident})"
            out.append((str(row.column), str(row.check), f"{where}: value {row.failure_case!r}"))
        return out
    return []


def _key_problems(spec, df: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Rows whose primary key repeats, or does not follow, the row before.

    Published rows are sorted by primary key, so each row is compared with the one
    before it (``key_steps``): a few bits per row, where a hash of every key
    (``DataFrame.duplicated``) held several times the key columns. The checks across
    tables, and the comparison of releases, rely on this order.
    """
    key = spec.primary_key
    if len(df) < 2:
        return []
    after, equal = key_steps([_column(df, k) for k in key])
    ok = pc.fill_null(after, False)
    if pc.all(ok).as_py():
        return []
    same = pc.fill_null(equal, False).to_numpy(zero_copy_only=False)
    out = []
    for i in np.flatnonzero(~ok.to_numpy(zero_copy_only=False)):
        row = df.index[i + 1]
        ident = ", ".join(f"{k}={df.iat[i + 1, df.columns.get_loc(k)]!r}" for k in key)
        check = "primary key unique" if same[i] else "rows in primary-key order"
        out.append((",".join(key), check, f"row {row} ({ident})"))
    return out


def _joined(df: pd.DataFrame, columns) -> pd.Series:
    parts = [df[c].astype(str) for c in columns]
    out = parts[0]
    for p in parts[1:]:
        out = out + "\x1f" + p
    return out


def _isin(values: pd.Series, allowed: pd.Series) -> np.ndarray:
    """Boolean mask: which values are in ``allowed``; in Arrow, without Python sets."""
    mask = pc.is_in(pa_.array(values), value_set=pa_.array(allowed).unique())
    return mask.to_numpy(zero_copy_only=False).astype(bool)


def _cross_problems(
    tables: Mapping[str, pd.DataFrame], texts: Mapping[str, str] | None, specs: Mapping
) -> list[Problem]:
    """(table, column, check, row) for foreign keys, duplicate keys, offsets and quotes
    (these only with ``texts``). A check of a table the release lacks (an early
    release has fewer) is left out."""
    out = []
    for name, spec in specs.items():
        df = tables[name]
        for fk in spec.foreign_keys:
            target = tables[fk.table]
            # Vectorised: a key of several columns is compared as one joined string.
            missing = ~_isin(_joined(df, fk.fields), _joined(target, fk.reference))
            for i in df.index[missing]:
                v = tuple(df.loc[i, list(fk.fields)])
                out.append((name, ",".join(fk.fields), f"foreign key -> {fk.table}",
                            f"row {i}: {v!r} not in {fk.table}"))  # fmt: skip
    for name, text_col in (("mentions", "text"), ("evidence", "quote")):
        if texts is not None and name in tables:
            out += _quote_problems(name, tables[name], text_col, texts)
    if "people" in tables and "publications" in tables:
        people = set(tables["people"]["person_id"].to_numpy().tolist())
        pubs = tables["publications"]
        for i, authors in zip(pubs.index, pubs["authors"], strict=True):
            for a in authors:
                if a not in people:
                    out.append(("publications", "authors", "every author is a person",
                                f"row {i}: {a!r} not in people"))  # fmt: skip
    if "actors" in tables and "mentions" in tables:
        actors = tables["actors"]
        unused = ~_isin(actors["actor_id"], tables["mentions"]["actor_id"])
        for i in actors.index[unused]:
            out.append(("actors", "actor_id", "mentioned at least once",
                        f"row {i}: {actors.at[i, 'actor_id']}"))  # fmt: skip
    if "evidence" in tables:
        out += _evidence_problems(tables)
    return out


def _evidence_problems(tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Records without evidence, and evidence of records that do not exist.

    Evidence is sorted by (record_table, record_id, ...) and every table by its id
    (``_key_problems``), so each table's ids are matched with one run of evidence,
    a window at a time (``_missing``): no set of every id is built.
    """
    ev = tables["evidence"]
    record_tables, record_ids = _column(ev, "record_table"), _column(ev, "record_id")
    out = []
    for table, key in EVIDENCED.items():
        if table not in tables:
            continue
        ids = _column(tables[table], key)
        first = bisect.bisect_left(_Sorted(record_tables), table)
        end = bisect.bisect_right(_Sorted(record_tables), table, first)
        supported = record_ids.slice(first, end - first)
        for i in _missing(ids, supported):
            out.append((table, key, "has evidence", f"row {tables[table].index[i]}: {ids[i]}"))
        for i in _missing(supported, ids):
            out.append(("evidence", "record_id", f"record exists in {table}",
                        f"row {ev.index[first + i]}: {supported[i]}"))  # fmt: skip
    return out


def _column(df: pd.DataFrame, name: str) -> pa_.ChunkedArray:
    """A column as Arrow: the frame's own chunks for an Arrow dtype, not a copy."""
    values = pa_.array(df[name])
    return values if isinstance(values, pa_.ChunkedArray) else pa_.chunked_array([values])


class _Sorted(Sequence):
    """A sorted Arrow column as a sequence of Python values, for ``bisect``: only the
    values the search looks at are converted."""

    def __init__(self, values: pa_.ChunkedArray) -> None:
        self._values = values

    def __getitem__(self, i):
        return self._values[i].as_py()

    def __len__(self) -> int:
        return len(self._values)


def _missing(values: pa_.ChunkedArray, sorted_set: pa_.ChunkedArray) -> np.ndarray:
    """Positions of ``values`` (sorted) not in ``sorted_set`` (sorted), a window of
    ``values`` at a time looked up in the stretch of ``sorted_set`` it spans."""
    out = []
    lo = 0
    for at in range(0, len(values), CHUNK_ROWS):
        window = values.slice(at, CHUNK_ROWS)
        i = bisect.bisect_left(_Sorted(sorted_set), window[0].as_py(), lo)
        j = bisect.bisect_right(_Sorted(sorted_set), window[-1].as_py(), i)
        found = pc.is_in(window, value_set=sorted_set.slice(i, j - i).combine_chunks())
        out.append(np.flatnonzero(~found.to_numpy(zero_copy_only=False)) + at)
        lo = i
    return np.concatenate(out) if out else np.zeros(0, np.int64)


def _quote_problems(
    name: str, df: pd.DataFrame, text_col: str, texts: Mapping[str, str]
) -> list[Problem]:
    """``quote_problems`` of a frame, each row named by its index."""
    out: list[Problem] = []
    for at in range(0, len(df), CHUNK_ROWS):
        # Plain lists via NumPy (Arrow-backed columns are several times slower to
        # iterate), a chunk at a time: a Python object per value, for a bounded number.
        chunk = df.iloc[at : at + CHUNK_ROWS]
        cols = [chunk[c].to_numpy().tolist() for c in ("doc_id", "start", "end", text_col)]
        if "quote_complete" in df:
            whole = chunk["quote_complete"].to_numpy().tolist()
        else:
            whole = [True] * len(chunk)
        rows = zip(chunk.index, *cols, whole, strict=True)
        out += quote_problems(name, text_col, rows, texts, name_row=lambda i, *_: f"row {i}")
    return out


def table_problems(
    tables: Mapping[str, pd.DataFrame],
    texts: Mapping[str, str] | None,
    found: Iterable[Problem] = (),
    specs: Mapping | None = None,
) -> tuple[str, list[str]] | None:
    """Every failing row, grouped: (one line that sums them up, the details), or None
    when all pass. The caller raises (``trilat.check.validate_tables``).

    Quotes are checked against ``texts``; a build passes None instead, with the
    problems its workers ``found`` checking the quotes against the texts they held.
    ``specs``: each table's model, key and foreign keys (``TableSpec``s); today's
    tables by default, a published release's own (``schemas.published``) to check it.
    """
    specs = TABLES if specs is None else specs
    missing = set(specs) - set(tables)
    if missing:
        return f"tables missing from the build: {', '.join(sorted(missing))}", []
    grouped: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for name, col, check, row in found:
        grouped[(name, col, check)].append(row)
    well_formed = True
    for name, spec in specs.items():
        problems = _schema_problems(spec, tables[name])
        problems = problems or _key_problems(spec, tables[name])  # needs valid columns
        for col, check, row in problems:
            grouped[(name, col, check)].append(row)
            well_formed = False
    if well_formed:  # cross-table checks assume each table is well-formed, in key order
        for name, col, check, row in _cross_problems(tables, texts, specs):
            grouped[(name, col, check)].append(row)
    if not grouped:
        return None
    details = []
    n_rows = sum(len(v) for v in grouped.values())
    for (name, col, check), rows in sorted(grouped.items()):
        details.append(f"{name}.{col}: {check}: {len(rows)} row(s)")
        details += [f"    {r}" for r in rows]
    return f"validation failed: {n_rows} problem(s) in {len(grouped)} check(s)", details
