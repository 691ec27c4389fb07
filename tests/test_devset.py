"""The extractors on the development set (../shared/devset), by its own scorer: no
table may fall below its committed floor (tests/gold/devset-floors.yaml). CI has the
set beside the repository; elsewhere the test is skipped."""

import pytest

from tests.helpers import run_trilat
from trilat.devset import DEFAULT, below_floors, parse

pytestmark = pytest.mark.slow


def test_the_scorer_lines_are_read():
    out = parse("events         P=0.94 R=0.74 F1=0.83  tp=112 fp=7 fn=39\nsummary\n")
    assert out == {"events": {"precision": 0.94, "recall": 0.74, "f1": 0.83, "tp": 112,
                              "fp": 7, "fn": 39}}  # fmt: skip
    assert below_floors(out) and any(line.startswith("agreements") for line in below_floors(out))


@pytest.mark.skipif(not (DEFAULT / "sources.yaml").exists(), reason="no ../shared/devset here")
def test_the_development_set_meets_its_floors():
    done = run_trilat("eval", "--devset", str(DEFAULT), "--check-floors")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "development set" in done.stdout and "events" in done.stdout
