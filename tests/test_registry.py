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
    seeds = reg.with_snapshots().sources
    assert len(seeds) == 5 and len(reg.waiting) == len(reg.sources) - 5  # the catalogue waits
    assert all(read_snapshot(reg, s) for s in seeds)


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


URL_ONLY = """\
  - id: by-url
    title: Joint Statement
    publisher: A ministry
    published: "2023-08-18"
    url: https://example.org/statement
    license: LicenseRef-not-stated
    kind: statement
"""


def test_a_url_only_entry_waits_for_its_snapshot(tmp_path):
    reg = load_registry(write_registry(tmp_path, GOOD + URL_ONLY))
    assert [s.id for s in reg.waiting] == ["by-url"]
    assert [s.id for s in reg.with_snapshots().sources] == ["a-source"]
    with pytest.raises(InputError, match="has no snapshot yet") as err:
        reg.snapshot_path(reg.waiting[0])
    assert "`trilat fetch` fetches it" in err.value.details[0]


def test_a_fetched_url_only_entry_is_pinned_by_the_lock(tmp_path):
    raw = write_registry(tmp_path, GOOD + URL_ONLY)
    sha = hashlib.sha256(b"text").hexdigest()
    (raw / "sources.lock.json").write_text(
        f'{{"sources": {{"by-url": {{"file": "snapshots/{sha}.txt", "sha256": "{sha}"}}}}}}'
    )
    reg = load_registry(raw)
    assert not reg.waiting and reg.sources[1].file == f"snapshots/{sha}.txt"


def test_an_entry_needs_a_url_or_a_file(tmp_path):
    body = GOOD.replace("    file: a.txt\n", "")
    with pytest.raises(InputError) as err:
        load_registry(write_registry(tmp_path, body))
    assert "needs a 'url' (trilat fetch stores its snapshot) or a 'file'" in err.value.details[0]


def test_duplicate_urls_are_refused_whatever_their_spelling(tmp_path):
    other = URL_ONLY.replace("by-url", "again").replace(
        "https://example.org/statement", "http://WWW.example.org/statement/"
    )
    with pytest.raises(InputError) as err:
        load_registry(write_registry(tmp_path, GOOD + URL_ONLY + other))
    assert "source 'again': its url is registered as 'by-url'" in err.value.details[0]


def test_sources_yaml_includes_other_registry_files(tmp_path):
    raw = write_registry(tmp_path, "include: [catalogue.yaml]\n" + GOOD)
    (raw / "catalogue.yaml").write_text("sources:\n" + URL_ONLY, encoding="utf-8")
    reg = load_registry(raw)
    assert [s.id for s in reg.sources] == ["a-source", "by-url"]
    # Ids and URLs are unique across the files; a problem names the file and line.
    (raw / "catalogue.yaml").write_text("sources:\n" + URL_ONLY.replace("by-url", "a-source"))
    with pytest.raises(InputError) as err:
        load_registry(raw)
    assert err.value.details == [
        f"{raw / 'catalogue.yaml'}:2: source 'a-source': duplicate id "
        f"(first at {raw / 'sources.yaml'}:3)"
    ]


@pytest.mark.parametrize(
    ("include", "expected"),
    [
        ("[../elsewhere.yaml]", "must be another file in its folder"),
        ("[sub/catalogue.yaml]", "must be another file in its folder"),
        ("[sources.yaml]", "must be another file in its folder"),
        ("[notes.txt]", "expected a .yaml file name"),
        ("[missing.yaml]", "missing.yaml: file not found"),
        ("catalogue.yaml", "expected a top-level 'include:' list"),
    ],
)
def test_bad_includes(tmp_path, include, expected):
    raw = write_registry(tmp_path, f"include: {include}\n" + GOOD)
    with pytest.raises(InputError) as err:
        load_registry(raw)
    assert expected in "\n".join([err.value.message, *err.value.details])
