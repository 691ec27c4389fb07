"""Every extractor module has a test of its own (juriscraper's rule): a new module
in extract/ without one fails here.

A module's own test is ``tests/test_<module>.py``. The modules below are tested in
a shared file instead, on sentences written for the tests; each names that file.
Give a new module its own file rather than adding it here.
"""

from tests.helpers import ROOT

TESTED_ELSEWHERE = {
    "agreements": "test_core_records.py",
    "events": "test_core_records.py",
    "force_posture": "test_core_records.py",
    "consolidate": "test_core_records.py",  # merging of events across sources
    "document": "test_core_records.py",  # runs every extractor over one document
    "citations": "test_expert.py",
    "people": "test_expert.py",
    "recommendations": "test_expert.py",
    "topics": "test_expert.py",
}


def test_every_extract_module_has_a_test_of_its_own():
    modules = sorted(p.stem for p in (ROOT / "extract").glob("*.py") if p.stem != "__init__")
    missing = [
        m
        for m in modules
        if not (ROOT / "tests" / f"test_{m}.py").exists()
        and not (ROOT / "tests" / TESTED_ELSEWHERE.get(m, "-")).exists()
    ]
    assert not missing, f"extract/ modules without a test (add tests/test_<module>.py): {missing}"
