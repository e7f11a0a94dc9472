"""How a follow-up question was read, said back to the person: "Taking “it” as the Northby Provider Alliance"."""

from __future__ import annotations

from typing import Any

from server.facts import the


def follow_up_reading(question: str, resolved: str, previous: str | None = None) -> dict[str, Any] | None:
    """What the chat memory put in a question, from the question and what it was resolved to: the words it
    stood for (a pronoun taken as a body) or the earlier question it was joined to; None when unchanged."""
    if resolved == question:
        return None
    if previous and resolved.endswith(f" — {previous}"):
        return {"taken": question, "as": previous, "text": f"Read together with the previous question: “{previous}”"}
    start = 0
    while start < min(len(question), len(resolved)) and question[start] == resolved[start]:
        start += 1
    end = 0
    while end < min(len(question), len(resolved)) - start and question[-1 - end] == resolved[-1 - end]:
        end += 1
    while start and question[start - 1].isalnum():  # whole words: "its" -> "the X", never "ts" -> "he X"
        start -= 1
    while end and question[len(question) - end].isalnum():
        end -= 1
    taken = question[start : len(question) - end].strip()
    meant = resolved[start : len(resolved) - end].strip()
    if not taken or not meant:
        return None
    name = meant[4:] if meant.lower().startswith("the ") else meant
    return {"taken": taken, "as": name, "text": f"Taking “{taken}” as {the(name, lower=True)}."}
