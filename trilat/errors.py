"""Errors the command line reports as one clear line plus details."""

from __future__ import annotations


class TrilatError(Exception):
    """An error a user can act on: ``message`` says what is wrong and what to do."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __reduce__(self):
        # Raised in a worker process, it reaches the build through a pickle: keep details.
        return type(self), (self.message, self.details)


class InputError(TrilatError):
    """A registry entry, vocabulary or source file is invalid."""


class ValidationFailed(TrilatError):
    """Extracted tables failed their schemas; nothing was published."""
