"""Reading documents (Markdown, plain text, HTML, PDF) and cutting them into chunks.

Markdown is cut at its headings first: every ``##`` section is a unit, and a section longer than
``max_chars`` is split at paragraph, then sentence, then word boundaries, each piece overlapping
the one before by about ``overlap`` characters. HTML is reduced to its visible text (scripts and
styles dropped) with its headings kept as Markdown headings; a PDF becomes one section per page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from advisor.catalog.yamlfile import load_yaml
from advisor.documents.trust import image_text, neutralize_images

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".rst"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES | PDF_SUFFIXES

MAX_CHARS = 1000
OVERLAP = 200
INTRO = "Introduction"
# Reference lists are citations, not prose to retrieve (the front matter keeps the sources):
# indexed, they crowd real answers out of the top results for any question naming a model.
REFERENCE_SECTIONS = frozenset({"sources", "references", "bibliography"})

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'*])")
# Text a browser does not show as reading matter: code, embedded frames and form controls
# (a <textarea> or <option> can hold any amount of text no reader ever sees).
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
              "textarea", "option", "select", "input", "button", "datalist", "canvas", "map")
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|"
                           r"opacity\s*:\s*0(?:\.0*)?\s*(?:;|$)|font-size\s*:\s*0(?:px|em|rem|%)?"
                           r"\s*(?:;|$))", re.IGNORECASE)


class DocumentSkipped(Exception):  # noqa: N818 - a skip is an outcome, not a failure
    """A file that cannot be ingested; the message says why, for a person."""

    def __init__(self, source: str, reason: str) -> None:
        self.source, self.reason = source, reason
        super().__init__(f"{source}: {reason}")


@dataclass(frozen=True)
class Document:
    """A readable document: its text as Markdown-like sections plus front-matter facts."""

    source: str
    title: str
    body: str
    kind: str
    family: str | None = None
    models: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Chunk:
    """One piece of a document, the unit that is embedded and retrieved."""

    text: str
    title: str
    section: str

    @property
    def heading(self) -> str:
        """``Title — Section``: where the chunk sits, embedded on its own as well."""
        return self.title if not self.section else f"{self.title} — {self.section}"

    @property
    def embed_text(self) -> str:
        """What is embedded: the text prefixed with its heading."""
        return f"{self.heading}\n{self.text}" if self.heading else self.text


# --- reading -----------------------------------------------------------------------------------
def decode_text(data: bytes, source: str) -> str:
    """Bytes of a text file as a string; binary or non-UTF-8 content raises DocumentSkipped."""
    if b"\x00" in data[:8192]:
        raise DocumentSkipped(source, "binary content (NUL bytes), not a text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentSkipped(
            source, f"not UTF-8 text (undecodable byte at offset {exc.start}); binary?") from exc


def parse_document(data: bytes, source: str, suffix: str, stem: str) -> Document:
    """Turn a file's bytes into a :class:`Document` according to its suffix."""
    suffix = suffix.lower()
    if suffix in PDF_SUFFIXES:
        return _pdf(data, source, stem)
    text = decode_text(data, source)
    if suffix in HTML_SUFFIXES:
        return _html(text, source, stem)
    if suffix in MARKDOWN_SUFFIXES:
        return _markdown(text, source, stem)
    return Document(source=source, title=stem, body=neutralize_images(text).strip(), kind="text")


def _markdown(text: str, source: str, stem: str) -> Document:
    meta, body = split_front_matter(text, source)
    title = str(meta.get("title") or _first_h1(body) or stem)
    models = meta.get("models") or []
    if not isinstance(models, list) or not all(isinstance(m, str | int | float) for m in models):
        raise DocumentSkipped(source, "front matter 'models' must be a list of model names")
    family = meta.get("family")
    return Document(source=source, title=title, body=neutralize_images(body).strip(),
                    kind="markdown",
                    family=str(family) if family else None,
                    models=tuple(str(m) for m in models), meta=meta)


def split_front_matter(text: str, source: str) -> tuple[dict[str, Any], str]:
    """YAML front matter between ``---`` lines at the top, and the body after it."""
    if not text.startswith("---"):
        return {}, text
    lines = text.splitlines(keepends=True)
    if lines[0].strip() != "---":
        return {}, text
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            try:
                meta = load_yaml("".join(lines[1:i])) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f" (line {mark.line + 2})" if mark is not None else ""
                raise DocumentSkipped(source, f"malformed front matter{where}: "
                                      f"{getattr(exc, 'problem', None) or exc}") from exc
            if not isinstance(meta, dict):
                raise DocumentSkipped(source, "front matter is not a mapping of keys to values")
            return meta, "".join(lines[i + 1:])
    raise DocumentSkipped(source, "front matter opened with '---' is never closed")


def _first_h1(body: str) -> str | None:
    for line in body.splitlines():
        m = _HEADING.match(line)
        if m and len(m.group(1)) == 1:
            return m.group(2).strip()
    return None


def _html(text: str, source: str, stem: str) -> Document:
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    drop_hidden(soup)
    for img in soup.find_all("img"):  # alt text and the link as words; nothing is fetched
        words = image_text(str(img.get("alt") or ""), str(img.get("src") or ""))
        img.replace_with(NavigableString(f" {words} "))
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if soup.head is not None:
        soup.head.decompose()
    for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        level = int(tag.name[1])
        words = tag.get_text(" ", strip=True)
        tag.replace_with(NavigableString(f"\n\n{'#' * level} {words}\n\n" if words else ""))
    raw = soup.get_text("\n")
    lines = [" ".join(line.split()) for line in raw.splitlines()]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    title = page_title or _first_h1(body) or stem
    return Document(source=source, title=title, body=body, kind="html")


def drop_hidden(soup: Any) -> None:
    """Remove every element a browser would not display (and everything inside it).

    Hidden means the ``hidden`` attribute, ``aria-hidden="true"``, ``type="hidden"``, or an
    inline style with ``display: none``, ``visibility: hidden``, zero opacity or zero font size.
    """
    for tag in list(soup.find_all(True)):
        if getattr(tag, "decomposed", False) or tag.attrs is None:
            continue
        aria = str(tag.get("aria-hidden") or "").strip().lower()
        style = str(tag.get("style") or "")
        if (tag.has_attr("hidden") or aria in ("true", "1")
                or str(tag.get("type") or "").lower() == "hidden"
                or (style and _HIDDEN_STYLE.search(style))):
            tag.decompose()


def _pdf(data: bytes, source: str, stem: str) -> Document:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise DocumentSkipped(source, "not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentSkipped(source, "PDF is encrypted")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        info = reader.metadata
        title = str(info.title).strip() if info is not None and info.title else ""
    except DocumentSkipped:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentSkipped(source, f"unreadable PDF ({exc})") from exc
    body = "\n\n".join(f"## Page {n}\n\n{text}" for n, text in enumerate(pages, 1) if text)
    return Document(source=source, title=title or stem, body=body, kind="pdf")


# --- chunking ----------------------------------------------------------------------------------
def sections(body: str) -> list[tuple[str, str]]:
    """``(section, text)`` pairs cut at Markdown headings (``#`` lines inside code are text).

    The section is the nearest ``##`` heading (``### x`` under ``## S`` gives ``S › x``); text
    before the first ``##`` belongs to :data:`INTRO`. The ``#`` title line itself is dropped.
    """
    out: list[tuple[str, list[str]]] = [(INTRO, [])]
    h2: str | None = None
    in_fence = False
    for line in body.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        m = None if in_fence else _HEADING.match(line)
        if m is None:
            out[-1][1].append(line)
            continue
        level, heading = len(m.group(1)), m.group(2).strip()
        if level == 1:
            continue
        if level == 2 or h2 is None:
            h2 = heading
            out.append((heading, []))
        else:
            out.append((f"{h2} › {heading}", []))
    return [(name, "\n".join(lines).strip()) for name, lines in out if "\n".join(lines).strip()]


def chunk_document(doc: Document, max_chars: int = MAX_CHARS,
                   overlap: int = OVERLAP) -> list[Chunk]:
    """Cut a document into chunks of at most about ``max_chars`` characters, with overlap.

    Reference-list sections (``## Sources``, ``## References``) are left out.
    """
    if max_chars < 50 or not 0 <= overlap < max_chars // 2:
        raise ValueError("need max_chars ≥ 50 and 0 ≤ overlap < max_chars / 2")
    return [Chunk(text=piece, title=doc.title, section=name)
            for name, text in sections(doc.body)
            if name.split(" › ")[0].strip().lower() not in REFERENCE_SECTIONS
            for piece in split_text(text, max_chars, overlap)]


def split_text(text: str, max_chars: int = MAX_CHARS, overlap: int = OVERLAP) -> list[str]:
    """Pack paragraphs into pieces of at most ``max_chars`` characters.

    Each piece after the first starts with the last ``overlap`` characters (whole sentences,
    else words) of the piece before, so a fact cut at a boundary is still whole in one piece.
    """
    pieces: list[str] = []
    current = ""
    for joiner, unit in _units(text, max_chars - overlap):
        if current and len(current) + len(joiner) + len(unit) > max_chars:
            pieces.append(current)
            tail = _tail(current, overlap)
            current = f"{tail} {unit}" if tail else unit
        else:
            current = f"{current}{joiner}{unit}" if current else unit
    if current:
        pieces.append(current)
    return pieces


def _units(text: str, limit: int) -> list[tuple[str, str]]:
    """``(joiner, unit)`` pairs, the joiner separating a unit from the one before.

    Paragraphs stay whole when they fit, else they become sentences (or table rows and list
    items), else runs of words.
    """
    out: list[tuple[str, str]] = []
    for para in (p.strip() for p in re.split(r"\n\s*\n", text)):
        if not para:
            continue
        if len(para) <= limit:
            out.append(("\n\n", para))
            continue
        rows = "\n" in para and para.lstrip().startswith(("|", "-", "*"))
        parts = para.splitlines() if rows else [s for s in _SENTENCE_END.split(para) if s]
        joiner = "\n" if rows else " "
        for i, part in enumerate(parts):
            for j, piece in enumerate(_words(part, limit) if len(part) > limit else [part]):
                out.append(("\n\n" if i == j == 0 else joiner, piece))
    return out


def _words(text: str, limit: int) -> list[str]:
    out: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > limit:  # a word longer than a piece: cut it
            if current:
                out.append(current)
                current = ""
            out.append(word[:limit])
            word = word[limit:]
        if current and len(current) + 1 + len(word) > limit:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        out.append(current)
    return out


def _tail(text: str, overlap: int) -> str:
    """The last whole sentences (else words) of ``text`` fitting in ``overlap`` characters."""
    if overlap <= 0:
        return ""
    sentences = _SENTENCE_END.split(text.replace("\n", " "))
    tail = ""
    for sentence in reversed(sentences):
        candidate = f"{sentence} {tail}".strip()
        if len(candidate) > overlap:
            break
        tail = candidate
    if tail:
        return tail
    words = text.split()
    for i in range(len(words)):
        candidate = " ".join(words[i:])
        if len(candidate) <= overlap:
            return candidate
    return ""


def read_path(path: Path, source: str, max_bytes: int) -> Document:
    """Read and parse a file, raising :class:`DocumentSkipped` for any reason not to ingest it."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentSkipped(source, f"too large ({size / 1e6:.1f} MB; limit "
                                  f"{max_bytes / 1e6:.1f} MB)")
        if size == 0:
            raise DocumentSkipped(source, "empty file")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentSkipped(source, f"cannot read ({exc.strerror or exc})") from exc
    doc = parse_document(data, source, path.suffix, path.stem)
    if not doc.body.strip():
        raise DocumentSkipped(source, "no text to index (empty after reading)")
    return doc
