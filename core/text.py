"""Checks on text that arrives from outside (questions, search words, form fields)."""

from __future__ import annotations

import re

from core.errors import InvalidInput

# A lone UTF-16 surrogate ("\ud800") is valid in JSON's escapes but is no character: it cannot be encoded
# as UTF-8, so the tokenizer and SQLite would fail on it deep inside a request.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def check_text(value: str, what: str) -> str:
    """`value` unchanged, or InvalidInput naming `what` and where the first invalid character is."""
    bad = _SURROGATE.search(value)
    if bad is not None:
        raise InvalidInput(
            f"{what} contains an invalid character (a lone UTF-16 surrogate, U+{ord(bad.group()):04X}, "
            f"at position {bad.start() + 1}); send text as valid Unicode"
        )
    return value


def displayable(value: str) -> str:
    """`value` with each lone surrogate replaced by U+FFFD, so that it can be shown back (and encoded)."""
    return _SURROGATE.sub("\ufffd", value)


# The kinds of member a membership list or a question may name, most specific first ("non-voting" holds "voting").
_STANDINGS = (
    ("non-voting", re.compile(r"\bnon[- ]?voting\b", re.I)),
    ("voting", re.compile(r"\bvoting\b", re.I)),
    ("co-opted", re.compile(r"\bco-?opted\b", re.I)),
    ("associate", re.compile(r"\bassociate\s+members?\b", re.I)),
)


def membership_standing(text: str) -> str:
    """The kind of member a list label or a question names: 'non-voting', 'voting', 'co-opted', 'associate', or
    '' when it names none. Ingest marks members with it; answers filter them by it."""
    return next((name for name, pattern in _STANDINGS if pattern.search(text)), "")
