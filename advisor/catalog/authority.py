"""Whose word a headline fact takes: curated facts, else the maker's own route, else most routes.

``knowledge/makers.yaml`` maps model families to their maker and the maker's first-party
provider ids in models.dev. For every headline field (context, output limit, modalities,
capability flags, open weights, release date, knowledge cutoff) the value used is:

1. the curated fact (``knowledge/models/*.yaml``), else lab data (the labs' own models.dev
   files and the other layers of :mod:`advisor.catalog.sources`), when there is one;
2. else the value the maker's own routes state (most of them, if the maker has several);
3. else the value most routes state. A tie goes to the more conservative value: the smaller
   limit, the earlier date, the shorter modality list, "no" before "yes".

Whenever the listings (or the curated fact and the listings) state more than one value, the
model keeps a :class:`~advisor.catalog.schema.Disagreement`: the value used, the rule that
chose it, and every other value with the listings that state it. A reseller can therefore
never flip a model's openness or widen its context; it is only counted and shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from advisor.catalog.schema import (
    Authority,
    CatalogModel,
    Disagreement,
    Headline,
    Offering,
    ValueCount,
)
from advisor.catalog.yamlfile import load_yaml
from advisor.errors import AdvisorError

MODALITY_ORDER = ("text", "image", "audio", "video", "pdf")


class MakersDataError(AdvisorError, ValueError):
    """``knowledge/makers.yaml`` that does not validate; names the file, the row and the key."""


@dataclass(frozen=True, slots=True)
class Maker:
    """A model maker, its own provider ids in models.dev and how its models are recognised."""

    name: str
    providers: tuple[str, ...]
    keys: tuple[re.Pattern[str], ...]
    url: str
    models_dev: str

    def owns(self, key: str) -> bool:
        """Whether a catalog key names one of this maker's models."""
        return any(p.search(key) for p in self.keys)

    @property
    def source(self) -> str:
        """Where the row comes from, for citations."""
        return f"{self.name} model documentation ({self.url}); models.dev {self.models_dev}"


def load_makers(path: Path) -> tuple[Maker, ...]:
    """Read and validate the makers table; raises :class:`MakersDataError` naming the problem."""
    if not path.is_file():
        return ()
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise MakersDataError(f"{path.name}: cannot be parsed ({exc})") from exc
    rows = data.get("makers") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise MakersDataError(f"{path.name}: expected a 'makers' list")
    return tuple(_maker(path.name, i, row) for i, row in enumerate(rows))


def _maker(fname: str, i: int, row: Any) -> Maker:
    def bad(key: str, problem: str) -> MakersDataError:
        who = row.get("maker") if isinstance(row, dict) else None
        return MakersDataError(f"{fname}: row {i} ({who or 'no maker'}), {key!r}: {problem}")

    if not isinstance(row, dict) or not isinstance(row.get("maker"), str):
        raise bad("maker", "missing or not a string")
    lists = {}
    for key in ("providers", "keys"):
        value = row.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad(key, "expected a list of strings")
        lists[key] = value
    source = row.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("url"), str):
        raise bad("source", "expected a mapping with the maker's documentation 'url'")
    try:
        patterns = tuple(re.compile(p) for p in lists["keys"])
    except re.error as exc:
        raise bad("keys", f"not a regular expression ({exc})") from exc
    return Maker(name=row["maker"], providers=tuple(lists["providers"]), keys=patterns,
                 url=source["url"],
                 models_dev=str(source.get("models_dev") or ""))


def maker_of(key: str, makers: tuple[Maker, ...]) -> Maker | None:
    """The maker of a model, by its catalog key (the first row whose pattern matches).

    The models.dev ``family`` is not used: fine-tunes by third parties carry their base
    model's family ("llama", "gpt"), and naming Meta as the maker of a community merge would
    be wrong. A model no row recognises has no maker, and its headline values come from the
    curated facts or from most listings.
    """
    return next((maker for maker in makers if maker.owns(key)), None)


# --- reading one field from a route and from the curated facts ---------------------------------
def _modalities(values: Iterable[str]) -> tuple[str, ...] | None:
    seen = dict.fromkeys(v.strip().lower() for v in values if isinstance(v, str) and v.strip())
    if not seen:
        return None
    known = [m for m in MODALITY_ORDER if m in seen]
    return tuple(known + sorted(m for m in seen if m not in MODALITY_ORDER))


ROUTE_VALUE: dict[str, Callable[[Offering], Any]] = {
    "context_window": lambda r: r.context or None,
    "max_output": lambda r: r.output_limit or None,
    "modalities_in": lambda r: _modalities(r.modalities_in),
    "modalities_out": lambda r: _modalities(r.modalities_out),
    "tool_call": lambda r: r.tool_call,
    "reasoning": lambda r: r.reasoning,
    "structured_output": lambda r: r.structured_output,
    "attachment": lambda r: r.attachment,
    "open_weights": lambda r: r.open_weights,
    "release_date": lambda r: r.release_date or None,
    "knowledge_cutoff": lambda r: r.knowledge or None,
}
# Headline field → the curated fact that states it (``capabilities.x`` reads a key of a mapping).
CURATED_FIELD = {
    "context_window": "context_window",
    "max_output": "max_output_tokens",
    "modalities_in": "modalities_input",
    "open_weights": "open_weights",
    "release_date": "release_date",
    "knowledge_cutoff": "knowledge_cutoff",
    "tool_call": "capabilities.function_calling",
    "reasoning": "capabilities.reasoning",
    "structured_output": "capabilities.structured_outputs",
    "attachment": "capabilities.attachments",
}


def stated_value(model: CatalogModel, field: str) -> tuple[Any, str, Authority] | None:
    """A headline field's value from the curated file or lab data, its source, which it was.

    Curated files (``knowledge/models``) come first; then the other knowledge layers merged
    into ``model.facts`` (the labs' own models.dev files, the leaderboard, family rules).
    """
    name = CURATED_FIELD.get(field)
    if name is None:
        return None
    fact_name, _, key = name.partition(".")
    authority: Authority = "curated"
    fact = model.curated.facts.get(fact_name) if model.curated else None
    where = f"knowledge/models/{model.curated.file}" if model.curated else ""
    if fact is None:
        fact, authority = model.facts.get(fact_name), "lab"
        where = fact.claims[0].source.title if fact is not None and fact.claims else ""
    if fact is None:
        return None
    value = fact.value
    if key:
        value = value.get(key) if isinstance(value, dict) else None
    if value is None:
        return None
    if field in ("modalities_in", "modalities_out"):
        mods = _modalities(value if isinstance(value, list | tuple) else [str(value)])
        return (mods, where, authority) if mods else None
    if field in ("context_window", "max_output"):
        return int(value), where, authority
    if field in ("release_date", "knowledge_cutoff"):
        return str(value), where, authority
    return bool(value), where, authority


def _conservative(value: Any) -> Any:
    if isinstance(value, tuple):
        return (len(value), value)
    if isinstance(value, bool):
        return int(value)
    return value


def _majority(votes: dict[Any, list[str]]) -> Any:
    return min(votes, key=lambda v: (-len(votes[v]), _conservative(v)))


def same_token_count(field: str, a: Any, b: Any) -> bool:
    """Two token limits that are one size written two ways: n × 1,000 and n × 1,024.

    Also n × 1,000,000 and n × 1,048,576 for millions. "128K" is 131,072 tokens to one source
    and 128,000 to another; neither is a disagreement about the model. Only for the
    token-limit fields (``context_window``, ``max_output``).
    """
    if field not in ("context_window", "max_output") or not all(
            isinstance(x, int) and not isinstance(x, bool) and x > 0 for x in (a, b)):
        return False
    low, high = sorted((a, b))
    return any(low % dec == 0 and high % bin_ == 0 and high % dec != 0  # 128,000 is no
               and low // dec == high // bin_  # binary count, though 125 × 1,024
               for dec, bin_ in ((1000, 1024), (1000**2, 1024**2)))


def decide(field: str, routes: tuple[Offering, ...], maker_providers: tuple[str, ...],
           curated: tuple[Any, str, Authority] | None,
           ) -> tuple[Any, Authority | None, str | None, Disagreement | None]:
    """The value of one headline field, the rule that chose it, its source, any disagreement."""
    read = ROUTE_VALUE[field]
    votes: dict[Any, list[str]] = {}
    own: dict[Any, list[str]] = {}
    for r in routes:
        value = read(r)
        if value is None:
            continue
        votes.setdefault(value, []).append(r.route)
        if r.provider_id in maker_providers:
            own.setdefault(value, []).append(r.route)
    authority: Authority | None
    if curated is not None:
        value, source, authority = curated
    elif own:
        value = _majority(own)
        source, authority = ", ".join(own[value]), "maker"
    elif votes:
        value = _majority(votes)
        source, authority = f"{len(votes[value])} of {sum(map(len, votes.values()))} listings", \
            "majority"
    else:
        return None, None, None, None
    same = [v for v in votes if v == value or same_token_count(field, v, value)]
    groups: list[tuple[Any, list[str]]] = []  # other values, one size written two ways merged
    for v, rs in sorted(votes.items(), key=lambda kv: (-len(kv[1]), _conservative(kv[0]))):
        if v in same:
            continue
        group = next((g for g in groups if same_token_count(field, g[0], v)), None)
        if group is None:
            groups.append((v, list(rs)))
        else:
            group[1].extend(rs)
    others = tuple(ValueCount(v, tuple(rs)) for v, rs in groups)
    disagreement = None
    if others:
        disagreement = Disagreement(field=field, value=value, authority=authority,
                                    source=source,
                                    agreeing=tuple(r for v in same for r in votes[v]),
                                    others=others)
    return value, authority, source, disagreement


def headline_of(model: CatalogModel, maker: Maker | None) -> Headline:
    """Every headline value of a model by the authority rule, with the disagreements."""
    providers = maker.providers if maker else ()
    values: dict[str, Any] = {}
    authority: dict[str, Authority] = {}
    sources: dict[str, str] = {}
    disagreements: list[Disagreement] = []
    for field in ROUTE_VALUE:
        value, rule, source, dis = decide(field, model.routes, providers,
                                          stated_value(model, field))
        if rule is None or source is None:
            continue
        values[field], authority[field], sources[field] = value, rule, source
        if dis is not None:
            disagreements.append(dis)
    return Headline(values=values, authority=authority, sources=sources,
                    disagreements=tuple(disagreements), maker_providers=providers)


def with_authority(model: CatalogModel, makers: tuple[Maker, ...]) -> CatalogModel:
    """The model with its maker and its headline values filled by the authority rule."""
    maker = maker_of(model.key, makers)
    name = (model.curated.maker if model.curated and model.curated.maker else None) or \
        (maker.name if maker else None)
    return replace(model, maker=name, headline=headline_of(model, maker))
