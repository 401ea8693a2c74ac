"""The user's objective decides the order, each ranked by its own figure (fit breaks ties).

Objectives: cheapest, fastest, largest context, smallest, newest, best for a use case.

Each objective has a figure per candidate (monthly cost, active parameters, context window,
size, release date, use-case evidence), the order it sorts in, a column heading and the words
the answer's first line uses. Candidates without the figure go after those with it, in fit
order, and the answer says they lack it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

from advisor.tools.errors import ToolInputError
from advisor.tools.evidence import Evidence, evidence_for
from advisor.tools.format import tokens, usd
from advisor.tools.recommend.filters import Candidate
from advisor.tools.recommend.scoring import Scored
from advisor.tools.use_cases import UseCase

Objective = Literal["cheapest", "fastest", "largest_context", "smallest", "newest", "best_for"]
OBJECTIVES: tuple[str, ...] = get_args(Objective)
# "35B A3B", "30B-A3B": the active parameters of a mixture of experts, stated in the name.
_ACTIVE = re.compile(r"(?<![a-z0-9])a(\d+(?:\.\d+)?)b(?![a-z0-9])", re.IGNORECASE)


def check_objective(value: object) -> Objective | None:
    """The objective, or a message naming the ones there are."""
    if value is None or value == "":
        return None
    text = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    aliases = {"cheap": "cheapest", "lowest_cost": "cheapest", "fast": "fastest",
               "quickest": "fastest", "biggest_context": "largest_context",
               "longest_context": "largest_context", "small": "smallest",
               "latest": "newest", "new": "newest", "best": "best_for"}
    text = aliases.get(text, text)
    if text not in OBJECTIVES:
        raise ToolInputError("objective", f"unknown objective {value!r}; one of "
                                          f"{', '.join(OBJECTIVES)}")
    return text  # type: ignore[return-value]


def active_billions(c: Candidate) -> float | None:
    """Parameters read per generated token: curated active count, the name's "A3B", else total.

    A dense model reads all its weights per token, so its total is its active count.
    """
    model = c.profile.model
    fact_value = getattr(model, "fact_value", None)
    value = fact_value("parameters_active_b") if callable(fact_value) else None
    if value is None:
        value = model.curated_value("parameters_active_b")
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    match = _ACTIVE.search(model.name)
    if match:
        return float(match.group(1))
    return c.profile.params.billions if c.profile.params else None


@dataclass(frozen=True)
class Figure:
    """One candidate's value for the objective: a sort key and its text (None: unknown)."""

    key: float | None
    text: str


def figure(objective: Objective | None, c: Candidate, ev: Evidence | None,
           self_host: bool) -> Figure:
    """The candidate's figure for the objective (smaller key ranks first)."""
    if objective == "cheapest":
        if c.monthly_usd is None:
            return Figure(None, "no paid price")
        return Figure(c.monthly_usd, f"{usd(c.monthly_usd)}/month")
    if objective == "fastest":
        active = active_billions(c)
        return (Figure(active, f"{active:g}B active per token") if active is not None
                else Figure(None, "size not published"))
    if objective == "largest_context":
        return (Figure(-float(c.context), f"{tokens(c.context)} tokens") if c.context
                else Figure(None, "context not stated"))
    if objective == "smallest":
        if self_host and c.fit is not None:
            return Figure(c.fit[1], f"≈ {c.fit[1]:.1f} GB to run")
        params = c.profile.params
        return (Figure(params.billions, f"{params.billions:g}B parameters") if params
                else Figure(None, "size not published"))
    if objective == "newest":
        released = c.profile.released
        return (Figure(-float(released.toordinal()), f"released {released.isoformat()}")
                if released else Figure(None, "no release date"))
    if objective == "best_for":
        if ev is None or ev.score is None:
            return Figure(None, ev.summary() if ev else "no scores on file")
        return Figure(-ev.score, f"{ev.score:.1f} ({ev.summary(2)})")
    return Figure(None, "")


def evidence_map(ranked: list[Scored], uc: UseCase | None) -> dict[str, Evidence]:
    """Each ranked model's evidence for the use case, by catalog key."""
    if uc is None:
        return {}
    return {s.candidate.profile.model.key: evidence_for(s.candidate.profile.model, uc,
                                                        s.candidate.profile.caps)
            for s in ranked}


def order(ranked: list[Scored], objective: Objective | None, evidence: dict[str, Evidence],
          self_host: bool) -> list[Scored]:
    """The ranked pool re-ordered by the objective's figure; fit order breaks ties.

    Candidates without the figure keep their fit order after those with it.
    """
    if objective is None:
        return ranked
    inf = float("inf")

    def key(item: tuple[int, Scored]) -> tuple[int, float, int]:
        i, s = item
        f = figure(objective, s.candidate, evidence.get(s.candidate.profile.model.key),
                   self_host)
        return (f.key is None, f.key if f.key is not None else inf, i)

    return [s for _, s in sorted(enumerate(ranked), key=key)]


LEAD_WORDS = {"cheapest": "Cheapest", "fastest": "Fastest", "largest_context":
              "Largest context window", "smallest": "Smallest", "newest": "Newest"}
CAP_WORDS = {"function_calling": "tool calling", "structured_outputs": "structured output",
             "vision": "vision", "pdf_input": "PDF input", "audio_input": "audio input",
             "video_input": "video input", "multimodal": "multimodal input",
             "image_output": "image output", "audio_output": "audio output",
             "reasoning": "reasoning", "attachments": "file attachments",
             "open_weights": "open weights"}
FASTEST_NOTE = ("Fastest here means fewest parameters read per generated token (active "
                "parameters): the catalog holds no measured speeds, and on the same hardware "
                "decode speed falls as active parameters grow.")


def and_list(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
