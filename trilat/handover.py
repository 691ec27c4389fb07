"""Batch tables (and other results) handed from the worker processes to the build
through files.

A worker writes its batch's tables as uncompressed Arrow IPC files; the build
memory-maps them and deletes the files at once (the mapping stays valid). The
tables then live in the page cache, once, instead of being pickled through a
pipe into the build's heap, which cost about twice the tables' size there.

Each pool hands over in its own folder, locked while the pool lives, so that
builds running side by side never touch each other's files, and a folder left
by a build that was killed is removed by the next one.
"""

from __future__ import annotations

import pickle
import shutil
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc
from filelock import FileLock, Timeout


@contextmanager
def folder(parent: Path) -> Iterator[Path]:
    """A new folder under ``parent`` for one pool's files, removed on exit; folders
    that no live build holds (left by a killed build) are removed first."""
    parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(parent)
    path = parent / uuid.uuid4().hex
    # Locked before it exists, so another build's clean-up never sees it unlocked.
    try:
        with FileLock(_lock_of(path)):
            path.mkdir()
            try:
                yield path
            finally:
                shutil.rmtree(path, ignore_errors=True)
    finally:
        _lock_of(path).unlink(missing_ok=True)


def _lock_of(path: Path) -> Path:
    return path.with_suffix(".lock")


def _remove_abandoned(parent: Path) -> None:
    """Remove the folders, and lock files, that no running build holds."""
    for path in parent.iterdir():
        if path.suffix == ".lock":
            path = path.with_suffix("")  # a lock whose folder may be gone already
        elif not path.is_dir():
            continue
        try:
            with FileLock(_lock_of(path), timeout=0):
                shutil.rmtree(path, ignore_errors=True)
        except Timeout:
            continue  # a running build's
        _lock_of(path).unlink(missing_ok=True)


def write(tables: Mapping[str, pa.Table], into: Path) -> dict[str, str]:
    """Each table as an Arrow IPC file in ``into``: table name -> file path."""
    files = {}
    for name, table in tables.items():
        path = into / f"{uuid.uuid4().hex}.arrow"
        with pa.OSFile(str(path), "wb") as sink, ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        files[name] = str(path)
    return files


def read(files: Mapping[str, str]) -> dict[str, pa.Table]:
    """The tables ``write`` wrote, memory-mapped (no copy); the files are deleted."""
    tables = {}
    for name, path in files.items():
        with pa.memory_map(path) as source:
            tables[name] = ipc.open_file(source).read_all()
        Path(path).unlink(missing_ok=True)
    return tables


def write_object(obj: object, into: Path) -> str:
    """A pickle of ``obj`` in ``into``, for another process to ``read_object``."""
    path = into / f"{uuid.uuid4().hex}.pkl"
    path.write_bytes(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
    return str(path)


def read_object(path: str) -> object:
    """What ``write_object`` wrote; the file is deleted."""
    obj = pickle.loads(Path(path).read_bytes())
    Path(path).unlink(missing_ok=True)
    return obj
