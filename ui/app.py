"""Model Advisor — the Streamlit chat. Run with ``streamlit run ui/app.py`` (or ``make run``).

Order of a run: the page first (it may answer a question, and writes the figures the answer
used into the workload fields), then the header and sidebar into the places kept for them
above, so they show the state after the answer without a second run.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run ui/app.py` puts only ui/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from ui import access, header, sidebar, state, warmup  # noqa: E402

ICON = ROOT / "ui" / "static" / "icon.png"  # local: no icon is fetched from a font host
# As a data URL, read once: a file path would be read and re-encoded on every rerun.
ICON_URL = "data:image/png;base64," + base64.b64encode(ICON.read_bytes()).decode("ascii")

st.set_page_config(page_title="Model Advisor", page_icon=ICON_URL, layout="wide",
                   initial_sidebar_state="auto")
access.gate()
if access.OWNER_PARAM not in st.query_params:  # a page switch clears the address: keep it
    st.query_params[access.OWNER_PARAM] = access.owner_id()
state.init()
header.bootstrap_index()
top = st.container()
pages = [
    st.Page(str(ROOT / "ui" / "page_chat.py"), title="Chat", icon=":material/chat:",
            default=True),
    st.Page(str(ROOT / "ui" / "page_compare.py"), title="Compare two models",
            icon=":material/compare_arrows:", url_path="compare"),
]
page = st.navigation(pages, position="top")
sidebar.prepare()
page.run()
with top:
    header.render()
sidebar.render()
warmup.render()  # the code of tables and charts, loaded while the page waits
