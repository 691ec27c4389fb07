"""The scheduled path end to end: `trilat update` against a local HTTP server."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import run_trilat
from tests.test_fetch import HTML, make_raw

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def update(raw: Path, out: Path):
    return run_trilat("update", "--raw", raw, "--out", out, "--allow-local")


def releases(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name[:1].isdigit())


def test_changed_page_new_release_unchanged_page_none(tmp_path, httpserver):
    page = {"body": HTML, "etag": '"v1"'}

    def handler(request):
        from werkzeug import Response

        if request.headers.get("If-None-Match") == page["etag"]:
            return Response(status=304)
        return Response(page["body"], content_type="text/html", headers={"ETag": page["etag"]})

    httpserver.expect_request("/story").respond_with_handler(handler)
    raw = make_raw(tmp_path, {"story": httpserver.url_for("/story")})
    out = tmp_path / "out"

    first = update(raw, out)
    assert first.returncode == 0, first.stderr
    assert "story: new" in first.stderr and "published release 1.0.0" in first.stderr
    assert releases(out) == ["1.0.0"]

    second = update(raw, out)
    assert second.returncode == 0, second.stderr
    assert "story: unchanged" in second.stderr and "unchanged" in second.stderr.splitlines()[-1]
    assert releases(out) == ["1.0.0"]

    page["body"] = HTML.replace(b"Gyeongju", b"Busan")
    page["etag"] = '"v2"'
    third = update(raw, out)
    assert third.returncode == 0, third.stderr
    assert "story: changed" in third.stderr
    assert releases(out) == ["1.0.0", "1.0.1"] or releases(out) == ["1.0.0", "1.1.0"]
    assert third.stdout.strip().endswith(releases(out)[-1])

    # Each run left a markdown artifact: fetch statuses, release, row counts.
    run, artifact = last_run()
    assert run["state_type"] == "COMPLETED"
    assert "# TRILAT update" in artifact and "| story | changed |" in artifact
    assert "validation passed" in artifact and "| events |" in artifact


def last_run() -> tuple[dict, str]:
    """The newest run of the update flow and the newest update artifact, from Prefect's
    embedded server (the project's own, as `trilat update` used)."""
    script = (
        "import asyncio, json\n"
        "from flows.prefect_env import configure_prefect; configure_prefect()\n"
        "from prefect.client.orchestration import get_client\n"
        "async def main():\n"
        "    async with get_client() as c:\n"
        "        r = await c._client.post('/artifacts/filter', json={'artifacts': {'key': {\n"
        "            'any_': ['trilat-update']}}, 'limit': 1, 'offset': 0,\n"
        "            'sort': 'CREATED_DESC'})\n"
        "        f = await c._client.post('/flow_runs/filter', json={'flows': {'name': {\n"
        "            'any_': ['trilat-update']}}, 'limit': 1, 'sort': 'START_TIME_DESC'})\n"
        "        print(json.dumps([f.json()[0], r.json()[0]['data']]))\n"
        "asyncio.run(main())\n"
    )
    art = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)  # fmt: skip
    assert art.returncode == 0, art.stderr
    run, artifact = json.loads(art.stdout.splitlines()[-1])
    return run, artifact


def test_a_source_not_fetched_or_not_read_fails_the_run_after_publishing(tmp_path, httpserver):
    httpserver.expect_request("/story").respond_with_data(HTML, content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    raw = make_raw(tmp_path, {"story": httpserver.url_for("/story"),
                              "gone": httpserver.url_for("/gone")})  # fmt: skip
    with (raw / "sources.yaml").open("a") as f:  # a source without url whose file is empty
        f.write("  - id: empty\n    title: Empty\n    publisher: Example News\n"
                "    license: CC-BY-4.0\n    kind: news\n"
                "    file: snapshots/empty.txt\n")  # fmt: skip
    (raw / "snapshots" / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"

    result = update(raw, out)
    assert result.returncode == 1, result.stderr
    assert "gone: failed (HTTP 404" in result.stderr
    assert "warning: skipped source 'empty'" in result.stderr and "file is empty" in result.stderr
    assert "published release 1.0.0" in result.stderr  # what could be built is published
    assert "error: 2 source(s) could not be fetched or read" in result.stderr
    assert "Traceback" not in result.stderr
    assert releases(out) == ["1.0.0"]

    run, artifact = last_run()
    assert run["state_type"] == "FAILED"
    assert "2 source(s) could not be fetched or read" in run["state"]["message"]
    assert "**2 source(s) failed**" in artifact
    assert "source 'gone': fetch failed: HTTP 404" in artifact
    assert "read failed: source 'empty'" in artifact and "file is empty" in artifact
