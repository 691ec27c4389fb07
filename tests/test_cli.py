import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trilat.cli import app

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
    assert "5 source(s) ok" in result.output


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
    assert not (tmp_path / "out").exists()


def test_eval_prints_a_table():
    result = runner.invoke(
        app,
        ["eval", "--gold", str(ROOT / "tests/gold"), "--raw", str(ROOT / "raw"), "--check-floors"],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split()[:4] == ["table", "precision", "recall", "f1"]
