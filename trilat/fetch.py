"""Fetch registered URLs into immutable snapshots, politely and safely.

* One requests session: timeouts, retries with exponential backoff on
  connection errors, 429 and 5xx (honouring Retry-After up to a cap), a polite
  User-Agent, and an overall deadline per source (retries, redirects and the body
  included), so a server that trickles its body or stalls cannot hold a run.
* At most one request every ``delay`` seconds (1 s by default) to the same host.
* Conditional requests (ETag / Last-Modified): an unchanged page costs one 304
  and writes nothing.
* Only http and https, without credentials; every URL and every redirect target
  must resolve to a public address unless ``allow_local`` (tests on 127.0.0.1
  need it), IPv4 addresses embedded in IPv6 ones included, and the connection
  goes to the address that was checked (no second lookup to rebind).
* Bodies are streamed and capped; a snapshot is named by its sha256, written
  once, with a JSON sidecar (url, final url, status, content type, bytes,
  sha256, UTC time of retrieval).
* ``raw/sources.lock.json`` pins the snapshot each source's build uses, so every
  release is reproducible from the repository alone.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ReadTimeoutError
from urllib3.util import Timeout
from urllib3.util.connection import create_connection
from urllib3.util.retry import Retry

from extract.text import bom_encoding
from trilat import __version__
from trilat.files import disk_full_as_error, write_atomic
from trilat.registry import LOCK_FILE, Registry, Source, read_lock

USER_AGENT = (
    f"TRILAT/{__version__} (open research dataset; one request per source per run; "
    "+https://github.com/trilat)"
)
MAX_REDIRECTS = 5
EXTENSIONS = {"html": ".html", "pdf": ".pdf", "txt": ".txt"}
CONTENT_TYPES = {
    "text/html": "html", "application/xhtml+xml": "html", "application/pdf": "pdf",
    "text/plain": "txt", "text/markdown": "txt",
}  # fmt: skip
# Declared types whose body is sniffed; any other declared type is refused.
UNTYPED = ("", "application/octet-stream", "binary/octet-stream")

Resolver = Callable[[str], Sequence[str]]


class FetchError(Exception):
    """One source could not be fetched; the message says why."""


@dataclass(frozen=True)
class FetchConfig:
    timeout: tuple[float, float] = (10.0, 30.0)  # connect, read (seconds)
    retries: int = 4
    backoff_factor: float = 1.0  # sleeps 0, 2, 4, 8 ... seconds between tries
    retry_after_max: int = 30  # a longer Retry-After waits this long
    deadline: float = 120.0  # seconds for one source: tries, redirects, body
    max_bytes: int = 50 * 1024 * 1024
    allow_local: bool = False
    delay: float = 1.0  # seconds from one request to the next to the same host


@dataclass(frozen=True)
class FetchResult:
    source_id: str
    status: str  # new, changed, unchanged, failed
    reason: str = ""
    sha256: str | None = None
    file: str | None = None


def system_resolver(host: str) -> list[str]:
    return sorted({info[4][0] for info in socket.getaddrinfo(host, None)})


# Prefixes of IPv6 addresses that carry an IPv4 address in their last 32 bits.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A global unicast address, and so is every IPv4 address it carries: an IPv4-mapped
    (::ffff:a.b.c.d) or -compatible (::a.b.c.d) address, 6to4 (2002::/16), Teredo
    (2001::/32) or NAT64 (64:ff9b::/96), which reach the IPv4 address inside."""
    if not ip.is_global or ip.is_multicast:
        return False
    if ip.version == 4:
        return True
    inner = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if any(ip in net for net in (*_NAT64, _IPV4_COMPATIBLE)):
        inner.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return all(is_public(v4) for v4 in inner if v4 is not None)


def check_url(
    url: str, allow_local: bool = False, resolver: Resolver = system_resolver
) -> list[str]:
    """Refuse other schemes, credentials, and addresses that are not public unless
    ``allow_local``; returns the host's addresses, which the connection must use."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"refused: {url!r} is not an http or https URL")
    if not parts.hostname:
        raise FetchError(f"refused: {url!r} has no host")
    if parts.username is not None or parts.password is not None:
        raise FetchError(f"refused: the URL to {parts.hostname} holds credentials "
                         "(user:password@), which would be published")  # fmt: skip
    try:
        addresses = list(resolver(parts.hostname))
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {parts.hostname}: {exc}") from exc
    if not addresses:
        raise FetchError(f"cannot resolve {parts.hostname}: no address")
    for a in addresses:
        ip = ipaddress.ip_address(a.split("%")[0])
        if not allow_local and not is_public(ip):
            raise FetchError(
                f"refused: {parts.hostname} resolves to the non-public address {ip} "
                "(private, loopback or link-local); pass --allow-local to fetch it anyway"
            )
    return addresses


class _DeadlineRetry(Retry):
    """urllib3's Retry that also stops at a deadline (``time.monotonic()``): no retry
    after it, and no wait (backoff or Retry-After) past it."""

    deadline: float | None = None

    def new(self, **kw) -> _DeadlineRetry:
        retry = super().new(**kw)
        retry.deadline = self.deadline
        return retry

    def _left(self) -> float:
        return float("inf") if self.deadline is None else max(0.0, self.deadline - time.monotonic())

    def is_exhausted(self) -> bool:
        return super().is_exhausted() or self._left() <= 0

    def get_backoff_time(self) -> float:
        return min(super().get_backoff_time(), self._left())

    def get_retry_after(self, response) -> float | None:
        after = super().get_retry_after(response)
        return None if after is None else min(after, self._left())


def _retry(config: FetchConfig, deadline: float | None = None) -> _DeadlineRetry:
    retry = _DeadlineRetry(
        total=config.retries,
        connect=config.retries,
        read=0,  # a server that sent nothing within the read timeout is not asked again
        status=config.retries,
        backoff_factor=config.backoff_factor,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        retry_after_max=config.retry_after_max,
        raise_on_status=False,
        redirect=0,
    )
    retry.deadline = deadline
    return retry


class _PinnedAdapter(HTTPAdapter):
    """Connects to the address ``check_url`` checked for a host (``pins``), not to
    whatever a second DNS lookup answers (DNS rebinding). The TLS name check and the
    Host header still use the host's name."""

    def __init__(self, **kw) -> None:
        self.pins: dict[str, str] = {}
        super().__init__(**kw)

    def init_poolmanager(self, *args, **kw) -> None:
        super().init_poolmanager(*args, **kw)
        pins = self.pins

        def new_conn(conn: HTTPConnection, base):
            address = pins.get(conn.host)
            if address is None:
                return base(conn)
            try:
                return create_connection((address, conn.port), conn.timeout,
                                         source_address=conn.source_address,
                                         socket_options=conn.socket_options)  # fmt: skip
            except TimeoutError as exc:
                raise ConnectTimeoutError(
                    conn, f"connection to {conn.host} ({address}) timed out"
                ) from exc
            except OSError as exc:
                raise NewConnectionError(conn, f"cannot connect to {address}: {exc}") from exc

        class Pinned(HTTPConnection):
            def _new_conn(self):
                return new_conn(self, HTTPConnection._new_conn)

        class PinnedTLS(HTTPSConnection):
            def _new_conn(self):
                return new_conn(self, HTTPSConnection._new_conn)

        class Pool(HTTPConnectionPool):
            ConnectionCls = Pinned

        class TLSPool(HTTPSConnectionPool):
            ConnectionCls = PinnedTLS

        self.poolmanager.pool_classes_by_scheme = {"http": Pool, "https": TLSPool}


def make_session(config: FetchConfig) -> requests.Session:
    session = requests.Session()
    adapter = _PinnedAdapter(max_retries=_retry(config))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def sniff(data: bytes) -> str | None:
    if bom_encoding(data):
        return "txt"
    head = data[:2048].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<head" in head:
        return "html"
    try:
        data[:65536].decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < 65530:  # not just a character cut at the sample's end
            return None
    return "txt"


def _kind(content_type: str, data: bytes) -> str:
    media = content_type.split(";")[0].strip().lower()
    if media not in CONTENT_TYPES and media not in UNTYPED:
        raise FetchError(f"content type {media!r} is not HTML, PDF or text; nothing stored")
    declared = CONTENT_TYPES.get(media)
    found = sniff(data)
    if found is None:
        raise FetchError(f"the body is neither HTML, PDF nor UTF-8 text ({content_type!r})")
    if declared and declared != found and not (declared == "txt" and found == "html"):
        raise FetchError(
            f"content type {content_type!r} does not match the body, which looks like {found}"
        )
    return found


def _get(session: requests.Session, url: str, headers: dict, config: FetchConfig,
         resolver: Resolver, deadline: float) -> tuple[requests.Response, str]:  # fmt: skip
    """GET following redirects by hand, checking every hop and connecting to the
    address checked; returns (response, final URL). Nothing lasts past ``deadline``."""
    adapters = {id(a): a for a in session.adapters.values() if isinstance(a, _PinnedAdapter)}
    for adapter in adapters.values():
        adapter.max_retries = _retry(config, deadline)
    for _ in range(MAX_REDIRECTS + 1):
        addresses = check_url(url, config.allow_local, resolver)
        host = urlsplit(url).hostname
        for adapter in adapters.values():
            adapter.pins[host] = addresses[0]
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(f"timed out: no answer within the {config.deadline:.0f} s "
                             "allowed for one source")  # fmt: skip
        connect, read = config.timeout
        timeout = Timeout(connect=min(connect, left), read=min(read, left), total=left)
        try:
            resp = session.get(url, headers=headers, timeout=timeout, stream=True,
                               allow_redirects=False)  # fmt: skip
        except requests.exceptions.ConnectTimeout:
            raise FetchError(f"timed out: no connection to {host} within "
                             f"{min(connect, left):.0f} s") from None  # fmt: skip
        except requests.exceptions.Timeout:
            raise FetchError(f"timed out: {host} did not answer within "
                             f"{min(read, left):.0f} s") from None  # fmt: skip
        except requests.exceptions.RetryError as exc:
            raise FetchError(f"gave up after {config.retries} retries: {_why(exc)}") from None
        except requests.exceptions.RequestException as exc:
            if isinstance(_innermost(exc), ReadTimeoutError):  # read errors are not retried
                raise FetchError(f"timed out: {host} did not answer within "
                                 f"{min(read, left):.0f} s") from None  # fmt: skip
            raise FetchError(f"request failed: {_why(exc)}") from None
        if resp.is_redirect and "location" in resp.headers:
            url = urljoin(url, resp.headers["location"])
            resp.close()
            continue
        return resp, url
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _innermost(exc: BaseException) -> BaseException:
    """The error a requests/urllib3 error wraps (a MaxRetryError's reason, ...)."""
    while True:
        inner = getattr(exc, "reason", None) or (exc.args[0] if exc.args else None)
        if not isinstance(inner, BaseException) or inner is exc:
            return exc
        exc = inner


def _why(exc: BaseException) -> str:
    """The innermost reason of a requests/urllib3 error, on one line."""
    return " ".join(str(_innermost(exc)).split())


def _read_capped(resp: requests.Response, max_bytes: int, deadline: float,
                 allowed: float) -> bytes:  # fmt: skip
    """The body, up to ``max_bytes``, by whatever arrives (``read1``) so that a body
    trickling in a few bytes at a time still stops at ``deadline``."""
    length = resp.headers.get("content-length")
    if length and length.isdigit() and int(length) > max_bytes:
        resp.close()
        raise FetchError(f"body of {int(length)} bytes is over the {max_bytes}-byte cap")
    chunks, size = [], 0
    try:
        while True:
            try:
                chunk = resp.raw.read1(64 * 1024, decode_content=True)
            except Exception as exc:  # urllib3's ReadTimeoutError, ProtocolError, ...
                if "timed out" in str(exc).lower():
                    raise FetchError("timed out: the body stopped arriving") from None
                raise FetchError(f"reading the body failed: {_why(exc)}") from None
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"body is over the {max_bytes}-byte cap")
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise FetchError(f"timed out: the body was not complete within the "
                                 f"{allowed:.0f} s allowed for one source "
                                 f"({size} bytes received)")  # fmt: skip
    finally:
        resp.close()
    return b"".join(chunks)


def _write_once(path: Path, data: bytes) -> None:
    """Snapshots and sidecars never change: write each once, atomically."""
    if not path.exists():
        write_atomic(path, data)


def fetch_source(
    session: requests.Session,
    registry: Registry,
    source: Source,
    pinned: dict | None,
    config: FetchConfig,
    resolver: Resolver = system_resolver,
) -> tuple[FetchResult, dict | None]:
    """Fetch one source; returns the result and its new lock entry (None: unchanged)."""
    assert source.url
    headers = {}
    if pinned and pinned.get("etag"):
        headers["If-None-Match"] = pinned["etag"]
    if pinned and pinned.get("last_modified"):
        headers["If-Modified-Since"] = pinned["last_modified"]
    deadline = time.monotonic() + config.deadline
    resp, final_url = _get(session, source.url, headers, config, resolver, deadline)
    if resp.status_code == 304:
        resp.close()
        return FetchResult(source.id, "unchanged", "304 Not Modified"), None
    if resp.status_code != 200:
        resp.close()
        raise FetchError(f"HTTP {resp.status_code} {resp.reason} from {final_url}")
    data = _read_capped(resp, config.max_bytes, deadline, config.deadline)
    if not data.strip():
        raise FetchError("empty body")
    content_type = resp.headers.get("content-type", "")
    kind = _kind(content_type, data)
    sha = hashlib.sha256(data).hexdigest()
    current = pinned["sha256"] if pinned else source.sha256
    if sha == current:
        return FetchResult(source.id, "unchanged", "same bytes", sha), None
    snapshots = registry.root / "snapshots"
    snapshots.mkdir(parents=True, exist_ok=True)
    name = f"{sha}{EXTENSIONS[kind]}"
    retrieved = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    sidecar = {
        "url": source.url, "final_url": final_url, "status": resp.status_code,
        "content_type": content_type, "bytes": len(data), "sha256": sha,
        "retrieved_at": retrieved, "etag": resp.headers.get("etag"),
        "last_modified": resp.headers.get("last-modified"),
    }  # fmt: skip
    _write_once(snapshots / name, data)
    _write_once(snapshots / f"{sha}.json", (json.dumps(sidecar, indent=2) + "\n").encode())
    entry = {"file": f"snapshots/{name}", **sidecar}
    status = "changed" if current else "new"
    return FetchResult(source.id, status, f"{len(data)} bytes, {kind}", sha, entry["file"]), entry


def fetch_all(
    registry: Registry,
    only: str | None = None,
    config: FetchConfig | None = None,
    resolver: Resolver = system_resolver,
) -> list[FetchResult]:
    """Fetch every source with a URL (or only one), registered with a ``file`` or by its
    URL alone; each failure is reported, none stops the others, and the lock file is
    updated once at the end. Requests to one host are ``config.delay`` seconds apart."""
    config = config or FetchConfig()
    targets = [s for s in registry.sources if s.url and (only is None or s.id == only)]
    if only is not None and not targets:
        known = [s.id for s in registry.sources if s.url]
        raise FetchError(f"no source {only!r} with a url in {registry.path} "
                         f"(sources with a url: {', '.join(known) or 'none'})")  # fmt: skip
    lock_path = registry.root / LOCK_FILE
    lock = read_lock(registry.root)
    results = []
    session = make_session(config)
    last: dict[str | None, float] = {}  # host -> when its last request ended
    with disk_full_as_error(registry.root, "no new snapshot was pinned"):
        for s in targets:
            host = urlsplit(s.url).hostname
            if host in last:
                time.sleep(max(0.0, last[host] + config.delay - time.monotonic()))
            try:
                result, entry = fetch_source(session, registry, s, lock.get(s.id), config,
                                             resolver)  # fmt: skip
            except FetchError as exc:
                result, entry = FetchResult(s.id, "failed", str(exc)), None
            finally:
                last[host] = time.monotonic()
            if entry is not None:
                lock[s.id] = entry
            results.append(result)
        if any(r.status in ("new", "changed") for r in results):
            text = json.dumps({"sources": lock}, indent=2, sort_keys=True) + "\n"
            write_atomic(lock_path, text)
    return results
