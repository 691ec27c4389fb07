"""Fetching against a local HTTP server (127.0.0.1 only, hence allow_local)."""

import json
import time
from pathlib import Path

import pytest
from werkzeug import Response

from tests.test_text import _pdf
from trilat.fetch import FetchConfig, FetchError, check_url, fetch_all
from trilat.pipeline import read_documents
from trilat.registry import LOCK_FILE, load_registry

FAST = FetchConfig(timeout=(2, 2), retries=2, backoff_factor=0.01, allow_local=True, delay=0)
HTML = b"""<!doctype html><html><head><title>Allies meet</title>
<meta name="author" content="Jane Roe"><meta property="article:published_time" content="2025-10-30">
</head><body><nav><a href="/">Home</a> <a href="/asia">Asia</a></nav><article><h1>Allies meet</h1>
<p>The foreign ministers of Japan, the Republic of Korea and the United States met in Gyeongju on
Wednesday to discuss North Korea's missile launches and economic security in the region.</p>
<p>They agreed to expand the real-time sharing of missile-warning data and to hold a trilateral
exercise before the end of the year, officials said after the meeting.</p></article>
<footer>Copyright 2025 Example News</footer></body></html>"""


def make_raw(tmp_path: Path, urls: dict[str, str]) -> Path:
    raw = tmp_path / "raw"
    (raw / "snapshots").mkdir(parents=True)
    lines = ["sources:"]
    for sid, url in urls.items():
        (raw / "snapshots" / f"{sid}.txt").write_text("Placeholder text of the seed.\n")
        lines += [
            f"  - id: {sid}", f"    title: Title of {sid}", "    publisher: Example News",
            "    license: CC-BY-4.0", "    kind: news", f"    url: {url}",
            f"    file: snapshots/{sid}.txt",
        ]  # fmt: skip
    (raw / "sources.yaml").write_text("\n".join(lines) + "\n")
    return raw


def fetch(raw, config=FAST, only=None):
    return {r.source_id: r for r in fetch_all(load_registry(raw), only, config)}


def test_html_page_becomes_a_pinned_snapshot_with_metadata(tmp_path, httpserver):
    httpserver.expect_request("/a").respond_with_data(HTML, content_type="text/html")
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/a")})
    r = fetch(raw)["a"]
    assert (r.status, r.file) == ("new", f"snapshots/{r.sha256}.html")
    sidecar = json.loads((raw / "snapshots" / f"{r.sha256}.json").read_text())
    assert sidecar["url"] == sidecar["final_url"] == httpserver.url_for("/a")
    assert (sidecar["status"], sidecar["bytes"], sidecar["sha256"]) == (200, len(HTML), r.sha256)
    assert sidecar["retrieved_at"].endswith("Z")
    lock = json.loads((raw / LOCK_FILE).read_text())["sources"]
    assert lock["a"]["file"] == r.file
    (doc,) = read_documents(load_registry(raw))
    assert "met in Gyeongju" in doc.text and "Home" not in doc.text
    assert (doc.source.published, doc.source.authors) == ("2025-10-30", ("Jane Roe",))


def test_pdf(tmp_path, httpserver):
    httpserver.expect_request("/p").respond_with_data(
        _pdf("Japan and the ROK met."), content_type="application/pdf"
    )
    raw = make_raw(tmp_path, {"p": httpserver.url_for("/p")})
    assert fetch(raw)["p"].file.endswith(".pdf")
    assert "Japan and the ROK" in read_documents(load_registry(raw))[0].text


def test_unchanged_page_costs_one_304_and_writes_nothing(tmp_path, httpserver):
    httpserver.expect_ordered_request("/a").respond_with_data(
        HTML, content_type="text/html", headers={"ETag": '"v1"'}
    )
    httpserver.expect_ordered_request("/a", headers={"If-None-Match": '"v1"'}).respond_with_data(
        b"", status=304)  # fmt: skip
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/a")})
    assert fetch(raw)["a"].status == "new"
    before = {p.name: p.stat().st_mtime_ns for p in raw.rglob("*")}
    r = fetch(raw)["a"]
    assert (r.status, r.reason) == ("unchanged", "304 Not Modified")
    assert {p.name: p.stat().st_mtime_ns for p in raw.rglob("*")} == before
    assert len(httpserver.log) == 2


def test_a_failure_is_reported_and_the_others_go_on(tmp_path, httpserver):
    httpserver.expect_request("/missing").respond_with_data(b"no", status=404)
    httpserver.expect_request("/ok").respond_with_data(HTML, content_type="text/html")
    raw = make_raw(tmp_path, {"gone": httpserver.url_for("/missing"),
                              "fine": httpserver.url_for("/ok")})  # fmt: skip
    results = fetch(raw)
    assert results["gone"].status == "failed" and "HTTP 404" in results["gone"].reason
    assert results["fine"].status == "new"
    assert load_registry(raw).sources[0].file == "snapshots/gone.txt"  # untouched


def test_server_error_then_success_is_retried(tmp_path, httpserver):
    httpserver.expect_ordered_request("/a").respond_with_data(b"oops", status=500)
    httpserver.expect_ordered_request("/a").respond_with_data(HTML, content_type="text/html")
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/a")})
    assert fetch(raw)["a"].status == "new"


def test_429_honours_retry_after(tmp_path, httpserver):
    httpserver.expect_ordered_request("/a").respond_with_data(
        b"slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request("/a").respond_with_data(HTML, content_type="text/html")
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/a")})
    t0 = time.monotonic()
    assert fetch(raw)["a"].status == "new"
    assert time.monotonic() - t0 >= 0.9


def test_read_timeout(tmp_path, httpserver):
    def slow(request):
        time.sleep(1.2)
        return Response(HTML, content_type="text/html")

    httpserver.expect_request("/a").respond_with_handler(slow)
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/a")})
    config = FetchConfig(timeout=(1, 0.3), retries=1, backoff_factor=0.01, allow_local=True)
    r = fetch(raw, config)["a"]
    assert r.status == "failed" and ("timed out" in r.reason or "Read timed out" in r.reason)


def test_body_over_the_cap(tmp_path, httpserver):
    httpserver.expect_request("/big").respond_with_data(b"x" * 5000, content_type="text/plain")
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/big")})
    config = FetchConfig(retries=0, max_bytes=1000, allow_local=True)
    r = fetch(raw, config)["a"]
    assert r.status == "failed" and "cap" in r.reason
    assert not list((raw / "snapshots").glob("*.json"))


def test_redirect_to_file_scheme_is_refused(tmp_path, httpserver):
    httpserver.expect_request("/r").respond_with_data(
        b"", status=302, headers={"Location": "file:///etc/passwd"}
    )
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/r")})
    r = fetch(raw)["a"]
    assert r.status == "failed" and "not an http or https URL" in r.reason


def test_redirects_are_followed_and_recorded(tmp_path, httpserver):
    httpserver.expect_request("/old").respond_with_data(
        b"", status=301, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_data(HTML, content_type="text/html")
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/old")})
    r = fetch(raw)["a"]
    sidecar = json.loads((raw / "snapshots" / f"{r.sha256}.json").read_text())
    assert sidecar["final_url"] == httpserver.url_for("/new")


def test_wrong_content_type(tmp_path, httpserver):
    httpserver.expect_request("/a").respond_with_data(HTML, content_type="application/pdf")
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/a")})
    r = fetch(raw)["a"]
    assert r.status == "failed" and "does not match the body" in r.reason


def test_only_one_source(tmp_path, httpserver):
    httpserver.expect_request("/a").respond_with_data(HTML, content_type="text/html")
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/a"), "b": httpserver.url_for("/b")})
    assert set(fetch(raw, only="a")) == {"a"}
    with pytest.raises(FetchError, match="no source 'zzz' with a url"):
        fetch(raw, only="zzz")


def test_local_addresses_need_allow_local(tmp_path, httpserver):
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/a")})
    r = fetch(raw, FetchConfig(retries=0))["a"]
    assert r.status == "failed" and "--allow-local" in r.reason
    assert len(httpserver.log) == 0  # refused before connecting


@pytest.mark.parametrize(
    "address", ["10.0.0.1", "169.254.169.254", "::1", "127.0.0.1", "192.168.1.5", "fe80::1",
                "100.64.0.1", "0.0.0.0"],
)  # fmt: skip
def test_address_check_refuses_non_public_addresses(address):
    with pytest.raises(FetchError, match="non-public address"):
        check_url("http://example.test/page", resolver=lambda host: [address])


def test_a_name_resolving_to_a_private_address_is_refused():
    resolver = {"intranet.example": ["93.184.216.34", "10.1.2.3"]}.__getitem__
    with pytest.raises(FetchError, match=r"10\.1\.2\.3"):
        check_url("https://intranet.example/x", resolver=resolver)
    check_url("https://intranet.example/x", allow_local=True, resolver=resolver)


def test_public_addresses_and_schemes():
    check_url("https://example.org/a", resolver=lambda h: ["93.184.216.34", "2606:2800::1"])
    for bad in ("file:///etc/passwd", "ftp://example.org/x", "gopher://x", "javascript:alert(1)"):
        with pytest.raises(FetchError, match="not an http or https URL"):
            check_url(bad, resolver=lambda h: ["93.184.216.34"])


def test_requests_to_one_host_are_spaced_by_the_delay(tmp_path, httpserver):
    from dataclasses import replace

    httpserver.expect_request("/a").respond_with_data(HTML, content_type="text/html")
    httpserver.expect_request("/b").respond_with_data(HTML + b" ", content_type="text/html")
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/a"), "b": httpserver.url_for("/b")})
    t0 = time.monotonic()
    assert {r.status for r in fetch(raw, replace(FAST, delay=0.5)).values()} == {"new"}
    assert time.monotonic() - t0 >= 0.5
