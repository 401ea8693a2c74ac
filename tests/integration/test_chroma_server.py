"""The document index on a real Chroma server (`chroma run`), selected by ADVISOR_CHROMA_URL."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.config import Settings, use_settings
from advisor.documents.embeddings import use_embedder
from advisor.documents.ingest import ingest
from advisor.documents.store import open_store, reset_stores
from advisor.tools.documents import search_documents
from tests.support.servers import ServerStartError, free_port, http_ready, running

pytestmark = pytest.mark.slow

DOC = """---
title: Server notes
family: Gemma 3
models: [Gemma 3 4B]
---

## Hardware needs

Gemma 3 4B needs about 3.4 GB of memory at 4-bit and 6.4 GB at BF16.

## Licensing

The Gemma terms allow commercial use under a prohibited-use policy.
"""


def chroma_cli() -> str:
    beside = Path(sys.executable).parent / "chroma"
    found = str(beside) if beside.exists() else shutil.which("chroma")
    if not found:
        pytest.fail("the `chroma` command (installed with chromadb) is missing")
    return found


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    try:
        with running([chroma_cli(), "run", "--path", str(path / "db"), "--host", "127.0.0.1",
                      "--port", str(port)], ready=http_ready(f"{url}/api/v2/heartbeat"),
                     log=path / "server.log", timeout_s=60, what="chroma server"):
            yield url
    except ServerStartError as exc:
        pytest.fail(str(exc))


def test_ingest_and_search_through_a_chroma_server(chroma_server, settings, tmp_path):
    import chromadb

    use_settings(Settings(data_dir=settings.data_dir, chroma_url=chroma_server,
                          collection="server_docs", _env_file=None))
    use_embedder(None)
    reset_stores()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "server-notes.md").write_text(DOC, encoding="utf-8")
    try:
        first = ingest([docs])
        assert first.chunks_added == 2 and first.location == f"Chroma server {chroma_server}"
        assert ingest([docs]).wrote == 0

        hits = search_documents("how much memory at 4-bit", k=1).hits
        assert hits[0].section == "Hardware needs" and "3.4 GB" in hits[0].text

        # the chunks live in the server, not in a local store
        port = int(chroma_server.rsplit(":", 1)[1])
        server = chromadb.HttpClient(host="127.0.0.1", port=port)
        collection = server.get_collection("server_docs", embedding_function=None)
        assert collection.count() == 2 == open_store().count()
        metas = collection.get(include=["metadatas"])["metadatas"]
        assert {m["section"] for m in metas} == {"Hardware needs", "Licensing"}
        assert not (settings.data_dir / "chroma").exists()
    finally:
        reset_stores()


def test_an_unreachable_server_is_a_clear_error(settings):
    from advisor.documents.errors import DocumentIndexError

    use_settings(Settings(data_dir=settings.data_dir, chroma_url=f"http://127.0.0.1:{free_port()}",
                          _env_file=None))
    reset_stores()
    with pytest.raises(DocumentIndexError, match="cannot reach the Chroma server"):
        open_store()
