"""A synthetic corpus for benchmarks: documents made of the seeds' sentences,
shuffled, with actors, years and months varied, so no two documents are alike."""

from __future__ import annotations

import hashlib
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.sentences import split_line  # noqa: E402
from trilat.pipeline import read_documents  # noqa: E402
from trilat.registry import load_registry  # noqa: E402

SWAPS = [
    ("Japan", ["Japan", "South Korea", "Australia", "the Philippines"]),
    ("2025", [str(y) for y in range(1990, 2026)]),
    ("October", ["January", "March", "May", "July", "September", "November"]),
    ("Seoul", ["Seoul", "Tokyo", "Washington", "Canberra"]),
]


def seed_sentences() -> list[str]:
    docs = read_documents(load_registry(ROOT / "raw"))
    return [
        d.text[a:b]
        for d in docs
        for line in re.finditer(r"[^\n]+", d.text)
        for a, b in split_line(d.text, line.start(), line.end())
        if b - a > 40
    ]


def document(rng: random.Random, sentences: list[str], k: int = 60) -> str:
    picked = rng.sample(sentences, k=min(k, len(sentences)))
    paras = []
    for i in range(0, len(picked), 4):
        para = " ".join(picked[i : i + 4])
        for old, choices in SWAPS:
            para = para.replace(old, rng.choice(choices))
        paras.append(para)
    return "Synthetic report\n" + "\n".join(paras) + "\n"


def corpus(mb: float, seed: int = 1) -> list[str]:
    rng, sentences = random.Random(seed), seed_sentences()
    out, size = [], 0
    while size < mb * 1_000_000:
        out.append(document(rng, sentences))
        size += len(out[-1].encode())
    return out


def write_raw(folder: Path, texts: list[str]) -> None:
    """A registry folder laid out like raw/: sources.yaml and pinned snapshots."""
    (folder / "snapshots").mkdir(parents=True, exist_ok=True)
    lines = ["sources:"]
    for i, text in enumerate(texts):
        data = text.encode()
        sha = hashlib.sha256(data).hexdigest()
        (folder / "snapshots" / f"{sha}.txt").write_bytes(data)
        lines += [
            f"  - id: synthetic-{i:05d}", f"    title: Synthetic report {i}",
            "    publisher: TRILAT benchmark", "    license: CC0-1.0", "    kind: report",
            f'    published: "{2000 + i % 25}-{1 + i % 12:02d}-15"',
            f"    file: snapshots/{sha}.txt", f"    sha256: {sha}",
        ]  # fmt: skip
    (folder / "sources.yaml").write_text("\n".join(lines) + "\n")
