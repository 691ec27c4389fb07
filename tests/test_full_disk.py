"""A full disk: one error line naming the folder, no temporary file left, the last
release untouched."""

import errno
import os
import subprocess
import uuid
from pathlib import Path

import pytest

from flows.build import Big, validate_and_publish
from tests.helpers import run_trilat
from trilat import release
from trilat.errors import TrilatError
from trilat.files import write_atomic
from trilat.pointer import latest_version
from trilat.release import publish


def full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_write_atomic_leaves_no_temporary_file(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError):
        write_atomic(tmp_path / "x.json", "{}")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"),
                                   OSError("IOError: No space left on device")])  # fmt: skip
def test_publishing_onto_a_full_disk_names_the_folder(tables, vocab, tmp_path, monkeypatch,
                                                     error):  # fmt: skip
    publish(tables, tmp_path, "fp1")
    before = {p.name: p.read_bytes() for p in (tmp_path / "1.0.0").iterdir()}
    changed = {k: v.copy() for k, v in tables.items()}
    changed["actors"].loc[0, "name"] = "Changed"

    def write_parquet(*args):
        raise error  # Arrow's I/O errors carry no errno

    monkeypatch.setattr(release, "write_parquet", write_parquet)
    with pytest.raises(TrilatError) as err:
        validate_and_publish.fn(Big(changed), Big([]), tmp_path, "fp2", Big(vocab))
    assert err.value.message == (f"no space left on the device holding {tmp_path}; "
                                 "nothing was published")  # fmt: skip
    assert latest_version(tmp_path) == "1.0.0" and not list(tmp_path.glob(".tmp-*"))
    assert {p.name: p.read_bytes() for p in (tmp_path / "1.0.0").iterdir()} == before


@pytest.mark.slow
def test_a_build_onto_a_full_file_system(tmp_path):
    """A real full disk: a 200 KB tmpfs (needs root; skipped where mounting is not
    allowed)."""
    mount = tmp_path / f"tiny-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    tried = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)],
                           capture_output=True, text=True)  # fmt: skip
    if tried.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {tried.stderr.strip()}")
    try:
        out = mount / "out"
        result = run_trilat("build", "--out", out)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert f"error: no space left on the device holding {out}" in result.stderr
        assert latest_version(out) is None
        left = list(out.rglob(".tmp-*"))
        assert left == [], left
    finally:
        subprocess.run(["umount", str(mount)], check=False)
        Path(mount).rmdir()
