"""Sources registered by their URL alone: fetched, pinned, built; until then, they wait.

A local HTTP server (127.0.0.1, hence allow_local) serves pages shaped like the
official sites of the catalogue (``tests/official_pages.py``).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.official_pages import (
    OVERVIEW,
    OVERVIEW_BODY,
    OVERVIEW_FURNITURE,
    PRESS_BODY,
    PRESS_FURNITURE,
    PRESS_RELEASE,
    TREATY_LINE,
    TREATY_PDF,
)
from tests.test_fetch import FAST
from trilat.check import check_inputs
from trilat.fetch import fetch_all
from trilat.pipeline import read_all
from trilat.registry import LOCK_FILE, load_registry

ROOT = Path(__file__).resolve().parent.parent
SEED = (
    "The foreign ministers of Japan, the Republic of Korea and the United States met in "
    "Gyeongju on October 29, 2025 and agreed to expand trilateral security cooperation.\n"
)


def serve_official_pages(httpserver) -> dict[str, str]:
    """The three documents, and one address that answers 404."""
    httpserver.expect_request("/media-note/joint-statement").respond_with_data(
        PRESS_RELEASE, content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/region/page3e_000001.html").respond_with_data(
        OVERVIEW, content_type="text/html"
    )
    httpserver.expect_request("/files/treaty.pdf").respond_with_data(
        TREATY_PDF, content_type="application/pdf"
    )
    httpserver.expect_request("/gone.html").respond_with_data("Not Found", status=404)
    return {
        "press": httpserver.url_for("/media-note/joint-statement"),
        "overview": httpserver.url_for("/region/page3e_000001.html"),
        "treaty": httpserver.url_for("/files/treaty.pdf"),
        "gone": httpserver.url_for("/gone.html"),
    }


def make_raw(tmp_path: Path, urls: dict[str, str]) -> Path:
    """A registry of one seed with its snapshot, and a catalogue of URL-only entries."""
    raw = tmp_path / "raw"
    (raw / "snapshots").mkdir(parents=True)
    (raw / "snapshots" / "seed.txt").write_text(SEED, encoding="utf-8")
    (raw / "sources.yaml").write_text(
        textwrap.dedent("""\
            include: [catalogue.yaml]
            sources:
              - id: seed
                title: Ministers meet in Gyeongju
                publisher: Example News
                published: "2025-10-29"
                license: CC-BY-4.0
                kind: news
                file: snapshots/seed.txt
            """),
        encoding="utf-8",
    )
    kinds = {"press": "statement", "overview": "statement", "treaty": "treaty", "gone": "statement"}
    entries = [
        f"  - id: {sid}\n    title: Title of {sid}\n    publisher: Example Government\n"
        f'    published: "2026-03-03"\n    url: {url}\n    license: CC-BY-4.0\n'
        f"    kind: {kinds[sid]}\n"
        for sid, url in urls.items()
    ]
    (raw / "catalogue.yaml").write_text("sources:\n" + "".join(entries), encoding="utf-8")
    return raw


def test_url_only_sources_are_fetched_pinned_and_read(tmp_path, httpserver):
    raw = make_raw(tmp_path, serve_official_pages(httpserver))
    registry = load_registry(raw)
    assert [s.id for s in registry.waiting] == ["press", "overview", "treaty", "gone"]
    assert [d.source.id for d in read_all(registry)[0]] == ["seed"]  # the others wait

    results = {r.source_id: r for r in fetch_all(registry, config=FAST)}
    assert {k: r.status for k, r in results.items()} == {
        "press": "new", "overview": "new", "treaty": "new", "gone": "failed"
    }  # fmt: skip
    assert "HTTP 404" in results["gone"].reason
    lock = json.loads((raw / LOCK_FILE).read_text())["sources"]
    assert sorted(lock) == ["overview", "press", "treaty"]
    for sid in lock:  # snapshots named by their sha256, with a sidecar
        assert lock[sid]["file"] == results[sid].file
        assert (raw / lock[sid]["file"]).name.startswith(lock[sid]["sha256"])
        assert (raw / "snapshots" / f"{lock[sid]['sha256']}.json").exists()
    assert results["treaty"].file.endswith(".pdf")

    registry = load_registry(raw)
    assert [s.id for s in registry.waiting] == ["gone"]
    docs, skipped = read_all(registry)
    assert not skipped
    texts = {d.source.id: d.text for d in docs}
    assert sorted(texts) == ["overview", "press", "seed", "treaty"]
    for sentence in PRESS_BODY:
        assert sentence in texts["press"]
    for sentence in OVERVIEW_BODY:
        assert sentence in texts["overview"]
    for furniture in (*PRESS_FURNITURE, *OVERVIEW_FURNITURE, "Policy Issues", "Europe"):
        assert furniture not in texts["press"] + texts["overview"]
    assert TREATY_LINE in texts["treaty"]

    lines = list(check_inputs(raw, ROOT / "reference"))
    assert lines[0].endswith("5 source(s) ok (1 not fetched yet: `trilat fetch` fetches them)")


def test_a_second_fetch_of_unchanged_pages_writes_nothing(tmp_path, httpserver):
    urls = serve_official_pages(httpserver)
    del urls["gone"]
    raw = make_raw(tmp_path, urls)
    fetch_all(load_registry(raw), config=FAST)
    before = {p: p.stat().st_mtime_ns for p in raw.rglob("*")}
    again = fetch_all(load_registry(raw), config=FAST)
    assert {r.status for r in again} == {"unchanged"}
    assert {p: p.stat().st_mtime_ns for p in raw.rglob("*")} == before


@pytest.mark.slow
def test_build_waits_for_fetch_and_update_fetches_and_publishes(tmp_path, httpserver):
    """The whole path a user takes: build (the catalogue waits), update (fetch, build)."""
    from tests.helpers import run_trilat

    raw = make_raw(tmp_path, serve_official_pages(httpserver))
    out = tmp_path / "out"

    build = run_trilat("build", "--raw", raw, "--out", out)
    assert build.returncode == 0, build.stderr
    assert "building 1 source(s)" in build.stderr
    note = "note: 4 registered source(s) have no snapshot yet and are not in this build; "
    assert note + "`trilat fetch` fetches them" in build.stderr
    first = (out / "LATEST").read_text().strip()
    card = (out / first / "README.md").read_text()
    assert "- Registered: 5 documents by 2 publishers, published 2025-2026" in card
    assert "- In this release: 1 documents" in card and "- Not fetched yet: 4;" in card

    update = run_trilat("update", "--raw", raw, "--out", out, "--allow-local")
    assert update.returncode == 1, update.stderr  # the 404 is a failed fetch
    for line in ("press: new", "overview: new", "treaty: new", "gone: failed (HTTP 404"):
        assert line in update.stderr
    assert "note: 1 registered source(s) have no snapshot yet" in update.stderr
    assert "published release" in update.stderr
    newest = (out / "LATEST").read_text().strip()
    assert newest != first and update.stdout.strip().endswith(newest)
    card = (out / newest / "README.md").read_text()
    assert "- In this release: 4 documents" in card and "- Not fetched yet: 1;" in card
    assert "## Universe" in card and "Out of scope, deliberately:" in card


@pytest.mark.slow
def test_a_build_with_no_snapshot_at_all_says_so(tmp_path):
    raw = make_raw(tmp_path, {"press": "https://example.org/statement"})
    (raw / "sources.yaml").write_text("include: [catalogue.yaml]\nsources: []\n")
    from tests.helpers import run_trilat

    result = run_trilat("build", "--raw", raw, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "error: none of the 1 registered source(s) has a snapshot yet; nothing was published"
    )
    assert not (tmp_path / "out" / "LATEST").exists()
