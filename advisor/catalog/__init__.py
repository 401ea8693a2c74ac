"""The model catalog: models.dev offerings grouped into canonical models, plus curated facts."""

from advisor.catalog.catalog import (
    Catalog,
    UnknownModelError,
    get_catalog,
    refresh_catalog,
    reset_catalog,
)
from advisor.catalog.curated import CuratedDataError
from advisor.catalog.models_dev import CatalogDataError
from advisor.catalog.schema import CatalogModel, CuratedModel, Offering

__all__ = [
    "Catalog",
    "CatalogDataError",
    "CatalogModel",
    "CuratedDataError",
    "CuratedModel",
    "Offering",
    "UnknownModelError",
    "get_catalog",
    "refresh_catalog",
    "reset_catalog",
]
