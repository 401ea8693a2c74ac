"""The conversation list and the thread in the URL, through AppTest (real agent service)."""

from __future__ import annotations

from advisor.agent import service
from ui import threads
from ui.threads import PAGE_SIZE


def _thread_buttons(at):
    return [b for b in at.sidebar.button if b.key.startswith("thread_")]


OWNER = "browser-owner-0001"  # this test browser's owner id (kept in the address)


def _ask(question, thread_id=None, owner=OWNER):
    return service.ask(question, thread_id=thread_id, owner=owner).thread_id


def _run(app):
    app.query_params["owner"] = OWNER
    return app.run()


def test_same_first_question_gets_distinct_labels_with_dates(app):
    a = _ask("What is the context window of Gemma 3 4B?")
    b = _ask("What is the context window of Gemma 3 4B?")
    at = _run(app)
    labels = {btn.key: btn.label for btn in _thread_buttons(at)}
    assert len(set(labels.values())) == 2
    for tid in (a, b):
        summary = next(t for t in service.list_threads() if t.thread_id == tid)
        assert threads.when(summary.updated_at) in labels[f"thread_{tid}"]
    assert any(" (2) · " in label for label in labels.values())


def test_search_pages_and_open(app):
    ids = [_ask(f"How much does Gemma {n} cost?") for n in ("2 2B", "3 4B")]
    ids += [_ask(f"What is the context window of model number {i}?")
            for i in range(PAGE_SIZE + 1)]
    at = _run(app)
    assert "Conversations (11)" in [e.label for e in at.sidebar.expander]
    assert len(_thread_buttons(at)) == PAGE_SIZE  # older ones on the next page
    at.button(key="threads_next").click().run()
    assert len(_thread_buttons(at)) == 11 - PAGE_SIZE
    at.text_input(key=threads.SEARCH).input("gemma COST").run()
    found = {b.key for b in _thread_buttons(at)}
    assert found == {f"thread_{t}" for t in ids[:2]}
    at.button(key=f"thread_{ids[0]}").click().run()
    assert not at.exception
    assert at.session_state["thread_id"] == ids[0]
    assert at.query_params["thread"] == ids[0]
    assert at.chat_message[0].markdown[0].value == "How much does Gemma 2 2B cost?"


def test_rename_and_delete_the_open_conversation(app):
    tid = _ask("Compare Gemma 2 2B and Qwen3.5 4B")
    keep = _ask("How much does Gemma 2 2B cost?")
    at = _run(app)
    at.button(key=f"thread_{tid}").click().run()
    at.text_input(key=f"rename_{tid}").input("Small models for the kiosk").run()
    at.button(key="rename_thread").click().run()
    assert not at.exception
    label = at.button(key=f"thread_{tid}").label
    assert label.startswith("Small models for the kiosk")
    assert service.thread_titles()[tid] == "Small models for the kiosk"
    at.button(key="delete_thread").click().run()
    assert not at.exception
    assert at.session_state["thread_id"] is None
    assert "thread" not in at.query_params
    keys = {b.key for b in _thread_buttons(at)}
    assert keys == {f"thread_{keep}"}
    assert service.thread_turns(tid) == []


def test_the_thread_in_the_url_opens_the_conversation(app):
    tid = _ask("What is the context window of Gemma 3 4B?")
    _ask("And its price per million tokens?", thread_id=tid)
    app.query_params["thread"] = tid
    at = _run(app)
    assert not at.exception
    questions = [m.markdown[0].value for m in at.chat_message if m.name == "user"]
    assert questions == ["What is the context window of Gemma 3 4B?",
                         "And its price per million tokens?"]
    assert not [b for b in at.button if b.key.startswith("starter_")]


def test_an_unknown_thread_in_the_url_says_so_and_opens_a_new_chat(app):
    app.query_params["thread"] = "0" * 32
    at = _run(app)
    assert not at.exception
    assert "not found" in at.info[0].value
    assert "thread" not in at.query_params
    assert any(b.key == "starter_0" for b in at.button)


def test_feedback_is_stored_with_the_turn_and_shown_again(app):
    at = _run(app)
    at.chat_input[0].set_value("What is the context window of Gemma 3 4B?").run()
    tid = at.session_state["thread_id"]
    at.feedback[0].set_value(0).run()
    assert not at.exception
    assert service.thread_feedback(tid) == {0: 0}
    at.button(key="new_chat").click().run()
    at.button(key=f"thread_{tid}").click().run()
    assert at.feedback[0].value == 0


def test_another_browsers_conversation_is_neither_listed_nor_opened_by_its_link(app):
    theirs = _ask("What is the context window of Gemma 3 4B?", owner="another-owner-42")
    app.query_params["thread"] = theirs
    at = _run(app)
    assert not at.exception
    assert not _thread_buttons(at)
    assert "not found" in at.info[0].value
