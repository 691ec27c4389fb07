"""Fetch registered URLs into immutable snapshots, politely and safely.

* One requests session: timeouts, retries with exponential backoff on
  connection errors, 429 and 5xx (honouring Retry-After), a polite User-Agent.
* At most one request every ``delay`` seconds (1 s by default) to the same host.
* Conditional requests (ETag / Last-Modified): an unchanged page costs one 304
  and writes nothing.
* Only http and https; every URL and every redirect target must resolve to a
  public address unless ``allow_local`` (tests on 127.0.0.1 need it).
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
from urllib3.util.retry import Retry

from trilat import __version__
from trilat.files import write_atomic
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

Resolver = Callable[[str], Sequence[str]]


class FetchError(Exception):
    """One source could not be fetched; the message says why."""


@dataclass(frozen=True)
class FetchConfig:
    timeout: tuple[float, float] = (10.0, 30.0)  # connect, read (seconds)
    retries: int = 4
    backoff_factor: float = 1.0  # sleeps 0, 2, 4, 8 ... seconds between tries
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


def check_url(url: str, allow_local: bool = False, resolver: Resolver = system_resolver) -> None:
    """Refuse other schemes, and addresses that are not public unless ``allow_local``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"refused: {url!r} is not an http or https URL")
    if not parts.hostname:
        raise FetchError(f"refused: {url!r} has no host")
    if allow_local:
        return
    try:
        addresses = resolver(parts.hostname)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {parts.hostname}: {exc}") from exc
    for a in addresses:
        ip = ipaddress.ip_address(a.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise FetchError(
                f"refused: {parts.hostname} resolves to the non-public address {ip} "
                "(private, loopback or link-local); pass --allow-local to fetch it anyway"
            )


def make_session(config: FetchConfig) -> requests.Session:
    retry = Retry(
        total=config.retries,
        connect=config.retries,
        read=config.retries,
        status=config.retries,
        backoff_factor=config.backoff_factor,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,
        redirect=0,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def sniff(data: bytes) -> str | None:
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
    declared = CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())
    found = sniff(data)
    if found is None:
        raise FetchError(f"the body is neither HTML, PDF nor UTF-8 text ({content_type!r})")
    if declared and declared != found and not (declared == "txt" and found == "html"):
        raise FetchError(
            f"content type {content_type!r} does not match the body, which looks like {found}"
        )
    return found


def _get(session: requests.Session, url: str, headers: dict, config: FetchConfig,
         resolver: Resolver) -> tuple[requests.Response, str]:  # fmt: skip
    """GET following redirects by hand, checking every hop; returns (response, final URL)."""
    for _ in range(MAX_REDIRECTS + 1):
        check_url(url, config.allow_local, resolver)
        try:
            resp = session.get(url, headers=headers, timeout=config.timeout, stream=True,
                               allow_redirects=False)  # fmt: skip
        except requests.exceptions.RetryError as exc:
            raise FetchError(f"gave up after {config.retries} retries: {exc}") from exc
        except requests.exceptions.Timeout as exc:
            raise FetchError(f"timed out after {config.retries} retries: {exc}") from exc
        except requests.exceptions.RequestException as exc:
            raise FetchError(f"request failed: {exc}") from exc
        if resp.is_redirect and "location" in resp.headers:
            url = urljoin(url, resp.headers["location"])
            resp.close()
            continue
        return resp, url
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _read_capped(resp: requests.Response, max_bytes: int) -> bytes:
    length = resp.headers.get("content-length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"body of {int(length)} bytes is over the {max_bytes}-byte cap")
    chunks, size = [], 0
    try:
        for chunk in resp.iter_content(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"body is over the {max_bytes}-byte cap")
            chunks.append(chunk)
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"reading the body failed: {exc}") from exc
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
    resp, final_url = _get(session, source.url, headers, config, resolver)
    if resp.status_code == 304:
        resp.close()
        return FetchResult(source.id, "unchanged", "304 Not Modified"), None
    if resp.status_code != 200:
        resp.close()
        raise FetchError(f"HTTP {resp.status_code} {resp.reason} from {final_url}")
    data = _read_capped(resp, config.max_bytes)
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
    for s in targets:
        host = urlsplit(s.url).hostname
        if host in last:
            time.sleep(max(0.0, last[host] + config.delay - time.monotonic()))
        try:
            result, entry = fetch_source(session, registry, s, lock.get(s.id), config, resolver)
        except FetchError as exc:
            result, entry = FetchResult(s.id, "failed", str(exc)), None
        finally:
            last[host] = time.monotonic()
        if entry is not None:
            lock[s.id] = entry
        results.append(result)
    if any(r.status in ("new", "changed") for r in results):
        write_atomic(lock_path, json.dumps({"sources": lock}, indent=2, sort_keys=True) + "\n")
    return results
