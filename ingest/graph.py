"""Knowledge-graph extraction: who is who, who reports to whom, and what partners committed to.

`extract_graph` reads one document's clean text and returns its entities, edges and commitments,
each edge and commitment carrying the exact passage it rests on (clean_text[start:end] == quote).
Nothing is typed in by hand: edges come from sentence patterns (graph_relations), from lists,
tables and chart labels (graph_lists), and commitments from numbered statements and the sections
that hold them (graph_commitments). Names resolve through the alias table (core/aliases.py), and an
entity's id is stable_id("entity", canonical name), so one body is one node across documents.

Edges are typed reports_to, accountable_to, member_of, partner_of, signatory_of, chairs, supports,
renamed_to, part_of, oversees, held_to_account_by, delegates_to and established_by, read "source <relation>
target". A proposed
rename carries attributes {"status": "proposed"}. A body's own attributes are self-edges
(target_id == source_id): relation "meets" with {"frequency": "bi-monthly"} and relation
"is_decision_making" with {"value": "true" | "false"}. An edge's id is stable_id(source_id,
relation, target_id), plus its attributes when it has any (so "meets monthly" and "meets
quarterly" stay two edges), which makes one fact stated in two documents one id with a row per
document. Edges read from a flattened chart carry confidence 0.8 (0.6 when the box's name is not
known elsewhere), a proposed rename from "Consider a name change to ..." 0.8.

Node types: organisation, body, partnership, role, person; also place (Halton), plan (a strategy
or programme) and agreement (an MoU, a Section 75 agreement) where an edge points at one.
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from functools import lru_cache

from core.aliases import AliasTable, load_aliases, name_key
from core.records import Abbreviation, Block, Commitment, DocumentMeta, Edge, Entity, Evidence, Section, stable_id
from ingest.graph_commitments import CommitmentReader
from ingest.graph_context import ACTOR_TYPES, DocumentContext, Fact, Sentence
from ingest.graph_lists import chart_facts, list_facts, signature_facts
from ingest.graph_names import Mention, NameResolver, Node
from ingest.graph_relations import sentence_facts
from ingest.graph_tables import table_facts

log = logging.getLogger(__name__)

_AGREEMENT_SUFFIX = re.compile(r"\s*[-–:]?\s*(?:memorandum of understanding|terms of reference|agreement)\s*$", re.I)
_CONSTITUTING_KIND = re.compile(r"\b(?:memorandum of understanding|terms of reference|agreement|constitution)\b", re.I)
_SUBJECT_FOLLOWER = re.compile(
    r"\s*(?::|(?:is|are|was|were|will|has|have|had|shall|may|must|should|can|would|could|does|did|at|also|now|"
    r"provides|meets|agreed|endorsed|approved|remains|continues|became|takes|sets|already|currently)\b)"
)
ENTITY_TYPES = ("organisation", "body", "partnership", "role", "person", "place")


@lru_cache(maxsize=1)
def _default_table() -> AliasTable:
    # The table is small and read-only; reading it once per process keeps ingest of many files cheap.
    return load_aliases()


def entity_id(name: str) -> str:
    """One id for every spelling of a name ("Health & Well-Being Board", "Health and Wellbeing Board"),
    so papers that write it differently still meet in one node."""
    return stable_id("entity", name_key(name) or name)


def edge_id(source_id: str, relation: str, target_id: str, attributes: dict[str, str]) -> str:
    if attributes:
        return stable_id(source_id, relation, target_id, json.dumps(attributes, sort_keys=True))
    return stable_id(source_id, relation, target_id)


def extract_graph(
    meta: DocumentMeta,
    clean_text: str,
    sections: list[Section],
    blocks: list[Block],
    table: AliasTable | None = None,
    abbreviations: list[Abbreviation] | None = None,
) -> tuple[list[Entity], list[Edge], list[Commitment]]:
    """Entities, edges and commitments of one document, every edge and commitment with evidence.

    `table` is the corpus's names table (national names, the corpus profile); `abbreviations` are the
    short forms this document defines, which name bodies within it.
    """
    resolver = NameResolver(table or _default_table())
    for found in abbreviations or ():
        if found.abbreviation.istitle() and "-" not in found.abbreviation:
            continue  # "Chief Operating Officer (Chair)": a word in brackets, the row's mark, not a short form
        node = _defined_node(resolver, clean_text, found)
        if node is not None and node.type in (*ACTOR_TYPES, "role"):
            resolver.define(found.abbreviation, node, explicit=True)
    ctx = DocumentContext(meta, clean_text, sections, resolver)
    mentions = _survey(ctx, blocks)
    facts, commitments = _read(ctx, blocks, mentions)
    entities = _entities(mentions, facts, blocks, resolver.table)
    edges = _edges(facts)
    log.debug("%s: %d entities, %d edges, %d commitments", meta.id, len(entities), len(edges), len(commitments))
    return entities, edges, commitments


def _defined_node(resolver: NameResolver, text: str, found: Abbreviation) -> Node | None:
    """The body an abbreviation stands for: the whole name written before its bracket ("The Riverside
    Integrated Commissioning Partnership (ICP)"), which may be longer than the letters need."""
    bracket = text.find("(", found.start, found.end)
    if bracket > 0:
        window = text[max(0, bracket - 120) : bracket].rstrip()
        written = [m for m in resolver.find(window) if m.end == len(window)]
        if written and name_key(found.expansion) in name_key(written[-1].node.name):
            return written[-1].node
    return resolver.node_for(found.expansion)


def _survey(ctx: DocumentContext, blocks: list[Block]) -> list[Mention]:
    """First pass: every name the document writes out, and the abbreviations it defines."""
    found: list[Mention] = []
    for block in blocks:
        ctx.resolver.learn_partnership_names(block.text)
    for block in blocks:
        mentions = ctx.resolver.find(block.text, block.start)
        ctx.resolver.learn_abbreviations(block.text, mentions, block.start)
        found += mentions
    ctx.resolver.settle_place(found, ctx.text)
    # A second look picks up the abbreviations defined above wherever they are used, and reads bare
    # names under the document's place.
    found = [m for block in blocks for m in ctx.resolver.find(block.text, block.start)]
    ctx.note(found)
    # "One Halton Integrated Care Partnership Memorandum of Understanding" is about the partnership.
    title = ctx.resolver.find(_AGREEMENT_SUFFIX.sub("", ctx.meta.title))
    if title and title[0].start == 0 and title[0].node.type in ACTOR_TYPES:
        ctx.subject = title[0].node
    if ctx.subject is None and not ctx.meta.body and _CONSTITUTING_KIND.search(ctx.meta.title):
        # "Memorandum of Understanding for the establishment of the Northby Partnership Board": the one body an
        # agreement's or a constitution's title names is what it is about.
        in_title = {m.node for m in ctx.resolver.find(ctx.meta.title) if m.node.type in ACTOR_TYPES}
        if len(in_title) == 1:
            ctx.subject = next(iter(in_title))
    body = ctx.meta.body  # the board whose minutes or report this is, where the text says
    if ctx.subject is None and body:
        named = ctx.resolver.find(body)
        if named and named[0].node.type in ACTOR_TYPES:
            ctx.subject = named[0].node
    return found


def _read(ctx: DocumentContext, blocks: list[Block], mentions: list[Mention]) -> tuple[list[Fact], list[Commitment]]:
    """Second pass, in reading order, keeping track of the topic."""
    facts: list[Fact] = []
    commitments: list[Commitment] = []
    reader = CommitmentReader(ctx)
    consumed: set[int] = set()
    # Names written in sentences, which a chart's box label may be matched against.
    in_prose = [m for m, b in _with_blocks(mentions, blocks) if len(b.text.split()) >= 6]
    known = {m.node.name.lower() for m in in_prose} | {m.surface.lower() for m in in_prose}
    section_starts = {s.start: s for s in ctx.sections}
    ctx.topic = ctx.subject
    for i, block in enumerate(blocks):
        section = ctx.section_at(block.start)
        starts_section = section is not None and section.start == block.start
        if starts_section and section is not None and section.depth == 1:
            # A document whose title names no body keeps the body its text is about ("4. Membership").
            ctx.topic = ctx.subject or ctx.topic
        if i not in consumed:
            _update_topic_from_title(ctx, blocks, i, section_starts)
        listed = list_facts(ctx, blocks, i, section)
        facts += listed.facts
        consumed.update(listed.consumed)
        if i not in consumed:
            tabled = table_facts(ctx, blocks, i)
            facts += tabled.facts
            consumed.update(tabled.consumed)
        facts += chart_facts(ctx, blocks, i, known)
        facts += signature_facts(ctx, blocks, i)
        commitment = reader.read(block, i, section)
        if commitment is not None:
            commitments.append(commitment)
        if i in consumed:
            continue
        previous: list[Sentence] = []
        for sentence in ctx.sentences(block):
            facts += sentence_facts(ctx, sentence, previous)
            _update_topic_from_sentence(ctx, sentence)
            previous.append(sentence)
    return facts, commitments


def _with_blocks(mentions: list[Mention], blocks: list[Block]) -> list[tuple[Mention, Block]]:
    paired: list[tuple[Mention, Block]] = []
    j = 0
    for m in sorted(mentions, key=lambda m: m.start):
        while j < len(blocks) and blocks[j].end < m.start:
            j += 1
        if j < len(blocks):
            paired.append((m, blocks[j]))
    return paired


def _update_topic_from_title(ctx: DocumentContext, blocks: list[Block], i: int, starts: dict[int, Section]) -> None:
    """A line that is only a body's name, standing under a heading or atop the document, titles what follows."""
    block = blocks[i]
    if block.kind != "para" or not (i < 3 or blocks[i - 1].start in starts):
        return
    found = ctx.resolver.find(block.text, block.start)
    whole = len(found) == 1 and found[0].start == block.start and found[0].end == block.end
    if whole and found[0].node.type in ACTOR_TYPES:
        ctx.topic = found[0].node


def _update_topic_from_sentence(ctx: DocumentContext, sentence: Sentence) -> None:
    """A sentence whose subject is a named body ("The One Halton ... Board is ...") makes it the topic."""
    if not sentence.mentions:
        return
    first = sentence.mentions[0]
    lead = sentence.text[: first.start - sentence.start]
    if first.node.type in ACTOR_TYPES and lead.strip() in ("", "The", "the"):
        rest = re.sub(r"^\s*\([^()]*\)", "", sentence.text[first.end - sentence.start :])
        # A name followed by a verb ("... Board is ...", "... Board at its meeting ...") or a colon
        # ("Name: description") is a subject; a name heading a list of names, or a fragment, is not.
        if _SUBJECT_FOLLOWER.match(rest):
            ctx.topic = first.node


def _entities(mentions: list[Mention], facts: list[Fact], blocks: list[Block], table: AliasTable) -> list[Entity]:
    """Nodes of the document: those in its edges, and the bodies it names in prose, lists or tables.

    Names found only in short fragments (a flattened chart's "HBC Halton CCG") are left out unless
    the alias table knows them: a fragment is too often two names run together.
    """
    aliases: dict[Node, set[str]] = defaultdict(set)
    for m, block in _with_blocks(mentions, blocks):
        substantial = block.kind in ("item", "row") or len(block.text.split()) >= 5
        if not substantial and table.entry(m.surface) is None and m.node.type != "person":
            continue  # a titled person ("Dr David Colin-Thome") is one name even in a chart's box
        if m.node.type in ENTITY_TYPES and not m.definite:
            aliases[m.node].add(" ".join(m.surface.split()))
    for fact in facts:
        aliases.setdefault(fact.source, set())
        aliases.setdefault(fact.target, set())
    # Spellings of one name ("Health & Well-Being Board", "Health and Wellbeing Board") are one entity:
    # the first node read names it, and every written form is its alias.
    first: dict[str, Node] = {}
    written: dict[str, set[str]] = defaultdict(set)
    for node, surfaces in aliases.items():
        key = entity_id(node.name)
        first.setdefault(key, node)
        written[key] |= surfaces | {node.name}
    return sorted(
        (
            Entity(
                key,
                node.name,
                node.type,
                tuple(sorted({s for s in written[key] if s != node.name and name_key(s)}, key=str.lower)),
            )
            for key, node in first.items()
        ),
        key=lambda e: e.name.lower(),
    )


def _edges(facts: list[Fact]) -> list[Edge]:
    grouped: dict[tuple[Node, str, Node, tuple[tuple[str, str], ...]], list[Fact]] = defaultdict(list)
    # A member the paper also lists as voting or non-voting is that kind of member: the plain membership read
    # from the same list (by its heading) says less, and would list the member twice.
    standing = {(f.source, f.target) for f in facts if f.relation == "member_of" and dict(f.attributes).get("standing")}
    facts = [
        f for f in facts if not (f.relation == "member_of" and not f.attributes and (f.source, f.target) in standing)
    ]
    for fact in facts:
        grouped[(fact.source, fact.relation, fact.target, fact.attributes)].append(fact)
    edges: list[Edge] = []
    for (source, relation, target, attributes), group in grouped.items():
        evidence: dict[tuple[int, int], Evidence] = {}
        for fact in group:
            evidence.setdefault((fact.evidence.start, fact.evidence.end), fact.evidence)
        source_id, target_id = entity_id(source.name), entity_id(target.name)
        attrs = dict(attributes)
        edges.append(
            Edge(
                id=edge_id(source_id, relation, target_id, attrs),
                source_id=source_id,
                target_id=target_id,
                relation=relation,
                attributes=attrs,
                evidence=tuple(sorted(evidence.values(), key=lambda e: e.start)),
                confidence=max(f.confidence for f in group),
            )
        )
    return sorted(edges, key=lambda e: (e.relation, e.source_id, e.target_id))
