"""``trilat validate``: check a contribution or a release without building."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from extract.text import UnreadableSource, to_text
from trilat.errors import InputError, ValidationFailed
from trilat.files import file_sha256
from trilat.pointer import PACKAGE, read_package
from trilat.reference import load_vocabulary
from trilat.registry import load_registry, read_snapshot


def check_inputs(raw_dir: Path, ref_dir: Path) -> Iterator[str]:
    """Registry fields, snapshot files and hashes, and the vocabularies."""
    registry = load_registry(raw_dir)
    problems = []
    for s in registry.sources:
        try:
            to_text(read_snapshot(registry, s), Path(s.file).suffix)
        except InputError as exc:
            problems += [exc.message, *(f"    {d}" for d in exc.details)]
        except UnreadableSource as exc:
            problems.append(f"source '{s.id}' ({registry.snapshot_path(s)}): {exc}")
    if problems:
        raise InputError(f"{registry.path}: {len(problems)} snapshot problem(s)", problems)
    yield f"{registry.path}: {len(registry.sources)} source(s) ok"
    vocab = load_vocabulary(ref_dir)
    yield f"{ref_dir}: {len(vocab.actors)} actor(s), {len(vocab.places)} place(s) ok"


def check_release(release_dir: Path) -> Iterator[str]:
    """Every table of a release against its model, its hash and the cross-table keys."""

    import pandas as pd
    import pandera.pandas as pa

    from schemas.registry import CHANGES, TABLES
    from schemas.validate import validate_tables

    if not (release_dir / PACKAGE).exists():
        raise InputError(f"{release_dir}: no {PACKAGE}; is this a release folder?")
    pkg = read_package(release_dir)
    problems, tables = [], {}
    for r in pkg["resources"]:
        path = release_dir / r["path"]
        digest = "sha256:" + file_sha256(path)
        if digest != r["hash"]:
            problems.append(f"{path}: sha256 differs from datapackage.json (file was changed)")
        tables[r["name"]] = pd.read_parquet(path, dtype_backend="pyarrow")
    if problems:
        raise ValidationFailed(f"{release_dir}: {len(problems)} file(s) do not match", problems)
    missing = set(TABLES) - set(tables)
    if missing:
        raise ValidationFailed(f"{release_dir}: missing table(s) {', '.join(sorted(missing))}")
    # Texts are not shipped in a release: offsets and quotes are checked at build time.
    validate_tables(tables, texts=None)
    if "changes" in tables:
        try:
            CHANGES.model.validate(tables["changes"], lazy=True)
        except pa.errors.SchemaErrors as exc:
            raise ValidationFailed(
                f"{release_dir}: changes.parquet does not match its schema",
                [str(exc.failure_cases)],
            ) from None
    yield f"{release_dir}: {len(tables)} table(s) ok (version {pkg.get('version')})"
