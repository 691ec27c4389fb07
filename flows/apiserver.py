"""Prefect's API server for one command, started before Prefect is imported.

Left to itself, Prefect starts its embedded server when a flow first calls the API: it
imports the server's whole application into the build process (about 1.2 s), then
waits 2.5 to 4 s for it to boot in a process of its own. Started here, at the
command's start, the server boots while the build process imports Prefect, reads the
registry and starts its workers. It is the same server, started as Prefect starts it
(``SubprocessASGIServer``: uvicorn with Prefect's app factory, its database under
PREFECT_HOME, stopped at exit); Prefect finds it through PREFECT_API_URL.

A user's own PREFECT_API_URL (wherever Prefect reads it from) wins, and a process that
imported Prefect before asking (tests calling the flows directly) keeps Prefect's
own embedded server: Prefect reads its settings once, at import.

Flows run against an embedded server send no heartbeats (``Server.running``).
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flows.prefect_env import configure_prefect
from trilat.errors import TrilatError

_EPHEMERAL = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
              "PREFECT__SERVER_FINAL": "1"}  # fmt: skip


@dataclass
class Server:
    """A server process starting on ``port``; ``wait`` returns once it answers.

    No process: the user's server (``embedded`` false) or Prefect's own embedded one,
    ready as far as this module knows."""

    process: subprocess.Popen | None
    port: int
    embedded: bool = True
    ready: bool = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def wait(self) -> None:
        """Block until the API answers; one clear error if the server does not start."""
        if self.ready or self.process is None:
            return
        timeout = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", 180))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._forget()
                raise TrilatError(
                    f"Prefect's API server stopped as it started (exit code "
                    f"{self.process.returncode})",
                    ["its own messages are above; PREFECT_HOME is "
                     + os.environ.get("PREFECT_HOME", "?"),
                     "set PREFECT_API_URL to use a server of your own instead"],
                )  # fmt: skip
            if _answers(self.url):
                self.ready = True
                return
            time.sleep(0.05)
        self._forget()
        raise TrilatError(
            f"Prefect's API server did not answer within {timeout:g} s",
            ["raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS on a slow machine"],
        )

    @contextmanager
    def running(self) -> Iterator[None]:
        """Wait for the server, then run flows with the settings it needs.

        An embedded server ends with this process, so heartbeats (which tell a lasting
        server that a flow run crashed) serve nobody; and Prefect's heartbeat thread,
        which sleeps in 1 s steps, held up the end of every flow run by up to a second
        (a flow with no tasks: 1.05-1.29 s with it, 0.14-0.20 s without)."""
        self.wait()
        if not self.embedded:
            yield
            return
        from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield

    def _forget(self) -> None:
        """Stop a server that failed to start, and leave no trace of it: a later call
        of ``prefect_api`` in this process starts afresh."""
        global _started
        self.stop()
        if _started is self:
            _started = None
        for var in ("PREFECT_API_URL", _OURS):
            if os.environ.get(var) == self.url:
                del os.environ[var]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


_started: Server | None = None
# The address of a server trilat started: a child process that inherits it as
# PREFECT_API_URL knows it is not the user's own server.
_OURS = "TRILAT_EMBEDDED_PREFECT_API"


def prefect_api(start: bool = True) -> Server:
    """The API server this process's flows will use, starting it if need be.

    Call it before anything imports Prefect, and run flows inside the result's
    ``running()``. Safe to call again: one server per process. ``start`` false (a
    build on a Dask cluster, whose workers on other machines cannot reach this
    one's 127.0.0.1): Prefect's own handling, as without this module.
    """
    global _started
    configure_prefect()
    if _started is not None:
        return _started
    if _users_api_url():
        return Server(None, 0, embedded=False)
    if not start or "prefect" in sys.modules:
        return Server(None, 0)  # Prefect starts its own when a flow runs
    port = _free_port()
    _started = Server(_launch(port), port)
    os.environ["PREFECT_API_URL"] = os.environ[_OURS] = _started.url
    _bypass_proxies_for_localhost()
    atexit.register(_started.stop)
    _stop_on_sigterm()
    return _started


def _users_api_url() -> str | None:
    """The user's own server, from the places Prefect reads PREFECT_API_URL from: the
    environment, a ``.env``, ``prefect.toml`` or ``pyproject.toml`` ([tool.prefect])
    in the working folder, and the active profile (``prefect config set`` writes
    there). Read without importing Prefect."""
    env = os.environ.get("PREFECT_API_URL")
    if env:
        return None if env == os.environ.get(_OURS) else env
    cwd = Path.cwd()
    return (
        _dotenv(cwd / ".env").get("PREFECT_API_URL")
        or _value(_toml(cwd / "prefect.toml"), "api", "url")
        or _value(_toml(cwd / "pyproject.toml"), "tool", "prefect", "api", "url")
        or _profile_api_url()
    )


def _profile_api_url() -> str | None:
    home = Path(os.environ.get("PREFECT_HOME", "~/.prefect")).expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH", home / "profiles.toml")).expanduser()
    profiles = _toml(path)
    active = os.environ.get("PREFECT_PROFILE") or _value(profiles, "active") or "ephemeral"
    return _value(profiles, "profiles", active, "PREFECT_API_URL")


def _toml(path: Path) -> dict:
    """The file's settings; none when it is missing or not TOML."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def _value(settings: dict, *keys: str) -> str | None:
    """The non-empty string at ``keys`` in nested tables, or None."""
    value: object = settings
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, str) and value else None


def _dotenv(path: Path) -> dict[str, str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    pairs = (line.removeprefix("export ").split("=", 1) for line in lines if "=" in line)
    return {k.strip(): v.strip().strip("'\"") for k, v in pairs}


def _bypass_proxies_for_localhost() -> None:
    """Prefect's client honours HTTP(S)_PROXY: never send it to 127.0.0.1 through one."""
    proxies = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
    if not any(os.environ.get(v) for v in proxies):
        return
    for var in ("NO_PROXY", "no_proxy"):
        hosts = [h for h in os.environ.get(var, "").split(",") if h]
        os.environ[var] = ",".join([*hosts, "127.0.0.1"])


def _stop_on_sigterm() -> None:
    """SIGTERM (``timeout``, systemd, a cancelled CI job) ends the command as an
    exception would: clean-ups and exit handlers run, so the server stops too. A
    handler the user's code installed is kept."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))


def _launch(port: int) -> subprocess.Popen:
    """Prefect's own command for its embedded server (``SubprocessASGIServer``)."""
    spec = importlib.util.find_spec("prefect")  # its folder, without importing it
    assert spec is not None and spec.origin is not None, "prefect is not installed"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | _EPHEMERAL
    # fmt: off
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--app-dir", str(Path(spec.origin).parent.parent),
         "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "error", "--lifespan", "on"],
        env=env, preexec_fn=_ends_with_us(),
    )
    # fmt: on


def _ends_with_us():
    """For ``Popen``: the server gets SIGTERM when this process ends, even by SIGKILL
    (the OOM killer), which runs no exit handler (Linux's PR_SET_PDEATHSIG). None
    elsewhere, or off the main thread: the signal follows the thread that started the
    child, and only the main thread lives as long as the process."""
    if not sys.platform.startswith("linux") or threading.current_thread() is not (
        threading.main_thread()
    ):
        return None
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before the fork
    parent = os.getpid()

    def in_child() -> None:
        prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)

    return in_child


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def _answers(url: str) -> bool:
    try:
        with _LOCAL.open(f"{url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False
