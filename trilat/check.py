"""``trilat validate``: check a contribution or a release without building."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from extract.text import UnreadableSource, to_text
from trilat.errors import InputError, ValidationFailed
from trilat.files import FileRefused, file_sha256, read_regular
from trilat.gcpause import gc_paused
from trilat.pointer import PACKAGE, read_package
from trilat.reference import load_vocabulary
from trilat.registry import load_registry, read_snapshot


def validate_tables(tables, texts, found=(), specs=None) -> None:
    """Raise ``ValidationFailed`` listing every failing row, grouped; return None when
    all pass. The arguments are those of ``schemas.validate.table_problems``."""
    from schemas.validate import table_problems

    with gc_paused():  # millions of short-lived objects, none in a cycle
        failed = table_problems(tables, texts, found, specs)
    if failed is not None:
        raise ValidationFailed(*failed)


def check_inputs(raw_dir: Path, ref_dir: Path) -> Iterator[str]:
    """Registry fields, snapshot files and hashes, and the vocabularies."""
    registry = load_registry(raw_dir)
    problems, n = [], 0
    for s in registry.with_snapshots().sources:
        try:
            to_text(read_snapshot(registry, s), Path(s.file).suffix)
            continue
        except InputError as exc:
            problems += [exc.message, *(f"    {d}" for d in exc.details)]
        except UnreadableSource as exc:
            problems.append(f"source '{s.id}' ({registry.snapshot_path(s)}): {exc}")
        n += 1
    if problems:
        raise InputError(f"{registry.path}: {n} snapshot problem(s)", problems)
    ok = f"{registry.path}: {len(registry.sources)} source(s) ok"
    if registry.waiting:
        ok += f" ({len(registry.waiting)} not fetched yet: `trilat fetch` fetches them)"
    yield ok
    vocab = load_vocabulary(ref_dir)
    yield f"{ref_dir}: {len(vocab.actors)} actor(s), {len(vocab.places)} place(s) ok"


def check_release(release_dir: Path, raw_dir: Path | None = None) -> Iterator[str]:
    """Every table of a release against the schema it was published with (its own
    datapackage.json: ``schemas.published``), its hash and its keys across tables;
    with ``raw_dir``, every quote against the text of the snapshot it was taken from
    (the documents whose published snapshot and text hashes ``raw_dir`` still has)."""

    import pandas as pd
    import pandera.pandas as pa
    import pyarrow.parquet as pq

    from schemas.published import published_tables, schema_of, type_problems

    if not (release_dir / PACKAGE).exists():
        raise InputError(f"{release_dir}: no {PACKAGE}; is this a release folder?")
    pkg = read_package(release_dir)
    problems, tables = [], {}
    for r in pkg["resources"]:
        path = release_dir / r["path"]
        if not path.exists():
            problems.append(f"{path}: listed in {PACKAGE} but missing")
            continue
        digest = "sha256:" + file_sha256(path)
        if digest != r["hash"]:
            problems.append(f"{path}: sha256 differs from datapackage.json (file was changed)")
            continue
        problems += type_problems(r, pq.read_schema(path))
        tables[r["name"]] = pd.read_parquet(path, dtype_backend="pyarrow")
    if problems:
        raise ValidationFailed(
            f"{release_dir}: {len(problems)} file(s) or column(s) do not match {PACKAGE}",
            problems,
        )
    specs = published_tables(pkg)
    data = {name: tables[name] for name in specs}
    # Texts are not shipped in a release: they are read again from the snapshots.
    texts, unchecked = snapshot_texts(data["documents"], raw_dir) if raw_dir else ({}, {})
    try:
        validate_tables(data, texts=texts if raw_dir else None, specs=specs)
    except ValidationFailed as exc:
        raise ValidationFailed(f"{release_dir}: {exc.message}", exc.details) from None
    for r in pkg["resources"]:
        if r["name"] not in specs:  # changes.parquet, against its own published schema
            try:
                schema_of(r).validate(tables[r["name"]], lazy=True)
            except pa.errors.SchemaErrors as exc:
                raise ValidationFailed(
                    f"{release_dir}: {r['path']} does not match its schema",
                    [str(exc.failure_cases)],
                ) from None
    yield (f"{release_dir}: {len(tables)} table(s) ok against the schema of version "
           f"{pkg.get('version')}")  # fmt: skip
    if raw_dir:
        n = len(data["documents"])
        yield f"{release_dir}: quotes of {len(texts)} of {n} document(s) match their snapshots"
        if n and not texts:
            yield f"  warning: no snapshot in {raw_dir} is one this release was built from"
        for doc_id, why in list(unchecked.items())[:10]:
            yield f"  not checked: '{doc_id}': {why}"
        if len(unchecked) > 10:
            yield f"  not checked: {len(unchecked) - 10} more"


def snapshot_texts(documents, raw_dir: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The texts of a release's documents read again from the snapshots registered in
    ``raw_dir``, for those whose snapshot and text have the sha256 the release
    published; and, for every other document, why it cannot be checked."""
    registry = load_registry(raw_dir)
    sources = {s.id: s for s in registry.sources}
    texts, unchecked = {}, {}
    rows = zip(documents["doc_id"], documents["snapshot_sha256"], documents["content_sha256"],
               strict=True)  # fmt: skip
    for doc_id, snapshot_sha, content_sha in rows:
        source = sources.get(doc_id)
        if source is None:
            unchecked[doc_id] = f"not registered in {registry.path}"
            continue
        if source.file is None:
            unchecked[doc_id] = f"no snapshot in {registry.path.parent}; `trilat fetch` fetches it"
            continue
        path = _snapshot(registry.snapshot_path(source), snapshot_sha)
        try:
            data = read_regular(path, inside=registry.root)
        except FileRefused as exc:
            raise InputError(
                f"source '{doc_id}': snapshot {path} {exc}; refused",
                [f"snapshots must be regular files inside {registry.root}"],
            ) from None
        except OSError as exc:
            unchecked[doc_id] = f"{path}: {exc.strerror or exc}"
            continue
        if hashlib.sha256(data).hexdigest() != snapshot_sha:
            unchecked[doc_id] = f"{path} is not the snapshot the release was built from"
            continue
        try:
            text = to_text(data, path.suffix)
        except UnreadableSource as exc:
            unchecked[doc_id] = f"{path}: {exc}"
            continue
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != content_sha:
            unchecked[doc_id] = f"{path} reads as another text now (a new reader version?)"
            continue
        texts[doc_id] = text
    return texts, unchecked


def _snapshot(registered: Path, sha256: str) -> Path:
    """The registered file, or, when a fetch has registered a newer one since, the older
    snapshot beside it that is named by its sha256 (as ``trilat fetch`` names them)."""
    if registered.name.startswith(sha256):
        return registered
    older = registered.with_name(f"{sha256}{registered.suffix}")
    return older if older.exists() else registered
