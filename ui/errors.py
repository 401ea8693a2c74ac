"""Exceptions turned into sentences a person can act on (never a traceback in the page)."""

from __future__ import annotations

import logging

log = logging.getLogger("advisor.ui")

_NETWORK_WORDS = ("connect", "unreachable", "timed out", "timeout", "refused", "api key",
                  "apikey", "authentication", "401", "403", "name resolution")


def friendly_error(exc: BaseException) -> str:
    """One readable paragraph for an exception raised while answering or rendering."""
    from pydantic import ValidationError

    from advisor.catalog import CatalogDataError, CuratedDataError, UnknownModelError
    from advisor.errors import AdvisorError
    from advisor.tools.errors import ToolInputError

    if isinstance(exc, UnknownModelError):
        hint = (f" Did you mean {_or_list(exc.suggestions)}?" if exc.suggestions else
                " Check the spelling, or ask for a model by its provider id.")
        return f"I could not find a model called “{exc.name}” in the catalog.{hint}"
    if isinstance(exc, ToolInputError):
        return f"One of the inputs does not work — {exc}."
    if isinstance(exc, ValidationError):
        fields = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']}"
                           for e in exc.errors())
        return f"Some values are not valid — {fields}."
    if isinstance(exc, CatalogDataError | CuratedDataError):
        return f"The model catalog could not be read: {exc}"
    text = str(exc) or type(exc).__name__
    if isinstance(exc, AdvisorError):
        return text  # the advisor's own errors are written for a person
    if isinstance(exc, ConnectionError | TimeoutError) or any(
            w in text.lower() for w in _NETWORK_WORDS):
        return ("The language model could not be reached "
                f"({_short(text)}). Check ADVISOR_MODEL, ADVISOR_BASE_URL and the API key, "
                "or unset ADVISOR_MODEL to use the offline planner.")
    log.exception("unexpected error in the chat", exc_info=exc)
    return (f"Something went wrong while answering ({type(exc).__name__}: {_short(text)}). "
            "The app is still running: try again, or rephrase the question.")


def _or_list(names: list[str]) -> str:
    quoted = [f"“{n}”" for n in names[:5]]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _short(text: str, limit: int = 240) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
