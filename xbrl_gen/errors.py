"""One exception tree: every error a user can cause ends up here, with where it happened."""

from __future__ import annotations


class XbrlGenError(Exception):
    """Base of all expected failures; the CLI prints ``str(err)`` as one line and exits 2."""

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class InputError(XbrlGenError):
    """The statements given to us (structured file or text report) are malformed."""


class MappingError(XbrlGenError):
    """A line cannot be tagged: unknown concept, bad mapping data, conflicting facts."""


class TaxonomyError(XbrlGenError):
    """A taxonomy package is missing or unreadable."""


class OutputError(XbrlGenError):
    """The output cannot be written where it was asked to go (read-only, not a folder, full)."""


class ValidationFailed(XbrlGenError):
    """Arelle reported errors on what we wrote."""
