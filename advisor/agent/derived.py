"""The headline a reading asks for, worked out from this turn's cost results.

"What's that per year?" wants twelve months of the monthly bill; "a single call" the cost of
one request; "how many requests does $50 buy?" the budget over one request's cost; "our budget
is $2k a month: do we fit?" yes or no with the margin. The arithmetic is on the cost tool's own
figures (the route it quotes: the maker's list price unless the cheapest route was asked for),
and the figures it produces are kept in the reading so the grounding check can find them.
"""

from __future__ import annotations

import math

from advisor.agent.answer import ToolCallRecord, results_of
from advisor.agent.reading import Reading, describe_tokens
from advisor.tools.cost import CostReport
from advisor.tools.format import tokens, usd
from advisor.tools.specs import SpecSheet

MONTHS_PER_YEAR = 12


def headline(reading: Reading, calls: list[ToolCallRecord]) -> tuple[list[str], dict[str, float]]:
    """Sentences answering ``reading.answer_for`` for each costed model, and their figures."""
    if reading.answer_for is None and not reading.totals:
        return [], {}
    lines: list[str] = []
    figures: dict[str, float] = {}
    if reading.answer_for == "limit_fit":
        for _, sheet in results_of(calls, SpecSheet):
            line, computed = _limit_line(reading.limit_tokens, sheet)
            lines.append(line)
            figures.update(computed)
        figures.update({f"asked {k} tokens": v for k, v in reading.limit_tokens.items()})
        return lines, figures
    for _, report in results_of(calls, CostReport):
        if report.quote is None:
            continue
        if reading.answer_for is None:  # token totals: what those tokens cost, as stated
            line, total = _totals_line(reading, report)
            figures[f"{report.model} total"] = total
            lines.append(line)
            continue
        route, low = report.quote.quoted, report.quote.cheapest
        name, where = report.model, f"on {route.provider}"
        per_request, per_month = route.per_request_usd, route.per_month_usd
        if reading.answer_for == "per_call":
            lines.append(f"**One request to {name} costs {usd(per_request)}** {where} "
                         f"({report.quote.words}).")
        elif reading.answer_for == "per_requests" and report.period == "month":
            lines.append(f"**{report.requests:,} requests to {name} cost {usd(per_month)}** "
                         f"{where} ({report.quote.words}): {usd(per_request)} each.")
        elif reading.answer_for == "per_year":
            yearly = round(per_month * MONTHS_PER_YEAR, 2)
            figures[f"{name} per year"] = yearly
            figures["months per year"] = MONTHS_PER_YEAR
            lines.append(f"**{name} comes to {usd(yearly)} a year** {where}: "
                         f"{usd(per_month)} a month × {MONTHS_PER_YEAR}.")
        elif reading.answer_for == "requests_for_budget" and reading.budget_usd is not None:
            count = math.floor(reading.budget_usd / per_request)
            figures[f"{name} requests for budget"] = count
            lines.append(f"**{usd(reading.budget_usd)} a month buys about {count:,} requests** "
                         f"on {name} {where}, at {usd(per_request)} per request.")
        elif reading.answer_for == "budget_fit" and reading.budget_usd is not None:
            margin = round(reading.budget_usd - per_month, 2)
            figures[f"{name} budget margin"] = abs(margin)
            if margin >= 0:
                lines.append(f"**Yes: {name} fits a {usd(reading.budget_usd)} monthly budget** "
                             f"{where}: {usd(per_month)} a month leaves {usd(margin)} spare.")
            else:
                lines.append(f"**No: {name} costs {usd(per_month)} a month** {where}, "
                             f"{usd(-margin)} over the {usd(reading.budget_usd)} budget"
                             + (f" (its cheapest paid route, {low.provider}, "
                                f"{usd(low.per_month_usd)}, would fit)."
                                if low.per_month_usd <= reading.budget_usd else "."))
    return lines, figures


def _totals_line(reading: Reading, report: CostReport) -> tuple[str, float]:
    """What the stated token totals cost at the quoted route's prices.

    Over the stated period ("… a month"), or with none when none was stated: "10M input + 2M
    output tokens on GPT-4.1 cost $36.00".
    """
    assert report.quote is not None
    route = report.quote.quoted
    p, t = route.prices_used, reading.totals
    reasoning = p.reasoning_per_m if p.reasoning_per_m is not None else p.output_per_m
    if report.cached_input_share:  # the cache discount is in the tool's monthly figure
        total = route.per_month_usd * _months(reading.total_period)
    else:
        total = (t.get("input", 0) * p.input_per_m + t.get("output", 0) * p.output_per_m
                 + t.get("reasoning", 0) * reasoning) / 1e6
    total = round(total, 6)
    period = None if reading.total_period_assumed else reading.total_period
    tokens = describe_tokens(t, period).removesuffix(" in total")
    return (f"**{tokens} on {report.model} cost {usd(total)}** on {route.provider}, "
            f"{report.quote.words}: {usd(p.input_per_m)} input / {usd(p.output_per_m)} "
            "output per 1M tokens."), total


def _months(period: str | None) -> float:
    return {"day": 1 / 30, "year": 12.0}.get(period or "month", 1.0)


def _limit_line(asked: dict[str, int], sheet: SpecSheet) -> tuple[str, dict[str, float]]:
    """Yes or no: the asked prompt and reply sizes against the context window and max output.

    Returns the sentence and the figures it computes (prompt + reply), for the grounding check.
    """
    name, out, inp = sheet.name, asked.get("output"), asked.get("input")
    problems: list[str] = []
    fits: list[str] = []
    figures: dict[str, float] = {}
    if out is not None:
        if sheet.max_output is None:
            return (f"**No source states {name}'s max output**, so a {out:,}-token reply "
                    "cannot be checked."), figures
        (fits if out <= sheet.max_output else problems).append(
            f"a {out:,}-token reply against a max output of {tokens(sheet.max_output)} tokens "
            f"({sheet.max_output:,})")
    window, need = sheet.context_window, (inp or 0) + (out or 0)
    what = (f"a {inp:,}-token prompt" if out is None else
            f"{need:,} tokens of prompt and reply together" if inp is not None else
            f"a {out:,}-token reply")
    if inp is not None and out is not None:
        figures[f"{name} prompt and reply tokens"] = need
    if window is None:
        problems.append("no source states its context window")
    elif inp is not None or need > window:
        (fits if need <= window else problems).append(
            f"{what} against a context window of {tokens(window)} tokens ({window:,})")
    if problems:
        return f"**No: that does not fit {name}**: " + "; ".join(problems) + ".", figures
    return f"**Yes: that fits {name}**: " + "; ".join(fits) + ".", figures
