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


# A build process that starts Prefect's server and a worker pool, prints their ids and
# kills itself as the OOM killer would.
_KILLED_WITH_CHILDREN = """
import json, os, signal, sys
from pathlib import Path
from flows.apiserver import prefect_api
server = prefect_api()
from multiprocessing import resource_tracker
from schemas.registry import table_layouts
from trilat import batchfolder, workers
from trilat.reference import load_vocabulary
from trilat.registry import load_registry
root = Path(sys.argv[1])
groups = batchfolder.split(load_registry(root / "raw"), max_bytes=1)
vocab = load_vocabulary(root / "reference")
with workers.pool(2, len(groups), vocab, table_layouts()) as pool:
    pool.extract(groups[0], Path(sys.argv[2]))
    pids = [p.pid for p in pool.executor._processes.values()]
    Path(sys.argv[3]).write_text(json.dumps({"server": server.process.pid, "workers": pids,
                                 "tracker": resource_tracker._resource_tracker._pid}))
    os.kill(os.getpid(), signal.SIGKILL)
"""


def _gone(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.mark.skipif(not os.sys.platform.startswith("linux"), reason="Linux process ids")
def test_children_die_with_a_build_killed_by_sigkill(tmp_path):
    import subprocess
    import sys

    # No pipes: children that outlived it would hold them open, and the test would hang.
    ids = tmp_path / "ids.json"
    proc = subprocess.run(
        [sys.executable, "-c", _KILLED_WITH_CHILDREN, str(ROOT), str(tmp_path / "cache"), ids],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300,
    )  # fmt: skip
    assert proc.returncode == -signal.SIGKILL
    pids = json.loads(ids.read_text())
    family = [pids["server"], pids["tracker"], *pids["workers"]]
    assert len(pids["workers"]) == 2
    deadline = time.monotonic() + 30
    while not all(_gone(p) for p in family) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [p for p in family if not _gone(p)]
    for p in left:  # nothing the test started keeps running
        os.kill(p, signal.SIGKILL)
    assert not left, f"still running after their parent was killed: {left} of {pids}"
