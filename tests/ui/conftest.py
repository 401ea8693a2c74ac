"""AppTest fixtures: the app script, a prebuilt document index copied into each test's data dir."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advisor.config import PROJECT_ROOT, Settings

APP = PROJECT_ROOT / "ui" / "app.py"


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full document index, built once (cached under test-output/) for the session."""
    from tests.support.ui_server import prepare_index

    data = tmp_path_factory.mktemp("ui-index")
    prepare_index(data)
    return data / "chroma"


@pytest.fixture()
def app(settings: Settings, built_index: Path):
    """The chat app with this test's settings and a current document index."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from advisor.documents.store import reset_stores

    reset_stores()
    shutil.copytree(built_index, settings.resolved_data_dir / "chroma")
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=180)
    return at
