"""Validate all tables: each against its model, then the checks across tables.

Every failing row is reported, grouped by table, column and check; nothing is
published when anything fails.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_
import pyarrow.compute as pc

from schemas.quotes import Problem, quote_problems
from schemas.registry import TABLES
from trilat.errors import ValidationFailed
from trilat.gcpause import gc_paused

# Rows of a table turned into Python objects at a time by the quote check.
QUOTE_CHUNK_ROWS = 50_000
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


def _schema_problems(name: str, df: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(column, check, row description) for every failure of the table's model."""
    try:
        TABLES[name].model.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out = []
        key = TABLES[name].primary_key
        for row in exc.failure_cases.itertuples(index=False):
            idx = row.index
            where = f"row {idx}" if idx is not None and not pd.isna(idx) else "table"
            if idx is not None and not pd.isna(idx) and int(idx) < len(df):
                ident = ", ".join(f"{k}={df.iloc[int(idx)][k]!r}" for k in key if k in df)
                where = f"row {int(idx)} ({ident})"
            out.append((str(row.column), str(row.check), f"{where}: value {row.failure_case!r}"))
        return out
    return []


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
    tables: Mapping[str, pd.DataFrame], texts: Mapping[str, str] | None
) -> list[Problem]:
    """(table, column, check, row) for foreign keys, duplicate keys, offsets and quotes
    (these only with ``texts``)."""
    out = []
    for name, spec in TABLES.items():
        df = tables[name]
        dup = df.duplicated(list(spec.primary_key), keep=False)
        for i in df.index[dup]:
            out.append((name, ",".join(spec.primary_key), "primary key unique", f"row {i}"))
        for fk in spec.foreign_keys:
            target = tables[fk.table]
            # Vectorised: a key of several columns is compared as one joined string.
            missing = ~_isin(_joined(df, fk.fields), _joined(target, fk.reference))
            for i in df.index[missing]:
                v = tuple(df.loc[i, list(fk.fields)])
                out.append((name, ",".join(fk.fields), f"foreign key -> {fk.table}",
                            f"row {i}: {v!r} not in {fk.table}"))  # fmt: skip
    for name, text_col in (("mentions", "text"), ("evidence", "quote")):
        if texts is not None:
            out += _quote_problems(name, tables[name], text_col, texts)
    people = set(tables["people"]["person_id"].to_numpy().tolist())
    pubs = tables["publications"]
    for i, authors in zip(pubs.index, pubs["authors"], strict=True):
        for a in authors:
            if a not in people:
                out.append(("publications", "authors", "every author is a person",
                            f"row {i}: {a!r} not in people"))  # fmt: skip
    actors = tables["actors"]
    unused = ~_isin(actors["actor_id"], tables["mentions"]["actor_id"])
    for i in actors.index[unused]:
        out.append(("actors", "actor_id", "mentioned at least once",
                    f"row {i}: {actors.at[i, 'actor_id']}"))  # fmt: skip
    ev = tables["evidence"]
    for table, key in EVIDENCED.items():
        ids = tables[table][key]
        supported = ev.loc[ev["record_table"] == table, "record_id"]
        for i in ids.index[~_isin(ids, supported)]:
            out.append((table, key, "has evidence", f"row {i}: {ids.at[i]}"))
        orphan = (ev["record_table"] == table).to_numpy(dtype=bool) & ~_isin(ev["record_id"], ids)
        for i in ev.index[orphan]:
            out.append(("evidence", "record_id", f"record exists in {table}",
                        f"row {i}: {ev.at[i, 'record_id']}"))  # fmt: skip
    return out


def _quote_problems(
    name: str, df: pd.DataFrame, text_col: str, texts: Mapping[str, str]
) -> list[Problem]:
    """``quote_problems`` of a frame, each row named by its index."""
    out: list[Problem] = []
    for at in range(0, len(df), QUOTE_CHUNK_ROWS):
        # Plain lists via NumPy (Arrow-backed columns are several times slower to
        # iterate), a chunk at a time: a Python object per value, for a bounded number.
        chunk = df.iloc[at : at + QUOTE_CHUNK_ROWS]
        cols = [chunk[c].to_numpy().tolist() for c in ("doc_id", "start", "end", text_col)]
        if "quote_complete" in df:
            whole = chunk["quote_complete"].to_numpy().tolist()
        else:
            whole = [True] * len(chunk)
        rows = zip(chunk.index, *cols, whole, strict=True)
        out += quote_problems(name, text_col, rows, texts, name_row=lambda i, *_: f"row {i}")
    return out


def validate_tables(
    tables: Mapping[str, pd.DataFrame],
    texts: Mapping[str, str] | None,
    found: Iterable[Problem] = (),
) -> None:
    """Raise ValidationFailed listing every failing row, grouped; return None when all pass.

    Quotes are checked against ``texts``; a build passes None instead, with the
    problems its workers ``found`` checking the quotes against the texts they held.
    """
    missing = set(TABLES) - set(tables)
    if missing:
        raise ValidationFailed(f"tables missing from the build: {', '.join(sorted(missing))}")
    grouped: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for name, col, check, row in found:
        grouped[(name, col, check)].append(row)
    with gc_paused():
        well_formed = True
        for name in TABLES:
            for col, check, row in _schema_problems(name, tables[name]):
                grouped[(name, col, check)].append(row)
                well_formed = False
        if well_formed:  # cross-table checks assume each table is well-formed
            for name, col, check, row in _cross_problems(tables, texts):
                grouped[(name, col, check)].append(row)
    if not grouped:
        return
    details = []
    n_rows = sum(len(v) for v in grouped.values())
    for (name, col, check), rows in sorted(grouped.items()):
        details.append(f"{name}.{col}: {check}: {len(rows)} row(s)")
        details += [f"    {r}" for r in rows]
    raise ValidationFailed(
        f"validation failed: {n_rows} problem(s) in {len(grouped)} check(s); nothing was published",
        details,
    )
