"""Load curated model facts from ``knowledge/models/*.yaml``.

A file that does not validate is reported with a message naming the file, the model and the
field, so a typo never silently drops a fact: :func:`load_curated` raises on the first one,
:func:`load_curated_checked` returns the good models and the errors of the files it left out.
Values are range-checked (:mod:`advisor.catalog.curated_checks`): parameters, context, memory
and prices must be finite and plausible, dates real; unknown keys, a key stated twice and two
files for one model are refused.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from advisor.catalog import curated_checks as checks
from advisor.catalog.names import normalize
from advisor.catalog.schema import Benchmark, Claim, CuratedModel, Fact, SourceRef
from advisor.errors import AdvisorError

# Fact keys a curated file may use, with the Python types their values may take.
FACT_TYPES: dict[str, tuple[type, ...]] = {
    "parameters_total_b": (int, float),
    "parameters_active_b": (int, float),
    "architecture": (str,),
    "context_window": (int,),
    "max_output_tokens": (int,),
    "license": (str,),
    "commercial_use": (str,),
    "open_weights": (bool,),
    "modalities_input": (list,),
    "languages": (str, int),
    "fine_tuning": (list,),
    "memory_gb": (dict,),
    "runtimes": (dict,),
    "best_for": (list,),
    "release_date": (str,),
    "knowledge_cutoff": (str,),
    "capabilities": (dict,),
    "num_layers": (int,),
    "num_kv_heads": (int,),
    "head_dim": (int,),
    "hidden_size": (int,),
    "speed": (list,),
    "ram_q4_gb": (int, float),
    "provider_prices": (dict, list),
}


class CuratedDataError(AdvisorError, ValueError):
    """A curated file that does not validate: names the file, the model and the field."""

    def __init__(self, file: str, model: str | None, field: str, problem: str) -> None:
        self.file, self.model, self.field = file, model, field
        who = f"model {model!r}" if model else "no model name"
        super().__init__(f"{file}: {who}, field {field!r}: {problem}")


def load_curated(directory: Path) -> list[CuratedModel]:
    """Every curated model in ``directory`` (sorted by file name); raises on the first bad file."""
    models, errors = load_curated_checked(directory)
    if errors:
        raise errors[0]
    return models


def load_curated_checked(directory: Path) -> tuple[list[CuratedModel], list[CuratedDataError]]:
    """The curated models that validate, and the error of every file left out.

    A second file for a model another file already curates (same name, match id or alias
    after normalisation) is left out too, naming the first file.
    """
    if not directory.is_dir():
        return [], []
    models: list[CuratedModel] = []
    errors: list[CuratedDataError] = []
    owner: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            model = load_file(path)
        except CuratedDataError as exc:
            errors.append(exc)
            continue
        names = {n for n in map(normalize, (model.name, *model.match, *model.aliases)) if n}
        taken = sorted({owner[n] for n in names if n in owner})
        if taken:
            errors.append(CuratedDataError(model.file, model.name, "name",
                                           f"{taken[0]} already curates this model; keep one "
                                           "file per model"))
            continue
        owner.update(dict.fromkeys(names, model.file))
        models.append(model)
    return models, errors


def load_file(path: Path) -> CuratedModel:
    """Parse and validate one curated YAML file."""
    fname = path.name
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        raise CuratedDataError(fname, None, "(file)",
                               f"cannot be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise CuratedDataError(fname, None, "(file)", f"not UTF-8 text (undecodable byte "
                               f"at offset {exc.start}); save it as UTF-8") from exc
    try:
        data = yaml.load(text, Loader=checks.StrictLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        raise CuratedDataError(fname, None, "(file)", f"cannot be parsed: {exc}") from exc
    if not isinstance(data, dict):
        raise CuratedDataError(fname, None, "(file)", "expected a mapping at the top level")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CuratedDataError(fname, None, "name", "missing or not a string")
    problem = checks.unknown_keys(data, checks.TOP_LEVEL_KEYS)
    if problem:
        raise CuratedDataError(fname, name, "(top level)", problem)
    for field in ("family", "maker"):
        if data.get(field) is not None and not isinstance(data[field], str):
            raise CuratedDataError(fname, name, field, "expected text")
    sources = _sources(fname, name, data.get("sources"))
    facts = _facts(fname, name, data.get("facts") or {}, sources)
    _check_active(fname, name, facts)
    benchmarks = _benchmarks(fname, name, data.get("benchmarks") or [], sources)
    return CuratedModel(
        file=fname,
        name=name.strip(),
        match=tuple(_str_list(fname, name, "match", data.get("match"))),
        aliases=tuple(_str_list(fname, name, "aliases", data.get("aliases"))),
        family=data.get("family"),
        maker=data.get("maker"),
        facts=facts,
        benchmarks=tuple(benchmarks),
        sources=sources,
    )


def _date(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _str_list(fname: str, model: str, field: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CuratedDataError(fname, model, field, "expected a list of strings")
    return value


def _sources(fname: str, model: str, raw: Any) -> dict[str, SourceRef]:
    if not isinstance(raw, dict) or not raw:
        raise CuratedDataError(fname, model, "sources", "missing: every fact needs a source")
    out: dict[str, SourceRef] = {}
    for key, src in raw.items():
        field = f"sources.{key}"
        if not isinstance(src, dict) or not src.get("title"):
            raise CuratedDataError(fname, model, field, "needs a title")
        if not (src.get("ref") or src.get("url")):
            raise CuratedDataError(fname, model, field, "needs a ref (seed page) or a url")
        if not src.get("as_of"):
            raise CuratedDataError(fname, model, field, "needs an as_of date")
        problem = checks.unknown_keys(src, checks.SOURCE_KEYS) or checks.check_date(src["as_of"])
        if problem:
            raise CuratedDataError(fname, model, field, problem)
        out[str(key)] = SourceRef(key=str(key), title=str(src["title"]), ref=src.get("ref"),
                                  url=src.get("url"), as_of=_date(src["as_of"]))
    return out


def _facts(fname: str, model: str, raw: Any,
           sources: dict[str, SourceRef]) -> dict[str, Fact]:
    if not isinstance(raw, dict):
        raise CuratedDataError(fname, model, "facts", "expected a mapping of fact lists")
    facts: dict[str, Fact] = {}
    for field, claims in raw.items():
        if field not in FACT_TYPES:
            raise CuratedDataError(fname, model, field,
                                   f"unknown fact; allowed: {', '.join(sorted(FACT_TYPES))}")
        if isinstance(claims, dict):
            claims = [claims]
        if not isinstance(claims, list) or not claims:
            raise CuratedDataError(fname, model, field, "expected a list of claims")
        parsed = [_claim(fname, model, field, c, sources) for c in claims]
        # The maker's own statement (a model card or vendor page, cited by URL) is the
        # headline value; third-party pages follow. Every claim is kept either way.
        parsed.sort(key=lambda c: c.source.url is None)
        facts[field] = Fact(field=field, claims=tuple(parsed))
    return facts


def _claim(fname: str, model: str, field: str, raw: Any,
           sources: dict[str, SourceRef]) -> Claim:
    if not isinstance(raw, dict) or "value" not in raw:
        raise CuratedDataError(fname, model, field, "each claim needs a value and a source")
    value = raw["value"]
    types = FACT_TYPES[field]
    if isinstance(value, bool) and bool not in types or not isinstance(value, types):
        expected = " or ".join(t.__name__ for t in types)
        raise CuratedDataError(fname, model, field,
                               f"value {str(value)[:60]!r} is not a {expected}")
    problem = (checks.unknown_keys(raw, checks.CLAIM_KEYS)
               or checks.check_fact_value(field, value)
               or (checks.check_date(raw["as_of"]) if raw.get("as_of") else None))
    if problem:
        raise CuratedDataError(fname, model, field, problem)
    src = sources.get(str(raw.get("source")))
    if src is None:
        raise CuratedDataError(fname, model, field,
                               f"source {raw.get('source')!r} is not listed under sources")
    return Claim(value=value, source=src, note=raw.get("note"),
                 as_of=_date(raw.get("as_of") or src.as_of))


def _benchmarks(fname: str, model: str, raw: Any,
                sources: dict[str, SourceRef]) -> list[Benchmark]:
    if not isinstance(raw, list):
        raise CuratedDataError(fname, model, "benchmarks", "expected a list")
    out = []
    for i, b in enumerate(raw):
        field = f"benchmarks[{i}]"
        if not isinstance(b, dict) or not isinstance(b.get("name"), str):
            raise CuratedDataError(fname, model, field, "needs a name")
        score = b.get("score")
        if isinstance(score, bool) or not isinstance(score, int | float):
            raise CuratedDataError(fname, model, field, f"score {score!r} is not a number")
        problem = checks.unknown_keys(b, checks.BENCHMARK_KEYS) or checks.check_score(score)
        if problem:
            raise CuratedDataError(fname, model, field, problem)
        src = sources.get(str(b.get("source")))
        if src is None:
            raise CuratedDataError(fname, model, field,
                                   f"source {b.get('source')!r} is not listed under sources")
        out.append(Benchmark(name=b["name"], score=float(score), source=src, note=b.get("note")))
    return out


def _check_active(fname: str, model: str, facts: dict[str, Fact]) -> None:
    """Active parameters of a mixture of experts cannot exceed the total."""
    total, active = facts.get("parameters_total_b"), facts.get("parameters_active_b")
    if total is None or active is None:
        return
    totals = [c.value for c in total.claims if isinstance(c.value, int | float)]
    for claim in active.claims:
        if totals and claim.value > max(totals):
            raise CuratedDataError(fname, model, "parameters_active_b",
                                   f"{claim.value:g}B active is more than the "
                                   f"{max(totals):g}B total")
