"""Publish a release: one immutable folder per version, written atomically.

Layout of the output folder::

    OUT/LATEST              the newest version, one line
    OUT/<version>/          <table>.parquet for each table, changes.parquet,
                            CHANGELOG.md (this release's section), datapackage.json
    OUT/CHANGELOG.md        every release's section, newest first
    OUT/.cache/             build state (ignored by git)

A release is written under a temporary name and renamed into place, and only
then is LATEST replaced; a crash or a failed validation leaves the previous
release and the pointer untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa_
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from schemas.datapackage import table_schema
from schemas.registry import CHANGES, TABLES, TableSpec
from trilat import __version__, about, card, citation
from trilat.changes import changelog_section, diff_tables, read_release
from trilat.data import VIEWS_FILE, views_sql
from trilat.errors import InputError, TrilatError
from trilat.files import file_sha256, fsync_dir, write_atomic
from trilat.pointer import (
    PACKAGE,
    POINTER,
    check_hashes,
    latest_version,
    pointed_version,
    read_package,
    remember,
)
from trilat.settings import available_cores
from trilat.universe import Universe
from trilat.versioning import FIRST_VERSION, bump, change_level, schema_changes

DATA_LICENSE = {
    "name": "CC-BY-NC-4.0",
    "path": "https://creativecommons.org/licenses/by-nc/4.0/",
    "title": "Creative Commons Attribution-NonCommercial 4.0, for TRILAT's own records; "
    "quoted source text stays under its source's terms (see README.md, Licences)",
}
LOCK_TIMEOUT_S = 600


@dataclass(frozen=True)
class Context:
    """What a release records beside its tables: what built it, and what its card says
    that the tables do not (``context`` makes one from a build's vocabularies)."""

    extractor_versions: Mapping[str, str] = field(default_factory=dict)
    code: Mapping[str, object] = field(default_factory=dict)  # provenance.code_commit()
    event_types: tuple[card.EventType, ...] = ()
    universe: Universe | None = None  # what the registry covers


def context(vocab, universe: Universe | None = None) -> Context:
    """The release context of a build with these vocabularies (``trilat.reference``) from
    a registry covering ``universe``."""
    from trilat.provenance import code_commit, extractor_versions

    types = tuple(card.EventType(t.type, t.plover, t.definition) for t in vocab.event_types)
    return Context(extractor_versions(vocab), code_commit(), types, universe)


@dataclass(frozen=True)
class Published:
    version: str
    path: Path
    created: bool  # False when the content equals the newest release
    warnings: tuple[str, ...] = ()  # sources skipped by the build, with the reason


def write_parquet(df: pd.DataFrame, schema: pa_.Schema, path: Path) -> None:
    """Deterministic Parquet: fixed schema, no pandas metadata, zstd.

    zstd's default level 3: level 9 made files about 12% smaller but took 2.5 to 3.6
    times as long to write (the largest tables of a 20 MB corpus).
    """
    table = pa_.Table.from_pandas(df, schema=schema, preserve_index=False)
    table = table.replace_schema_metadata(schema.metadata)
    pq.write_table(table, path, compression="zstd", compression_level=3, version="2.6")


def _schema_summary(pkg: Mapping) -> dict[str, dict[str, dict]]:
    """table -> column -> field (type, constraints) of the data tables of a package."""
    return {
        r["name"]: {f["name"]: f for f in r["schema"]["fields"]}
        for r in pkg["resources"]
        if r["name"] in TABLES
    }


def _package(
    version: str,
    resources: list[dict],
    fingerprint: str,
    previous: str | None,
    created: str,
    documents: pd.DataFrame,
    ctx: Context,
) -> dict:
    # One id per release, the same wherever it is built: a name-based UUID.
    release_uuid = uuid.uuid5(uuid.NAMESPACE_URL, f"{about.HOMEPAGE}/releases/{version}")
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "id": f"urn:uuid:{release_uuid}",
        "name": about.NAME,
        "title": about.TITLE,
        "description": about.DESCRIPTION,
        "version": version,
        "created": created,
        "homepage": about.HOMEPAGE,
        "keywords": list(about.KEYWORDS),
        "contributors": [
            {"title": about.AUTHORS, "roles": ["creator"]},
            {**about.MAINTAINER, "roles": ["contact"]},
        ],
        "licenses": [DATA_LICENSE],
        "sources": [_source(r) for r in documents.itertuples()],
        "resources": resources,
        "trilat": {
            "input_fingerprint": fingerprint,
            "previous_version": previous,
            "pipeline_version": __version__,
            "code": dict(ctx.code),
            "extractor_versions": dict(ctx.extractor_versions),
        },
    }


def _source(doc) -> dict:
    """A document as a Data Package source: its title, publisher and address."""
    out = {"title": f"{doc.title} ({doc.publisher})"}
    if doc.url is not None and not pd.isna(doc.url):
        out["path"] = doc.url
    return out


def _point_to(out_dir: Path, version: str) -> None:
    write_atomic(out_dir / POINTER, version + "\n", durable=True)


def _write_resource(folder: Path, spec: TableSpec, df: pd.DataFrame) -> dict:
    path = folder / f"{spec.name}.parquet"
    write_parquet(df, spec.arrow_schema, path)
    return {
        "name": spec.name,
        "path": path.name,
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "description": spec.description,
        # No "bytes": frictionless-py reads Parquet through pyarrow, not its byte
        # stream, so it cannot count them and reports every declared count as wrong.
        # It skips the hash, which `trilat validate` and sha256sum check.
        "hash": f"sha256:{file_sha256(path)}",
        "rows": len(df),
        "schema": table_schema(spec),
    }


def _write_resources(
    folder: Path, tables: Mapping[str, pd.DataFrame], check: Callable[[], None] | None
) -> list[dict]:
    """Every table's Parquet file and its resource entry, in TABLES order.

    Arrow encodes and compresses without holding the GIL, so the tables are
    written by threads, the largest first, while ``check`` runs here; when it
    raises, the files are left to be removed with their temporary folder.
    """
    names = sorted(TABLES, key=lambda n: len(tables[n]), reverse=True)
    with ThreadPoolExecutor(min(4, available_cores())) as pool:
        futures = {n: pool.submit(_write_resource, folder, TABLES[n], tables[n]) for n in names}
        if check is not None:
            check()
        return [futures[n].result() for n in TABLES]


def _data_hashes(resources: list[dict]) -> dict[str, str]:
    return {r["name"]: r["hash"] for r in resources if r["name"] in TABLES}


def _version_sort_key(name: str) -> tuple[int, ...]:
    return tuple(int(x) for x in name.split("."))


def write_changelog(out_dir: Path) -> None:
    """OUT/CHANGELOG.md: every release's section, newest first (derived, rewritten whole)."""
    releases = sorted(
        (p for p in out_dir.iterdir() if (p / "CHANGELOG.md").exists() and p.name[0].isdigit()),
        key=lambda p: _version_sort_key(p.name),
        reverse=True,
    )
    text = "# TRILAT data changelog\n\n" + "\n".join(
        (p / "CHANGELOG.md").read_text(encoding="utf-8") for p in releases
    )
    write_atomic(out_dir / "CHANGELOG.md", text)


def published_documents(out_dir: Path) -> tuple[str, set[str]] | None:
    """The newest release's version and the ids of its documents (None: no release)."""
    version = latest_version(out_dir)
    if version is None:
        return None
    check_hashes(out_dir, version)
    ids = pq.read_table(out_dir / version / "documents.parquet", columns=["doc_id"])
    return version, set(ids.column("doc_id").to_pylist())


def refuse_withdrawal(skipped: Mapping[str, str], out_dir: Path) -> None:
    """Raise InputError when a source the build could not read (``skipped``: id ->
    warning) is in the newest release: leaving it out would withdraw its records,
    which takes the source's removal from the registry, never a file that became
    unreadable (an unpinned snapshot overwritten, a new reader that fails)."""
    published = published_documents(out_dir) if skipped else None
    if published is None:
        return
    version, ids = published
    if withdrawn := sorted(set(skipped) & ids):
        raise InputError(
            f"{len(withdrawn)} source(s) of release {version} cannot be read now; "
            "nothing was published",
            [*(skipped[sid] for sid in withdrawn),
             "restore or fix the file(s); to withdraw a source's records, remove the "
             "source from sources.yaml"],
        )  # fmt: skip


def _unchanged(out_dir: Path, fingerprint: str, version: str) -> Published:
    """The newest release already holds these tables: remember that these inputs made it
    (and point LATEST to it again if LATEST had been lost)."""
    if pointed_version(out_dir) != version:
        _point_to(out_dir, version)
    remember(out_dir, fingerprint, version)
    return Published(version, out_dir / version, created=False)


def publish(
    tables: Mapping[str, pd.DataFrame],
    out_dir: Path,
    fingerprint: str,
    check: Callable[[], None] | None = None,
    ctx: Context | None = None,
) -> Published:
    """Write a new release when the tables differ from the newest one.

    ``check`` (the validation) runs while the Parquet files are being written:
    nothing is published, and the previous release stays the newest, if it raises.
    ``ctx``: what built it and what the card says beyond the tables (the universe
    the registry covers among them).
    """
    ctx = ctx or Context()
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(out_dir / ".lock")
    try:
        lock.acquire(timeout=LOCK_TIMEOUT_S)
    except Timeout:
        raise TrilatError(
            f"another build is publishing into {out_dir}; waited {LOCK_TIMEOUT_S} s",
            [f"if no build is running, remove {out_dir / '.lock'}"],
        ) from None
    # What builds killed mid-publish left behind; safe to remove under the lock.
    for stale in out_dir.glob(".tmp-*"):
        shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink()
    tmp = out_dir / f".tmp-{uuid.uuid4().hex}"
    try:
        tmp.mkdir()
        resources = _write_resources(tmp, tables, check)
        previous = latest_version(out_dir)
        old_tables = {}
        if previous is not None:
            check_hashes(out_dir, previous)  # never diff against a changed release
            old = read_package(out_dir / previous)
            old_schema, new_schema = _schema_summary(old), _schema_summary({"resources": resources})
            same_bytes = _data_hashes(old["resources"]) == _data_hashes(resources)
            if same_bytes and old_schema == new_schema:
                return _unchanged(out_dir, fingerprint, previous)
            old_tables = read_release(out_dir / previous)
        changes = diff_tables(old_tables, tables)
        if previous is not None and not len(changes) and old_schema == new_schema:
            # The same records in other bytes (a new Parquet writer or compression).
            return _unchanged(out_dir, fingerprint, previous)
        if previous is None:
            version = FIRST_VERSION
        else:
            added = bool((changes["change"] == "added").any())
            version = bump(previous, change_level(old_schema, new_schema, added))
        resources.append(_write_resource(tmp, CHANGES, changes))
        created = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        schema = schema_changes(old, {"resources": resources}) if previous is not None else []
        (tmp / "CHANGELOG.md").write_text(
            changelog_section(version, previous, created, changes, schema=schema),
            encoding="utf-8",
        )
        (tmp / "README.md").write_text(
            card.render(tables, version, created, previous, changes, ctx), encoding="utf-8"
        )
        card.timeline_png(tables["events"], tmp / "timeline.png")
        pkg = _package(version, resources, fingerprint, previous, created,
                       tables["documents"], ctx)  # fmt: skip
        (tmp / PACKAGE).write_text(json.dumps(pkg, indent=2) + "\n", encoding="utf-8")
        (tmp / citation.FILE).write_text(citation.render(pkg), encoding="utf-8")
        for f in tmp.iterdir():
            with f.open("rb") as fh:
                os.fsync(fh.fileno())
        fsync_dir(tmp)
        final = out_dir / version
        if final.exists():
            if not (final / PACKAGE).exists() or _data_hashes(
                read_package(final)["resources"]
            ) != _data_hashes(resources):
                raise TrilatError(
                    f"release {final} exists but {POINTER} does not name it",
                    ["releases are immutable: move that folder away and rebuild"],
                )
            # A build died after renaming the release into place but before
            # moving the pointer: that release is complete, adopt it.
        else:
            os.rename(tmp, final)
        _point_to(out_dir, version)
        write_changelog(out_dir)
        write_atomic(out_dir / VIEWS_FILE, views_sql(out_dir, version, [*TABLES, "changes"]))
        remember(out_dir, fingerprint, version)
        return Published(version, final, created=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        lock.release()
