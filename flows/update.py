"""The scheduled flow: fetch registered URLs, rebuild when anything changed, report."""

from __future__ import annotations

from pathlib import Path

from flows.prefect_env import configure_prefect

configure_prefect()

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.states import Failed  # noqa: E402

from flows.build import run_build  # noqa: E402
from trilat.errors import TrilatError  # noqa: E402
from trilat.fetch import FetchConfig, FetchError, FetchResult, fetch_all  # noqa: E402
from trilat.files import disk_full_as_error  # noqa: E402
from trilat.fingerprint import input_fingerprint  # noqa: E402
from trilat.pointer import (  # noqa: E402
    latest_version,
    read_package,
    release_for_fingerprint,
    repair_pointer,
)
from trilat.registry import load_registry  # noqa: E402
from trilat.settings import reference_dir  # noqa: E402
from trilat.universe import waiting_notice  # noqa: E402


@task(cache_policy=NO_CACHE, name="fetch")
def fetch(raw_dir: Path, allow_local: bool) -> list[FetchResult]:
    try:
        return fetch_all(load_registry(raw_dir), config=FetchConfig(allow_local=allow_local))
    except FetchError as exc:  # not one source's failure: the whole fetch's
        raise TrilatError(str(exc)) from None


def failures(results: list[FetchResult], skipped: tuple[str, ...] | list[str]) -> list[str]:
    """One line per source that could not be fetched or read, with the reason."""
    lines = [f"source '{r.source_id}': fetch failed: {r.reason}" for r in results
             if r.status == "failed"]  # fmt: skip
    return lines + [f"read failed: {w}" for w in skipped]


def report(results: list[FetchResult], outcome: str, release: Path | None,
           failed: list[str] = (), waiting: int = 0) -> str:  # fmt: skip
    """The run's markdown artifact: what was fetched, what failed, what waits for a
    fetch, what was published."""
    lines = ["# TRILAT update", "", f"**Outcome:** {outcome}", ""]
    if failed:
        lines += [f"**{len(failed)} source(s) failed** (the run is marked failed):", ""]
        lines += [f"* {f}" for f in failed] + [""]
    if waiting:
        lines += [waiting_notice(waiting) + ".", ""]
    lines += ["| source | fetch | detail |", "|---|---|---|"]
    lines += [f"| {r.source_id} | {r.status} | {r.reason} |" for r in results]
    if not results:
        lines.append("| (no source has a url) | | |")
    if release is not None:
        pkg = read_package(release)
        lines += ["", f"**Release:** {pkg['version']} (`{release}`), validation passed", ""]
        lines += ["| table | rows |", "|---|---|"]
        lines += [f"| {r['name']} | {r['rows']} |" for r in pkg["resources"]]
    return "\n".join(lines) + "\n"


@flow(name="trilat-update", validate_parameters=False)
def update_flow(
    raw_dir: str = "raw",
    out_dir: str = "processed",
    allow_local: bool = False,
    dask: str | None = None,
    processes: int | None = None,
):
    """Fetch, then build and publish only when a snapshot or the code changed.

    A run in which any source could not be fetched or read still publishes what can
    be built, then ends FAILED (the sources and reasons in its log and artifact), so
    that a schedule's failures are seen. Its summary is the state's data."""
    raw, out = Path(raw_dir), Path(out_dir)
    results = fetch(raw, allow_local)
    # A broken registry stops here, with its own clear error.
    waiting = len(load_registry(raw).waiting)
    ref = reference_dir()
    with disk_full_as_error(out / ".cache"):
        fp = input_fingerprint(raw, ref, out / ".cache")
    release, skipped = None, ()
    try:
        if repaired := repair_pointer(out):
            get_run_logger().warning(repaired)
        if done := release_for_fingerprint(out, fp):
            outcome = f"unchanged: release {done} was built from these inputs"
        else:
            published = run_build(raw, out, ref, fp, dask, processes)
            release, skipped = published.path, published.warnings
            outcome = (f"published release {published.version}" if published.created
                       else f"unchanged: the data equal release {published.version}")  # fmt: skip
    except TrilatError as exc:
        outcome = "\n".join([f"build failed: {exc.message}", "", *(f"* {d}" for d in exc.details)])
        create_markdown_artifact(
            markdown=report(results, outcome, None, failures(results, ()), waiting),
            key="trilat-update",
        )
        raise
    if release is None and (newest := latest_version(out)):
        release = out / newest
    failed = failures(results, skipped)
    create_markdown_artifact(markdown=report(results, outcome, release, failed, waiting),
                             key="trilat-update")  # fmt: skip
    summary = {
        "outcome": outcome,
        "release": str(release) if release else None,
        "fetched": {r.source_id: r.status for r in results},
        "failed": {r.source_id: r.reason for r in results if r.status == "failed"},
        "skipped": list(skipped),
        "waiting": waiting,
    }
    if not failed:
        return summary
    logger = get_run_logger()
    for line in failed:
        logger.error(line)
    return Failed(
        message=f"{len(failed)} source(s) could not be fetched or read ({outcome})",
        data=summary,
    )
