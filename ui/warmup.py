"""Load the browser code of tables, charts and feedback while the page waits for a question.

Streamlit's page loads the code of most elements only when the first one is drawn: the table
grid, the Vega chart library and the thumbs widget arrive (about 50 files) after the first
answer is in, so a fresh page showed its first answer a few tenths of a second late. Once
the page is idle, :func:`render` has the browser import those modules itself; the answer's
elements then find them in the page's module map. Nothing leaves the machine: the files are
Streamlit's own, served by this server, found by name in the installed package (a version
without them warms nothing, and the page works as before).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import streamlit as st

# The lazily loaded modules an answer needs: tables, charts (Vega), thumbs, text inputs.
MODULES = ("DataFrame", "ArrowVegaLiteChart", "loadVegaEmbed", "embed", "vega-interpreter",
           "Feedback", "TextInput")
# Files fetched (into the browser's cache) beside them: the table's stylesheet, which its
# module waits for, and the code font of `code` spans.
ASSETS = (("css", "DataFrame.*.css"), ("media", "SourceCodeVF-Upright.ttf.*.woff2"))
DELAY_MS = 1000  # after the script is drawn; a reader takes longer to pick a question
KEY = "warmup"  # its container is hidden (header CSS): the script draws nothing
STATIC = Path(st.__file__).parent / "static" / "static"


@functools.cache
def module_files(static: Path = STATIC) -> tuple[str, ...]:
    """Paths (``js/<name>.<hash>.js``, from Streamlit's static folder) of :data:`MODULES`."""
    out: list[str] = []
    for name in MODULES:
        out += sorted(f"js/{p.name}" for p in (static / "js").glob(f"{name}.*.js")
                      if p.name.count(".") == 2)  # "embed.<hash>.js", not "embed.x.<hash>.js"
    return tuple(out)


@functools.cache
def asset_files(static: Path = STATIC) -> tuple[str, ...]:
    """Paths of :data:`ASSETS` in this Streamlit's static folder."""
    return tuple(sorted(f"{folder}/{p.name}" for folder, pattern in ASSETS
                        for p in (static / folder).glob(pattern)))


@functools.cache
def script(files: tuple[str, ...], assets: tuple[str, ...] = ()) -> str:
    """The page script that imports the modules ``files`` and fetches ``assets``.

    Paths are under Streamlit's static folder, found beside its entry module. It runs once per
    page, when the page is idle :data:`DELAY_MS` after the script is drawn.
    """
    return f"""<script>
(() => {{
  if (window.__advisorWarm) return;
  window.__advisorWarm = true;
  const entry = document.querySelector('script[type="module"][src*="static/js/"]');
  if (!entry) return;
  const at = (path) => new URL("../" + path, entry.src).href;
  const go = () => {{
    for (const path of {json.dumps(list(files))}) import(at(path)).catch(() => {{}});
    for (const path of {json.dumps(list(assets))}) fetch(at(path)).catch(() => {{}});
  }};
  // after the page has settled (its first draw must not wait for these), when idle
  const idle = () => (window.requestIdleCallback ? requestIdleCallback(go, {{ timeout: 1500 }})
                                                 : go());
  setTimeout(idle, {DELAY_MS});
}})();
</script>"""


def render() -> None:
    """The warm-up script, in a hidden container (the browser runs it once per page)."""
    files = module_files()
    if not files:
        return
    with st.container(key=KEY):
        st.html(script(files, asset_files()), unsafe_allow_javascript=True)
