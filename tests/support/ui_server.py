"""Start the chat headless on a free local port: used by the browser tests and the benchmark.

The app runs in its own process with its settings passed as ``ADVISOR_*`` variables, so it
never shares state with the caller.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "ui" / "app.py"
INDEX_CACHE = ROOT / "test-output" / "index-cache"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def app_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment for an app process: this one's, minus ADVISOR_*, plus the given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env["ADVISOR_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def prepare_index(data_dir: Path, cache: Path = INDEX_CACHE, timeout_s: float = 1800) -> None:
    """Put a current document index in ``data_dir`` (an already-built app's state).

    A full index is kept in ``cache`` (built on first use, brought up to date cheaply after,
    in a child process so every file is flushed) and copied into ``data_dir``. A file lock
    serialises test processes that share the cache; a damaged cache is rebuilt once.
    """
    cache.parent.mkdir(parents=True, exist_ok=True)
    with _locked(cache.with_name(cache.name + ".lock")):
        if _disk_bytes(cache) > MAX_CACHE_BYTES:
            shutil.rmtree(cache)
        try:
            _update(cache, timeout_s)
        except subprocess.CalledProcessError:
            shutil.rmtree(cache, ignore_errors=True)
            _update(cache, timeout_s)
        shutil.copytree(cache / "chroma", data_dir / "chroma", dirs_exist_ok=True)


MAX_CACHE_BYTES = 2 * 1024**3  # a few MB when sound; far more means a damaged HNSW file


def _update(cache: Path, timeout_s: float) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-c", "from advisor.documents import ensure_index; "
                    "ensure_index()"], env=app_env(cache), cwd=ROOT, check=True,
                   timeout=timeout_s, stdout=subprocess.DEVNULL)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _disk_bytes(folder: Path) -> int:
    if not folder.exists():
        return 0
    return sum(f.stat().st_blocks * 512 for f in folder.rglob("*") if f.is_file())


def start_app(data_dir: Path, port: int | None = None, log: Path | None = None,
              **env: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``streamlit run ui/app.py`` headless; returns the process and its URL."""
    port = port or free_port()
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=app_env(data_dir, **env), stdout=out, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}"


def wait_ready(proc: subprocess.Popen[bytes], url: str, timeout_s: float = 120) -> None:
    """Wait until the server answers its health check (or fail with its exit code)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"the app did not answer at {url} within {timeout_s:.0f}s")


def stop_app(proc: subprocess.Popen[bytes]) -> None:
    """Stop the app process (terminate, then kill)."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
