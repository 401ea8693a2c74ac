"""Model Advisor: choose a language model for a workload, with every figure sourced."""

__version__ = "0.1.0"
