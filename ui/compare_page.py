"""Page script: the comparison view (see :mod:`ui.compare`)."""

from ui.compare import page

page()
