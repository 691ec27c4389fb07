"""TRILAT: an open, versioned dataset of the U.S.-Japan-ROK alliance system.

``load("events")`` reads a table of the newest release, ``text(doc_id)`` the text its
offsets point into; both work from any working directory (``trilat.data``).
"""

__version__ = "0.1.0"


def load(table: str, version: str = "latest", root: str | None = None):
    """One table of a release as a pandas DataFrame: ``load("events")``,
    ``load("events", "1.3.0")``; ``root``: a folder of releases (default: the
    project's ``processed/``, or $TRILAT_DATA)."""
    from trilat.data import load as _load

    return _load(table, version, root)


def text(doc_id: str, version: str = "latest", root: str | None = None, raw: str | None = None):
    """The normalised text of a document that a release's offsets point into, read
    from its snapshot in the project's ``raw/`` (or ``raw``)."""
    from trilat.data import text as _text

    return _text(doc_id, version, root, raw)
