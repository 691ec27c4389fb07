"""The newest release and the build cache's fingerprint index: light, for the fast path.

Nothing here imports pandas or Prefect, so `trilat build` can tell within a
second that nothing changed.
"""

from __future__ import annotations

import json
from pathlib import Path

from trilat.files import write_atomic

POINTER = "LATEST"
PACKAGE = "datapackage.json"


def latest_version(out_dir: Path) -> str | None:
    try:
        v = (out_dir / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return v if v and (out_dir / v / PACKAGE).exists() else None


def read_package(release_dir: Path) -> dict:
    return json.loads((release_dir / PACKAGE).read_text(encoding="utf-8"))


def _cache_file(out_dir: Path) -> Path:
    return out_dir / ".cache" / "fingerprints.json"


def release_for_fingerprint(out_dir: Path, fingerprint: str) -> str | None:
    """The newest release, if it was built from exactly these inputs."""
    latest = latest_version(out_dir)
    if latest is None:
        return None
    try:
        known = json.loads(_cache_file(out_dir).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        known = {}
    if known.get(fingerprint) == latest:
        return latest
    try:
        pkg_fp = read_package(out_dir / latest).get("trilat", {}).get("input_fingerprint")
    except (OSError, json.JSONDecodeError):
        return None
    return latest if pkg_fp == fingerprint else None


def remember(out_dir: Path, fingerprint: str, version: str) -> None:
    path = _cache_file(out_dir)
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        known = {}
    known[fingerprint] = version
    write_atomic(path, json.dumps(known, indent=0, sort_keys=True))
