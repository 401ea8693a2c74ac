"""The LLM planner: a LangChain chat model with the tools bound plans the calls and writes.

Configured by ``settings.model`` ("openai:gpt-4o-mini", "anthropic:…", "ollama:qwen3.5:9b"),
``settings.base_url`` (any OpenAI-compatible server) and ``settings.api_key``. Anything that
stops it (a missing package or key, an unreachable server, a provider error) raises
:class:`LLMUnavailable` with a message for a person; the graph then lets the offline planner
answer the same turn.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage

from advisor.agent.answer import Planner, PlannerKind
from advisor.agent.prompts import FIX, system_prompt
from advisor.config import get_settings
from advisor.errors import AdvisorError

HISTORY_MESSAGES = 8
RETRY_AFTER_S = 60.0  # after a failure, answer offline at once for this long
_lock = threading.Lock()
_down: dict[str, tuple[float, str]] = {}
_override: BaseChatModel | None = None
_cache: dict[tuple[Any, ...], BaseChatModel] = {}


class LLMUnavailable(AdvisorError, RuntimeError):
    """The configured LLM cannot be used; the message says why, for a person."""


def use_chat_model(model: BaseChatModel | None) -> None:
    """Use this chat model instead of the configured one (tests, embedding apps); None resets."""
    global _override
    with _lock:
        _override = model
        _cache.clear()
        _down.clear()


def llm_configured() -> bool:
    """Whether the LLM planner should be tried."""
    return _override is not None or bool(get_settings().model)


def llm_model() -> str:
    """The configured LLM as ``provider:model`` (a test's fake model: its label)."""
    if _override is not None:
        return str(getattr(_override, "label", type(_override).__name__))
    return str(get_settings().model)


def planner() -> Planner:
    """The planner a turn starts with: the LLM when one is configured, else offline."""
    return Planner(kind=PlannerKind.LLM, model=llm_model()) if llm_configured() else Planner()


def chat_model() -> BaseChatModel:
    """The configured chat model (built once per settings)."""
    if _override is not None:
        return _override
    s = get_settings()
    spec = (s.model or "").strip()
    key = (spec, s.base_url, s.api_key, s.llm_timeout_s)
    with _lock:
        if key not in _cache:
            _cache[key] = _build(spec, s.base_url, s.api_key, s.llm_timeout_s)
        return _cache[key]


def _build(spec: str, base_url: str | None, api_key: str | None,
           timeout: float) -> BaseChatModel:
    provider, _, name = spec.partition(":")
    if not provider or not name:
        raise LLMUnavailable(f"ADVISOR_MODEL={spec!r} is not 'provider:model' "
                             "(e.g. openai:gpt-4o-mini, anthropic:claude-haiku-4-5, "
                             "ollama:qwen3.5:9b)")
    kwargs: dict[str, Any] = {"temperature": 0}
    if provider == "ollama":
        if base_url:
            kwargs["base_url"] = base_url
        kwargs["client_kwargs"] = {"timeout": timeout}
    else:
        kwargs.update(timeout=timeout, max_retries=1)
        if base_url:
            kwargs["base_url"] = base_url
        if api_key:
            kwargs["api_key"] = api_key
        elif base_url and provider == "openai":
            kwargs["api_key"] = "not-needed"  # local OpenAI-compatible servers take any key
    try:
        from langchain.chat_models import init_chat_model

        model: BaseChatModel = init_chat_model(name, model_provider=provider, **kwargs)
        return model
    except ImportError as exc:
        raise LLMUnavailable(f"the LangChain integration for {provider!r} is not installed "
                             f"(pip install 'model-advisor[llm]'): {exc}") from exc
    except Exception as exc:
        text = str(exc)
        if "api_key" in text.lower() or "api key" in text.lower():
            raise LLMUnavailable(f"no API key for {provider}: set ADVISOR_API_KEY (or the "
                                 f"provider's own variable)") from exc
        raise LLMUnavailable(f"cannot set up {spec}: {text.splitlines()[0] if text else exc!r}"
                             ) from exc


def _invoke(model: Any, messages: list[AnyMessage]) -> AIMessage:
    label = llm_model()
    failed = _down.get(label)
    if failed and time.monotonic() - failed[0] < RETRY_AFTER_S:
        raise LLMUnavailable(f"{failed[1]} (not retried for {RETRY_AFTER_S:.0f} s)")
    try:
        reply = model.invoke(messages)
    except Exception as exc:
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        message = f"{label} did not answer ({type(exc).__name__}: {text})"
        _down[label] = (time.monotonic(), message)
        raise LLMUnavailable(message) from exc
    _down.pop(label, None)
    if not isinstance(reply, AIMessage):
        raise LLMUnavailable(f"{label} returned {type(reply).__name__}, not a message")
    return reply


def conversation(history: list[AnyMessage], question: str, scratch: list[AnyMessage],
                 profile: dict[str, Any] | None,
                 reading: dict[str, Any] | None = None) -> list[AnyMessage]:
    """What the model is sent: system prompt, recent turns, the question, this turn so far."""
    past = [m for m in history if isinstance(m, HumanMessage | AIMessage)]
    if past and isinstance(past[-1], HumanMessage) and past[-1].content == question:
        past = past[:-1]  # the current question is added below
    return [SystemMessage(system_prompt(profile, reading)), *past[-HISTORY_MESSAGES:],
            HumanMessage(question), *scratch]


def plan_step(history: list[AnyMessage], question: str, scratch: list[AnyMessage],
              profile: dict[str, Any] | None, *, allow_tools: bool = True,
              reading: dict[str, Any] | None = None) -> AIMessage:
    """One model call with the tools bound: tool calls to run, or the final answer text.

    ``reading`` is the offline reader's parse of the question (:meth:`Reading.hint`): the
    model is told to call tools with those values unless the question plainly means otherwise.
    """
    from advisor.tools.langchain import langchain_tools

    model = chat_model()
    if allow_tools:
        try:
            model = model.bind_tools(langchain_tools())  # type: ignore[assignment]
        except NotImplementedError as exc:
            raise LLMUnavailable(f"{llm_model()} does not support tool calling") from exc
    return _invoke(model, conversation(history, question, scratch, profile, reading))


def fix_step(history: list[AnyMessage], question: str, scratch: list[AnyMessage],
             profile: dict[str, Any] | None, draft: str, figures: list[str]) -> str:
    """Ask the model once to rewrite a draft whose figures were not found in tool results."""
    messages = conversation(history, question, scratch, profile)
    messages += [AIMessage(draft), HumanMessage(FIX.format(figures=", ".join(figures)))]
    return text_of(_invoke(chat_model(), messages))


def text_of(message: AIMessage) -> str:
    """The text of a reply (content blocks joined)."""
    content = message.content
    if isinstance(content, str):
        return content
    parts = [b.get("text", "") if isinstance(b, dict) else str(b) for b in content]
    return "".join(p for p in parts if isinstance(p, str))
