"""The session-wide catalog fixtures, shared with the catalog tests."""

from tests.unit.catalog.conftest import installed, whole_catalog

__all__ = ["installed", "whole_catalog"]
