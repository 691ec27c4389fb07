"""Hostile and broken servers: each fetch ends in time with one line saying why, and
nothing that is not HTML, PDF or text is stored. A local HTTP server only."""

import ipaddress
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from tests.test_fetch import HTML, fetch, make_raw
from trilat.fetch import FetchConfig, FetchError, check_url, fetch_all, is_public
from trilat.registry import load_registry

QUICK = FetchConfig(timeout=(1, 1), retries=4, backoff_factor=0.01, allow_local=True)


@pytest.fixture
def slow_server():
    """A server of its own, one thread per request: a handler that stalls holds
    neither the next request nor the next test."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def failed(result, *words: str) -> str:
    assert result.status == "failed", result
    assert "\n" not in result.reason and all(w in result.reason for w in words), result.reason
    return result.reason


def test_a_long_retry_after_is_capped(tmp_path, httpserver):
    httpserver.expect_ordered_request("/a").respond_with_data(
        b"busy", status=503, headers={"Retry-After": "3600"})  # fmt: skip
    httpserver.expect_ordered_request("/a").respond_with_data(HTML, content_type="text/html")
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/a")})
    t0 = time.monotonic()
    assert fetch(raw, FetchConfig(**{**QUICK.__dict__, "retry_after_max": 1}))["a"].status == "new"
    assert 0.9 <= time.monotonic() - t0 < 5
    assert FetchConfig().retry_after_max <= 60


def test_retry_after_never_waits_past_the_deadline(tmp_path, httpserver):
    httpserver.expect_request("/a").respond_with_data(
        b"busy", status=429, headers={"Retry-After": "3600"})  # fmt: skip
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/a")})
    config = FetchConfig(**{**QUICK.__dict__, "retry_after_max": 3600, "deadline": 2})
    t0 = time.monotonic()
    failed(fetch(raw, config)["a"], "HTTP 429")
    assert time.monotonic() - t0 < 5


def test_a_body_that_trickles_in_times_out(tmp_path, slow_server):
    def trickle():
        for _ in range(60):
            yield b"<p>x</p>"
            time.sleep(0.1)

    slow_server.expect_request("/slow").respond_with_handler(
        lambda request: Response(trickle(), content_type="text/html", direct_passthrough=True)
    )
    raw = make_raw(tmp_path, {"a": slow_server.url_for("/slow")})
    config = FetchConfig(**{**QUICK.__dict__, "deadline": 1.5})
    t0 = time.monotonic()
    failed(fetch(raw, config)["a"], "timed out", "body was not complete", "bytes received")
    assert time.monotonic() - t0 < 4  # the deadline, plus at most one read timeout


def test_delayed_headers_cost_one_read_timeout_not_five(tmp_path, slow_server):
    def late(request):
        time.sleep(3)
        return Response(HTML, content_type="text/html")

    slow_server.expect_request("/late").respond_with_handler(late)
    raw = make_raw(tmp_path, {"a": slow_server.url_for("/late")})
    t0 = time.monotonic()
    failed(fetch(raw, QUICK)["a"], "timed out:", "did not answer within 1 s")
    assert time.monotonic() - t0 < 2.5  # 4 retries of a 1 s read timeout took 5 s


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("image/png", b"\x89PNG\r\n\x1a\n" + b"Japan and Korea " * 20),
     ("application/json", b'{"title": "Japan and the ROK met in Seoul."}')],
)  # fmt: skip
def test_bodies_that_are_not_html_pdf_or_text_are_not_stored(tmp_path, httpserver,
                                                             content_type, body):  # fmt: skip
    httpserver.expect_request("/x").respond_with_data(body, content_type=content_type)
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/x")})
    failed(fetch(raw)["a"], f"content type '{content_type}' is not HTML, PDF or text")
    assert sorted(p.name for p in (raw / "snapshots").iterdir()) == ["a.txt"]


def test_utf16_text_is_fetched_as_text(tmp_path, httpserver):
    body = "Japan and the ROK met in Seoul on May 1, 2024.\n".encode("utf-16")
    httpserver.expect_request("/u").respond_with_data(body, content_type="text/plain")
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/u")})
    assert fetch(raw)["a"].file.endswith(".txt")


@pytest.mark.parametrize(
    "address",
    ["::ffff:127.0.0.1", "::ffff:10.0.0.1", "::7f00:1", "::a00:1",  # IPv4-mapped, -compatible
     "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::a00:1",  # NAT64
     "2002:7f00:1::1", "2002:a00:1::", "2002:a9fe:a9fe::1"],  # 6to4
)  # fmt: skip
def test_ipv4_private_addresses_inside_ipv6_ones_are_refused(address):
    with pytest.raises(FetchError, match="non-public address"):
        check_url("http://example.test/page", resolver=lambda host: [address])


def test_public_ipv4_addresses_inside_ipv6_ones_pass():
    for address in ("64:ff9b::5db8:d822", "2002:5db8:d822::1", "2606:2800:220:1::"):
        assert is_public(ipaddress.ip_address(address)), address


def test_the_connection_goes_to_the_address_checked(tmp_path, httpserver):
    """No second lookup: a name only our resolver knows is fetched (the system cannot
    resolve .invalid), and a name the system knows goes where our resolver said."""
    httpserver.expect_request("/a").respond_with_data(HTML, content_type="text/html")
    port = httpserver.port
    raw = make_raw(tmp_path, {"a": f"http://rebind.invalid:{port}/a"})
    results = fetch_all(load_registry(raw), config=QUICK, resolver=lambda h: ["127.0.0.1"])
    assert results[0].status == "new", results[0].reason

    raw = make_raw(tmp_path / "again", {"b": f"http://localhost:{port}/a"})
    results = fetch_all(load_registry(raw), config=QUICK, resolver=lambda h: ["127.0.0.2"])
    failed(results[0], "127.0.0.2")  # the system would have said 127.0.0.1, and it listens


def test_urls_with_credentials_are_refused(tmp_path, httpserver):
    with pytest.raises(FetchError, match="holds credentials"):
        check_url("https://user:secret@example.org/a", resolver=lambda h: ["93.184.216.34"])
    httpserver.expect_request("/r").respond_with_data(
        b"", status=302, headers={"Location": f"http://user:secret@localhost:{httpserver.port}/a"}
    )
    raw = make_raw(tmp_path, {"a": httpserver.url_for("/r")})
    reason = failed(fetch(raw)["a"], "holds credentials")
    assert "secret" not in reason
