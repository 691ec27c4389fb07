"""Load published tables: ``from trilat import load; events = load("events")``."""

from __future__ import annotations

from pathlib import Path

from trilat.errors import TrilatError

VIEWS_FILE = "views.sql"


def release_dir(ref: str | Path = "latest", root: str | Path = "processed") -> Path:
    """A release folder from 'latest' (the LATEST pointer), a version in ``root``, or a
    folder holding a datapackage.json."""
    from trilat.pointer import latest_version

    root, path = Path(root), Path(ref)
    if str(ref) == "latest":
        found = latest_version(root)
        if found is None:
            raise TrilatError(f"no release in {root}", ["run `trilat build` first"])
        path = root / found
    elif not path.exists() and (root / ref).exists():
        path = root / ref
    if not (path / "datapackage.json").exists():
        raise TrilatError(
            f"{ref} is not a release folder or a version in {root}",
            ["give a folder with datapackage.json, a version such as 1.0.0, or 'latest'"],
        )
    return path


def load(table: str, version: str = "latest", root: str | Path = "processed"):
    """One table of a release as a pandas DataFrame (Arrow-backed dtypes)."""
    import pandas as pd

    path = release_dir(version, root) / f"{table}.parquet"
    if not path.exists():
        raise TrilatError(f"no table {table!r} in {path.parent}")
    return pd.read_parquet(path, dtype_backend="pyarrow")


def views_sql(out_dir: Path, version: str, tables: list[str]) -> str:
    """DuckDB views over one release, with paths relative to the releases folder."""
    lines = [
        f"-- TRILAT {version}: one view per table. Paths are relative to {out_dir.name}/:",
        f"--   cd {out_dir.name} && duckdb -init {VIEWS_FILE}",
        "-- or `trilat sql`, which sets DuckDB's file_search_path for you.",
    ]
    lines += [
        f"CREATE OR REPLACE VIEW {t} AS SELECT * FROM read_parquet('{version}/{t}.parquet');"
        for t in tables
    ]
    return "\n".join(lines) + "\n"


def connect(root: str | Path = "processed"):
    """A DuckDB connection with a view per table of the newest release."""
    import duckdb

    root = Path(root).resolve()
    release_dir("latest", root)
    con = duckdb.connect()
    con.execute(f"SET file_search_path = '{root}'")
    con.execute((root / VIEWS_FILE).read_text(encoding="utf-8"))
    return con
