"""CITATION.cff of a release, generated from its datapackage.json.

Each release folder holds its own; the repository's ``CITATION.cff`` is the newest
release's, rewritten by ``trilat citation`` (``make build`` runs it) and checked
by a test, so what names a release always comes from the release itself.
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from trilat import about

FILE = "CITATION.cff"


def render(pkg: Mapping) -> str:
    """The CITATION.cff text for the release described by ``pkg`` (its
    datapackage.json); a field an older release lacks comes from ``trilat.about``."""
    version = pkg["version"]
    licenses = pkg.get("licenses") or [{"name": "CC-BY-NC-4.0"}]
    cff: dict = {
        "cff-version": "1.2.0",
        "message": "If you use TRILAT data, please cite the release you used.",
        "type": "dataset",
        "title": pkg.get("title", about.TITLE),
        "authors": [{"name": about.AUTHORS}],
        "contact": [{"name": about.MAINTAINER["title"], "email": about.MAINTAINER["email"]}],
        "abstract": pkg.get("description", about.DESCRIPTION),
        "keywords": list(pkg.get("keywords", about.KEYWORDS)),
        "license": licenses[0]["name"],
        "url": pkg.get("homepage", about.HOMEPAGE),
        "version": version,
        "date-released": str(pkg["created"])[:10],
    }
    if pkg.get("id"):
        cff["identifiers"] = [
            {"type": "other", "value": pkg["id"], "description": "datapackage.json id"}
        ]
    header = (
        "# Generated from the datapackage.json of TRILAT release "
        f"{version} by `trilat citation`; do not edit by hand.\n"
    )
    return header + yaml.safe_dump(cff, sort_keys=False, allow_unicode=True, width=88)
