"""Page script for ``st.navigation``: two models compared (body in :mod:`ui.comparison`)."""

from ui.comparison import page

page()
