"""What built a release: the commit of the code, and a version for each extractor
derived from its code and the vocabularies it reads.

An extractor's version is its declared semantic version (``VERSION`` in its
``extract/`` module), then ``+`` and the first 12 hex digits of a sha256 of

* the source of its module, of every ``extract/`` module that one imports (and so
  on), of ``extract/document.py`` (which calls every extractor) and of the modules
  listed for it below (the merging of events);
* the vocabularies it reads, as loaded (a comment in a YAML file changes nothing;
  the prose ``definition`` of an event type, which only documents it, neither).

So a change of its output comes with a change of its version, whether or not
whoever changed the code bumped ``VERSION``. Nothing here is imported by
``extract/``: the versions are stamped on the evidence rows at assembly.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import hashlib
import json
import subprocess
from pathlib import Path

from extract.document import EXTRACTOR_VERSIONS
from trilat.reference import Vocabulary
from trilat.settings import PROJECT_ROOT

EXTRACT_DIR = PROJECT_ROOT / "extract"
# Every extractor reads the text segmented (boilerplate) and the actors' mentions.
# Vocabularies are named by their field in ``trilat.reference.Vocabulary``.
_BASE = ("actors", "places", "names", "boilerplate_section_end", "boilerplate_line")
# extractor -> (its module in extract/, more modules, the vocabularies it reads)
EXTRACTORS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "mentions": ("mentions", (), _BASE),
    "agreements": ("agreements", (), (*_BASE, "agreements")),
    "events": ("events", ("consolidate",),
               (*_BASE, "agreements", "event_types", "meetings", "not_yet", "generic",
                "events", "exercises")),
    "force_posture": ("force_posture", (), (*_BASE, "agreements")),
    "people": ("people", (), _BASE),
    "publications": ("people", (), _BASE),
    "citations": ("citations", (), _BASE),
    "topics": ("topics", (), (*_BASE, "topics")),
    "recommendations": ("recommendations", (), (*_BASE, "topics")),
}  # fmt: skip
# Fields that document a vocabulary entry without changing what is extracted.
_DOCUMENTATION = {"event_types": ("definition",)}
HASH_DIGITS = 12


def all_vocabularies() -> tuple[str, ...]:
    """Every vocabulary a build loads: the fields of ``Vocabulary``."""
    return tuple(f.name for f in dataclasses.fields(Vocabulary))


def _imports(module: str) -> set[str]:
    """The extract/ modules that ``extract/<module>.py`` imports, directly."""
    tree = ast.parse((EXTRACT_DIR / f"{module}.py").read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "extract":
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("extract."):
            out.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names if a.name.startswith("extract.")}
    return {m for m in out if (EXTRACT_DIR / f"{m}.py").exists()}


def _entry(extractor: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """An extractor's module, more modules and vocabularies. One not listed in
    EXTRACTORS (yet) is hashed with every extract/ module and every vocabulary: its
    version then changes with any of them, never too seldom."""
    if extractor in EXTRACTORS:
        return EXTRACTORS[extractor]
    every = tuple(sorted(p.stem for p in EXTRACT_DIR.glob("*.py") if p.stem != "__init__"))
    return "document", every, all_vocabularies()


def code_modules(extractor: str) -> list[str]:
    """The extract/ modules whose source makes an extractor's version, sorted."""
    module, more, _ = _entry(extractor)
    todo, seen = [module, "document", *more], set()
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo += sorted(_imports(m) - seen) if m != "document" else []
    return sorted(seen)


@functools.cache
def _source(module: str) -> bytes:
    return (EXTRACT_DIR / f"{module}.py").read_bytes()


def _plain(value, skip: tuple[str, ...] = ()):
    """A vocabulary value as JSON-able data: models dumped, documentation left out."""
    if hasattr(value, "model_dump"):
        return {k: v for k, v in value.model_dump().items() if k not in skip}
    if isinstance(value, tuple | list):
        return [_plain(v, skip) for v in value]
    return value


def _vocabulary_part(vocab: Vocabulary, name: str):
    return _plain(getattr(vocab, name), _DOCUMENTATION.get(name, ()))


def extractor_versions(vocab: Vocabulary) -> dict[str, str]:
    """extractor -> ``<declared version>+<hash of its code and vocabularies>``."""
    parts = {}
    out = {}
    for name in EXTRACTOR_VERSIONS:
        vocabularies = _entry(name)[2]
        h = hashlib.sha256()
        for m in code_modules(name):
            h.update(f"extract/{m}.py\0".encode() + _source(m) + b"\0")
        for v in vocabularies:
            if v not in parts:
                parts[v] = json.dumps(_vocabulary_part(vocab, v), sort_keys=True, default=str)
            h.update(f"{v}\0{parts[v]}\0".encode())
        out[name] = f"{EXTRACTOR_VERSIONS[name]}+{h.hexdigest()[:HASH_DIGITS]}"
    return out


def code_commit(root: Path = PROJECT_ROOT) -> dict[str, object]:
    """The git commit of the code checkout, and whether its files differ from it.

    ``{"commit": None, ...}`` outside a git checkout (an installed copy)."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                  text=True, timeout=30, check=True)  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip()

    commit = git("rev-parse", "HEAD")
    if commit is None:
        return {"commit": None, "modified": None}
    status = git("status", "--porcelain", "--untracked-files=no", "--", "extract", "schemas",
                 "trilat", "flows", "reference", "requirements.lock", "pyproject.toml")  # fmt: skip
    return {"commit": commit, "modified": bool(status) if status is not None else None}
