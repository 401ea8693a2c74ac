"""A throwaway PostgreSQL server for tests: a temporary data directory, a free local port.

Uses Debian's ``postgresql`` package (``make services`` installs it when missing). PostgreSQL
refuses to run as root, so under root the server runs as the ``postgres`` system user (or
``nobody``) through ``setpriv``. Connections are trusted on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.servers import HOST, free_port, port_open, running

USER = "advisor"


def postgres_bin() -> Path | None:
    """The folder holding ``initdb`` and ``postgres`` (Debian keeps them off the PATH)."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                      key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                      else 0)
    return versions[-1].parent if versions else None


def _as_user() -> tuple[list[str], int | None, int | None]:
    if os.geteuid() != 0:
        return [], None, None
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return ([shutil.which("setpriv") or "setpriv", f"--reuid={entry.pw_uid}",
                 f"--regid={entry.pw_gid}", "--clear-groups"], entry.pw_uid, entry.pw_gid)
    raise RuntimeError("running as root with no postgres or nobody user to run PostgreSQL as")


@contextmanager
def postgres_server(timeout_s: float = 90) -> Iterator[str]:
    """Start PostgreSQL; yield its URL (``postgresql://advisor@127.0.0.1:PORT/postgres``)."""
    bindir = postgres_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed: run `make services` "
                           "(apt-get install postgresql)")
    prefix, uid, gid = _as_user()
    root = Path(tempfile.mkdtemp(prefix="advisor-pg-"))
    try:
        if uid is not None and gid is not None:
            os.chown(root, uid, gid)
        data = root / "data"
        subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U", USER,
                        "--auth=trust", "-E", "UTF8", "--no-sync"], check=True,
                       capture_output=True, timeout=timeout_s)
        port = free_port()
        command = [*prefix, str(bindir / "postgres"), "-D", str(data), "-p", str(port),
                   "-k", str(root), "-c", f"listen_addresses={HOST}", "-c", "fsync=off"]
        with running(command, ready=port_open(port), log=root / "server.log",
                     timeout_s=timeout_s, what="PostgreSQL server"):
            _wait_accepting(f"postgresql://{USER}@{HOST}:{port}/postgres", timeout_s)
            yield f"postgresql://{USER}@{HOST}:{port}/postgres"
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _wait_accepting(url: str, timeout_s: float) -> None:
    """The port opens before the server accepts logins; wait for a real connection."""
    import time

    import psycopg

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            psycopg.connect(url, connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
