"""The newest release and the build cache's fingerprint index: light, for the fast path.

Nothing here imports pandas or Prefect, so `trilat build` can tell within a
second that nothing changed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from trilat.errors import TrilatError
from trilat.files import file_sha256, write_atomic

POINTER = "LATEST"
PACKAGE = "datapackage.json"


VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def pointed_version(out_dir: Path) -> str | None:
    """The release LATEST names, if that release folder is complete."""
    try:
        v = (out_dir / POINTER).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    return v if VERSION.match(v) and (out_dir / v / PACKAGE).exists() else None


def newest_folder(out_dir: Path) -> str | None:
    """The highest version among the complete release folders of ``out_dir``."""
    try:
        found = [p.name for p in out_dir.iterdir()
                 if VERSION.match(p.name) and (p / PACKAGE).is_file()]  # fmt: skip
    except FileNotFoundError:
        return None
    return max(found, key=lambda v: tuple(map(int, v.split("."))), default=None)


def latest_version(out_dir: Path) -> str | None:
    """The newest release: the one LATEST names, or, when LATEST is missing, empty or
    names no complete release (a crash, a careless edit), the highest version among
    the release folders, which are complete by construction (written under a
    temporary name and renamed). ``repair_pointer`` writes it back."""
    return pointed_version(out_dir) or newest_folder(out_dir)


def repair_pointer(out_dir: Path) -> str | None:
    """Rewrite a LATEST that names no complete release, under the publishing lock;
    returns a warning saying what was done, or None when LATEST was fine."""
    if pointed_version(out_dir) is not None or newest_folder(out_dir) is None:
        return None
    from filelock import FileLock

    with FileLock(out_dir / ".lock", timeout=600):
        if pointed_version(out_dir) is not None:  # another build published meanwhile
            return None
        newest = newest_folder(out_dir)
        if newest is None:
            return None
        write_atomic(out_dir / POINTER, newest + "\n", durable=True)
    return (f"{out_dir / POINTER} named no release; it names the newest release folder, "
            f"{newest}, again")  # fmt: skip


class ReleaseChanged(TrilatError):
    """A published release's files no longer match the hashes it was published with."""


def check_hashes(out_dir: Path, version: str) -> None:
    """Raise ReleaseChanged when a file of the release differs from its datapackage.json
    (or is missing): a build must not answer "unchanged" for, or diff against, a
    release that is not what was published."""
    folder = out_dir / version
    changed = []
    for r in read_package(folder)["resources"]:
        path = folder / r["path"]
        try:
            digest = "sha256:" + file_sha256(path)
        except FileNotFoundError:
            changed.append(f"{path}: missing")
            continue
        if digest != r.get("hash"):
            changed.append(f"{path}: sha256 differs from {PACKAGE}")
    if changed:
        raise ReleaseChanged(
            f"release {folder} was changed after it was published; nothing was built",
            [*changed, f"restore it (e.g. `git checkout -- {folder}`): releases are "
             "immutable, and the next release is compared with this one"],
        )  # fmt: skip


def read_package(release_dir: Path) -> dict:
    return json.loads((release_dir / PACKAGE).read_text(encoding="utf-8"))


def _cache_file(out_dir: Path) -> Path:
    return out_dir / ".cache" / "fingerprints.json"


def release_for_fingerprint(out_dir: Path, fingerprint: str) -> str | None:
    """The newest release, if it was built from exactly these inputs and its files are
    still those it was published with (else ReleaseChanged)."""
    latest = latest_version(out_dir)
    if latest is None:
        return None
    check_hashes(out_dir, latest)
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
