"""Text safe to hand to a tokenizer, an encoder or a terminal (the ground floor: no imports).

Lone surrogates arrive from ``os.fsdecode`` of undecodable bytes (argv, file names) or from a
JSON escape of half a surrogate pair; they crash UTF-8 encoders and the fast tokenizers. Control
characters other than tab and newline garble terminals and logs.
"""

from __future__ import annotations

import re

__all__ = ["clean_text"]

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """``value`` with lone surrogates as U+FFFD and control characters as spaces.

    Tab and newline stay.
    """
    return _CONTROL.sub(" ", _SURROGATE.sub("\ufffd", value))
