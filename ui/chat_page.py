"""Page script: the chat (see :mod:`ui.chat`)."""

from ui.chat import page

page()
