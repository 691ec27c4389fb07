from __future__ import annotations

from pathlib import Path

import pytest

from extract.document import Extractors
from trilat.pipeline import compile_extractors
from trilat.reference import Vocabulary, load_vocabulary

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return load_vocabulary(ROOT / "reference")


@pytest.fixture(scope="session")
def extractors(vocab: Vocabulary) -> Extractors:
    return compile_extractors(vocab)


@pytest.fixture(scope="session")
def seed_build(vocab, extractors):
    """Tables and texts of the seed sources, built without Prefect."""
    from trilat.assemble import build_tables
    from trilat.pipeline import extract_documents, read_documents
    from trilat.registry import load_registry

    docs = read_documents(load_registry(ROOT / "raw"))
    tables = build_tables(docs, extract_documents(docs, extractors), vocab)
    return tables, {d.source.id: d.text for d in docs}


@pytest.fixture
def tables(seed_build):
    """A fresh copy of the seed tables that a test may damage."""
    return {k: v.copy() for k, v in seed_build[0].items()}


@pytest.fixture(scope="session")
def texts(seed_build):
    return seed_build[1]
