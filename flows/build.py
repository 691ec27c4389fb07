"""The build flow: read sources, extract, validate, publish. Orchestration only."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd

from trilat.settings import configure_prefect

configure_prefect()

import logging  # noqa: E402

from prefect import flow, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.utilities.annotations import quote  # noqa: E402

from extract.document import ExtractedDocument, Extractors  # noqa: E402
from schemas.validate import validate_tables  # noqa: E402
from trilat import pipeline, progress  # noqa: E402
from trilat.assemble import ReadDocument, build_tables  # noqa: E402
from trilat.errors import InputError, TrilatError  # noqa: E402
from trilat.reference import Vocabulary, load_vocabulary  # noqa: E402
from trilat.registry import Registry, load_registry  # noqa: E402
from trilat.release import Published, publish  # noqa: E402


class _ExpectedFailures(logging.Filter):
    """Drop Prefect's tracebacks for errors the CLI reports itself in one clear line.

    Bugs (any other exception) keep their Prefect log lines and tracebacks.
    """

    NAMES = tuple(c.__name__ for c in (TrilatError, *TrilatError.__subclasses__()))

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], TrilatError):
            return False
        return not any(
            f"{n}(" in record.getMessage() or f"exception {n}:" in record.getMessage()
            for n in self.NAMES
        )


for _name in ("prefect.task_runs", "prefect.flow_runs"):
    logging.getLogger(_name).addFilter(_ExpectedFailures())


@task(cache_policy=NO_CACHE, name="load-inputs")
def load_inputs(raw_dir: Path, ref_dir: Path) -> tuple[Registry, Vocabulary]:
    return load_registry(raw_dir), load_vocabulary(ref_dir)


@task(cache_policy=NO_CACHE, name="read-sources")
def read_sources(registry: Registry, cache_dir: Path) -> tuple[list[ReadDocument], list[str]]:
    docs, skipped = pipeline.read_all(registry, cache_dir)
    if registry.sources and not docs:
        raise InputError("no source could be read; nothing was published", skipped)
    return docs, skipped


@task(cache_policy=NO_CACHE, name="compile-vocabulary")
def compile_vocabulary(vocab: Vocabulary) -> Extractors:
    return pipeline.compile_extractors(vocab)


@task(cache_policy=NO_CACHE, name="extract")
def extract_batch(
    docs: Sequence[ReadDocument], ex: Extractors, cache_dir: Path
) -> list[ExtractedDocument]:
    return pipeline.extract_documents(docs, ex, cache_dir)


@task(cache_policy=NO_CACHE, name="assemble")
def assemble(docs, extracted, vocab) -> dict[str, pd.DataFrame]:
    return build_tables(docs, extracted, vocab)


@task(cache_policy=NO_CACHE, name="validate")
def validate(tables: Mapping[str, pd.DataFrame], docs: Sequence[ReadDocument]) -> None:
    validate_tables(tables, {d.source.id: d.text for d in docs})


@task(cache_policy=NO_CACHE, name="publish")
def publish_release(tables: Mapping[str, pd.DataFrame], out_dir: Path, fp: str) -> Published:
    return publish(tables, out_dir, fp)


@flow(name="trilat-build", validate_parameters=False)
def build_flow(raw_dir: Path, out_dir: Path, ref_dir: Path, fingerprint: str) -> Published:
    """Read every registered source, extract the tables, validate them, publish a release."""
    registry, vocab = load_inputs(raw_dir, ref_dir)
    cache_dir = out_dir / ".cache"
    # quote(): Prefect would otherwise walk every object of these large arguments
    # looking for futures, which cost more than the extraction itself.
    docs, skipped = read_sources(quote(registry), cache_dir)
    ex = compile_vocabulary(quote(vocab))
    with progress.bar(len(docs), "extracting"):
        futures = [
            extract_batch.submit(quote(b), quote(ex), cache_dir) for b in pipeline.batches(docs)
        ]
        extracted = [e for f in futures for e in f.result()]
    tables = assemble(quote(docs), quote(extracted), quote(vocab))
    validate(quote(tables), quote(docs))
    published = publish_release(quote(tables), out_dir, fingerprint)
    return replace(published, warnings=tuple(skipped))
