"""The offline planner: turns a question and the thread context into tool calls, no LLM."""

from advisor.agent.offline.planner import OfflinePlan, PlannedCall, plan_offline

__all__ = ["OfflinePlan", "PlannedCall", "plan_offline"]
