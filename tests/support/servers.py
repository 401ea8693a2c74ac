"""Start a server process on a free local port, wait until it answers, stop it.

One way to do it for every test and benchmark that needs a real server (the MCP HTTP door,
a Chroma server, the Streamlit app, and later PostgreSQL):

    with running([...command...], ready=http_ready(url + "/health"), log=path) as proc:
        ...

``ready`` is a check called until it returns True (an HTTP answer, an open port); the
process exiting first, or the timeout passing, raises with the end of its log.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

HOST = "127.0.0.1"
LOG_TAIL_CHARS = 4000


class ServerStartError(RuntimeError):
    """A server exited or did not answer in time; the message holds the end of its log."""


def free_port() -> int:
    """A TCP port nothing listens on right now (on the loopback address)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def clean_env(data_dir: Path | None = None, **extra: str) -> dict[str, str]:
    """This process's environment without ``ADVISOR_*`` settings, plus the given ones.

    A server child then reads only what the test passes (``ADVISOR_DATA_DIR`` when
    ``data_dir`` is given), never the developer's own ``ADVISOR_*`` variables.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    if data_dir is not None:
        env["ADVISOR_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def port_open(port: int, host: str = HOST) -> Callable[[], bool]:
    """A readiness check: something accepts TCP connections on ``host:port``."""

    def check() -> bool:
        try:
            socket.create_connection((host, port), timeout=1).close()
        except OSError:
            return False
        return True

    return check


def http_ready(url: str) -> Callable[[], bool]:
    """A readiness check: ``url`` answers a GET with a 2xx status."""

    def check() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                return 200 <= int(resp.status) < 300
        except OSError:
            return False

    return check


def start(command: Sequence[str], *, env: Mapping[str, str] | None = None,
          cwd: Path | None = None, log: Path | None = None) -> subprocess.Popen[bytes]:
    """Start ``command`` with its output (stdout and stderr) in ``log``, or discarded."""
    if log is None:
        return subprocess.Popen(list(command), cwd=cwd, env=dict(env) if env else None,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(list(command), cwd=cwd, env=dict(env) if env else None,
                                stdout=out, stderr=subprocess.STDOUT)


def wait_ready(proc: subprocess.Popen[bytes], ready: Callable[[], bool], *,
               timeout_s: float = 120.0, log: Path | None = None, what: str = "server",
               poll_s: float = 0.2) -> None:
    """Wait until ``ready()`` is True; raise if the process exits or time runs out."""
    deadline = time.monotonic() + timeout_s
    while True:
        if proc.poll() is not None:
            raise ServerStartError(f"the {what} exited with code {proc.returncode}"
                                   + _tail(log))
        if ready():
            return
        if time.monotonic() > deadline:
            raise ServerStartError(f"the {what} did not answer within {timeout_s:.0f} s"
                                   + _tail(log))
        time.sleep(poll_s)


def stop(proc: subprocess.Popen[bytes], timeout_s: float = 10.0) -> None:
    """Stop the process: terminate, then kill if it has not exited in ``timeout_s``."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout_s)


@contextmanager
def running(command: Sequence[str], *, ready: Callable[[], bool],
            env: Mapping[str, str] | None = None, cwd: Path | None = None,
            log: Path | None = None, timeout_s: float = 120.0,
            what: str = "server") -> Iterator[subprocess.Popen[bytes]]:
    """Start ``command``, wait until ``ready``, yield the process, always stop it."""
    proc = start(command, env=env, cwd=cwd, log=log)
    try:
        wait_ready(proc, ready, timeout_s=timeout_s, log=log, what=what)
        yield proc
    finally:
        stop(proc)


def _tail(log: Path | None) -> str:
    if log is None or not log.exists():
        return ""
    text = log.read_text(errors="replace")[-LOG_TAIL_CHARS:]
    return f":\n{text}" if text.strip() else ""
