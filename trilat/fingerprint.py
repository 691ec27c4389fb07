"""What a build depends on, as one sha256: the raw folder, vocabularies, code, lock.

Kept free of heavy imports: ``trilat build`` compares this fingerprint with the
newest release's and stops within a second when nothing changed. Every file
under the raw folder counts (registry, lock, snapshots), so the registry need
not even be parsed; file hashes are remembered by (size, mtime) in the build
cache, so an unchanged corpus is not read again.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from pathlib import Path

from trilat.files import file_sha256, write_atomic
from trilat.settings import PROJECT_ROOT

CODE_DIRS = ("extract", "schemas", "flows", "trilat")
CODE_FILES = ("requirements.lock",)
# A file modified this recently may change again within the same mtime tick: hash it.
FRESH_SECONDS = 2.0


def code_sha256() -> str:
    """Hash of the pipeline's own source files and the dependency lock."""
    h = hashlib.sha256()
    files = [p for d in CODE_DIRS for p in sorted((PROJECT_ROOT / d).rglob("*.py"))]
    files += [PROJECT_ROOT / f for f in CODE_FILES if (PROJECT_ROOT / f).exists()]
    for p in files:
        h.update(p.relative_to(PROJECT_ROOT).as_posix().encode() + b"\0")
        h.update(p.read_bytes() + b"\0")
    return h.hexdigest()


def _tree(folder: Path, known: dict, now: float) -> list[tuple[str, str]]:
    """(relative path, sha256) of every file below ``folder``, hidden files excepted.

    Only regular files are opened, so a named pipe or ``/dev/zero`` cannot hang the
    check that comes first in every build: a symbolic link to a regular file inside
    the folder counts by that file's bytes, any other link by its target's name, and
    anything else by its type (the build refuses to read them)."""
    out = []
    root = os.path.realpath(folder)
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        names = sorted(n for n in filenames if not n.startswith("."))
        names += [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        for name in names:
            path = Path(dirpath, name)
            rel = path.relative_to(folder).as_posix()
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                real = os.path.realpath(path)
                if not (Path(real).is_relative_to(root) and os.path.isfile(real)):
                    out.append((rel, f"link:{os.readlink(path)}"))
                    continue
                path, st = Path(real), os.stat(real)
            if not stat.S_ISREG(st.st_mode):
                out.append((rel, f"type:{stat.S_IFMT(st.st_mode):o}"))
                continue
            key = f"{folder}/{rel}"
            cached = known.get(key)
            if cached and cached[:2] == [st.st_size, st.st_mtime_ns] and \
                    now - st.st_mtime > FRESH_SECONDS:  # fmt: skip
                sha = cached[2]
            else:
                sha = file_sha256(path)
                known[key] = [st.st_size, st.st_mtime_ns, sha]
            out.append((rel, sha))
    return out


def input_fingerprint(raw_dir: Path, ref_dir: Path, cache_dir: Path | None = None) -> str:
    """Combined hash of everything a build reads."""
    known: dict = {}
    cache_file = cache_dir / "file-hashes.json" if cache_dir else None
    if cache_file is not None:
        try:
            known = json.loads(cache_file.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            known = {}
    before = len(known), dict(known)
    now = time.time()
    h = hashlib.sha256()
    for label, folder in (("raw", raw_dir.resolve()), ("reference", ref_dir.resolve())):
        for rel, sha in _tree(folder, known, now):
            h.update(f"{label}\0{rel}\0{sha}\0".encode())
    h.update(b"code\0" + code_sha256().encode())
    if cache_file is not None and (len(known), known) != before:
        write_atomic(cache_file, json.dumps(known))
    return h.hexdigest()
