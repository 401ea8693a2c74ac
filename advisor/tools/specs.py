"""Spec lookup: everything the catalog knows about one model, with sources and conflicts."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

from advisor.catalog import CatalogModel, Offering, get_catalog
from advisor.catalog.schema import MODELS_DEV_SOURCE, Fact
from advisor.tools.capabilities import CAPABILITIES, capability_values, model_sources
from advisor.tools.cost import matches_provider, split_costs
from advisor.tools.disagreements import DisagreementView, disagreement_views
from advisor.tools.errors import ToolInputError
from advisor.tools.format import md_table, tokens, usd, yes_no
from advisor.tools.limits import MAX_STRING_CHARS, check_text
from advisor.tools.price_doubt import REFERENCE_REQUEST

FACT_LABELS = {
    "parameters_total_b": "Parameters (total, B)",
    "parameters_active_b": "Parameters (active, B)",
    "architecture": "Architecture",
    "context_window": "Context window",
    "max_output_tokens": "Max output tokens",
    "license": "Licence",
    "commercial_use": "Commercial use",
    "open_weights": "Open weights",
    "modalities_input": "Input modalities",
    "languages": "Languages",
    "fine_tuning": "Fine-tuning methods",
    "memory_gb": "Memory to run (GB)",
    "runtimes": "Runtimes",
    "best_for": "Best for",
    "release_date": "Released",
    "knowledge_cutoff": "Knowledge cutoff",
    "capabilities": "Capabilities (curated)",
    "speed": "Published speeds",
    "ram_q4_gb": "RAM at Q4 (GB)",
    "provider_prices": "Prices stated by a page",
    "num_layers": "Layers",
    "num_kv_heads": "KV heads",
    "head_dim": "Head dimension",
    "hidden_size": "Hidden size",
}


class ClaimView(BaseModel):
    """One source's value for a fact."""

    value: Any
    display: str
    source: str
    as_of: str
    note: str | None = None


class FactView(BaseModel):
    """A fact with every claim; ``conflict`` when sources disagree."""

    field: str
    label: str
    claims: list[ClaimView]
    conflict: bool


class RouteInfo(BaseModel):
    """One provider route: prices in USD per million tokens and limits."""

    provider_id: str
    provider: str
    model_id: str
    input_per_m: float | None = None
    output_per_m: float | None = None
    cache_read_per_m: float | None = None
    cache_write_per_m: float | None = None
    reasoning_per_m: float | None = None
    context_tiers: list[str] = Field(default_factory=list,
                                     description="Prices that apply above a context size.")
    context: int | None = None
    max_output: int | None = None
    status: str | None = None
    price_doubt: str | None = Field(
        default=None, description="Why this listed price is probably a listing error (far "
                                  "from the maker's own price): shown, never quoted.")
    source: str = MODELS_DEV_SOURCE

    @property
    def route(self) -> str:
        """``provider_id/model_id``."""
        return f"{self.provider_id}/{self.model_id}"

    @property
    def paid(self) -> bool:
        """A complete, non-zero price a figure may quote (not a doubtful listing)."""
        return (self.input_per_m is not None and self.output_per_m is not None
                and (self.input_per_m > 0 or self.output_per_m > 0)
                and self.price_doubt is None)


class BenchmarkView(BaseModel):
    """A published benchmark score."""

    name: str
    score: float
    source: str
    note: str | None = None
    metric: str | None = None
    as_of: str | None = Field(default=None, description="Date of the score, when known.")


class LifecycleView(BaseModel):
    """A route a source marks deprecated or retired, with the maker's dates and successor."""

    route: str
    status: str
    source: str
    deprecation_date: str | None = None
    retirement_date: str | None = None
    successor: str | None = None

    def describe(self) -> str:
        """One line: the route, what happened when, what replaces it, and who says so."""
        dates = "; ".join(f"{w} {d}" for w, d in (("deprecated", self.deprecation_date),
                                                  ("retired", self.retirement_date)) if d)
        text = f"{self.route}: {self.status}" + (f" ({dates})" if dates else "")
        if self.successor:
            text += f"; successor: {self.successor}"
        return f"{text} — {self.source}"


class SpecSheet(BaseModel):
    """The full spec sheet of one model."""

    name: str
    key: str
    family: str | None = None
    maker: str | None = None
    also_known_as: list[str] = Field(default_factory=list)
    context_window: int | None = None
    max_output: int | None = None
    modalities_in: list[str]
    modalities_out: list[str]
    open_weights: bool | None = None
    license: str | None = None
    commercial_use: str | None = None
    parameters_b: float | None = None
    active_parameters_b: float | None = None
    release_date: str | None = None
    knowledge_cutoff: str | None = None
    capabilities: dict[str, bool | None]
    routes: list[RouteInfo] = Field(description="Provider routes, cheapest output first.")
    cheapest_input_per_m: float | None = None
    cheapest_output_per_m: float | None = None
    facts: list[FactView] = Field(default_factory=list, description="Curated facts, all claims.")
    benchmarks: list[BenchmarkView] = Field(default_factory=list)
    conflicts: list[str] = Field(default_factory=list,
                                 description="Where sources disagree, said in words.")
    authority: dict[str, str] = Field(
        default_factory=dict, description="Headline field → the rule that chose its value: "
                                          "curated, maker (the maker's own route) or majority.")
    maker_routes: list[str] = Field(default_factory=list,
                                    description="The maker's own routes (first-party API).")
    asked_provider: str | None = Field(
        default=None, description="The provider asked about (its id), whose routes lead.")
    disagreements: list[DisagreementView] = Field(
        default_factory=list, description="Headline values the listings disagree on.")
    deprecated: bool = Field(default=False, description="Every route is deprecated or retired.")
    lifecycle: list[LifecycleView] = Field(
        default_factory=list, description="Routes marked deprecated or retired, and by whom.")
    sources: list[str]
    catalog_as_of: str

    def _mark(self, field: str, text: str) -> str:
        return f"{text} ⚠" if any(d.field == field and d.material
                                  for d in self.disagreements) else text

    def to_markdown(self) -> str:
        """A readable spec sheet: summary, capabilities, routes, curated facts, conflicts."""
        labels = {c.key: c.label for c in CAPABILITIES}
        m = self._mark
        own = f" (own route: {', '.join(self.maker_routes)})" if self.maker_routes else ""
        summary = [
            ("Family", self.family or "—"), ("Maker", (self.maker or "—") + own),
            ("Context window", m("context_window", tokens(self.context_window))),
            ("Max output", m("max_output", tokens(self.max_output))),
            ("Input", m("modalities_in", ", ".join(self.modalities_in))),
            ("Output", m("modalities_out", ", ".join(self.modalities_out))),
            ("Open weights", m("open_weights", yes_no(self.open_weights))),
            ("Licence", self.license + (f" (commercial use: {self.commercial_use})"
                                        if self.commercial_use else "")
             if self.license else "—"),
            ("Parameters", _params(self.parameters_b, self.active_parameters_b)),
            ("Released", m("release_date", self.release_date or "—")),
            ("Knowledge cutoff", m("knowledge_cutoff", self.knowledge_cutoff or "—")),
            ("Provider routes", str(len(self.routes))),
        ]
        parts = [f"### {self.name}", md_table(["Spec", "Value"], summary), "",
                 md_table(["Capability", "Supported"],
                          [[labels[k], yes_no(v)] for k, v in self.capabilities.items()])]
        if self.routes:
            parts += ["", "**Routes** (USD per 1M tokens)", md_table(
                ["Provider", "Model id", "Input", "Output", "Cache read", "Context"],
                [[r.provider, r.model_id, usd(r.input_per_m), usd(r.output_per_m),
                  usd(r.cache_read_per_m), tokens(r.context)] for r in self.routes[:15]])]
            if len(self.routes) > 15:
                parts.append(f"_…and {len(self.routes) - 15} more routes (see --json)._")
        else:
            parts.append("\nNo provider route in the catalog: no price is known.")
        if self.facts:
            parts += ["", "**Facts and their sources**", md_table(
                ["Fact", "Value", "Source", "As of"],
                [[f.label + (" ⚠" if f.conflict else ""), c.display, c.source, c.as_of]
                 for f in self.facts for c in f.claims])]
        if self.benchmarks:
            parts += ["", "**Benchmarks**", md_table(
                ["Benchmark", "Score", "Metric", "Source", "Date"],
                [[b.name, f"{b.score:g}", b.metric or "—", b.source, b.as_of or "—"]
                 for b in self.benchmarks])]
        if self.lifecycle:
            head = ("**Deprecated** (every route)" if self.deprecated
                    else "**Deprecated or retired routes**")
            parts += ["", head, *(f"- {n.describe()}" for n in self.lifecycle)]
        if self.conflicts:
            parts += ["", "**Sources disagree**", *(f"- {c}" for c in self.conflicts)]
        return "\n".join(parts)


def _params(total: float | None, active: float | None) -> str:
    if total is None:
        return "—"
    return f"{total:g}B" + (f" ({active:g}B active)" if active is not None else "")


def display(value: Any) -> str:
    """A fact value in words."""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, list):
        return ", ".join(display(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {display(v)}" for k, v in value.items())
    if isinstance(value, int) and value >= 1000:
        return f"{value:,}"
    return str(value)


def route_info(route: Offering) -> RouteInfo:
    """A route's prices and limits as a result row."""
    p = route.prices
    tiers = [f"above {tokens(t.above_tokens)}: in {usd(t.input)} / out {usd(t.output)}"
             for t in (p.tiers if p else ())]
    return RouteInfo(
        provider_id=route.provider_id, provider=route.provider_name, model_id=route.model_id,
        input_per_m=p.input if p else None, output_per_m=p.output if p else None,
        cache_read_per_m=p.cache_read if p else None,
        cache_write_per_m=p.cache_write if p else None,
        reasoning_per_m=p.reasoning if p else None, context_tiers=tiers,
        context=route.context, max_output=route.output_limit, status=route.status)


def _sort_key(r: RouteInfo) -> tuple[bool, float, str]:
    return (r.output_per_m is None, r.output_per_m or 0.0, r.provider_id)


def fact_views(model: CatalogModel) -> list[FactView]:
    """Facts as views (curated and every other knowledge layer), every claim kept."""
    if model.facts:
        return [_fact_view(f) for f in model.facts.values()]
    if not model.curated:
        return []
    return [_fact_view(f) for f in model.curated.facts.values()]


def _fact_view(fact: Fact) -> FactView:
    return FactView(field=fact.field, label=FACT_LABELS.get(fact.field, fact.field),
                    conflict=fact.conflict,
                    claims=[ClaimView(value=c.value, display=display(c.value),
                                      source=c.source.label, as_of=c.as_of, note=c.note)
                            for c in fact.claims])


def conflicts_of(model: CatalogModel) -> list[str]:
    """Disagreements that matter, in words: between curated sources, and between listings.

    Headline values follow the authority rule (curated, the maker's route, most listings); a
    headline disagreement is listed when it matters (see :func:`disagreements.material`).
    """
    out = []
    for view in fact_views(model):
        if view.conflict:
            said = "; ".join(f"{c.display} per {c.source}" for c in view.claims)
            out.append(f"{view.label}: sources disagree — {said}.")
    out += [d.text for d in disagreement_views(model) if d.material]
    return out


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _doubts(model: CatalogModel) -> dict[str, str]:
    """Routes whose listed price is a probable listing error, at the reference request."""
    fit, _, _ = split_costs(model, *REFERENCE_REQUEST, 1)
    return {f"{c.provider_id}/{c.model_id}": c.price_doubt for c in fit if c.price_doubt}


def spec_sheet(model: CatalogModel, provider: str | None = None) -> SpecSheet:
    """Build the spec sheet of an already resolved model (``provider``: its routes lead).

    Raises:
        ToolInputError: ``provider`` serves no route of the model.
    """
    doubts = _doubts(model)
    routes = sorted((route_info(r).model_copy(update={"price_doubt": doubts.get(r.route)})
                     for r in model.routes), key=_sort_key)
    asked = None
    if provider:
        mine = [r for r in model.routes if matches_provider(r, provider)]
        if not mine:
            have = sorted({r.provider_id for r in model.routes})
            raise ToolInputError("provider", f"{model.name} has no route on {provider!r}; "
                                 f"routes: {', '.join(have) or 'none in the catalog'}")
        asked = mine[0].provider_id
        routes.sort(key=lambda r: r.provider_id != asked)  # stable: cheapest first within
    priced = [r for r in routes if r.input_per_m is not None and r.output_per_m is not None]
    cur = model.curated
    return SpecSheet(
        name=model.name, key=model.key, family=model.family, maker=model.maker,
        also_known_as=sorted({*(cur.aliases if cur else ()), *(r.model_id for r in routes)})[:30],
        context_window=model.context_window, max_output=model.max_output,
        modalities_in=list(model.modalities_in), modalities_out=list(model.modalities_out),
        open_weights=model.open_weights,
        license=str(model.fact_value("license")) if model.fact_value("license") else None,
        commercial_use=(str(model.fact_value("commercial_use"))
                        if model.fact_value("commercial_use") else None),
        parameters_b=_number(model.fact_value("parameters_total_b")),
        active_parameters_b=_number(model.fact_value("parameters_active_b")),
        release_date=model.release_date, knowledge_cutoff=model.knowledge_cutoff,
        capabilities=capability_values(model), routes=routes,
        cheapest_input_per_m=min((r.input_per_m for r in priced if r.input_per_m is not None),
                                 default=None),
        cheapest_output_per_m=min((r.output_per_m for r in priced
                                   if r.output_per_m is not None), default=None),
        facts=fact_views(model),
        benchmarks=[BenchmarkView(name=b.name, score=b.score, source=b.source.label,
                                  note=b.note, metric=b.metric, as_of=b.as_of)
                     for b in model.benchmarks or (cur.benchmarks if cur else ())],
        conflicts=conflicts_of(model), sources=model_sources(model),
        authority=dict(model.headline.authority),
        maker_routes=[r.route for r in model.maker_routes], asked_provider=asked,
        disagreements=disagreement_views(model),
        deprecated=model.deprecated, lifecycle=lifecycle_views(model),
        catalog_as_of=get_catalog().as_of)


def lifecycle_views(model: CatalogModel) -> list[LifecycleView]:
    """Every deprecated or retired route of ``model`` and the source that says so."""
    notices = {n.route: n for n in model.lifecycle}
    flagged = {sp.route: sp.source for sp in model.second_prices if sp.deprecated}
    out = []
    for route in sorted(model.deprecated_routes):
        n = notices.get(route)
        if n is not None:
            out.append(LifecycleView(route=route, status=n.status, source=n.source,
                                     deprecation_date=n.deprecation_date,
                                     retirement_date=n.retirement_date,
                                     successor=n.successor))
        elif route in flagged:
            out.append(LifecycleView(route=route, status="deprecated", source=flagged[route]))
        else:
            out.append(LifecycleView(route=route, status="deprecated", source=MODELS_DEV_SOURCE))
    return out


def lookup_specs(
    model: Annotated[str, Field(description="Model name or id, e.g. 'Gemma 3 4B', "
                                            "'qwen/qwen3.5-122b-a10b'. Lenient about case, "
                                            "spaces and dashes.",
                                max_length=MAX_STRING_CHARS)],
    provider: Annotated[str | None, Field(
        description="A provider whose routes and prices lead, e.g. 'groq', 'Amazon Bedrock'.",
        max_length=MAX_STRING_CHARS)] = None,
) -> SpecSheet:
    """Look up one model's specs, prices and sources.

    Returns context and output limits, modalities, capabilities, licence, parameters, every
    provider route with its prices (a probable listing error marked), curated facts with
    sources, benchmarks, and any conflict between sources. An unknown name fails with the
    closest matches; a provider that does not serve the model fails naming those that do.
    """
    return spec_sheet(get_catalog().resolve(check_text("model", model)),
                      check_text("provider", provider) if provider else None)
