"""Peak memory of a build whose only source is one line of text with no sentence end
(the reliability issue's case: memory must stay flat whatever the input).

    python bench/memory.py [--kb 1024] [--kb 256 ...]

For each size, writes a registry with one text of that many kilobytes on one line
(the seeds' words with every full stop, question and exclamation mark taken out,
so that one sentence holds them all and actors, dates and numbers abound), builds
it with `trilat build --processes 1` into a temporary folder, and prints the peak
resident memory of the build's process tree (sampled every 50 ms with psutil) and
the time it took.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent


def one_line(n_bytes: int) -> str:
    seeds = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "raw" / "snapshots")
                                                                    .glob("*.txt")))  # fmt: skip
    words = re.sub(r"[.!?]", "", seeds).split()
    out, size, i = [], 0, 0
    while size < n_bytes:
        w = words[i % len(words)]
        out.append(w)
        size += len(w.encode()) + 1
        i += 1
    return " ".join(out)[:n_bytes]


def peak_rss(cmd: list[str]) -> tuple[float, float, int]:
    """(peak MB of the process tree, seconds, exit code)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    top = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            rss = top.memory_info().rss + sum(
                c.memory_info().rss for c in top.children(recursive=True)
            )
        except psutil.Error:
            rss = 0
        peak = max(peak, rss)
        time.sleep(0.05)
    return peak / 1e6, time.perf_counter() - t0, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, action="append", help="text size in KB (repeatable)")
    sizes = ap.parse_args().kb or [64, 256, 1024]
    for kb in sizes:
        with tempfile.TemporaryDirectory(prefix="trilat-mem-") as tmp:
            raw = Path(tmp) / "raw"
            (raw / "snapshots").mkdir(parents=True)
            (raw / "snapshots" / "line.txt").write_text(one_line(kb * 1024), encoding="utf-8")
            (raw / "sources.yaml").write_text(
                "sources:\n  - id: one-line\n    title: One line\n    publisher: Bench\n"
                "    license: CC0-1.0\n    kind: article\n    file: snapshots/line.txt\n",
                encoding="utf-8",
            )
            cmd = [sys.executable, "-m", "flows.cli", "build", "--raw", str(raw), "--out",
                   str(Path(tmp) / "out"), "--processes", "1"]  # fmt: skip
            mb, secs, code = peak_rss(cmd)
            status = "ok" if code == 0 else f"exit {code}"
            print(f"one line of {kb:5d} KB: peak RSS {mb:7.0f} MB, {secs:6.1f} s ({status})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
