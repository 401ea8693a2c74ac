"""The progress callback type ingestion reports through (a module of its own: no circle)."""

from __future__ import annotations

from collections.abc import Callable

ProgressFn = Callable[[int, int, str], None]
"""Called as ``progress(done, total, what)`` while chunks are embedded."""
