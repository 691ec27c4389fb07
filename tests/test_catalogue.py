"""The catalogue of primary documents (raw/catalogue.yaml): every entry stays valid.

The registry's loader already refuses bad fields, duplicate ids and duplicate URLs;
this test also keeps the catalogue what it says it is: URL-only entries of primary
documents with a date, a licence that fits the host, and no text in the repository.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from trilat.registry import KINDS, LICENSES, load_registry
from trilat.yamlfile import load_list

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "raw" / "catalogue.yaml"
PRIMARY = {"statement", "transcript", "speech", "treaty", "report", "web_page", "news"}
# Hosts whose pages are U.S. federal government works, and copies of such works.
US_GOVERNMENT = (".gov", ".mil", "presidency.ucsb.edu", "fas.org", "globalsecurity.org",
                 "usinfo.org", "votesmart.org", "acronym.org.uk", "webarchive.library.unt.edu",
                 "dkiapcss.edu", "usembassy-china.org.cn")  # fmt: skip


@pytest.fixture(scope="module")
def catalogue():
    ids = {item["id"] for _, item in load_list(CATALOGUE, "sources")}
    registry = load_registry(ROOT / "raw")  # validates fields, unique ids and URLs
    return [s for s in registry.sources if s.id in ids]


def test_the_catalogue_registers_at_least_150_primary_documents(catalogue):
    assert len(catalogue) >= 150
    assert len({s.id for s in catalogue}) == len(catalogue)
    assert len({s.url for s in catalogue}) == len(catalogue)
    assert {s.kind for s in catalogue} <= PRIMARY <= set(KINDS)


def test_every_entry_is_url_only_dated_and_licensed(catalogue):
    for s in catalogue:
        assert s.url and s.url.startswith(("http://", "https://")), s.id
        assert s.file is None and s.sha256 is None, f"{s.id}: the text is fetched, not stored"
        assert s.published_date, f"{s.id}: no publication date"
        assert date(1950, 1, 1) <= s.published_date <= date.today(), s.id
        assert s.license in LICENSES, s.id
        assert s.title.strip() and s.publisher.strip(), s.id
        assert s.title_supplied == s.title.startswith("["), f"{s.id}: [supplied title]"


def test_licences_fit_the_hosts(catalogue):
    for s in catalogue:
        host = urlsplit(s.url).hostname or ""
        if host.endswith(US_GOVERNMENT):
            assert s.license == "LicenseRef-public-domain-us-government", s.id
        elif host.endswith("mofa.go.jp"):  # Public Data License 1.0, CC BY 4.0-compatible
            assert s.license == "CC-BY-4.0", s.id
        else:
            assert s.license == "LicenseRef-not-stated", s.id


def test_the_universe_spans_the_alliances_since_1994(catalogue):
    years = Counter(s.published_date.year for s in catalogue)
    assert min(years) <= 1960 and max(years) >= 2025  # the 1960 treaty to the latest summits
    assert all(years[y] for y in (1996, 1999, 2003, 2010, 2017, 2023, 2024))
    kinds = Counter(s.kind for s in catalogue)
    assert kinds["statement"] >= 90 and kinds["transcript"] >= 30 and kinds["treaty"] >= 3
