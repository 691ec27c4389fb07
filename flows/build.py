"""The build flow: read sources, extract, validate, publish. Orchestration only."""

from __future__ import annotations

from flows.prefect_env import configure_prefect
from trilat.settings import available_cores, use_returning_allocator

# Both before the imports below: Prefect and Arrow read their settings at import.
configure_prefect()
use_returning_allocator()

import logging  # noqa: E402
from collections.abc import Mapping  # noqa: E402
from dataclasses import replace  # noqa: E402
from functools import partial  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Generic, TypeVar  # noqa: E402

import pandas as pd  # noqa: E402
from prefect import flow, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from extract.document import Extractors  # noqa: E402
from flows.apiserver import Server, prefect_api  # noqa: E402
from schemas.layout import Layout  # noqa: E402
from schemas.quotes import Problem  # noqa: E402
from schemas.registry import table_layouts  # noqa: E402
from trilat import batchfolder, pipeline, progress, release, workers  # noqa: E402
from trilat.assemble import join_tables  # noqa: E402
from trilat.check import validate_tables  # noqa: E402
from trilat.errors import InputError, TrilatError, ValidationFailed  # noqa: E402
from trilat.files import disk_full_as_error  # noqa: E402
from trilat.provenance import extractor_versions  # noqa: E402
from trilat.reference import Vocabulary, load_vocabulary  # noqa: E402
from trilat.registry import Registry, load_registry  # noqa: E402
from trilat.release import Published, publish, refuse_withdrawal  # noqa: E402
from trilat.rows import PER_DOCUMENT  # noqa: E402
from trilat.universe import Universe, describe  # noqa: E402

T = TypeVar("T")


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


class _DrainProgress(logging.Filter):
    """Prefect's events worker warns "Still processing items" when the command ends
    while it is still sending a run's last events, then sends them: nothing is wrong.
    Its other warnings (a full queue dropping events) still show."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Still processing items")


logging.getLogger("EventsWorker").addFilter(_DrainProgress())


class Big(Generic[T]):
    """A large task argument that Prefect and Dask pass along without looking inside.

    Prefect walks lists, dicts, dataclasses and models in task arguments looking
    for futures, which cost more than the extraction itself; Dask unpacks
    dataclasses and tuples in arguments, which turned our records into tuples.
    Neither looks inside an ordinary object.
    """

    __slots__ = ("value",)

    def __init__(self, value: T) -> None:
        self.value = value

    def __getstate__(self):
        return (self.value,)  # never a false value, which pickle would not restore

    def __setstate__(self, state) -> None:
        (self.value,) = state


@task(cache_policy=NO_CACHE, name="load-inputs")
def load_inputs(raw_dir: Path, ref_dir: Path) -> Big[tuple[Registry, Vocabulary]]:
    return Big((load_registry(raw_dir), load_vocabulary(ref_dir)))


@task(cache_policy=NO_CACHE, name="compile-vocabulary")
def compile_vocabulary(vocab: Big[Vocabulary]) -> Big[Extractors]:
    return Big(pipeline.compile_extractors(vocab.value))


@task(cache_policy=NO_CACHE, name="extract")
def extract_batch(
    batch: Big[Registry],
    ex: Big[Extractors | None],
    layouts: Big[Mapping[str, Layout]],
    cache_dir: Path,
    pool: Big,
) -> str:
    """One batch of sources read and extracted into its folder (``trilat.batchfolder``),
    or its folder found: in a local worker process when there is a pool (which has the
    extractors and layouts already), else here (in this process, or on a Dask worker,
    which then needs the snapshots' and the cache's folders at the same paths)."""
    with disk_full_as_error(cache_dir):
        if pool.value is not None:
            return pool.value.extract(batch.value, cache_dir)
        return batchfolder.extract_batch(batch.value, ex.value, layouts.value, cache_dir)


@task(cache_policy=NO_CACHE, name="assemble")
def assemble(
    folders: list[str], vocab: Big, cache_dir: Path, pool: Big
) -> Big[dict[str, pd.DataFrame]]:
    """The release's tables: the batches' per-document tables joined, and the records
    that span documents, made (in a worker process when there is a pool) into a folder
    of their own; both memory-mapped here."""
    with disk_full_as_error(cache_dir):
        if pool.value is not None:
            cross = pool.value.cross_tables(folders, cache_dir)
        else:
            cross = batchfolder.cross_tables(folders, vocab.value, table_layouts(), cache_dir)
    runs = [batchfolder.read_tables(Path(f), PER_DOCUMENT) for f in folders]
    versions = extractor_versions(vocab.value)
    return Big(join_tables(runs, batchfolder.read_tables(Path(cross)), versions))


@task(cache_policy=NO_CACHE, name="validate-and-publish")
def validate_and_publish(
    tables: Big[Mapping[str, pd.DataFrame]],
    found: Big[list[Problem]],
    out_dir: Path,
    fp: str,
    vocab: Big[Vocabulary],
    universe: Universe | None = None,
) -> Published:
    """Validate while the Parquet files are written (threads, off the GIL); publish
    only a valid release. The quotes were checked where the texts were (``found``);
    ``vocab`` gives what the release records of its making (``release.context``)."""
    check = partial(validate_tables, tables.value, None, found.value)
    try:
        with disk_full_as_error(out_dir):
            ctx = release.context(vocab.value, universe)
            return publish(tables.value, out_dir, fp, check=check, ctx=ctx)
    except ValidationFailed as exc:
        raise ValidationFailed(f"{exc.message}; nothing was published", exc.details) from None


@flow(name="trilat-build", validate_parameters=False)
def build_flow(
    raw_dir: Path,
    out_dir: Path,
    ref_dir: Path,
    fingerprint: str,
    pool: Big[workers.Pool | None] | None = None,
) -> Published:
    """Read every registered source that has a snapshot, extract the tables, validate
    them, publish a release whose card states the registry's universe.

    ``pool``: local worker processes that extract the batches (``run_build`` starts them
    before the flow); without one, batches run in the task runner (threads, or Dask)."""
    inputs = load_inputs(raw_dir, ref_dir)
    registry, vocab = (Big(x) for x in inputs.value)
    universe = describe(registry.value)
    readable = registry.value.buildable()
    pool = pool or Big(None)
    tables, found, skipped = _extract_and_assemble(readable, vocab, out_dir, pool)
    published = validate_and_publish(tables, found, out_dir, fingerprint, vocab, universe)
    return replace(published, warnings=tuple(skipped.values()))


def _extract_and_assemble(
    registry: Registry, vocab: Big[Vocabulary], out_dir: Path, pool: Big[workers.Pool | None]
) -> tuple[Big[dict[str, pd.DataFrame]], Big[list[Problem]], dict[str, str]]:
    """The release's tables, the quote problems the batches found, the sources skipped.

    A source skipped because it cannot be read is left out only when the newest
    release does not hold it (``refuse_withdrawal``). The worker processes stop on
    return: publishing then holds only the tables. The cache's folders that this
    build did not use, and no build used lately, are removed."""
    cache_dir = (out_dir / ".cache").absolute()
    groups = batchfolder.split(registry)
    layouts = Big(table_layouts())
    # The workers compile their own; only an in-process or Dask run needs these.
    ex = compile_vocabulary(vocab) if pool.value is None else Big(None)
    with progress.bar(len(registry.sources), "extracting"):
        futures = [extract_batch.submit(Big(b), ex, layouts, cache_dir, pool) for b in groups]
        folders = []
        for group, future in zip(groups, futures, strict=True):
            folders.append(future.result())
            progress.advance(len(group.sources))
    parts = [batchfolder.open_batch(f) for f in folders]
    skipped = {sid: w for p in parts for sid, w in p.skipped.items()}
    if registry.sources and not any(p.n_read for p in parts):
        raise InputError("no source could be read; nothing was published", [*skipped.values()])
    refuse_withdrawal(skipped, out_dir)
    found = [x for p in parts for x in p.problems]
    del parts
    tables = assemble(folders, vocab, cache_dir, pool)
    if pool.value is not None:
        pool.value.close()
    batchfolder.collect_garbage(cache_dir, folders)
    return tables, Big(found), skipped


def run_build(
    raw_dir: Path,
    out_dir: Path,
    ref_dir: Path,
    fingerprint: str,
    dask: str | None = None,
    processes: int | None = None,
    api: Server | None = None,
) -> Published:
    """Run the build flow locally, extracting in ``processes`` processes (default: one per
    core), or with its tasks on the Dask cluster at ``dask``.

    The local worker processes start before the flow: they import and compile the
    vocabularies (about 0.5 s of CPU each) while Prefect's API server (``api``, see
    ``flows.apiserver``) boots in a process of its own."""
    api = api or prefect_api()
    if dask is None:
        n = processes or available_cores()
        batches = len(batchfolder.split(load_registry(raw_dir)))
        vocab = load_vocabulary(ref_dir)
        with workers.pool(n, batches, vocab, table_layouts()) as pool, api.running():
            return build_flow(raw_dir, out_dir, ref_dir, fingerprint, Big(pool))
    from prefect_dask import DaskTaskRunner

    runner = DaskTaskRunner(address=dask)
    with api.running():
        return build_flow.with_options(task_runner=runner)(raw_dir, out_dir, ref_dir, fingerprint)
