"""Read published releases from anywhere: ``from trilat import load, text``.

``load("events")`` reads the newest release of the project this package belongs to
(``processed/`` beside the package, in a checkout: see ``default_root``), whatever
the working directory; a version ("1.3.0"), "latest" or a release folder picks
another, and ``root`` another folder of releases.
"""

from __future__ import annotations

import os
from pathlib import Path

from trilat.errors import TrilatError

VIEWS_FILE = "views.sql"
ROOT_VARIABLE = "TRILAT_DATA"


def default_root() -> Path:
    """Where releases are read from by default: $TRILAT_DATA, else ``processed/`` of
    the project (``settings.project_dir``: $TRILAT_HOME, else the checkout this
    package was installed from, else the working directory)."""
    from trilat.settings import project_dir

    if os.environ.get(ROOT_VARIABLE):
        return Path(os.environ[ROOT_VARIABLE]).expanduser()
    return project_dir() / "processed"


def release_dir(ref: str | Path = "latest", root: str | Path | None = None) -> Path:
    """A release folder from 'latest' (the LATEST pointer), a version in ``root``, or a
    folder holding a datapackage.json."""
    from trilat.pointer import latest_version

    root = Path(root) if root is not None else default_root()
    path = Path(ref)
    if str(ref) == "latest":
        found = latest_version(root)
        if found is None:
            raise TrilatError(
                f"no release in {root}: it has no LATEST naming a release folder",
                [f"give the folder of releases (root=..., --out, or ${ROOT_VARIABLE}),",
                 "or build one with `trilat build`"],
            )  # fmt: skip
        path = root / found
    elif (root / str(ref) / "datapackage.json").exists():
        path = root / str(ref)
    if not (path / "datapackage.json").exists():
        raise TrilatError(
            f"{ref} is not a release folder or a version in {root}",
            ["give a folder with datapackage.json, a version such as 1.0.0, or 'latest'"],
        )
    return path


def load(table: str, version: str | Path = "latest", root: str | Path | None = None):
    """One table of a release as a pandas DataFrame (Arrow-backed dtypes).

    ``version``: 'latest', a version such as '1.3.0', or a release folder;
    ``root``: the folder of releases (default: ``default_root()``)."""
    import pandas as pd

    path = release_dir(version, root) / f"{table}.parquet"
    if not path.exists():
        raise TrilatError(f"no table {table!r} in {path.parent}")
    return pd.read_parquet(path, dtype_backend="pyarrow")


def text(
    doc_id: str,
    version: str | Path = "latest",
    root: str | Path | None = None,
    raw: str | Path | None = None,
) -> str:
    """The text a release's offsets for ``doc_id`` point into: ``text[start:end]`` is the
    span of a mention or an evidence row.

    Releases do not ship texts; this one is read again from the document's snapshot in
    ``raw`` (default: the project's ``raw/``) and normalised as the build did
    (``extract.text``), then checked against the release's ``content_sha256``."""
    import pandas as pd

    from trilat.check import snapshot_texts
    from trilat.settings import project_dir

    release = release_dir(version, root)
    docs = pd.read_parquet(release / "documents.parquet")
    row = docs[docs["doc_id"] == doc_id]
    if row.empty:
        raise TrilatError(f"no document {doc_id!r} in {release}",
                          [f"its documents: {', '.join(docs['doc_id'])}"])  # fmt: skip
    raw = Path(raw) if raw is not None else project_dir() / "raw"
    texts, unchecked = snapshot_texts(row, raw)
    if doc_id not in texts:
        raise TrilatError(f"the text of {doc_id!r} cannot be had from {raw}",
                          [unchecked.get(doc_id, "no snapshot")])  # fmt: skip
    return texts[doc_id]


def views_sql(out_dir: Path, version: str, tables: list[str]) -> str:
    """DuckDB views over one release, with paths relative to the releases folder."""
    lines = [
        f"-- TRILAT {version}: one view per table. Paths are relative to {out_dir.name}/:",
        f"--   python: duckdb.sql(\"SET file_search_path='{out_dir.name}'\"); "
        f"duckdb.sql(open('{out_dir.name}/{VIEWS_FILE}').read())",
        f"--   the duckdb program: cd {out_dir.name} && duckdb -init {VIEWS_FILE}",
        "--   or `trilat sql`, which sets DuckDB's file_search_path for you.",
    ]
    lines += [
        f"CREATE OR REPLACE VIEW {t} AS SELECT * FROM read_parquet('{version}/{t}.parquet');"
        for t in tables
    ]
    return "\n".join(lines) + "\n"


def connect(root: str | Path | None = None):
    """A DuckDB connection with a view per table of the newest release."""
    import duckdb

    root = (Path(root) if root is not None else default_root()).resolve()
    release_dir("latest", root)
    con = duckdb.connect()
    con.execute(f"SET file_search_path = '{root}'")
    con.execute((root / VIEWS_FILE).read_text(encoding="utf-8"))
    return con
