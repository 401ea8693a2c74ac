"""Errors of the document index, written for a person (no heavy imports here)."""

from __future__ import annotations

from advisor.errors import AdvisorError


class DocumentIndexError(AdvisorError, RuntimeError):
    """The document index or the embedding model cannot be used; the message says what to do."""
