"""The document index every MCP test needs for ``search_documents``: built once, copied in."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.config import Settings


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full document index (kept current under test-output/ by the UI's helper)."""
    from tests.support.ui_server import prepare_index

    data = tmp_path_factory.mktemp("mcp-index")
    prepare_index(data)
    return data / "chroma"


@pytest.fixture(autouse=True)
def indexed(settings: Settings, built_index: Path) -> Iterator[Path]:
    """This test's data dir holds the index; a server subprocess gets the same data dir."""
    from advisor.documents.store import reset_stores

    reset_stores()
    shutil.copytree(built_index, settings.resolved_data_dir / "chroma")
    yield settings.resolved_data_dir
    reset_stores()
