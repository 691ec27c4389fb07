"""Build benchmark: cold build, extraction alone, no-op, one added and one changed document.

Makes a synthetic corpus of N documents (default 2,000, about 20 MB), registers
it in a scratch folder and runs the real `trilat build` for each scenario. The
fixed start-up is the build of a one-document registry (Prefect's import and
embedded server, the flow run, publishing).
Prints one table. Usage: python bench/build.py [--docs 2000] [--repeat 3] [--keep DIR]

The host's speed drifts by 20-30% over minutes here: ``--repeat N`` measures the
extraction, the fixed start-up and the cold build N times, one after the other in
turn, and compares their medians.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import document, seed_sentences, write_raw  # noqa: E402
from trilat.pipeline import compile_extractors, extract_documents, read_all  # noqa: E402
from trilat.reference import load_vocabulary  # noqa: E402
from trilat.registry import load_registry  # noqa: E402

# Runs each build and reports its rusage. A process's peak RSS survives exec, and a
# child started by a large process (vfork, then exec) reports that process's peak as
# its own: builds started from this script, which by then holds the corpus and a
# release, reported about 70 MB too much. The launcher starts first, while it is small.
_LAUNCHER = r"""
import json, os, subprocess, sys, tempfile
for line in sys.stdin:
    cmd, cwd = json.loads(line)
    with tempfile.TemporaryFile("w+") as err:
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=cwd, text=True)
        _, status, usage = os.wait4(p.pid, 0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        code = os.waitstatus_to_exitcode(status)
        print(json.dumps([code, cpu, usage.ru_maxrss, err.read()]), flush=True)
"""


def launcher() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def build(runner: subprocess.Popen, raw: Path, out: Path) -> tuple[float, str, float]:
    """Wall time of a `trilat build`, its last line with the CPU time of the build and
    its worker processes (steadier than wall time on a busy machine), and the peak RSS
    in MB of its largest process: both from this build's own rusage."""
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "flows.cli", "build", "--raw", str(raw), "--out", str(out)]
    runner.stdin.write(json.dumps([cmd, str(ROOT)]) + "\n")
    runner.stdin.flush()
    code, cpu, maxrss, stderr = json.loads(runner.stdout.readline())
    took = time.perf_counter() - t0
    if code != 0:
        sys.exit(f"build failed:\n{stderr}")
    return took, f"CPU {cpu:.1f} s; {stderr.strip().splitlines()[-1]}", maxrss / 1024


def _set_aside(path: Path, work: Path) -> None:
    """Move ``path`` out of the way, to be deleted with ``work`` at the end.

    Not deleted now: on an ext4 file system without a journal (this machine's), the
    next build's every new file skips the inodes deleted in the last 1 to 6 minutes,
    one at a time. When the extraction cache was a file per document, a cold build
    right after a deleted one spent 1.3 ms of CPU per cache file instead of 0.06 ms
    (about 2.5 s): a cost of the benchmark's own deletion, not of a cold build."""
    if path.exists():
        aside = work / "set-aside"
        aside.mkdir(exist_ok=True)
        path.rename(aside / f"{path.name}-{len(list(aside.iterdir()))}")


def _tables_mb(out: Path) -> float:
    """Size in memory (Arrow) of the newest release's tables, its changes table too."""
    import pyarrow.parquet as pq

    release = out / (out / "LATEST").read_text().strip()
    return sum(pq.read_table(f).nbytes for f in release.glob("*.parquet")) / 1e6


def _per_build(mb: dict[str, float]) -> str:
    """'cold 699 MB, added 802, changed 814'."""
    (first, value), *rest = mb.items()
    return ", ".join([f"{first} {value:.0f} MB", *(f"{k} {v:.0f}" for k, v in rest)])


def _spread(times: dict[str, list[float]]) -> str:
    """'medians of 3: extraction 2.9-3.1 s, fixed 7.5-7.9, cold 12.6-13.1'."""
    ranges = [f"{k} {min(v):.1f}-{max(v):.1f}" for k, v in times.items()]
    return f"medians of {len(times['cold'])}: " + ", ".join(ranges) + " s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    ap.add_argument(
        "--repeat", type=int, default=1, metavar="N",
        help="measure extraction, fixed start-up and cold build N times in turn; use medians",
    )  # fmt: skip
    args = ap.parse_args()
    runner = launcher()
    work = args.keep or Path(tempfile.mkdtemp(prefix="trilat-bench-"))
    raw, out = work / "raw", work / "out"
    rng, sentences = random.Random(args.seed), seed_sentences()
    texts = [document(rng, sentences) for _ in range(args.docs)]
    write_raw(raw, texts)
    mb = sum(len(t.encode()) for t in texts) / 1e6

    docs, _ = read_all(load_registry(raw))
    ex = compile_extractors(load_vocabulary(ROOT / "reference"))
    write_raw(work / "raw1", texts[:1])
    times: dict[str, list[float]] = {"extraction": [], "fixed": [], "cold": []}
    peak: dict[str, float] = {}
    for _ in range(args.repeat):
        # Extraction alone: the extractors called directly, one core, no Prefect, no cache.
        t0 = time.perf_counter()
        extract_documents(docs, ex)
        times["extraction"].append(time.perf_counter() - t0)
        # Prefect's fixed start-up (import, embedded server, flow run) and the fixed part
        # of publishing, measured as the build of a one-document registry.
        _set_aside(work / "out1", work)
        took, _, fixed_rss = build(runner, work / "raw1", work / "out1")
        times["fixed"].append(took)
        _set_aside(out, work)
        took, cold_msg, peak["cold"] = build(runner, raw, out)
        times["cold"].append(took)
    extraction, fixed, cold = (statistics.median(v) for v in times.values())

    # Peak RSS and the tables of the release each build made (for a rebuild, compared
    # with the previous release's, read from disk).
    tables: dict[str, float] = {}
    tables["cold"] = _tables_mb(out)
    noop, noop_msg, _ = build(runner, raw, out)
    write_raw(raw, [*texts, document(rng, sentences)])  # one document added
    added, added_msg, peak["added"] = build(runner, raw, out)
    tables["added"] = _tables_mb(out)
    changed_texts = [*texts, document(rng, sentences)]
    changed_texts[0] = document(rng, sentences)  # one document changed
    _set_aside(raw / "snapshots", work)
    write_raw(raw, changed_texts)
    changed, changed_msg, peak["changed"] = build(runner, raw, out)
    tables["changed"] = _tables_mb(out)
    beyond = {k: peak[k] - tables[k] for k in peak}

    rows = [
        ("corpus", f"{len(texts)} documents, {mb:.1f} MB"),
        ("extraction only", f"{extraction:.1f} s  ({mb / extraction:.2f} MB/s, one core)"),
        ("cold build", f"{cold:.1f} s  ({cold_msg})"),
        ("fixed start-up", f"{fixed:.1f} s  (a one-document build)"),
        *([("runs", _spread(times))] if args.repeat > 1 else []),
        ("cold / extraction", f"{cold / extraction:.2f}"),
        (
            "target",
            f"cold <= 1.5 x extraction + fixed = {1.5 * extraction + fixed:.1f} s: "
            f"{'met' if cold <= 1.5 * extraction + fixed else 'not met'}",
        ),
        ("no-op rebuild", f"{noop:.2f} s  ({noop_msg})"),
        ("one document added", f"{added:.1f} s  ({added_msg})"),
        ("one document changed", f"{changed:.1f} s  ({changed_msg})"),
        ("peak RSS", f"{_per_build(peak)}, one-document {fixed_rss:.0f} (largest process)"),
        ("output tables", f"{_per_build(tables)} (each release in memory, Arrow, with changes)"),
        ("peak RSS - tables", f"{_per_build(beyond)} (should not grow with --docs)"),
    ]
    for k, v in rows:
        print(f"{k:<22} {v}")
    runner.stdin.close()
    runner.wait()
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
