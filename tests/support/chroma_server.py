"""A throwaway Chroma server (``chroma run``) for tests, on a free local port."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.servers import HOST, free_port, http_ready, running


def chroma_cli() -> str:
    """The ``chroma`` command installed with chromadb (beside this Python first)."""
    beside = Path(sys.executable).parent / "chroma"
    found = str(beside) if beside.exists() else shutil.which("chroma")
    if not found:
        raise RuntimeError("the `chroma` command (installed with chromadb) is missing")
    return found


@contextmanager
def chroma_server(path: Path, timeout_s: float = 90) -> Iterator[str]:
    """Serve a Chroma database in ``path``; yield its URL."""
    port = free_port()
    url = f"http://{HOST}:{port}"
    command = [chroma_cli(), "run", "--path", str(path / "db"), "--host", HOST, "--port",
               str(port)]
    with running(command, ready=http_ready(f"{url}/api/v2/heartbeat"), log=path / "chroma.log",
                 timeout_s=timeout_s, what="Chroma server"):
        yield url
