"""`trilat build --dask ADDRESS` on a local Dask cluster gives the same release."""

from pathlib import Path

import pytest

from tests.helpers import run_trilat

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def build(out: Path, *extra: str):
    return run_trilat("build", "--raw", ROOT / "raw", "--out", out, *extra)


def test_release_on_a_dask_cluster_equals_the_local_one(tmp_path):
    from distributed import LocalCluster

    local = build(tmp_path / "local")
    assert local.returncode == 0, local.stderr
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:  # fmt: skip
        on_dask = build(tmp_path / "dask", "--dask", cluster.scheduler_address)
    assert on_dask.returncode == 0, on_dask.stderr
    a, b = tmp_path / "local" / "1.0.0", tmp_path / "dask" / "1.0.0"
    parquet = sorted(p.name for p in a.glob("*.parquet"))
    assert parquet and parquet == sorted(p.name for p in b.glob("*.parquet"))
    for name in parquet:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
