"""Score the extractors on the development set and keep the figures for the card.

    python bench/devset.py [--devset ../shared/devset] [--write bench/devset-scores.json]

Builds the development set's registry (``DEVSET/sources.yaml``) into a temporary
folder with ``trilat build``, scores that release with the set's own scorer
(``DEVSET/tools/score.py``), prints its lines and, with ``--write``, records the
precision, recall and F1 per table in the JSON file that each release's dataset
card reads (``trilat/quality.py``). ``make eval`` runs it; commit the file.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^(\w+)\s+P=([\d.]+) R=([\d.]+) F1=([\d.]+)\s+tp=(\d+) fp=(\d+) fn=(\d+)")


def _run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(args[:3])} ... failed\n{done.stderr.strip()[-2000:]}")
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


def _figures(scores: dict) -> dict:
    return {k: scores[k] for k in ("precision", "recall", "f1")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--devset", type=Path, default=ROOT.parent / "shared" / "devset")
    ap.add_argument("--write", type=Path, help="JSON file to record the figures in")
    args = ap.parse_args()
    devset = args.devset.resolve()
    if not (devset / "sources.yaml").exists():
        sys.exit(f"error: no development set at {devset}\n  give --devset DIR")
    with tempfile.TemporaryDirectory() as tmp:
        release = _run(sys.executable, "-m", "trilat.cli", "build", "--raw", str(devset),
                       "--out", tmp).strip().splitlines()[-1]  # fmt: skip
        output = _run(sys.executable, str(devset / "tools" / "score.py"), release,
                      str(devset / "gold"))  # fmt: skip
    print(output, end="")
    tables = parse(output)
    if not tables:
        sys.exit("error: the scorer printed no table line\n" + output)
    if args.write:
        old = json.loads(args.write.read_text(encoding="utf-8")) if args.write.exists() else {}
        commit = _run("git", "rev-parse", "--short", "HEAD").strip()
        n = len(list((devset / "gold").glob("*.yaml")))
        record = {
            "what": "Precision, recall and F1 of the extractors on the development set, "
            "by its scorer",
            "devset": f"../shared/devset ({n} public texts with hand-made gold labels)",
            "scorer": "../shared/devset/tools/score.py",
            "measured": datetime.date.today().isoformat(),
            "commit": commit,
            "tables": {t: _figures(s) for t, s in tables.items()},
        }
        if "human_agreement" in old:  # measured by hand, kept as it was
            record["human_agreement"] = old["human_agreement"]
        args.write.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
