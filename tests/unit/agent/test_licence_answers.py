"""Licence and commercial-use questions: the catalog's curated answer comes first (the maker's
word, read from knowledge/models), passages after it, and only disagreements on what was asked."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from advisor.agent import service
from advisor.config import PROJECT_ROOT


def _curated(file: str, fact: str) -> str:
    data = yaml.safe_load(Path(PROJECT_ROOT, "knowledge", "models", file).read_text())
    return str(data["facts"][fact][0]["value"])


@pytest.mark.parametrize(("question", "file", "facts"), [
    ("what's the licence of llama 3.1 8b, can i use it commercially?",
     "llama-3.1-8b-instruct.yaml", ("license", "commercial_use")),
    ("Llama 3.1 8B Instruct - commercial use allowed?",
     "llama-3.1-8b-instruct.yaml", ("commercial_use",)),
    ("gemma 3 4b licence? ok for a business product?", "gemma-3-4b.yaml",
     ("commercial_use",)),
    ("Under which license is Llama-3.1-8B released", "llama-3.1-8b-instruct.yaml",
     ("license",)),
    ("llama 3.1 8b - ok to ship in a paid app? license?", "llama-3.1-8b-instruct.yaml",
     ("license", "commercial_use")),
    ("gemma 3 4b licence, fine for our startup's SaaS?", "gemma-3-4b.yaml",
     ("commercial_use",)),
])
def test_the_catalog_answer_leads(fake_documents, question: str, file: str,
                                  facts: tuple[str, ...]) -> None:
    answer = service.ask(question)
    paragraphs = [p for p in answer.answer.split("\n\n")
                  if p.strip() and not p.startswith("_")]
    first = paragraphs[0]
    assert first.startswith("From the catalog:"), answer.answer[:400]
    for fact in facts:
        assert _curated(file, fact) in first, (fact, first)
    before_passages = answer.answer.split("What the model documents say")[0]
    assert "Context window:" not in before_passages.split(first, 1)[1]  # not what was asked


@pytest.mark.parametrize("question", [
    "can i sell a product built on gemma 3 4b?",
    "Gemma 3 4B in a paid app - allowed?",
    "are we allowed to use gemma-3-4b for our company's customers",
    "selling an app that runs gemma 3 4b on-device, is that ok",
])
def test_selling_or_shipping_questions_get_the_commercial_terms_first(question: str) -> None:
    answer = service.ask(question)
    first = next(p for p in answer.answer.split("\n\n") if p.strip() and not p.startswith("_")
                 and not p.startswith("*Read as"))
    assert _curated("gemma-3-4b.yaml", "commercial_use") in first, first
    assert "Context window:" not in first
