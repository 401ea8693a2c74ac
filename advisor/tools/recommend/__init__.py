"""The recommendation tool: hard constraints filter the catalog, the rest are ranked by fit.

Modules: :mod:`profiles` (per-catalog facts, cached), :mod:`constraints` (filters and counts),
:mod:`scoring` (weighted components), :mod:`explain` (reasons and trade-offs), :mod:`result`
(the pydantic result) and :mod:`core` (the ``recommend`` function).
"""

from advisor.tools.recommend.core import recommend
from advisor.tools.recommend.result import (
    ConstraintCount,
    Pick,
    Recommendation,
    Relaxation,
    ScoreComponent,
)

__all__ = ["ConstraintCount", "Pick", "Recommendation", "Relaxation", "ScoreComponent",
           "recommend"]
