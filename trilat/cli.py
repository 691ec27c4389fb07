"""The ``trilat`` command line."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from trilat.errors import TrilatError

app = typer.Typer(
    help="Build, check and evaluate the TRILAT dataset of the U.S.-Japan-ROK alliance system.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

RawOpt = Annotated[
    Path, typer.Option("--raw", help="Folder holding sources.yaml and the snapshots it names.")
]
OutOpt = Annotated[
    Path, typer.Option("--out", help="Folder of releases: one sub-folder per version, LATEST.")
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


@app.command()
def build(
    raw: RawOpt = Path("raw"),
    out: OutOpt = Path("processed"),
    reference: RefOpt = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Run the pipeline even when the inputs have not changed."),
    ] = False,
) -> None:
    """Read the registered sources, extract the tables, validate them and publish a release.

    Writes OUT/<version> only when the data changed. The last line printed is the release path.
    """
    from trilat.fingerprint import input_fingerprint
    from trilat.registry import load_registry
    from trilat.release import release_for_fingerprint
    from trilat.settings import reference_dir

    t0 = time.perf_counter()
    ref = reference or reference_dir()
    try:
        registry = load_registry(raw)
        fp = input_fingerprint(raw, [registry.snapshot_path(s) for s in registry.sources], ref)
        done = None if force else release_for_fingerprint(out, fp)
        if done:
            _info(f"unchanged: sources, vocabularies and code are those of release {done}")
            typer.echo(out / done)
            return
        _info(f"building {len(registry.sources)} source(s) from {raw} ...")
        from flows.build import build_flow

        result = build_flow(raw, out, ref, fp)
    except TrilatError as exc:
        _fail(exc)
    took = time.perf_counter() - t0
    if result.created:
        _info(f"published release {result.version} in {took:.1f} s")
    else:
        _info(f"no change in the data: the newest release is still {result.version} ({took:.1f} s)")
    typer.echo(result.path)


@app.command()
def validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="A release folder to check against the schemas; omit to check only "
            "the registry and the vocabularies."
        ),
    ] = None,
    raw: RawOpt = Path("raw"),
    reference: RefOpt = None,
) -> None:
    """Check the source registry, the reference vocabularies and optionally a release."""
    from trilat.check import check_inputs, check_release
    from trilat.settings import reference_dir

    try:
        for line in check_inputs(raw, reference or reference_dir()):
            _info(line)
        if path is not None:
            for line in check_release(path):
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
) -> None:
    """Precision, recall and F1 per table against hand-checked gold labels."""
    from trilat.evaluate import evaluate_all, format_scores
    from trilat.settings import reference_dir

    try:
        scores, below = evaluate_all(gold, raw, reference or reference_dir())
    except TrilatError as exc:
        _fail(exc)
    typer.echo(format_scores(scores))
    if below:
        for line in below:
            _info(f"below floor: {line}")
        if check_floors:
            raise typer.Exit(1)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
