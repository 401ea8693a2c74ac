"""The LangGraph advisor agent: plan tool calls, run them, answer with sources, check numbers."""
