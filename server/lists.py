"""List answers: the list a question asks for, read whole from its section or its numbered clauses."""

from __future__ import annotations

import re
from typing import Any

from core.sentences import sentence_spans
from index.query import coverage, stems_of
from server.engine_base import AnswerResult, EngineBase, answered, source_label
from server.intent import Intent
from server.sentences import (
    ITEM,
    Unit,
    count_in,
)

_CLAUSE_NUMBER = re.compile(r"\d{1,2}\.\d{1,2}\s")
# "Openness: We will ...": a short capitalised label, a colon, then its text.
_LABELLED = re.compile(r"[A-Z][\w&'’/ -]{1,40}:\s+\S")


class ListAnswers(EngineBase):
    def _candidate_lists(
        self,
        question: str,
        units: list[Unit],
        best: Unit,
        weights: dict[str, float],
        alternatives: dict[str, Any],
    ) -> tuple[Unit, list[tuple[int, int]]] | None:
        """The list a list question asks for, among those the best sentences introduce or belong to.

        A list is judged by the line that introduces it ("The strategy identifies six priorities for
        Halton, they are:"), not only by the sentence that ranked best, and a list with as
        many items as the question counts ("the 5 areas of focus") beats one with some other number.
        """
        wanted = count_in(question)
        total = sum(weights.values())
        seen: set[tuple[str, int]] = set()
        scored: list[tuple[float, Unit, list[tuple[int, int]]]] = []
        for candidate in units[:15]:
            if candidate.score < 0.3 * best.score:
                break
            listed = self._list_in_section(candidate)
            from_clauses = not listed
            listed = listed or self._clause_list(candidate)
            if not listed:
                continue
            key = (candidate.hit.chunk["document_id"], listed[-1][0])
            if key in seen:
                continue
            seen.add(key)
            text = self._document_text(candidate.hit.chunk["document_id"])
            has_lead = not ITEM.match(text[listed[0][0] : listed[0][1]])
            lead = text[listed[0][0] : listed[0][1]] if has_lead else ""
            lead_share = coverage(weights, alternatives, stems_of(lead)) / total
            if from_clauses and not lead_share:
                continue  # numbered clauses are a list only under a heading that names what was asked
            score = candidate.score + lead_share
            if wanted:
                items = len(listed) - (1 if has_lead else 0)
                score += 0.4 if items == wanted else -0.2
            scored.append((score, candidate, listed))
        if not scored:
            return None
        _, candidate, listed = max(scored, key=lambda t: t[0])
        return candidate, listed

    def _clause_list(self, unit: Unit) -> list[tuple[int, int]]:
        """A list written as numbered clauses ("8 Values and Behaviours": 8.1 ... 8.5): the parent's heading
        line, then each clause of the parent."""
        section = self.store.section_at(unit.hit.chunk["document_id"], unit.start)
        if section is None or section["kind"] != "clause" or not section["parent_id"]:
            return []
        parent = self.store.section(section["parent_id"])
        if parent is None:
            return []
        siblings = [
            s
            for s in self.store.sections_for(unit.hit.chunk["document_id"])
            if s["parent_id"] == parent["id"] and s["kind"] == "clause"
        ]
        if not 2 <= len(siblings) <= 25:
            return []
        text = self._document_text(unit.hit.chunk["document_id"])

        def trimmed(start: int, end: int) -> tuple[int, int]:
            piece = text[start:end]
            lead = len(piece) - len(piece.lstrip())
            return start + lead, start + len(piece.rstrip())

        line_end = text.find("\n", parent["start"])
        heading = trimmed(parent["start"], line_end if 0 <= line_end < siblings[0]["start"] else siblings[0]["start"])
        spans = [trimmed(s["start"], s["end"]) for s in siblings]
        return ([heading] if heading[1] > heading[0] else []) + [s for s in spans if s[1] > s[0]]

    def _list_in_section(self, best: Unit) -> list[tuple[int, int]]:
        """Spans of the list the best sentence introduces or belongs to, read from its whole section
        (a list often runs past the end of one chunk)."""
        chunk = best.hit.chunk
        section = self.store.section(chunk["section_id"])
        if section is None:
            return []
        text = self._document_text(chunk["document_id"])
        lines: list[tuple[int, int]] = []
        pos, stop = section["body_start"], section["body_end"]
        if text[pos:stop].rstrip().endswith((":", ":-")) and section["end"] > stop:
            stop = section["end"]  # "The Group will lead ..., including:" over its own clauses "(i)", "(ii)" ...
        for line in text[pos:stop].split("\n"):
            if line.strip():
                lines.append((pos, pos + len(line)))
            pos += len(line) + 1
        is_item = [bool(ITEM.match(text[a:b])) for a, b in lines]
        # Items without bullets, after a line ending in a colon ("The changes cover:"): short lines, each
        # ending in ";" or "," or nothing until one ends in a full stop; or labelled lines of any length
        # ("Openness: We will undertake to ...") for as long as the labels run.
        open_run = labelled_run = False
        for i, (a, b) in enumerate(lines):
            line = text[a:b].strip()
            if is_item[i]:
                open_run = labelled_run = False
                continue
            previous = text[lines[i - 1][0] : lines[i - 1][1]].rstrip() if i else ""
            after_colon = previous.endswith((":", ":-"))
            labelled = bool(_LABELLED.match(line)) and (after_colon or labelled_run)
            if labelled or ((after_colon or open_run) and len(line.split()) <= 15 and not line.endswith(":")):
                is_item[i] = True
                open_run = not labelled and not line.endswith(".")
                labelled_run = labelled
            else:
                open_run = labelled_run = False
        anchor = next((i for i, (a, b) in enumerate(lines) if a <= best.start < b + 1), None)
        if anchor is None:
            return []
        first = anchor + 1 if not is_item[anchor] else anchor
        while is_item[anchor] and first > 0 and is_item[first - 1]:
            first -= 1
        last = first
        while last < len(lines) and is_item[last] and last - first < 25:
            last += 1
        if last - first < 2:
            return []
        lead = [lines[first - 1]] if first > 0 and not is_item[first - 1] else []
        if lead and len(text[lead[0][0] : lead[0][1]].split()) > 40:
            # A long paragraph that ends "... The changes cover:": its last sentence introduces the list.
            last_sentence = sentence_spans(text[lead[0][0] : lead[0][1]], lead[0][0])[-1]
            lead = [(last_sentence.start, last_sentence.end)]
        return lead + lines[first:last]

    def _sentences_after(self, best: Unit, count: int) -> list[Unit]:
        """A list written as sentences: the sentence announcing it and the ones after it in its section."""
        if not (count or best.text.rstrip().endswith(":")):
            return []
        chunk = best.hit.chunk
        section = self.store.section(chunk["section_id"])
        if section is None:
            return []
        text = self._document_text(chunk["document_id"])
        following: list[Unit] = []
        pos = best.end
        for line in text[best.end : section["body_end"]].split("\n"):
            following += [
                Unit(text[u.start : u.end], u.start, u.end, best.hit, best.rank, False)
                for u in sentence_spans(line, pos)
                if text[u.start : u.end].strip()
            ]
            pos += len(line) + 1
        return [best, *following[: count or 4]] if following else []

    def _list_answer(
        self,
        question: str,
        intent: Intent,
        best: Unit,
        spans: list[tuple[int, int]],
        related: list[dict[str, Any]],
        mentioned: list[str],
    ) -> AnswerResult:
        chunk = best.hit.chunk
        text = self._document_text(chunk["document_id"])
        citations: list[dict[str, Any]] = []
        marker = self._cite(
            {
                "document": {
                    "id": chunk["document_id"],
                    "title": chunk["document_title"],
                    "date": chunk["document_date"],
                },
                "quote": text[spans[0][0] : spans[0][1]],
                "start": spans[0][0],
                "end": spans[-1][1],
                "section": chunk["section_path"],
            },
            citations,
        )
        lines = [f"According to {source_label(chunk['document_title'], chunk['document_date'])}:"]
        first = text[spans[0][0] : spans[0][1]]
        second = text[spans[1][0] : spans[1][1]] if len(spans) > 1 else ""
        has_lead = not ITEM.match(first) and (
            first.rstrip().endswith((":", ":-")) or bool(ITEM.match(second) or _CLAUSE_NUMBER.match(second))
        )
        for index, (a, b) in enumerate(spans):
            line = text[a:b]
            if index or not has_lead:
                line = line if line.startswith("• ") else f"• {line}"
            lines.append(f"{line} [{marker}]")  # every line is a statement, so every line is cited
        return answered(question, intent, lines, citations, related, mentioned)
