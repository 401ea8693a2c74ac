"""A team deployment for real: one PostgreSQL, one Chroma server, two advisor processes.

PostgreSQL comes from Debian's package (``make services`` installs it); ``chroma run`` from
chromadb. Both run on free local ports with temporary data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.config import PROJECT_ROOT, Settings, use_settings
from tests.support.chroma_server import chroma_server
from tests.support.postgres import postgres_bin, postgres_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    if postgres_bin() is None:
        pytest.fail("PostgreSQL is not installed: `make services` installs it")
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="module")
def chroma(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with chroma_server(tmp_path_factory.mktemp("chroma")) as url:
        yield url


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update(PYTHONPATH=str(PROJECT_ROOT), ADVISOR_DATA_DIR=str(data_dir), **extra)
    return env


class Worker:
    """One advisor process answering JSON requests on stdin."""

    def __init__(self, data_dir: Path, **env: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.support.advisor_worker"],
                                     cwd=PROJECT_ROOT, env=_env(data_dir, **env), text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)

    def send(self, **request: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()

    def read(self) -> dict:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            pytest.fail(f"the advisor process died: {self.proc.stderr.read()[-3000:]}")
        return json.loads(line)

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


def test_a_thread_started_in_one_process_continues_in_another(postgres, tmp_path):
    # separate data dirs: nothing is shared through the disk, only through PostgreSQL
    a = Worker(tmp_path / "a", ADVISOR_CHECKPOINT_URL=postgres)
    b = Worker(tmp_path / "b", ADVISOR_CHECKPOINT_URL=postgres)
    try:
        assert a.read() == {"ready": True} and b.read() == {"ready": True}
        # both processes answer at once, each starting a thread
        a.send(ask="How much does Gemma 3 4B cost for 2,000 requests a day?", owner="alice")
        b.send(ask="context window of qwen3.5 27b", owner="bob")
        first_a, first_b = a.read(), b.read()
        # each continues the other's thread: the follow-up needs the earlier turn's model
        b.send(ask="and at 10x the traffic?", thread=first_a["thread"], owner="alice")
        a.send(ask="how much does it cost?", thread=first_b["thread"], owner="bob")
        follow_a, follow_b = b.read(), a.read()
        assert follow_a["thread"] == first_a["thread"]
        cost = next(c for c in follow_a["calls"] if c["tool"] == "calculate_cost")
        assert cost["args"]["model"] == "Gemma 3 4B"
        assert cost["args"]["requests"] == 20_000
        assert follow_b["thread"] == first_b["thread"]
        # "how much does it cost?" with no traffic: the model's listed prices
        assert next(c for c in follow_b["calls"] if c["tool"] == "lookup_specs")[
            "args"]["model"] == "Qwen3.5 27B"
        # the thread list and the turns live in PostgreSQL too, with their owners
        a.send(threads="alice")
        listed = a.read()["threads"]
        assert [(t["thread_id"], t["turns"]) for t in listed] == [(first_a["thread"], 2)]
        b.send(threads="bob")
        assert [t["thread_id"] for t in b.read()["threads"]] == [first_b["thread"]]
    finally:
        a.close()
        b.close()
    assert not (tmp_path / "a" / "agent.sqlite").exists()


def _docs(folder: Path, files: int) -> Path:
    folder.mkdir()
    for n in range(files):
        body = "\n\n".join(f"## Part {k}\n\nNote {n}.{k} about model family {n % 7} and "
                           f"context windows of {k * 1000} tokens." for k in range(20))
        (folder / f"note-{n}.md").write_text(f"# Note {n}\n\n{body}\n", encoding="utf-8")
    return folder


def test_concurrent_ingests_into_a_chroma_server_leave_every_chunk_with_its_vector(
        chroma, tmp_path):
    from advisor.documents.embeddings import use_embedder
    from advisor.documents.store import open_store, reset_stores
    from advisor.documents.verify import check_index
    from tests.unit.documents.conftest import HashEmbedder

    docs = _docs(tmp_path / "docs", 60)
    procs = [subprocess.Popen([sys.executable, "-m", "tests.support.index_writer", "ingest",
                               str(tmp_path / f"data-{i}"), str(docs), "--wait",
                               f"--chroma={chroma}"], cwd=PROJECT_ROOT,
                              env=_env(tmp_path / f"data-{i}"), text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for i in range(2)]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err[-3000:]
        reports.append(json.loads(out.strip().splitlines()[-1]))
    total = reports[0]["chunks_total"]
    assert total == reports[1]["chunks_total"] >= 1200
    # the lease made one wait for the other, which then found everything written
    assert sorted(r["chunks_added"] for r in reports) == [0, total]

    use_settings(Settings(data_dir=tmp_path / "reader", chroma_url=chroma, _env_file=None))
    use_embedder(HashEmbedder())
    reset_stores()
    try:
        health = check_index(open_store(), full=True)
        assert health.ok and health.chunks == health.vectors == total
    finally:
        use_embedder(None)
        reset_stores()


def test_a_process_waiting_to_create_the_tables_holds_up_no_concurrent_index(postgres):
    """Two processes starting together: the second waits for the first's table setup.

    The checkpointer's setup builds indexes CONCURRENTLY, which wait for every open statement;
    a blocking advisory-lock wait was one, and two workers hung for good. The waiter polls, so
    a concurrent index build (here a probe on its own table) finishes while it waits.
    """
    import threading
    import time

    import psycopg

    from advisor.agent.threads import _SETUP_LOCK_KEY, PostgresThreads

    holder = psycopg.connect(postgres, autocommit=True)
    holder.execute("SELECT pg_advisory_lock(%s)", (_SETUP_LOCK_KEY,))
    made: dict[str, PostgresThreads] = {}
    waiter = threading.Thread(target=lambda: made.setdefault("store", PostgresThreads(postgres)))
    waiter.start()
    try:
        time.sleep(1.0)  # the second store is now waiting for the setup lock
        assert "store" not in made
        with psycopg.connect(postgres, autocommit=True) as other:
            other.execute("SET statement_timeout = '20s'")  # a hang fails the test, not CI
            other.execute("CREATE TABLE IF NOT EXISTS cic_probe (x int)")
            other.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS cic_probe_x ON cic_probe (x)")
    finally:
        holder.execute("SELECT pg_advisory_unlock(%s)", (_SETUP_LOCK_KEY,))
        holder.close()
        waiter.join(60)
    assert "store" in made
    made["store"].close()
