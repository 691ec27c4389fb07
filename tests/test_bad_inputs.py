"""Each bad input gets a clear error naming the source, and nothing else is lost.

Policy: a source whose file cannot be read as text is skipped with a warning
(the rest of the dataset builds); a broken registry or an altered snapshot
stops the build, because the registry is the contract.
"""

import hashlib
import json
import os
import shutil
import signal
import textwrap
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest

from extract.text import normalize
from tests.helpers import run_trilat
from tests.test_text import _pdf
from trilat.check import check_inputs
from trilat.errors import InputError
from trilat.fingerprint import input_fingerprint
from trilat.pipeline import MAX_SNAPSHOT_BYTES, read_all
from trilat.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def raw(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    return raw


def add_source(raw: Path, sid: str, name: str, data: bytes, extra: str = "") -> None:
    (raw / "snapshots" / name).write_bytes(data)
    entry = textwrap.dedent(f"""\
      - id: {sid}
        title: A contributed source
        publisher: Somebody
        license: CC-BY-4.0
        kind: article
        file: snapshots/{name}
    """)  # fmt: skip
    text = (raw / "sources.yaml").read_text() + "\n" + textwrap.indent(entry, "  ") + extra
    (raw / "sources.yaml").write_text(text)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "file is empty"),
        ("latin1.txt", "Séoul et Tokyo".encode("latin-1"), "not valid UTF-8 at byte 1"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 100, "binary data"),
        ("broken.pdf", _pdf("Japan and the ROK met.")[:70], "PDF"),
        ("blank.html", b"<!doctype html><html><body><div></div></body></html>", "no main text"),
    ],
)
def test_unreadable_source_is_skipped_with_its_name(raw, name, data, reason):
    add_source(raw, "bad-one", name, data)
    docs, skipped = read_all(load_registry(raw))
    assert len(docs) == 5  # the seeds still build
    (warning,) = skipped.values()
    assert warning.startswith("source 'bad-one' (") and name in warning and reason in warning


def test_a_text_over_the_size_limit_is_skipped(raw):
    big = raw / "snapshots" / "big.txt"
    add_source(raw, "too-big", "big.txt", b"")
    with big.open("wb") as f:  # 50 MB without holding it in memory
        f.truncate(50 * 1024 * 1024)
    docs, skipped = read_all(load_registry(raw))
    assert len(docs) == 5
    assert f"{MAX_SNAPSHOT_BYTES}-byte limit" in skipped["too-big"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("published: \"2024-06-26\"", "published: \"2024-06-31\""), "field 'published'"),
        (("    publisher: Defense Priorities\n", ""), "field 'publisher': Field required"),
        (("id: igcc-haggard-2021-beyond-deterrence", "id: ipdf-us-alliances-japan-rok"),
         "duplicate id"),
    ],
)  # fmt: skip
def test_registry_errors_stop_the_build(raw, edit, expected):
    path = raw / "sources.yaml"
    path.write_text(path.read_text().replace(*edit, 1))
    with pytest.raises(InputError) as err:
        load_registry(raw)
    assert "problem(s) in the source registry" in err.value.message
    assert any(expected in d for d in err.value.details)


def test_an_altered_snapshot_stops_the_build(raw):
    snap = next((raw / "snapshots").glob("3f62*.txt"))
    snap.write_text(snap.read_text().replace("55,000", "65,000"))
    with pytest.raises(InputError, match=r"ipdf-us-alliances-japan-rok.*pinned sha256"):
        read_all(load_registry(raw))


def test_a_new_readable_source_is_read(raw):
    data = b"Japan and the ROK agreed on March 3, 2024 to expand cooperation.\n"
    add_source(raw, "good-one", "good.txt", data,
               f"    sha256: {hashlib.sha256(data).hexdigest()}\n")  # fmt: skip
    docs, skipped = read_all(load_registry(raw))
    assert skipped == {} and {d.source.id for d in docs} >= {"good-one"}


# --- Hostile inputs: each is refused with one line naming the source and the file,
# before a byte of it is read, and never hangs. -----------------------------------


@contextmanager
def within(seconds: int):
    """Fail instead of hanging (a FIFO or /dev/zero read would block forever)."""

    def hung(*_):
        raise AssertionError(f"still running after {seconds} s: it hangs")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def refused_everywhere(raw: Path) -> str:
    """The build's read and `trilat validate`'s check both refuse; the fingerprint
    (the first step of every build) does not hang. Returns the build's message."""
    with within(20):
        input_fingerprint(raw, ROOT / "reference")
        with pytest.raises(InputError) as build:
            read_all(load_registry(raw))
        with pytest.raises(InputError) as check:
            list(check_inputs(raw, ROOT / "reference"))
    assert any(build.value.message in d for d in check.value.details)
    return build.value.message


def test_a_link_out_of_the_registry_folder_is_refused(raw):
    add_source(raw, "linked", "placeholder.txt", b"")
    (raw / "snapshots" / "placeholder.txt").unlink()
    (raw / "snapshots" / "placeholder.txt").symlink_to("/etc/passwd")
    message = refused_everywhere(raw)
    assert message.startswith("source 'linked': snapshot ") and "placeholder.txt" in message
    assert "is a link to /etc/passwd, outside the folder" in message and "refused" in message


def test_a_link_inside_the_registry_folder_is_read(raw):
    data = b"Japan and the ROK agreed on March 3, 2024 to expand cooperation.\n"
    (raw / "texts").mkdir()
    (raw / "texts" / "real.txt").write_bytes(data)
    add_source(raw, "linked", "placeholder.txt", b"")
    (raw / "snapshots" / "placeholder.txt").unlink()
    (raw / "snapshots" / "placeholder.txt").symlink_to(raw / "texts" / "real.txt")
    docs, skipped = read_all(load_registry(raw))
    assert skipped == {} and "March 3, 2024" in {d.source.id: d.text for d in docs}["linked"]


def test_a_lock_entry_whose_file_links_out_is_refused(raw, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes(b"Japan and the ROK met in Seoul on May 1, 2024.\n")
    (raw / "snapshots" / "pinned.txt").symlink_to(outside)
    sid = "ipdf-us-alliances-japan-rok"
    lock = {
        "sources": {
            sid: {
                "file": "snapshots/pinned.txt",
                "sha256": hashlib.sha256(outside.read_bytes()).hexdigest(),
            }
        }
    }
    (raw / "sources.lock.json").write_text(json.dumps(lock))  # fmt: skip
    message = refused_everywhere(raw)
    assert f"source '{sid}'" in message and "pinned.txt is a link to" in message


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_anything_but_a_regular_file_is_refused_without_hanging(raw, kind):
    add_source(raw, "special", "special.txt", b"")
    path = raw / "snapshots" / "special.txt"
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    message = refused_everywhere(raw)
    assert message.startswith("source 'special': snapshot ") and "special.txt" in message
    expected = {"fifo": "is a named pipe (FIFO), not a regular file",
                "dev-zero": "is a link to /dev/zero, outside the folder",
                "folder": "is a folder, not a regular file"}[kind]  # fmt: skip
    assert expected in message


def test_a_registry_that_is_a_fifo_is_refused_without_hanging(raw):
    (raw / "sources.yaml").unlink()
    os.mkfifo(raw / "sources.yaml")
    with within(20), pytest.raises(InputError, match=r"sources.yaml is a named pipe"):
        load_registry(raw)


def test_an_empty_registry_is_refused(raw):
    (raw / "sources.yaml").write_text("sources: []\n")
    (raw / "sources.lock.json").unlink(missing_ok=True)
    with pytest.raises(InputError, match=r"sources.yaml: no source is registered"):
        load_registry(raw)


def registry_error(raw: Path, old: str, new: str) -> InputError:
    path = raw / "sources.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(InputError) as err:
        load_registry(raw)
    return err.value


def line_of(raw: Path, needle: str) -> int:
    lines = (raw / "sources.yaml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_an_unquoted_impossible_date_names_the_file_and_line(raw):
    err = registry_error(raw, 'published: "2024-06-26"', "published: 2025-02-30")
    sid = "kei-lee-2024-trilateral-security-cooperation"  # the entry holding the date
    (detail,) = err.details
    assert detail.startswith(f"{raw / 'sources.yaml'}:{line_of(raw, sid)}: source '{sid}'")
    assert "field 'published'" in detail and "day is out of range for month" in detail


def test_an_unquoted_date_is_still_read(raw):
    path = raw / "sources.yaml"
    path.write_text(path.read_text().replace('published: "2024-06-26"', "published: 2024-06-26"))
    assert "2024-06-26" in {s.published for s in load_registry(raw).sources}


def test_a_repeated_key_names_the_file_and_line(raw):
    twice = "    publisher: Defense Priorities\n    publisher: Someone Else\n"
    err = registry_error(raw, "    publisher: Defense Priorities\n", twice)
    line = line_of(raw, "publisher: Someone Else")
    assert err.message == (f"{raw / 'sources.yaml'}:{line}: duplicate key 'publisher' "
                           f"(first at line {line - 1}); keep one")  # fmt: skip


def test_a_publication_date_in_the_future_is_refused(raw):
    future = (date.today() + timedelta(days=40)).isoformat()
    err = registry_error(raw, 'published: "2024-06-26"', f'published: "{future}"')
    assert any("field 'published'" in d and "is in the future" in d for d in err.details)


def test_a_url_with_credentials_is_refused(raw):
    add_source(raw, "secret", "secret.txt", b"Japan and Korea met.\n",
               "    url: https://user:hunter2@example.org/page\n")  # fmt: skip
    with pytest.raises(InputError) as err:
        load_registry(raw)
    assert any("source 'secret': field 'url'" in d and "credentials" in d
               for d in err.value.details)  # fmt: skip


def test_a_nul_byte_far_into_a_text_is_caught(raw):
    data = b"Japan and the ROK met in Seoul on May 1, 2024.\n" * 400 + b"Tokyo\x00Seoul.\n"
    assert data.index(b"\x00") > 8192
    add_source(raw, "nul", "nul.txt", data)
    docs, skipped = read_all(load_registry(raw))
    assert "nul" not in {d.source.id for d in docs}
    nul = data.index(b"\x00")
    assert f"binary data (a NUL byte at {nul})" in skipped["nul"]
    assert "\x00" not in normalize("Tokyo\x00Seoul\n")  # whatever a reader returns


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_unicode_text_with_a_byte_order_mark_is_read(raw, encoding):
    text = "Japan and the ROK met in Seoul on May 1, 2024 (서울).\n"
    data = ("\ufeff" + text).encode(encoding) if encoding.endswith("be") else text.encode(encoding)
    add_source(raw, "wide", "wide.txt", data)
    docs, skipped = read_all(load_registry(raw))
    assert skipped == {} and {d.source.id: d.text for d in docs}["wide"] == text


def _link_out(raw: Path) -> None:
    add_source(raw, "linked", "p.txt", b"")
    (raw / "snapshots" / "p.txt").unlink()
    (raw / "snapshots" / "p.txt").symlink_to("/etc/passwd")


def _fifo(raw: Path) -> None:
    add_source(raw, "special", "p.txt", b"")
    (raw / "snapshots" / "p.txt").unlink()
    os.mkfifo(raw / "snapshots" / "p.txt")


def _edit(old: str, new: str):
    def edit(raw: Path) -> None:
        path = raw / "sources.yaml"
        path.write_text(path.read_text().replace(old, new, 1))

    return edit


@pytest.mark.parametrize(
    ("damage", "expected"),
    [(_link_out, "source 'linked': snapshot"), (_fifo, "is a named pipe (FIFO)"),
     (_edit('published: "2024-06-26"', "published: 2025-02-30"), "day is out of range"),
     (_edit("    publisher: Defense Priorities\n",
            "    publisher: Defense Priorities\n    publisher: X\n"), "duplicate key 'publisher'"),
     (lambda raw: (raw / "sources.yaml").write_text("sources: []\n"), "no source is registered")],
    ids=["link-out", "fifo", "impossible-date", "repeated-key", "empty-registry"],
)  # fmt: skip
def test_validate_says_what_is_wrong_in_one_line(raw, damage, expected):
    (raw / "sources.lock.json").unlink(missing_ok=True)
    damage(raw)
    result = run_trilat("validate", "--raw", raw, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("error: ") and expected in result.stderr, result.stderr
