"""TRILAT: an open, versioned dataset of the U.S.-Japan-ROK alliance system."""

__version__ = "0.1.0"


def load(table: str, version: str = "latest", root: str = "processed"):
    """One table of a release as a pandas DataFrame: ``load("events")``."""
    from trilat.data import load as _load

    return _load(table, version, root)
