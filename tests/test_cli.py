import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.mark.parametrize("args", [[], ["build"], ["validate"], ["eval"]])
def test_help_explains_every_command(args):
    result = runner.invoke(app, [*args, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert len(result.output.splitlines()) > 5


def test_validate_the_repository_inputs():
    result = runner.invoke(app, ["validate", "--raw", str(ROOT / "raw")])
    assert result.exit_code == 0, result.output
    assert "source(s) ok (" in result.output and " not fetched yet: `trilat fetch`" in result.output


def test_a_bad_registry_is_one_clear_line_then_details(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    path = raw / "sources.yaml"
    path.write_text(path.read_text().replace('published: "2023-08-17"', 'published: "2023-17"'))
    result = runner.invoke(app, ["build", "--raw", str(raw), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("error: ") and "problem(s) in the source registry" in lines[0]
    assert "source 'dp-depetris-2023-bridging-the-divide': field 'published'" in lines[1]
    assert not (tmp_path / "out" / "LATEST").exists()


def test_eval_prints_a_table():
    result = runner.invoke(
        app,
        ["eval", "--gold", str(ROOT / "tests/gold"), "--raw", str(ROOT / "raw"), "--check-floors"],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split()[:4] == ["table", "precision", "recall", "f1"]


@pytest.fixture
def two_releases(tables, tmp_path):
    from trilat.release import publish

    publish(tables, tmp_path, "fp1")
    fixed = {k: v.copy() for k, v in tables.items()}
    fixed["actors"].loc[0, "name"] = "Renamed"
    publish(fixed, tmp_path, "fp2")
    return tmp_path


def test_diff_between_two_releases(two_releases):
    result = runner.invoke(app, ["diff", "1.0.0", "latest", "--out", str(two_releases)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].split() == ["table", "added", "modified", "removed"]
    assert lines[3].split() == ["actors", "0", "1", "0"]
    assert "actors modified:" in result.output and "(name)" in result.output


def test_diff_names_a_bad_release(two_releases):
    result = runner.invoke(app, ["diff", "9.9.9", "latest", "--out", str(two_releases)])
    assert result.exit_code == 1
    assert result.output.startswith("error: 9.9.9 is not a release folder or a version in")


def test_sql_and_load(two_releases):
    import trilat

    result = runner.invoke(
        app, ["sql", "--out", str(two_releases), "SELECT count(*) AS n FROM actors"]
    )
    assert result.exit_code == 0, result.output
    n = len(trilat.load("actors", root=two_releases))
    assert f" {n} " in result.output
    assert trilat.load("actors", version="1.0.0", root=two_releases).loc[0, "name"] != "Renamed"


def test_committed_codebook_is_fresh():
    """CODEBOOK.md must equal what `trilat codebook` generates now."""
    from trilat.codebook import render
    from trilat.pointer import latest_version

    out = ROOT / "processed"
    version = latest_version(out)
    fresh = render(out / version if version else None)
    assert (ROOT / "CODEBOOK.md").read_text(encoding="utf-8") == fresh, (
        "CODEBOOK.md is out of date: run `trilat codebook` and commit it"
    )


def _commands() -> list[str]:
    return [c.name or c.callback.__name__ for c in app.registered_commands]


@pytest.mark.parametrize("command", [None, *_commands()])
def test_no_flag_shows_a_value_in_help(command):
    """A flag (--force, --check, --help) takes no value, and its help shows none."""
    result = runner.invoke(app, [*([command] if command else []), "--help"])
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output and "BOOLEAN" not in result.output


@pytest.mark.parametrize("release", ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "latest"])
def test_validate_a_published_release_by_version(release):
    """Each release is checked against the schema it was published with."""
    result = runner.invoke(app, ["validate", release, "--raw", str(ROOT / "raw"),
                                 "--out", str(ROOT / "processed")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "table(s) ok against the schema of version" in result.output


def test_validate_names_an_unknown_release():
    result = runner.invoke(app, ["validate", "9.9.9", "--out", str(ROOT / "processed")])
    assert result.exit_code == 1
    assert "error: 9.9.9 is not a release folder or a version in" in result.output


def test_diff_lists_schema_changes():
    result = runner.invoke(app, ["diff", "1.2.0", "1.3.0", "--out", str(ROOT / "processed")])
    assert result.exit_code == 0, result.output
    assert "schema changes:" in result.output and "new table `people`" in result.output


def test_text_prints_what_offsets_point_into():
    from trilat.data import load

    ev = load("evidence", root=ROOT / "processed").iloc[0]
    result = runner.invoke(app, ["text", ev["doc_id"], "--out", str(ROOT / "processed"),
                                 "--raw", str(ROOT / "raw")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout[ev["start"] : ev["end"]].startswith(ev["quote"])


def test_citation_check():
    result = runner.invoke(app, ["citation", "--check", "--out", str(ROOT / "processed"),
                                 "--file", str(ROOT / "CITATION.cff")])  # fmt: skip
    assert result.exit_code == 0, result.output
