"""Ingestion: hash-idempotent, changed files replaced, prune, bad files skipped, crash resume.

These use a hashing fake embedder (instant); the real model is exercised in test_doc_search.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import advisor.documents.ingest as ingest_module
from advisor.catalog import get_catalog
from advisor.catalog.names import normalize
from advisor.config import get_settings
from advisor.documents.chunking import chunk_document, read_path
from advisor.documents.embeddings import use_embedder
from advisor.documents.ingest import ensure_index, ingest, read_sources, source_name
from advisor.documents.store import open_store


def stored(source: str | None = None) -> list[dict]:
    """Every stored chunk (optionally of one source) as metadata + text, read from Chroma."""
    col = open_store().collection
    got = col.get(where={"source": source} if source else None,
                  include=["metadatas", "documents"])
    return [{**m, "text": d, "id": i}
            for i, m, d in zip(got["ids"], got["metadatas"], got["documents"], strict=True)]


def expected_chunks(path: Path) -> list[tuple[str, str]]:
    doc = read_path(path, path.name, 10**7)
    return sorted((c.section, c.text) for c in chunk_document(doc))


def test_first_ingest_stores_every_chunk_and_the_second_writes_nothing(corpus, fake_embedder):
    first = ingest([corpus])
    files = sorted(corpus.iterdir())
    total = sum(len(expected_chunks(f)) for f in files)
    assert first.sources == 3 and first.changed == 3
    assert first.chunks_added == total == first.chunks_total == open_store().count()
    for f in files:
        assert sorted((m["section"], m["text"]) for m in stored(source_name(f))) \
            == expected_chunks(f)

    calls = fake_embedder.calls
    again = ingest([corpus])
    assert again.wrote == 0 and again.unchanged == 3 and again.changed == 0
    assert fake_embedder.calls == calls  # nothing was embedded
    assert open_store().count() == total


def test_chunk_metadata_names_source_title_section_and_models(corpus, fake_embedder):
    ingest([corpus])
    gemma = {m["section"]: m for m in stored(source_name(corpus / "gemma-notes.md"))}
    rivals = gemma["Compared with rivals"]
    assert rivals["title"] == "Gemma notes" and rivals["family"] == "Gemma 3"
    assert rivals["doc"] == "gemma-notes.md" and rivals["reviewed"] == "2026-01-01"
    cat = get_catalog()
    # the front-matter model on every chunk, plus the model this section names
    assert rivals["models"] == [cat.resolve("Gemma 3 4B").name, cat.resolve("Qwen3.5 4B").name]
    assert rivals["model_keys"] == [normalize("Gemma 3 4B"), normalize("Qwen3.5 4B")]
    assert gemma["Licensing"]["models"] == [cat.resolve("Gemma 3 4B").name]
    guard = stored(source_name(corpus / "guard.txt"))
    assert guard[0]["models"] == [cat.resolve("Llama Guard 2 8B").name]
    assert "family" not in guard[0]


def test_a_changed_file_replaces_its_chunks_and_leaves_the_others(corpus, fake_embedder):
    ingest([corpus])
    qwen = corpus / "qwen-notes.md"
    before_other = {m["id"] for m in stored(source_name(corpus / "gemma-notes.md"))}
    text = qwen.read_text().replace("262,144 tokens", "131,072 tokens")
    qwen.write_text(text)
    fake_embedder.texts.clear()
    report = ingest([corpus])
    assert report.changed == 1 and report.unchanged == 2
    assert report.chunks_added == 1 and report.chunks_removed == 1  # only that section
    chunks = [t for t in fake_embedder.texts if "\n" in t]  # the rest are bare headings
    assert len(chunks) == 1 and "131,072" in chunks[0]
    assert sorted((m["section"], m["text"]) for m in stored(source_name(qwen))) \
        == expected_chunks(qwen)
    assert not any("262,144" in m["text"] for m in stored())
    assert {m["id"] for m in stored(source_name(corpus / "gemma-notes.md"))} == before_other


def test_a_front_matter_change_rewrites_the_files_chunks(corpus, fake_embedder):
    ingest([corpus])
    gemma = corpus / "gemma-notes.md"
    gemma.write_text(gemma.read_text().replace("models: [Gemma 3 4B]", "models: [Gemma 3 12B]"))
    report = ingest([corpus])
    n = len(expected_chunks(gemma))
    assert report.chunks_added == n and report.chunks_removed == n
    assert all(get_catalog().resolve("Gemma 3 12B").name in m["models"]
               for m in stored(source_name(gemma)))


@pytest.mark.parametrize("names", [["Gemma 3 4B", "Gemmma 9 Ultra"], ["zz-not-a-model"],
                                   ["gemma 3 4b", "Qwen3.5 27B", "GPT-9 Hyper"]])
def test_front_matter_names_no_catalog_model_matches_are_reported(corpus, fake_embedder,
                                                                  names):
    gemma = corpus / "gemma-notes.md"
    gemma.write_text(gemma.read_text().replace("models: [Gemma 3 4B]",
                                               "models: [" + ", ".join(names) + "]"))
    report = ingest([corpus])
    catalog = get_catalog()
    unknown = []
    for name in names:
        try:
            catalog.resolve(name)
        except Exception:  # noqa: BLE001 - the catalog's own verdict decides
            unknown.append(name)
    assert report.unknown_models == {source_name(gemma): unknown}
    for name in unknown:
        assert repr(name) in report.to_markdown()
    linked = {m for c in stored(source_name(gemma)) for m in c.get("models") or []}
    assert not any(name in linked for name in unknown)


def test_prune_removes_chunks_of_deleted_files_only_under_the_given_paths(
        corpus, tmp_path, fake_embedder):
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.md").write_text("## Kept\n\nThis file lives elsewhere.")
    ingest([corpus, other])
    (corpus / "guard.txt").unlink()
    kept = ingest([corpus])
    assert kept.chunks_removed == 0 and stored(source_name(corpus / "guard.txt"))

    pruned = ingest([corpus], prune=True)
    assert pruned.pruned == [source_name(corpus / "guard.txt")]
    assert pruned.chunks_removed == 1
    assert not stored(source_name(corpus / "guard.txt"))
    assert stored(source_name(other / "keep.md"))  # not under the pruned path
    assert len(stored(source_name(corpus / "gemma-notes.md"))) == len(
        expected_chunks(corpus / "gemma-notes.md"))


def test_bad_files_are_skipped_with_a_message_and_the_rest_goes_in(
        corpus, fake_embedder, monkeypatch):
    (corpus / "empty.md").write_bytes(b"")
    (corpus / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    (corpus / "big.txt").write_text("word " * 400)
    (corpus / "locked.md").write_text("## Secret\n\nunreadable")
    (corpus / "picture.png").write_bytes(b"\x89PNG")  # not a document type: ignored quietly
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.md":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    report = ingest([corpus, corpus / "missing.md"], max_file_bytes=1000)
    reasons = {Path(s.source).name: s.reason for s in report.skipped}
    assert set(reasons) == {"empty.md", "image.md", "big.txt", "locked.md", "missing.md"}
    assert "empty" in reasons["empty.md"] and "binary" in reasons["image.md"]
    assert "too large" in reasons["big.txt"] and "Permission denied" in reasons["locked.md"]
    assert "no such file" in reasons["missing.md"]
    assert report.ignored == 1 and report.sources == 3
    markdown = report.to_markdown()
    for name in reasons:
        assert name in markdown
    assert {Path(m["source"]).name for m in stored()} == {
        "gemma-notes.md", "qwen-notes.md", "guard.txt"}


def test_an_ingest_killed_half_way_is_completed_by_the_next_run(
        corpus, fake_embedder, hash_embedder_class, monkeypatch):
    HashEmbedder = hash_embedder_class  # noqa: N806
    monkeypatch.setattr(ingest_module, "EMBED_BATCH", 2)
    monkeypatch.setattr(ingest_module, "WRITE_BATCH", 2)  # each batch written as it is done
    planned = {r.id: r for recs in read_sources([corpus]).values() for r in recs}
    assert len(planned) >= 5
    # call 1 embeds the headings, call 2 the first batch; the second batch never arrives
    use_embedder(HashEmbedder(fail_on_call=3))
    with pytest.raises(KeyboardInterrupt):
        ingest([corpus])
    partial = {m["id"] for m in stored()}
    assert 0 < len(partial) < len(planned)

    resumed = HashEmbedder()
    use_embedder(resumed)
    report = ingest([corpus])
    assert report.chunks_added == len(planned) - len(partial)
    redone = [t for t in resumed.texts if "\n" in t]  # chunk texts, not bare headings
    assert len(redone) == len(planned) - len(partial)  # the written ones are not redone
    rows = stored()
    assert {m["id"] for m in rows} == set(planned)
    assert len({(m["source"], m["section"], m["text"]) for m in rows}) == len(rows)
    assert ingest([corpus]).wrote == 0


def test_a_changed_embedding_model_rebuilds_the_index(corpus, fake_embedder,
                                                       hash_embedder_class):
    from advisor.documents.store import reset_stores

    ingest([corpus])
    other = hash_embedder_class()
    other.model_id = "another-model"
    use_embedder(other)
    reset_stores()
    report = ingest([corpus])
    assert report.rebuilt and "test-hash-embedder" in report.rebuilt
    assert report.chunks_total == report.chunks_added == len(stored())
    assert open_store().built_with == "another-model"


def test_ensure_index_covers_docs_and_cards_and_is_idempotent(fake_embedder):
    first = ensure_index()
    docs = get_settings().knowledge_dir / "docs"
    doc_chunks = sum(len(chunk_document(read_path(f, f.name, 10**7)))
                     for f in docs.glob("*.md"))
    cards = sum(1 for m in get_catalog() if m.priced_routes or m.curated)
    assert first.cards == cards
    assert first.chunks_total == doc_chunks + cards
    again = ensure_index()
    assert again.wrote == 0
    kinds = {m["kind"] for m in stored()}
    assert kinds == {"markdown", "model_card"}
