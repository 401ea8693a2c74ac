"""Untrusted documents: origins, labels, hidden HTML, images, invented models, disagreements."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.catalog import get_catalog
from advisor.config import PROJECT_ROOT
from advisor.documents.cards import CARD_PREFIX
from advisor.documents.chunking import parse_document
from advisor.documents.ingest import collect_files, ingest, source_name
from advisor.documents.store import open_store
from advisor.documents.trust import neutralize_images, origin_of
from advisor.tools.documents import DocumentHit, search_documents

FAST = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
SECRET = "ZZSECRETZZ"
HIDING = [
    '<p hidden>{s}</p>', '<div style="display:none">{s}</div>',
    '<div style="color: red ; DISPLAY : NONE">{s}</div>',
    '<span style="visibility:hidden">{s}</span>',
    '<div aria-hidden="true"><p>{s}</p></div>', '<textarea>{s}</textarea>',
    '<select><option>{s}</option></select>', '<input type="text" value="{s}">',
    '<input type="hidden" value="{s}">', '<div style="opacity:0">{s}</div>',
    '<p style="font-size:0">{s}</p>', '<button>{s}</button>', '<template>{s}</template>',
]


def _body(html: str) -> str:
    return parse_document(html.encode(), "page.html", ".html", "page").body


@pytest.mark.parametrize("hiding", HIDING)
def test_hidden_html_text_is_not_indexed(hiding: str) -> None:
    body = _body(f"<html><body><h2>Prices</h2><p>Visible words.</p>{hiding.format(s=SECRET)}"
                 "<p>More visible words.</p></body></html>")
    assert SECRET not in body
    assert "Visible words." in body and "More visible words." in body


@FAST
@given(hiding=st.sampled_from(HIDING), depth=st.integers(0, 3),
       words=st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=20))
def test_hidden_text_is_dropped_however_deep(hiding: str, depth: int, words: str) -> None:
    inner = hiding.format(s=f"{SECRET} {words}")
    html = "<div>" * depth + inner + "</div>" * depth
    assert SECRET not in _body(f"<html><body><p>Shown {words}.</p>{html}</body></html>")


def test_images_become_alt_text_with_the_link_shown() -> None:
    body = _body('<p>See <img src="https://tracker.example/pixel.gif" alt="sales chart"> '
                 'here.</p>')
    assert "(image: sales chart — https://tracker.example/pixel.gif)" in body
    md = parse_document(b"## A\n\nLook ![beacon](https://evil.example/b.png 'x') and "
                        b"<IMG SRC=\"http://evil.example/c.gif\"> now.\n", "a.md", ".md", "a")
    assert "(image: beacon — https://evil.example/b.png)" in md.body
    assert "(image: no description — http://evil.example/c.gif)" in md.body
    assert "![" not in md.body and "<img" not in md.body.lower()


@FAST
@given(alt=st.text(st.characters(blacklist_characters="]\n"), max_size=30),
       url=st.from_regex(r"https?://[a-z]{1,10}\.example/[a-z0-9]{0,10}\.png", fullmatch=True),
       before=st.text(max_size=30), after=st.text(max_size=30))
def test_no_markdown_image_survives(alt: str, url: str, before: str, after: str) -> None:
    text = neutralize_images(f"{before}![{alt}]({url}){after}")
    assert f"]({url})" not in text.replace(f"— {url})", "")
    assert url in text  # the link is shown, as words


def test_every_chunk_records_its_origin(tmp_path: Path, fake_embedder) -> None:
    mine = tmp_path / "notes.md"
    mine.write_text("# Notes\n\n## Pricing\n\nGemma 3 4B is free everywhere.\n")
    project = PROJECT_ROOT / "knowledge" / "docs" / "gemma-3.md"
    ingest([mine, project], cards=["Gemma 3 4B"])
    stored = open_store().collection.get(include=["metadatas"])["metadatas"]
    by_source = {m["source"]: m["origin"] for m in stored}
    assert by_source[source_name(mine)] == "user"
    assert by_source[source_name(project)] == "project"
    assert {o for s, o in by_source.items() if s.startswith(CARD_PREFIX)} == {"catalog"}
    assert origin_of("knowledge/docs/../../etc/x.md") == "user"  # no path trick promotes a file


def test_a_user_model_card_never_outranks_the_catalog_card(tmp_path: Path,
                                                           fake_embedder) -> None:
    fake = tmp_path / "card.md"
    fake.write_text("---\ntitle: Gemma 3 4B\nmodels: [Gemma 3 4B]\n---\n\n## Model card\n\n"
                    "Gemma 3 4B model card: Gemma 3 4B costs nothing and has a 10M context.\n")
    ingest([fake], cards=["Gemma 3 4B"])
    result = search_documents("Gemma 3 4B model card", k=5)
    origins = [h.origin for h in result.hits]
    assert origins[0] == "catalog" and "user" in origins
    assert origins == sorted(origins, key=lambda o: o == "user")
    user = next(h for h in result.hits if h.origin == "user")
    assert user.kind == "markdown" and user.citation.startswith("your document ")
    markdown = result.to_markdown()
    assert markdown.index("What your documents say") > markdown.index("model cards say")
    assert "your document says" in markdown


def test_a_contradicting_figure_is_a_disagreement(tmp_path: Path, fake_embedder) -> None:
    model = get_catalog().resolve("Gemma 3 4B")
    listed = {p for r in model.routes if r.prices for p in (r.prices.input, r.prices.output)
              if p is not None}
    assert 7.77 not in listed
    doc = tmp_path / "claims.md"
    doc.write_text("## Price\n\nGemma 3 4B now costs $7.77 per million input tokens.\n")
    ingest([doc])
    hit = search_documents("Gemma 3 4B price", k=1).hits[0]
    assert hit.origin == "user" and hit.disagreements
    assert "$7.77" in hit.disagreements[0] and "catalog's value is the one used" in \
        hit.disagreements[0]
    assert "⚠" in search_documents("Gemma 3 4B price", k=1).to_markdown()


def test_a_figure_the_catalog_agrees_with_is_no_disagreement() -> None:
    model = get_catalog().resolve("Gemma 3 4B")
    price = next(r.prices.input for r in model.routes if r.prices and r.prices.input)
    hit = DocumentHit(text=f"Gemma 3 4B costs ${price:g} per million input tokens.",
                      source="/tmp/x.md", title="x", section="s", score=1.0)
    assert hit.origin == "user"  # a hit built without an origin is a user's
    from advisor.tools.documents import _disagreements

    meta = {"source": "/tmp/x.md", "model_keys": [model.key]}
    assert _disagreements(hit.text, meta, "user") == []


def test_a_named_file_without_a_document_suffix_is_refused(tmp_path: Path) -> None:
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0:root:/root:/bin/bash\n")
    files, skipped, _ = collect_files([passwd])
    assert files == [] and "not a document (no suffix)" in skipped[0].reason
