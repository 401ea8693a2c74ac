"""One spelling per licence, so "Apache 2.0", "apache-2.0" and "Apache License 2.0" agree."""

from __future__ import annotations

import re

_ALIASES = {
    "apache 2.0": "Apache 2.0", "apache-2.0": "Apache 2.0", "apache license 2.0": "Apache 2.0",
    "apache license, version 2.0": "Apache 2.0", "apache2": "Apache 2.0",
    "mit": "MIT", "mit license": "MIT",
}
_TRAILING = re.compile(r"\s+(?:license agreement|licence agreement|license|licence)$",
                       re.IGNORECASE)


def canonical_licence(name: str) -> str:
    """The advisor's spelling of a licence name (unknown names keep theirs, trimmed)."""
    text = " ".join(str(name).split())
    alias = _ALIASES.get(text.lower())
    if alias:
        return alias
    text = _TRAILING.sub("", text)
    return _ALIASES.get(text.lower(), text)


def commercial_from_flag(allowed: bool | None) -> str | None:
    """A yes/no commercial-use flag in the advisor's words."""
    if allowed is None:
        return None
    return "permitted" if allowed else "not permitted"
