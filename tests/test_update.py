"""The scheduled path end to end: `trilat update` against a local HTTP server."""

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
    # (Prefect 3.8's read_artifacts sends nulls its own server rejects: post the filter.)
    script = (
        "import asyncio\n"
        "from trilat.settings import configure_prefect; configure_prefect()\n"
        "from prefect.client.orchestration import get_client\n"
        "async def main():\n"
        "    async with get_client() as c:\n"
        "        r = await c._client.post('/artifacts/filter', json={'artifacts': {'key': {\n"
        "            'any_': ['trilat-update']}}, 'limit': 1, 'offset': 0,\n"
        "            'sort': 'CREATED_DESC'})\n"
        "        print(r.json()[0]['data'])\n"
        "asyncio.run(main())\n"
    )
    art = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)  # fmt: skip
    assert art.returncode == 0, art.stderr
    assert "# TRILAT update" in art.stdout and "| story | changed |" in art.stdout
    assert "validation passed" in art.stdout and "| events |" in art.stdout
