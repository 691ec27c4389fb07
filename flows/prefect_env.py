"""How Prefect is set up before it is imported: the top floor's business, since only
the flows and the command use Prefect."""

from __future__ import annotations

import os

from trilat.settings import project_dir


def configure_prefect() -> None:
    """Embedded-mode defaults; a user's own PREFECT_* variables always win.

    Must run before ``import prefect``: Prefect reads its settings at import.
    """
    home = project_dir() / ".prefect"
    defaults = {
        "PREFECT_HOME": str(home),
        "PREFECT_LOCAL_STORAGE_PATH": str(home / "storage"),
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
        # No network here; telemetry only writes error lines.
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        # The first start runs database migrations: slower than the default 20 s.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
        # Quiet logs: our own progress lines say what happens; warnings still show.
        "PREFECT_LOGGING_LEVEL": "WARNING",
        # The embedded server logs spurious errors when it is stopped at exit.
        "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
