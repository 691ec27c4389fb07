"""Build the seed sources through the real Prefect flow, then use the release."""

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from schemas.registry import TABLES
from tests.helpers import run_trilat
from trilat.check import check_release
from trilat.errors import ValidationFailed
from trilat.files import file_sha256
from trilat.pipeline import read_documents
from trilat.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = run_trilat("build", "--raw", str(ROOT / "raw"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, result


def test_build_prints_the_release_folder_last(built):
    out, result = built
    assert result.stdout.strip().splitlines()[-1] == str(out / "1.0.0")
    assert (out / "LATEST").read_text().strip() == "1.0.0"
    assert "published release 1.0.0" in result.stderr
    assert "Traceback" not in result.stderr and "ERROR" not in result.stderr


def test_every_table_loads_in_pandas_and_duckdb(built):
    out, _ = built
    release = out / "1.0.0"
    for name in ("documents", "actors", "mentions", "evidence"):
        df = pd.read_parquet(release / f"{name}.parquet")
        n = duckdb.sql(f"select count(*) from '{release / name}.parquet'").fetchall()[0][0]
        assert len(df) == n > 0
    per_actor = duckdb.sql(
        f"select actor_id, count(*) n from '{release}/mentions.parquet' group by 1 order by 2 desc"
    ).fetchall()
    assert {a for a, _ in per_actor[:3]} == {"usa", "jpn", "kor"}


def test_every_quote_is_the_source_text_at_its_offsets(built):
    out, _ = built
    texts = {d.source.id: d.text for d in read_documents(load_registry(ROOT / "raw"))}
    docs = pd.read_parquet(out / "1.0.0/documents.parquet").set_index("doc_id")
    ev = pd.read_parquet(out / "1.0.0/evidence.parquet")
    cols = ["doc_id", "start", "end", "quote", "quote_complete"]
    for doc, s, e, q, whole in ev[cols].itertuples(index=False):
        assert texts[doc][s:e] == q if whole else texts[doc][s:e].startswith(q)
    assert docs["n_chars"].to_dict() == {k: len(v) for k, v in texts.items()}


def test_nothing_changed_means_no_new_release_and_no_prefect(built):
    out, _ = built
    result = run_trilat("build", "--raw", str(ROOT / "raw"), "--out", str(out))
    assert result.returncode == 0
    assert "unchanged" in result.stderr
    assert result.stdout.strip() == str(out / "1.0.0")
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "1.0.0", "CHANGELOG.md", "LATEST", "views.sql",
    ]  # fmt: skip


def test_a_rebuild_is_byte_identical(built, tmp_path):
    out, _ = built
    result = run_trilat("build", "--raw", str(ROOT / "raw"), "--out", str(tmp_path), "--force")
    assert result.returncode == 0, result.stderr
    for f in (out / "1.0.0").glob("*.parquet"):
        assert f.read_bytes() == (tmp_path / "1.0.0" / f.name).read_bytes(), f.name


def test_validate_a_release(built):
    out, _ = built
    result = run_trilat("validate", str(out / "1.0.0"), "--raw", str(ROOT / "raw"))
    assert result.returncode == 0, result.stderr
    assert f"{len(TABLES) + 1} table(s) ok" in result.stderr  # the tables and changes
    n = len(load_registry(ROOT / "raw").with_snapshots().sources)
    assert f"quotes of {n} of {n} document(s) match their snapshots" in result.stderr


def test_validate_checks_quotes_against_the_snapshots(built, tmp_path):
    """A quote that is not the text at its offsets fails, even in a release whose files
    match their published hashes; a document whose snapshot is gone is named."""
    out, _ = built
    release = tmp_path / "release"
    shutil.copytree(out / "1.0.0", release)
    path = release / "evidence.parquet"
    ev = pq.read_table(path)
    quotes = ev.column("quote").to_pylist()
    quotes[0] = "X" + quotes[0][1:] if quotes[0][:1] != "X" else "Y" + quotes[0][1:]
    ev = ev.set_column(ev.schema.get_field_index("quote"), "quote", pa.array(quotes))
    pq.write_table(ev, path)
    pkg = json.loads((release / "datapackage.json").read_text())
    for r in pkg["resources"]:
        if r["path"] == "evidence.parquet":
            r["hash"] = "sha256:" + file_sha256(path)
    (release / "datapackage.json").write_text(json.dumps(pkg))
    # Without the snapshots there is nothing to hold the quotes against.
    assert "table(s) ok" in list(check_release(release))[-1]
    with pytest.raises(ValidationFailed) as exc:
        list(check_release(release, ROOT / "raw"))
    assert any("quote" in d for d in exc.value.details), exc.value.details

    # A newer snapshot registered since (as a fetch does): the older one beside it,
    # named by its sha256, is the one the release was built from.
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    older = next((raw / "snapshots").glob("2a71*.txt"))
    newer = older.read_bytes() + b"\nA later paragraph.\n"
    sha = hashlib.sha256(newer).hexdigest()
    (raw / "snapshots" / f"{sha}.txt").write_bytes(newer)
    registry = (raw / "sources.yaml").read_text().replace(older.stem, sha)
    (raw / "sources.yaml").write_text(registry)
    n = len(load_registry(raw).with_snapshots().sources)
    lines = list(check_release(out / "1.0.0", raw))
    assert f"quotes of {n} of {n} document(s) match their snapshots" in lines[-1], lines
    older.unlink()
    lines = list(check_release(out / "1.0.0", raw))
    assert any("not checked: 'dp-depetris-2023-bridging-the-divide'" in x for x in lines), lines


def test_a_failed_build_leaves_the_last_release(built, tmp_path):
    out, _ = built
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    snap = next((raw / "snapshots").glob("2a71*.txt"))
    snap.write_text(snap.read_text() + "\nAn edit nobody registered.\n")
    result = run_trilat("build", "--raw", str(raw), "--out", str(copy))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "does not match its pinned sha256" in errors[0]
    assert "dp-depetris-2023-bridging-the-divide" in errors[0]
    assert (copy / "LATEST").read_text().strip() == "1.0.0"
    assert sorted(p.name for p in copy.iterdir() if not p.name.startswith(".")) == [
        "1.0.0", "CHANGELOG.md", "LATEST", "views.sql",
    ]  # fmt: skip
