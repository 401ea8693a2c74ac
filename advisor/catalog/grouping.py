"""Which offerings are one product, and a check that no group hides two different products.

Offerings group under the normalised form of their id (:func:`advisor.catalog.names.normalize`),
except ids whose last segment is a generic word (``openrouter/auto``, ``kilo-auto/free``):
those name a provider's own router or plan, so the owner in the path stays in the key.

:func:`suspect_groups` lists every group whose routes disagree on the context window by more
than 2× or on modalities. Each must be split or explained in ``knowledge/grouping.yaml``, a
reviewed allow-list naming the reason (a test over the whole catalog holds that to be so).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from advisor.catalog.names import normalize
from advisor.catalog.schema import CatalogModel
from advisor.catalog.yamlfile import load_yaml
from advisor.errors import AdvisorError

# Last id segments that name a router or a plan of one provider, not a model of their own.
GENERIC_IDS = frozenset({"auto", "free", "router", "custom", "balanced", "small", "frontier",
                         "default", "fast", "best"})
CONTEXT_SPREAD = 2.0  # routes of one product may serve shorter windows; beyond 2× it is checked


def group_key(model_id: str, provider_id: str = "") -> str:
    """The grouping key of an offering id: its normalised form, owner kept for generic ids.

    A generic id's owner is the path segment before it (``openrouter`` in
    ``kilo/openrouter/auto``), else the provider that lists it.
    """
    key = normalize(model_id)
    bare = model_id.rsplit("/", 1)[-1].strip().lower()
    if key in GENERIC_IDS or bare in GENERIC_IDS:
        owner = model_id.rsplit("/", 2)[-2] if "/" in model_id else provider_id
        if owner:
            return normalize(owner.replace("~", "")) + (key or normalize(bare))
    return key


@dataclass(frozen=True, slots=True)
class SuspectGroup:
    """A group whose routes disagree enough that it might be two products."""

    key: str
    name: str
    routes: int
    smallest_context: int | None
    largest_context: int | None
    modalities_in: tuple[tuple[str, ...], ...]
    modalities_out: tuple[tuple[str, ...], ...]

    @property
    def why(self) -> str:
        """What disagrees, in words."""
        parts = []
        if self.smallest_context and self.largest_context:
            parts.append(f"context {self.smallest_context:,} to {self.largest_context:,}")
        if len(self.modalities_in) > 1:
            parts.append("input modalities " + " | ".join(map(",".join, self.modalities_in)))
        if len(self.modalities_out) > 1:
            parts.append("output modalities " + " | ".join(map(",".join, self.modalities_out)))
        return "; ".join(parts)


def suspect_groups(models: Iterable[CatalogModel]) -> list[SuspectGroup]:
    """Every group whose routes disagree on context by more than 2× or on modalities."""
    out = []
    for m in models:
        contexts = [r.context for r in m.routes if r.context]
        wide = bool(contexts) and max(contexts) > CONTEXT_SPREAD * min(contexts)
        ins = sorted({tuple(sorted(r.modalities_in)) for r in m.routes if r.modalities_in})
        outs = sorted({tuple(sorted(r.modalities_out)) for r in m.routes if r.modalities_out})
        if wide or len(ins) > 1 or len(outs) > 1:
            out.append(SuspectGroup(
                key=m.key, name=m.name, routes=len(m.routes),
                smallest_context=min(contexts) if wide else None,
                largest_context=max(contexts) if wide else None,
                modalities_in=tuple(ins) if len(ins) > 1 else (),
                modalities_out=tuple(outs) if len(outs) > 1 else ()))
    return sorted(out, key=lambda g: g.key)


class GroupingDataError(AdvisorError, ValueError):
    """``knowledge/grouping.yaml`` that does not validate; names the entry and the problem."""


def load_allow_list(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The reviewed reasons (name → explanation) and the groups each reason explains."""
    if not path.is_file():
        return {}, {}
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    reasons = data.get("reasons") or {}
    groups = data.get("groups") or {}
    if not isinstance(reasons, dict) or not isinstance(groups, dict):
        raise GroupingDataError(f"{path.name}: expected 'reasons' and 'groups' mappings")
    for key, reason in groups.items():
        if reason not in reasons:
            raise GroupingDataError(f"{path.name}: group {key!r} names an unknown reason "
                                    f"{reason!r}; known: {', '.join(sorted(reasons))}")
    return {str(k): str(v) for k, v in reasons.items()}, {str(k): str(v)
                                                         for k, v in groups.items()}
