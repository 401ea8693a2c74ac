"""One writer at a time per index; readers see other processes' writes; damage is repaired.

The second writers here are real processes (tests/support/index_writer.py): the lost-vector
fault only happens between processes, each with its own Chroma client.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from advisor.config import PROJECT_ROOT
from advisor.documents.ingest import ingest, source_name
from advisor.documents.locking import IndexBusyError, bump_generation
from advisor.documents.store import open_store
from advisor.documents.verify import check_index, row_ids, vector_ids
from tests.support.damage import lose_vectors


def writer(mode: str, data_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    env = {k: v for k, v in env.items() if not k.startswith("ADVISOR_")}
    return subprocess.Popen([sys.executable, "-m", "tests.support.index_writer", mode,
                             str(data_dir), *args], cwd=PROJECT_ROOT, env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def expect_line(proc: subprocess.Popen[str], word: str) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if line != word:
        proc.kill()
        err = proc.stderr.read() if proc.stderr else ""
        pytest.fail(f"writer said {line!r}, not {word!r}: {err}")


@pytest.fixture
def holder(settings):
    """Another process holding the index's write lock (released when the test ends)."""
    proc = writer("hold", settings.data_dir, "a rebuild by the test")
    expect_line(proc, "held")
    yield proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_a_second_writer_is_refused_with_a_message_naming_the_first(corpus, fake_embedder,
                                                                      holder):
    with pytest.raises(IndexBusyError) as err:
        ingest([corpus])
    text = str(err.value)
    assert "a rebuild by the test" in text and f"pid {holder.pid}" in text
    assert "--wait" in text
    assert fake_embedder.calls == 0  # nothing was embedded or written


def test_a_waiting_writer_says_so_and_runs_when_the_first_finishes(corpus, fake_embedder,
                                                                    holder):
    notes: list[str] = []
    done: dict[str, object] = {}

    def run() -> None:
        done["report"] = ingest([corpus], wait=True,
                                progress=lambda d, t, what: notes.append(what))

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 30
    while not any(n.startswith("Waiting for") for n in notes) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert thread.is_alive() and "report" not in done
    assert any("a rebuild by the test" in n for n in notes)
    assert holder.stdin is not None
    holder.stdin.close()  # the holder finishes
    thread.join(timeout=60)
    report = done["report"]
    assert report.chunks_added == report.chunks_total == open_store().count() > 0


def test_a_killed_writer_never_leaves_the_index_locked(corpus, fake_embedder, holder):
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    report = ingest([corpus])
    assert report.chunks_added == report.chunks_total > 0


def test_readers_take_no_lock(corpus, fake_embedder, holder):
    from advisor.tools.documents import search_documents

    # an index built before the holder came along is searchable while it writes
    holder.stdin.close()
    holder.wait()
    ingest([corpus])
    again = writer("hold", Path(open_store().data_dir), "another rebuild")
    expect_line(again, "held")
    try:
        hits = search_documents("Gemma 3 4B memory at 4-bit", k=3).hits
        assert hits
    finally:
        again.kill()
        again.wait()


def test_a_store_opened_before_another_process_wrote_sees_its_chunks(settings, corpus,
                                                                      fake_embedder):
    before = open_store()
    assert before.count() == 0
    proc = writer("ingest", settings.data_dir, str(corpus))
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    written = json.loads(out.strip().splitlines()[-1])["chunks_total"]
    after = open_store()
    assert after.count() == written > 0
    assert vector_ids(after, written) == row_ids(after)  # vectors too, not only rows


def many_docs(folder: Path, files: int = 60) -> Path:
    """About 20 chunks per file: 1,200 by default, enough for Chroma to flush its vectors."""
    folder.mkdir()
    for n in range(files):
        sections = "\n\n".join(f"## Part {k}\n\nNote {n}.{k} about model family {n % 7} and "
                               f"context windows of {k * 1000} tokens." for k in range(20))
        (folder / f"note-{n}.md").write_text(f"# Note {n}\n\n{sections}\n", encoding="utf-8")
    return folder


def test_concurrent_ingests_leave_every_chunk_with_its_vector(settings, tmp_path,
                                                              fake_embedder):
    docs = many_docs(tmp_path / "many")
    procs = [writer("ingest", settings.data_dir, str(docs), "--wait") for _ in range(2)]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    # one did the work, the other waited and found it done
    assert sorted(r["chunks_added"] for r in reports) == [0, reports[0]["chunks_total"]], reports
    health = check_index(open_store(), full=True)
    assert health.ok and health.chunks == reports[0]["chunks_total"] >= 1200


def test_a_chunk_the_approximate_query_misses_is_not_called_damaged(settings, corpus,
                                                                    fake_embedder, monkeypatch):
    """The nearest-neighbour sweep can skip a node; reading its vector settles it."""
    import advisor.documents.verify as verify

    ingest([corpus])
    store = open_store()
    every = row_ids(store)
    skipped = sorted(every)[:2]
    real = verify.vector_ids
    monkeypatch.setattr(verify, "vector_ids",
                        lambda s, n: real(s, n) - set(skipped))
    assert check_index(store).ok
    report = ingest([corpus])
    assert (report.chunks_added, report.repaired) == (0, 0)
    lose_vectors(store, skipped[:1])  # a vector really gone is still found
    bump_generation(store.data_dir)
    health = check_index(open_store())
    assert health.missing_vectors == skipped[:1]


def damage(ids: list[str]) -> None:
    store = open_store()
    lose_vectors(store, ids)
    bump_generation(store.data_dir)  # as a writer would: readers reopen and see the damage


def test_lost_vectors_are_found_and_repaired_by_the_next_ingest(settings, corpus, tmp_path,
                                                                fake_embedder):
    other = tmp_path / "other"
    other.mkdir()
    (other / "extra.md").write_text("# Extra\n\n## One\n\nA note on Qwen3.5 4B licensing.\n\n"
                                    "## Two\n\nA note on Gemma 3 4B hardware.\n",
                                    encoding="utf-8")
    ingest([corpus])
    ingest([other])
    by_source = open_store().ids_by_source()
    gemma = sorted(by_source[source_name(corpus / "gemma-notes.md")])
    extra = sorted(by_source[source_name(other / "extra.md")])
    damage(gemma[:2] + extra[:1])
    health = check_index(open_store())
    assert set(health.missing_vectors) == {*gemma[:2], *extra[:1]}
    assert health.chunks == sum(len(v) for v in by_source.values())

    # the next ingest of the corpus finds it: the damaged file is changed, never "unchanged"
    calls = fake_embedder.calls
    report = ingest([corpus])
    assert report.changed == 1 and report.unchanged == 2
    assert report.chunks_added == 2 and report.repaired == 2
    assert fake_embedder.calls > calls
    assert report.damaged_elsewhere == 1
    text = report.to_markdown()
    assert "3 chunks without a vector" in text and "--verify" in text
    assert set(check_index(open_store()).missing_vectors) == set(extra[:1])

    # --verify repairs sources outside the run too, then the index is sound
    verified = ingest([corpus], verify=True)
    assert verified.repaired == 1 and verified.damaged_elsewhere == 0
    final = check_index(open_store(), full=True)
    assert final.ok and final.chunks == health.chunks
    again = ingest([corpus], verify=True)
    assert again.repaired == 0 and again.wrote == 0
    assert "every chunk has its vector and metadata" in again.to_markdown()


def test_chunks_of_a_deleted_file_that_lost_their_vectors_are_removed(settings, corpus,
                                                                      tmp_path,
                                                                      fake_embedder):
    other = tmp_path / "other"
    other.mkdir()
    (other / "gone.md").write_text("# Gone\n\n## Only\n\nSoon deleted.\n", encoding="utf-8")
    ingest([corpus, other])
    gone = sorted(open_store().ids_by_source()[source_name(other / "gone.md")])
    damage(gone)
    (other / "gone.md").unlink()
    report = ingest([corpus], verify=True)
    assert report.repaired == len(gone)
    assert not set(gone) & row_ids(open_store())
    assert check_index(open_store(), full=True).ok


def test_cli_ingest_refuses_or_waits_and_verifies(settings, corpus, fake_embedder, holder):
    from typer.testing import CliRunner

    from advisor.cli import app

    busy = CliRunner().invoke(app, ["ingest", str(corpus)])
    assert busy.exit_code == 2
    assert "a rebuild by the test" in busy.output and "--wait" in busy.output
    holder.stdin.close()
    holder.wait()
    ok = CliRunner().invoke(app, ["ingest", str(corpus), "--wait", "--verify"])
    assert ok.exit_code == 0, ok.output
    assert "every chunk has its vector and metadata" in ok.output


OPEN_AND_COUNT = """
import os, sys, time
from advisor.config import Settings, use_settings
use_settings(Settings(data_dir=sys.argv[1], _env_file=None))
from advisor.documents import store
go = float(sys.argv[2])
time.sleep(max(0.0, go - time.time()))  # every process opens the new directory at once
client, _ = store._client(None)
print(len(client.list_collections()))
"""


def test_processes_opening_a_new_index_at_once_all_succeed(tmp_path) -> None:
    """Chroma creates a new directory's tables on first open; eight processes opening it in the
    same instant must not race ("table collections already exists"), three times over (without
    the lock, eight processes raced on the first round here)."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    for round_ in range(3):
        data = tmp_path / f"fresh-{round_}"
        go = time.time() + 8.0  # after every interpreter has imported chromadb
        procs = [subprocess.Popen([sys.executable, "-c", OPEN_AND_COUNT, str(data), str(go)],
                                  env=env, cwd=PROJECT_ROOT, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(8)]
        for proc in procs:
            out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err[-2000:]
            assert out.strip() == "0"
