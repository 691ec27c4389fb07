import hashlib
import textwrap
from pathlib import Path

import pytest

from trilat.errors import InputError
from trilat.registry import load_registry, parse_date, read_snapshot

ROOT = Path(__file__).resolve().parent.parent


def write_registry(tmp_path: Path, body: str) -> Path:
    (tmp_path / "sources.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return tmp_path


GOOD = """\
sources:
  - id: a-source
    title: A title
    publisher: A publisher
    authors: [Jane Roe]
    published: "2025-10"
    license: CC-BY-4.0
    kind: article
    file: a.txt
"""


def test_the_repository_registry_is_valid():
    reg = load_registry(ROOT / "raw")
    assert len(reg.sources) == 5
    assert all(read_snapshot(reg, s) for s in reg.sources)


def test_an_unchanged_registry_is_read_once(tmp_path):
    raw = write_registry(tmp_path, GOOD)
    first = load_registry(raw)
    assert load_registry(raw) is first
    write_registry(tmp_path, GOOD.replace("A title", "Another title"))
    assert load_registry(raw).sources[0].title == "Another title"
    (raw / "sources.lock.json").write_text('{"sources": {}}', encoding="utf-8")
    assert load_registry(raw) is not first


def test_a_good_entry(tmp_path):
    reg = load_registry(write_registry(tmp_path, GOOD))
    (src,) = reg.sources
    assert src.published_date.isoformat() == "2025-10-01"
    assert src.date_precision == "month"


@pytest.mark.parametrize(
    ("value", "precision"), [("2025", "year"), ("2025-02", "month"), ("2025-02-28", "day")]
)
def test_dates(value, precision):
    assert parse_date(value)[1] == precision


@pytest.mark.parametrize("value", ["2025-13", "2025-02-30", "25-01-01", "2025/01/01", "Oct 2025"])
def test_bad_dates(value):
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('published: "2025-10"', 'published: "2025-13"'), "field 'published'"),
        (("    title: A title\n", ""), "field 'title': Field required"),
        (("id: a-source", "id: A Source"), "field 'id'"),
        (("license: CC-BY-4.0", "license: WTFPL"), "field 'license': must be one of"),
        (("file: a.txt", "file: ../../etc/passwd"), "field 'file'"),
        (("kind: article", "kind: article\n    colour: red"), "field 'colour': unknown field"),
    ],
)
def test_bad_entries_name_file_line_source_and_field(tmp_path, change, expected):
    body = GOOD.replace(*change)
    with pytest.raises(InputError) as err:
        load_registry(write_registry(tmp_path, body))
    detail = "\n".join(err.value.details)
    assert f"{tmp_path / 'sources.yaml'}:2: source '" in detail
    assert expected in detail


def test_duplicate_ids(tmp_path):
    body = GOOD + GOOD.split("sources:\n", 1)[1]
    with pytest.raises(InputError) as err:
        load_registry(write_registry(tmp_path, body))
    assert "duplicate id (first at line 2)" in err.value.details[0]


def test_not_a_registry(tmp_path):
    with pytest.raises(InputError, match="expected a top-level 'sources:' list"):
        load_registry(write_registry(tmp_path, "items: []\n"))
    with pytest.raises(InputError, match="file not found"):
        load_registry(tmp_path / "nowhere")


def test_snapshot_hash_is_checked(tmp_path):
    sha = hashlib.sha256(b"original").hexdigest()
    reg = load_registry(write_registry(tmp_path, GOOD + f"    sha256: {sha}\n"))
    (tmp_path / "a.txt").write_bytes(b"changed")
    with pytest.raises(InputError, match="does not match its pinned sha256"):
        read_snapshot(reg, reg.sources[0])
    (tmp_path / "a.txt").unlink()
    with pytest.raises(InputError, match="not found"):
        read_snapshot(reg, reg.sources[0])
