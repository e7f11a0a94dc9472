"""Which documents a question names: "in the 2019 plan", "the ICP MoU", "according to the BCF plan"."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from core.aliases import abbreviation_map

Document = TypeVar("Document", bound=Mapping[str, Any])

# How people name the kinds of document a partnership keeps, and what the kind or title then contains.
_DOCUMENT_PHRASES = (
    (r"\bplace(?:[- ]based)? plan\b", "place"),
    (r"\bbcf\b|\bbetter care fund\b", "better care fund"),
    (r"\bmou\b|\bmemorandum\b", "memorandum"),
    (r"\bupdate report\b|\bupdate\b", "update"),
    # "the report to the Board" names a paper; "which groups report to the Board" asks who reports to it
    (r"\b(?:board|hwb|hwbb) (?:report|paper)\b|\b(?:the|a|this|that|latest|last)\s+report to the\b", "report"),
)


def names_a_document(question: str) -> bool:
    """Whether the question uses a word that names a kind of document (cheap, before any lookup)."""
    return bool(re.search(r"\b(?:plan|mou|memorandum|report|paper|update|terms of reference)\b", question.lower()))


def document_scope(question: str, documents: Sequence[Mapping[str, Any]]) -> set[str] | None:
    """Documents a question names ("in the 2019 plan", "the ICP MoU", "the BCF plan"), if any."""
    q = question.lower()
    if not names_a_document(q):
        return None
    chosen = documents
    years = set(re.findall(r"\b(?:19|20)\d{2}\b", q))
    if years:
        chosen = [d for d in chosen if d["date"][:4] in years]
    kinds = {kind for phrase, kind in _DOCUMENT_PHRASES if re.search(phrase, q)}
    if kinds:
        by_kind = [d for d in chosen if any(k in d["kind"].lower() or k in d["title"].lower() for k in kinds)]
        # "The ACS MoU" is the memorandum in the Accountable Care System report, not the ICP's: a named
        # programme that titles some document outranks the kind of document.
        titled = [d for d in chosen if any(t in d["title"].lower() for t in _programmes_named(question))]
        chosen = [d for d in by_kind if d in titled] or titled or by_kind
    if not chosen or len(chosen) == len(documents):
        return None
    return {d["id"] for d in chosen}


@functools.lru_cache(maxsize=1)
def _abbreviations() -> dict[str, list[str]]:
    """The search's abbreviation table, lower-cased, read once."""
    return {a: [e.lower() for e in expansions] for a, expansions in abbreviation_map().items()}


def _programmes_named(question: str) -> list[str]:
    """What an abbreviation just before a document's kind stands for ("the ACS MoU" -> "accountable care
    system"), unless it is a kind of document itself ("BCF plan")."""
    table = _abbreviations()
    kinds = "|".join(phrase for phrase, _ in _DOCUMENT_PHRASES)
    before_kind = re.findall(rf"\b([a-z&]+)\s+(?:{kinds})", question.lower())
    return [
        e
        for w in before_kind
        for e in table.get(w, [])
        if not any(re.search(phrase, e) for phrase, _ in _DOCUMENT_PHRASES)
    ]


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_NAMING = re.compile(
    r"\b(?:(?:in|from|of|under|according to|within|by)\s+)?(?:the\s+)?"
    rf"(?:(?:icp|acs|bcf|hwb|hwbb|ics|icb|{_MONTH}|(?-i:[A-Z][A-Za-z&]*)|"
    r"(?:19|20)\d{2}(?:\s*[-/]\s*(?:19|20)?\d{2})?)\s+){0,4}"
    r"(?:place(?:[- ]based)? plan|better care fund plan|bcf plan|mou|memorandum(?: of understanding)?|"
    r"update report|board report|update|report|paper|plan)(?:['’]s)?\b",
    re.I,
)


def without_document_words(question: str) -> str:
    """The question without the words that name a document ("in the ICP MoU", "the 2019 plan")."""
    return re.sub(r"\s{2,}", " ", _NAMING.sub(" ", question)).strip()


def documents_named(question: str, documents: Sequence[Document]) -> list[Document]:
    """Every document a question names on its own ("the ICP MoU ... the 2019 place plan"): by kind or
    title words, or by year, each phrase counted separately."""
    q = question.lower()
    kinds = {kind for phrase, kind in _DOCUMENT_PHRASES if re.search(phrase, q)}
    years = set(re.findall(r"\b(?:19|20)\d{2}\b", q))
    return [
        d
        for d in documents
        if any(k in d["kind"].lower() or k in d["title"].lower() for k in kinds) or d["date"][:4] in years
    ]
