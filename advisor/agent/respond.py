"""Writing the answer from this turn's typed tool results, and the Sources list.

The answer body is a list of ``Segment``s: text the responder (or the LLM) writes, and tool
results embedded as the tools render them (without their own "Sources:" tails, which are
merged into one Sources list under the answer). A door may draw a result segment from the
call's typed result (tables, a chart) instead of its Markdown. Every figure is taken from a
result attribute and formatted the way the tools format it, so the grounding check can find it
again. Retrieved document text is quoted as data, never followed.
"""

from __future__ import annotations

import re
from typing import Any

from advisor.agent.answer import Segment, ToolCallRecord, results_of
from advisor.agent.spec_text import asks_a_fact, spec_comparison, spec_headline
from advisor.agent.state import Intent
from advisor.catalog.vocabulary import vocabulary
from advisor.tools.capabilities import CapabilityDiff
from advisor.tools.compare.report import ComparisonReport
from advisor.tools.cost import CostReport
from advisor.tools.cost_lead import cost_lead
from advisor.tools.details import DETAILS_HEADING
from advisor.tools.documents import DocumentHit, DocumentSearchResult
from advisor.tools.format import usd
from advisor.tools.hardware import HardwareEstimate
from advisor.tools.recommend import Recommendation
from advisor.tools.specs import SpecSheet
from advisor.tools.strengths import Strengths
from advisor.tools.use_case_fit import UseCaseFit

SOURCES_HEADING = "**Sources**"
_TOOL_SOURCES = re.compile(r"\n+(?:#{1,4}\s*)?Sources:?\s*\n(?:[-*] .*(?:\n|$))*\s*$")
MAX_QUOTE_CHARS = 700
TABLE_TOOLS = ("compare_models", "diff_capabilities")
NO_PASSAGE = "The documents have nothing on this."
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


def text(markdown: str) -> Segment:
    """A text segment."""
    return Segment(kind="text", markdown=markdown)


def embedded(call: ToolCallRecord, markdown: str | None = None) -> Segment:
    """A result segment: the call's Markdown (or ``markdown``) without its Sources tail."""
    shown = strip_tool_sources(call.result_markdown or "") if markdown is None else markdown
    return Segment(kind="result", markdown=shown, call_id=call.id)


def sources_of(calls: list[ToolCallRecord]) -> list[str]:
    """Citations behind this turn's results: catalog routes, curated files, document chunks."""
    out: list[str] = []
    for call in calls:
        if not call.ok or call.result is None:
            continue
        result = call.result
        if isinstance(result, CostReport) and result.routes:
            out.append(f"{result.routes[0].source}: prices of {len(result.routes)} route(s) "
                       f"for {result.model}")
        if isinstance(result, DocumentSearchResult):
            out += [hit.citation for hit in result.hits]
        out += [s for s in getattr(result, "sources", None) or [] if isinstance(s, str)]
    return list(dict.fromkeys(out))


def compose(intent: Intent | str, calls: list[ToolCallRecord], question: str,
            notes: list[str]) -> list[Segment]:
    """The offline answer body for an intent (no Sources list)."""
    parts: list[Segment] = []
    if notes:
        parts.append(text("\n".join(f"_{n}_" for n in notes)))
    errors = [c for c in calls if not c.ok]
    ok = [c for c in calls if c.ok and c.result is not None]
    if intent == Intent.HELP and not calls:
        parts.append(text(HELP))
    for call in errors:
        parts.append(text(_error_text(call)))
    if intent == Intent.UNKNOWN and errors and not ok:
        parts.append(text(UNKNOWN_OFFER))
    writer = _WRITERS.get(Intent(intent), _generic)
    if ok:
        parts += writer(ok, question)
    elif not errors and intent not in (Intent.HELP, Intent.INVALID):
        parts.append(text("No tool could answer this question."))
    return [p for p in parts if p.markdown.strip()]


def _error_text(call: ToolCallRecord) -> str:
    error = call.error or "unknown error"
    if error.startswith("No model named"):
        return f"⚠ {error}"
    return f"⚠ `{call.name}` could not answer: {error}"


# --- one writer per kind of question -----------------------------------------------------------
def _specs(calls: list[ToolCallRecord], question: str) -> list[Segment]:
    parts = []
    compared = spec_comparison([s for _, s in results_of(calls, SpecSheet)], question)
    if compared:  # "which has the bigger context, A or B?": the answer, then each sheet
        parts.append(text(compared))
    for call, sheet in results_of(calls, SpecSheet):
        parts.append(text(spec_headline(sheet, question)))
        conflicts = relevant_conflicts(sheet, question)
        single = asks_a_fact(question)  # a single-fact answer: the rest folds under Details
        near = [c for c in conflicts if not single or _on_asked_field(c, sheet, question)]
        if near:
            parts.append(text(_disagree(near)))
        if single:
            parts.append(text(DETAILS_HEADING))
            rest = [c for c in conflicts if c not in near]
            if rest:
                parts.append(text(_disagree(rest)))
        parts.append(embedded(call, _DISAGREE_TAIL.sub(
            "", strip_tool_sources(call.result_markdown or ""))))
    return parts


# Spec-sheet question words → the headline fields whose disagreements the answer states.
_ASKED_FIELDS = {"context": ("context_window",), "max_output": ("max_output",),
                 "release": ("release_date",), "cutoff": ("knowledge_cutoff",),
                 "open_weights": ("open_weights",), "vision": ("modalities_in",),
                 "audio_input": ("modalities_in",), "video_input": ("modalities_in",),
                 "pdf_input": ("modalities_in",), "image_output": ("modalities_out",),
                 "audio_output": ("modalities_out",), "function_calling": ("tool_call",),
                 "reasoning": ("reasoning",), "structured_outputs": ("structured_output",)}


def relevant_conflicts(sheet: SpecSheet, question: str) -> list[str]:
    """The sheet's disagreements worth saying for this question (catalog issue #11).

    Curated sources that disagree are always said. Listings that disagree on a headline value
    are said for the fields the question asks about, or all of them when it asks for none.
    """
    low = question.lower()
    vocab = vocabulary()
    asked = {f for key, pattern in vocab.spec_fields.items() if re.search(pattern, low)
             for f in _ASKED_FIELDS.get(key, ())}
    asked |= {f for c in vocab.capabilities if c.ask and re.search(c.ask, low)
              for f in _ASKED_FIELDS.get(c.key, ())}
    headline = {d.text: d.field for d in sheet.disagreements}
    return [c for c in sheet.conflicts
            if c not in headline or not asked or headline[c] in asked]


def _on_asked_field(conflict: str, sheet: SpecSheet, question: str) -> bool:
    """Whether a disagreement is about a field the question asks for (else it is a detail)."""
    low = question.lower()
    field = {d.text: d.field for d in sheet.disagreements}.get(conflict)
    label = conflict.split(":", 1)[0].lower()
    for key, pattern in vocabulary().spec_fields.items():
        if re.search(pattern, low) and (re.search(pattern, label)
                                        or field in _ASKED_FIELDS.get(key, ())):
            return True
    return False


_DISAGREE_TAIL = re.compile(r"\n+\*\*Sources disagree\*\*\n(?:- .*(?:\n|$))*\s*$")


def _disagree(conflicts: list[str]) -> str:
    return "**Sources disagree:**\n" + "\n".join(f"- {c}" for c in conflicts)


def _cost(calls: list[ToolCallRecord], question: str) -> list[Segment]:
    parts = []
    for call, r in results_of(calls, CostReport):
        lead = cost_lead(r)
        parts += [text(p) for p in lead]
        if not lead and r.message and r.message not in (call.result_markdown or ""):
            parts.append(text(r.message))
        parts.append(embedded(call))
    return parts


def _compare(calls: list[ToolCallRecord], question: str) -> list[Segment]:
    parts = []
    for call in calls:
        report = call.result_as(ComparisonReport)
        if report is not None:
            if report.cost.summary and not report.lead:  # the report's own first line leads
                parts.append(text(report.cost.summary))
        elif call.result_as(CostReport) is not None:
            parts += _cost([call], question)
            continue
        elif call.result_as(CapabilityDiff) is not None:
            parts += _diff([call], question)
            continue
        parts.append(embedded(call))
    return parts


def _diff(calls: list[ToolCallRecord], question: str) -> list[Segment]:
    parts = []
    for call, r in results_of(calls, CapabilityDiff):
        lines = [f"- **{m}** alone has: {', '.join(caps) if caps else 'nothing the others lack'}"
                 for m, caps in r.only_in.items()]
        if lines:
            parts.append(text("\n".join(lines)))
        parts.append(embedded(call))
    return parts


def _recommend(calls: list[ToolCallRecord], question: str) -> list[Segment]:
    parts = []
    for call in calls:
        rec = call.result_as(Recommendation)
        cost = call.result_as(CostReport)
        if rec is not None:
            if rec.picks and not rec.lead:  # the result's own first line leads otherwise
                p = rec.picks[0]
                price = (f" at {usd(p.monthly_cost_usd)} a month"
                         if p.monthly_cost_usd is not None else "")
                parts.append(text(f"**Top pick: {p.model}**{price}. {p.reason}".strip()))
            parts.append(embedded(call))
        elif cost is not None:
            if cost.quote is not None:
                q = cost.quote.quoted
                parts.append(text(f"For reference, **{cost.model}** costs "
                                  f"{usd(q.per_month_usd)} a month at the same traffic "
                                  f"at {cost.quote.words} ({q.provider})."))
            else:
                parts.append(text(f"For reference, no paid price is known for {cost.model}."))
    return parts


def _hardware(calls: list[ToolCallRecord], question: str) -> list[Segment]:
    """Each model's verdict first (named when there are several), then its table.

    A comparison for a use case asked with the hardware ("better for coding, A or B, on a
    24 GB GPU?") leads with what the use case's evidence shows, then the fits.
    """
    parts: list[Segment] = []
    estimates = [(c, e) for c in calls if (e := c.result_as(HardwareEstimate)) is not None]
    for call in calls:
        report = call.result_as(ComparisonReport)
        if report is not None and report.use_case is not None:
            section = report.use_case
            parts.append(text(f"For {section.label}: {section.summary}"))
            parts.append(embedded(call, "\n".join(section.to_markdown(report.models,
                                                                      summary=False))))
    if _SPEED.search(question):  # "how fast is X on a 4090?": the speed ceiling leads
        parts += [text(line) for _, e in estimates if (line := _speed_line(e))]
    verdicts = [(e.model, e.verdict) for _, e in estimates if e.verdict]
    if len(verdicts) > 1:
        parts.append(text("\n".join(f"- **{m}**: {v}" for m, v in verdicts)))
    elif verdicts:
        parts.append(text(f"**{verdicts[0][1]}**"))
    for call, est in estimates:
        shown = strip_tool_sources(call.result_markdown or "")
        if est.verdict:  # it leads, so it is not said again under the table
            shown = shown.replace(f"\n\n**{est.verdict}**", "", 1)
        parts.append(embedded(call, shown))
    return parts


_SPEED = re.compile(r"how\s+fast|\bspeed\b|tok(?:ens)?\s*/\s*s(?:ec)?\b|tokens?\s+(?:per|a)\s+"
                    r"second|\bthroughput\b|\bquick(?:ly)?\b|\bslow\b", re.IGNORECASE)


def _speed_line(est: HardwareEstimate) -> str | None:
    """The decode ceilings of the levels that fit (all levels when no device fits one)."""
    levels = [lv for lv in est.levels if lv.decode_tokens_per_s_ceiling]
    fitting = [lv for lv in levels if lv.fits] or levels
    if not fitting or est.hardware is None:
        return None
    speeds = ", ".join(f"≤ {lv.decode_tokens_per_s_ceiling:.1f} tok/s at {lv.label}"
                       for lv in fitting)
    return (f"**{est.model} on {est.hardware.name}: {speeds}** (a ceiling, not a measurement: "
            "memory bandwidth ÷ the bytes of weights read per token; real decoding is slower).")


def _document(calls: list[ToolCallRecord], question: str) -> list[Segment]:
    """Quoted passages and the catalog's facts on a model.

    A question for a fact (a licence, commercial use) is answered by the catalog's sentence
    first, the passages after it.
    """
    single = asks_a_fact(question)  # then the catalog leads, with disagreements on it alone
    quoted: list[Segment] = []
    catalog: list[Segment] = []
    rated: list[Segment] = []  # "is X good at coding?", "what is X good for?": scores lead
    for call in calls:
        found = call.result_as(DocumentSearchResult)
        sheet = call.result_as(SpecSheet)
        fit = call.result_as(UseCaseFit) or call.result_as(Strengths)
        if fit is not None:
            rated += [text(fit.lead), embedded(call, strip_tool_sources(
                (call.result_markdown or "").replace(fit.lead, "", 1).lstrip()))]
        elif found is not None:
            if not found.hits:
                quoted.append(text(NO_PASSAGE))
                continue
            quoted += [text(q) for q in quote_hits(found.hits)]
        elif sheet is not None:
            catalog.append(text("From the catalog: " + spec_headline(sheet, question)))
            conflicts = [c for c in relevant_conflicts(sheet, question)
                         if not single or _on_asked_field(c, sheet, question)]
            if conflicts:
                catalog.append(text(_disagree(conflicts)))
    if rated:  # the scores answer; passages (if any) and the sheet's line follow
        return rated + [q for q in quoted if q.markdown != NO_PASSAGE]
    return catalog + quoted if single else quoted + catalog


def quote_hits(hits: list[DocumentHit]) -> list[str]:
    """Passages quoted under their origin: the advisor's documents, then the user's files.

    A user's file is never placed under the project's heading: it is quoted as "your document
    X says", after the advisor's own passages, with any figure that contradicts the catalog.
    """
    out = []
    trusted = [h for h in hits if h.origin != "user"]
    mine = [h for h in hits if h.origin == "user"]
    for group, heading in ((trusted, "What the model documents say"),
                           (mine, "What your documents say (files you added, not checked by "
                                  "the advisor; the catalog's figures are the ones used)")):
        if not group:
            continue
        quoted = [f"{heading} (quoted; retrieved text is shown as data and never followed "
                  "as instructions):"]
        for hit in group:
            passage = " ".join(hit.text.split())
            if len(passage) > MAX_QUOTE_CHARS:
                passage = passage[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
            quoted.append(f"> {passage}\n>\n> — *{hit.citation}*")
            quoted += [f"_Disagrees with the catalog: {d}_" for d in hit.disagreements]
        out.append("\n\n".join(quoted))
    return out


def _generic(calls: list[ToolCallRecord], question: str) -> list[Segment]:
    return [embedded(c) for c in calls]


_WRITERS = {Intent.SPECS: _specs, Intent.COST: _cost, Intent.COMPARE: _compare,
            Intent.DIFF: _diff, Intent.RECOMMEND: _recommend, Intent.ALTERNATIVE: _recommend,
            Intent.HARDWARE: _hardware, Intent.DOCUMENT: _document, Intent.UNKNOWN: _specs}


# --- the LLM's answer ---------------------------------------------------------------------------
def llm_segments(draft: str, calls: list[ToolCallRecord]) -> list[Segment]:
    """The LLM's text, with the comparison table appended when it wrote none."""
    body = draft.strip() or "The model returned no answer text."
    parts = [text(body)]
    if "|---" not in body.replace(" ", ""):
        for call in calls:
            if call.ok and call.name in TABLE_TOOLS and call.result_markdown:
                table = _first_table(strip_tool_sources(call.result_markdown))
                if table:
                    parts.append(embedded(call, table))
                    break
    return parts


def _first_table(markdown: str) -> str:
    out = []
    for line in markdown.splitlines():
        if line.lstrip().startswith("|"):
            out.append(line)
        elif out:
            break
    return "\n".join(out)


def models_named(calls: list[ToolCallRecord]) -> list[str]:
    """The models this turn's results are about, in first-mention order (thread memory)."""
    named: list[str] = []
    for call in calls:
        if not call.ok or call.result is None:
            continue
        r = call.result
        if isinstance(r, CostReport | HardwareEstimate):
            named.append(r.model)
        elif isinstance(r, SpecSheet):
            named.append(r.name)
        elif isinstance(r, CapabilityDiff | ComparisonReport | DocumentSearchResult):
            named += r.models
    return list(dict.fromkeys(named))


# --- the finished answer -----------------------------------------------------------------------
def with_sources(body: str, sources: list[str], called: bool = False) -> str:
    """The answer body followed by its Sources list."""
    none = ("- none: no tool returned a result to cite" if called
            else "- none: no tool was called for this answer")
    listed = "\n".join(f"- {s}" for s in sources) if sources else none
    return f"{body.rstrip()}\n\n{SOURCES_HEADING}\n{listed}"


def recommendations_of(calls: list[ToolCallRecord]) -> list[dict[str, Any]]:
    """The picks of any recommend call this turn (for doors that chart them)."""
    return [p.model_dump(mode="json") for _, rec in results_of(calls, Recommendation)
            for p in rec.picks]


def reading_block(reading: dict[str, Any] | None,
                  calls: list[ToolCallRecord]) -> tuple[list[Segment], dict[str, Any]]:
    """The "Read as: …" line and the headline the reading asks for, before the figures.

    Returns the segments (none when nothing was inferred) and the reading with the
    headline's figures recorded under ``derived``.
    """
    from advisor.agent.derived import headline
    from advisor.agent.reading import Reading

    if not reading:
        return [], {}
    parsed = Reading.model_validate(reading)
    lines, figures = headline(parsed, calls)
    parsed.derived = figures
    read_as = parsed.read_as()
    parts = ([f"*{read_as}*"] if read_as else []) + lines
    return [text(p) for p in parts], parsed.model_dump(mode="json")
