"""A build killed with SIGKILL at random moments never damages the last release."""

import json
import os
import random
import shutil
import signal
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.helpers import run_trilat, start_trilat

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def start_build(raw: Path, out: Path):
    return start_trilat("build", "--raw", raw, "--out", out, "--force")


def run_build(raw: Path, out: Path):
    return run_trilat("build", "--raw", raw, "--out", out)


def assert_intact(out: Path) -> str:
    """LATEST names a complete release whose files match its datapackage."""
    import hashlib

    version = (out / "LATEST").read_text().strip()
    pkg = json.loads((out / version / "datapackage.json").read_text())
    for r in pkg["resources"]:
        data = (out / version / r["path"]).read_bytes()
        assert "sha256:" + hashlib.sha256(data).hexdigest() == r["hash"], r["path"]
    for p in out.iterdir():  # every visible release folder is complete
        if p.name[:1].isdigit():
            assert (p / "datapackage.json").exists(), p
    return version


def test_kill_9_at_random_moments(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(ROOT / "raw", raw)
    first = run_build(raw, out)
    assert first.returncode == 0, first.stderr
    assert_intact(out)
    rng = random.Random(7)
    registry = raw / "sources.yaml"
    for i in range(6):
        # A new title each round, so a finished build would publish a new release.
        registry.write_text(registry.read_text().replace("title: ", f"title: r{i} ", 1))
        proc = start_build(raw, out)
        time.sleep(rng.uniform(0.5, 9.0))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert_intact(out)
    last = run_build(raw, out)
    assert last.returncode == 0, last.stderr
    version = assert_intact(out)
    titles = pd.read_parquet(out / version / "documents.parquet")["title"]
    assert titles.str.startswith("r5 ").any()  # the last edit is published
    assert not list(out.glob(".tmp-*")), "the next build clears what killed builds left"


def test_a_second_build_waits_for_the_first(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(ROOT / "raw", raw)
    procs = [start_build(raw, out) for _ in range(2)]
    codes = [p.wait(timeout=600) for p in procs]
    assert codes == [0, 0]
    assert assert_intact(out) == "1.0.0"
    assert sorted(p.name for p in out.iterdir() if p.name[:1].isdigit()) == ["1.0.0"]
