"""One catalog built once per test session for whole-catalog property tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from advisor.catalog import Catalog
from advisor.catalog import catalog as catalog_module
from advisor.catalog.authority import load_makers
from advisor.catalog.curated import load_curated
from advisor.catalog.models_dev import read_offerings
from advisor.config import PROJECT_ROOT

KNOWLEDGE = PROJECT_ROOT / "knowledge"


@pytest.fixture(scope="session")
def whole_catalog(raw_models_dev) -> Catalog:
    """The bundled models.dev data and the project's knowledge, built once."""
    offerings, warnings = read_offerings(raw_models_dev)
    return Catalog(offerings, load_curated(KNOWLEDGE / "models"), "models.dev (bundled, test)",
                   makers=load_makers(KNOWLEDGE / "makers.yaml"), warnings=warnings)


@pytest.fixture
def installed(whole_catalog: Catalog, settings) -> Iterator[Catalog]:
    """The session's catalog made the process catalog, so tools use it without a rebuild."""
    catalog_module._catalog = whole_catalog
    yield whole_catalog
    catalog_module._catalog = None
