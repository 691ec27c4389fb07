"""The scheduled deployment against a real `prefect server start` on localhost.

Prefect's scheduler service, not the test, creates the run: a scheduler that
fails (as with SQLAlchemy 2.1 and Prefect 3.8) never creates one and this test
fails after three minutes.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.helpers import stop_group

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow
FINAL = ("COMPLETED", "FAILED", "CRASHED", "CANCELLED")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, timeout: float, what: str, procs=()):
    """``check()``'s first true result; fails after ``timeout`` s or when a process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for p in procs:
            assert p.poll() is None, f"{p.args[:4]} exited with {p.returncode} ({what})"
        try:
            result = check()
            if result:
                return result
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def seeds_without_urls(raw: Path) -> Path:
    """The seeds, with no url to fetch and without the catalogue of URL-only sources
    (no network here)."""
    shutil.copytree(ROOT / "raw", raw)
    path = raw / "sources.yaml"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(line for line in lines
                            if not line.lstrip().startswith(("url:", "include:"))))  # fmt: skip
    return raw


def test_a_scheduled_run_reaches_a_final_state(tmp_path):
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    raw = seeds_without_urls(tmp_path / "raw")
    log = (tmp_path / "server.log").open("wb")
    prefect = str(Path(sys.executable).with_name("prefect"))
    server = subprocess.Popen(
        [prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    served = None
    try:
        wait_for(lambda: httpx.get(f"{api}/health", timeout=2).status_code == 200, 120,
                 "the server", [server])  # fmt: skip
        started = time.monotonic()
        served = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "serve", "--cron", "* * * * *",
             "--raw", str(raw), "--out", str(tmp_path / "out")],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        url = f"{api}/deployments/name/trilat-update/trilat-update"
        dep = wait_for(lambda: (r := httpx.get(url, timeout=5)).status_code == 200 and r.json(),
                       120, "the deployment", [server, served])  # fmt: skip
        assert dep["schedules"][0]["schedule"]["cron"] == "* * * * *"
        query = {"flow_runs": {"deployment_id": {"any_": [dep["id"]]}}, "sort": "START_TIME_ASC"}

        def finished():
            runs = httpx.post(f"{api}/flow_runs/filter", json=query, timeout=10).json()
            done = [r for r in runs if r["state_type"] in FINAL]
            return done[0] if done else None

        left = 180 - (time.monotonic() - started)
        run = wait_for(finished, left, "a scheduled run to finish", [server, served])
        assert run["auto_scheduled"], "the run was not created by the scheduler"
        assert run["state_type"] == "COMPLETED", run["state_name"]
        assert (tmp_path / "out" / "LATEST").read_text().strip() == "1.0.0"
        # Prefect's own client works against the server (fastapi >= 0.151 answered 422).
        ls = subprocess.run([prefect, "deployment", "ls"], env=env, capture_output=True,
                            text=True, timeout=120)  # fmt: skip
        assert ls.returncode == 0 and "trilat-update" in ls.stdout, ls.stdout + ls.stderr
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n--- server and serve log ---\n{log_tail(tmp_path)}") from None
    finally:
        for proc in (served, server):
            if proc is not None:
                stop_group(proc)
        log.close()


def log_tail(tmp_path: Path, lines: int = 40) -> str:
    return "\n".join((tmp_path / "server.log").read_text(errors="replace").splitlines()[-lines:])
