"""Pause Python's cyclic garbage collector during bulk work.

Extraction and assembly create millions of small objects that are never part of
a reference cycle. With the collector on, each new batch of objects triggers a
collection that walks every live object again, so the cost grows with the
corpus: assembling a 20 MB corpus took 3.9 s with it and 1.6 s without.
Reference counting still frees everything as usual; the collector resumes (and
picks up any cycles) when the last pause ends. Safe to nest and to use from
several threads at once.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


@contextmanager
def long_lived() -> Iterator[None]:
    """For what lives until the command ends (modules, the registry): no collection
    while it is made, and none walks it afterwards (``gc.freeze``).

    A build's start-up spent 0.3-0.5 s of CPU in collections that walked Prefect's,
    pandas' and the registry's objects again and again, and found nothing to free.
    """
    with gc_paused():
        yield
        gc.freeze()
