"""Page script for ``st.navigation``: the chat (body in :mod:`ui.conversation`)."""

from ui.conversation import page

page()
