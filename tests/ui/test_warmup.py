"""The page's warm-up of Streamlit's lazily loaded element code (tables, charts, thumbs)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ui import warmup


def _listed(script: str) -> list[list[str]]:
    return [json.loads(found) for found in re.findall(r"of (\[[^\]]*\])\)", script)]


def test_every_module_is_found_in_the_installed_streamlit() -> None:
    files = warmup.module_files()
    names = {Path(f).name.split(".")[0] for f in files}
    # a Streamlit upgrade that renames these chunks makes the warm-up a no-op: say so here
    assert names == set(warmup.MODULES), f"not found: {set(warmup.MODULES) - names}"
    assert all((warmup.STATIC / f).is_file() for f in files)
    assert all((warmup.STATIC / f).is_file() for f in warmup.asset_files())
    assert {Path(f).parent.name for f in warmup.asset_files()} == {"css", "media"}


def test_only_the_chunk_itself_is_taken_not_a_longer_name(tmp_path: Path) -> None:
    js = tmp_path / "js"
    js.mkdir()
    for name in ("embed.AbC12.js", "embed.esm.Xy9.js", "embedded.Q1.js", "DataFrame.-f9.js",
                 "DataFrame.-f9.js.map"):
        (js / name).write_text("")
    warmup.module_files.cache_clear()
    try:
        assert warmup.module_files(tmp_path) == ("js/DataFrame.-f9.js", "js/embed.AbC12.js")
    finally:
        warmup.module_files.cache_clear()


def test_script_imports_the_modules_and_fetches_the_assets_once_per_page() -> None:
    text = warmup.script(("js/DataFrame.x.js", "js/Feedback.y.js"), ("css/DataFrame.z.css",))
    assert _listed(text) == [["js/DataFrame.x.js", "js/Feedback.y.js"], ["css/DataFrame.z.css"]]
    assert "import(at(path))" in text and "fetch(at(path))" in text
    assert "window.__advisorWarm" in text  # a rerun redrawing it does not import again
    assert "requestIdleCallback" in text  # after the page has drawn, not during
    assert f"setTimeout(idle, {warmup.DELAY_MS})" in text
    assert "http" not in text  # paths beside Streamlit's own entry module: nothing external


def test_missing_modules_draw_nothing(monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    def page() -> None:
        from ui import warmup

        warmup.render()

    at = AppTest.from_function(page).run()
    assert any("__advisorWarm" in h.proto.body for h in at.get("html"))
    monkeypatch.setattr(warmup, "module_files", lambda: ())
    at = AppTest.from_function(page).run()
    assert not at.get("html")
