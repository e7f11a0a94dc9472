"""Answers from the knowledge graph: relation and membership questions, with each fact's evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from core.text import membership_standing
from index.graph import GraphEdge, normalise_name
from index.scope import document_scope
from server.engine_base import AnswerResult, EngineBase, source_label
from server.facts import GROUP_PHRASES, RELATION_PHRASES, fact_sentence, the
from server.grounding import FINAL_OUTCOME
from server.intent import Intent, classify

_COMPARES = re.compile(
    r"\b(?:chang\w*|between|compar\w*|differ\w*|versus|vs|both|as well as|missing|but not|not (?:in|on)|dropped|"
    r"left|joined|added|removed)\b",
    re.I,
)


@dataclass
class MemberList:
    """One document's list of members (or of what a body is a member of), each name with its citation."""

    date: str
    title: str
    relation: str
    anchor: str  # the body whose members are listed, or the member whose bodies are
    asks_for_members: bool
    members: list[tuple[str, int]] = field(default_factory=list)  # (name, citation marker)


def compare_lists(first: MemberList, second: MemberList) -> list[str]:
    """Who is on both membership lists and who on one only, each name cited from its list."""
    a, b = dict(first.members), dict(second.members)
    both = [f"{name} [{a[name]}][{b[name]}]" for name in a if name in b]
    only_a = [f"{name} [{a[name]}]" for name in a if name not in b]
    only_b = [f"{name} [{b[name]}]" for name in b if name not in a]
    lines = []
    if both:
        lines.append("On both lists: " + "; ".join(both) + ".")
    if only_a:
        lines.append(f"Only in {source_label(first.title, first.date)}: " + "; ".join(only_a) + ".")
    if only_b:
        lines.append(f"Only in {source_label(second.title, second.date)}: " + "; ".join(only_b) + ".")
    return lines


_ASKS_WHICH_BODY = re.compile(
    r"\b(?:which|what)\s+(?:body|bodies|board|group|forum)\b|^\s*who\b|"
    r"\b(?:who|which (?:body|board|group))\s+(?:makes?|takes?|decides?|has the final say)\b",
    re.I,
)
_ASKS_ABOUT_NOW = re.compile(r"\b(?:still|now|current(?:ly)?|today|latest|any more|anymore|replac\w*)\b", re.I)


_YES_NO = re.compile(r"^\s*(?:is|are|was|were|does|do|did|has|have)\b", re.I)


def _confident(edges: list[GraphEdge]) -> list[GraphEdge]:
    """The edges confident enough to answer from."""
    return [e for e in edges if e.confidence >= 0.5]


class GraphAnswers(EngineBase):
    def evidence_chunks(self, query: str) -> list[str]:
        """Chunks holding the graph's evidence for a relation question, newest facts first, for search to
        fuse as a third ranked list. A member list answers "who sits on X?" without sharing its words."""
        intent = classify(query, masked=self.graph.mask_mentions(query))
        if intent.kind != "relation":
            return []
        chunk_ids: list[str] = []
        for node_id in self.graph.find_mentions(query)[:2]:
            edges = _confident(self._edges_for(intent, node_id))
            edges.sort(key=lambda e: (e.newest_date, e.confidence), reverse=True)
            for edge in edges:
                for ev in edge.evidence:
                    row = self.store.chunk_containing(ev["document"]["id"], ev["start"], ev["end"])
                    if row is not None and row["id"] not in chunk_ids:
                        chunk_ids.append(row["id"])
        return chunk_ids[:10]

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
        standing = membership_standing(question) if intent.relation_name == "members" else ""
        for node_id in mentioned:
            if intent.relation_name == "roles" and self.graph.nodes.get(node_id, {}).get("type") not in (
                "person",
                "role",
            ):
                continue  # "what role does Healthwatch play?" asks what a body does, not which offices it holds
            edges = _confident(self._edges_for(intent, node_id))
            if intent.relation_name == "members" and intent.direction == "in":
                # "One Halton" became "One Halton Integrated Care Partnership": a partnership's later,
                # qualified name carries its newer partner lists, so both are shown, newest first.
                for later in self._qualified_forms(node_id):
                    edges += _confident(self.graph.edges_to(later, intent.relations))
            if not edges and intent.relation_name == "renamed" and _ASKS_ABOUT_NOW.search(question):
                # "Who replaced X?" where no rename is recorded: X's memberships, then the newest list.
                intent = classify("who are the members")
                edges = _confident(self._edges_for(intent, node_id))
            if standing:
                # "who are the non-voting members?": the members listed as such; where no list says which members
                # vote, the passages answer (the graph would give every member).
                edges = [e for e in edges if e.attributes.get("standing") == standing]
            if scope is not None:
                scoped = [e for e in edges if any(ev["document"]["id"] in scope for ev in e.evidence)]
                edges = scoped or edges
            if edges:
                edges.sort(key=lambda e: (e.newest_date, e.confidence), reverse=True)
                found.append((node_id, edges))
        if not found:
            return None
        if (
            asked_rename
            and intent.relation_name == "renamed"
            and FINAL_OUTCOME.search(question)
            and all(e.attributes.get("status") == "proposed" for _, edges in found for e in edges)
        ):
            return self._abstain_with_search(
                question, intent, "proposed_only", "they say only that a new name was proposed, not which was adopted"
            )
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
        newest_lists: list[MemberList] = []
        shown_lists: list[MemberList] = []
        for node_id, edges in compared:
            if intent.relation_name == "members":
                lists = self._member_lists(node_id, edges, citations)
                newest_lists += lists[:1]
                shown_lists += lists
                lines += self._member_lines(node_id, lists, standing)
                if _ASKS_ABOUT_NOW.search(question):
                    # "Who replaced North West Boroughs?": a partner's absence from the newest list says so.
                    lines += self._newest_list_note(node_id, citations)
            else:
                lines += self._fact_lines(edges, citations)
        if len(newest_lists) == 2:
            # "Which trusts were on both lists?", "how did the partners change?": say it, then show the lists.
            lines = compare_lists(*newest_lists) + lines
        elif intent.relation_name == "members" and _YES_NO.match(question):
            # "Is the director of public health a voting member of the board?": say so when a list names it.
            lines = [*self._listed(question, shown_lists), *lines]
        all_edges = [e for _, edges in compared for e in edges]
        answer = "\n".join(lines)
        dates = {ev["document"]["date"] for e in all_edges for ev in e.evidence}
        if len(dates) > 1 and intent.relation_name in ("members", "reports_to", "accountable_to", "chairs", "roles"):
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

    def _listed(self, question: str, lists: list[MemberList]) -> list[str]:
        """'Yes: X is listed among the members of Y.' for a member the question names (or its office's words:
        "director of public health" names "Director of Public Health of Northby Council"), else nothing: a
        name missing from a list is no proof that it is not a member. Newest list first."""
        asked = f" {normalise_name(question)} "
        for m in lists:
            for name, marker in m.members:
                forms = {name, name.split(",")[0], name.rsplit(" of ", 1)[0]}
                offices = [normalise_name(f) for f in forms if len(f.split()) >= 2]
                named = [o for o in offices if f" {o} " in asked]
                if not named or (f" {normalise_name(name)} " not in asked and any(f" {o} of " in asked for o in named)):
                    continue  # "is the chief executive of the ICB ...?" is not about the council's chief executive
                where = source_label(m.title, m.date)
                member, body = (
                    (name, self.graph.name(m.anchor)) if m.asks_for_members else (self.graph.name(m.anchor), name)
                )
                phrase = RELATION_PHRASES.get(m.relation, "is listed with")
                return [f"Yes: {the(member)} {phrase} {the(body, lower=True)}, in {where} [{marker}]."]
        return []

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
        source = source_label(title, newest_date)
        lines = [f"The newest list, in {source}, does not include {self.graph.name(node_id)}; it lists:"]
        for edge in newest:
            marker = self._cite(next(ev for ev in edge.evidence if ev["document"]["date"] == newest_date), citations)
            lines.append(f"• {self.graph.name(edge.source)} [{marker}]")
        return lines

    def _member_lists(self, node_id: str, edges: list[GraphEdge], citations: list[dict[str, Any]]) -> list[MemberList]:
        """One list per document and relation, newest document first, so changes show. A membership edge
        runs from the member (source) to the body (target); the question names either."""
        g = self.graph
        lists: dict[tuple[str, str, str, str, bool], MemberList] = {}
        where: dict[tuple[int, str], int] = {}  # (marker, name) -> where the document says it
        for edge in edges:
            asks_for_members = edge.source != node_id
            listed = edge.source if asks_for_members else edge.target
            anchor = edge.target if asks_for_members else edge.source
            for ev in edge.evidence:
                key = (ev["document"]["date"], ev["document"]["title"], edge.relation, anchor, asks_for_members)
                marker = self._cite(ev, citations)
                member_list = lists.setdefault(key, MemberList(*key))
                if all(name != g.name(listed) for name, _ in member_list.members):
                    member_list.members.append((g.name(listed), marker))
                    where[(marker, g.name(listed))] = int(ev.get("start") or 0)
        for member_list in lists.values():
            # In the paper's order; "Northby Homes" from the line "the Chief Executive of Northby Homes" is said
            # by its office's entry already.
            members = sorted(member_list.members, key=lambda m: where.get((m[1], m[0]), 0))
            member_list.members[:] = [
                (name, marker)
                for name, marker in members
                if not any(other != name and m == marker and other.endswith(f" {name}") for other, m in members)
            ]
        return sorted(lists.values(), key=lambda m: m.date, reverse=True)

    def _member_lines(self, node_id: str, lists: list[MemberList], standing: str = "") -> list[str]:
        g = self.graph
        lines: list[str] = []
        for m in lists:
            source = source_label(m.title, m.date)
            if m.asks_for_members:
                kind = f"{standing} {GROUP_PHRASES[m.relation]}" if standing else GROUP_PHRASES[m.relation]
                head = f"According to {source}, the {kind} of {g.name(m.anchor)} are:"
            else:
                head = f"According to {source}, {g.name(node_id)} {RELATION_PHRASES[m.relation]}:"
            lines.append(head)
            lines.extend(f"• {name} [{marker}]" for name, marker in m.members)
        return lines

    def _holders(self, edges: list[GraphEdge]) -> dict[str, GraphEdge]:
        """Edge id of an office -> the person's edge, where a person's edge of the same relation and target
        rests only on statements that give the office too ("chaired by the ICB Chair, Rosalind Treharne"): one
        fact, told once."""
        spans = {e.id: {(ev["document"]["id"], ev["start"]) for ev in e.evidence} for e in edges}
        holders: dict[str, GraphEdge] = {}
        for person in edges:
            if self.graph.nodes.get(person.source, {}).get("type") != "person":
                continue
            office = next(
                (
                    e
                    for e in edges
                    if e.id not in holders
                    and self.graph.nodes.get(e.source, {}).get("type") == "role"
                    and (e.relation, e.target) == (person.relation, person.target)
                    and spans[person.id] <= spans[e.id]
                ),
                None,
            )
            if office is not None:
                holders[office.id] = person
        return holders

    def _fact_lines(self, edges: list[GraphEdge], citations: list[dict[str, Any]]) -> list[str]:
        lines: list[str] = []
        holders = self._holders(edges)
        held = {person.id for person in holders.values()}
        for edge in edges:
            if edge.id in held:
                continue
            holder = self.graph.name(holders[edge.id].source) if edge.id in holders else ""
            markers = "".join(f"[{self._cite(ev, citations)}]" for ev in edge.evidence)
            sources = "; ".join(
                dict.fromkeys(
                    f"{ev['document']['title']}, {ev['document']['date'] or 'undated'}" for ev in edge.evidence
                )
            )
            lines.append(f"{fact_sentence(self.graph, edge, holder)} ({sources}) {markers}")
        return lines

    def _fact_json(self, edge: GraphEdge) -> dict[str, Any]:
        data = edge.to_json()
        data["source_name"] = self.graph.name(edge.source)
        data["target_name"] = self.graph.name(edge.target)
        data["statement"] = fact_sentence(self.graph, edge)
        return data
