"""Conversations belong to who started them: a browser lists only its own, never the CLI's."""

from __future__ import annotations

import sqlite3

import pytest

from advisor.agent import service
from advisor.agent.threads import DB_FILE

pytestmark = pytest.mark.usefixtures("fake_documents")  # no real index is built


def test_each_owner_lists_and_replays_only_its_own_threads() -> None:
    alice = service.ask("context window of gemma 3 4b", owner="alice-browser")
    bob = service.ask("How much does Qwen3.5 27B cost?", owner="bob-browser")
    cli = service.ask("context window of qwen3.5 4b")  # the CLI and MCP ask with no owner
    assert [t.thread_id for t in service.list_threads(owner="alice-browser")] \
        == [alice.thread_id]
    assert [t.thread_id for t in service.list_threads(owner="bob-browser")] == [bob.thread_id]
    assert [t.thread_id for t in service.list_threads(owner="")] == [cli.thread_id]
    assert {t.thread_id for t in service.list_threads()} \
        == {alice.thread_id, bob.thread_id, cli.thread_id}
    assert [t.question for t in service.thread_turns(alice.thread_id, owner="alice-browser")] \
        == [alice.question]
    assert service.thread_turns(alice.thread_id, owner="bob-browser") == []
    assert service.thread_turns(cli.thread_id, owner="alice-browser") == []


def test_a_thread_of_another_owner_is_not_continued() -> None:
    alice = service.ask("context window of gemma 3 4b", owner="alice-browser")
    follow = service.ask("how much does it cost?", thread_id=alice.thread_id, owner="mallory")
    assert follow.thread_id != alice.thread_id
    # mallory's turn knew nothing of alice's conversation ("it" has no model to refer to)
    assert all(c.args.get("model") != "Gemma 3 4B" for c in follow.tool_calls)
    assert len(service.thread_turns(alice.thread_id)) == 1
    own = service.ask("how much does it cost?", thread_id=alice.thread_id,
                      owner="alice-browser")
    assert own.thread_id == alice.thread_id
    assert [t.turns for t in service.list_threads(owner="alice-browser")] == [2]


def test_a_conversation_file_from_before_owners_is_upgraded(settings) -> None:
    path = settings.resolved_data_dir / DB_FILE
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE advisor_turns (thread_id TEXT NOT NULL, turn INTEGER NOT "
                     "NULL, question TEXT NOT NULL, answer TEXT NOT NULL, created_at TEXT NOT "
                     "NULL, PRIMARY KEY (thread_id, turn))")
        old = service.AgentAnswer(thread_id="old", question="an old question", answer="yes",
                                  planner="offline")
        conn.execute("INSERT INTO advisor_turns VALUES ('old', 0, 'an old question', ?, "
                     "'2026-01-01T00:00:00+00:00')", (old.model_dump_json(),))
    service.reset()
    assert [t.thread_id for t in service.list_threads(owner="")] == ["old"]
    assert service.list_threads(owner="a-browser") == []
    new = service.ask("context window of gemma 3 4b", owner="a-browser")
    assert [t.thread_id for t in service.list_threads(owner="a-browser")] == [new.thread_id]
