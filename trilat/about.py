"""Who publishes TRILAT and where: the one place the release metadata, the dataset
card and CITATION.cff take these facts from.

HOMEPAGE and the maintainer's address are placeholders under the reserved
``.example`` domain (RFC 2606) until the project has a public address: the
repository has no remote yet. Change them here and nowhere else.
"""

from __future__ import annotations

NAME = "trilat"
TITLE = "TRILAT: an open dataset of the U.S.-Japan-Republic of Korea alliance system"
HOMEPAGE = "https://h-seed-760b4ddb.example/trilat"
ISSUES = HOMEPAGE + "/issues"
MAINTAINER = {
    "title": "TRILAT maintainers",
    "email": "maintainers@users.noreply.h-seed-760b4ddb.example",
}
AUTHORS = "TRILAT contributors"
KEYWORDS = [
    "alliances", "Japan", "South Korea", "Republic of Korea", "United States",
    "trilateral cooperation", "event data", "PLOVER", "force posture", "East Asian security",
]  # fmt: skip
DESCRIPTION = (
    "Actors, mentions, dated events, agreements, force figures, people, publications, "
    "citations, issue areas and policy recommendations extracted from public source "
    "texts about the U.S.-Japan and U.S.-ROK alliances and their trilateral "
    "cooperation. Every record points to the sentence that supports it."
)
