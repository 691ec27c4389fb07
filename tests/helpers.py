"""Running the `trilat` command line as a user would, for the end-to-end tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "-m", "trilat.cli"]


def run_trilat(*args: str | Path, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run `trilat ARGS` from the repository; output captured as text."""
    return subprocess.run([*COMMAND, *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)  # fmt: skip


def start_trilat(*args: str | Path) -> subprocess.Popen:
    """Start `trilat ARGS` in a session of its own, so that killing the session also
    kills Prefect's server subprocess."""
    return subprocess.Popen([*COMMAND, *map(str, args)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
