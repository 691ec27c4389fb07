"""Prefect's API server, started by the command line before Prefect is imported."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from flows import apiserver
from flows.apiserver import Server
from tests.helpers import ROOT
from trilat.errors import TrilatError


def _process(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code])


def test_a_server_that_stops_as_it_starts_is_one_clear_error(monkeypatch):
    server = Server(_process("raise SystemExit(3)"), port=1)
    monkeypatch.setattr(apiserver, "_started", server)
    monkeypatch.setenv("PREFECT_API_URL", server.url)
    monkeypatch.setenv(apiserver._OURS, server.url)
    with pytest.raises(TrilatError, match=r"stopped as it started \(exit code 3\)") as exc:
        server.wait()
    assert any("PREFECT_API_URL" in d for d in exc.value.details)
    # Forgotten: a later call in this process starts afresh, and no child inherits it.
    assert apiserver._started is None
    assert "PREFECT_API_URL" not in os.environ and apiserver._OURS not in os.environ


def test_a_server_that_never_answers_is_stopped_after_the_timeout(monkeypatch):
    monkeypatch.setenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "0.3")
    server = Server(_process("import time; time.sleep(60)"), port=1)
    with pytest.raises(TrilatError, match=r"did not answer within 0\.3 s"):
        server.wait()
    assert server.process.poll() is not None, "the process was stopped"


def test_a_users_own_server_is_used_as_it_is(monkeypatch):
    monkeypatch.setattr(apiserver, "_started", None)
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example:4200/api")
    server = apiserver.prefect_api()
    assert (server.process, server.embedded) == (None, False)
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY

    before = PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value()
    assert before is not None
    with server.running():  # a lasting server keeps its heartbeats
        assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() == before


@pytest.fixture
def no_settings(monkeypatch, tmp_path):
    """A working folder and a Prefect home with no settings in them."""
    monkeypatch.setattr(apiserver, "_started", None)
    for var in ("PREFECT_API_URL", apiserver._OURS, "PREFECT_PROFILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(tmp_path / "none.toml"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".env", "PREFECT_API_URL='http://h:4200/api'\n"),
        ("prefect.toml", '[api]\nurl = "http://h:4200/api"\n'),
        ("pyproject.toml", '[tool.prefect]\napi.url = "http://h:4200/api"\n'),
    ],
)
def test_a_server_named_in_the_working_folders_settings_is_the_users(no_settings, name, text):
    assert apiserver._users_api_url() is None
    (no_settings / name).write_text(text)
    assert apiserver._users_api_url() == "http://h:4200/api"


def test_a_server_trilat_started_is_not_taken_for_the_users(no_settings, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:1234/api")
    monkeypatch.setenv(apiserver._OURS, "http://127.0.0.1:1234/api")
    assert apiserver._users_api_url() is None  # a parent trilat's: start one's own


def test_on_a_dask_cluster_prefect_keeps_its_own_server(no_settings):
    server = apiserver.prefect_api(start=False)
    assert server.process is None and server.embedded and apiserver._started is None
    assert "PREFECT_API_URL" not in os.environ


def test_the_local_server_is_never_reached_through_a_proxy(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy:3128")
    monkeypatch.setenv("NO_PROXY", "example.org")
    monkeypatch.delenv("no_proxy", raising=False)
    apiserver._bypass_proxies_for_localhost()
    assert os.environ["NO_PROXY"] == "example.org,127.0.0.1"
    assert os.environ["no_proxy"] == "127.0.0.1"


@pytest.mark.parametrize("active", ["env", "file"])
def test_a_server_named_in_the_active_prefect_profile_is_the_users(monkeypatch, tmp_path, active):
    monkeypatch.setattr(apiserver, "_started", None)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(
        'active = "mine"\n[profiles.mine]\nPREFECT_API_URL = "http://h:4200/api"\n'
        "[profiles.other]\n"
    )
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(profiles))
    if active == "env":  # PREFECT_PROFILE chooses over the file's "active"
        monkeypatch.setenv("PREFECT_PROFILE", "other")
        assert apiserver._users_api_url() is None
    else:
        monkeypatch.delenv("PREFECT_PROFILE", raising=False)
        assert apiserver._users_api_url() == "http://h:4200/api"
        assert apiserver.prefect_api().embedded is False


def test_flows_on_an_embedded_server_send_no_heartbeats(no_settings):
    import prefect  # noqa: F401  (imported: Prefect starts its own server)
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY

    server = apiserver.prefect_api()
    assert server.process is None and server.embedded
    with server.running():
        assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() is None
    assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() is not None


START = """
import os, signal, sys
from flows.apiserver import prefect_api
api = prefect_api()
assert "prefect" not in sys.modules
assert os.environ["PREFECT_API_URL"] == api.url
api.wait()
from prefect.settings import PREFECT_API_URL
assert PREFECT_API_URL.value() == api.url, "Prefect finds the server started for it"
print(api.process.pid, flush=True)
if sys.argv[1] == "sigterm":
    os.kill(os.getpid(), signal.SIGTERM)
"""


@pytest.mark.slow
@pytest.mark.parametrize(("end", "code"), [("exit", 0), ("sigterm", 128 + 15)])
def test_the_server_starts_before_prefect_is_imported_and_stops_at_exit(end, code):
    done = subprocess.run([sys.executable, "-c", START, end], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == code, done.stderr
    pid = int(done.stdout.split()[-1])
    with pytest.raises(ProcessLookupError):  # stopped and reaped at exit, or on SIGTERM
        os.kill(pid, 0)
