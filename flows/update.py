"""The scheduled flow: fetch registered URLs, rebuild when anything changed, report."""

from __future__ import annotations

from pathlib import Path

from trilat.settings import configure_prefect

configure_prefect()

from prefect import flow, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from flows.build import run_build  # noqa: E402
from trilat.errors import TrilatError  # noqa: E402
from trilat.fetch import FetchConfig, FetchResult, fetch_all  # noqa: E402
from trilat.fingerprint import input_fingerprint  # noqa: E402
from trilat.pointer import latest_version, read_package, release_for_fingerprint  # noqa: E402
from trilat.registry import load_registry  # noqa: E402
from trilat.settings import reference_dir  # noqa: E402
from trilat.universe import waiting_notice  # noqa: E402


@task(cache_policy=NO_CACHE, name="fetch")
def fetch(raw_dir: Path, allow_local: bool) -> list[FetchResult]:
    return fetch_all(load_registry(raw_dir), config=FetchConfig(allow_local=allow_local))


def report(results: list[FetchResult], outcome: str, release: Path | None, waiting: int = 0) -> str:
    """The run's markdown artifact: what was fetched, what was published."""
    lines = ["# TRILAT update", "", f"**Outcome:** {outcome}", ""]
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
) -> dict:
    """Fetch, then build and publish only when a snapshot or the code changed."""
    raw, out = Path(raw_dir), Path(out_dir)
    results = fetch(raw, allow_local)
    # A broken registry stops here, with its own clear error.
    waiting = len(load_registry(raw).waiting)
    ref = reference_dir()
    fp = input_fingerprint(raw, ref, out / ".cache")
    done = release_for_fingerprint(out, fp)
    release = None
    try:
        if done:
            outcome = f"unchanged: release {done} was built from these inputs"
        else:
            published = run_build(raw, out, ref, fp, dask, processes)
            release = published.path
            outcome = (f"published release {published.version}" if published.created
                       else f"unchanged: the data equal release {published.version}")  # fmt: skip
    except TrilatError as exc:
        outcome = f"build failed: {exc.message}"
        create_markdown_artifact(
            markdown=report(results, outcome, None, waiting), key="trilat-update"
        )
        raise
    if release is None and (newest := latest_version(out)):
        release = out / newest
    create_markdown_artifact(
        markdown=report(results, outcome, release, waiting), key="trilat-update"
    )
    failed = [r for r in results if r.status == "failed"]
    return {
        "outcome": outcome,
        "release": str(release) if release else None,
        "fetched": {r.source_id: r.status for r in results},
        "failed": {r.source_id: r.reason for r in failed},
        "waiting": waiting,
    }
