"""Relations stated by layout: membership lists, partner lists, signatories tables, chart labels.

A list belongs to the line that introduces it ("The partnership will consist of:", "Those Partners
include:") or to the heading it sits under ("Membership", "Signatories", "Administrative Support");
that line decides the relation and whose list it is. Entries are kept only while they read as names,
so the list ends where the prose starts again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from core.records import Block, Section
from core.text import membership_standing
from ingest.graph_context import ACTOR_TYPES, DocumentContext, Fact
from ingest.graph_names import GENERIC_WORDS, Mention, Node, office_organisation, type_for
from ingest.graph_relations import chaired_body
from ingest.graph_tables import table_facts

_PARTNER_INTRO = re.compile(
    # "The partners are:", "The partner organisations of the Northby Care Partnership are:"
    r"\bpartners?(?:\s+organi[sz]ations)?\b[^:.;]{0,80}?\b(?:include|are|comprise|will\s+be)\b"
    r"|\bconsists?\s+of|\bmade\s+up\s+of|\bcomprises?\b|\bpartners\s+in\b",
    re.I,
)
_CHAIR_MARK = re.compile(r"\((?:in\s+the\s+)?(?P<vice>vice[- ]?|deputy\s+)?(?:co-)?chair(?:man|person)?\)\s*$", re.I)
# "Dr A Quill, Non-Executive Member - Chair": the mark after a dash at the end of an attendance line.
_CHAIR_AFTER_DASH = re.compile(r"\s[–-]\s*(?P<vice>vice[- ]?|deputy\s+)?chair(?:man|person)?\s*$", re.I)
_PRESENT = re.compile(r"^\s*(?:present|members\s+present)\s*:?\s*$", re.I)
_SUBLIST_LABEL = re.compile(r"^(?:[\w-]+\s+){0,2}(?:members|membership|representatives|attendees)$", re.I)
_STANDING_MARK = re.compile(r"\((?:non-?\s?voting|voting)(?:\s+member)?\)", re.I)
_MEMBER_INTRO = re.compile(r"\bmembers(?:hip)?\b", re.I)
_CHAIRS_INTRO = re.compile(
    r"\b(?:is|are|will\s+be|shall\s+be)\s+(?:jointly\s+)?(?:co-)?(?:chaired|presided\s+over)\s+by\s*:-?\s*$", re.I
)
_SUPPORT_HEADING = re.compile(r"^(?:administrative\s+support|secretariat|administration|admin\s+support)\b", re.I)
_SIGNATORY_HEADING = re.compile(r"\bsignator(?:y|ies)\b", re.I)
_AGREEMENT_TITLE = re.compile(r"memorandum of understanding|agreement|compact|concordat|terms of reference", re.I)
_ENTRY_PREFIX = re.compile(r"^(?:[•\-–*]\s+)?(?:\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+)?")
_HEADER_CELLS = {"organisation", "organization", "signature", "name", "position", "date", "role", "partner", "member"}
_FREQUENCY_LABEL = re.compile(
    r"^(?P<name>.*?)\s*\((?P<freq>monthly|quarterly|weekly|bi-monthly|fortnightly|annually|six[- ]monthly)\)?$", re.I
)
_PERSON_LINE = re.compile(
    r"^(?:(?:Dr|Councillor|Cllr|Professor|Mr|Mrs|Ms)\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-zA-Z'’-]+){1,2}$"
)


@dataclass(frozen=True)
class ListFacts:
    facts: tuple[Fact, ...]
    consumed: tuple[int, ...]  # indexes of the blocks read as list entries


def list_facts(ctx: DocumentContext, blocks: list[Block], i: int, section: Section | None) -> ListFacts:
    """Facts of the list that block `i` introduces (as an intro line or as a heading), if any."""
    block = blocks[i]
    heading = section.heading if section is not None and section.start == block.start else ""
    if not heading and _is_list_heading(block.text):
        heading = block.text  # a heading line the section finder took for a one-line paragraph
    intro = block.text if block.text.rstrip().endswith((":", ":-")) else ""
    if not heading and not intro:
        return ListFacts((), ())
    relation, target = _list_relation(ctx, block, heading, intro)
    if relation is None or target is None:
        return ListFacts((), ())
    if relation == "member_of" and i + 1 < len(blocks) and blocks[i + 1].kind == "row":
        # A members table under the heading: its columns say who is whose officer and who chairs.
        tabled = table_facts(ctx, blocks, i + 1, target)
        if tabled.facts:
            return ListFacts(tabled.facts, tabled.consumed)
    facts: list[Fact] = []
    consumed: list[int] = []
    entries = 0  # entries read so far (an entry that goes on after its name is read, but not consumed)
    j = i + 1
    own = ctx.section_at(block.start)
    standing = membership_standing(f"{heading} {intro}")
    # "Present:" and "Members present:" name the body's members who came; "In attendance:" (officers, guests)
    # is no such list.
    members_present = relation == "present"
    while j < len(blocks):
        entry = blocks[j]
        entry_section = ctx.section_at(entry.start)
        # A new section ends the list, unless it is a clause of the introducing one ("1.1 ... members of the
        # Network:" then "(i) Marlpit Lane Medical Centre").
        nested = own is not None and entry_section is not None and entry_section.depth > own.depth
        if entry_section is not None and entry_section.start == entry.start and not nested:
            break
        if entry.text.rstrip().endswith((":", ":-")) and not entries:
            j += 1  # "Chief Executives ... from the following organisations:-" under a Membership heading
            continue
        if _SUBLIST_LABEL.match(entry.text.strip().rstrip(":")):
            # "Voting Members", "Non-voting members": a label within the list, not one of its entries; the
            # members after it are of that kind.
            standing = membership_standing(entry.text)
            j += 1
            continue
        # "Councillor A Smith (Chair) – Executive Member for Health": the attendee before the dash.
        # A table row's attendee is its first cell ("Mark Pell (Co-Chair) | Place Director").
        first_cell = entry.text.split("|")[0].rstrip() if entry.kind == "row" else entry.text
        attendee = replace(entry, text=re.split(r"\s+[–-]\s+", first_cell)[0])
        # "Audit and Risk Committee – chaired by A, Non-Executive Member. ...": a committee list's entry is named
        # before its dash, as an attendee is.
        name = _entry_name(attendee if relation in ("present", *_STRUCTURE_RELATIONS) else entry)
        if name is None:
            if entry.kind == "row" and not entries:
                j += 1  # the header row of a signatories table
                continue
            if entry.kind == "item" and entries and j + 1 < len(blocks) and blocks[j + 1].kind == "item":
                j += 1  # "(f) one Clinical Director from each of the PCNs;" names no one, and the list goes on
                continue
            break
        node = ctx.resolver.node_for(name)
        if relation == "present":
            # "Helen Strand (Director of Public Health)", "Colette Marsh, Place Director, NHS Northby ICB": the
            # person is named first; the office after the comma or in brackets is theirs.
            person = _PERSON_LINE.match(re.split(r"\s*[,(]", name)[0].strip())
            if person is not None:
                node = ctx.resolver.node_for(person.group(0), "person") or node
            marked = (
                _CHAIR_MARK.search(attendee.text)
                or _CHAIR_MARK.search(entry.text)
                or _CHAIR_AFTER_DASH.search(entry.text)
            )
            if node is not None and node.type in ("person", "role"):
                if marked:
                    kind = "member_of" if marked.group("vice") else "chairs"
                    facts.append(Fact(node, kind, target, ctx.evidence(entry.start, entry.end)))
                if members_present and not (marked and not marked.group("vice")):
                    # "Members present:" names the body's members; "In attendance:" does not.
                    facts.append(Fact(node, "member_of", target, ctx.evidence(entry.start, entry.end)))
            entries += 1
            consumed.append(j)
            j += 1
            continue
        allowed = (*ACTOR_TYPES, "role", "person") if relation in ("member_of", "chairs") else ACTOR_TYPES
        if node is not None and node.type in allowed and node != target:
            marked = _CHAIR_MARK.search(entry.text) if relation == "member_of" else None
            # "Elected Mayor - Riverside Council (Chair)": the member who chairs; a vice-chair stays a member.
            kind = "chairs" if marked and not marked.group("vice") else relation
            # "(k) the Chair of Healthwatch Northby (non-voting)": the entry's own mark, else its list's.
            standing_mark = _STANDING_MARK.search(entry.text)
            entry_standing = membership_standing(standing_mark.group(0)) if standing_mark else standing
            attributes = (("standing", entry_standing),) if entry_standing and kind == "member_of" else ()
            facts.append(Fact(node, kind, target, ctx.evidence(entry.start, entry.end), attributes))
            organisation = office_organisation(ctx.resolver, node) if relation == "member_of" else None
            if organisation is not None and organisation != target:
                # "(i) the Chief Executive of Northby Homes": the seat is Northby Homes's, filled by its officer.
                facts.append(Fact(organisation, "member_of", target, ctx.evidence(entry.start, entry.end), attributes))
        entries += 1
        if not _CLAUSE_AFTER_NAME.search(entry.text):
            # An entry that goes on after its name ("the JCG, which is a formal sub-committee of the Board;",
            # "Audit Committee – chaired by A") is read as a sentence too: its clause may state more.
            consumed.append(j)
        j += 1
    return ListFacts(tuple(facts), tuple(consumed))


_CLAUSE_AFTER_NAME = re.compile(r",\s+(?:which|who|that)\b|\s[–-]\s+\S+\s+\S+")


def _is_list_heading(text: str) -> bool:
    text = re.sub(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.)\s+", "", text.strip())  # "4. Membership"
    words = text.split()
    if not words or len(words) > 5 or re.search(r"[.;,]$", text):
        return False
    return bool(
        _SUPPORT_HEADING.search(text) or _SIGNATORY_HEADING.search(text) or re.match(r"^members(?:hip)?\b", text, re.I)
    )


def _list_relation(ctx: DocumentContext, block: Block, heading: str, intro: str) -> tuple[str | None, Node | None]:
    if _PRESENT.match(intro or heading):
        # Minutes' attendance list: only its "(Chair)" marks say anything about the board.
        # The topic if it is a board; a venue's "Council Chamber" above the list is no board that met.
        body = next((b for b in (ctx.topic, ctx.subject) if b is not None and b.type in ("body", "partnership")), None)
        return "present", body
    if heading and _SIGNATORY_HEADING.search(heading):
        return "signatory_of", document_agreement(ctx)
    if heading and _SUPPORT_HEADING.search(heading):
        return "supports", ctx.topic if ctx.topic and ctx.topic.type in ACTOR_TYPES else None
    text = f"{heading} {intro}"
    found = [m for m in ctx.resolver.find(intro, block.start, ctx.resolve_definite) if m.node.type in ACTOR_TYPES]
    named = [m.node for m in found]
    structure = _structure_relation(intro, found, block.start)
    if structure is not None:
        return structure
    listed = _COMMITTEES_INTRO.search(intro) if intro else None
    if listed is not None:
        # "The Board is supported by six committees:", "The ICB has established the following sub-groups:".
        before = [m.node for m in found if m.end - block.start <= listed.start()]
        parent = before[-1] if before else None
        if parent is None and re.match(r"^\s*(?:It|The\s+(?:Board|Committee|Partnership))\b", intro):
            parent = ctx.topic
        return "sub_committee_of", parent if parent is not None and parent.type in ACTOR_TYPES else None
    if intro and _CHAIRS_INTRO.search(intro):
        # "The Board shall be co-chaired by:": each entry chairs the body the line names, or the topic.
        target = named[0] if len(named) == 1 else ctx.topic
        return "chairs", target if target and target.type in ("body", "partnership") else None
    if _MEMBER_INTRO.search(text):
        # "... are the Core Practices and members of the Network:": the body after "members of".
        of = re.search(r"\bmembers?\s+of\s+(?:the\s+)?$", intro[: found[-1].start - block.start]) if found else None
        if of is not None:
            return "member_of", found[-1].node
        target = named[0] if len(named) == 1 else ctx.topic
        return "member_of", target if target and target.type in ("body", "partnership") else None
    if intro and _PARTNER_INTRO.search(intro):
        partnerships = [n for n in named if n.type == "partnership"]
        target = partnerships[0] if len(partnerships) == 1 else ctx.topic
        return "partner_of", target if target and target.type == "partnership" else None
    return None, None


# "The following groups report into the Board:", "These are sub-groups of the Partnership:": each entry of the
# list stands in that relation to the body the line names.
_STRUCTURE_INTROS = (
    ("reports_to", re.compile(r"\breport(?:s|ing)?\s+(?:directly\s+)?(?:in)?to\s+(?:the\s+)?$", re.I)),
    ("accountable_to", re.compile(r"\b(?:are|is)\s+(?:directly\s+)?accountable\s+to\s+(?:the\s+)?$", re.I)),
    (
        "sub_committee_of",
        re.compile(
            r"\b(?:(?:are|is)\s+(?:the\s+)?(?:sub[- ]?committees?|committees?|sub[- ]?groups?|groups?)\s+of"
            r"|sits?\s+(?:under|beneath|below))\s+(?:the\s+)?$",
            re.I,
        ),
    ),
    ("part_of", re.compile(r"\b(?:forms?\s+part\s+of|(?:are|is)\s+part\s+of|sits?\s+within)\s+(?:the\s+)?$", re.I)),
)


_COUNT = r"(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_COMMITTEES_INTRO = re.compile(
    r"\b(?:has|have|will\s+have|is\s+supported\s+by|are\s+supported\s+by|(?:has|have)\s+established|established)\s+"
    rf"(?:the\s+following\s+|{_COUNT}\s+)?(?:formal\s+|standing\s+|statutory\s+|main\s+)?"
    r"(?:sub[- ]?committees|committees|sub[- ]?groups|working\s+groups|sub[- ]?boards)\b[^:]{0,40}:-?\s*$",
    re.I,
)
_STRUCTURE_RELATIONS = tuple(relation for relation, _ in _STRUCTURE_INTROS)


def _structure_relation(intro: str, found: list[Mention], offset: int) -> tuple[str, Node] | None:
    """The relation and body of a structure list's introducing line, when its subject is the list itself
    (no body is named before the verb)."""
    if not intro:
        return None
    for m in found:
        lead = intro[: m.start - offset]
        for relation, pattern in _STRUCTURE_INTROS:
            match = pattern.search(lead)
            if match and not any(f.end - offset <= match.start() for f in found):
                return relation, m.node
    return None


def document_agreement(ctx: DocumentContext) -> Node | None:
    """The agreement a document is (an MoU's signatories sign the MoU itself), named by its title."""
    if not _AGREEMENT_TITLE.search(ctx.meta.title):
        return None
    return Node(ctx.meta.title.strip(), "agreement")


def _entry_name(block: Block) -> str | None:
    """The name a list entry or table row gives, or None when the line is prose."""
    text = block.text
    if block.kind == "row":
        cells = [c.strip() for c in text.split("|")]
        if {c.lower() for c in cells if c} & _HEADER_CELLS:
            return None
        text = cells[0]
    text = _ENTRY_PREFIX.sub("", text).strip()
    # "Northby Borough Council, in respect of its adult social care services only; and": the name itself.
    text = re.sub(r"\s*[;,]?\s*\b(?:and|or)\s*$|\s*[;,.]\s*$", "", text).strip()
    # "a) the Leader of Northby Council;": a clause's entry opens with its article; "a representative from
    # Northby Homes" and "two members nominated by Northby Council" name the member organisation.
    text = re.sub(
        r"^(?:(?:an?|one|two|three|\d)\s+)?(?:senior\s+|named\s+)?(?:representatives?|nominees?|members?)\s+"
        r"(?:from|of|nominated\s+by|appointed\s+by)\s+",
        "",
        text,
    )
    text = re.sub(r"^(?:the|a|an)\s+(?=[A-Z])", "", text)
    text = re.sub(
        r",\s+(?:on\s+behalf\s+of|in\s+respect\s+of|acting\s+(?:as|for)|which|who|represented\s+by|as|for|to)\b.*$",
        "",
        text,
    )
    text = re.sub(r"\s*\([^)]*\)$", "", text).strip()
    words = text.split()
    if not words or len(words) > 16 or not text[0].isupper() or text[-1] in ".;:!?," or ":" in text:
        return None
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    if capitalised / len(words) < 0.5:
        return None
    return text


def chart_facts(ctx: DocumentContext, blocks: list[Block], i: int, known: set[str]) -> Iterator[Fact]:
    """'Executive Partnership Board (Quarterly)': a flattened governance chart's box label and its
    meeting frequency. The box's name may be split over several short lines before the label."""
    block = blocks[i]
    match = _FREQUENCY_LABEL.match(block.text)
    if block.kind != "para" or not match:
        return
    fragments: list[Block] = []
    j = i - 1
    while j >= 0 and len(fragments) < 3:
        prior = blocks[j]
        words = prior.text.split()
        adjacent = prior.end + 4 >= (fragments[0] if fragments else block).start
        if prior.kind != "para" or len(words) > 4 or not adjacent or re.search(r"[.:;,)]$", prior.text):
            break
        fragments.insert(0, prior)
        j -= 1
    tail = match.group("name").strip()
    candidates = [
        (" ".join([f.text for f in fragments[k:]] + [tail]).strip(), fragments[k:]) for k in range(len(fragments) + 1)
    ]
    candidates.append((tail, []))
    chosen: tuple[str, list[Block], float] | None = None
    for name, used in candidates:  # longest first: the fullest name the documents know
        node = ctx.resolver.node_for(name)
        if ctx.resolver.table.entry(name) is None and (
            _is_generic(name) or node is None or node.name.lower() not in known
        ):
            continue
        if node is not None:
            chosen = (name, used, 0.8)
            break
    if chosen is None:
        for name, used in reversed(candidates):  # shortest first: an unknown box name of three words or more
            words = name.split()
            if len(words) >= 3 and type_for(name) == "body" and not any(w[0].islower() for w in words if w != "and"):
                chosen = (name, used, 0.6)
                break
    if chosen is None:
        return
    name, used, confidence = chosen
    node = ctx.resolver.node_for(name)
    if node is None or node.type not in ACTOR_TYPES:
        return
    start = used[0].start if used else block.start
    frequency = match.group("freq").lower()
    yield Fact(node, "meets", node, ctx.evidence(start, block.end), (("frequency", frequency),), confidence)


def _is_generic(name: str) -> bool:
    """'Governing Body', 'Executive Board': two words any organisation could use, naming no one body."""
    words = name.lower().split()
    return len(words) <= 2 and all(w in GENERIC_WORDS for w in words)


def signature_facts(ctx: DocumentContext, blocks: list[Block], i: int) -> Iterator[Fact]:
    """A signature block: a person's name on one line, 'Chair of X' on the next."""
    if i + 1 >= len(blocks):
        return
    block, following = blocks[i], blocks[i + 1]
    if block.kind != "para" or not _PERSON_LINE.match(block.text):
        return
    mentions = ctx.resolver.find(block.text, block.start)
    if mentions and (mentions[0].node.type != "person" or mentions[0].end - mentions[0].start < len(block.text)):
        return
    person = mentions[0].node if mentions else Node(block.text.strip(), "person")
    roles = ctx.resolver.find(following.text, following.start)
    if len(roles) != 1 or roles[0].start != following.start or roles[0].end != following.end:
        return
    chaired = chaired_body(ctx, roles[0].node)
    if chaired is not None and chaired.type in ACTOR_TYPES:
        yield Fact(person, "chairs", chaired, ctx.evidence(block.start, following.end))
