"""A published release that was changed, or a lost LATEST: the build notices and says
what to do; it never answers "unchanged" for, or diffs against, a changed release."""

import shutil
from pathlib import Path

import pytest

from tests.helpers import run_trilat
from trilat.errors import InputError
from trilat.fingerprint import input_fingerprint
from trilat.pointer import (
    ReleaseChanged,
    latest_version,
    release_for_fingerprint,
    remember,
    repair_pointer,
)
from trilat.release import publish, refuse_withdrawal

ROOT = Path(__file__).resolve().parent.parent


def changed(tables, name: str) -> dict:
    out = {k: v.copy() for k, v in tables.items()}
    out["actors"].loc[0, "name"] = name
    return out


def tamper(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\0")


def test_a_changed_release_is_never_called_unchanged_nor_diffed_against(tables, tmp_path):
    publish(tables, tmp_path, "fp1")
    tamper(tmp_path / "1.0.0" / "events.parquet")
    with pytest.raises(ReleaseChanged) as err:
        release_for_fingerprint(tmp_path, "fp1")
    assert err.value.message.startswith(f"release {tmp_path / '1.0.0'} was changed after it")
    assert any("events.parquet: sha256 differs" in d for d in err.value.details)
    assert any("git checkout" in d for d in err.value.details)
    with pytest.raises(ReleaseChanged):
        publish(changed(tables, "Changed"), tmp_path, "fp2")
    assert latest_version(tmp_path) == "1.0.0"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name[0].isdigit()) == ["1.0.0"]
    assert not list(tmp_path.glob(".tmp-*"))


def test_a_missing_table_file_is_a_changed_release(tables, tmp_path):
    publish(tables, tmp_path, "fp1")
    (tmp_path / "1.0.0" / "actors.parquet").unlink()
    with pytest.raises(ReleaseChanged, match="was changed after it was published") as err:
        release_for_fingerprint(tmp_path, "fp1")
    assert any("actors.parquet: missing" in d for d in err.value.details)


@pytest.mark.parametrize("damage", ["emptied", "deleted", "garbage"])
def test_a_lost_latest_is_recovered_from_the_release_folders(tables, tmp_path, damage):
    publish(tables, tmp_path, "fp1")
    publish(changed(tables, "Changed"), tmp_path, "fp2")
    pointer = tmp_path / "LATEST"
    if damage == "emptied":
        pointer.write_text("")
    elif damage == "deleted":
        pointer.unlink()
    else:
        pointer.write_text("../../etc\n")
    assert latest_version(tmp_path) == "1.0.1"
    assert release_for_fingerprint(tmp_path, "fp2") == "1.0.1"
    assert publish(changed(tables, "Again"), tmp_path, "fp3").version == "1.0.2"
    assert pointer.read_text() == "1.0.2\n"


def test_repair_pointer_rewrites_latest_once(tables, tmp_path):
    publish(tables, tmp_path, "fp1")
    (tmp_path / "LATEST").write_text("")
    assert "names the newest release folder, 1.0.0, again" in repair_pointer(tmp_path)
    assert (tmp_path / "LATEST").read_text() == "1.0.0\n"
    assert repair_pointer(tmp_path) is None
    assert repair_pointer(tmp_path / "nothing-here") is None


def test_the_command_line_says_so_in_one_line(tmp_path):
    out = tmp_path / "out"
    shutil.copytree(ROOT / "processed", out, ignore=shutil.ignore_patterns(".cache"))
    version = (out / "LATEST").read_text().strip()
    remember(out, input_fingerprint(ROOT / "raw", ROOT / "reference", out / ".cache"), version)
    ok = run_trilat("build", "--out", out)
    assert ok.returncode == 0 and "unchanged" in ok.stderr, ok.stderr

    (out / "LATEST").write_text("")
    ok = run_trilat("build", "--out", out)
    assert ok.returncode == 0 and f"names the newest release folder, {version}" in ok.stderr
    assert (out / "LATEST").read_text() == f"{version}\n"

    tamper(out / version / "events.parquet")
    bad = run_trilat("build", "--out", out)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    first = bad.stderr.splitlines()[0]
    assert first == f"error: release {out / version} was changed after it was published; " \
                    "nothing was built"  # fmt: skip


def test_a_published_source_that_cannot_be_read_is_not_withdrawn(tables, tmp_path):
    publish(tables, tmp_path, "fp1")
    sid = tables["documents"]["doc_id"].iloc[0]
    refuse_withdrawal(
        {"never-published": "source 'never-published' (x.txt): file is empty"}, tmp_path
    )  # a new source that cannot be read is only skipped
    with pytest.raises(InputError) as err:
        refuse_withdrawal({sid: f"source '{sid}' (x.txt): file is empty"}, tmp_path)
    assert err.value.message == ("1 source(s) of release 1.0.0 cannot be read now; "
                                 "nothing was published")  # fmt: skip
    assert err.value.details[0] == f"source '{sid}' (x.txt): file is empty"
    assert "remove the source from sources.yaml" in err.value.details[-1]


@pytest.mark.slow
def test_an_unpinned_source_that_becomes_unreadable_stops_the_build(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(ROOT / "raw", raw)
    (raw / "snapshots" / "extra.txt").write_text(
        "Japan and the Republic of Korea agreed on March 3, 2024 to expand cooperation.\n"
    )
    with (raw / "sources.yaml").open("a") as f:
        f.write(
            "\n  - id: extra\n    title: Extra\n    publisher: Somebody\n"
            "    license: CC-BY-4.0\n    kind: article\n    file: snapshots/extra.txt\n"
        )
    first = run_trilat("build", "--raw", raw, "--out", out)
    assert first.returncode == 0, first.stderr
    (raw / "snapshots" / "extra.txt").write_bytes(b"")  # unpinned: no sha256 to catch it
    second = run_trilat("build", "--raw", raw, "--out", out)
    assert second.returncode == 1 and "Traceback" not in second.stderr
    lines = second.stderr.splitlines()
    assert "error: 1 source(s) of release 1.0.0 cannot be read now; nothing was published" \
        in lines  # fmt: skip
    assert any("source 'extra'" in line and "file is empty" in line for line in lines)
    assert (out / "LATEST").read_text() == "1.0.0\n"
