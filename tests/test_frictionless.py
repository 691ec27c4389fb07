"""A built release is a valid Data Package for frictionless-py 5, the reference
implementation users run: `frictionless validate datapackage.json`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from trilat.release import context, publish

PACKAGE_KEYS = ("id", "name", "title", "homepage", "contributors", "sources", "keywords",
                "version", "created", "licenses", "resources")  # fmt: skip


def _frictionless() -> Path:
    """The frictionless command of this environment; installed from the lock (the dev
    extra holds it) when missing."""
    command = Path(sys.executable).parent / "frictionless"
    if not command.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--require-hashes",
             "-r", str(ROOT / "requirements.lock")],
            check=True, timeout=600,
        )  # fmt: skip
    return command


def _validate(release: Path) -> dict:
    done = subprocess.run([str(_frictionless()), "validate", "--json", "datapackage.json"],
                          cwd=release, capture_output=True, text=True, timeout=300)  # fmt: skip
    return json.loads(done.stdout)


def _errors(report: dict) -> list[str]:
    return [f"{t['name']}: {e['type']}: {e['message']}"
            for t in report["tasks"] for e in t["errors"]]  # fmt: skip


@pytest.fixture(scope="module")
def release(seed_build, vocab, tmp_path_factory) -> Path:
    tables = {k: v.copy() for k, v in seed_build[0].items()}
    return publish(tables, tmp_path_factory.mktemp("out"), "fp", ctx=context(vocab)).path


def test_frictionless_finds_every_resource_valid(release):
    report = _validate(release)
    assert report["valid"], "\n".join(_errors(report)[:40])
    pkg = json.loads((release / "datapackage.json").read_text())
    assert {t["name"] for t in report["tasks"]} == {r["name"] for r in pkg["resources"]}
    assert all(t["valid"] for t in report["tasks"])


def test_the_package_has_the_metadata_data_package_users_expect(release):
    pkg = json.loads((release / "datapackage.json").read_text())
    assert all(pkg.get(k) for k in PACKAGE_KEYS), [k for k in PACKAGE_KEYS if not pkg.get(k)]
    assert pkg["id"].startswith("urn:uuid:") and pkg["version"] == "1.0.0"
    assert any("path" in s for s in pkg["sources"])  # the registered URL of a source
    assert pkg["trilat"]["code"]["commit"]  # the tests run in a git checkout
    versions = pkg["trilat"]["extractor_versions"]
    assert set(versions) >= {"events", "mentions"} and all("+" in v for v in versions.values())


def test_what_made_release_1_3_0_invalid_is_caught(release, tmp_path):
    """The package as 1.3.0 declared it (a partial URL pattern, ``list`` fields, byte
    counts, nullable integers without ``nan``) fails: the test above would notice."""
    old = tmp_path / "old"
    shutil.copytree(release, old)
    pkg = json.loads((old / "datapackage.json").read_text())
    for r in pkg["resources"]:
        r["bytes"] = (old / r["path"]).stat().st_size
        for f in r["schema"]["fields"]:
            f.pop("missingValues", None)
            if f["type"] == "any":
                f.update(type="list", itemType="string")
            if f["name"] == "url" and r["name"] == "documents":
                f["constraints"]["pattern"] = "^https?://"
    (old / "datapackage.json").write_text(json.dumps(pkg))
    kinds = {e.split(": ")[1] for e in _errors(_validate(old))}
    assert {"type-error", "constraint-error", "byte-count"} <= kinds
