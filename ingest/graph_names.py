"""Find and name the bodies a document mentions: organisations, boards, partnerships, roles, people.

A mention is found three ways, and where they overlap the longest wins: a written form from the
alias table (or an abbreviation the document defines, "Operational Commissioning Committee (OCC)"),
a run of capitalised words ending in a head noun ("... Board", "... NHS Foundation Trust"), and a
titled person ("Dr David Colin-Thome"). Every mention is resolved to a canonical `Node` through the
alias table, so "HWB" and "Halton Health & Wellbeing Board" become one node in every document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from core.aliases import AliasTable, name_key, place_level_bodies
from ingest.layout import DEFAULT_PATH as LAYOUT_PATH

ORGANISATION_HEADS = {
    "council",
    "trust",
    "ltd",
    "limited",
    "constabulary",
    "service",
    "authority",
    "network",
    "action",
    "homes",
    "agency",
    "federation",
    "ccg",
    "england",
    # Housing associations, hospices, universities, charities: partners of many a health and care board.
    "association",
    "hospice",
    "university",
    "college",
    "society",
    "charity",
    "cic",
    "plc",
}
BODY_HEADS = {
    "board",
    "executive",  # "Joint Commissioning Executive"; "Chief Executive" is an office (type_for reads it first)
    "committee",
    "group",
    "forum",
    "office",
    "body",
    "team",
    "alliance",
    "collaborative",
    "panel",
    "cabinet",
    "pmo",
    "smt",
    "assembly",
    "taskforce",
    "subcommittee",
    "sub-committee",
    "subgroup",
    "sub-group",
}
PARTNERSHIP_HEADS = {"partnership", "consortium", "icp", "ics", "hcp", "system"}
ROLE_HEADS = {"chair", "officer", "chairman", "chairperson", "director", "mayor"}
PLAN_HEADS = {"strategy", "plan", "programme", "model", "framework", "fund", "vision", "budget"}
AGREEMENT_HEADS = {"agreement", "understanding", "contract", "mou"}
_HEADS = ORGANISATION_HEADS | BODY_HEADS | PARTNERSHIP_HEADS | ROLE_HEADS | PLAN_HEADS | AGREEMENT_HEADS
# Capitalised words that open sentences or clauses and are never the first word of a name.
_LEADING_STOP = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "our",
    "their",
    "its",
    "each",
    "all",
    "both",
    "since",
    "through",
    "in",
    "at",
    "on",
    "for",
    "to",
    "by",
    "with",
    "where",
    "when",
    "if",
    "currently",
    "secondly",
    "finally",
    "as",
    "any",
    "every",
    "other",
    "and",
    "of",
    "within",
    "under",
    "from",
    "into",
    "it",
    "we",
    "they",
    "existing",
    "however",
    "whilst",
    "while",
    "once",
    "following",
    "via",
    "whichever",
    "membership",
    "support",
    "supporting",
    "consider",
    "re",
    "continue",
    "work",
    "working",
    "partners",
    "between",
    "signed",
    "formal",
    "key",
    "note",
}
_CONNECTORS = {"and", "&", "of", "for", "in"}
_MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}
# Words any organisation may use: a two-word name made only of these ("Executive Board", "Local
# Authority", "Governing Body") does not single out a body.
GENERIC_WORDS = {
    "executive",
    "board",
    "governing",
    "body",
    "committee",
    "group",
    "management",
    "team",
    "borough",
    "council",
    "local",
    "authority",
    "partnership",
    "programme",
    "joint",
    "reference",
    "office",
    "back",
    "corporate",
    "network",
    "service",
    "services",
    "trust",
    "nhs",
    "community",
    "hospitals",
    "foundation",
    "commissioning",
    "health",
    "care",
    "national",
    "integrated",
    "the",
    "city",
    "county",
    "partner",
}
# The first words of the section labels papers open sections with (core/data/document_layout.json), but
# not a word names use too ("EXECUTIVE SUMMARY" / "Executive Board").
_SECTION_LABELS = frozenset(
    label.split()[0] for label in json.loads(LAYOUT_PATH.read_text(encoding="utf-8"))["glued_section_labels"]
) - {w.upper() for w in GENERIC_WORDS}
_TOKEN = re.compile(r"[A-Za-z0-9][\w'’]*(?:-[\w'’]+)*|&")
_TITLES = r"(?:Dr|Councillor|Cllr|Professor|Prof|Sir|Dame|Mr|Mrs|Ms|Miss)"
_PERSON = re.compile(rf"\b{_TITLES}(?:\.\s*|\s+)[A-Z][a-z]*\.?(?:\s+[A-Z][a-zA-Z'’]+(?:-[A-Z][a-z]+)?){{1,2}}\b")
_HONORIFIC = re.compile(rf"^{_TITLES}(?:\.\s*|\s+)")


def without_title(name: str) -> str:
    """A person's name as the graph keeps it: "Councillor Jo Bloggs" -> "Jo Bloggs", "Dr.J Rivers" -> "J Rivers"."""
    return _HONORIFIC.sub("", name)


_ROLE_TITLE = re.compile(
    r"((?:(?:Interim|Independent|Deputy|Acting|Vice|Joint)\s+)?(?:Chief Executive Officer|Chief Executive|"
    r"Chief Officer|Chief Operating Officer|Accountable Officer|Chair(?:man|person)?|Leader|Portfolio Holder|"
    r"Director of [A-Z][a-z]+(?: [A-Z][a-z]+)?|(?:(?:Elected|Deputy|City|Lord)\s+)*Mayor))"
    r"\s*(?:of|for|,|–|-)\s+(?:the\s+)?$"
)


def office_organisation(resolver: NameResolver, role: Node) -> Node | None:
    """The organisation an office belongs to ("Chief Executive of Northby Homes" -> Northby Homes), if any."""
    if role.type != "role":
        return None
    match = _ROLE_OF.match(role.name)
    # "Executive Director of Wellbeing, Care and Learning, Northby Council": the organisation is named last;
    # "Chair or Manager of Healthwatch Northby": an office the pattern does not know, of a named organisation.
    written = match.group(2).split(",")[-1].strip() if match else role.name.rpartition(" of ")[2].strip()
    if not match and " of " not in role.name:
        return None
    if not written or _SERVICE_AREA.search(written):
        return None  # "Director of Adults and Communities": a service, not an organisation
    organisation = resolver.node_for(written)
    return organisation if organisation is not None and organisation.type in _ACTOR_KINDS else None


_SERVICE_AREA = re.compile(
    r"\b(?:services|health|care|commissioning|finance|nursing|strategy|operations|people|resources|governance|"
    r"quality|transformation|place|housing|education|medicine|pharmacy|estates|digital|communities|safeguarding|"
    r"learning|wellbeing|adults|children|partnerships|performance|delivery|integration|planning)$",
    re.I,
)


_ROLE_OF = re.compile(
    r"^((?:(?:Interim|Independent|Deputy|Acting|Vice|Joint)\s+)?(?:Chief Executive Officer|Chief Executive|"
    r"Chief Officer|Chief Operating Officer|Accountable Officer|Chair(?:man|person)?|Leader|Portfolio Holder|"
    r"(?:[A-Z][a-z]+ )?Director(?: of [A-Z][a-z'’]+(?: [A-Z][a-z]+)?)?|(?:(?:Elected|Deputy|City|Lord)\s+)*Mayor))"
    r"\s*(?:of|for|,|–|-)\s+(?:the\s+)?(.+)$"
)
# "the ten Greater Northby local authorities": the councils of an area, named together as one party.
_COLLECTIVE = re.compile(
    r"\b((?:[A-Z][\w’'-]*\s+){1,3}(?:local\s+authorities|(?:district\s+|borough\s+|county\s+)?councils))\b"
)
_QUANTIFIERS = {
    "six",
    "five",
    "four",
    "three",
    "two",
    "seven",
    "eight",
    "nine",
    "ten",
    "many",
    "some",
    "several",
    "all",
    "other",
    "partner",
    "neighbouring",
    "both",
    "most",
    "few",
    "individual",
    "constituent",
    "member",
    "local",
}
_ACTOR_KINDS = ("organisation", "body", "partnership")
# Bodies each integrated care system has exactly one of: written bare, they are the system's the document names.
SYSTEM_LEVEL_BODIES = (
    "integrated care board",
    "integrated care partnership",
    "integrated care system",
    "integrated commissioning system",
)
# A mayor is the mayor of a place, not of its council: "Elected Mayor - Riverside Council" is the Elected
# Mayor of Riverside.
_MAYOR = re.compile(r"^(?:(?:Elected|Deputy|City|Lord)\s+)*Mayor$")
_NAME_RUN = r"(?P<name>[A-Z][\w&’'-]*(?:\s+(?:&\s+|and\s+|of\s+)?[A-Z][\w&’'-]*){0,4})"
_PARTNERSHIP_SUBJECT = re.compile(
    rf"(?:^|(?<=[.!?]\s))(?:The\s+)?{_NAME_RUN}\s+(?:is|was|will\s+be)\s+(?:(?:not\s+a\s+single\s+entity\W+It\s+is|"
    r"therefore)\s+)?(?:made\s+up\s+of|a\s+partnership\s+(?:of|between)|an?\s+alliance\s+of|comprised\s+of|"
    r"formed\s+of|a\s+collaboration\s+(?:of|between))\b"
)
_PARTNERSHIP_CALLED = re.compile(
    rf"\b(?:refer\s+to|know|call)\s+(?:our|the)\s+(?:place|partnership|system|collaboration)\s+as\s+{_NAME_RUN}"
)
_POSTAL_TOWN = re.compile(r",\s*([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?),\s*[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_PLACE_POSSESSIVE = re.compile(r"^([A-Z][\w-]+(?:\s[A-Z][\w-]+)?)[’']s\s+(.+)$")
_ABBREVIATION_IN_BRACKETS = re.compile(r"^\s*\(([A-Za-z&][\w& ]{0,24})\)")
_NOT_ABBREVIATIONS = {"monthly", "quarterly", "weekly", "annually", "scrutiny", "alliance", "rota basis"}


PLACE_LEVEL_BODIES = place_level_bodies()
_COUNCIL = re.compile(
    r"^(?:the\s+)?(?P<place>[A-Z][\w’'-]*(?:\s+(?:and|&|upon|on|le)?\s*[A-Z][\w’'-]*){0,3}?)\s+"
    r"(?:Metropolitan\s+)?(?:Borough\s+|City\s+|County\s+|District\s+)?Council$"
)
_CCG = re.compile(
    r"^(?:NHS\s+)?(?P<place>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}?)\s+(?:CCG|Clinical Commissioning Group)$"
)


def document_place(nodes: list[Node], possessive: list[str] | None = None) -> str | None:
    """The place a document's councils and CCGs name, when one place has at least two thirds of them;
    failing those, a place the document writes twice as a possessive ("Eastfield's Integrated ...")."""
    votes: dict[str, int] = {}
    owners = [p for p in possessive or () if len(p.split()) <= 2]
    if not any((_COUNCIL.match(n.name) or _CCG.match(n.name)) for n in nodes if n.type == "organisation"):
        for owner in set(owners):
            if owners.count(owner) >= 2:
                votes[owner] = owners.count(owner)
    for node in nodes:
        # A council written only inside an office ("Leader of Weston Borough Council") names the place too.
        name = node.name.rsplit(" of ", 1)[-1] if node.type == "role" else node.name
        match = _COUNCIL.match(name) or _CCG.match(name)
        if match and node.type in ("organisation", "role"):
            place = match.group("place")
            votes[place] = votes.get(place, 0) + 1
    if not votes:
        return None
    place, count = max(votes.items(), key=lambda item: item[1])
    return place if count * 3 >= 2 * sum(votes.values()) else None


@dataclass(frozen=True)
class Node:
    """A canonical graph node: its name decides its id, so equal names are one node everywhere."""

    name: str
    type: str  # organisation | body | partnership | role | person | place | plan | agreement


@dataclass(frozen=True)
class Mention:
    start: int  # offsets into the document's clean text
    end: int
    surface: str
    node: Node
    definite: bool = False  # "the Board", resolved from its context rather than written out


# A name that opens with an office is a role, whatever its last word: "Executive Member for The Change
# Programme", "Elected Mayor - Riverside Council", "Representative from Healthwatch".
_OFFICE_FIRST = re.compile(
    r"^(?:(?:Interim|Deputy|Acting|Vice|Joint|Elected|City|Executive|Lead|Cabinet|Assistant|Strategic|Independent)\s+)*"
    r"(?:Mayor|Member|Director|Chief\s+Executive|Chief\s+Officer|Leader|Portfolio\s+Holder|Representative|"
    r"Chair(?:man|person)?)\b(?:\s+or\s+[A-Z][a-z]+)?(?:\s+(?:for|of|from|[-–,])\s+|$)"
)


def type_for(name: str) -> str:
    """The node type a name's head noun implies."""
    words = name_key(name).split()
    if not words:
        return "organisation"
    if _OFFICE_FIRST.match(name.strip()):
        return "role"
    head = words[-1]
    if name_key(name).endswith("clinical commissioning group"):
        return "organisation"
    if head in ROLE_HEADS or (len(words) > 2 and words[-2:] == ["responsible", "officer"]):
        return "role"
    if head in PARTNERSHIP_HEADS or name_key(name).endswith("care system"):
        return "partnership"
    if head in BODY_HEADS:
        return "body"
    if head in AGREEMENT_HEADS:
        return "agreement"
    if head in PLAN_HEADS:
        return "plan"
    return "organisation"


def _is_head(token: str, table: AliasTable) -> bool:
    lower = token.lower()
    if lower in _HEADS or (len(lower) > 5 and lower.endswith("s") and lower[:-1] in _HEADS - PLAN_HEADS):
        return True  # "Partnerships", "Boards": "Assistant Director of Partnerships" is one name
    if not (token.isupper() and len(token) > 1):
        return False
    # An abbreviation ends a name only if it stands for a body ("CCG", "OCC"), not a fund or a plan ("BCF").
    expansion = table.expansion(token) or table.resolve(token)
    return expansion is not None and type_for(expansion) in ("organisation", "body", "partnership", "role")


def _is_name_word(token: str) -> bool:
    return token[0].isupper() or (token[0].isdigit() and any(c.isalpha() for c in token))


def tidy_name(surface: str) -> str:
    """A written name without a leading article, brackets at the end or doubled spaces."""
    text = re.sub(r"\s+", " ", surface).strip(" ,.;:-–'\"“”‘’")
    text = re.sub(r"\s*\([^)]*\)$", "", text)
    text = re.sub(r"\s+\([A-Z][A-Za-z&]{0,7}\)(?=\s)", "", text)  # "Greater Northshire (GN) Integrated ..."
    text = re.sub(r"^(?:the|The)\s+", "", text)
    words = text.split()
    if len(words) > 2 and words[0] == "NHS" and "NHS" in words[1:]:
        text = " ".join(words[1:])
    if len(words) >= 2 and text.isupper() and sum(len(w) > 4 for w in words) >= 1:
        text = _readable_case(text)
    return text


_SMALL = {"AND": "and", "OF": "of", "FOR": "for", "THE": "the", "IN": "in", "ON": "on", "TO": "to"}


def _readable_case(text: str) -> str:
    """'NORTHBY HEALTH & WELL-BEING BOARD' -> 'Northby Health & Well-Being Board'; short forms (NHS, ICB) stay."""
    words = []
    for i, word in enumerate(text.split()):
        if i and word in _SMALL:
            words.append(_SMALL[word])
        elif len(word.strip("()")) <= 3:
            words.append(word)
        else:
            words.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(words)


class NameResolver:
    """Resolves written names to canonical nodes for one document, remembering what it defines."""

    def __init__(self, table: AliasTable) -> None:
        self.table = table
        self.defined: dict[str, Node] = {}  # abbreviations this document defines, as written
        # '... Board ("the Board")': the one-word names the document defines in quotes, by their head ("board")
        self.definite: dict[str, Node] = {}
        self.known: dict[str, Node] = {}  # name_key -> node for names seen in this document
        self._cache: dict[str, Node] = {}
        forms = self.table.surface_forms()
        multi = sorted({f for f, _ in forms if " " in f}, key=len, reverse=True)
        single = sorted({f for f, _ in forms if " " not in f}, key=len, reverse=True)
        self._multi = _alternation(multi, re.IGNORECASE)
        self._single = _alternation(single, 0)
        self._defined_pattern: re.Pattern[str] | None = None
        generic = [a for a, e in table.abbreviations.items() if a.isupper() and type_for(e) in _ACTOR_KINDS]
        self._place_pattern: re.Pattern[str] | None = None
        self._generic_pattern = _alternation(sorted(generic, key=len, reverse=True), 0)
        self.place: str | None = None  # the one place the document is about, where it makes that plain
        self.council_place: str | None = None  # the place of the one local council it names
        self._long_forms: dict[str, Node] = {}  # "provider alliance" -> Weston Together Provider Alliance
        self._system_forms: dict[str, Node] = {}  # "integrated care board" -> Northby Integrated Care Board
        self._system_area: str | None = None  # "Northby": the one integrated care system the document names

    def learn_partnership_names(self, text: str) -> None:
        """Names the text says are a partnership though they end in no head noun: "Weston Together is made up
        of a number of organisations", "we refer to our place as Weston Together"."""
        for pattern in (_PARTNERSHIP_SUBJECT, _PARTNERSHIP_CALLED):
            for match in pattern.finditer(text):
                name = tidy_name(match.group("name"))
                words = name.split()
                if not 1 <= len(words) <= 5 or name in self.defined or words[0].lower() in _LEADING_STOP:
                    continue
                if self.table.entry(name) is None and not any(w.lower() in _HEADS for w in words):
                    self.defined[name] = Node(name, "partnership")
                    self._defined_pattern = _alternation(sorted(self.defined, key=len, reverse=True), 0)

    def settle_place(self, mentions: list[Mention], text: str = "") -> None:
        """After a first reading: the document's place, and the place-prefixed names it writes in full.

        From then on a body written without its place resolves to the full name the same document
        uses ("Provider Alliance" -> "Weston Together Provider Alliance"), and a body every local authority
        has ("Health and Wellbeing Board", "Cabinet") to that place's ("Eastfield Health and Wellbeing
        Board"), keeping the written form as an alias. Nothing changes where two places compete.
        """
        possessive = [m.surface.split("’")[0].split("'")[0] for m in mentions if _PLACE_POSSESSIVE.match(m.surface)]
        # A meeting's venue names its town before the postcode ("Civic Centre, Eastfield, EF1 1NL"): two votes.
        possessive += [town for town in _POSTAL_TOWN.findall(text[:3000]) for _ in range(2)]
        self.place = document_place([m.node for m in mentions], possessive)
        # A body every council has (its Health and Wellbeing Board, its Cabinet) is the council's: the place of the one
        # local council the paper names, where its place is not the paper's ("Greywater Fells" names the ICB).
        councils = {
            council.group(1)
            for mention in mentions
            if mention.node.type == "organisation" and (council := _LOCAL_COUNCIL.match(mention.node.name))
        }
        self.council_place = next(iter(councils)) if len(councils) == 1 else None
        self._place_pattern = re.compile(rf"\b{re.escape(self.place)}\b(?!['’])") if self.place else None
        self._settle_system(mentions)
        if self.place is None:
            self._cache.clear()
            self.known.clear()
            return
        place_key = name_key(self.place)
        longs: dict[str, set[Node]] = {}
        for m in mentions:
            node = m.node
            words = name_key(node.name).split()
            if node.type not in ("body", "partnership") or place_key not in " ".join(words):
                continue
            for cut in range(1, len(words) - 1):
                prefix, rest = " ".join(words[:cut]), " ".join(words[cut:])
                if place_key in prefix and len(words) - cut >= 2:
                    longs.setdefault(rest, set()).add(node)
        self._long_forms = {k: next(iter(v)) for k, v in longs.items() if len(v) == 1}
        # Names read so far resolve again under the place.
        self._cache.clear()
        self.known.clear()
        self.defined = {a: self._placed(n) for a, n in self.defined.items()}
        self.definite = {h: self._placed(n) for h, n in self.definite.items()}

    def _settle_system(self, mentions: list[Mention]) -> None:
        """The integrated care system a document writes in full ("Greater Northby Integrated Care
        Partnership"): its board, partnership and system written bare are that system's, since each system
        has one of each. Nothing changes where the document names two systems."""
        full: dict[str, set[Node]] = {}
        areas: set[str] = set()
        for m in mentions:
            key = name_key(m.node.name)
            for suffix in SYSTEM_LEVEL_BODIES:
                if key.endswith(" " + suffix) and m.node.type in ("body", "partnership", "organisation"):
                    full.setdefault(suffix, set()).add(m.node)
                    words = m.node.name.split()[: -len(suffix.split())]
                    areas.add(" ".join(words[1:] if words and words[0] == "NHS" else words))
        one_area = len(areas) == 1
        self._system_forms = {k: next(iter(v)) for k, v in full.items() if len(v) == 1} if one_area else {}
        self._system_area = next(iter(areas)) if len(areas) == 1 and all(areas) else None

    def _placed(self, node: Node) -> Node:
        key = name_key(node.name)
        if key in SYSTEM_LEVEL_BODIES and node.type in ("body", "partnership", "organisation"):
            if key in self._system_forms:
                return self._system_forms[key]
            if self._system_area is not None:
                return Node(f"{self._system_area} {node.name}", node.type)
            return node
        if self.place is None or node.type not in ("body", "partnership", "organisation"):
            return node
        key = name_key(node.name)
        if name_key(self.place) in key or self.table.entry(node.name) is not None:
            return node  # already placed, or named as the corpus profile or the national table names it
        longer = self._long_forms.get(key)
        if longer is not None:
            return longer
        if key in PLACE_LEVEL_BODIES:
            return Node(f"{self.council_place or self.place} {node.name}", node.type)
        return node

    def define(self, abbreviation: str, node: Node, explicit: bool = False) -> None:
        """Record an abbreviation the document defines, unless it is a generic one (ICP, ACS).

        An `explicit` definition ("Integrated Commissioning Partnership (ICP)") of a generic
        abbreviation holds within the document when it names something other than the generic
        expansion: there ICP is that partnership, not an Integrated Care Partnership.
        """
        abbreviation = abbreviation.strip()
        if abbreviation in self.defined:
            return
        generic = self.table.expansion(abbreviation)
        if generic and (not explicit or name_key(generic) in name_key(node.name)):
            return
        entry = self.table.entry(abbreviation)
        if entry is not None and entry.canonical != node.name:
            return
        self.defined[abbreviation] = node
        self._defined_pattern = _alternation(sorted(self.defined, key=len, reverse=True), 0)

    def node_for(self, surface: str, type_hint: str | None = None) -> Node | None:
        """The canonical node a written name stands for."""
        cached = self._cache.get(surface)
        if cached is not None and (type_hint != "person" or cached.type == "person"):
            # A name first read bare ("Julia Fenwick", taken for an organisation) is a person where the line says
            # so (an attendance list's name column).
            return cached
        node = self._resolve(surface, type_hint)
        if node is not None:
            self._cache[surface] = node
            if node.type == "person" and type_hint == "person":
                self.known[name_key(node.name)] = node
            else:
                self.known.setdefault(name_key(node.name), node)
        return node

    def _resolve(self, surface: str, type_hint: str | None) -> Node | None:
        node = self._resolve_written(surface, type_hint)
        return self._placed(node) if node is not None else None

    def _resolve_written(self, surface: str, type_hint: str | None) -> Node | None:
        name = tidy_name(surface)
        if not name:
            return None
        entry = self.table.entry(name)
        if entry is not None:
            return Node(entry.canonical, entry.type)
        if name in self.defined:
            return self.defined[name]
        expanded = " ".join(self._spelt(w) if w.isupper() and len(w) > 1 else w for w in name.split())
        if expanded != name:
            entry = self.table.entry(expanded)
            if entry is not None:
                return Node(entry.canonical, entry.type)
            if name_key(expanded) in self.known:
                return self.known[name_key(expanded)]
            if any(w in self.defined for w in name.split()) and len(name.split()) > 1:
                # "HBC Executive Board" where the paper defined "Weston Borough Council (HBC)".
                return Node(expanded, type_hint or type_for(expanded))
        if name_key(name) in self.known and (type_hint != "person" or self.known[name_key(name)].type == "person"):
            return self.known[name_key(name)]
        if type_hint == "place":
            return Node(name, "place")
        generic = self.table.expansion(name) if name.isupper() else None
        if generic and type_for(generic) in _ACTOR_KINDS:
            # A national short form alone ("the CCG") is the one body of that kind the document names in full.
            suffix, short = name_key(generic), name.lower()
            written = {
                n
                for k, n in self.known.items()
                if n.type in _ACTOR_KINDS and (k == suffix or k.endswith((" " + suffix, " " + short)))
            }
            if len(written) == 1:
                return next(iter(written))
            # Else only a body every system or place has one of: it is the document's own (placed below).
            shared = suffix in SYSTEM_LEVEL_BODIES or suffix in PLACE_LEVEL_BODIES
            return Node(generic, type_for(generic)) if shared and not written else None
        board_of = re.fullmatch(r"((?:.+\s)?([A-Z][A-Za-z&]{1,7}))\s+Board", name)
        if board_of and (board_of.group(2) in self.defined or self.table.expansion(board_of.group(2))):
            # "the ICB Board", "the NHS Northby ICB Board": the board of the body the short form names is that body.
            body = self.node_for(board_of.group(1), type_hint)
            if body is not None and body.type in _ACTOR_KINDS:
                return body
        governing = _GOVERNING_BODY_OF.fullmatch(name)
        if governing:
            # "the Board of NHS Northby ICB", "the Governing Body of Northby CCG": the body it governs.
            body = self.node_for(governing.group(1), type_hint)
            if body is not None and body.type in _ACTOR_KINDS:
                return body
        committee_of = _COMMITTEE_OF.fullmatch(name)
        if committee_of and not _ROLE_OF.match(name):
            # "the Orrindale Place Sub-Committee of NHS Brindlemoor Integrated Care Board": the committee, named
            # with the body it belongs to.
            body, owner = self.node_for(committee_of.group(1), type_hint), self.node_for(committee_of.group(2))
            if body is not None and owner is not None and owner.type in _ACTOR_KINDS and body.type == "body":
                return body
        possessive = _PLACE_POSSESSIVE.match(name)
        if possessive and len(possessive.group(2).split()) >= 2:
            # "Eastfield's Best Start in Life Partnership" is the Best Start in Life Partnership of this paper.
            inner = self.node_for(possessive.group(2), type_hint)
            if inner is not None and inner.type != "person":
                return inner
        if _HONORIFIC.match(name):
            # "Councillor Jo Bloggs, Leader of the Council": the person; the office is an aside.
            return Node(without_title(name).split(",")[0].strip(), "person")
        role = _ROLE_OF.match(name)
        if role:
            organisation = self.node_for(role.group(2))
            if organisation is not None and organisation.type in ("organisation", "body", "partnership"):
                council = _COUNCIL.match(organisation.name)
                if _MAYOR.match(role.group(1)) and council:
                    return Node(f"{role.group(1)} of {council.group('place')}", "role")
                return Node(f"{role.group(1)} of {organisation.name}", "role")
        return Node(name, type_hint or type_for(name))

    def _spelt(self, word: str) -> str:
        """A short form spelt out: the national or profile meaning, else the one this paper defines."""
        generic = self.table.expansion(word)
        if generic:
            return generic
        defined = self.defined.get(word)
        return defined.name if defined is not None else word

    def find(
        self, text: str, offset: int = 0, resolve_definite: Callable[[str], Node | None] | None = None
    ) -> list[Mention]:
        """Mentions in a piece of clean text that starts at `offset`, in reading order."""
        candidates: list[tuple[int, int, int, str | None]] = []  # start, end, priority, type hint
        for pattern, priority in ((self._multi, 0), (self._single, 0), (self._defined_pattern, 0)):
            if pattern is not None:
                candidates += [(m.start(), m.end(), priority, None) for m in pattern.finditer(text)]
        candidates += [(s, e, 1, None) for s, e in _capitalised_names(text, self.table)]
        candidates += [(m.start(), m.end(), 0, "person") for m in _PERSON.finditer(text)]
        # "the Cabinet Member for Adult Social Care and Health will chair ...": an office named by its portfolio.
        # An office in brackets after another ("Deputy City Mayor (Lead Member for ...)") is that one's aside.
        candidates += [
            (m.start(), m.end(), 0, "role") for m in _PORTFOLIO.finditer(text) if not text[: m.start()].endswith("(")
        ]
        # "Healthwatch Weston": every local authority area's Healthwatch is named so, its head word first.
        branded = [(m.start(), m.end()) for m in _HEALTHWATCH.finditer(text)]
        candidates += [(s, e, 0, "organisation") for s, e in branded]
        # "the Chief Executive of Voluntary Action Northby": a capitalised run ending inside the brand's name is
        # cut there; the brand's whole name stands.
        candidates = [
            c for c in candidates if not any(c[0] < s < c[1] < e or (s < c[0] < e < c[1]) for s, e in branded)
        ]
        if self._place_pattern is not None:
            # The document's own place, written alone ("Weston is part of the Northshire STP").
            candidates += [(m.start(), m.end(), 3, "place") for m in self._place_pattern.finditer(text)]
        for m in _COLLECTIVE.finditer(text):
            first = m.group(1).split()[0].lower()
            if first not in _LEADING_STOP and first not in _QUANTIFIERS:
                candidates.append((m.start(1), m.end(1), 1, "organisation"))
        if self._generic_pattern is not None:
            # "a member of the ICB": a national short form for a body, written alone.
            candidates += [(m.start(), m.end(), 2, None) for m in self._generic_pattern.finditer(text)]
        # A name stays within one line and one table cell ("Organisation" over "Chief Operating Officer" is a
        # header cell above a row, not a name).
        candidates = [c for c in candidates if not re.search(r"[\n|]", text[c[0] : c[1]])]
        chosen: list[tuple[int, int, str | None]] = []
        taken = [False] * (len(text) + 1)
        for start, end, _, hint in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[2], c[0])):
            if any(taken[start:end]):
                continue
            for i in range(start, end):
                taken[i] = True
            chosen.append((start, end, hint))
        mentions: list[Mention] = []
        for start, end, hint in sorted(chosen):
            surface = text[start:end]
            node = self.node_for(surface, hint)
            if node is None:
                continue
            role = _ROLE_TITLE.search(text[max(0, start - 60) : start])
            if role and node.type in ("organisation", "body", "partnership"):
                title = role.group(1)
                role_start = start - (len(text[max(0, start - 60) : start]) - role.start())
                role_surface = text[role_start:end]
                role_node = self.node_for(role_surface, "role")
                if role_node is not None and role_node.type != "role":
                    role_node = Node(f"{title} of {node.name}", "role")
                    self._cache[role_surface] = role_node
                if role_node is not None:
                    # The office's own words ("Elected Mayor") were read as a name of their own: one mention now.
                    mentions = [m for m in mentions if m.end <= offset + role_start]
                    mentions.append(Mention(offset + role_start, offset + end, role_surface, role_node))
                    continue
            mentions.append(Mention(offset + start, offset + end, surface, node))
        if resolve_definite is not None:
            mentions += _definite_mentions(text, offset, mentions, resolve_definite)
            mentions.sort(key=lambda m: m.start)
        return mentions

    def learn_abbreviations(self, text: str, mentions: list[Mention], offset: int = 0) -> None:
        """Pick up "Full Name (ABBR)" definitions so later mentions of ABBR resolve."""
        for m in mentions:
            after = text[m.end - offset :]
            match = _ABBREVIATION_IN_BRACKETS.match(after)
            if not match:
                continue
            inner = match.group(1).strip()
            if inner.lower() in _NOT_ABBREVIATIONS or not any(c.isupper() for c in inner):
                continue
            if len(inner.split()) >= len(m.surface.split()) or (inner.istitle() and " " not in inner):
                continue
            if m.node.type in ("organisation", "body", "partnership", "role"):
                self.define(inner, m.node)
        for m in mentions:
            # 'the Northby Place Board (the "Partnership Board" or "NPB")', '(hereafter "the Board")': names the
            # paper gives the body in quotes, short or long, are its names from here on.
            quoted = _QUOTED_NAMES.match(text[m.end - offset :])
            if quoted is None or m.node.type not in ("organisation", "body", "partnership", "role"):
                continue
            for name in re.findall(r"[\"“‘']([^\"”’']{2,40})[\"”’']", quoted.group(0)):
                name = re.sub(r"^(?:the|The)\s+", "", name.strip())
                # A name of two words or more ("Partnership Board"): one word ("the Board") is read in context, and
                # a short form ("PPB") is an abbreviation the abbreviation scan defines.
                if name[:1].isupper() and 2 <= len(name.split()) < len(m.surface.split()):
                    self.define(name, m.node)
                elif (
                    name[:1].isupper()
                    and " " not in name
                    and name_key(m.node.name).endswith(" " + name.lower())
                    and name_key(m.surface).endswith(" " + name.lower())  # not "the Board of the ICB (the "Board")"
                ):
                    # '("the Board")' after the Kelsworth Place Partnership Board: "the Board" is it throughout,
                    # even just after a sentence about another board.
                    self.definite.setdefault(name.lower(), m.node)


_QUOTED_NAMES = re.compile(
    r"""\s*\(\s*(?:hereafter\s+(?:referred\s+to\s+as\s+)?|referred\s+to\s+as\s+)?(?:the\s+)?["“‘'][^"”’'()]{2,40}["”’']"""
    r"""(?:\s*(?:,|or|and)\s*(?:the\s+)?["“‘'][^"”’'()]{2,40}["”’'])*\s*\)"""
)
_COMMITTEE_OF = re.compile(
    r"(\S+(?:\s+\S+)*?\s+(?:Committee|Sub-Committee|Sub-committee|Subcommittee|Group|Sub-Group|Sub-group|Forum|Panel))"
    r"\s+of\s+(?:the\s+)?(.+?\b(?:Integrated\s+Care\s+Board|ICB|Council|Trust|Clinical\s+Commissioning\s+Group|CCG))"
)
_LOCAL_COUNCIL = re.compile(r"^(.+?)\s+(?:Metropolitan\s+Borough|Borough|City|County|District)?\s*Council$")
_GOVERNING_BODY_OF = re.compile(
    r"(?:Board|Governing\s+Body|Board\s+of\s+Directors|Trust\s+Board|Unitary\s+Board)\s+of\s+(?:the\s+)?(.+)"
)
_HEALTHWATCH = re.compile(
    r"\b(?:Healthwatch|Voluntary\s+Action|Citizens\s+Advice|Age\s+UK|Carers\s+Trust|Community\s+Action)\s+"
    r"[A-Z][\w’'-]*(?:\s+(?:and\s+)?[A-Z][\w’'-]*)?(?!\s+(?:England)\b)"
)
_PORTFOLIO = re.compile(
    r"\b(?:(?:Cabinet|Executive|Lead)\s+Member|Portfolio\s+Holder|Cabinet\s+Lead)\s+for\s+"
    r"[A-Z][\w’'-]*(?:(?:\s+(?:and|&)|,)?\s+[A-Z][\w’'-]*)*"
)
_DEFINITE = re.compile(
    r"\b(?:(?:[Tt]he|[Tt]his)\s+((?:Partnership|Programme|Executive|Joint|Management|Steering|Delivery|Place|Locality)\s+"
    r"(?:Board|Committee|Group)|Board|Council|Forum|Partnership|partnership|CCG|Committee|committee|Alliance|Network|"
    # a council's executive is written bare: "Cabinet delegated authority to ...", "seeks Cabinet's approval"
    r"Group|Cabinet|Executive|Sub-[Cc]ommittee|sub-committee|Sub-[Gg]roup)|(?<![A-Za-z]\s)(Cabinet))\b"
    # not "the Board Members", but "The Committee NOTED that ...", as minutes write their verbs
    r"(?!\s+(?!(?:NOTED|AGREED|RESOLVED|APPROVED|RECEIVED|ENDORSED|RATIFIED|CONSIDERED|DISCUSSED|WELCOMED|"
    r"REQUESTED|SUPPORTED|ACCEPTED|RECOMMENDED)\b)[A-Z&])"
    # "the Board of Northby Borough Council" names a body of its own: it is not "the Board" of the context.
    r"(?!\s+of\s+(?:the\s+)?[A-Z])"
)


def _definite_mentions(
    text: str, offset: int, found: list[Mention], resolve_definite: Callable[[str], Node | None]
) -> list[Mention]:
    """Mentions of "the Board", "the Council" read in context, to add to `found`; "the Leader of the Council" is
    the office (any mention of its words alone is taken out of `found`)."""
    spans = [(m.start - offset, m.end - offset) for m in found]
    extra: list[Mention] = []
    for match in _DEFINITE.finditer(text):
        if any(s <= match.start() < e for s, e in spans):
            continue
        node = resolve_definite(match.group(1) or match.group(2))
        if node is None:
            continue
        window = text[max(0, match.start() - 60) : match.start()]
        role = _ROLE_TITLE.search(window)
        if role and node.type in ("organisation", "body", "partnership"):
            # "The Leader of the Council shall chair ...": the office of the council the paper is about.
            role_start = match.start() - (len(window) - role.start())
            inside = [m for m in found if offset + role_start <= m.start and m.end <= offset + match.start()]
            if all(m.node.type == "role" for m in inside):  # the office's own words, read as a name alone
                for m in inside:
                    found.remove(m)
                role_node = Node(f"{role.group(1)} of {node.name}", "role")
                extra.append(
                    Mention(offset + role_start, offset + match.end(), text[role_start : match.end()], role_node)
                )
                continue
        extra.append(Mention(offset + match.start(), offset + match.end(), match.group(0), node, definite=True))
    return extra


def _alternation(forms: list[str], flags: int) -> re.Pattern[str] | None:
    if not forms:
        return None
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    return re.compile(rf"(?<![\w&])(?:{body})(?![\w&])", flags)


# What may stand between two words of one name: spaces, an opening quote, a bracketed short form.
_NAME_GAP = re.compile(r"[ \t]+|\s?['‘“]?|\s*\([A-Z][A-Za-z&]{0,7}\)\s+")


def _capitalised_names(text: str, table: AliasTable) -> list[tuple[int, int]]:
    """Spans of capitalised word runs ending in a head noun, split where two names are joined by 'and'."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    spans: list[tuple[int, int]] = []
    run: list[tuple[int, int, str]] = []

    def flush() -> None:
        segment: list[tuple[int, int, str]] = []
        for i, tok in enumerate(run):
            word = tok[2]
            if word.lower() in ("and", "&") and segment and _is_head(segment[-1][2], table):
                nxt = run[i + 1][2] if i + 1 < len(run) else ""
                if nxt and _is_name_word(nxt):
                    _emit(segment, spans, table)
                    segment = []
                    continue
            segment.append(tok)
        _emit(segment, spans, table)
        run.clear()

    previous_end = -1
    for k, (start, end, word) in enumerate(tokens):
        gap = text[previous_end:start] if previous_end >= 0 else " "
        joined = previous_end < 0 or _NAME_GAP.fullmatch(gap) is not None
        after = tokens[k + 1][2] if k + 1 < len(tokens) else ""
        before_last = run[-2][2] if len(run) > 1 else ""
        if run and (
            not joined
            or word in ("The", "This", "These")
            or word.upper() in _SECTION_LABELS
            or _case_changes(before_last, run[-1][2], word, after, table)
        ):
            # "... Terms of Reference The Riverside Partnership", "... City Mayor Background Health and
            # Wellbeing Boards are ...": a new sentence or section of flattened text, not one long name.
            flush()
        if _is_name_word(word) or (run and (word.lower() in _CONNECTORS or word.isdigit())):
            run.append((start, end, word))
        elif run:
            flush()
        previous_end = end
    if run:
        flush()
    return spans


def _shouted(word: str, table: AliasTable) -> bool:
    """A word in capitals that is no short form: part of a heading line ("NORTHBY PLACE COMMITTEE")."""
    return len(word) >= 4 and word.isalpha() and word.isupper() and not table.expansion(word) and not table.entry(word)


def _case_changes(earlier: str, before: str, word: str, after: str, table: AliasTable) -> bool:
    """Lost line breaks run a name into a heading in capitals ("NHS Northby Integrated Care Board NORTHBY
    PLACE COMMITTEE"): where a title-case word meets two shouted ones, or two shouted ones meet a title-case
    word, one name ends. A lone capitalised short form ("SEND Partnership Board") stays in its name."""
    if not (before[:1].isalpha() and word[:1].isalpha()):
        return False
    titled_before = any(c.islower() for c in before)
    titled_now = any(c.islower() for c in word)
    if titled_before and not titled_now:
        return _shouted(word, table) and _shouted(after, table)
    if not titled_before and titled_now:
        return _shouted(before, table) and _shouted(earlier, table) and word.lower() not in _CONNECTORS
    return False


def _emit(segment: list[tuple[int, int, str]], spans: list[tuple[int, int]], table: AliasTable) -> None:
    def leading_noise(word: str) -> bool:
        lower = word.lower()
        return lower in _LEADING_STOP or lower in _CONNECTORS or lower in _MONTHS or word[0].isdigit()

    # A date run into a name ("Draft 9th January 2017 NORTHBY ... BOARD") is not part of it.
    head_at = max((i for i, t in enumerate(segment) if _is_head(t[2], table)), default=-1)
    dated = [
        i
        for i, t in enumerate(segment[: max(0, head_at)])
        if t[2].lower() in _MONTHS or re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)|(?:19|20)\d\d", t[2])
    ]
    if dated:
        segment = segment[dated[-1] + 1 :]
    while segment and leading_noise(segment[0][2]):
        segment = segment[1:]
    last_head = max((i for i, t in enumerate(segment) if _is_head(t[2], table)), default=-1)
    if last_head < 1:  # a lone head noun ("Board") names nothing
        return
    rest = [t[2] for t in segment[last_head + 1 :]]
    # "Northby Joint Committee for Health and Care": what the body is for is part of its name
    keeps_complement = (
        len(rest) >= 3
        and rest[0] == "for"
        and rest[-1][:1].isupper()
        and all(w[:1].isupper() or w in ("and", "&") for w in rest[1:])
    )
    if not keeps_complement:
        segment = segment[: last_head + 1]
    words = [t[2] for t in segment]
    if len(words) <= 2 and all(w.lower() in GENERIC_WORDS for w in words):
        return
    shouted = all(w.isupper() for w in words if w.isalpha())
    # "REPORTING OFFICER:" front-sheet labels are not names; a heading "NORTHBY HEALTH & WELL-BEING BOARD" is.
    # A letterhead "NORTHBY COUNCIL" is a name too: a proper word before an organisation's head noun.
    heads = BODY_HEADS | ORGANISATION_HEADS | PARTNERSHIP_HEADS
    named_body = words[-1].lower() in heads and (
        len(words) >= 3 or (len(words) == 2 and words[-1].lower() in ORGANISATION_HEADS and len(words[0]) > 4)
    )
    if shouted and not named_body and not any(table.entry(w) for w in words):
        return
    spans.append((segment[0][0], segment[-1][1]))
