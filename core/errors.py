"""A small error hierarchy; each error carries the HTTP status it maps to."""

from __future__ import annotations


class GovDocsError(Exception):
    """Base of every error this product raises on purpose."""

    status_code = 500


class IngestError(GovDocsError):
    """A file could not be turned into a document (bad PDF, wrong encoding, ...)."""

    status_code = 422


class OutsideCorpus(IngestError):
    """A corpus entry (a symlink) that names a file outside the corpus folder: refused, never read."""


class NotFound(GovDocsError):
    status_code = 404


class InvalidInput(GovDocsError):
    status_code = 422


class IndexOutOfDate(GovDocsError):
    """The vector index does not match the store; the message names the command that fixes it."""

    status_code = 503


class Unavailable(GovDocsError):
    """Nothing consistent to serve yet (the first index is being built); try again after `retry_after` seconds."""

    status_code = 503
    retry_after = 5
