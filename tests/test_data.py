"""Reading releases as a data user does: from any directory, with the package or with
pandas or DuckDB alone, and the text that offsets point into."""

from __future__ import annotations

import re
import subprocess
import sys

import pandas as pd
import pytest

from tests.helpers import ROOT
from trilat import citation, data
from trilat.errors import TrilatError
from trilat.pointer import latest_version, read_package

PROCESSED = ROOT / "processed"


def _python(code: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


def test_load_works_from_any_working_directory(tmp_path):
    done = _python("from trilat import load; print(len(load('events')))", tmp_path)
    assert done.returncode == 0, done.stderr
    newest = PROCESSED / latest_version(PROCESSED) / "events.parquet"
    assert int(done.stdout) == len(pd.read_parquet(newest))


def test_load_takes_a_version_a_folder_or_a_root(tmp_path, monkeypatch):
    assert len(data.load("documents", "1.0.0")) == len(data.load("documents", PROCESSED / "1.0.0"))
    with pytest.raises(TrilatError, match="no release in"):
        data.load("events", root=tmp_path)
    monkeypatch.setenv(data.ROOT_VARIABLE, str(tmp_path))
    assert data.default_root() == tmp_path


def test_text_is_what_the_offsets_point_into():
    ev = data.load("evidence")
    docs = data.load("documents")
    for doc_id in docs["doc_id"]:
        body = data.text(doc_id)
        rows = ev[ev["doc_id"] == doc_id]
        assert len(rows)
        for start, end, quote in zip(rows["start"], rows["end"], rows["quote"], strict=True):
            assert body[start:end].startswith(quote)
    with pytest.raises(TrilatError, match="no document"):
        data.text("no-such-document")


def _readme_commands() -> list[str]:
    """The data-user commands at the top of README.md, as written there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    top = readme[readme.index("## Using the data") : readme.index("## Quickstart")]
    return [line.strip() for line in top.splitlines() if line.strip().startswith("python -c ")]


def test_the_readme_data_user_commands_run_as_written():
    commands = _readme_commands()
    assert len(commands) == 2
    for command in commands:
        done = subprocess.run(command.replace("python", sys.executable, 1), shell=True,
                              cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
        assert done.returncode == 0, (command, done.stderr)
        assert "event_type" in done.stdout


def test_the_readme_names_no_release_that_could_go_stale():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for first, after in (("## Using the data", "## Quickstart"),
                         ("## Loading the data", "## Tables")):  # fmt: skip
        section = readme[readme.index(first) : readme.index(after)]
        assert not re.search(r"processed/\d+\.\d+\.\d+", section), first


def test_citation_cff_is_the_newest_releases():
    newest = PROCESSED / latest_version(PROCESSED)
    fresh = citation.render(read_package(newest))
    assert (ROOT / "CITATION.cff").read_text(encoding="utf-8") == fresh, (
        "CITATION.cff is out of date: run `trilat citation` and commit it"
    )


def test_the_readme_loading_example_runs_from_another_directory(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Loading the data with") :]
    code = section[section.index("```python\n") + 10 : section.index("```\n", 10)]
    done = _python(code, tmp_path)
    assert done.returncode == 0, done.stderr
