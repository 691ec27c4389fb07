"""Running the `trilat` command line as a user would, for the end-to-end tests."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "-m", "flows.cli"]


def run_trilat(*args: str | Path, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run `trilat ARGS` from the repository; output captured as text."""
    return subprocess.run([*COMMAND, *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)  # fmt: skip


def start_trilat(*args: str | Path) -> subprocess.Popen:
    """Start `trilat ARGS` in a session of its own, so that killing the session also
    kills Prefect's server subprocess."""
    return subprocess.Popen([*COMMAND, *map(str, args)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip


def stop_group(proc: subprocess.Popen, grace: float = 20) -> None:
    """Stop a process started with ``start_new_session=True``, its process group, and
    every descendant that left the group: SIGTERM, then SIGKILL after ``grace`` s.

    Whatever happens to the test, nothing it started keeps running."""
    try:
        family = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        family = []
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)
        for p in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.send_signal(sig)
        _, alive = psutil.wait_procs(family, timeout=wait)
        if not alive:
            break
    proc.wait(timeout=5)
