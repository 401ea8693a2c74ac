"""Side-by-side comparison reports: ``compare_models`` and its result shapes."""

from advisor.tools.compare.budget import BudgetAnswer, BudgetFit, budget_fit, check_budget
from advisor.tools.compare.build import compare_models
from advisor.tools.compare.costs import CostSection, ModelCost, Traffic
from advisor.tools.compare.profile import ModelProfile, PriceRef
from advisor.tools.compare.reasons import Friction, Reason, TradeOff
from advisor.tools.compare.report import ComparisonReport, Row, SharedBenchmark

__all__ = [
    "BudgetAnswer",
    "BudgetFit",
    "ComparisonReport",
    "CostSection",
    "Friction",
    "ModelCost",
    "ModelProfile",
    "PriceRef",
    "Reason",
    "Row",
    "SharedBenchmark",
    "TradeOff",
    "Traffic",
    "budget_fit",
    "check_budget",
    "compare_models",
]
