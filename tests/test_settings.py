"""Settings that must be in place before a library is imported."""

import os
import subprocess
import sys

import pytest

from tests.helpers import ROOT

POOL = "import flows.cli, pyarrow as pa; print(pa.default_memory_pool().backend_name)"


def _pool(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ARROW_", "JE_ARROW"))}
    done = subprocess.run([sys.executable, "-c", POOL], env={**clean, **env}, cwd=ROOT,
                          capture_output=True, text=True, check=True)  # fmt: skip
    return done.stdout.strip()


@pytest.mark.skipif(sys.platform == "win32", reason="pyarrow for Windows has no jemalloc")
def test_the_command_line_has_arrow_allocate_from_jemalloc():
    assert _pool() == "jemalloc"


def test_a_users_own_arrow_pool_wins():
    assert _pool(ARROW_DEFAULT_MEMORY_POOL="system") == "system"
