"""Who may use the chat, and whose conversations a browser sees.

- **Owner id**: every browser gets a random owner id, kept in the page address
  (``?owner=…``: a reload or a bookmark keeps it). Threads are stored with their owner, and the
  sidebar lists only this owner's; conversations of the CLI and MCP (no owner) never appear.
  Whoever has the address has the conversations: share it only with yourself.
- **Shared password** (``ADVISOR_UI_PASSWORD``): when set, the chat asks for it once per
  browser session before anything else runs.
- **Exposure**: a server bound to anything but the loopback address, with no password, shows a
  warning.

Call :func:`gate` first thing in the app script; pass :func:`owner_id` to the backend.
"""

from __future__ import annotations

import hmac
import re
import threading
import uuid
from collections.abc import Callable
from typing import Any

import streamlit as st

from advisor.config import get_settings

OWNER_PARAM = "owner"
OWNER_KEY = "advisor_owner"
AUTH_KEY = "advisor_authenticated"
_OWNER_SHAPE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
LOCAL_ADDRESSES = {"127.0.0.1", "localhost", "::1"}


def owner_id() -> str:
    """This browser's owner id: from the address, else a new one written into it."""
    known = st.session_state.get(OWNER_KEY)
    if isinstance(known, str):
        return known
    given = st.query_params.get(OWNER_PARAM)
    owner = given if isinstance(given, str) and _OWNER_SHAPE.match(given) else None
    if owner is None:
        owner = uuid.uuid4().hex
        st.query_params[OWNER_PARAM] = owner
    st.session_state[OWNER_KEY] = owner
    return owner


def gate() -> None:
    """Ask for the shared password when one is set (stopping the script until it is given),
    warn when the server is reachable from other machines without one, and fix the owner id.
    """
    password = get_settings().ui_password
    if password and not st.session_state.get(AUTH_KEY):
        _login(password)
    owner = owner_id()
    if st.query_params.get(OWNER_PARAM) != owner:  # a page switch dropped it: put it back
        st.query_params[OWNER_PARAM] = owner
    warning = exposure_warning(_bound_address(), bool(password))
    if warning:
        st.warning(warning, icon=":material/public:")


def _login(password: str) -> None:
    st.title(":material/lock: Model Advisor", anchor=False)
    with st.form("advisor-login"):
        given = st.text_input("Password", type="password",
                              help="The shared password of this Model Advisor server.")
        sent = st.form_submit_button("Open the chat")
    if sent and hmac.compare_digest(given.encode(), password.encode()):
        st.session_state[AUTH_KEY] = True
        st.rerun()
    if sent:
        st.error("That is not the password of this server.", icon=":material/error:")
    st.stop()


def _bound_address() -> str:
    try:
        return str(st.get_option("server.address") or "")
    except Exception:  # an option Streamlit does not know: assume the default
        return ""


def exposure_warning(address: str, has_password: bool) -> str | None:
    """The warning for a server bound to ``address`` (``""``: Streamlit's default, all)."""
    if address in LOCAL_ADDRESSES:
        return None
    where = f"address {address}" if address else "every network interface"
    if has_password:
        return None
    return (f"This chat is served on {where} with no password: anyone who can reach this "
            "machine can use it. Set ADVISOR_UI_PASSWORD, or run it on 127.0.0.1 "
            "(`make run` does unless ADDRESS is set).")


# --- the first-start index build, once per process ------------------------------------------------
_built: dict[str, Any] = {}
_build_lock = threading.Lock()


def once_per_process(key: str, build: Callable[[], Any]) -> Any:
    """``build()`` the first time ``key`` is asked for in this process; its result after.

    Unlike ``st.cache_resource`` nothing Streamlit draws inside ``build`` is recorded for
    replay, so a progress bar drawn by the first session never breaks the next one
    (``CacheReplayClosureError``). A failure is not remembered: the next session tries again.
    Sessions that arrive while the first builds wait for it.
    """
    with _build_lock:
        if key not in _built:
            _built[key] = build()
        return _built[key]
