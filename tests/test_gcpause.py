"""Pausing and freezing Python's cyclic garbage collector."""

from __future__ import annotations

import gc

from trilat.gcpause import gc_paused, long_lived


def test_the_collector_is_paused_inside_and_nested_pauses_resume_it_once():
    assert gc.isenabled()
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the outer pause still holds"
    assert gc.isenabled()


def test_what_lives_for_the_command_is_frozen_and_the_collector_resumes():
    before = gc.get_freeze_count()
    try:
        with long_lived():
            kept = [[i] for i in range(1000)]
            assert not gc.isenabled()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= before + len(kept)
    finally:
        gc.unfreeze()
