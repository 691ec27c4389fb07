"""Validate all tables: each against its model, then the checks across tables.

Every failing row is reported, grouped by table, column and check; nothing is
published when anything fails.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import pandas as pd
import pandera.pandas as pa

from schemas.registry import TABLES
from trilat.errors import ValidationFailed

# Tables whose every record needs evidence, with their id column.
EVIDENCED = {
    "mentions": "mention_id",
    "events": "event_id",
    "agreements": "agreement_id",
    "force_posture": "observation_id",
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


def _cross_problems(
    tables: Mapping[str, pd.DataFrame], texts: Mapping[str, str]
) -> list[tuple[str, str, str, str]]:
    """(table, column, check, row) for foreign keys, duplicate keys, offsets and quotes."""
    out = []
    for name, spec in TABLES.items():
        df = tables[name]
        dup = df.duplicated(list(spec.primary_key), keep=False)
        for i in df.index[dup]:
            out.append((name, ",".join(spec.primary_key), "primary key unique", f"row {i}"))
        for fk in spec.foreign_keys:
            target = tables[fk.table]
            known = set(map(tuple, target[list(fk.reference)].astype(object).to_numpy()))
            values = df[list(fk.fields)].astype(object).to_numpy()
            for i, v in zip(df.index, map(tuple, values), strict=True):
                if v not in known:
                    out.append(
                        (
                            name,
                            ",".join(fk.fields),
                            f"foreign key -> {fk.table}",
                            f"row {i}: {v!r} not in {fk.table}",
                        )
                    )
    for name, text_col in (("mentions", "text"), ("evidence", "quote")):
        df = tables[name]
        complete = df["quote_complete"] if "quote_complete" in df else [True] * len(df)
        for i, doc, s, e, q, whole in zip(
            df.index, df["doc_id"], df["start"], df["end"], df[text_col], complete, strict=True
        ):
            text = texts.get(doc)
            if text is None:
                continue  # reported by the foreign key check
            if not 0 <= s < e <= len(text):
                out.append(
                    (
                        name,
                        "start,end",
                        "offsets inside document",
                        f"row {i}: [{s}:{e}] outside {doc} (length {len(text)})",
                    )
                )
            elif (text[s:e] != q) if whole else not text[s:e].startswith(q):
                out.append(
                    (
                        name,
                        text_col,
                        "equals document text[start:end]" if whole else "begins text[start:end]",
                        f"row {i}: {q[:60]!r} != {text[s:e][:60]!r}",
                    )
                )
    if len(tables["actors"]):
        used = set(tables["mentions"]["actor_id"])
        for i, a in zip(tables["actors"].index, tables["actors"]["actor_id"], strict=True):
            if a not in used:
                out.append(("actors", "actor_id", "mentioned at least once", f"row {i}: {a}"))
    ev = tables["evidence"]
    for table, key in EVIDENCED.items():
        ids = set(tables[table][key])
        supported = set(ev.loc[ev["record_table"] == table, "record_id"])
        for i, r in zip(tables[table].index, tables[table][key], strict=True):
            if r not in supported:
                out.append((table, key, "has evidence", f"row {i}: {r}"))
        for i in ev.index[(ev["record_table"] == table) & ~ev["record_id"].isin(ids)]:
            out.append(
                (
                    "evidence",
                    "record_id",
                    f"record exists in {table}",
                    f"row {i}: {ev.at[i, 'record_id']}",
                )
            )
    return out


def validate_tables(tables: Mapping[str, pd.DataFrame], texts: Mapping[str, str]) -> None:
    """Raise ValidationFailed listing every failing row, grouped; return None when all pass."""
    missing = set(TABLES) - set(tables)
    if missing:
        raise ValidationFailed(f"tables missing from the build: {', '.join(sorted(missing))}")
    grouped: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for name in TABLES:
        for col, check, row in _schema_problems(name, tables[name]):
            grouped[(name, col, check)].append(row)
    if not grouped:  # cross-table checks assume each table is well-formed
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
