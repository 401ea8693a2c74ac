"""``advisor ingest`` and ``advisor search`` through the CLI entry point."""

from __future__ import annotations

import json

import pytest

from advisor.cli import main
from advisor.documents.chunking import chunk_document, read_path
from advisor.documents.embeddings import use_embedder


def run(capsys, *argv):
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out = capsys.readouterr()
    return exit_.value.code, out.out, out.err


def test_ingest_reports_counts_and_names_skipped_files(capsys, corpus, fake_embedder):
    (corpus / "broken.md").write_bytes(b"\x00\x01\x02 binary")
    code, out, err = run(capsys, "ingest", str(corpus))
    assert code == 0
    chunks = sum(len(chunk_document(read_path(f, f.name, 10**7)))
                 for f in corpus.iterdir() if f.name != "broken.md")
    assert f"{chunks} chunks added" in out and "0 model cards" in out
    assert "broken.md" in err and "binary" in err

    code, out, _ = run(capsys, "ingest", str(corpus), "--json")
    report = json.loads(out)
    assert code == 0 and report["chunks_added"] == 0 and report["unchanged"] == 3


def test_ingest_prune_option(capsys, corpus, fake_embedder):
    run(capsys, "ingest", str(corpus))
    (corpus / "guard.txt").unlink()
    code, out, _ = run(capsys, "ingest", str(corpus), "--prune")
    assert code == 0 and "Pruned 1 sources" in out and "guard.txt" in out


def test_search_prints_passages_and_json(capsys, corpus, fake_embedder):
    run(capsys, "ingest", str(corpus))
    code, out, _ = run(capsys, "search", "Apache licence Qwen", "-k", "2", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["hits"]) == 2
    assert {"text", "source", "section", "title", "score", "models"} <= set(data["hits"][0])
    code, out, _ = run(capsys, "search", "Apache licence", "--model", "Qwen3.5 4B")
    assert code == 0 and "qwen-notes.md" in out and "Licensing" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["search", ""], "query: must be a non-empty"),
    (["search", "x", "-k", "0"], "k: must be a whole number from 1 to 50"),
    (["search", "x", "--model", "Gemma 3 4Bzzz"], "No model named 'Gemma 3 4Bzzz'"),
])
def test_search_bad_input_is_one_line_exit_2(capsys, argv, message, fake_embedder):
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and "Traceback" not in err + out


def test_a_missing_embedding_model_is_one_line_exit_2(capsys, corpus, settings, tmp_path):
    from advisor.config import Settings, use_settings
    from advisor.documents.store import reset_stores

    use_embedder(None)
    use_settings(Settings(data_dir=settings.data_dir, embedding_model=str(tmp_path / "nope"),
                          _env_file=None))
    reset_stores()
    code, out, err = run(capsys, "ingest", str(corpus))
    assert code == 2 and "cannot load embedding model" in err and "Traceback" not in err


def test_ingest_of_only_missing_paths_exits_1(capsys, tmp_path, fake_embedder):
    code, _, err = run(capsys, "ingest", str(tmp_path / "typo.md"))
    assert code == 1 and "typo.md: no such file or folder" in err
