"""The answer-or-abstain decision's vocabulary: every reason the engine may give for not answering.

Each reason is one named check. The engine declines with exactly one of them, the API reports its code
(`decline_reason.code` in `/api/ask`), and the evaluation counts how often each fired on answerable and
unanswerable questions alike, so a check that mostly declines answerable questions shows up by name.
"""

from __future__ import annotations

from dataclasses import dataclass

# code -> what the check asks of the documents before an answer may be given.
CHECKS: dict[str, str] = {
    "no_content": "the question has words the documents could be searched for",
    "unknown_word": "the word the question turns on occurs in some document (or a variant the corpus defines)",
    "unknown_year": "every year the question names occurs in some document",
    "no_passage": "search finds at least one passage for the question",
    "no_sentence": "the passages found hold a sentence to answer from",
    "off_topic": "the best statement's passage holds enough of the question's weighted words to be about it",
    "relation_unstated": "a statement says the relation asked for (chairs, meets, reports to) of the body asked",
    "value_missing": "a statement about the question holds the kind of value asked for (a date, a sum, a number)",
    "person_missing": "a statement names the person asked for",
    "planned_not_done": "the statement says the outcome happened, not only that it was planned",
    "other_place": "the statement is about the place the question names, not only about other places",
    "attribute_missing": "the answer's passage names the attribute asked of the body ('the quorum of X')",
    "other_owner": "the statement is about the owner the question names ('X's board'), not another's",
    "key_word_missing": "the answer's passage mentions the word the question turns on (its rarest by far)",
    "proposed_only": "the documents say which new name was adopted, not only which was proposed",
}


@dataclass(frozen=True)
class Decline:
    """Why the engine declined: the check that failed and, in plain words, what was not found."""

    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CHECKS:
            raise ValueError(f"unknown decline check {self.code!r}; add it to server.decline.CHECKS")

    def sentence(self) -> str:
        """The one plain sentence a person reads: "The documents do not say: no document mentions “parking”."""
        message = self.message.rstrip(".")
        return f"The documents do not say: {message}."

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}
