"""The first line of a recommendation: the objective in words, the workload, the answer.

"Cheapest that has vision and tool calling, at 150,000 requests a month: Qwen3.6 35B A3B at
$22.50/month on Neuralwatt; next Gemma 4 26B A4B at $42.75." Every figure comes from the picks
(formatted as the tables format it) so the grounding check finds it again.
"""

from __future__ import annotations

from advisor.tools.evidence import Evidence
from advisor.tools.format import tokens, usd
from advisor.tools.recommend.filters import Need
from advisor.tools.recommend.objective import CAP_WORDS, LEAD_WORDS, Objective, and_list
from advisor.tools.recommend.result import Pick
from advisor.tools.use_cases import UseCase


def conditions(need: Need, uc: UseCase | None, objective: Objective | None) -> str:
    """The hard constraints (and the use case) as a phrase: ``that has vision, open-weight``."""
    parts = []
    if need.families:
        parts.append("of the " + " or ".join(family_label(f) for f in need.families)
                     + " models")
    if need.capabilities:
        parts.append("that has " + and_list([CAP_WORDS.get(c, c.replace("_", " "))
                                              for c in need.capabilities]))
    if need.open_weights and not need.self_host:
        parts.append("with open weights")
    if need.licences:
        parts.append("licensed " + " or ".join(need.licences))
    if need.self_host:
        parts.append(f"that fits {need.gpu_gb:g} GB" if need.gpu_gb else "to self-host")
    if need.max_params is not None:
        parts.append(f"with at most {need.max_params:g}B parameters")
    if need.min_context:
        parts.append(f"with at least {tokens(need.min_context)} tokens of context")
    if need.providers and not need.self_host:
        parts.append("on " + " or ".join(need.providers))
    if need.budget is not None and not need.self_host:
        parts.append(f"within {usd(need.budget)} a month")
    if need.has_price_ceiling and not need.self_host:
        parts.append("priced at most " + " and ".join(
            f"{usd(c)} per 1M {side} tokens" for side, c in
            (("input", need.max_input_price), ("output", need.max_output_price))
            if c is not None))
    if uc is not None and objective != "best_for":
        parts.append(f"for {uc.label}")
    return ", ".join(parts)


_ACRONYMS = frozenset({"gpt", "glm"})  # family names written in capitals


def family_label(key: str) -> str:
    """``claude`` → ``Claude``, ``gpt`` → ``GPT``, ``phi`` → ``Phi``, ``qwen3`` → ``Qwen3``."""
    return key.upper() if key in _ACRONYMS else key[:1].upper() + key[1:]


def traffic(need: Need, stated: bool) -> str:
    """``at 150,000 requests a month`` (``…, assumed`` when the traffic was not given)."""
    return f"at {need.requests_per_month:,} requests a month" + ("" if stated else " (assumed)")


def _cost(p: Pick, self_host: bool) -> str:
    if p.monthly_cost_usd is None:
        return "no API price" if self_host else "no paid price"
    where = f" on {p.route.provider}" if p.route else ""
    return f"{usd(p.monthly_cost_usd)}/month{where}" + (" by API" if self_host else "")


def _answer(objective: Objective | None, p: Pick, self_host: bool) -> str:
    if self_host:
        return _self_hosted(objective, p)
    cost = _cost(p, self_host)
    fit = ""
    if objective == "cheapest":
        return f"**{p.model}** at {cost}{fit}"
    if objective in ("fastest", "smallest", "newest", "best_for") and p.figure:
        return f"**{p.model}**, {p.figure} ({cost}){fit}"
    if objective == "largest_context":
        return f"**{p.model}** with {tokens(p.context_window)} tokens ({cost}){fit}"
    return f"**{p.model}** at {cost}{fit} (fit score {p.score:.2f} of 1)"


def _self_hosted(objective: Objective | None, p: Pick) -> str:
    """A self-hosting pick: its figure and the precision that fits; API price for reference."""
    runs = f"runs at {p.self_host_fit}" if p.self_host_fit else "open weights"
    if objective == "largest_context":
        text = f"**{p.model}** with {tokens(p.context_window)} tokens, {runs}"
    elif (objective == "smallest" and p.self_host_fit) or not p.figure:
        text = f"**{p.model}**, {runs}"
    else:
        text = f"**{p.model}**, {p.figure}; {runs}"
    if objective is None:
        text += f" (fit score {p.score:.2f} of 1)"
    return text


def _next(objective: Objective | None, p: Pick, self_host: bool) -> str:
    if objective == "cheapest":
        return f"next {p.model} at {_cost(p, self_host)}"
    if objective == "smallest" and self_host and p.self_host_fit:
        return f"next {p.model} at {p.self_host_fit}"
    if objective == "largest_context":
        return f"next {p.model} with {tokens(p.context_window)}"
    if objective in ("fastest", "smallest", "newest", "best_for") and p.figure:
        return f"next {p.model}, {p.figure}"
    return f"next {p.model}"


def lead(need: Need, stated: bool, objective: Objective | None, uc: UseCase | None,
         picks: list[Pick], evidence: dict[str, Evidence]) -> str:
    """The recommendation's first sentence."""
    cond = conditions(need, uc, objective)
    when = "to run on your own hardware" if need.self_host else traffic(need, stated)
    if objective == "best_for" and uc is not None:
        head = f"Best for {uc.label} by benchmark evidence"
    elif objective in LEAD_WORDS:
        head = LEAD_WORDS[objective]
    else:
        head = "Best overall fit"
    head += f" {cond}" if cond else ""
    if not picks:
        return f"{head}, {when}: no model qualifies."
    top = picks[0]
    if objective == "best_for" and uc is not None:
        with_scores = [p for p in picks if p.evidence is not None and p.evidence.score
                       is not None]
        if not with_scores:
            return (f"No model that qualifies has {uc.label} benchmark scores on file, so "
                    f"none can be called best for {uc.label}; by overall fit, {when}: "
                    f"{_answer(None, top, need.self_host)}.")
    text = f"{head}, {when}: {_answer(objective, top, need.self_host)}"
    if len(picks) > 1:
        text += f"; {_next(objective, picks[1], need.self_host)}"
    return text + "."
