"""What a build depends on, as one sha256: registry, snapshots, vocabularies, code.

Kept free of heavy imports: ``trilat build`` compares this fingerprint with the
newest release's and stops within a second when nothing changed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from trilat.settings import PROJECT_ROOT

CODE_DIRS = ("extract", "schemas", "flows", "trilat")
CODE_FILES = ("requirements.lock",)


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def code_sha256() -> str:
    """Hash of the pipeline's own source files and the dependency lock."""
    h = hashlib.sha256()
    files = [p for d in CODE_DIRS for p in sorted((PROJECT_ROOT / d).rglob("*.py"))]
    files += [PROJECT_ROOT / f for f in CODE_FILES if (PROJECT_ROOT / f).exists()]
    for p in files:
        h.update(p.relative_to(PROJECT_ROOT).as_posix().encode() + b"\0")
        h.update(p.read_bytes() + b"\0")
    return h.hexdigest()


def input_fingerprint(raw_dir: Path, snapshot_files: list[Path], ref_dir: Path) -> str:
    """Combined hash of everything a build reads. Missing files hash as missing."""
    h = hashlib.sha256()
    registry = [("registry", raw_dir / "sources.yaml"), ("lock", raw_dir / "sources.lock.json")]
    for label, path in registry + [("snapshot", p) for p in snapshot_files]:
        h.update(label.encode() + b"\0" + str(path.relative_to(raw_dir)).encode() + b"\0")
        h.update((_file_sha256(path) if path.exists() else "missing").encode() + b"\0")
    for p in sorted(ref_dir.glob("*.yaml")):
        h.update(b"reference\0" + p.name.encode() + b"\0" + _file_sha256(p).encode() + b"\0")
    h.update(b"code\0" + code_sha256().encode())
    return h.hexdigest()
