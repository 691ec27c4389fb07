"""The source registry, ``raw/sources.yaml`` and the files it includes: load and validate it.

An entry names its text by ``file`` (a snapshot in the registry folder), by ``url``
(``trilat fetch`` stores the snapshot and pins it in ``sources.lock.json``), or both.
A URL-only entry not fetched yet is registered but waits: a build reads the sources
that have a snapshot and says how many wait (``Registry.waiting``).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from trilat.errors import InputError
from trilat.files import FileRefused, read_regular
from trilat.yamlfile import load_list

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LOCK_FILE = "sources.lock.json"
REGISTRY_FILE = "sources.yaml"
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
KINDS = (
    "article",
    "news",
    "commentary",
    "journal_article",
    "journal_roundtable",
    "policy_brief",
    "report",
    "statement",
    "speech",
    "transcript",
    "abstract",
    "book_chapter",
    "web_page",
    "treaty",
)
# SPDX identifiers, plus LicenseRef-* for the cases SPDX has no id for.
LICENSES = (
    "CC0-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-ND-4.0",
    "CC-BY-NC-ND-4.0",
    "LicenseRef-public-domain-us-government",
    "LicenseRef-all-rights-reserved",
    "LicenseRef-not-stated",
)


def latest_publication_date() -> date:
    """The latest publication date a source may state: tomorrow in UTC, so that a
    source published today anywhere on Earth is accepted."""
    return datetime.now(UTC).date() + timedelta(days=1)


def parse_date(value: str) -> tuple[date, str]:
    """'2025', '2025-10' or '2025-10-17' -> (first day, precision)."""
    m = DATE.match(value)
    if not m:
        raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = m.groups()
    if d and not mo:
        raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
    first = date(int(y), int(mo or 1), int(d or 1))  # raises on 2025-02-30
    return first, "day" if d else "month" if mo else "year"


class Source(BaseModel):
    """One registered source text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SLUG, max_length=80)
    title: str = Field(min_length=1)
    title_supplied: bool = False
    publisher: str = Field(min_length=1)
    authors: tuple[str, ...] = ()
    published: str | None = None
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    license: Literal[LICENSES]  # type: ignore[valid-type]
    kind: Literal[KINDS]  # type: ignore[valid-type]
    language: str = Field(default="en", pattern=r"^[a-z]{2}$")
    file: str | None = Field(default=None, min_length=1)
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    body_start: str | None = None
    body_end: str | None = None
    notes: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _date(cls, v: object) -> object:
        if isinstance(v, date):  # YAML turned an unquoted 2025-01-02 into a date
            v = v.isoformat()
        if isinstance(v, int):
            v = str(v)
        if v is not None:
            first, _ = parse_date(str(v))
            if first > latest_publication_date():
                raise ValueError(f"{v} is in the future; give the date the source states")
        return v

    @field_validator("url")
    @classmethod
    def _no_credentials(cls, v: str | None) -> str | None:
        if v is not None:
            parts = urlsplit(v)
            if parts.username is not None or parts.password is not None:
                raise ValueError("holds credentials (user:password@), which would be "
                                 "published with the dataset; remove them")  # fmt: skip
        return v

    @field_validator("file")
    @classmethod
    def _inside(cls, v: str | None) -> str | None:
        if v is not None and not _relative_inside(v):
            raise ValueError("must be a relative path inside the registry folder")
        return v

    @model_validator(mode="after")
    def _has_text(self) -> Source:
        if self.file is None and self.url is None:
            raise ValueError(
                "needs a 'url' (trilat fetch stores its snapshot) or a 'file' (a snapshot here)"
            )
        return self

    @property
    def published_date(self) -> date | None:
        return parse_date(self.published)[0] if self.published else None

    @property
    def date_precision(self) -> str | None:
        return parse_date(self.published)[1] if self.published else None


class Registry(BaseModel):
    """All sources, with the folder their files are relative to."""

    model_config = ConfigDict(frozen=True)

    root: Path
    path: Path
    sources: tuple[Source, ...]

    def snapshot_path(self, source: Source) -> Path:
        if source.file is None:
            raise InputError(
                f"source '{source.id}' has no snapshot yet",
                [f"registered in {self.path} by its url; `trilat fetch` fetches it"],
            )
        return self.root / source.file

    @property
    def waiting(self) -> tuple[Source, ...]:
        """Sources registered by their URL whose snapshot has not been fetched yet."""
        return tuple(s for s in self.sources if s.file is None)

    def with_snapshots(self) -> Registry:
        """The registry of the sources a build can read: those with a snapshot."""
        if not self.waiting:
            return self
        return self.model_copy(update={"sources": tuple(s for s in self.sources if s.file)})

    def buildable(self) -> Registry:
        """``with_snapshots()``, refused when sources are registered but none has one: a
        release of nothing is not published."""
        readable = self.with_snapshots()
        if self.sources and not readable.sources:
            raise InputError(
                f"none of the {len(self.sources)} registered source(s) has a snapshot yet; "
                "nothing was published",
                ["`trilat fetch` fetches them; `trilat update` fetches and builds"],
            )
        return readable


def _describe(err: dict) -> str:
    field = ".".join(str(p) for p in err["loc"]) or "(entry)"
    msg = err["msg"]
    if err["type"] == "literal_error":
        msg = "must be one of: " + ", ".join(map(str, err["ctx"]["expected"].split(" or ")))
    elif err["type"] == "extra_forbidden":
        msg = "unknown field (check the spelling; see README 'Adding a source')"
    return f"field '{field}': {msg}"


def load_registry(raw_dir: Path) -> Registry:
    """Read ``raw_dir/sources.yaml`` and the files its ``include:`` list names; every
    problem of every entry is reported at once.

    The last registry read is reused while its files are unchanged: ``trilat
    build`` checks the registry before Prefect starts, and its flow reads it again
    (0.3 s for 2,000 sources).
    """
    yamls = sorted(raw_dir.glob("*.y*ml")) if raw_dir.is_dir() else []
    key = (raw_dir.resolve(), *(_stat(p) for p in [raw_dir / REGISTRY_FILE, *yamls]),
           _stat(raw_dir / LOCK_FILE))  # fmt: skip
    if _last_read and _last_read[0] == key:
        return _last_read[1]
    registry = _read_registry(raw_dir)
    _last_read[:] = [key, registry]
    return registry


_last_read: list = []  # [key, Registry] of the last registry read


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def _relative_inside(name: str) -> bool:
    p = Path(name)
    return not p.is_absolute() and ".." not in p.parts


def _url_key(url: str) -> str:
    """A URL as compared for duplicates: scheme, host case, 'www.' and a final '/' aside."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}?{parts.query}"


def _registry_files(path: Path) -> list[Path]:
    """``sources.yaml`` and the files its ``include:`` list names, beside it in its folder
    (where ``load_registry`` notices that they changed)."""
    files, problems = [path], []
    for line, name in load_list(path, "include", required=False):
        if not isinstance(name, str) or not name.endswith((".yaml", ".yml")):
            problems.append(f"{path}:{line}: include {name!r}: expected a .yaml file name")
        elif Path(name).name != name or name in (".", "..", REGISTRY_FILE):
            problems.append(f"{path}:{line}: include {name!r}: must be another file in its folder")
        else:
            files.append(path.parent / name)
    if problems:
        raise InputError(f"{path}: {len(problems)} problem(s) in its include list", problems)
    for f in files[1:]:
        if load_list(f, "include", required=False):
            raise InputError(f"{f}: only {path} may include other files")
    return files


def _read_registry(raw_dir: Path) -> Registry:
    path = raw_dir / REGISTRY_FILE
    sources, problems, seen, urls = [], [], {}, {}
    for file in _registry_files(path):
        for line, item in load_list(file, "sources"):
            label = f"{file}:{line}"
            if not isinstance(item, dict):
                problems.append(f"{label}: entry is not a mapping")
                continue
            sid = item.get("id", "?")
            try:
                src = Source.model_validate(item)
            except ValidationError as exc:
                problems += [f"{label}: source '{sid}': {_describe(e)}" for e in exc.errors()]
                continue
            if src.id in seen:
                first = seen[src.id].removeprefix(f"{file}:")
                where = f"line {first}" if first.isdigit() else first
                problems.append(f"{label}: source '{sid}': duplicate id (first at {where})")
                continue
            url = _url_key(src.url) if src.url else None
            if url in urls:
                problems.append(f"{label}: source '{sid}': its url is registered as '{urls[url]}'")
                continue
            seen[src.id] = label
            if url:
                urls[url] = src.id
            sources.append(src)
    if problems:
        raise InputError(
            f"{path}: {len(problems)} problem(s) in the source registry; fix them and rerun",
            problems,
        )
    if not sources:
        raise InputError(
            f"{path}: no source is registered; a release needs at least one",
            ["add entries under 'sources:' (README 'Adding a source'); to withdraw the "
             "dataset, delete the releases instead of publishing an empty one"],
        )  # fmt: skip
    lock = read_lock(raw_dir)
    unknown = set(lock) - {s.id for s in sources}
    if unknown:
        raise InputError(
            f"{raw_dir / LOCK_FILE}: pins snapshots of unregistered source(s): "
            + ", ".join(sorted(unknown)),
            ["remove them from the lock file, or register the sources again"],
        )
    pinned = tuple(
        s.model_copy(update={"file": lock[s.id]["file"], "sha256": lock[s.id]["sha256"]})
        if s.id in lock else s
        for s in sources
    )  # fmt: skip
    return Registry(root=raw_dir, path=path, sources=pinned)


def _valid_lock_entry(entry: object) -> bool:
    if not isinstance(entry, dict) or not re.fullmatch(r"[0-9a-f]{64}", entry.get("sha256", "")):
        return False
    return _relative_inside(entry.get("file") or "/")


def read_lock(raw_dir: Path) -> dict[str, dict]:
    """``sources.lock.json``: the fetched snapshot each source's build uses."""
    path = raw_dir / LOCK_FILE
    try:
        data = json.loads(read_regular(path).decode("utf-8"))
    except FileNotFoundError:
        return {}
    except FileRefused as exc:
        raise InputError(f"{path} {exc}", ["restore it from git"]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{path}: not valid JSON ({exc})",
            ["restore it from git, or delete it and run `trilat fetch`"],
        ) from None
    entries = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise InputError(f'{path}: expected {{"sources": {{id: entry}}}}')
    for sid, entry in entries.items():
        if not _valid_lock_entry(entry):
            raise InputError(f"{path}: entry {sid!r} needs a relative 'file' and a 'sha256'")
    return entries


def read_snapshot(registry: Registry, source: Source) -> bytes:
    """The snapshot's bytes, checked against the pinned sha256.

    Only a regular file whose real path is inside the registry folder is read: a
    link to a file elsewhere (``/etc/passwd``) would publish it, and a named pipe or
    a device (``/dev/zero``) would hang the build."""
    path = registry.snapshot_path(source)
    try:
        data = read_regular(path, inside=registry.root)
    except FileNotFoundError:
        raise InputError(
            f"source '{source.id}': snapshot {path} not found",
            [f"registered in {registry.path}; restore the file or fix 'file'"],
        ) from None
    except FileRefused as exc:
        raise InputError(
            f"source '{source.id}': snapshot {path} {exc}; refused",
            [f"registered in {registry.path}; 'file' must name a regular file inside "
             f"{registry.root}: not a link out of it, a pipe or a device"],
        ) from None  # fmt: skip
    except OSError as exc:
        raise InputError(
            f"source '{source.id}': snapshot {path} cannot be read: {exc.strerror or exc}",
            [f"registered in {registry.path}; check the file's permissions"],
        ) from None
    found = hashlib.sha256(data).hexdigest() if source.sha256 else None
    if found != source.sha256:
        raise InputError(
            f"source '{source.id}': snapshot {path} does not match its pinned sha256",
            [
                f"expected {source.sha256}",
                f"found    {found}",
                "snapshots are immutable: register a changed text as a new snapshot file",
            ],
        )
    return data
