"""Relations stated by tables: a structure table's "Reports to" column, a members table under a body.

A table comes to the graph as "row" blocks, cells joined by " | ", its header row first. A header cell that
names a relation ("Reports to", "Accountable to", "Chair", "Parent committee") makes each later row state it:
the body in the row's first cell stands in that relation to the one in the column's cell. A members table
("Member | Role | Meetings attended") under a body's heading names its members, a "(Chair)" in the row
marking who chairs it. A cell naming no known kind of body ("-", "None", "New") states nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.records import Block
from ingest.graph_context import ACTOR_TYPES, DocumentContext, Fact
from ingest.graph_names import Node

# A column header -> the relation its cells state of the row's first cell (source) to the cell's body (target).
_COLUMNS = (
    ("reports_to", re.compile(r"^(?:reports?|reporting)(?:\s+(?:in)?to|\s+lines?|\s+route)?$", re.I)),
    ("accountable_to", re.compile(r"^accountab(?:le|ility)(?:\s+to)?$", re.I)),
    (
        "sub_committee_of",
        re.compile(r"^(?:parent(?:\s+(?:body|board|committee|group))?|(?:sub-?)?committee\s+of)$", re.I),
    ),
    ("part_of", re.compile(r"^part\s+of$", re.I)),
)
_CHAIR_COLUMN = re.compile(r"^(?:chair(?:ed\s+by)?|chairs?|chairperson)$", re.I)
# "Role | Organisation": the seats, each an office of the organisation beside it
_MEMBER_HEADER = re.compile(r"^(?:members?|name|names?|attendee|role|position|post|office|seat)$", re.I)
_MEMBER_COLUMN = re.compile(r"\b(?:role|position|office|attend|meetings|voting|representing|organi[sz]ation)", re.I)
_ORGANISATION_COLUMN = re.compile(r"^(?:organi[sz]ation|body|representing|on\s+behalf\s+of|employer|partner)$", re.I)
# "... | Chair" in a "Role on Board" column
# (a co-chair chairs; a vice-chair or deputy is a member)
_CHAIR_CELL = re.compile(r"\|\s*(?P<vice>vice[- ]?|deputy\s+)?(?:co-)?chair(?:man|person)?\s*(?:\||$)", re.I)
_SIGNING_COLUMN = re.compile(r"\b(?:signature|signed|signatory)", re.I)
_CHAIR_MARK = re.compile(r"\((?P<vice>vice[- ]?|deputy\s+)?(?:co-)?chair(?:man|person)?\)", re.I)


@dataclass(frozen=True)
class TableFacts:
    facts: tuple[Fact, ...]
    consumed: tuple[int, ...]  # the table's rows, read here and not again as sentences


def _cells(block: Block) -> list[tuple[str, int, int]]:
    """(text, start, end) of each cell of a row block, spans in the document."""
    cells: list[tuple[str, int, int]] = []
    pos = 0
    for raw in block.text.split("|"):
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        cells.append((text, block.start + pos + lead, block.start + pos + lead + len(text)))
        pos += len(raw) + 1
    return cells


def _body_in(ctx: DocumentContext, text: str, start: int, types: tuple[str, ...]) -> Node | None:
    """The one body a cell names, read as a sentence would be ("Partnership Board" is the paper's own)."""
    if not text or not re.search(r"[A-Za-z]{2}", text):
        return None
    found = [m for m in ctx.resolver.find(text, start, ctx.resolve_definite) if m.node.type in types]
    if len(found) == 1 or (found and found[0].start == start):
        # "Cllr Ada Quill, Executive Member for Health": the one named first, the office after being hers
        return found[0].node
    return None


def _organisation_in(ctx: DocumentContext, text: str, start: int) -> Node | None:
    """The organisation an "Organisation" cell names, though no head noun says so ("Northby CVS")."""
    node = _body_in(ctx, text, start, ACTOR_TYPES)
    if node is None and _NAME_CELL.match(text):
        node = ctx.resolver.node_for(text)
    return node if node is not None and node.type in ACTOR_TYPES else None


_NAME_CELL = re.compile(r"^(?:NHS\s+)?[A-Z][\w&'’-]*(?:\s+(?:and\s+|&\s+|of\s+)?[A-Z][\w&'’-]*){0,7}$")


def _title_body(ctx: DocumentContext) -> Node | None:
    """The body the paper's title names first ("Primary Care Committee Annual Report", "Northby Board - revised
    membership"): whose members its members table lists."""
    named = [m.node for m in ctx.resolver.find(ctx.meta.title, 0) if m.node.type in ("body", "partnership")]
    return named[0] if named else None


def table_facts(ctx: DocumentContext, blocks: list[Block], i: int, owner: Node | None = None) -> TableFacts:
    """Facts of the table whose header row is block `i`, if its header names a relation; a members table's
    rows are members of the title's body, else of `owner` (the body a "Membership" heading is about)."""
    block = blocks[i]
    if block.kind != "row" or (i > 0 and blocks[i - 1].kind == "row"):
        return TableFacts((), ())
    header = [c[0] for c in _cells(block)]
    organisation_columns = [k for k, cell in enumerate(header) if k and _ORGANISATION_COLUMN.match(cell)]
    columns = [(k, relation) for k, cell in enumerate(header) for relation, p in _COLUMNS if p.match(cell)]
    chair_columns = [k for k, cell in enumerate(header) if k and _CHAIR_COLUMN.match(cell)]
    # "Member | Role | Meetings attended": a members table; "Name | Organisation | Signature" signs, it does not sit.
    members = (
        bool(header)
        and _MEMBER_HEADER.match(header[0]) is not None
        and any(_MEMBER_COLUMN.search(cell) for cell in header[1:])
        and not any(_SIGNING_COLUMN.search(cell) for cell in header)
    )
    # The body whose members a paper lists is the one its title names ("Northby Board - revised membership"),
    # whatever body the text was last about; else the one a "Membership of X" heading names.
    body = _title_body(ctx) or owner or ctx.subject or ctx.topic
    if not columns and not chair_columns and not (members and body is not None and body.type in ACTOR_TYPES):
        return TableFacts((), ())
    facts: list[Fact] = []
    consumed: list[int] = []
    j = i + 1
    while j < len(blocks) and blocks[j].kind == "row":
        cells = _cells(blocks[j])
        evidence = ctx.evidence(blocks[j].start, blocks[j].end)
        first = cells[0] if cells else ("", 0, 0)
        if columns or chair_columns:
            source = _body_in(ctx, *first[:2], ACTOR_TYPES)
            for k, relation in columns:
                target = _body_in(ctx, *cells[k][:2], ACTOR_TYPES) if k < len(cells) and source else None
                if source is not None and target is not None and target != source:
                    facts.append(Fact(source, relation, target, evidence))
            for k in chair_columns:
                chair = _body_in(ctx, *cells[k][:2], ("person", "role")) if k < len(cells) else None
                if source is not None and chair is not None:
                    facts.append(Fact(chair, "chairs", source, evidence))
        elif body is not None:
            member = _body_in(ctx, *first[:2], (*ACTOR_TYPES, "person", "role")) or _person(ctx, first[0])
            organisation = next(
                (
                    o
                    for k in organisation_columns
                    if k < len(cells)
                    for o in [_organisation_in(ctx, *cells[k][:2])]
                    if o
                ),
                None,
            )
            if member is not None and member.type == "role" and organisation is not None and " of " not in member.name:
                # "Chief Executive | Northby CVS | Member": the office is Northby CVS's.
                member = Node(f"{member.name} of {organisation.name}", "role")
            mark = _CHAIR_MARK.search(blocks[j].text) or _CHAIR_CELL.search(blocks[j].text)
            chairs = mark is not None and not mark.group("vice")
            if member is not None and member != body:
                facts.append(Fact(member, "chairs" if chairs else "member_of", body, evidence))
            if organisation is not None and organisation != body:
                # The seat is the organisation's, filled by its officer or nominee.
                facts.append(Fact(organisation, "member_of", body, evidence))
        consumed.append(j)
        j += 1
    if not facts:
        return TableFacts((), ())
    return TableFacts(tuple(facts), (i, *consumed))


_PERSON_CELL = re.compile(
    r"^(?:(?:Dr|Councillor|Cllr|Professor|Prof|Mr|Mrs|Ms|Miss)\.?\s+)?[A-Z][a-z]+(?:[\s-]+[A-Z][a-zA-Z'’-]+){1,2}$"
)


def _person(ctx: DocumentContext, text: str) -> Node | None:
    """A members table's first cell, a person's name with or without a title ("Dr Ada Quill")."""
    if not _PERSON_CELL.match(text):
        return None
    node = ctx.resolver.node_for(text, "person")
    return node if node is not None and node.type == "person" else None
