"""A progress bar for long work on a terminal; silent in CI logs and pipes."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_advance = None  # the running bar's advance(n), shared with worker threads


def enabled() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def bar(total: int, label: str) -> Iterator[None]:
    """Show a bar while the block runs; ``advance()`` moves it from any thread."""
    global _advance
    if not enabled() or total <= 1:
        yield
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        f"[bold]{label}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        transient=True,
    ) as p:  # fmt: skip
        task = p.add_task(label, total=total)
        _advance = lambda n=1: p.advance(task, n)  # noqa: E731
        try:
            yield
        finally:
            _advance = None


def advance(n: int = 1) -> None:
    with _lock:
        if _advance is not None:
            _advance(n)
