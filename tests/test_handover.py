"""Batch tables handed from worker processes to the build through files."""

import pyarrow as pa
from filelock import FileLock

from trilat import handover


def test_tables_come_back_equal_and_their_files_are_gone(tmp_path):
    tables = {"a": pa.table({"x": [1, 2, 3]}), "b": pa.table({"s": ["p", None, "q"]})}
    with handover.folder(tmp_path) as own:
        files = handover.write(tables, own)
        back = handover.read(files)
        assert list(own.iterdir()) == []
    assert back.keys() == tables.keys()
    assert all(back[n].equals(t) for n, t in tables.items())
    assert list(tmp_path.iterdir()) == []  # the folder and its lock are removed too


def test_a_killed_builds_folder_is_removed_and_a_running_ones_kept(tmp_path):
    abandoned, running = tmp_path / "abandoned", tmp_path / "running"
    for path in (abandoned, running):
        path.mkdir()
        (path / "t.arrow").write_bytes(b"x")
    with FileLock(running.with_suffix(".lock")), handover.folder(tmp_path) as own:
        assert not abandoned.exists()
        assert (running / "t.arrow").exists()
        assert own.exists()


def test_a_failed_build_leaves_no_lock_and_stray_locks_are_removed(tmp_path):
    import pytest

    with pytest.raises(RuntimeError), handover.folder(tmp_path):
        raise RuntimeError("a failed assembly")
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "gone.lock").touch()  # left by an older build, its folder removed
    with handover.folder(tmp_path) as own:
        assert not (tmp_path / "gone.lock").exists()
        path = handover.write_object({"k": [1, 2]}, own)
        assert handover.read_object(path) == {"k": [1, 2]}
        assert list(own.iterdir()) == []
