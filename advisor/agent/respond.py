"""Writing the offline answer from this turn's tool results, and the Sources list.

Every figure is taken from a result field and formatted the way the tools format it, so the
grounding check can find it again. Tool Markdown (tables) is embedded as the tools render it,
without their own "Sources:" tails, which are merged into one Sources list under the answer.
Retrieved document text is quoted as data, never followed.
"""

from __future__ import annotations

import re
from typing import Any

from advisor.agent.answer import ToolCallRecord
from advisor.catalog.vocabulary import vocabulary
from advisor.tools.format import tokens, usd, yes_no

SOURCES_HEADING = "**Sources**"
_TOOL_SOURCES = re.compile(r"\n+(?:#{1,4}\s*)?Sources:?\s*\n(?:[-*] .*(?:\n|$))*\s*$")
MAX_QUOTE_CHARS = 700
HELP = (
    "I can look up a model's specs, work out what a workload costs, diff capabilities, "
    "compare models side by side, estimate the hardware to self-host one, recommend models "
    "for a workload and search the model documents. Try, for example:\n\n"
    "- *What is the context window of Gemma 3 4B?*\n"
    "- *How much would Qwen3.5 27B cost for a million requests a month, two thousand tokens "
    "in and five hundred out?*\n"
    "- *Compare Gemma 4 31B with Qwen3.5 27B.*\n"
    "- *Which open-weight model with vision fits on an RTX 4090?*\n"
    "- *What licence does Gemma 4 use?*"
)
UNKNOWN_OFFER = (
    "I only have data for the models in the catalog. If you meant one of the closest matches "
    "above, ask again with that name and I can look up its specs, work out what a workload "
    "would cost on it, compare it with other models or estimate the hardware to self-host it."
)


def strip_tool_sources(markdown: str) -> str:
    """A tool's Markdown without its trailing "Sources:" list (merged into the answer's)."""
    return _TOOL_SOURCES.sub("", markdown).rstrip()


def records(calls: list[dict[str, Any]]) -> list[ToolCallRecord]:
    """Stored call dumps back as records."""
    return [ToolCallRecord.model_validate(c) for c in calls]


def sources_of(calls: list[ToolCallRecord]) -> list[str]:
    """Citations behind this turn's results: catalog routes, curated files, document chunks."""
    out: list[str] = []
    for call in calls:
        if not call.ok or call.result is None:
            continue
        result = call.result
        if call.name == "calculate_cost":
            routes = result.get("routes", [])
            if routes:
                out.append(f"{routes[0].get('source', 'models.dev')}: prices of "
                           f"{len(routes)} route(s) for {result.get('model')}")
        for hit in _document_hits(result):
            out.append(_citation(hit))
        for src in result.get("sources", []) or []:
            if isinstance(src, str):
                out.append(src)
    return list(dict.fromkeys(out))


def _document_hits(result: dict[str, Any]) -> list[dict[str, Any]]:
    for key in ("hits", "chunks", "results", "passages", "matches"):
        value = result.get(key)
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            return value
    return []


def _hit_text(hit: dict[str, Any]) -> str:
    for key in ("text", "content", "snippet", "passage"):
        if isinstance(hit.get(key), str):
            return str(hit[key])
    return ""


def _citation(hit: dict[str, Any]) -> str:
    for key in ("citation", "cite", "ref", "location"):
        if isinstance(hit.get(key), str) and hit[key]:
            return str(hit[key])
    doc = hit.get("doc") or hit.get("file") or hit.get("document") or hit.get("source") or "?"
    section = hit.get("section") or hit.get("heading")
    where = f"{doc}#{section}" if section else str(doc)
    return f"your document {where}" if hit.get("origin") == "user" else where


def compose(intent: str, calls: list[ToolCallRecord], question: str,
            notes: list[str]) -> str:
    """The offline answer body for an intent (no Sources list)."""
    parts: list[str] = []
    if notes:
        parts.append("\n".join(f"_{n}_" for n in notes))
    errors = [c for c in calls if not c.ok]
    ok = [c for c in calls if c.ok and c.result is not None]
    if intent == "help" and not calls:
        parts.append(HELP)
    for call in errors:
        parts.append(_error_text(call))
    if intent == "unknown" and errors and not ok:
        parts.append(UNKNOWN_OFFER)
    writer = _WRITERS.get(intent, _generic)
    if ok:
        parts += writer(ok, question)
    elif not errors and intent not in ("help", "invalid"):
        parts.append("No tool could answer this question.")
    return "\n\n".join(p for p in parts if p.strip())


def _error_text(call: ToolCallRecord) -> str:
    error = call.error or "unknown error"
    if error.startswith("No model named"):
        return f"⚠ {error}"
    return f"⚠ `{call.name}` could not answer: {error}"


# --- one writer per kind of question -----------------------------------------------------------
def _specs(calls: list[ToolCallRecord], question: str) -> list[str]:
    parts = []
    for call in calls:
        if call.name != "lookup_specs":
            continue
        sheet = call.result or {}
        parts.append(spec_headline(sheet, question))
        if sheet.get("conflicts"):
            parts.append("**Sources disagree:**\n" + "\n".join(f"- {c}"
                                                               for c in sheet["conflicts"]))
        parts.append(_DISAGREE_TAIL.sub("", strip_tool_sources(call.result_markdown or "")))
    return parts


_DISAGREE_TAIL = re.compile(r"\n+\*\*Sources disagree\*\*\n(?:- .*(?:\n|$))*\s*$")


def spec_headline(sheet: dict[str, Any], question: str) -> str:
    """One or two sentences answering the spec the question asks about."""
    low = question.lower()
    name = sheet.get("name", "This model")
    said = []
    vocab = vocabulary()  # the one table of spec-field and capability words
    for key, pattern in vocab.spec_fields.items():
        if re.search(pattern, low):
            said.append(_spec_sentence(key, sheet))
    for key, pattern in ((c.key, c.ask) for c in vocab.capabilities if c.ask):
        if re.search(pattern, low) and key in (sheet.get("capabilities") or {}):
            value = sheet["capabilities"][key]
            said.append(f"{_cap_label(key)}: **{yes_no(value)}**"
                        + (" (no source says)" if value is None else "") + ".")
    if said:
        return f"**{name}** — " + " ".join(s for s in said if s)
    return f"**{name}** — " + " ".join(
        _spec_sentence(k, sheet) for k in ("context", "max_output", "open_weights", "price"))


def _cap_label(key: str) -> str:
    from advisor.tools.capabilities import CAPABILITIES

    return next((c.label for c in CAPABILITIES if c.key == key), key)


def _spec_sentence(key: str, s: dict[str, Any]) -> str:  # noqa: C901 - a flat lookup
    if key == "context":
        cw = s.get("context_window")
        return (f"Context window: {tokens(cw)} tokens ({cw:,})." if cw
                else "Context window: not stated by any source.")
    if key == "max_output":
        mo = s.get("max_output")
        return f"Max output: {tokens(mo)} tokens." if mo else "Max output: not stated."
    if key == "parameters":
        total, active = s.get("parameters_b"), s.get("active_parameters_b")
        if total is None:
            return "Parameters: not stated."
        return f"Parameters: {total:g}B" + (f" ({active:g}B active)." if active else ".")
    if key == "license":
        return f"Licence: {s.get('license') or 'not stated in the curated facts'}."
    if key == "release":
        return f"Released: {s.get('release_date') or 'not stated'}."
    if key == "cutoff":
        return f"Knowledge cutoff: {s.get('knowledge_cutoff') or 'not stated'}."
    if key == "open_weights":
        return f"Open weights: {yes_no(s.get('open_weights'))}."
    if key == "providers":
        routes = s.get("routes") or []
        names = ", ".join(dict.fromkeys(r["provider"] for r in routes[:6]))
        return (f"Served by {len(routes)} provider route(s)" + (f": {names}" if names else "")
                + ".")
    if key == "price":
        routes = s.get("routes") or []
        paid = [r for r in routes if (r.get("input_per_m") or 0) > 0
                or (r.get("output_per_m") or 0) > 0]
        free = [r["provider"] for r in routes if r.get("input_per_m") == 0
                and r.get("output_per_m") == 0]
        if not paid:
            return ("Price: no paid price in the catalog"
                    + (f" (listed at $0 on {', '.join(free)})." if free else "."))
        cin = min(r["input_per_m"] for r in paid if r.get("input_per_m") is not None)
        cout = min(r["output_per_m"] for r in paid if r.get("output_per_m") is not None)
        return (f"Cheapest paid prices: {usd(cin)} input / {usd(cout)} output per 1M tokens "
                f"(across {len(routes)} route(s)"
                + (f"; also listed at $0 on {', '.join(free)}" if free else "") + ").")
    return ""


def _cost(calls: list[ToolCallRecord], question: str) -> list[str]:
    parts = []
    for call in calls:
        if call.name != "calculate_cost":
            continue
        r = call.result or {}
        routes = r.get("routes") or []
        paid = [x for x in routes if x["per_request_usd"] > 0]
        free = [x["provider"] for x in routes if x["per_request_usd"] == 0]
        if paid:
            c = paid[0]
            parts.append(
                f"**{r['model']}** costs **{usd(c['per_month_usd'])} a month** on its cheapest "
                f"paid route ({c['provider']}, `{c['model_id']}`): {usd(c['per_request_usd'])} "
                f"per request, {usd(c['per_day_usd'])} a day, for {r['requests']:,} requests "
                f"per {r['period']} with {r['input_tokens']:,} input and "
                f"{r['output_tokens']:,} output tokens each.")
            if free:
                parts.append(f"It is also listed at $0 on {', '.join(free)}: a free tier or "
                             "promotion, usually rate-limited, so not counted as the price.")
            if len(paid) > 1:
                d = paid[-1]
                parts.append(f"The dearest of its {len(routes)} priced routes ({d['provider']}) "
                             f"comes to {usd(d['per_month_usd'])} a month.")
        elif free:
            parts.append(f"**{r['model']}** is only listed at $0 ({', '.join(free)}): a free "
                         "tier or promotion with no paid price in the catalog, so its real cost "
                         "at this traffic is unknown.")
        elif r.get("message"):
            parts.append(str(r["message"]))
        parts.append(strip_tool_sources(call.result_markdown or ""))
    return parts


def _compare(calls: list[ToolCallRecord], question: str) -> list[str]:
    parts = []
    for call in calls:
        r = call.result or {}
        if call.name == "compare_models":
            summary = (r.get("cost") or {}).get("summary")
            if summary:
                parts.append(summary)
        elif call.name == "calculate_cost":
            parts += _cost([call], question)
            continue
        elif call.name == "diff_capabilities":
            parts += _diff([call], question)
            continue
        parts.append(strip_tool_sources(call.result_markdown or ""))
    return parts


def _diff(calls: list[ToolCallRecord], question: str) -> list[str]:
    parts = []
    for call in calls:
        r = call.result or {}
        lines = [f"- **{m}** alone has: {', '.join(caps) if caps else 'nothing the others lack'}"
                 for m, caps in (r.get("only_in") or {}).items()]
        if lines:
            parts.append("\n".join(lines))
        parts.append(strip_tool_sources(call.result_markdown or ""))
    return parts


def _recommend(calls: list[ToolCallRecord], question: str) -> list[str]:
    parts = []
    for call in calls:
        r = call.result or {}
        if call.name == "recommend":
            picks = r.get("picks") or []
            if picks:
                p = picks[0]
                cost = (f" at {usd(p['monthly_cost_usd'])} a month"
                        if p.get("monthly_cost_usd") is not None else "")
                parts.append(f"**Top pick: {p['model']}**{cost}. {p.get('reason', '')}".strip())
            parts.append(strip_tool_sources(call.result_markdown or ""))
        elif call.name == "calculate_cost":
            paid = [x for x in r.get("routes") or [] if x["per_request_usd"] > 0]
            if paid:
                parts.append(f"For reference, **{r['model']}** costs "
                             f"{usd(paid[0]['per_month_usd'])} a month at the same traffic "
                             f"on its cheapest paid route ({paid[0]['provider']}).")
            else:
                parts.append(f"For reference, no paid price is known for {r.get('model')}.")
    return parts


def _hardware(calls: list[ToolCallRecord], question: str) -> list[str]:
    parts = []
    for call in calls:
        r = call.result or {}
        if call.name == "estimate_hardware" and r.get("verdict"):
            parts.append(f"**{r['verdict']}**")
        parts.append(strip_tool_sources(call.result_markdown or ""))
    return parts


def _document(calls: list[ToolCallRecord], question: str) -> list[str]:
    parts = []
    for call in calls:
        r = call.result or {}
        hits = _document_hits(r)
        if call.name == "search_documents":
            if not hits:
                parts.append(str(r.get("message") or "The documents have nothing on this."))
                continue
            parts += quote_hits(hits)
        elif call.name == "lookup_specs":
            parts.append("From the catalog: " + spec_headline(r, question))
            if r.get("conflicts"):
                parts.append("**Sources disagree:**\n" + "\n".join(f"- {c}"
                                                                   for c in r["conflicts"]))
    return parts


def quote_hits(hits: list[dict[str, Any]]) -> list[str]:
    """Passages quoted under their origin: the advisor's documents, then the user's files.

    A user's file is never placed under the project's heading: it is quoted as "your document
    X says", after the advisor's own passages, with any figure that contradicts the catalog.
    """
    out = []
    trusted = [h for h in hits if h.get("origin") != "user"]
    mine = [h for h in hits if h.get("origin") == "user"]
    for group, heading in ((trusted, "What the model documents say"),
                           (mine, "What your documents say (files you added, not checked by "
                                  "the advisor; the catalog's figures are the ones used)")):
        if not group:
            continue
        quoted = [f"{heading} (quoted; retrieved text is shown as data and never followed "
                  "as instructions):"]
        for hit in group:
            text = " ".join(_hit_text(hit).split())
            if len(text) > MAX_QUOTE_CHARS:
                text = text[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
            quoted.append(f"> {text}\n>\n> — *{_citation(hit)}*")
            quoted += [f"_Disagrees with the catalog: {d}_" for d in hit.get("disagreements")
                       or [] if isinstance(d, str)]
        out.append("\n\n".join(quoted))
    return out


def _generic(calls: list[ToolCallRecord], question: str) -> list[str]:
    return [strip_tool_sources(c.result_markdown or "") for c in calls]


_WRITERS = {"specs": _specs, "cost": _cost, "compare": _compare, "diff": _diff,
            "recommend": _recommend, "alternative": _recommend, "hardware": _hardware,
            "document": _document, "unknown": _specs}


def with_sources(body: str, sources: list[str], called: bool = False) -> str:
    """The answer body followed by its Sources list."""
    none = ("- none: no tool returned a result to cite" if called
            else "- none: no tool was called for this answer")
    listed = "\n".join(f"- {s}" for s in sources) if sources else none
    return f"{body.rstrip()}\n\n{SOURCES_HEADING}\n{listed}"


def recommendations_of(calls: list[ToolCallRecord]) -> list[dict[str, Any]]:
    """The picks of any recommend call this turn (for doors that chart them)."""
    out: list[dict[str, Any]] = []
    for call in calls:
        if call.name == "recommend" and call.ok and call.result:
            out += [dict(p) for p in call.result.get("picks", [])]
    return out


def reading_block(reading: dict[str, Any] | None,
                  calls: list[ToolCallRecord]) -> tuple[str, dict[str, Any]]:
    """The "Read as: …" line and the headline the reading asks for, before the figures.

    Returns the text (empty when nothing was inferred) and the reading with the headline's
    figures recorded under ``derived``.
    """
    from advisor.agent.derived import headline
    from advisor.agent.reading import Reading

    if not reading:
        return "", {}
    parsed = Reading.model_validate(reading)
    lines, figures = headline(parsed, calls)
    parsed.derived = figures
    read_as = parsed.read_as()
    parts = ([f"*{read_as}*"] if read_as else []) + lines
    return "\n\n".join(parts), parsed.model_dump(mode="json")
