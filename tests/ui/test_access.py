"""Who may open the chat and whose conversations it shows; the index build once per process."""

from __future__ import annotations

import pytest

from advisor.config import Settings, use_settings
from advisor.documents.ingest import IngestReport
from ui.access import AUTH_KEY, OWNER_KEY, exposure_warning

from .conftest import APP


@pytest.fixture
def bare_app(monkeypatch):
    """The app with a fake index build that draws its progress bar (no real index needed)."""
    from streamlit.testing.v1 import AppTest

    calls = []

    def fake_ensure_index(progress=None, **_):
        for done in (0, 32, 64):
            progress(done, 64, "Embedding chunks")
        calls.append(1)
        return IngestReport(sources=3, chunks_total=64)

    monkeypatch.setattr("advisor.documents.ensure_index", fake_ensure_index)

    def make():
        return AppTest.from_file(str(APP), default_timeout=120)

    make.calls = calls
    return make


def test_each_browser_gets_its_own_owner_id_kept_in_the_address(bare_app):
    first = bare_app()
    first.run()
    assert not first.exception
    owner = first.query_params["owner"]
    owner = owner[0] if isinstance(owner, list) else owner
    assert len(owner) >= 8 and first.session_state[OWNER_KEY] == owner
    second = bare_app()
    second.run()
    other = second.query_params["owner"]
    assert (other[0] if isinstance(other, list) else other) != owner

    back = bare_app()
    back.query_params["owner"] = owner  # a reload or a bookmark
    back.run()
    assert back.session_state[OWNER_KEY] == owner


def test_the_second_session_shows_the_index_ready_not_a_replay_error(bare_app):
    for _ in range(2):  # two browsers: the build's progress bar must not be replayed
        at = bare_app()
        at.run()
        assert not at.exception
        header = " ".join(c.value for c in at.caption)
        assert "unavailable" not in header and "CacheReplay" not in header
        assert "document index ready (64 passages from 3 sources)" in header
    assert bare_app.calls == [1]  # built once for the process


def test_a_shared_password_is_asked_before_the_chat(settings, bare_app):
    use_settings(Settings(**{**settings.model_dump(), "ui_password": "open sesame"},
                          _env_file=None))
    at = bare_app()
    at.run()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Password"] and not at.chat_input
    at.text_input[0].input("sesame")
    at.button[0].click().run()
    assert any("not the password" in e.value for e in at.error)
    at.text_input[0].input("open sesame")
    at.button[0].click().run()
    assert not at.exception and at.session_state[AUTH_KEY] is True
    assert "Password" not in [t.label for t in at.text_input]
    assert at.chat_input  # the chat is open


@pytest.mark.parametrize(("address", "password", "warned"), [
    ("127.0.0.1", False, False), ("localhost", False, False), ("::1", False, False),
    ("0.0.0.0", False, True), ("", False, True), ("10.1.2.3", False, True),
    ("0.0.0.0", True, False),
])
def test_a_server_reachable_from_other_machines_without_a_password_warns(address, password,
                                                                        warned):
    text = exposure_warning(address, password)
    assert (text is not None) == warned
    if text:
        assert "ADVISOR_UI_PASSWORD" in text
