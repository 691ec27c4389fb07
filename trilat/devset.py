"""The extractors measured on the development set (``../shared/devset``): build it into
a temporary folder, score that release with the set's own scorer (``tools/score.py``),
compare the figures with the committed floors (``tests/gold/devset-floors.yaml``) and,
when asked, record them in ``bench/devset-scores.json`` for the dataset card.

The set's texts stay outside the repository (they are others' work); CI has the set
beside the repository and runs this with floors that only go up.
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from trilat.errors import InputError
from trilat.settings import PROJECT_ROOT

DEFAULT = PROJECT_ROOT.parent / "shared" / "devset"
FLOORS = PROJECT_ROOT / "tests" / "gold" / "devset-floors.yaml"
LINE = re.compile(r"^(\w+)\s+P=([\d.]+) R=([\d.]+) F1=([\d.]+)\s+tp=(\d+) fp=(\d+) fn=(\d+)")


def _run(*args: str, cwd: Path = PROJECT_ROOT) -> str:
    done = subprocess.run(args, capture_output=True, text=True, cwd=cwd)
    if done.returncode != 0:
        raise InputError(f"{' '.join(Path(a).name for a in args[:3])} ... failed",
                         done.stderr.strip()[-2000:].splitlines())  # fmt: skip
    return done.stdout


def parse(output: str) -> dict[str, dict]:
    """The scorer's lines, ``events P=0.63 R=0.13 F1=0.21  tp=.. fp=.. fn=..``, by table."""
    out = {}
    for line in output.splitlines():
        m = LINE.match(line.strip())
        if m:
            table, p, r, f, tp, fp, fn = m.groups()
            out[table] = {"precision": float(p), "recall": float(r), "f1": float(f),
                          "tp": int(tp), "fp": int(fp), "fn": int(fn)}  # fmt: skip
    return out


def score(devset: Path = DEFAULT) -> tuple[str, dict[str, dict]]:
    """The scorer's printed table and its figures by table, for a fresh build of
    ``devset`` with this code and these vocabularies."""
    devset = devset.resolve()
    if not (devset / "sources.yaml").exists() or not (devset / "tools" / "score.py").exists():
        raise InputError(
            f"{devset}: no development set here",
            ["give --devset DIR, the folder holding sources.yaml and tools/score.py"],
        )
    with tempfile.TemporaryDirectory(prefix="trilat-devset-") as tmp:
        built = _run(sys.executable, "-m", "flows.cli", "build", "--raw", str(devset),
                     "--out", tmp)  # fmt: skip
        release = built.strip().splitlines()[-1]
        output = _run(sys.executable, str(devset / "tools" / "score.py"), release,
                      str(devset / "gold"))  # fmt: skip
    tables = parse(output)
    if not tables:
        raise InputError("the development set's scorer printed no table line", output.splitlines())
    return output, tables


def below_floors(tables: dict[str, dict], floors_path: Path = FLOORS) -> list[str]:
    """'events f1 0.79 < 0.80' for every figure under its committed floor."""
    floors = yaml.safe_load(floors_path.read_text(encoding="utf-8")) or {}
    out = []
    for table, wanted in floors.items():
        got = tables.get(table)
        for measure, floor in (wanted or {}).items():
            value = None if got is None else got.get(measure)
            if value is None or value < floor:
                out.append(f"{table} {measure} {value} < {floor:.2f}")
    return out


def record(tables: dict[str, dict], path: Path, devset: Path) -> None:
    """Write the figures where the dataset card reads them, keeping the human agreement
    figures measured by hand."""
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    commit = _run("git", "rev-parse", "--short", "HEAD").strip()
    n = len(list((devset / "gold").glob("*.yaml")))
    new = {
        "what": "Precision, recall and F1 of the extractors on the development set, by its scorer",
        "devset": f"../shared/devset ({n} public texts with hand-made gold labels)",
        "scorer": "../shared/devset/tools/score.py",
        "measured": datetime.date.today().isoformat(),
        "commit": commit,
        "tables": {t: {k: s[k] for k in ("precision", "recall", "f1")} for t, s in tables.items()},
    }
    if "human_agreement" in old:
        new["human_agreement"] = old["human_agreement"]
    path.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
