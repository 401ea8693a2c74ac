"""Model Advisor — the Streamlit chat. Run with ``streamlit run ui/app.py`` (or ``make run``)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run ui/app.py` puts only ui/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from ui import access, header, sidebar, state  # noqa: E402

st.set_page_config(page_title="Model Advisor", page_icon=":material/explore:", layout="centered",
                   initial_sidebar_state="expanded")
access.gate()
state.init()
header.bootstrap_index()
sidebar.render()
header.render()
pages = [
    st.Page(str(ROOT / "ui" / "chat_page.py"), title="Chat", icon=":material/chat:",
            default=True),
    st.Page(str(ROOT / "ui" / "compare_page.py"), title="Compare two models",
            icon=":material/compare_arrows:"),
]
st.navigation(pages, position="top").run()
