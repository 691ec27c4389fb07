"""The extraction cache: each document's extraction result by its content key, kept in
pack files of one batch each (``OUT/.cache/extract/*.pack``).

One file per document cost a new file for every document of a cold build. Creating
a file is cheap on most file systems (about 0.06 ms here) but on an ext4 without a
journal (this machine's) every new inode skips, one at a time, the inodes deleted in
the last minutes: after a large output folder was deleted, the next cold build's
2,000 cache files took 1.3 ms of CPU each, and the two workers spun on the folder's
lock. A pack holds a batch's new results in one file.

A pack is written once, under a temporary name and renamed into place, and never
changed: a reader sees all of it or none. Its layout is the pickled results one
after another, then the index (key -> offset and length, pickled), then the index's
length (8 bytes). A pack whose index cannot be read is ignored: its documents are
extracted again. Old results are never deleted (a cache, not a record); packs add
up by one per batch that extracted anything, and each batch reads the indexes of its
version's packs (about 40 us each).
"""

from __future__ import annotations

import pickle
import struct
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from trilat.files import write_atomic

SUFFIX = ".pack"
_LENGTH = struct.Struct("<Q")


class PackCache:
    """Results by key from the packs of ``version`` in ``folder``; new ones kept until
    ``write``.

    ``version`` (the extractors' cache key) starts each pack's name: a new version of
    the vocabularies or extraction code, whose keys are all new, reads none of the
    older packs' indexes."""

    def __init__(self, folder: Path, version: str) -> None:
        self.folder = folder
        self.version = version
        self._index: dict[str, tuple[Path, int, int]] | None = None
        self._open: tuple[Path, BinaryIO] | None = None  # one at a time: few descriptors
        self._new: dict[str, bytes] = {}

    def get(self, key: str) -> Any | None:
        """The result stored under ``key``, or None."""
        if self._index is None:
            self._index = _read_indexes(self.folder, self.version)
        where = self._index.get(key)
        if where is None:
            return None
        path, offset, length = where
        try:
            f = self._file(path)
            f.seek(offset)
            return pickle.loads(f.read(length))
        except Exception:  # gone or damaged: extract again
            return None

    def _file(self, path: Path) -> BinaryIO:
        """The pack open for reading (a batch's documents are mostly in one pack)."""
        if self._open is None or self._open[0] != path:
            self.close()
            self._open = (path, path.open("rb"))
        return self._open[1]

    def put(self, key: str, value: Any) -> None:
        self._new[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def write(self) -> None:
        """Write what was put since the last write as one new pack (nothing if none)."""
        if not self._new:
            return
        chunks, index, offset = [], {}, 0
        for key, data in self._new.items():
            chunks.append(data)
            index[key] = (offset, len(data))
            offset += len(data)
        footer = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
        chunks += [footer, _LENGTH.pack(len(footer))]
        write_atomic(self.folder / f"{self.version}-{uuid.uuid4().hex}{SUFFIX}", b"".join(chunks))
        self._new = {}

    def close(self) -> None:
        if self._open is not None:
            self._open[1].close()
            self._open = None


@contextmanager
def pack_cache(folder: Path, version: str) -> Iterator[PackCache]:
    """A cache whose new results are written as one pack when the block succeeds."""
    cache = PackCache(folder, version)
    try:
        yield cache
        cache.write()
    finally:
        cache.close()


def _read_indexes(folder: Path, version: str) -> dict[str, tuple[Path, int, int]]:
    """key -> (pack, offset, length) for every readable pack of ``version``."""
    found: dict[str, tuple[Path, int, int]] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob(f"{version}-*{SUFFIX}")):
        if path.name.startswith("."):  # a temporary file a killed build left
            continue
        try:
            with path.open("rb") as f:
                size = f.seek(0, 2)
                f.seek(size - _LENGTH.size)
                (length,) = _LENGTH.unpack(f.read(_LENGTH.size))
                start = size - _LENGTH.size - length
                f.seek(start)
                index = pickle.loads(f.read(length))
            entries = {k: (path, o, n) for k, (o, n) in index.items() if o >= 0 and o + n <= start}
        except Exception:  # a damaged pack: its documents are extracted again
            continue
        found.update(entries)
    return found
