import hashlib
import json
import os

import pandas as pd
import pytest
from filelock import FileLock

from schemas.registry import TABLES
from trilat import release
from trilat.errors import TrilatError
from trilat.pointer import latest_version, release_for_fingerprint
from trilat.release import publish
from trilat.versioning import bump, change_level


def test_first_release_layout(tables, tmp_path):
    pub = publish(tables, tmp_path, "fp1")
    assert (pub.version, pub.created) == ("1.0.0", True)
    assert (tmp_path / "LATEST").read_text() == "1.0.0\n"
    pkg = json.loads((pub.path / "datapackage.json").read_text())
    names = {r["name"]: r for r in pkg["resources"]}
    assert set(names) == set(TABLES) | {"changes"}
    for name, r in names.items():
        f = pub.path / r["path"]
        assert "bytes" not in r  # frictionless-py cannot count a Parquet file's bytes
        assert r["hash"] == "sha256:" + hashlib.sha256(f.read_bytes()).hexdigest()
        if name in TABLES:
            assert r["rows"] == len(pd.read_parquet(f)) == len(tables[name])
    changes = pd.read_parquet(pub.path / "changes.parquet")
    assert set(changes["change"]) == {"added"}
    assert len(changes) == sum(len(t) for t in tables.values())
    assert "First release." in (pub.path / "CHANGELOG.md").read_text()
    assert (tmp_path / "CHANGELOG.md").read_text().startswith("# TRILAT data changelog")
    assert pkg["trilat"]["input_fingerprint"] == "fp1"
    assert not list(tmp_path.glob(".tmp-*"))


def test_parquet_bytes_are_deterministic(tables, tmp_path):
    a = publish(tables, tmp_path / "a", "fp").path
    b = publish({k: v.copy() for k, v in tables.items()}, tmp_path / "b", "fp").path
    for f in a.glob("*.parquet"):
        assert f.read_bytes() == (b / f.name).read_bytes()


def test_same_content_publishes_nothing(tables, tmp_path):
    publish(tables, tmp_path, "fp1")
    again = publish(tables, tmp_path, "fp2")
    assert (again.version, again.created) == ("1.0.0", False)
    assert release_for_fingerprint(tmp_path, "fp2") == "1.0.0"
    assert release_for_fingerprint(tmp_path, "other") is None


def test_same_records_in_other_parquet_bytes_publish_nothing(tables, tmp_path, monkeypatch):
    first = publish(tables, tmp_path, "fp1")
    write = release.pq.write_table
    monkeypatch.setattr(
        release.pq, "write_table", lambda t, p, **kw: write(t, p, **{**kw, "compression": "gzip"})
    )
    written, rmtree = [], release.shutil.rmtree

    def keep_bytes_then_remove(path, **kw):  # the temporary release, before it goes
        written.append((path / "actors.parquet").read_bytes())
        rmtree(path, **kw)

    monkeypatch.setattr(release.shutil, "rmtree", keep_bytes_then_remove)
    again = publish(tables, tmp_path, "fp2")
    assert written and written[0] != (first.path / "actors.parquet").read_bytes()
    assert (again.version, again.created) == ("1.0.0", False)
    assert release_for_fingerprint(tmp_path, "fp2") == "1.0.0"
    assert latest_version(tmp_path) == "1.0.0" and first.path.exists()
    assert not list(tmp_path.glob(".tmp-*"))


def test_added_records_are_minor_and_corrections_patch(tables, tmp_path):
    publish(tables, tmp_path, "fp1")
    fixed = {k: v.copy() for k, v in tables.items()}
    fixed["actors"].loc[0, "name"] = fixed["actors"].loc[0, "name"] + " (corrected)"
    assert publish(fixed, tmp_path, "fp2").version == "1.0.1"
    fewer = {k: v.copy() for k, v in fixed.items()}
    fewer["documents"] = fewer["documents"].iloc[1:]
    assert publish(fewer, tmp_path, "fp3").version == "1.0.2"
    assert publish(fixed, tmp_path, "fp4").version == "1.1.0"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name[0].isdigit()) == [
        "1.0.0", "1.0.1", "1.0.2", "1.1.0",
    ]  # fmt: skip


S, INT, D = {"type": "string"}, {"type": "integer"}, {"type": "date"}


def test_version_rules():
    old = {"t": {"a": S, "b": INT}}
    assert change_level(old, {"t": {"a": S}}, False) == "major"
    assert change_level(old, {"t": {"a": S, "b": S}}, False) == "major"
    assert change_level(old, {**old, "u": {"x": S}}, False) == "minor"
    assert change_level(old, {"t": {**old["t"], "c": D}}, False) == "minor"
    assert change_level(old, old, True) == "minor"
    assert change_level(old, old, False) == "patch"
    assert [bump("1.2.3", p) for p in ("major", "minor", "patch")] == ["2.0.0", "1.3.0", "1.2.4"]


def _with(constraints):
    return {"t": {"a": {**S, "constraints": constraints}}}


@pytest.mark.parametrize(
    ("old", "new", "level"),
    [
        ({}, {"required": True}, "major"),
        ({"enum": ["x", "y"]}, {"enum": ["x"]}, "major"),
        ({"enum": ["x"]}, {"enum": ["x", "y"]}, "minor"),
        ({}, {"pattern": "^a"}, "major"),
        ({"minimum": 0}, {"minimum": 1}, "major"),
        ({"minimum": 1}, {"minimum": 0}, "minor"),
        ({"maximum": 1}, {}, "minor"),
        ({"required": True}, {"required": True}, "patch"),
    ],
)
def test_constraint_changes(old, new, level):
    assert change_level(_with(old), _with(new), False) == level


def test_a_crash_leaves_the_previous_release(tables, tmp_path, monkeypatch):
    publish(tables, tmp_path, "fp1")
    before = {p.name: p.read_bytes() for p in (tmp_path / "1.0.0").iterdir()}
    changed = {k: v.copy() for k, v in tables.items()}
    changed["actors"].loc[0, "name"] = "Changed"

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "rename", boom)
    with pytest.raises(OSError):
        publish(changed, tmp_path, "fp2")
    monkeypatch.undo()
    assert latest_version(tmp_path) == "1.0.0"
    assert {p.name: p.read_bytes() for p in (tmp_path / "1.0.0").iterdir()} == before
    assert not (tmp_path / "1.0.1").exists()
    assert not list(tmp_path.glob(".tmp-*"))
    assert publish(changed, tmp_path, "fp2").version == "1.0.1"


def test_a_release_renamed_but_not_pointed_to_is_adopted(tables, tmp_path, monkeypatch):
    publish(tables, tmp_path, "fp1")
    changed = {k: v.copy() for k, v in tables.items()}
    changed["actors"].loc[0, "name"] = "Changed"
    monkeypatch.setattr(release, "_point_to", lambda *a: (_ for _ in ()).throw(OSError("kill")))
    with pytest.raises(OSError):
        publish(changed, tmp_path, "fp2")
    monkeypatch.undo()
    assert latest_version(tmp_path) == "1.0.0"
    assert publish(changed, tmp_path, "fp2").version == "1.0.1"
    assert latest_version(tmp_path) == "1.0.1"


def test_a_second_publisher_waits_then_fails_clearly(tables, tmp_path, monkeypatch):
    monkeypatch.setattr(release, "LOCK_TIMEOUT_S", 0.2)
    tmp_path.mkdir(exist_ok=True)
    with FileLock(tmp_path / ".lock"), pytest.raises(TrilatError, match="another build"):
        publish(tables, tmp_path, "fp")
    assert latest_version(tmp_path) is None


def test_changes_are_listed_by_record_id(tables, tmp_path):
    publish(tables, tmp_path, "fp1")
    fixed = {k: v.copy() for k, v in tables.items()}
    first_actor = fixed["actors"].loc[0, "actor_id"]
    fixed["actors"].loc[0, "name"] = "Renamed"
    fixed["documents"] = fixed["documents"].iloc[1:]
    removed_doc = tables["documents"].loc[0, "doc_id"]
    pub = publish(fixed, tmp_path, "fp2")
    ch = pd.read_parquet(pub.path / "changes.parquet")
    rows = {(t, r, c): list(m) for t, r, c, m in ch.itertuples(index=False)}
    assert rows == {
        ("actors", first_actor, "modified"): ["name"],
        ("documents", removed_doc, "removed"): [],
    }
    section = (pub.path / "CHANGELOG.md").read_text()
    assert "Changes since 1.0.0" in section and f"`{first_actor}`" in section
    log = (tmp_path / "CHANGELOG.md").read_text()
    assert log.index("## 1.0.1") < log.index("## 1.0.0")


def test_modified_records_found_when_compared_a_row_at_a_time(tables, tmp_path, monkeypatch):
    from trilat import changes

    publish(tables, tmp_path, "fp1")
    old = changes.read_release(tmp_path / "1.0.0")
    new = {k: v.copy() for k, v in tables.items()}
    m = new["mentions"]
    rows = [0, 2, 3, len(m) - 1]  # the first, some in between, the last
    for i in rows:
        m.loc[i, "confidence"] = 0.01
    new["mentions"] = m.drop(index=1).reset_index(drop=True)  # shifts the alignment
    expected = sorted(m.loc[rows, "mention_id"])
    monkeypatch.setattr(changes, "COMPARE_ROWS", 1)
    ch = changes.diff_tables(old, new)
    modified = ch[ch["change"] == "modified"]
    assert list(modified["record_id"]) == expected
    assert all(list(c) == ["confidence"] for c in modified["modified_columns"])
    assert list(ch.loc[ch["change"] == "removed", "record_id"]) == [m.loc[1, "mention_id"]]


@pytest.mark.parametrize("compare_rows", [1, 4, 100_000])
def test_modified_records_found_in_a_new_table_of_several_chunks(
    tables, tmp_path, monkeypatch, compare_rows
):
    import pyarrow as pa

    from trilat import changes

    publish(tables, tmp_path, "fp1")
    old = changes.read_release(tmp_path / "1.0.0")
    m = tables["mentions"].copy()
    rows = [0, 2, 3, 5, 8, len(m) - 1]  # chunk edges and the last row
    for i in rows:
        m.loc[i, "confidence"] = 0.01
    arrow = pa.Table.from_pandas(m.drop(index=1), preserve_index=False)
    chunked = pa.Table.from_batches(arrow.to_batches(max_chunksize=3))  # as a build's runs
    new = {**tables, "mentions": chunked.to_pandas(types_mapper=pd.ArrowDtype)}
    assert changes.column(new["mentions"], "confidence").num_chunks > 1
    monkeypatch.setattr(changes, "COMPARE_ROWS", compare_rows)
    ch = changes.diff_tables(old, new)
    modified = ch[ch["change"] == "modified"]
    assert list(modified["record_id"]) == sorted(m.loc[rows, "mention_id"])
    assert all(list(c) == ["confidence"] for c in modified["modified_columns"])
    assert list(ch.loc[ch["change"] == "removed", "record_id"]) == [m.loc[1, "mention_id"]]


def test_a_failed_check_publishes_nothing(tables, tmp_path):
    from trilat.errors import ValidationFailed

    publish(tables, tmp_path, "fp1")
    changed = {k: v.copy() for k, v in tables.items()}
    changed["actors"].loc[0, "name"] = "Renamed"

    def check():
        raise ValidationFailed("validation failed")

    with pytest.raises(ValidationFailed):
        publish(changed, tmp_path, "fp2", check=check)
    assert latest_version(tmp_path) == "1.0.0"
    assert [p.name for p in tmp_path.iterdir() if p.name[0].isdigit()] == ["1.0.0"]
    assert not list(tmp_path.glob(".tmp-*"))
    assert publish(changed, tmp_path, "fp2", check=lambda: None).version == "1.0.1"


def test_a_build_whose_tables_fail_validation_says_nothing_was_published(tables, vocab, tmp_path):
    from flows.build import Big, validate_and_publish
    from trilat.errors import ValidationFailed

    tables["mentions"].loc[3, "start"] = -5
    with pytest.raises(ValidationFailed) as err:
        validate_and_publish.fn(Big(tables), Big([]), tmp_path, "fp", Big(vocab))
    assert err.value.message.startswith("validation failed: ")
    assert err.value.message.endswith("; nothing was published")
    assert latest_version(tmp_path) is None


def test_card_and_timeline(tables, tmp_path):
    a = publish(tables, tmp_path / "a", "fp").path
    b = publish({k: v.copy() for k, v in tables.items()}, tmp_path / "b", "fp").path
    card = (a / "README.md").read_text()
    assert card.startswith("# TRILAT 1.0.0")
    assert f"| events | {len(tables['events'])} |" in card
    assert "CC BY-NC 4.0" in card and "200 characters" in card
    assert (a / "timeline.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (a / "timeline.png").read_bytes() == (b / "timeline.png").read_bytes()
    assert "CREATE OR REPLACE VIEW events" in (tmp_path / "a" / "views.sql").read_text()


def _naive_changes(old, new) -> set:
    """What changed, found the simple way: whole tables indexed by their key in pandas."""
    out = set()
    for name, spec in TABLES.items():
        key = list(spec.primary_key)
        a, b = (t[name].set_index(key) for t in (old, new))
        ids = {
            k: "|".join(map(str, k if isinstance(k, tuple) else (k,))) for k in (*a.index, *b.index)
        }
        out |= {(name, ids[k], "added", ()) for k in b.index.difference(a.index)}
        out |= {(name, ids[k], "removed", ()) for k in a.index.difference(b.index)}
        for k in b.index.intersection(a.index):
            cols = tuple(
                c for c in b.columns if c in a.columns and str(a.at[k, c]) != str(b.at[k, c])
            )
            if cols:
                out.add((name, ids[k], "modified", cols))
    return out


@pytest.mark.parametrize("compare_rows", [1, 3, 100_000])
def test_changes_equal_a_naive_comparison_and_follow_key_order(
    tables, tmp_path, monkeypatch, compare_rows
):
    """Releases are walked side by side in windows; windows of any size find every change,
    of tables with one key column or several, and list them in key order."""
    from trilat import changes

    publish(tables, tmp_path, "fp1")
    old = changes.read_release(tmp_path / "1.0.0")
    new = {k: v.copy() for k, v in tables.items()}
    ev = new["evidence"]
    ev.loc[[0, 5, len(ev) - 1], "confidence"] = 0.01
    ev.loc[6, "quote"] = "changed"
    # New records between others; by key, 9 comes before 10 (as strings, after).
    extra = ev.iloc[[9, 9]].assign(start=[9, 10], end=[10, 11])
    new["evidence"] = (
        pd.concat([ev.drop(index=[2, 3]), extra])
        .sort_values(list(TABLES["evidence"].primary_key))
        .reset_index(drop=True)
    )
    new["topics"] = new["topics"].iloc[2:].reset_index(drop=True)
    monkeypatch.setattr(changes, "COMPARE_ROWS", compare_rows)
    ch = changes.diff_tables(old, new)
    found = {(t, r, c, tuple(m)) for t, r, c, m in ch.itertuples(index=False)}
    before = {n: pd.read_parquet(tmp_path / "1.0.0" / f"{n}.parquet", dtype_backend="pyarrow")
              for n in TABLES}  # fmt: skip
    assert found == _naive_changes(before, new)
    assert len(ch) == len(found) > 8
    for (name, change), rows in ch.groupby(["table", "change"], sort=False):
        source = (before if change == "removed" else new)[name]
        order = list(changes.record_ids(name, source).to_pylist())
        positions = [order.index(r) for r in rows["record_id"]]
        assert positions == sorted(positions), (name, change)
    assert list(ch["table"]) == sorted(ch["table"])


def test_a_release_out_of_key_order_cannot_be_compared(tables, tmp_path):
    from trilat import changes

    publish(tables, tmp_path, "fp1")
    new = {k: v.copy() for k, v in tables.items()}
    new["actors"] = new["actors"].iloc[::-1].reset_index(drop=True)
    with pytest.raises(TrilatError, match="actors is not in primary-key order"):
        changes.diff_tables(changes.read_release(tmp_path / "1.0.0"), new)


def test_a_table_emptied_lists_every_record_removed(tables, tmp_path):
    from trilat import changes

    publish(tables, tmp_path, "fp1")
    new = {**tables, "citations": tables["citations"].iloc[:0]}
    ch = changes.diff_tables(changes.read_release(tmp_path / "1.0.0"), new)
    assert list(ch["change"]) == ["removed"] * len(tables["citations"])
    assert list(ch["record_id"]) == list(tables["citations"]["citation_id"])


def test_a_null_key_stops_the_comparison_clearly_and_one_row_tables_compare():
    from trilat import changes

    def actors(ids):
        return TABLES["actors"].frame(
            [{"actor_id": i, "name": "n", "actor_type": "state"} for i in ids], ordered=True
        )

    with pytest.raises(TrilatError, match="actors has a null in its primary key"):
        changes.diff_tables({"actors": actors(["a", "b"])}, {"actors": actors([None])})
    topics = TABLES["topics"].frame([{"doc_id": "d", "topic": "t", "n_sentences": 1}])
    other = TABLES["topics"].frame([{"doc_id": "d", "topic": "u", "n_sentences": 1}])
    assert len(changes.diff_tables({"topics": topics}, {"topics": other})) == 2


def _pkg(**fields) -> dict:
    """A package of one table ``t`` with these fields (name -> field)."""
    return {"resources": [{"name": "t", "schema": {"fields": [
        {"name": n, **f} for n, f in fields.items()]}}]}  # fmt: skip


def test_schema_changes_name_tables_columns_types_and_constraints():
    from trilat.versioning import schema_changes

    old = _pkg(
        a={"type": "string"},
        b={"type": "list", "itemType": "string"},
        c={"type": "string", "constraints": {"pattern": "^x"}},
        gone={"type": "integer"},
    )
    new = _pkg(a={"type": "string"}, b={"type": "any", "trilat:arrowType": "list<string>"},
               c={"type": "string", "constraints": {"pattern": "^x$"}},
               d={"type": "date", "trilat:arrowType": "date32"})  # fmt: skip
    new["resources"].append({"name": "u", "schema": {"fields": []}})
    assert schema_changes(old, new) == [
        "new table `u`",
        "`t.b`: type list (list<string>) -> any (list<string>)",
        "`t.c`: pattern `^x` -> `^x$`",
        "`t.d`: new column, date (date32)",
        "`t.gone`: column removed",
    ]
    assert schema_changes(new, new) == []


def test_a_list_of_other_items_is_a_change_of_type():
    """Lists are declared ``any``: their Arrow type tells a change of item type."""
    old = {"t": {"b": {"type": "any", "trilat:arrowType": "list<string>"}}}
    new = {"t": {"b": {"type": "any", "trilat:arrowType": "list<int64>"}}}
    assert change_level(old, new, False) == "major"
    assert change_level(old, old, True) == "minor"


def test_the_changelog_lists_schema_changes(tables, tmp_path):
    publish(tables, tmp_path, "fp1")
    pkg_file = tmp_path / "1.0.0" / "datapackage.json"
    pkg = json.loads(pkg_file.read_text())
    # As if 1.0.0 had been published without publications.date_precision.
    for r in pkg["resources"]:
        if r["name"] == "publications":
            r["schema"]["fields"] = [f for f in r["schema"]["fields"]
                                     if f["name"] != "date_precision"]  # fmt: skip
    pkg_file.write_text(json.dumps(pkg))
    more = {k: v.copy() for k, v in tables.items()}
    more["documents"].loc[0, "title"] = "A corrected title"
    pub = publish(more, tmp_path, "fp2")
    assert pub.version == "1.1.0"  # a column added
    text = (pub.path / "CHANGELOG.md").read_text()
    assert "Schema changes since 1.0.0:" in text
    assert "- `publications.date_precision`: new column, string" in text
