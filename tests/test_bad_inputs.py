"""Each bad input gets a clear error naming the source, and nothing else is lost.

Policy: a source whose file cannot be read as text is skipped with a warning
(the rest of the dataset builds); a broken registry or an altered snapshot
stops the build, because the registry is the contract.
"""

import hashlib
import shutil
import textwrap
from pathlib import Path

import pytest

from tests.test_text import _pdf
from trilat.errors import InputError
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
    (warning,) = skipped
    assert warning.startswith("source 'bad-one' (") and name in warning and reason in warning


def test_a_text_over_the_size_limit_is_skipped(raw):
    big = raw / "snapshots" / "big.txt"
    add_source(raw, "too-big", "big.txt", b"")
    with big.open("wb") as f:  # 50 MB without holding it in memory
        f.truncate(50 * 1024 * 1024)
    docs, skipped = read_all(load_registry(raw))
    assert len(docs) == 5
    assert "too-big" in skipped[0] and f"{MAX_SNAPSHOT_BYTES}-byte limit" in skipped[0]


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
    assert skipped == [] and {d.source.id for d in docs} >= {"good-one"}
