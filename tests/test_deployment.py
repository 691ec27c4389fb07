"""The scheduled deployment against a real `prefect server start` on localhost."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_deployment_is_created_and_a_run_completes(tmp_path):
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
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    (raw / "sources.yaml").write_text(
        (raw / "sources.yaml")
        .read_text()
        .replace(
            "    url: https://keia.org/publication/rok-us-japan-trilateral-security-cooperation/\n",
            "",  # no network here: build the seeds without fetching
        )
    )
    prefect = str(Path(sys.executable).with_name("prefect"))
    server = subprocess.Popen(
        [prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    served = None
    try:
        wait_for(lambda: httpx.get(f"{api}/health", timeout=2).status_code == 200, 120, "server")
        served = subprocess.Popen(
            [sys.executable, "-m", "trilat.cli", "serve", "--cron", "0 6 * * *",
             "--raw", str(raw), "--out", str(tmp_path / "out")],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"{api}/deployments/name/trilat-update/trilat-update"
        dep = wait_for(lambda: (r := httpx.get(url, timeout=5)).status_code == 200 and r.json(),
                       120, "the deployment")  # fmt: skip
        assert dep["schedules"][0]["schedule"]["cron"] == "0 6 * * *"
        created = f"{api}/deployments/{dep['id']}/create_flow_run"

        def create_run():
            # The embedded SQLite can answer "busy" while serve registers its schedule.
            r = httpx.post(created, json={}, timeout=10)
            return r.json()["id"] if r.status_code in (200, 201) else None

        run_id = wait_for(create_run, 120, "a flow run to be created")

        def finished():
            state = httpx.get(f"{api}/flow_runs/{run_id}", timeout=5).json()["state"]
            return state["type"] if state["type"] in ("COMPLETED", "FAILED", "CRASHED") else None

        assert wait_for(finished, 300, "the flow run") == "COMPLETED"
        assert (tmp_path / "out" / "LATEST").read_text().strip() == "1.0.0"
    finally:
        for proc in (served, server):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
