"""Where TRILAT keeps its state, and how Arrow allocates and how many cores it uses."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# The repository (for an editable install) holds raw/, reference/ and processed/.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def project_dir() -> Path:
    """TRILAT_HOME, else the source checkout, else the current directory."""
    if os.environ.get("TRILAT_HOME"):
        return Path(os.environ["TRILAT_HOME"]).resolve()
    if (PROJECT_ROOT / "pyproject.toml").exists() and (PROJECT_ROOT / "reference").is_dir():
        return PROJECT_ROOT
    return Path.cwd()


def reference_dir() -> Path:
    return project_dir() / "reference"


def use_returning_allocator() -> None:
    """Have Arrow allocate from memory it gives back to the system as soon as it is
    freed: jemalloc with no decay (the C library's malloc on Windows, whose pyarrow
    has no jemalloc). A user's own ARROW_DEFAULT_MEMORY_POOL or JE_ARROW_MALLOC_CONF
    wins.

    Must run before pyarrow is imported: Arrow reads the variables once, and a pool
    set later from Python is not the one its C++ code (Parquet, conversions to
    pandas) allocates from. Worker processes inherit the variables.

    Arrow's default (mimalloc) keeps freed memory for reuse, so every temporary copy
    made while assembling and publishing stayed in the process's RSS; malloc keeps
    what fragmentation leaves in its heap. Peak RSS of a build (CLI), malloc ->
    jemalloc with no decay: 2,000 documents cold 637-667 -> 605 MB, one added
    699 -> 589 MB; 1,000 documents cold 524 -> 455 MB, one added 536 -> 448 MB.
    """
    pool = "system" if sys.platform == "win32" else "jemalloc"
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", pool)
    os.environ.setdefault("JE_ARROW_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, else the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
