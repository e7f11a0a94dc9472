"""The answer engine: graph facts first, then the sentences of the best passages, always cited.

Plain Python (no web framework), used alike by the API, the CLI and the evaluation runner.
Answers are extractive: statements are sentences from the documents, or graph facts that carry
their own evidence quote. When nothing supports an answer the engine abstains and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from core.errors import InvalidInput
from core.records import stable_id
from index.conversations import ConversationStore
from index.graph import GraphEdge, GraphIndex
from index.query import STOPWORDS, coverage, stem, words
from index.search import HybridSearcher, SearchFilters, SearchHit, hit_json, passage_url
from index.store import Store
from ingest.chunks import sentence_spans
from server.facts import GROUP_PHRASES, RELATION_PHRASES, fact_sentence
from server.intent import Intent, classify, satisfies
from server.scope import document_scope, without_document_words
from server.sentences import (
    ITEM,
    Unit,
    count_in,
    counted_noun,
    definition_bonus,
    definition_subject,
    focus_word,
    list_around,
    overlaps,
    passage_units,
)

MAX_QUESTION_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PRONOUN = re.compile(
    r"\b(?:it|its|it's|they|them|their|theirs|this|that|these|those|he|she|him|her|the same)\b"
    r"(?:\s+(?:board|body|group|partnership|forum|committee|alliance|organisation|organization|one))?",
    re.I,
)
_FOLLOW_UP_START = re.compile(r"^\s*(?:and|also|plus|what about|how about|and what about)\b", re.I)
# Share of the question's (rarity-weighted) words the best passage must contain to be an answer.
# Calibrated on the gold set (0.4 / 0.45 / 0.5 tried): lower thresholds traded abstention for nothing.
_MIN_COVERAGE = 0.5


@dataclass
class AnswerResult:
    answer: str
    abstained: bool
    kind: str
    citations: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    related: list[dict[str, Any]] = field(default_factory=list)
    resolved_question: str = ""
    focus: str | None = None
    conversation_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "abstained": self.abstained,
            "kind": self.kind,
            "citations": self.citations,
            "facts": self.facts,
            "related": self.related,
            "resolved_question": self.resolved_question,
            "conversation_id": self.conversation_id,
        }


class AnswerEngine:
    def __init__(
        self,
        store: Store,
        searcher: HybridSearcher,
        graph: GraphIndex,
        conversations: ConversationStore | None = None,
    ) -> None:
        self.store = store
        self.searcher = searcher
        self.graph = graph
        self.conversations = conversations
        self._texts: dict[str, str] = {}

    def load(self) -> AnswerEngine:
        self._texts = {}
        return self

    # --- public ------------------------------------------------------------------------------
    def ask(self, question: str, conversation_id: str | None = None) -> AnswerResult:
        question = self.validate(question)
        history: list[dict[str, Any]] = []
        if conversation_id and self.conversations is not None:
            history = self.conversations.turns(conversation_id)
        elif self.conversations is not None:
            conversation_id = self.conversations.create()
        resolved, focus_ids = self._resolve(question, history)
        result = self.answer(resolved, focus_ids)
        result.conversation_id = conversation_id
        if conversation_id and self.conversations is not None:
            payload = result.to_json()
            payload["focus"] = result.focus
            self.conversations.add_turn(conversation_id, question, resolved, result.answer, payload)
        return result

    @staticmethod
    def validate(question: str) -> str:
        if not isinstance(question, str):
            raise InvalidInput("the question must be text")
        cleaned = re.sub(r"\s+", " ", _CONTROL.sub(" ", question)).strip()
        if not cleaned:
            raise InvalidInput("the question is empty; type a question about the partnership's documents")
        if len(cleaned) > MAX_QUESTION_CHARS:
            raise InvalidInput(
                f"the question is {len(cleaned)} characters long; the limit is {MAX_QUESTION_CHARS}. "
                "Ask one shorter question at a time."
            )
        if not re.search(r"[A-Za-z0-9]", cleaned):
            raise InvalidInput("the question has no words in it; type a question in words")
        return cleaned

    def answer(self, question: str, focus_ids: list[str] | None = None) -> AnswerResult:
        """Answer one self-contained question (follow-ups already resolved)."""
        masked = self.graph.mask_mentions(question)
        intent = classify(question, masked=masked)
        if (
            intent.relation_name == "part_of"
            and re.search(r"\bpart of (?:the )?X\b", masked)
            and masked.count("X") == 1
        ):
            # "Are the police part of One Halton?" names only the whole: it asks who its parts are.
            intent = classify("who are the members")
        mentioned = self.graph.find_mentions(question) or list(focus_ids or [])
        focus = focus_word(question)
        if focus and focus not in STOPWORDS and self.searcher.analyzer.is_unknown(focus):
            # "What's the quorum of ...?" when no document uses the word: nothing can answer it.
            hits = self.searcher.search(question, k=3)
            return self._abstain(question, intent, [hit_json(h) for h in hits], f"no document mentions “{focus}”")
        if intent.relation_name == "members" and re.match(r"\s*who\b.*\bsign\w*\b.*\bfor (?:the )?X\b", masked):
            # "Who signed the MoU for the Council?" asks for a person; the graph holds the organisations that
            # sign, so only a passage naming the person could answer.
            hits = self.searcher.search(question, k=3)
            return self._abstain(
                question, intent, [hit_json(h) for h in hits], "no passage names who signed for that organisation"
            )
        if intent.kind == "relation":
            result = self._answer_from_graph(question, intent, mentioned)
            if result is not None:
                return result
        return self._answer_from_passages(question, intent, mentioned)

    def evidence_chunks(self, query: str) -> list[str]:
        """Chunks holding the graph's evidence for a relation question, newest facts first, for search to
        fuse as a third ranked list. A member list answers "who sits on X?" without sharing its words."""
        intent = classify(query, masked=self.graph.mask_mentions(query))
        if intent.kind != "relation":
            return []
        chunk_ids: list[str] = []
        for node_id in self.graph.find_mentions(query)[:2]:
            edges = [e for e in self._edges_for(intent, node_id) if e.confidence >= 0.5]
            edges.sort(key=lambda e: (e.newest_date, e.confidence), reverse=True)
            for edge in edges:
                for ev in edge.evidence:
                    row = self.store.chunk_containing(ev["document"]["id"], ev["start"], ev["end"])
                    if row is not None and row["id"] not in chunk_ids:
                        chunk_ids.append(row["id"])
        return chunk_ids[:10]

    # --- follow-ups --------------------------------------------------------------------------
    def _resolve(self, question: str, history: list[dict[str, Any]]) -> tuple[str, list[str]]:
        if not history:
            return question, []
        last = history[-1]
        focus = last["payload"].get("focus")
        mentions = self.graph.find_mentions(question)
        is_follow_up = (
            bool(_PRONOUN.search(question) or _FOLLOW_UP_START.search(question)) or len(question.split()) <= 4
        )
        if mentions or not is_follow_up:
            return question, mentions
        if focus and focus in self.graph.nodes and _PRONOUN.search(question):
            return _PRONOUN.sub(f"the {self.graph.name(focus)}", question, count=1), [focus]
        # "And for 2019/20?": the new words, then the previous question for its topic (and its body).
        topic = last["resolved_question"]
        focus_ids = [focus] if focus and focus in self.graph.nodes else []
        return f"{_FOLLOW_UP_START.sub('', question).strip()} — {topic}", focus_ids

    # --- graph answers -----------------------------------------------------------------------
    def _edges_for(self, intent: Intent, node_id: str) -> list[GraphEdge]:
        g = self.graph
        if intent.direction == "self":
            return g.edges_from(node_id, intent.relations)
        if intent.direction == "both":
            return g.edges_from(node_id, intent.relations) + g.edges_to(node_id, intent.relations)
        primary = (
            g.edges_from(node_id, intent.relations)
            if intent.direction == "out"
            else g.edges_to(node_id, intent.relations)
        )
        if primary:
            return primary
        # "Which boards is the Council a member of?" asks the other way round.
        return (
            g.edges_to(node_id, intent.relations)
            if intent.direction == "out"
            else g.edges_from(node_id, intent.relations)
        )

    def _answer_from_graph(self, question: str, intent: Intent, mentioned: list[str]) -> AnswerResult | None:
        scope = document_scope(question, self.store.list_documents())
        if intent.relation_name == "decision" and _ASKS_WHICH_BODY.search(question):
            # "Which body makes the decisions for One Halton?": the bodies stated to be decision-making.
            deciders = [
                e
                for e in self.graph.edges
                if e.relation == "is_decision_making" and str(e.attributes.get("value")).lower() == "true"
            ]
            if scope is not None:
                deciders = [e for e in deciders if any(ev["document"]["id"] in scope for ev in e.evidence)] or deciders
            mentioned = [e.source for e in deciders] + [m for m in mentioned if m not in {e.source for e in deciders}]
        found: list[tuple[str, list[GraphEdge]]] = []
        asked_rename = intent.relation_name == "renamed"
        for node_id in mentioned:
            edges = [e for e in self._edges_for(intent, node_id) if e.confidence >= 0.5]
            if intent.relation_name == "members" and intent.direction == "in":
                # "One Halton" became "One Halton Integrated Care Partnership": a partnership's later,
                # qualified name carries its newer partner lists, so both are shown, newest first.
                for later in self._qualified_forms(node_id):
                    edges += [e for e in self.graph.edges_to(later, intent.relations) if e.confidence >= 0.5]
            if not edges and intent.relation_name == "renamed" and _ASKS_ABOUT_NOW.search(question):
                # "Who replaced X?" where no rename is recorded: X's memberships, then the newest list.
                intent = classify("who are the members")
                edges = [e for e in self._edges_for(intent, node_id) if e.confidence >= 0.5]
            if scope is not None:
                scoped = [e for e in edges if any(ev["document"]["id"] in scope for ev in e.evidence)]
                edges = scoped or edges
            if edges:
                edges.sort(key=lambda e: (e.newest_date, e.confidence), reverse=True)
                found.append((node_id, edges))
        if not found:
            return None
        if asked_rename and intent.relation_name == "members":
            # "Who replaced North West Boroughs in the One Halton partnership?" is about the partner that
            # went, not about the partnership also named.
            member_rels = ("member_of", "partner_of", "signatory_of")
            found.sort(key=lambda pair: not self.graph.edges_from(pair[0], member_rels))
        # "How did the partners change between the 2018 board and the 2021 MoU?" names two bodies: show both.
        compared = found[:2] if intent.relation_name == "members" and _COMPARES.search(question) else found[:1]
        if intent.relation_name == "decision" and len(found) > 1 and found[-1][0] in mentioned[-1:]:
            # "The 2018 board wasn't decision-making, so who decides?": the deciders, and the board named.
            compared.append(found[-1])
        compared.sort(key=lambda pair: pair[1][0].newest_date, reverse=True)
        citations: list[dict[str, Any]] = []
        lines: list[str] = []
        for node_id, edges in compared:
            lines += self._fact_lines(intent, node_id, edges, citations)
            if intent.relation_name == "members" and _ASKS_ABOUT_NOW.search(question):
                # "Who replaced North West Boroughs?": a partner's absence from the newest list says so.
                lines += self._newest_list_note(node_id, citations)
        all_edges = [e for _, edges in compared for e in edges]
        answer = "\n".join(lines)
        dates = {ev["document"]["date"] for e in all_edges for ev in e.evidence}
        if len(dates) > 1 and intent.relation_name in ("members", "reports_to", "accountable_to", "chairs"):
            answer = "The documents differ by date; newest first.\n" + answer
        return AnswerResult(
            answer=answer,
            abstained=False,
            kind=f"relation:{intent.relation_name}",
            citations=citations,
            facts=[self._fact_json(e) for e in all_edges],
            resolved_question=question,
            focus=compared[0][0],
        )

    def _qualified_forms(self, node_id: str) -> list[str]:
        """Partnerships whose name is this one's name with more words after it ("X" -> "X Integrated
        Care Partnership"), so the same partnership under its later, fuller name."""
        node = self.graph.nodes.get(node_id)
        if node is None or node["type"] != "partnership":
            return []
        prefix = node["name"].lower() + " "
        return [
            other["id"]
            for other in self.graph.nodes.values()
            if other["type"] == "partnership" and other["name"].lower().startswith(prefix)
        ]

    def _newest_list_note(self, node_id: str, citations: list[dict[str, Any]]) -> list[str]:
        """For "is X still a partner?" / "who replaced X?": what the newest partner list says, when X
        is not on it. Lists change between documents (a trust renamed, a partner added)."""
        listing = [e for e in self.graph.edges if e.relation in ("partner_of", "member_of")]
        if not listing or any(
            e.source == node_id for e in listing if e.newest_date == max(x.newest_date for x in listing)
        ):
            return []
        newest_date = max(e.newest_date for e in listing)
        newest = [e for e in listing if e.newest_date == newest_date]
        evidence = [ev for e in newest for ev in e.evidence if ev["document"]["date"] == newest_date]
        if not evidence:
            return []
        title = evidence[0]["document"]["title"]
        lines = [f"The newest list, in {title} ({newest_date}), does not include {self.graph.name(node_id)}; it lists:"]
        for edge in newest:
            marker = self._cite(next(ev for ev in edge.evidence if ev["document"]["date"] == newest_date), citations)
            lines.append(f"• {self.graph.name(edge.source)} [{marker}]")
        return lines

    def _cite(self, evidence: dict[str, Any], citations: list[dict[str, Any]]) -> int:
        key = (evidence["document"]["id"], evidence["start"], evidence["end"])
        for i, c in enumerate(citations):
            if (c["document"]["id"], c["start"], c["end"]) == key:
                return i + 1
        chunk = self.store.chunk_containing(*key)
        section = self.store.section_at(key[0], key[1])
        citations.append(
            {
                "id": stable_id(*key),
                "text": chunk["text"] if chunk else evidence["quote"],
                "quote": evidence["quote"],
                "document": {
                    "id": key[0],
                    "title": evidence["document"]["title"],
                    "kind": chunk["document_kind"] if chunk else "",
                    "date": evidence["document"]["date"],
                },
                "section": {
                    "number": section["number"] if section else None,
                    "heading": section["heading"] if section else None,
                    "path": section["path"] if section else evidence.get("section"),
                },
                "page": chunk["page"] if chunk else None,
                "start": key[1],
                "end": key[2],
                "url": passage_url(*key),
            }
        )
        return len(citations)

    def _fact_lines(
        self, intent: Intent, node_id: str, edges: list[GraphEdge], citations: list[dict[str, Any]]
    ) -> list[str]:
        g = self.graph
        lines: list[str] = []
        if intent.relation_name == "members":
            # One list per document and relation, newest document first, so changes show. A membership
            # edge runs from the member (source) to the body (target); the question names either.
            groups: dict[tuple[str, str, str, str, bool], list[tuple[str, int]]] = {}
            for edge in edges:
                asks_for_members = edge.source != node_id
                listed = edge.source if asks_for_members else edge.target
                anchor = edge.target if asks_for_members else edge.source
                for ev in edge.evidence:
                    key = (ev["document"]["date"], ev["document"]["title"], edge.relation, anchor, asks_for_members)
                    marker = self._cite(ev, citations)
                    if all(name != g.name(listed) for name, _ in groups.get(key, [])):
                        groups.setdefault(key, []).append((g.name(listed), marker))
            for (date, title, relation, anchor, asks_for_members), members in sorted(
                groups.items(), key=lambda kv: kv[0][0], reverse=True
            ):
                if asks_for_members:
                    head = f"According to {title} ({date}), the {GROUP_PHRASES[relation]} of {g.name(anchor)} are:"
                else:
                    head = f"According to {title} ({date}), {g.name(node_id)} {RELATION_PHRASES[relation]}:"
                lines.append(head)
                lines.extend(f"• {name} [{marker}]" for name, marker in members)
            return lines
        for edge in edges:
            markers = "".join(f"[{self._cite(ev, citations)}]" for ev in edge.evidence)
            sources = "; ".join(
                dict.fromkeys(f"{ev['document']['title']}, {ev['document']['date']}" for ev in edge.evidence)
            )
            lines.append(f"{fact_sentence(self.graph, edge)} ({sources}) {markers}")
        return lines

    def _fact_json(self, edge: GraphEdge) -> dict[str, Any]:
        data = edge.to_json()
        data["source_name"] = self.graph.name(edge.source)
        data["target_name"] = self.graph.name(edge.target)
        data["statement"] = fact_sentence(self.graph, edge)
        return data

    # --- passage answers ---------------------------------------------------------------------
    def _answer_from_passages(self, question: str, intent: Intent, mentioned: list[str]) -> AnswerResult:
        scope = document_scope(question, self.store.list_documents())
        # One search serves both the answer (top 8, or the named document's) and the deeper look below:
        # results are a prefix whatever k is, so a larger k changes nothing about the first eight.
        ranked = self.searcher.search(question, k=12 if scope is None else 30)
        hits = ranked[:8]
        if scope is not None:
            hits = [h for h in ranked if h.chunk["document_id"] in scope][:8] or hits
            topic = without_document_words(question)
            if len(scope) == 1 and topic != question and self.searcher.analyzer.analyse(topic).terms:
                # "What are the values in the ICP MoU?": inside the MoU its own name tells passages apart no
                # better than "the"; search the MoU for the rest of the question.
                within = self.searcher.search(topic, k=12, filters=SearchFilters(document=next(iter(scope))))
                # Both readings, alternately: "how often is the MoU reviewed?" needs the MoU's name after all.
                merged: list[SearchHit] = []
                for pair in zip_longest(within, hits):
                    merged += [h for h in pair if h is not None and all(h.id != m.id for m in merged)]
                hits = merged[:8]
        related = [hit_json(h) for h in hits[:3]]
        weights, alternatives = self.searcher.analyzer.weights(question)
        if not hits or not weights:
            return self._abstain(question, intent, related, "no passage matches the question")
        vocabulary = self.searcher.analyzer.vocabulary
        missing_years = [y for y in re.findall(r"\b(?:19|20)\d{2}\b", question) if y not in vocabulary]
        if missing_years:
            return self._abstain(question, intent, related, f"no document mentions {', '.join(missing_years)}")
        counted = counted_noun(question) if intent.expects == "number" else ""

        # "How much for 2021/22?" is not answered by the sum for 2020/21.
        years = {f"{a}/{b}" for a, b in re.findall(r"\b(20\d{2})[/-](\d{2})\b", question)}
        years = years if intent.expects in ("money", "number") else set()

        def holds_value(text: str) -> bool:
            # "How many GP practices ...?": a number in a sentence that never says "practices" counts
            # something else.
            if years and not any(y in text.replace("-", "/") for y in years):
                return False
            return satisfies(intent.expects, text) and (not counted or counted in {stem(w) for w in words(text)})

        # A definition is often a labelled line further down ("Provider Alliance: To bring about ...").
        units = passage_units(hits[: 8 if intent.kind == "definition" else 5])
        if intent.expects and not any(holds_value(u.text) for u in units):
            # A date or a sum is often in a passage ranked a little lower than the ones that echo the question.
            units += passage_units(ranked[5:12])
        total = sum(weights.values())
        # Among passages that are all about the MoU, "MoU" no longer tells sentences apart; the word the
        # question turns on ("expire") does. Words found in every retrieved passage count for half.
        top_stems = [{stem(w) for w in words(h.chunk["text"] + " " + h.chunk["heading_path"])} for h in hits[:5]]
        local = {
            s: w * (1.25 - 0.75 * sum(1 for t in top_stems if s in t) / len(top_stems)) for s, w in weights.items()
        }
        # "... before the Jan 2021 report" narrows the answer down; it does not describe it.
        qualifiers = {stem(w) for phrase in _QUALIFIER.findall(question) for w in words(phrase)}
        rest = {stem(w) for w in words(_QUALIFIER.sub(" ", question))}
        local = {s: w * (0.2 if s in qualifiers and s not in rest else 1.0) for s, w in local.items()}
        local_total = sum(local.values())
        subject = definition_subject(question) if intent.kind == "definition" else ""
        asks_who = bool(_ASKS_WHO.match(question)) and intent.expects is None
        named: dict[int, Unit] = {}
        for unit in units:
            unit_stems = {stem(w) for w in words(unit.text)}
            heading_stems = {stem(w) for w in words(unit.hit.chunk["heading_path"])} | unit_stems
            covered = coverage(local, alternatives, unit_stems)
            heading = coverage(local, alternatives, heading_stems) - covered
            unit.score = (covered + 0.5 * heading) / local_total + 0.15 / (1 + unit.rank)
            if intent.expects:
                unit.score += 0.25 if holds_value(unit.text) else -0.25
            n_words = len(words(unit.text))
            holder = self._name_before(unit) if asks_who and n_words <= 8 else None
            if holder is not None:
                # "David Parr" on the line above "Senior Responsible Officer – One Halton": who holds the role.
                named[id(unit)] = holder
                unit.score += 0.2
            elif n_words < 6 and not unit.is_item and not (intent.expects and holds_value(unit.text)):
                unit.score *= 0.5  # a bare title or label line restates the question, it does not answer it
            if intent.kind == "definition":
                unit.score += definition_bonus(subject, unit.text)
                if unit.is_item:
                    unit.score *= 0.7  # one point of a list seldom says what a thing is
            if intent.kind == "list" and unit.is_item:
                unit.score += 0.1
            if asks_who and any(m not in mentioned for m in self.graph.find_mentions(unit.text)):
                unit.score += 0.2  # "who oversees ...?" wants the sentence that names a body
        units.sort(key=lambda u: u.score, reverse=True)
        best = units[0] if units else None
        if best is None:
            return self._abstain(question, intent, related, "no sentence answers it")

        def grounded(unit: Unit) -> bool:
            dense_ok = unit.hit.dense_score is None or unit.hit.dense_score >= 0.3
            return dense_ok and self._about(unit.hit, weights, alternatives)

        if not grounded(best):
            # The best sentence's passage may not be about the question while a nearly-as-good one's is
            # (the "Overall Objective" section of the terms of reference, not their opening line).
            runner_up = next((u for u in units[1:6] if u.score >= 0.7 * best.score and grounded(u)), None)
            if runner_up is None:
                return self._abstain(question, intent, related, "the closest passages are about something else")
            best = runner_up
        cue = _RELATION_CUES.get(intent.relation_name or "")
        if intent.kind == "relation" and cue is not None:
            # The graph holds no such fact, so a sentence must state it, about the body asked after: "who
            # chairs the ICP board?" is not answered by a sentence about the ICP naming no chair, nor "how
            # often does the ICP board meet?" by one about another committee's meetings.
            def states(unit: Unit) -> bool:
                if not cue.search(unit.text):
                    return False
                chunk = unit.hit.chunk
                about = f"{unit.text} {chunk['heading_path']} {chunk['document_title']}"
                return not mentioned or bool(set(mentioned) & set(self.graph.find_mentions(about)))

            if not states(best):
                stated = next(
                    (u for u in units[1:10] if u.score >= 0.5 * best.score and states(u) and grounded(u)), None
                )
                if stated is None:
                    phrase = _CUE_PHRASES.get(intent.relation_name or "", "so")
                    return self._abstain(question, intent, related, f"no passage says {phrase}")
                best = stated
        context: Unit | None = None
        if intent.expects and not holds_value(best.text):
            # The sentence that names the programme is not always the one that dates it ("The programme,
            # which will commence in March 2021, ..."): take the best one holding the value asked for, from
            # the same passage or one nearly as good, and keep the naming sentence beside it.
            valued = next(
                (
                    u
                    for u in units
                    if holds_value(u.text)
                    and (
                        u.hit is best.hit or (u.score >= 0.6 * best.score and self._about(u.hit, weights, alternatives))
                    )
                ),
                None,
            )
            if valued is None:
                return self._abstain(question, intent, related, f"no passage gives the {intent.expects} asked for")
            context = best if valued.hit is best.hit else None
            best = valued
        outcome = _OUTCOME_QUESTION.search(question)
        if outcome and not _states_outcome(outcome.group(1) or outcome.group(2), best.text):
            # "Who was appointed as clinical lead?" against "agreed ... to appoint a Clinical Lead": the
            # documents say what was planned, and a plan is no answer to what happened.
            return self._abstain(question, intent, related, "the documents say what was planned, not what happened")
        for owner, owned in re.findall(r"\b([a-z][a-z-]+)['’]s\s+([a-z]+)", question.lower()):
            # "Warrington's Health and Wellbeing Board": an answer about some other owner's board is no
            # answer, and "Warrington & Halton Hospitals" in the sentence does not make it Warrington's.
            owns = re.search(
                rf"\b{re.escape(owner)}(?:['’]s)?\s+(?:\w+\s+){{0,2}}?{re.escape(owned)}", best.text.lower()
            )
            if owner not in _HOME_WORDS and not owns:
                return self._abstain(question, intent, related, f"no passage is about {owner}'s {owned}")

        if context is None and id(best) in named:
            context = named[id(best)]
        if context is None and _ANAPHOR.match(best.text):
            # "This will be coordinated and overseen by the Provider Alliance": what "this" is comes just before.
            previous = [u for u in units if u.hit is best.hit and u.end <= best.start and not u.is_item]
            if previous:
                context = max(previous, key=lambda u: u.end)
        chosen = sorted([best, context], key=lambda u: u.start) if context is not None else [best]
        if intent.kind != "list" and best.text.rstrip().endswith((":", ":-")):
            # "Our PCN vision has three elements:" announces its answer: give the list that follows.
            listed = self._list_in_section(best)
            if listed:
                return self._list_answer(question, intent, best, listed, related, mentioned)
        if intent.kind == "list":
            # The best-scoring sentence often announces the list ("There are three core elements"); the
            # list itself follows it, in the same section but maybe past the end of the chunk.
            found = self._candidate_lists(question, units, best, weights, alternatives, total)
            if found:
                candidate, listed = found
                return self._list_answer(question, intent, candidate, listed, related, mentioned)
            chosen = list_around(best, units) or self._sentences_after(best, count_in(question)) or chosen
        else:
            # The sentence after the answer often finishes it ("... referred to as SDFs. The SDFs are ...").
            following = [u for u in units if u.hit is best.hit and u.start > best.start]
            if following and following[0].start - best.end <= 3 and not following[0].is_item:
                follow_stems = {stem(w) for w in words(following[0].text)}
                if any(s in follow_stems for s in weights):
                    chosen.append(following[0])
        if intent.kind != "list":
            # A definition gets one more sentence if one scores nearly as well (what a thing is, then what it
            # is for); other answers up to three, from the best passage or from other documents.
            limit = len(chosen) + 1 if intent.kind == "definition" else 3
            for other in units[1:]:
                if len(chosen) >= limit:
                    break
                if other.score < 0.8 * best.score:
                    break
                same_chunk = other.hit is best.hit
                new_document = all(other.hit.chunk["document_id"] != c.hit.chunk["document_id"] for c in chosen)
                if (same_chunk or new_document or intent.kind == "definition") and not any(
                    overlaps(other, c) for c in chosen
                ):
                    chosen.append(other)
        citations: list[dict[str, Any]] = []
        lines = self._passage_lines(chosen, citations)
        return _answered(question, intent, lines, citations, related, mentioned)

    @staticmethod
    def _about(hit: SearchHit, weights: dict[str, float], alternatives: dict[str, Any]) -> bool:
        """Whether a passage holds enough of the question's weighted words to be about what it asks."""
        chunk = hit.chunk
        # The document's title counts: clause 14.1 of the MoU is about the MoU without naming it.
        stems = {stem(w) for w in words(f"{chunk['text']} {chunk['heading_path']} {chunk['document_title']}")}
        return coverage(weights, alternatives, stems) >= _MIN_COVERAGE * sum(weights.values())

    def _name_before(self, unit: Unit) -> Unit | None:
        """The person named on the line just above a short role line, as in signature blocks and report
        headers ("David Parr" over "Senior Responsible Officer, One Halton"), if there is one."""
        text = self._document_text(unit.hit.chunk["document_id"])
        head = text[: unit.start].rstrip()
        start = head.rfind("\n") + 1
        line = head[start:].strip()
        line = re.sub(r"^[A-Z][A-Z ]+:\s*", "", line)  # "REPORTING OFFICER: David Parr"
        if not _PERSON_NAME.fullmatch(line) or (self.graph.find_mentions(line) and not self._is_person(line)):
            return None
        offset = text.index(line, start)
        return Unit(line, offset, offset + len(line), unit.hit, unit.rank, False)

    def _is_person(self, name: str) -> bool:
        return any(self.graph.nodes[m].get("type") == "person" for m in self.graph.find_mentions(name))

    def _candidate_lists(
        self,
        question: str,
        units: list[Unit],
        best: Unit,
        weights: dict[str, float],
        alternatives: dict[str, Any],
        total: float,
    ) -> tuple[Unit, list[tuple[int, int]]] | None:
        """The list a list question asks for, among those the best sentences introduce or belong to.

        A list is judged by the line that introduces it ("The strategy identifies six priorities for
        Halton, they are:"), not only by the sentence that ranked best, and a list with as
        many items as the question counts ("the 5 areas of focus") beats one with some other number.
        """
        wanted = count_in(question)
        seen: set[tuple[str, int]] = set()
        scored: list[tuple[float, Unit, list[tuple[int, int]]]] = []
        for candidate in units[:15]:
            if candidate.score < 0.3 * best.score:
                break
            listed = self._list_in_section(candidate) or self._clause_list(candidate)
            if not listed:
                continue
            key = (candidate.hit.chunk["document_id"], listed[-1][0])
            if key in seen:
                continue
            seen.add(key)
            text = self._document_text(candidate.hit.chunk["document_id"])
            has_lead = not ITEM.match(text[listed[0][0] : listed[0][1]])
            lead = text[listed[0][0] : listed[0][1]] if has_lead else ""
            lead_stems = {stem(w) for w in words(lead)}
            score = candidate.score + coverage(weights, alternatives, lead_stems) / total
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
        pos = section["body_start"]
        for line in text[section["body_start"] : section["body_end"]].split("\n"):
            if line.strip():
                lines.append((pos, pos + len(line)))
            pos += len(line) + 1
        is_item = [bool(ITEM.match(text[a:b])) for a, b in lines]
        # Items without bullets: short lines after a line ending in a colon ("The changes cover:"), each
        # ending in ";" or "," or nothing until one ends in a full stop.
        open_run = False
        for i, (a, b) in enumerate(lines):
            line = text[a:b].strip()
            if is_item[i]:
                open_run = False
                continue
            previous = text[lines[i - 1][0] : lines[i - 1][1]].rstrip() if i else ""
            if (previous.endswith(":") or open_run) and len(line.split()) <= 15 and not line.endswith(":"):
                is_item[i] = True
                open_run = not line.endswith(".")
            else:
                open_run = False
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

    def _document_text(self, document_id: str) -> str:
        cached = self._texts.get(document_id)
        if cached is None:
            cached = self.store.get_document(document_id, with_text=True)["clean_text"]
            self._texts[document_id] = cached
        return cached

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
        lines = [f"According to {chunk['document_title']} ({chunk['document_date']}):"]
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
        return _answered(question, intent, lines, citations, related, mentioned)

    def _passage_lines(self, chosen: list[Unit], citations: list[dict[str, Any]]) -> list[str]:
        by_document: dict[str, list[Unit]] = {}
        for unit in chosen:
            by_document.setdefault(unit.hit.chunk["document_id"], []).append(unit)
        ordered = sorted(by_document.values(), key=lambda us: us[0].hit.chunk["document_date"], reverse=True)
        lines: list[str] = []
        for units in ordered:
            chunk = units[0].hit.chunk
            lines.append(f"According to {chunk['document_title']} ({chunk['document_date']}):")
            for unit in sorted(units, key=lambda u: u.start):
                marker = self._cite(
                    {
                        "document": {
                            "id": chunk["document_id"],
                            "title": chunk["document_title"],
                            "date": chunk["document_date"],
                        },
                        "quote": unit.text,
                        "start": unit.start,
                        "end": unit.end,
                        "section": chunk["section_path"],
                    },
                    citations,
                )
                lines.append(f"{unit.text} [{marker}]")
        return lines

    def _abstain(self, question: str, intent: Intent, related: list[dict[str, Any]], reason: str) -> AnswerResult:
        return AnswerResult(
            answer=f"The documents do not say. ({reason}; the closest passages are listed as related.)",
            abstained=True,
            kind=intent.kind,
            related=related,
            resolved_question=question,
        )


def _answered(
    question: str,
    intent: Intent,
    lines: list[str],
    citations: list[dict[str, Any]],
    related: list[dict[str, Any]],
    mentioned: list[str],
) -> AnswerResult:
    return AnswerResult(
        answer="\n".join(lines),
        abstained=False,
        kind=intent.kind,
        citations=citations,
        related=related,
        resolved_question=question,
        focus=mentioned[0] if mentioned else None,
    )


_COMPARES = re.compile(r"\b(?:chang\w*|between|compar\w*|differ\w*|versus|vs)\b", re.I)
_ASKS_WHICH_BODY = re.compile(
    r"^\s*(?:which|what)\s+(?:body|bodies|board|group|forum)\b|^\s*who\b|"
    r"\b(?:who|which (?:body|board|group))\s+(?:makes?|takes?|decides?|has the final say)\b",
    re.I,
)
_ASKS_ABOUT_NOW = re.compile(r"\b(?:still|now|current(?:ly)?|today|latest|any more|anymore|replac\w*)\b", re.I)
# Words a sentence must use to state a relation the graph does not hold.
_RELATION_CUES = {
    "chairs": re.compile(r"\bchair|\bled by\b", re.I),
    "reports_to": re.compile(r"\breport|\baccountab|\bresponsib", re.I),
    "accountable_to": re.compile(r"\baccountab|\breport|\bresponsib", re.I),
    "held_to_account": re.compile(r"\baccount", re.I),
    "meets": re.compile(r"\bmeet|\bmonthly|\bquarterly|\bweekly|\bannual|\bfortnight", re.I),
    "decision": re.compile(r"\bdecision|\bdecide|\bdelegat|\bapprov|\bsign", re.I),
    "renamed": re.compile(r"\brenam|\bname|\bformerly|\bcalled|\breplac|\bknown as|\bbecom|\bbecame", re.I),
    "supports": re.compile(r"\bsupport|\badmin|\bsecretariat", re.I),
    "oversees": re.compile(r"\boversee|\boversight|\boverseen", re.I),
    "members": re.compile(
        r"\bmember|\bpartner|\bconsist|\bcompris|\binclud|\bsignator|\borganisations|\bmade up|\btogether|"
        r"\bemploy|\bteams?\b|\bstaff",
        re.I,
    ),
}
_CUE_PHRASES = {
    "chairs": "who chairs it",
    "reports_to": "whom it reports to",
    "accountable_to": "whom it is accountable to",
    "held_to_account": "who holds it to account",
    "meets": "how often it meets",
    "decision": "who decides",
    "renamed": "what it was renamed",
    "supports": "who supports it",
    "oversees": "who oversees it",
    "members": "who its members are",
}
# A question about what happened: "what did the scrutiny conclude?", "who was appointed?".
_OUTCOME_QUESTION = re.compile(
    r"\b(?:did|has|have|had|was|were|got|get|gets|been)\s+(?:[\w&/-]+\s+){0,10}?"
    r"(conclu|decid|decis|vot|chose|choos|appoint|elect|select|approv|recommend|award|reject|resolv)\w*"
    # "How many people completed the programme?": a count of something done.
    r"|\bhow many\s+(?:[\w&/-]+\s+){1,3}?(complet|attend|finish|graduat|achiev)ed\b",
    re.I,
)


# What a document may write for the outcome asked about: "what did the board decide?" is answered
# by "the Board approved ...".
_OUTCOME_WORDS = {
    "conclu": ("conclu", "found", "recommend"),
    "complet": ("complet",),
    "attend": ("attend",),
    "finish": ("finish", "complet"),
    "graduat": ("graduat", "complet"),
    "achiev": ("achiev",),
    "decid": ("decid", "decision", "agreed", "resolved", "approved", "endorsed"),
    "decis": ("decid", "decision", "agreed", "resolved", "approved", "endorsed"),
    "vot": ("vot", "agreed", "approved", "endorsed", "supported"),
    "chose": ("chose", "chosen", "select", "elect", "prefer"),
    "choos": ("chose", "chosen", "select", "elect", "prefer"),
    "select": ("chose", "chosen", "select", "elect", "prefer"),
    "elect": ("elect", "chose", "chosen", "select"),
    "appoint": ("appoint", "named"),
    "approv": ("approv", "agreed", "endorsed", "signed off", "ratified"),
    "recommend": ("recommend",),
    "award": ("award",),
    "reject": ("reject", "declined"),
    "resolv": ("resolv", "agreed"),
}


def _states_outcome(verb: str, text: str) -> bool:
    """Whether a sentence uses the verb (or a word for the same outcome) for something done
    ("appointed", "voted", "approved"), not for something planned ("to appoint", "will vote")."""
    words_for = "|".join(re.escape(w) for w in _OUTCOME_WORDS.get(verb.lower(), (verb,)))
    for m in re.finditer(rf"\b(?:{words_for})\w*", text, re.I):
        before = text[: m.start()].lower().split()[-2:]
        if not any(w in ("to", "will", "would", "shall", "may", "could", "should", "be", "been") for w in before):
            return True
    return False


_QUALIFIER = re.compile(
    r"\b(?:before|after|since|prior to|ahead of|following|until)\s+(?:the\s+)?(?:[\w/&'’-]+\s+){0,3}?"
    r"(?:report|meeting|hwb|hwbb|board|plan|mou|(?:19|20)\d{2}(?:/\d{2})?)\b",
    re.I,
)
_CLAUSE_NUMBER = re.compile(r"\d{1,2}\.\d{1,2}\s")
_PERSON_NAME = re.compile(
    r"(?:(?:Dr|Cllr|Councillor|Mr|Mrs|Ms|Miss|Prof|Professor|Sir|Dame)\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}"
)
_ASKS_WHO = re.compile(r"\s*(?:who|whom|which (?:body|bodies|board|group|organi[sz]ations?|partners?|team))\b", re.I)
_ANAPHOR = re.compile(
    r"\s*(?:\d+(?:\.\d+)*\s+)?(?:this|these|it|they|such)\b(?!\s+(?:report|document|plan|mou)\b)", re.I
)
_HOME_WORDS = frozenset({"halton", "partner", "partners", "council", "board", "chair", "plan", "today", "what", "who"})
