"""The offline planner: turns a question and the thread context into tool calls, no LLM."""
