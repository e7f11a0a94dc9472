"""Generate long, structured governance text of any size for the scaling tests (no corpus's own names)."""

from __future__ import annotations

import itertools

_BODIES = ("Partnership Board", "Finance Committee", "Quality Group", "Provider Forum", "Strategy Group")
_VERBS = ("reports to", "advises", "is accountable to", "sends its minutes to", "is consulted by")
_SENTENCES = (
    "The {a} {verb} the {b} each quarter and publishes its papers a week before it meets.",
    "Members of the {a} agree the annual plan, review the risk register and set the budget for the year.",
    "Where the {a} cannot agree, the matter goes to the {b}, whose decision is final.",
    "The {a} is quorate when four members are present, including one from the council and one from the NHS.",
    "Each partner names a deputy who may attend the {a} and vote in the member's place.",
)


def section_text(number: int) -> str:
    """One numbered section: a heading, two paragraphs, a short list and two clauses."""
    a = _BODIES[number % len(_BODIES)]
    b = _BODIES[(number + 2) % len(_BODIES)]
    verb = _VERBS[number % len(_VERBS)]
    sentences = [s.format(a=a, b=b, verb=verb) for s in _SENTENCES]
    rotated = sentences[number % 5 :] + sentences[: number % 5]
    return (
        f"{number}. Arrangements for the {a} (part {number})\n\n"
        f"{' '.join(rotated[:3])}\n\n"
        f"{' '.join(rotated[3:])} The reference for this part is item {number}.\n\n"
        f"The {a} will:\n\n"
        f"- meet at least {number % 9 + 3} times a year;\n"
        "- keep a record of its decisions;\n"
        f"- report to the {b}.\n\n"
        f"{number}.1 The chair of the {a} is elected each year by its members.\n\n"
        f"{number}.2 The {a} reviews these terms of reference every two years.\n\n"
    )


def governance_text(min_chars: int, title: str = "Terms of Reference of the Partnership Board") -> str:
    """A document of at least `min_chars` characters: a title, then numbered sections until it is long enough."""
    parts = [f"{title}\n\n"]
    size = len(parts[0])
    for number in itertools.count(1):
        if size >= min_chars:
            break
        part = section_text(number)
        parts.append(part)
        size += len(part)
    return "".join(parts)
