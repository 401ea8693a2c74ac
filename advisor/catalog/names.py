"""Lenient model-name normalisation: provider ids, display names, case, spaces and dashes."""

from __future__ import annotations

import re
from functools import lru_cache

# Words that name a vendor in front of a model id ("google-gemma-4-31b", "Google: Gemma 3 4B").
_VENDOR_PREFIXES = ("google", "meta", "alibaba", "mistralai", "anthropic", "openai", "deepseek")
# Trailing words that name a packaging of the same model, not a different model. "chat" is not
# one: ``gpt-5-chat-latest`` (ChatGPT's model) has other limits and prices than ``gpt-5``.
_PACKAGING_SUFFIXES = {"instruct", "it", "free", "latest", "default", "hf", "versatile"}
# Groq serves Meta's Llama 3.1 8B Instruct as ``llama-3.1-8b-instant``; "instant" names a
# packaging only after a Llama, since OpenAI's ``gpt-5.1-instant`` is a model of its own.
_LLAMA_PACKAGING = {"instant"}
# A vendor prefix is dropped only in front of a brand name ("google-gemma-4-31b",
# "meta-llama-3", "openai-gpt-5"), never when what follows is a bare word or version
# ("deepseek-chat", "deepseek-reasoner", "deepseek-v3.1" keep their vendor).
_BRANDS = ("gemma", "gemini", "paligemma", "codegemma", "llama", "gpt", "o1", "o3", "o4",
           "chatgpt", "codex", "claude", "qwen", "qwq", "qvq", "mistral", "mixtral", "codestral",
           "ministral", "magistral", "pixtral", "devstral", "deepseek")
_SPLIT = re.compile(r"[^a-z0-9.]+")
_HOST_PREFIX = re.compile(r"^(?:hf:|tee/)")
_VENDOR = re.compile(r"^(?:" + "|".join(_VENDOR_PREFIXES) + r")[.-](?=(?:"
                     + "|".join(_BRANDS) + r")(?![a-z]))")


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Reduce a model name or id to a comparison key.

    ``qwen/qwen3.5-122b-a10b``, ``Qwen3.5-122B-A10B`` and ``Qwen 3.5 122B A10B`` all reduce to
    ``qwen35122ba10b``; ``Google: Gemma 3 4B`` and ``google/gemma-3-4b-it`` to ``gemma34b``.
    """
    text = name.strip().lower()
    if ": " in text:  # "Google: Gemma 3 4B", "Qwen: Qwen3.5-27B"
        text = text.split(": ", 1)[1]
    text = text.rsplit("/", 1)[-1]  # provider or org path
    text = text.split("@", 1)[0] if not text.startswith("@") else text
    text = _HOST_PREFIX.sub("", text)
    text = _VENDOR.sub("", text)  # "google.gemma-3-4b-it", "google-gemma-4-31b-it"
    tokens = [t for t in _SPLIT.split(text) if t]
    while len(tokens) > 1 and (tokens[-1] in _PACKAGING_SUFFIXES or (
            tokens[-1] in _LLAMA_PACKAGING and tokens[0].startswith("llama"))):
        tokens.pop()
    return "".join(tokens).replace(".", "")


def clean_display_name(name: str) -> str:
    """A display name without a ``Vendor: `` prefix or a ``(free)`` tag."""
    if ": " in name:
        name = name.split(": ", 1)[1]
    if "/" in name:  # "Qwen/Qwen3.5-4B"
        name = name.rsplit("/", 1)[1]
    name = re.sub(r"\s*\((?:free)\)\s*$", "", name, flags=re.IGNORECASE)
    return " ".join(name.split())
