"""Reading and chunking: Markdown sections, length splits with overlap, HTML, PDF, bad files."""

from __future__ import annotations

import re
import zlib

import pytest

from advisor.documents.chunking import (
    INTRO,
    Document,
    DocumentSkipped,
    chunk_document,
    parse_document,
    read_path,
    sections,
    split_text,
)


def md(text: str, source: str = "doc.md") -> Document:
    return parse_document(text.encode(), source, ".md", "doc")


def test_front_matter_and_sections():
    doc = md("---\ntitle: Gemma 3\nfamily: Gemma 3\nmodels: [Gemma 3 4B, Gemma 3 12B]\n"
             "reviewed: 2026-11-23\n---\n\n# Gemma 3\n\nIntro words.\n\n## Context window\n\n"
             "128K tokens.\n\n### Output\n\n8,192 tokens.\n\n## Sources\n\n- a page\n")
    assert doc.title == "Gemma 3" and doc.family == "Gemma 3"
    assert doc.models == ("Gemma 3 4B", "Gemma 3 12B")
    chunks = chunk_document(doc)
    assert [(c.section, c.text) for c in chunks] == [
        (INTRO, "Intro words."),
        ("Context window", "128K tokens."),
        ("Context window › Output", "8,192 tokens."),
    ]  # the reference list (## Sources) is not indexed
    assert chunks[1].embed_text == "Gemma 3 — Context window\n128K tokens."


def test_title_falls_back_to_the_first_heading_then_the_file_name():
    assert md("# From Heading\n\ntext").title == "From Heading"
    assert md("just text").title == "doc"


def test_hash_lines_inside_code_fences_are_not_headings():
    body = "## Setup\n\n```bash\n# install it\npip install x\n```\n\n## Use\n\nrun it"
    assert [name for name, _ in sections(body)] == ["Setup", "Use"]
    assert "# install it" in sections(body)[0][1]


def test_long_text_is_split_within_the_limit_with_overlap():
    sentences = [f"Sentence number {i} says something about model {i % 7}." for i in range(60)]
    text = " ".join(sentences)
    pieces = split_text(text, max_chars=300, overlap=80)
    assert len(pieces) > 5
    assert all(len(p) <= 300 for p in pieces)
    for sentence in sentences:  # nothing is lost
        assert any(sentence in p for p in pieces)
    for before, after in zip(pieces, pieces[1:], strict=False):  # each piece repeats the
        first = re.split(r"(?<=\.) ", after)[0]  # last sentence of the one before
        assert first in before and len(first) <= 80


def test_an_overlong_word_is_cut_not_lost():
    text = "x" * 1000
    pieces = split_text(text, max_chars=200, overlap=0)
    assert "".join(pieces) == text and all(len(p) <= 200 for p in pieces)


def test_short_paragraphs_are_packed_and_tables_kept_together():
    table = "| a | b |\n|---|---|\n| 1 | 2 |"
    pieces = split_text(f"One.\n\nTwo.\n\n{table}", max_chars=500, overlap=50)
    assert pieces == [f"One.\n\nTwo.\n\n{table}"]


def test_html_keeps_text_and_headings_and_drops_scripts_and_styles():
    html = ("<html><head><title>Page Title</title><style>body{color:red}</style></head><body>"
            "<script>var secret = 1;</script><h2>Pricing</h2><p>It costs <b>$1</b> per "
            "million tokens.</p><noscript>enable js</noscript><h2>Limits</h2><p>8K context."
            "</p></body></html>")
    doc = parse_document(html.encode(), "page.html", ".html", "page")
    assert doc.title == "Page Title" and doc.kind == "html"
    chunks = chunk_document(doc)
    assert [c.section for c in chunks] == ["Pricing", "Limits"]
    assert "$1" in chunks[0].text and "million tokens" in chunks[0].text
    joined = " ".join(c.text for c in chunks)
    for hidden in ("secret", "color:red", "enable js"):
        assert hidden not in joined


def minimal_pdf(pages: list[str], compress: bool = False) -> bytes:
    """A tiny valid PDF with one line of Helvetica text per page."""
    objects: list[bytes] = []
    page_ids = [3 + 2 * i for i in range(len(pages))]
    font_id = 3 + 2 * len(pages)
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{p} 0 R" for p in page_ids).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages))
    for i, text in enumerate(pages):
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
        flate = b" /Filter /FlateDecode" if compress else b""
        stream = zlib.compress(stream) if compress else stream
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                       b"<< /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                       % (font_id, page_ids[i] + 1))
        objects.append(b"<< /Length %d" % len(stream) + flate + b" >>\nstream\n" + stream
                       + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def test_pdf_becomes_one_section_per_page():
    data = minimal_pdf(["Gemma 3 4B reads images.", "Qwen3.5 4B has 262K context."])
    doc = parse_document(data, "paper.pdf", ".pdf", "paper")
    chunks = chunk_document(doc)
    assert [(c.section, c.text) for c in chunks] == [
        ("Page 1", "Gemma 3 4B reads images."), ("Page 2", "Qwen3.5 4B has 262K context.")]
    assert doc.title == "paper"


def test_plain_text_is_one_untitled_section():
    doc = parse_document(b"Line one.\n\nLine two.", "notes.txt", ".txt", "notes")
    assert [(c.title, c.section) for c in chunk_document(doc)] == [("notes", INTRO)]


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("empty.md", b"", "empty file"),
    ("blank.md", b"  \n\n ", "no text to index"),
    ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary content"),
    ("latin1.txt", "café".encode("latin-1"), "not UTF-8"),
    ("broken.md", b"---\ntitle: [unclosed\n---\ntext", "malformed front matter"),
    ("open.md", b"---\ntitle: x\ntext without end", "never closed"),
    ("fake.pdf", b"hello, not a pdf", "not a PDF"),
    ("cut.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "unreadable PDF"),
])
def test_bad_files_raise_a_skip_naming_the_file(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentSkipped) as err:
        read_path(path, name, max_bytes=10_000)
    assert err.value.source == name and reason in err.value.reason
    assert str(err.value).startswith(f"{name}: ")


def test_oversized_file_is_skipped_before_reading(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"a" * 5000)
    with pytest.raises(DocumentSkipped, match="too large"):
        read_path(path, "big.md", max_bytes=1000)


def test_compressed_pdf_stream_is_read():
    """Real PDFs compress their content streams (FlateDecode)."""
    doc = parse_document(minimal_pdf(["Compressed words"], compress=True), "z.pdf", ".pdf", "z")
    assert "Compressed words" in doc.body
