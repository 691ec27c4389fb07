"""The ``trilat`` command line."""

from __future__ import annotations

from trilat.settings import use_returning_allocator

use_returning_allocator()  # before anything imports pyarrow

import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Annotated  # noqa: E402

import typer  # noqa: E402

from trilat.errors import TrilatError  # noqa: E402

app = typer.Typer(
    help="Build, check and evaluate the TRILAT dataset of the U.S.-Japan-ROK alliance system.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Click's plain help: typer's rich help shows every flag as "<bool>", as if it
    # took a value (typer 0.29).
    rich_markup_mode=None,
)

RawOpt = Annotated[
    Path, typer.Option("--raw", help="Folder holding sources.yaml and the snapshots it names.")
]
OutOpt = Annotated[
    Path, typer.Option("--out", help="Folder of releases: one sub-folder per version, LATEST.")
]
DaskOpt = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="ADDRESS",
        help="Run the tasks on this Dask scheduler (tcp://host:8786) instead of locally.",
    ),
]
ProcessesOpt = Annotated[
    int | None,
    typer.Option(
        "--processes",
        min=1,
        metavar="N",
        help="Local processes for extraction (default: one per core; 1: no extra process).",
    ),
]
RefOpt = Annotated[
    Path | None,
    typer.Option(
        "--reference", help="Folder of curated vocabularies (default: the project's reference/)."
    ),
]


def _fail(exc: TrilatError, code: int = 1) -> None:
    """One line saying what is wrong, then the details, on stderr."""
    typer.echo(f"error: {exc.message}", err=True)
    for line in exc.details:
        typer.echo(f"  {line}", err=True)
    raise typer.Exit(code)


def _info(msg: str) -> None:
    typer.echo(msg, err=True)


def _waiting(raw: Path) -> None:
    """One line when registered sources have no snapshot yet (URL-only, not fetched)."""
    from trilat.registry import load_registry
    from trilat.universe import waiting_notice

    waiting = len(load_registry(raw).waiting)
    if waiting:
        _info(f"note: {waiting_notice(waiting)}")


@app.command()
def build(
    raw: RawOpt = Path("raw"),
    out: OutOpt = Path("processed"),
    reference: RefOpt = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Run the pipeline even when the inputs have not changed."),
    ] = False,
    dask: DaskOpt = None,
    processes: ProcessesOpt = None,
) -> None:
    """Read the registered sources, extract the tables, validate them and publish a release.

    Sources registered by their url and not fetched yet wait: one line says how many
    (`trilat fetch` fetches them). Writes OUT/<version> only when the data changed.
    The last line printed is the release path.
    """
    from trilat.files import disk_full_as_error
    from trilat.settings import reference_dir

    t0 = time.perf_counter()
    ref = reference or reference_dir()
    try:
        with disk_full_as_error(out):
            result = _build(raw, out, ref, force, dask, processes)
    except TrilatError as exc:
        _fail(exc)
    if result is None:
        return
    took = time.perf_counter() - t0
    for w in result.warnings:
        _info(f"warning: skipped {w}")
    if result.created:
        _info(f"published release {result.version} in {took:.1f} s")
    else:
        _info(f"no change in the data: the newest release is still {result.version} ({took:.1f} s)")
    typer.echo(result.path)


def _build(raw: Path, out: Path, ref: Path, force: bool, dask: str | None,
           processes: int | None):  # fmt: skip
    """The build command's work: None when the newest release was built from these
    inputs (said and printed here), else what ``run_build`` published."""
    from trilat.fingerprint import input_fingerprint
    from trilat.pointer import release_for_fingerprint, repair_pointer

    if not (raw / "sources.yaml").exists():
        raise TrilatError(f"{raw / 'sources.yaml'}: file not found",
                          ["--raw must name a folder holding sources.yaml"])  # fmt: skip
    if repaired := repair_pointer(out):
        _info(f"warning: {repaired}")
    fp = input_fingerprint(raw, ref, out / ".cache")
    done = None if force else release_for_fingerprint(out, fp)
    if done:
        _info(f"unchanged: sources, vocabularies and code are those of release {done}")
        _waiting(raw)
        typer.echo(out / done)
        return None
    from flows.apiserver import prefect_api
    from trilat.gcpause import long_lived
    from trilat.registry import load_registry

    api = prefect_api(start=dask is None)  # boots while the lines below read and import
    with long_lived():
        registry = load_registry(raw)
        _info(f"building {len(registry.buildable().sources)} source(s) from {raw} ...")
        _waiting(raw)
        from flows.build import run_build
    return run_build(raw, out, ref, fp, dask, processes, api)


@app.command()
def validate(
    release: Annotated[
        str | None,
        typer.Argument(
            metavar="[RELEASE]",
            help="A release to check against the schema it was published with: a "
            "version in OUT (1.3.0), 'latest' or a release folder; omit to check only "
            "the registry and the vocabularies.",
        ),
    ] = None,
    raw: RawOpt = Path("raw"),
    out: OutOpt = Path("processed"),
    reference: RefOpt = None,
) -> None:
    """Check the source registry, the reference vocabularies and optionally a release.

    A release's quotes are checked against the snapshots in RAW that it was built from.
    """
    from trilat.check import check_inputs, check_release
    from trilat.data import release_dir
    from trilat.settings import reference_dir

    try:
        for line in check_inputs(raw, reference or reference_dir()):
            _info(line)
        if release is not None:
            for line in check_release(release_dir(release, out), raw):
                _info(line)
    except TrilatError as exc:
        _fail(exc)
    _info("ok")


@app.command(name="eval")
def evaluate(
    gold: Annotated[Path, typer.Option(help="Folder of gold labels.")] = Path("tests/gold"),
    raw: RawOpt = Path("raw"),
    reference: RefOpt = None,
    check_floors: Annotated[
        bool, typer.Option("--check-floors", help="Exit 1 when a score is below its floor.")
    ] = False,
    devset: Annotated[
        Path | None,
        typer.Option(
            help="Also build this development set (e.g. ../shared/devset) into a temporary "
            "folder and print its own scorer's table; its floors are "
            "tests/gold/devset-floors.yaml."
        ),
    ] = None,
    write: Annotated[
        Path | None,
        typer.Option(
            help="With --devset: record its figures here for the dataset card "
            "(bench/devset-scores.json)."
        ),
    ] = None,
) -> None:
    """Precision, recall and F1 per table against hand-checked gold labels: the seeds'
    (tests/gold), and with --devset the development set's, by its own scorer."""
    from trilat.evaluate import evaluate_all, format_scores
    from trilat.settings import reference_dir

    try:
        scores, below = evaluate_all(gold, raw, reference or reference_dir())
        if devset is not None:
            from trilat import devset as dev

            printed, tables = dev.score(devset)
            if write is not None:
                dev.record(tables, write, devset.resolve())
                _info(f"wrote {write}")
            below += [f"development set: {line}" for line in dev.below_floors(tables)]
    except TrilatError as exc:
        _fail(exc)
    typer.echo(format_scores(scores))
    if devset is not None:
        typer.echo(f"\ndevelopment set {devset} (its tools/score.py):")
        typer.echo(printed.rstrip())
    if below:
        for line in below:
            _info(f"below floor: {line}")
        if check_floors:
            raise typer.Exit(1)


@app.command()
def diff(
    a: Annotated[str, typer.Argument(help="Older release: a folder, a version or 'latest'.")],
    b: Annotated[str, typer.Argument(help="Newer release: a folder, a version or 'latest'.")],
    out: OutOpt = Path("processed"),
    limit: Annotated[
        int, typer.Option(help="Record ids listed per table and kind of change (0: all).")
    ] = 10,
) -> None:
    """What changed between two releases, by stable record id: added, removed, modified."""
    from trilat.changes import diff_tables, read_release, summary
    from trilat.data import release_dir
    from trilat.pointer import read_package
    from trilat.versioning import schema_changes

    try:
        old_dir, new_dir = release_dir(a, out), release_dir(b, out)
    except TrilatError as exc:
        _fail(exc)
    changes = diff_tables(read_release(old_dir), read_release(new_dir))
    typer.echo(f"{old_dir} -> {new_dir}")
    schema = schema_changes(read_package(old_dir), read_package(new_dir))
    if schema:
        typer.echo("schema changes:")
        for line in schema:
            typer.echo(f"  {line}")
    typer.echo(f"{'table':<14} {'added':>7} {'modified':>9} {'removed':>8}")
    for table, row in summary(changes).iterrows():
        typer.echo(f"{table:<14} {row['added']:>7} {row['modified']:>9} {row['removed']:>8}")
    for (table, change), grp in changes.groupby(["table", "change"], sort=False):
        typer.echo(f"\n{table} {change}:")
        shown = grp if limit <= 0 else grp.head(limit)
        for rid, cols in zip(shown["record_id"], shown["modified_columns"], strict=True):
            typer.echo(f"  {rid}" + (f"  ({', '.join(cols)})" if len(cols) else ""))
        if len(grp) > len(shown):
            typer.echo(f"  ... and {len(grp) - len(shown)} more (--limit 0 lists all)")


@app.command()
def codebook(
    out: OutOpt = Path("processed"),
    path: Annotated[Path, typer.Option("--file", help="Where to write it.")] = Path("CODEBOOK.md"),
    check: Annotated[
        bool, typer.Option("--check", help="Only check that the file is up to date.")
    ] = False,
) -> None:
    """Write CODEBOOK.md from the Pandera models, with examples from the newest release."""
    from trilat.codebook import render
    from trilat.pointer import latest_version

    version = latest_version(out)
    text = render(out / version if version else None)
    _write_or_check(path, text, check, "trilat codebook")


@app.command()
def citation(
    out: OutOpt = Path("processed"),
    path: Annotated[Path, typer.Option("--file", help="Where to write it.")] = Path("CITATION.cff"),
    check: Annotated[
        bool, typer.Option("--check", help="Only check that the file is up to date.")
    ] = False,
) -> None:
    """Write CITATION.cff from the newest release's datapackage.json."""
    from trilat import citation as cff
    from trilat.data import release_dir
    from trilat.pointer import read_package

    try:
        text = cff.render(read_package(release_dir("latest", out)))
    except TrilatError as exc:
        _fail(exc)
    _write_or_check(path, text, check, "trilat citation")


def _write_or_check(path: Path, text: str, check: bool, command: str) -> None:
    """Write a generated file, or with ``check`` only say whether it is up to date."""
    if check:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            _fail(TrilatError(f"{path} is out of date", [f"run `{command}` and commit it"]))
        _info(f"{path} is up to date")
        return
    path.write_text(text, encoding="utf-8")
    _info(f"wrote {path}")


@app.command()
def text(
    doc_id: Annotated[str, typer.Argument(metavar="DOC_ID", help="A document id.")],
    release: Annotated[
        str, typer.Option("--release", help="A version, 'latest' or a release folder.")
    ] = "latest",
    raw: RawOpt = Path("raw"),
    out: OutOpt = Path("processed"),
) -> None:
    """Print the normalised text of a document that the release's offsets point into.

    text[start:end] is the span of its mentions and evidence rows. Read again from the
    document's snapshot in RAW and checked against the release's content_sha256.
    """
    import sys

    from trilat.data import text as document_text

    try:
        body = document_text(doc_id, release, out, raw)
    except TrilatError as exc:
        _fail(exc)
    sys.stdout.write(body)


@app.command()
def sql(
    query: Annotated[
        str | None, typer.Argument(help="SQL to run; omit for an interactive prompt.")
    ] = None,
    out: OutOpt = Path("processed"),
) -> None:
    """Query the newest release with DuckDB: one view per table (events, mentions, ...)."""
    from trilat.data import connect

    try:
        con = connect(out)
    except TrilatError as exc:
        _fail(exc)
    if query is not None:
        _run_sql(con, query)
        return
    _info("DuckDB over the newest TRILAT release; views: " + ", ".join(
        r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal "
                                  "ORDER BY 1").fetchall()) + ". End a statement with ';', "
          "quit with Ctrl-D.")  # fmt: skip
    buffer = ""
    while True:
        try:
            line = input("trilat> " if not buffer else "   ...> ")
        except EOFError:
            break
        buffer += line + "\n"
        if buffer.rstrip().endswith(";"):
            _run_sql(con, buffer)
            buffer = ""


def _run_sql(con, query: str) -> None:
    import duckdb

    try:
        rel = con.sql(query)
    except duckdb.Error as exc:
        _info(f"error: {exc}")
        raise typer.Exit(1) from None
    if rel is not None:
        typer.echo(str(rel))


AllowLocal = Annotated[
    bool,
    typer.Option("--allow-local", help="Allow private, loopback and link-local addresses."),
]


def _print_fetch(results) -> None:
    typer.echo(f"{'source':<48} {'status':<10} detail")
    for r in results:
        typer.echo(f"{r.source_id:<48} {r.status:<10} {r.reason}")


@app.command()
def fetch(
    raw: RawOpt = Path("raw"),
    only: Annotated[str | None, typer.Option("--only", help="Fetch only this source id.")] = None,
    allow_local: AllowLocal = False,
) -> None:
    """Fetch registered URLs into immutable snapshots; an unchanged page costs one 304.

    New snapshots are pinned in RAW/sources.lock.json.

    A failed source is reported and the others go on; the exit code is 1 if any failed.
    """
    from trilat.fetch import FetchConfig, FetchError, fetch_all
    from trilat.registry import load_registry

    try:
        results = fetch_all(load_registry(raw), only, FetchConfig(allow_local=allow_local))
    except TrilatError as exc:
        _fail(exc)
    except FetchError as exc:
        _fail(TrilatError(str(exc)))
    _print_fetch(results)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        _info(f"error: {len(failed)} of {len(results)} source(s) could not be fetched")
        raise typer.Exit(1)


@app.command()
def update(
    raw: RawOpt = Path("raw"),
    out: OutOpt = Path("processed"),
    allow_local: AllowLocal = False,
    dask: DaskOpt = None,
    processes: ProcessesOpt = None,
) -> None:
    """Fetch, then rebuild and publish only if a snapshot or the code changed (one Prefect flow)."""
    from flows.apiserver import prefect_api
    from trilat.gcpause import long_lived

    api = prefect_api(start=dask is None)  # boots while Prefect and the flow are imported
    with long_lived():
        from flows.update import update_flow

    try:
        with api.running():
            state = update_flow(str(raw), str(out), allow_local, dask, processes,
                                return_state=True)  # fmt: skip
            result = state.result(raise_on_failure=False)
    except TrilatError as exc:
        _fail(exc)
    if isinstance(result, TrilatError):  # the flow raised it: its run is FAILED
        _fail(result)
    if isinstance(result, BaseException):  # a bug: let its traceback show
        raise result
    for sid, status in result["fetched"].items():
        _info(
            f"{sid}: {status}" + (f" ({result['failed'][sid]})" if sid in result["failed"] else "")
        )
    for w in result["skipped"]:
        _info(f"warning: skipped {w}")
    if result.get("waiting"):
        from trilat.universe import waiting_notice

        _info(f"note: {waiting_notice(result['waiting'])}")
    _info(result["outcome"])
    if result["release"]:
        typer.echo(result["release"])
    if result["failed"] or result["skipped"]:
        n = len(result["failed"]) + len(result["skipped"])
        _info(f"error: {n} source(s) could not be fetched or read; the run is marked failed")
        raise typer.Exit(1)


@app.command()
def serve(
    cron: Annotated[
        str, typer.Option(help="When to run, as a cron expression (UTC).")
    ] = "0 6 * * *",
    name: Annotated[str, typer.Option(help="Deployment name.")] = "trilat-update",
    raw: RawOpt = Path("raw"),
    out: OutOpt = Path("processed"),
    allow_local: AllowLocal = False,
) -> None:
    """Serve the update flow on a schedule against a Prefect server (PREFECT_API_URL).

    Start the server first: `prefect server start`.

    Then: export PREFECT_API_URL=http://127.0.0.1:4200/api. Ctrl-C stops serving.
    """
    import os

    if not os.environ.get("PREFECT_API_URL"):
        _fail(TrilatError(
            "PREFECT_API_URL is not set: a schedule needs a running Prefect server",
            ["start one with `prefect server start`, then",
             "export PREFECT_API_URL=http://127.0.0.1:4200/api and run `trilat serve` again"],
        ))  # fmt: skip
    from flows.update import update_flow

    _info(f"serving deployment {name!r} with schedule {cron!r}; Ctrl-C stops")
    update_flow.serve(
        name=name,
        cron=cron,
        parameters={"raw_dir": str(raw.resolve()), "out_dir": str(out.resolve()),
                    "allow_local": allow_local},
    )  # fmt: skip


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
