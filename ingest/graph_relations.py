"""Relations stated in running sentences: "X will be accountable to Y", "X has been renamed Y".

Each pattern finds a verb phrase; its subject is the name written just before it (or the
sentence's subject, or the topic for "It"), its object the name written just after. A statement
whose subject or object is not a resolvable name yields nothing: we prefer a missing edge to a
guessed one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from core.aliases import name_key
from ingest.graph_context import ACTOR_TYPES, DocumentContext, Fact, Sentence
from ingest.graph_names import (
    BODY_HEADS,
    ORGANISATION_HEADS,
    PARTNERSHIP_HEADS,
    Mention,
    Node,
    tidy_name,
    type_for,
    without_title,
)

_I = re.IGNORECASE
_AUX = (
    r"(?:which|that|who|will|shall|would|should|can|may|must|also|now|then|currently|and|has|have|had|is|are|was|"
    r"were|be|been|being|not|to|itself|themselves|directly|both|formally|still|presently|jointly|in\s+turn)"
)
_SUBJECT_GAP = re.compile(
    rf"\s*\)?\s*(?:\([^()]{{1,80}}\)\s*)?"
    # "X, chaired by an independent member, which will be ...", "the JCE, an officer group, was ...": an aside.
    rf"(?:,\s*(?:(?:chaired|led|hosted|supported|made\s+up|previously|formerly|originally)\b|(?:an?|the)\s+[a-z])"
    rf"[^,;()]{{1,100}},\s*)?"
    rf"(?:[,–-]\s*)?(?:{_AUX}\s+)*",
    _I,
)
_COUNT = r"(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_COORDINATION = re.compile(rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:(?:a|an|the)\s+)?(?:{_COUNT}\s+)?", _I)
_NEXT_CLAUSE = re.compile(
    r",?\s+and\s+(?:is|are|was|were|will|would|shall|reports?|meets?|has|have)\b|\s+(?:reports?|meets?)\s+(?:in)?to\b"
    r"|\s+(?:is|are)\s+overseen\b",
    _I,
)
_ABOLITION_OF = re.compile(r"\b(?:abolition|dissolution|closure|abolishment|merger)\s+of\s+(?:the\s+)?$", _I)
_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|of|across|for|within|to|from|at|by|with|throughout)\s+(?:the\s+|an?\s+)?$", _I
)
_AND_VERB = re.compile(r"\s*,?\s*and\s*(?:(?:will|shall|is|are|was|were|has|have|must|should|would|may|can)\b.*)?$", _I)
# "X, chaired by Councillor Y, has oversight of ...": Y is named in an aside, and is not the subject.
_ASIDE_OPENING = re.compile(
    r",\s*(?:(?:chaired|led|hosted|supported|convened)\s+by|(?:previously|formerly|originally)\s+(?:known\s+as|called)"
    r"|(?:previously|formerly)"
    # "The Delivery Group, a sub-group of this Board, escalates to ...": the body an apposition names
    r"|(?:an?|the)\s+[a-z][\w\s-]{0,40}?\s(?:of|to|within|under|for))\s+(?:the\s+|this\s+)?$",
    _I,
)
# What may open a sentence before its subject: an article, or a resolution's verb ("note that the ...").
_SUBJECT_LEAD = re.compile(
    r"\s*(?:(?:notes?|noted|agrees?|agreed|approves?|approved|resolves?|resolved|confirms?|confirmed|RESOLVED)"
    r"\s+(?:that\s+)?)?(?:(?:The|the|Both|both)\s+)?"
)
# "answerable to the Board of the ICB", "reports to the Governing Body of the CCG": the body whose board it is.
_OBJECT_GAP = re.compile(
    r"\s*(?:(?:the|a|an|all|its|their|our|this)\s+)?(?:(?:shadow|new)\s+)?"
    r"(?:(?:Board|Governing\s+Body|Board\s+of\s+Directors|Trust\s+Board)\s+of\s+(?:the\s+)?)?"
)
# "overseeing the implementation of the ambitions outlined in the X": lowercase words, but no
# conjunction or verb, which would start a new clause with its own object.
_LOOSE_OBJECT_GAP = re.compile(
    r"\s*(?:(?!(?:and|or|but|be|is|are|was|were|to|will|which|that|who|with)\b)[a-z][\w-]*\s+){0,10}"
)
_FUNCTION_WORDS = {
    "and",
    "or",
    "to",
    "in",
    "for",
    "on",
    "by",
    "with",
    "which",
    "that",
    "is",
    "are",
    "will",
    "as",
    "at",
    "from",
    "of",
    "through",
    "under",
    "within",
    "across",
    "including",
    "who",
    "has",
    "have",
    "and/or",
    # A verb or a contrast after a name ends the phrase: "the CCG be approved", "the HWB rather than the PPB".
    "be",
    "been",
    "was",
    "were",
    "shall",
    "would",
    "should",
    "must",
    "may",
    "can",
    "could",
    "had",
    "remains",
    "rather",
    "than",
    "instead",
    "not",
    "but",
    "nor",
    "where",
    "when",
    "while",
    "whilst",
    "alongside",
    "via",
    # "has delegated to the Committee the functions ...": an article starts the next phrase.
    "the",
    "a",
    "an",
    # "escalates to the Board any matter it cannot resolve": a determiner starts the next phrase too.
    "any",
    "each",
    "every",
    # "reports to the Board twice yearly", "chairs the Forum until March": when, not what.
    "twice",
    "once",
    "quarterly",
    "monthly",
    "annually",
    "yearly",
    "weekly",
    "fortnightly",
    "regularly",
    "formally",
    "jointly",
    "until",
    "since",
    "during",
    "after",
    "before",
    "upon",
    "following",
    "if",
    "unless",
}
_SUBJECT_TYPES = (*ACTOR_TYPES, "role", "person", "place")
# What may stand between a name and the verb phrase it is the subject of: a bracket, a comma.
# "Councillor A Smith, Leader of the Council, be appointed": an office between commas is the person's, too.
_ADJACENT = re.compile(r"\s*(?:\([^()]{1,60}\)\s*)?(?:,\s*(?:the\s+)?[A-Z][^,;()]{1,60},)?,?\s*")

# "reports through the Place Director to the Board", "accountable via the ICB to ...": the body at the end of the
# line is the one reported to.
_THROUGH_A_NAME = r"(?:through|via)\s+(?:the\s+)?[A-Za-z][\w&’'-]*(?:\s+[A-Za-z][\w&’'-]*){0,5}?\s+"
REPORTS_TO = re.compile(
    r"\b(?:report(?:s|ing)?\s+(?:(?:directly|formally|quarterly|monthly|annually|regularly|twice\s+yearly)\s+)?(?:in)?to"
    r"|reporting\s+body\s+(?:to|for)"
    rf"|report(?:s|ing)?\s+{_THROUGH_A_NAME}to"
    # "The Group provides assurance to the Committee": the assured body is the one reported to.
    r"|(?:provides?|providing|gives?|giving)\s+(?:regular\s+|formal\s+)?assurance\s+to"
    # "which escalates to the Board any matter it cannot resolve": the body escalated to is the one reported to.
    r"|escalat(?:es|ing|e)\s+(?:(?:any\s+|its\s+)?(?:issues?|risks?|matters?|concerns?)\s+)?to)\b"
    # "Report to: Cabinet" is a front sheet's label: the paper goes to Cabinet, no body reports to it.
    r"(?!\s*:)",
    _I,
)
ACCOUNTABLE_TO = re.compile(
    r"\b(?:is|are|be|being|remains?|remain)\s+(?:directly\s+|ultimately\s+|formally\s+)?"
    r"(?:accountable|answerable|responsible)"
    rf"(?:\s+{_THROUGH_A_NAME}"
    # "answerable, through the Trust's Board of Directors, to the ICB"
    r"|\s*,\s*(?:through|via)\s+[^,;]{1,80},\s*|\s+)to\b",
    _I,
)
HELD_TO_ACCOUNT = re.compile(r"\bheld\s+to\s+account\s+by\b", _I)
OVERSIGHT = re.compile(
    r"\b(?:(?:provides?|providing|have|has|having|with|gives?|takes?)\s+(?:\w+\s+)?oversight\s+(?:of|over)"
    r"|oversee(?:s|ing)?|(?:is|are)\s+responsible\s+for\s+overseeing"
    # "The Committee monitors the work of the Programme Board"
    r"|monitor(?:s|ing)?\s+the\s+(?:work|delivery|progress|performance)\s+of)\b",
    _I,
)
CHAIR_HAVE = re.compile(
    r"\b(?:have|has)\s+(?:an?\s+)?(?:independent\s+|interim\s+)?chair(?:man|person)?\s*[,:]?\s*", _I
)
CHAIRED_BY = re.compile(
    r"\b(?:is|are|was|were|will\s+be|shall\s+be)\s+(?:jointly\s+)?(?:chaired|co-chaired|presided\s+over)\s+by\b", _I
)
# "The meeting was chaired by Cllr Ada Quill": in a meeting's minutes, the meeting is the body that met.
_THE_MEETING = re.compile(r"^(?:The|This)\s+meeting\s+$", _I)
RENAMED = re.compile(
    r"\b(?:(?:has|have|had)\s+been\s+renamed(?:\s+to|\s+as)?|(?:was|were|is|are)\s+(?:hereby\s+)?renamed(?:\s+to|\s+as)?"
    r"|(?:is|are)\s+now\s+(?:called|known\s+as|named)"
    # "X will in future be known as Y", "X shall henceforth be known as Y": a paper settling the new name
    r"|(?:will|shall)\s+(?:in\s+future\s+|henceforth\s+|hereafter\s+)(?:be|become)\s+known\s+as"
    r"|changed\s+(?:its|their)\s+name\s+to)\b",
    _I,
)
TO_BE_RENAMED = re.compile(
    r"\b(?:(?:will|shall|would|should|is\s+to|are\s+to)\s+)?be\s+(?:formally\s+)?renamed(?:\s+to|\s+as)?\b", _I
)
FORMERLY = re.compile(
    # "formally known as" is a common misspelling; "formally constituted" is not a former name.
    r"(?P<open>\(|–|-|,)\s*(?:formerly|previously|originally|formally(?=\s+(?:known|called|referred|the)\b))\s+(?:(?:known|referred\s+to)\s+as\s+|called\s+)?",
    _I,
)
# What a "(previously referred to as the ICS NHS body/board)" bracket names: the old name itself, in any case.
_FORMER_NAME = re.compile(r"(?:the\s+)?([A-Za-z][\w&’'-]*(?:\s+[\w&’'-]+){0,7}?)\s*(?:/[\w\s]*)?\)")
# "existed in shadow form since August 2011 and became a formal committee": the shadow body came first.
SHADOW_FORM = re.compile(
    r"\b(?:existed|operated|operating|met|ran|running|worked|working|been)\s+in\s+shadow\s+form\b", _I
)
# "The minimum core membership would consist of ... a member of the ICB", "The Board will comprise X, Y and Z".
COMPOSITION = re.compile(
    r"\b(?P<membership>membership\s+)?(?:(?:would|will|shall|should|is\s+to|is\s+expected\s+to)\s+)?"
    r"(?:consists?\s+of|comprises?|(?:is|are|be)\s+made\s+up\s+of|includes?|including)\b"
    r"(?:\s+the\s+creation\s+of|\s+the\s+establishment\s+of)?",
    _I,
)
# "endorses the continued involvement of the Council within the partnership".
INVOLVEMENT = re.compile(r"\b(?:involvement|participation|membership|representation)\s+of\s+", _I)
NAME_CHANGE = re.compile(r"\bname\s+change\s+to\s+(?:the\s+)?['‘\"“]([^'’\"”]{3,60})['’\"”]", _I)
MEETS = re.compile(
    r"\bmeets?\b(?:\s+[a-z]+){0,3}?\s+(?:on\s+an?\s+|every\s+)?"
    r"(bi-monthly|bimonthly|monthly|quarterly|weekly|fortnightly|annually|bi-annually|six[- ]monthly)\b",
    _I,
)
DECISION_MAKING = re.compile(
    r"\b(?:is|are)\s+(not\s+)?(?:a|an|the)\s+(?:formal\s+|key\s+|main\s+|only\s+|statutory\s+)?"
    r"decision[- ]making\s+(?:body|group|forum|board|committee|partnership)\b",
    _I,
)
ONE_OF = re.compile(
    r"\bone\s+of\s+(?:the\s+)?(?:\w+\s+)?(?P<kind>[\w/]+(?:\s+authorities)?)\s+(?:that|which|who)\s+"
    r"(?:make\s+up|makes\s+up|form\s+part\s+of|forms\s+part\s+of|form|forms|comprise)\b",
    _I,
)
PART_OF = re.compile(
    r"\b(?:(?:is|are|forms?|will\s+be)\s+(?:an?\s+(?:integral\s+)?)?part\s+of|sits?\s+within|(?:is|are)\s+"
    r"(?:situated|located|placed)\s+within"
    # "X is one of the four networks within Y", "one of five place partnerships that together make up Y"
    rf"|(?:is|are)\s+one\s+of\s+(?:the\s+)?(?:{_COUNT}\s+)?[a-z]+(?:\s+[a-z]+)?\s+"
    r"(?:within|in|(?:that|which)\s+(?:together\s+)?(?:make|makes|form|forms)\s+up)"
    # "The Group is a workstream of the Place Programme", "are each a workstream of", "one of the workstreams of"
    r"|(?:is|are)\s+(?:each\s+)?(?:an?\s+|one\s+of\s+the\s+)?(?:[a-z]+\s+)?work[- ]?streams?\s+(?:of|within|under))\b",
    _I,
)
MEMBER_OF = re.compile(
    r"(?:\b(?:is|are)\s+(?:a\s+)?|,\s+an?\s+)(?:full\s+|statutory\s+|voting\s+|core\s+|founding\s+)?members?\s+of\b", _I
)
SIGNATORY = re.compile(
    r"\b(?:(?:have|has)\s+in\s+place|(?:are|is)\s+(?:the\s+)?signator(?:y|ies)\s+(?:to|of)|(?:have|has)\s+signed"
    r"(?:\s+up\s+to)?)\b",
    _I,
)
# "a joint committee of", "the children's sub-group of", "became a formal committee of": the body before is
# a committee of the bodies after. Up to two qualifying words may stand before the noun.
COMMITTEE_OF = re.compile(
    rf"(?:(?:\b(?:is|are|was|were|be|been|became|become|becomes|as|remains?)|,)\s+(?:a|an|the|one\s+of(?:\s+(?:the|its))?(?:\s+{_COUNT})?)\s+"
    r"(?:[\w’'-]+\s+){0,2}?(?:sub[- ]?committees?|committees?|sub[- ]?groups?|sub[- ]?boards?|sub[- ]?panels?|"
    r"working\s+groups?|task\s+and\s+finish\s+groups?)\s+(?:of|to|under)"
    # "The Delivery Group sits under the Place Committee": the structure chart's wording.
    r"|sits?\s+(?:directly\s+)?(?:under|beneath|below)|(?:as|are)\s+sub[- ]?(?:committees|groups)\s+of)\b",
    _I,
)
# "the ICB Chair, Ada Quill." / "the Chair, Cllr Jo Bloggs,": the person an office is held by.
_APPOSITIVE_PERSON = re.compile(
    r"\s*,\s*((?:(?:Dr|Councillor|Cllr|Professor|Sir|Dame|Mr|Mrs|Ms)\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-zA-Z'’-]+){1,2})"
    r"\s*(?:[.;,)]|$)"
)


def _person_named(ctx: DocumentContext, written: str) -> Node | None:
    """The person a bare name after an office is ("the ICB Chair, Ada Quill"), unless it is a body the
    document or the names table knows ("the Chair of the ICB, Healthwatch Northby")."""
    name = without_title(written).strip()
    if (
        ctx.resolver.table.entry(written) is not None
        or name_key(written) in ctx.inventory
        or name_key(name) in ctx.inventory
    ):
        return None
    words = {w.lower() for w in name.split()}
    if type_for(name) != "organisation" or words & _BODY_WORDS or (ctx.resolver.place or "").lower() in words:
        return None  # a head noun ("Board", "Trust") names a body, not a person
    return Node(name, "person")


# A word that names a body ("Healthwatch Northby", "Northby Trust") is never part of a person's name.
_BODY_WORDS = ORGANISATION_HEADS | BODY_HEADS | PARTNERSHIP_HEADS | {"healthwatch", "icb"}
_ESTABLISHER = re.compile(r"\b(?:established|set\s+up|created|constituted|formed|appointed|convened)\s+by\s*$", _I)
# A label line of a terms of reference: "Accountable to X", "Reports to: X", "Reporting to X".
LABEL_ACCOUNTABLE = re.compile(
    # ("Report to: Cabinet", singular, is a front sheet's label for the meeting the paper goes to)
    r"(?:^|(?<=[\s)]))(?:(?P<verb>Accountable|Accountability|Reports|Reporting)\s+(?:directly\s+)?to\b:?"
    # "Reporting line: X", "Reporting arrangements – X": a label with its verb left out.
    r"|Reporting\s+(?:lines?|routes?|arrangements?)\s*[:–-]\s*(?:(?:directly\s+)?to\s+)?)"
)
# "The Locality Plan now replaces the Strategy": the old name's successor.
REPLACES = re.compile(
    r"\b(?:(?:now|will|has|have|which|that|to)\s+)?(?:replaces?|replaced|supersedes?|superseded|succeed(?:s|ed))\b(?!\s+in\b)",
    _I,
)
REPLACED_BY = re.compile(
    r"\b(?:is|are|was|were|has\s+been|have\s+been|will\s+be|be)\s+"
    r"(?:(?:dissolved|abolished|disbanded|wound\s+up|closed)\s+and\s+)?(?:replaced|superseded|succeeded)\s+by\b",
    _I,
)
# "its functions had transferred to the ICB", "the CCG's functions transferred to ...".
FUNCTIONS_TO = re.compile(
    r"\b(?:its|their)\s+(?:statutory\s+)?(?:functions|responsibilities|duties|work)\s+(?:had\s+|have\s+|has\s+|were\s+|will\s+)?"
    r"(?:been\s+)?transferr?(?:ed|ing|s)?\s+to\b",
    _I,
)
TOOK_OVER = re.compile(
    r"\b(?:(?:took|takes|take|taking|will\s+take|has\s+taken|have\s+taken)\s+over\s+(?:the\s+)?"
    r"(?:(?:statutory\s+)?(?:functions|responsibilities|role|duties)\s+(?:of|from)\s+|from\s+)?"
    # "assumed the responsibilities of", "inherited the functions of": the same succession in other words.
    r"|(?:assumed|assumes|assume|inherited|inherits|inherit|absorbed|absorbs)\s+(?:all\s+)?(?:of\s+)?the\s+"
    r"(?:statutory\s+|remaining\s+)?(?:functions|responsibilities|role|duties|work)\s+(?:of|from)\s+)",
    _I,
)
# "X be elected Chair", "X was appointed as Chair of Y", "X and Y be appointed Vice Chairs of Z".
ELECTED_CHAIR = re.compile(
    r"(?:\b(?:be|was|were|is|are|been|being|has\s+been|have\s+been)?\s*(?:elected|appointed|confirmed|re-elected)\s+"
    r"(?:as\s+)?"
    # "Dr A Quill, as Chair of the Group, presented ...": the office the aside gives her.
    r"|,\s+as\s+)"
    r"(?:the\s+|an?\s+)?(?:additional\s+|new\s+|interim\s+|joint\s+)?(?P<vice>vice[- ]?|deputy\s+)?"
    r"(?:chair(?:man|person)?s?|co-chairs?)\b(?:\s+(?:of|for)\s+)?",
    _I,
)
# "X be appointed as a member of Y", "X as the substitute member of Y", "X as Northby City Council's member".
APPOINTED_MEMBER = re.compile(
    r"\b(?:(?:be|was|were|is|are|been|has\s+been|have\s+been)\s+)?(?:(?:appointed|nominated|elected|confirmed)\s+)?"
    r"as\s+(?:a|an|the)?\s*(?:[A-Z][\w’'&-]*(?:\s+[A-Z][\w’'&-]*)*[’']s\s+)?"
    r"(?:(?:substitute|voting|non-voting|deputy|named|full|co-opted|alternate)\s+)?members?\b(?:\s+(?:of|on)\s+)?",
)
# "authorises the Assistant Director to attend the X Board", "nominated Y to represent the Council on Z".
DELEGATED_ATTENDANCE = re.compile(
    r"\bto\s+(?:attend|sit\s+on|represent\s+(?:the\s+)?\w+(?:\s+\w+)?\s+(?:at|on))\s+(?:meetings\s+of\s+)?", _I
)
_AUTHORISING = re.compile(r"\b(?:authoris|authoriz|nominat|appoint|delegat|ask)\w*\s+(?:the\s+)?$", _I)
# "X was established by Y", "X is set up jointly by Y and Z": X established_by Y (and Z).
ESTABLISHED_BY = re.compile(
    r"\b(?:was|were|is|are|has\s+been|have\s+been|had\s+been|will\s+be|shall\s+be|be|been|being)\s+"
    r"(?:formally\s+|jointly\s+|originally\s+|first\s+)?(?:established|set\s+up|constituted|created|formed)\s+"
    r"(?:jointly\s+)?by\b",
    _I,
)
# "Y has established X", "Y and Z have jointly set up X": the same, written actively.
ESTABLISHES = re.compile(
    r"\b(?:has|have|had|will|shall)\s+(?:jointly\s+|formally\s+|now\s+|also\s+)?"
    r"(?:established|establish|set\s+up|constituted|constitute|created|create)\b",
    _I,
)
_POWERS = r"(?:functions?|powers?|authority|responsibilit(?:y|ies)|duties|decisions|decision[- ]making|budgets?)"
# "The ICB delegates its commissioning functions to the Committee", "has delegated to the Committee ...".
# "delegates" is also a noun ("sends delegates to the Forum"): as a verb it is followed by what is delegated.
DELEGATES = re.compile(
    rf"\b(?:delegated?|delegating|delegates(?=\s+(?:its|their|the|certain|some|specified|all|{_POWERS})\b))\s+"
    rf"(?:(?:its|their|the|certain|some|specified|these|all|of)\s+)*(?:[a-z-]+\s+){{0,7}}?(?:{_POWERS}\s+)?"
    r"to\b(?!\s+it\b)",
    _I,
)
# "functions delegated to the Committee by the ICB": the delegator after "by".
DELEGATED_TO_BY = re.compile(r"\bdelegated\s+to\s+", _I)
# "The Committee exercises functions delegated to it by the ICB", "under authority delegated from the Council".
DELEGATED_FROM = re.compile(
    rf"\b(?:delegated\s+(?:to\s+(?:it|them)\s+)?(?:by|from)|delegated\s+{_POWERS}\s+(?:from|of))\b", _I
)
# "Councillor A chairs the Forum", "the Leader of the Council will chair the Board" (not "Vice Chairs").
CHAIRS_ACTIVE = re.compile(
    r"(?<![Vv]ice[- ])(?<![Vv]ice)(?<![Cc]o-)\b"
    r"(?:chairs|(?:will|shall|would|is\s+to|to|also|currently|jointly)\s+chairs?|chaired)\b(?!\s+by\b)",
)
OVERSEEN_BY = re.compile(
    r"\b(?:is|are|will\s+be|shall\s+be|be|being|was|were|has\s+been|have\s+been)\s+(?:jointly\s+)?overseen\s+by\b", _I
)
# "Northby Homes joined the Alliance as a full member": the body joined is the one it is a member of.
JOINED = re.compile(r"\b(?:joined|joins|will\s+join|has\s+joined|have\s+joined|to\s+join)\b(?![^.;]*\bto\s+form\b)", _I)
# "The Board receives assurance from the Protection Board": the body assuring it reports to it.
ASSURED_BY = re.compile(
    r"\b(?:receives?|received|receiving|seeks?|takes?|gains?)\s+(?:regular\s+|formal\s+|quarterly\s+|annual\s+)?"
    r"assurance\s+from\b",
    _I,
)
# "X was merged into Y", "X merged with Y to form Z", "X and Y came together to form Z": successions.
MERGED_INTO = re.compile(
    r"\b(?:(?:was|were|has\s+been|have\s+been|had\s+been|will\s+be|is\s+to\s+be|are\s+to\s+be)\s+)?"
    r"(?:merged|subsumed|absorbed|incorporated)\s+into\b",
    _I,
)
TO_FORM = re.compile(
    r"\b(?P<verb>merged|merge|merging|combined|combine|came\s+together|come\s+together|amalgamated)\b"
    r"(?P<with>[^.;]{0,120}?)\bto\s+(?:form|create|become)\b",
    _I,
)
# "The Shadow Board became the Integrated Care Partnership": not "became a member of" nor "became part of".
BECAME = re.compile(r"\b(?:became|has\s+become|have\s+become|will\s+become|becomes)\b(?!\s+(?:a|an|part|one)\b)", _I)
REPRESENTED_ON = re.compile(
    r"\b(?:is|are|will\s+be|shall\s+be|be|being|was|were)\s+(?:also\s+)?represented\s+(?:on|at)\b"
    # "The VCSE Alliance has a seat on the Committee"
    r"|\b(?:has|have|holds?|will\s+have|shall\s+have)\s+(?:a|one|two|its\s+own)\s+(?:voting\s+|non-voting\s+)?seats?\s+on\b",
    _I,
)
# "X has three sub-committees: A, B and C", "X is supported by the following sub-groups: ...".
HAS_COMMITTEES = re.compile(
    rf"\b(?:has|have|will\s+have|shall\s+have|is\s+supported\s+by|are\s+supported\s+by|has\s+established)\s+"
    rf"(?:the\s+following\s+|(?:{_COUNT})\s+)?(?:formal\s+|standing\s+)?"
    r"(?:sub[- ]?committees|committees|sub[- ]?groups|working\s+groups|sub[- ]?boards)\b"
    r"(?:\s*[:,–-]|\s+(?:which\s+are|namely|as\s+follows)\s*:?)",
    _I,
)
# "X is the successor body to Y": Y renamed_to X.
SUCCESSOR_TO = re.compile(
    r"\b(?:is|was|will\s+be|became|becomes|as)\s+the\s+(?:statutory\s+|legal\s+)?successor\s+"
    r"(?:body\s+|organisation\s+|committee\s+)?(?:to|of)\b",
    _I,
)
# "Membership of the Board: A, B and C", "Members – A; B": a label line listing the paper's body's members.
MEMBERSHIP_LABEL = re.compile(r"^\s*(?:Membership|Members)(?:\s+of\s+(?:the\s+)?[A-Z][\w&’' -]{0,60}?)?\s*[:–-]\s*")
# "The Chair of the Board shall be the Cabinet Member for Adult Social Care".
CHAIR_SHALL_BE = re.compile(
    r"^(?:The\s+)?(?P<vice>(?:Vice|Deputy)[- ]?)?"
    r"(?:Chair(?:man|person)?|Chair(?:man|person)?\s+of\s+the\s+(?:Board|Committee|Group|Forum|Partnership))"
    r"\s+(?:shall|will|is\s+to|must|should)\s+be\s+"
    # "The chair will be drawn from Northby Hospitals NHS Trust": that organisation chairs
    r"(?P<from>(?:drawn|appointed|nominated|selected)\s+from\s+(?:among\s+)?)?(?:the\s+)?",
    _I,
)
_OFFICE_WRITTEN = re.compile(r"[A-Z][\w’'&-]*(?:\s+(?:for|of|and|[A-Z][\w’'&-]*))*")
# "Chair: Councillor Ada Quill" as a line of a terms of reference: the chair of the paper's body.
LABEL_CHAIR = re.compile(r"^\s*(?:Chair(?:man|person)?|Chaired\s+by|Chairing)\s*[:–-]\s*")
ADMIN_SUPPORT = re.compile(
    r"\b(?:administrative|secretariat|administration)\s+support\s+(?:will\s+be\s+|is\s+|shall\s+be\s+)?"
    r"(?:provided\s+)?by\b",
    _I,
)


# "The Partners considered, and decided against, constituting the Board as a sub-committee of the HWB": an option
# turned down states no structure.
_TURNED_DOWN = re.compile(
    r"\b(?:decided|agreed|resolved)\s*,?\s+(?:against|not\s+to)\b|\bconsidered,?\s+and\s+(?:decided\s+against|rejected)\b"
    r"|\b(?:was|were)\s+(?:considered\s+and\s+)?rejected\b|\bnot\s+(?:taken|carried)\s+forward\b",
    _I,
)
_STRUCTURE = frozenset({"sub_committee_of", "part_of", "reports_to", "accountable_to", "renamed_to", "delegates_to"})


def sentence_facts(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """Every relation one sentence states."""
    turned_down = bool(_TURNED_DOWN.search(sentence.text))
    for extractor in _EXTRACTORS:
        for fact in extractor(ctx, sentence, previous):
            if not (turned_down and fact.relation in _STRUCTURE):
                yield fact


def _fact(
    ctx: DocumentContext,
    sentence: Sentence,
    source: Node,
    relation: str,
    target: Node,
    confidence: float = 1.0,
    attributes: dict[str, str] | None = None,
) -> Fact:
    evidence = ctx.evidence(sentence.start, sentence.end)
    return Fact(source, relation, target, evidence, tuple(sorted((attributes or {}).items())), confidence)


_OWNER_OF = re.compile(r"\s+of\s+(?:the\s+)?")


def subjects_before(ctx: DocumentContext, sentence: Sentence, position: int) -> list[Node]:
    """Who does what the verb at `position` says: the name just before it, else the sentence subject."""
    before = [m for m in sentence.mentions if m.end <= position and m.node.type in _SUBJECT_TYPES]
    # "... families in Weston and is the sub-group of ...": a place after a preposition is no subject.
    before = [
        m
        for m in before
        if not (m.node.type == "place" and _AFTER_PREPOSITION.search(sentence.text, 0, m.start - sentence.start))
    ]
    while before and _ASIDE_OPENING.search(_between(sentence, sentence.start, before[-1].start)):
        before = before[:-1]
    # "the Weston Place Committee of the ICB will be stood down": the ICB is whose committee it is.
    while len(before) > 1 and _OWNER_OF.fullmatch(_between(sentence, before[-2].end, before[-1].start)):
        before = before[:-1]
    if before:
        last = before[-1]
        gap = _between(sentence, last.end, position)
        # "X will remain a sub-committee of Y and will be accountable to ...": the second verb is X's, not Y's.
        coordinated_verb = len(before) > 1 and _AND_VERB.match(gap) is not None
        if _SUBJECT_GAP.fullmatch(gap) and not coordinated_verb:
            return [m.node for m in _coordinated_backwards(sentence, before)]
    if sentence.mentions:
        first = sentence.mentions[0]
        # "X has delegated it to Y; the Board has in turn delegated ...": a later clause has its own subject.
        at_start = _SUBJECT_LEAD.fullmatch(_between(sentence, sentence.start, first.start)) and ";" not in (
            _between(sentence, first.end, position)
        )
        if first.end <= position and first.node.type in _SUBJECT_TYPES and at_start:
            return [m.node for m in _coordinated_forwards(sentence, first, position)]
    if re.match(r"^(?:It|This\s+(?:Board|body|group|Group|Forum|Committee))\b", sentence.text) and ctx.topic:
        return [ctx.topic]
    return []


def objects_after(sentence: Sentence, position: int, loose: bool = False) -> list[Node]:
    """The name (or names joined by 'and') the verb at `position` points to."""
    after = [m for m in sentence.mentions if m.start >= position]
    if not after:
        return []
    first = after[0]
    gap = _between(sentence, position, first.start)
    if not (_OBJECT_GAP.fullmatch(gap) or (loose and _LOOSE_OBJECT_GAP.fullmatch(gap))):
        return []
    chosen = [first]
    office: Mention | None = None
    for m in after[1:]:
        gap = _between(sentence, chosen[-1].end, m.start)
        if not _COORDINATION.fullmatch(gap):
            break
        if chosen[-1].node.type == "person" and m.node.type == "role" and not re.search(r"\band\b|&", gap):
            # "chaired by Ada Quill, the Independent Chair appointed by ...": her office, an aside that may run on
            office = m
            break
        chosen.append(m)
    if _is_modifier(sentence, chosen[-1]):
        return []
    if office is not None:
        chosen.append(office)
    return [m.node for m in chosen]


def _between(sentence: Sentence, start: int, end: int) -> str:
    return sentence.text[start - sentence.start : end - sentence.start]


def _is_modifier(sentence: Sentence, mention: Mention) -> bool:
    """'all One Halton spend': the name qualifies a lowercase noun, so it is not the object."""
    rest = sentence.text[mention.end - sentence.start :]
    if re.match(r"['’]s\s+[a-z]", rest):
        return True  # "the Council's governance framework"
    match = re.match(r"\s+([a-z][\w-]*)", rest)
    return match is not None and match.group(1) not in _FUNCTION_WORDS and not rest.startswith(" (")


def _coordinated_backwards(sentence: Sentence, before: list[Mention]) -> list[Mention]:
    chosen = [before[-1]]
    for m in reversed(before[:-1]):
        if not _COORDINATION.fullmatch(_between(sentence, m.end, chosen[0].start)):
            break
        chosen.insert(0, m)
    return chosen


def _coordinated_forwards(sentence: Sentence, first: Mention, limit: int) -> list[Mention]:
    chosen = [first]
    for m in sentence.mentions:
        if m.start <= chosen[-1].start or m.end > limit:
            continue
        if not _COORDINATION.fullmatch(_between(sentence, chosen[-1].end, m.start)):
            break
        chosen.append(m)
    return chosen


def _verb_facts(
    pattern: re.Pattern[str],
    relation: str,
    target_types: tuple[str, ...] = (*ACTOR_TYPES, "role"),
    loose: bool = False,
) -> Callable[[DocumentContext, Sentence, list[Sentence]], Iterator[Fact]]:
    """An extractor for 'SUBJECT <verb phrase> OBJECT' statements."""

    def extract(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
        for match in pattern.finditer(sentence.text):
            at = sentence.start + match.start()
            after = sentence.start + match.end()
            sources = [s for s in subjects_before(ctx, sentence, at) if s.type != "place" or relation == "part_of"]
            targets = [t for t in objects_after(sentence, after, loose) if t.type in target_types]
            if not sources and targets and re.match(r"^(?:The\s+following|These|Those)\b", sentence.text):
                # "The following groups report into the Board: A, B and C."
                sources = [n for n in _named_after_colon(sentence, after) if n not in targets]
            if not targets and re.match(r"\s+it\b", sentence.text[match.end() :]):
                # "X will remain a sub-committee of the Board and will be accountable to it": the body named last.
                earlier = [m.node for m in sentence.mentions if m.end <= at and m.node.type in target_types]
                targets = [n for n in earlier if n not in sources][-1:]
            for source in sources:
                for target in targets:
                    if source != target:
                        yield _fact(ctx, sentence, source, relation, target)

    return extract


def _reversed_facts(
    pattern: re.Pattern[str], relation: str, subject_types: tuple[str, ...], object_types: tuple[str, ...]
) -> Callable[[DocumentContext, Sentence, list[Sentence]], Iterator[Fact]]:
    """An extractor for statements read the other way round: 'SUBJECT <verb phrase> OBJECT' states
    'OBJECT <relation> SUBJECT' ("Y has established X": X established_by Y; "X is overseen by Y": Y oversees X)."""

    def extract(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
        for match in pattern.finditer(sentence.text):
            at = sentence.start + match.start()
            subjects = [n for n in subjects_before(ctx, sentence, at) if n.type in subject_types]
            objects = [n for n in objects_after(sentence, sentence.start + match.end()) if n.type in object_types]
            for obj in objects:
                for subject in subjects:
                    if obj != subject:
                        yield _fact(ctx, sentence, obj, relation, subject)

    return extract


def _renames(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    for pattern, status in ((RENAMED, None), (TO_BE_RENAMED, "proposed")):
        for match in pattern.finditer(sentence.text):
            olds = subjects_before(ctx, sentence, sentence.start + match.start())
            news = objects_after(sentence, sentence.start + match.end())
            if len(olds) == 1 and news and olds[0] != news[0]:
                extra = {"status": status} if status else None
                yield _fact(ctx, sentence, olds[0], "renamed_to", news[0], attributes=extra)
    for match in FORMERLY.finditer(sentence.text):
        news = subjects_before(ctx, sentence, sentence.start + match.start())
        olds = objects_after(sentence, sentence.start + match.end())
        if match.group("open") == "(":
            olds = _former_in_bracket(ctx, sentence, match, news) or olds
        if len(news) == 1 and olds and olds[0] != news[0]:
            yield _fact(ctx, sentence, olds[0], "renamed_to", news[0])
    for match in SHADOW_FORM.finditer(sentence.text):
        bodies = [b for b in subjects_before(ctx, sentence, sentence.start + match.start()) if b.type in ACTOR_TYPES]
        if len(bodies) == 1 and "shadow" not in bodies[0].name.lower():
            yield _fact(ctx, sentence, _shadow_of(ctx, bodies[0]), "renamed_to", bodies[0])
    for match in NAME_CHANGE.finditer(sentence.text):
        new = ctx.resolver.node_for(match.group(1), "body")
        context = [m for s in previous[-2:] for m in s.mentions]
        context += [m for m in sentence.mentions if m.end <= sentence.start + match.start()]
        actors = [m.node for m in context if m.node.type in ACTOR_TYPES]
        if new is not None and actors and actors[-1] != new:
            yield _fact(ctx, sentence, actors[-1], "renamed_to", new, 0.8, {"status": "proposed"})


def _former_in_bracket(ctx: DocumentContext, sentence: Sentence, match: re.Match[str], news: list[Node]) -> list[Node]:
    """The old body a "(formerly ...)" bracket names: the one body written in it ("(formerly commissioning
    functions were led by Northby CCG)"), else the words the bracket gives as the old name."""
    close = sentence.text.find(")", match.end())
    if close < 0 or len(news) != 1:
        return []
    named = _FORMER_NAME.match(sentence.text, match.end())
    if named is not None and re.search(r"\bas\s*$", match.group(0), _I):
        # "known as" / "referred to as": the words themselves are the old name, even when one of them is a
        # name of its own ("the ICS NHS body").
        written = [m for m in sentence.mentions if m.start == sentence.start + named.start(1)]
        if written and written[0].end == sentence.start + named.end(1):
            return [written[0].node]
        entry = ctx.resolver.table.entry(named.group(1))
        name = tidy_name(named.group(1))
        if entry is None and not name[:1].isupper():
            return []  # "(previously known as the shadow board)" describes; it names nothing
        return [Node(entry.canonical, entry.type) if entry is not None else Node(name, news[0].type)] if name else []
    inside = [
        m.node
        for m in sentence.mentions
        if sentence.start + match.end() <= m.start and m.end <= sentence.start + close and m.node.type in ACTOR_TYPES
    ]
    return inside[:1] if len({n.name for n in inside}) == 1 else []


def _shadow_of(ctx: DocumentContext, body: Node) -> Node:
    """The shadow form of a body, named as its documents name it ("Eastfield Shadow Health and Wellbeing Board")."""
    place = ctx.resolver.place
    if place and body.name.startswith(place + " "):
        return Node(f"{place} Shadow {body.name[len(place) + 1 :]}", body.type)
    return Node(f"Shadow {body.name}", body.type)


def _composition(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """What a body is made of: a system's component bodies are part_of it ("The ICS would include the creation
    of an Integrated Care Partnership ... and an Integrated Care Board"); the bodies a board's membership
    consists of are its members ("membership would consist of ... a member of the ICB")."""
    for match in COMPOSITION.finditer(sentence.text):
        at = sentence.start + match.start()
        wholes = [w for w in subjects_before(ctx, sentence, at) if w.type in ACTOR_TYPES]
        membership = match.group("membership") is not None
        if membership and not wholes:
            lead = _between(sentence, sentence.start, at)
            topic = ctx.topic
            if (
                re.fullmatch(r"\s*(?:The|the|Its|its)?\s*(?:[a-z]+\s+){0,3}", lead)
                and topic
                and topic.type != "organisation"
            ):
                wholes = [topic]  # "The minimum core membership would consist of ..." of the body in hand
        if len(wholes) != 1:
            continue
        whole = wholes[0]
        system = name_key(whole.name).endswith(" system") or name_key(whole.name).endswith(" ics")
        if not (system or membership or re.search(r"consist|comprise|made\s+up", match.group(0), _I)):
            continue  # "the Board includes ..." lists topics as often as members
        relation = "part_of" if system else "member_of"
        allowed = ACTOR_TYPES if system else (*ACTOR_TYPES, "role", "person")
        seen: set[Node] = set()
        # The list after the verb ends where the next clause begins ("... in Appendix A and reports to the X").
        boundary = _NEXT_CLAUSE.search(sentence.text, match.end())
        limit = sentence.start + (boundary.start() if boundary else len(sentence.text))
        for m in sentence.mentions:
            if m.start < sentence.start + match.end() or m.start >= limit or m.node in seen or m.node == whole:
                continue
            if m.node.type in allowed and not m.definite:
                seen.add(m.node)
                yield _fact(ctx, sentence, m.node, relation, whole)


def _involvement(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """'the continued involvement of the Council within the partnership': the Council takes part in it."""
    for match in INVOLVEMENT.finditer(sentence.text):
        begin = sentence.start + match.end()
        after = [m for m in sentence.mentions if m.start >= begin]
        if len(after) < 2 or not _OBJECT_GAP.fullmatch(_between(sentence, begin, after[0].start)):
            continue
        member, body = after[0], after[1]
        if not re.fullmatch(r"\s*(?:in|within|on|with)\s+(?:the\s+)?", _between(sentence, member.end, body.start)):
            continue
        kinds_fit = member.node.type in (*ACTOR_TYPES, "role", "person") and body.node.type in ("body", "partnership")
        if kinds_fit and member.node != body.node:
            yield _fact(ctx, sentence, member.node, "member_of", body.node)


def _chairs(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    for match in CHAIR_HAVE.finditer(sentence.text):
        bodies = subjects_before(ctx, sentence, sentence.start + match.start())
        people = [m.node for m in sentence.mentions if m.start == sentence.start + match.end()]
        if len(bodies) == 1 and people and people[0].type == "person":
            yield _fact(ctx, sentence, people[0], "chairs", bodies[0])
    for match in CHAIRED_BY.finditer(sentence.text):
        bodies = subjects_before(ctx, sentence, sentence.start + match.start())
        if not bodies and _THE_MEETING.match(sentence.text[: match.start()]) and ctx.meta.kind == "minutes":
            bodies = [ctx.subject] if ctx.subject is not None and ctx.subject.type in ("body", "partnership") else []
        chairs = objects_after(sentence, sentence.start + match.end())
        if len(bodies) == 1 and chairs and chairs[0].type in ("person", "role"):
            yield _fact(ctx, sentence, chairs[0], "chairs", bodies[0])
            for co_chair in chairs[1:]:
                if co_chair.type in ("person", "role"):  # "co-chaired by A and B"
                    yield _fact(ctx, sentence, co_chair, "chairs", bodies[0])
            office = [m for m in sentence.mentions if m.node == chairs[0] and m.start >= sentence.start + match.end()]
            holder = _APPOSITIVE_PERSON.match(sentence.text, office[0].end - sentence.start) if office else None
            holder_node = _person_named(ctx, holder.group(1)) if holder is not None else None
            if chairs[0].type == "role" and holder_node is not None:
                # "chaired by the ICB Chair, Ada Quill": the person who holds the office chairs too.
                yield _fact(ctx, sentence, holder_node, "chairs", bodies[0])
    for i, m in enumerate(sentence.mentions):
        chaired = chaired_body(ctx, m.node)
        if chaired is None or i == 0:
            continue
        person = sentence.mentions[i - 1]
        gap = _between(sentence, person.end, m.start)
        if re.search(r"\bsucceed(?:s|ed)?\s+$", _between(sentence, sentence.start, person.start), _I):
            continue  # "A succeeded B as Chair of X": B chaired X before; A chairs it now
        if person.node.type == "person" and re.fullmatch(r"\s*(?:,|–|-|is|as|,?\s*the)?\s*(?:the\s+)?", gap):
            yield _fact(ctx, sentence, person.node, "chairs", chaired)


def chaired_body(ctx: DocumentContext, role: Node) -> Node | None:
    """The body a 'Chair of X' role chairs."""
    if role.type != "role":
        return None
    match = re.match(r"^(?:Independent\s+)?Chair(?:man|person)?\s+of\s+(?:the\s+)?(.+)$", role.name)
    return ctx.resolver.node_for(match.group(1)) if match else None


def _office_body(ctx: DocumentContext, office: Node) -> Node | None:
    """The body of a 'Chair of X' or 'Vice Chair of X' office."""
    match = re.match(r"^(?:Vice[- ]?|Deputy\s+|Co-)?Chair(?:man|person)?s?\s+of\s+(?:the\s+)?(.+)$", office.name, _I)
    body = ctx.resolver.node_for(match.group(1)) if match and office.type == "role" else None
    return body if body is not None and body.type in ACTOR_TYPES else None


def _meets(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    for match in MEETS.finditer(sentence.text):
        frequency = match.group(1).lower().replace("bimonthly", "bi-monthly").replace(" ", "-")
        bodies = [b for b in subjects_before(ctx, sentence, sentence.start + match.start()) if b.type in ACTOR_TYPES]
        for body in bodies:
            yield _fact(ctx, sentence, body, "meets", body, attributes={"frequency": frequency})


def _decision_making(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    for match in DECISION_MAKING.finditer(sentence.text):
        value = "false" if match.group(1) else "true"
        bodies = [b for b in subjects_before(ctx, sentence, sentence.start + match.start()) if b.type in ACTOR_TYPES]
        for body in bodies:
            yield _fact(ctx, sentence, body, "is_decision_making", body, attributes={"value": value})


def _membership(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    for match in ONE_OF.finditer(sentence.text):
        kind = match.group("kind").lower()
        members = subjects_before(ctx, sentence, sentence.start + match.start())
        wholes = objects_after(sentence, sentence.start + match.end())
        if not wholes or len(members) != 1:
            continue
        member: Node | None = members[0]
        if "authorit" in kind or "organisation" in kind or "member" in kind:
            if member is not None and member.type == "place":
                member = _council_of(ctx, member)
            if member is not None and member.type in ACTOR_TYPES:
                yield _fact(ctx, sentence, member, "member_of", wholes[0])
        elif member is not None and any(w in kind for w in ("place", "borough", "area", "system", "partnership")):
            yield _fact(ctx, sentence, member, "part_of", wholes[0])
    yield from _simple_membership(ctx, sentence, previous)


_simple_membership = _verb_facts(MEMBER_OF, "member_of", ACTOR_TYPES)
_MEMBERS_LISTED = re.compile(
    r"\b(?:(?:are|is|shall\s+be|will\s+be)\s+(?:the\s+)?members?\s+of\s+"
    # "Each of the following nominates one member to the Board: A; B; C."
    rf"|nominates?\s+(?:one|a|an|{_COUNT})\s+(?:voting\s+)?(?:members?|representatives?)\s+(?:to|on|of)\s+)",
    _I,
)


def _inline_member_list(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """'The following organisations are members of the ICP: A; B; and the C.': each party is a member."""
    for match in _MEMBERS_LISTED.finditer(sentence.text):
        bodies = objects_after(sentence, sentence.start + match.end())
        colon = sentence.text.find(":", match.end())
        if len(bodies) != 1 or colon < 0 or sentence.text[match.end() : colon].count(" ") > 8:
            continue
        for part in re.finditer(r"[^;]+", sentence.text[colon + 1 :]):
            begin = sentence.start + colon + 1 + part.start()
            inside = [m for m in sentence.mentions if begin <= m.start < begin + len(part.group(0))]
            lead = (
                re.sub(
                    r"^\s*(?:and|or)?\s*(?:the\s+)?",
                    "",
                    sentence.text[begin - sentence.start : inside[0].start - sentence.start],
                )
                if inside
                else "x"
            )
            if inside and not lead and inside[0].node.type in ACTOR_TYPES and inside[0].node != bodies[0]:
                yield _fact(ctx, sentence, inside[0].node, "member_of", bodies[0])


def _council_of(ctx: DocumentContext, place: Node) -> Node | None:
    """The local authority of a place ('Halton' -> Halton Borough Council), if the documents name one."""
    for suffix in ("Borough Council", "City Council", "Council", "Metropolitan Borough Council"):
        key = name_key(f"{place.name} {suffix}")
        if key in ctx.inventory:
            return ctx.inventory[key]
        canonical = ctx.resolver.table.resolve(f"{place.name} {suffix}")
        if canonical:
            return ctx.resolver.node_for(canonical)
    return None


def _signatories(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    for match in SIGNATORY.finditer(sentence.text):
        parties = subjects_before(ctx, sentence, sentence.start + match.start())
        agreements = [
            m.node for m in sentence.mentions if m.start >= sentence.start + match.end() and m.node.type == "agreement"
        ][:1]
        if agreements:
            gap = _between(sentence, sentence.start + match.end(), _first_start(sentence, agreements[0]))
            if not re.fullmatch(r"\s*(?:(?:a|an|the|this)\s+)?", gap):
                continue
            for party in parties:
                if party.type in ACTOR_TYPES:
                    yield _fact(ctx, sentence, party, "signatory_of", agreements[0])


def _first_start(sentence: Sentence, node: Node) -> int:
    return next(m.start for m in sentence.mentions if m.node == node)


_DELEGATE_TYPES = (*ACTOR_TYPES, "role", "person")


def _delegations(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """Who delegates to whom: 'X delegates its functions to Y', 'functions delegated to Y by X', 'Y exercises
    functions delegated to it by X'. Read 'X delegates_to Y'."""
    found: list[tuple[Node, Node]] = []
    for match in DELEGATES.finditer(sentence.text):
        delegators = [
            n for n in subjects_before(ctx, sentence, sentence.start + match.start()) if n.type in ACTOR_TYPES
        ]
        delegates = objects_after(sentence, sentence.start + match.end()) or _object_before_powers(
            sentence, sentence.start + match.end()
        )
        found += [(x, y) for x in delegators for y in delegates if y.type in _DELEGATE_TYPES]
    for match in DELEGATED_TO_BY.finditer(sentence.text):
        after = [m for m in sentence.mentions if m.start >= sentence.start + match.end()][:1]
        if not after or after[0].node.type not in _DELEGATE_TYPES:
            continue
        if not _OBJECT_GAP.fullmatch(_between(sentence, sentence.start + match.end(), after[0].start)):
            continue
        by = re.match(r"\s*(?:\([^()]{1,40}\)\s*)?by\s+", sentence.text[after[0].end - sentence.start :], _I)
        if by is None:
            continue
        delegators = objects_after(sentence, after[0].end + by.end())
        found += [(x, after[0].node) for x in delegators if x.type in ACTOR_TYPES]
    for match in DELEGATED_FROM.finditer(sentence.text):
        delegates = [
            n for n in subjects_before(ctx, sentence, sentence.start + match.start()) if n.type in _DELEGATE_TYPES
        ]
        if (
            not delegates
            and ctx.topic is not None
            and re.match(r"^(?:It|The\s+(?:Committee|Board|Group|Forum|Partnership))\b", sentence.text)
        ):
            delegates = [ctx.topic]  # "The Committee exercises functions delegated by ...": the paper's body
        delegators = [n for n in objects_after(sentence, sentence.start + match.end()) if n.type in ACTOR_TYPES]
        found += [(x, y) for x in delegators for y in delegates]
    for delegator, delegate in dict.fromkeys(found):
        if delegator != delegate:
            yield _fact(ctx, sentence, delegator, "delegates_to", delegate)


def _object_before_powers(sentence: Sentence, position: int) -> list[Node]:
    """'has delegated to the Board decisions on ...': the delegate comes before what is delegated, so the word
    after it ('decisions') is the thing delegated, not a noun the name qualifies."""
    after = [m for m in sentence.mentions if m.start >= position][:1]
    if not after or not _OBJECT_GAP.fullmatch(_between(sentence, position, after[0].start)):
        return []
    rest = sentence.text[after[0].end - sentence.start :]
    return [after[0].node] if re.match(rf"\s+(?:the\s+|its\s+|certain\s+)?{_POWERS}\b", rest, _I) else []


_WHO_CHAIRS = re.compile(
    r"(?:^|\s)((?:(?:Dr|Professor|Prof|Cllr|Councillor)\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-zA-Z'’-]+){1,2}),\s+who\s+"
    r"(?:also\s+|currently\s+|now\s+)?$"
)


def _active_chairs(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """'Councillor A chairs the Forum', 'the Leader of the Council will chair the Board', 'presented by Ada
    Quill, who chairs the Group' (a person named without a title, in the aside's relative clause)."""
    for match in CHAIRS_ACTIVE.finditer(sentence.text):
        people = [
            n for n in subjects_before(ctx, sentence, sentence.start + match.start()) if n.type in ("person", "role")
        ]
        who = _WHO_CHAIRS.search(sentence.text, 0, match.start())
        if not people and who and type_for(who.group(1)) == "organisation":
            people = [Node(without_title(who.group(1)), "person")]
        bodies = [n for n in objects_after(sentence, sentence.start + match.end()) if n.type in ACTOR_TYPES]
        for person in people:
            for body in bodies[:1]:
                yield _fact(ctx, sentence, person, "chairs", body)


def _label_chair(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """'Chair: Councillor Ada Quill': a label line names who chairs the body the paper is about."""
    match = LABEL_CHAIR.match(sentence.text)
    body = ctx.topic or ctx.subject
    if match is None or body is None or body.type not in ACTOR_TYPES:
        return
    chairs = [m.node for m in sentence.mentions if m.start == sentence.start + match.end()]
    name = bare_people(sentence.text[match.end() :].split(",")[0].split("(")[0].rstrip(" .;"))
    for person in (chairs or name)[:1]:
        if person.type in ("person", "role") and person != body:
            yield _fact(ctx, sentence, person, "chairs", body)


def _listed_committees(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """'The Board has three sub-committees: A, B and C': each is a sub-committee of the Board."""
    for match in HAS_COMMITTEES.finditer(sentence.text):
        parents = [n for n in subjects_before(ctx, sentence, sentence.start + match.start()) if n.type in ACTOR_TYPES]
        children = [n for n in objects_after(sentence, sentence.start + match.end()) if n.type in ("body",)]
        for parent in parents[:1]:
            for child in children:
                if child != parent:
                    yield _fact(ctx, sentence, child, "sub_committee_of", parent)


def _successor(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    for match in SUCCESSOR_TO.finditer(sentence.text):
        news = [n for n in subjects_before(ctx, sentence, sentence.start + match.start()) if n.type in ACTOR_TYPES]
        olds = [n for n in objects_after(sentence, sentence.start + match.end()) if n.type in ACTOR_TYPES]
        yield from _successions(ctx, sentence, olds, news)


def _membership_label(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """'Membership of the Board: A, B and C': members of the body the label names, else the paper's body."""
    match = MEMBERSHIP_LABEL.match(sentence.text)
    if match is None:
        return
    named = [m.node for m in sentence.mentions if m.end <= sentence.start + match.end() and m.node.type in ACTOR_TYPES]
    body = named[-1] if named else (ctx.topic or ctx.subject)
    if body is None or body.type not in ("body", "partnership"):
        return
    for m in sentence.mentions:
        listed = m.start >= sentence.start + match.end() and m.node.type in (*ACTOR_TYPES, "role", "person")
        if listed and m.node != body and not m.definite:
            yield _fact(ctx, sentence, m.node, "member_of", body)


def _chair_shall_be(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """'The Chair of the Board shall be the Cabinet Member for Adult Social Care': that office chairs it ('The
    Vice-Chair shall be ...': a member)."""
    match = CHAIR_SHALL_BE.match(sentence.text)
    body = ctx.topic or ctx.subject
    if match is None or body is None or body.type not in ACTOR_TYPES:
        return
    holder = [m.node for m in sentence.mentions if m.start == sentence.start + match.end()]
    if not holder:
        written = _OFFICE_WRITTEN.match(sentence.text, match.end())
        office = written.group(0).rstrip() if written else ""
        if (len(office.split()) >= 2 and type_for(office) != "organisation") or re.search(r"\bMember\b", office):
            holder = [Node(tidy_name(office), "role")]
    relation = "member_of" if match.group("vice") else "chairs"  # a vice-chair is a member: no vice_chairs
    kinds = ("person", "role", "organisation") if match.group("from") else ("person", "role")
    for chair in holder[:1]:
        if chair.type in kinds and chair != body:
            yield _fact(ctx, sentence, chair, relation, body)


def _mergers(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """'X was merged into Y' (X renamed_to Y); 'X merged with Y to form Z', 'X and Y came together to form Z'
    (each renamed_to Z); 'the Shadow Board became the Partnership' (renamed_to)."""
    for match in MERGED_INTO.finditer(sentence.text):
        olds = [n for n in subjects_before(ctx, sentence, sentence.start + match.start()) if n.type in ACTOR_TYPES]
        news = [n for n in objects_after(sentence, sentence.start + match.end()) if n.type in ACTOR_TYPES]
        yield from _successions(ctx, sentence, olds, news[:1])
    for match in TO_FORM.finditer(sentence.text):
        olds = [n for n in subjects_before(ctx, sentence, sentence.start + match.start()) if n.type in ACTOR_TYPES]
        with_start, with_end = sentence.start + match.start("with"), sentence.start + match.end("with")
        if re.match(r"\s*with\b", match.group("with"), _I):
            olds += [m.node for m in sentence.mentions if with_start <= m.start and m.end <= with_end]
        elif match.group("with").strip():
            continue  # "merged their budgets to form ...": the words between name no body that merged
        news = [n for n in objects_after(sentence, sentence.start + match.end()) if n.type in ACTOR_TYPES]
        yield from _successions(ctx, sentence, [n for n in olds if n.type in ACTOR_TYPES], news[:1])
    for match in BECAME.finditer(sentence.text):
        olds = [n for n in subjects_before(ctx, sentence, sentence.start + match.start()) if n.type in ACTOR_TYPES]
        news = [n for n in objects_after(sentence, sentence.start + match.end()) if n.type in ACTOR_TYPES]
        if len(olds) == 1 and len(news) == 1:
            yield from _successions(ctx, sentence, olds, news)


def _support(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    for match in ADMIN_SUPPORT.finditer(sentence.text):
        supported = subjects_before(ctx, sentence, sentence.start + match.start()) or ([ctx.topic] if ctx.topic else [])
        for supporter in objects_after(sentence, sentence.start + match.end()):
            for body in supported:
                if supporter != body:
                    yield _fact(ctx, sentence, supporter, "supports", body)


def _committee_of(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    for match in COMMITTEE_OF.finditer(sentence.text):
        at = sentence.start + match.start()
        subjects = [s for s in subjects_before(ctx, sentence, at) if s.type in ACTOR_TYPES]
        named = [m for m in sentence.mentions if m.end <= at and m.node in subjects]
        if any(_ESTABLISHER.search(_between(sentence, sentence.start, m.start)) for m in named):
            # "X is established by Y (the ICB) as a committee of Z": Y sets X up; X is the committee.
            first = sentence.mentions[0]
            opens = _SUBJECT_LEAD.fullmatch(_between(sentence, sentence.start, first.start)) is not None
            subjects = [first.node] if opens and first.node.type in ACTOR_TYPES and first.node not in subjects else []
        if not subjects and re.match(r"^(?:It|This\s+\w+)\b", sentence.text) is None and ctx.topic is not None:
            lead = _between(sentence, sentence.start, at).strip()
            # "Established as a joint committee of ..." in a body's own terms of reference.
            subjects = [ctx.topic] if lead.lower() in ("", "established", "it was established", "constituted") else []
        targets = objects_after(sentence, sentence.start + match.end())
        if not subjects and targets and re.search(r"committees|groups|boards|panels", match.group(0), _I):
            # "Two place committees have been established as sub-committees of the Board: the A and the B."
            subjects = _named_after_colon(sentence, sentence.start + match.end())
        for target in targets:
            if target.type not in (*ACTOR_TYPES, "place"):
                continue
            for subject in subjects:
                if subject != target:
                    yield _fact(ctx, sentence, subject, "sub_committee_of", _council_for(ctx, target))


def _named_after_colon(sentence: Sentence, position: int) -> list[Node]:
    """The bodies a colon introduces after `position`, joined by commas and 'and'."""
    colon = sentence.text.find(":", position - sentence.start)
    if colon < 0:
        return []
    return [n for n in objects_after(sentence, sentence.start + colon + 1) if n.type in ACTOR_TYPES]


def _council_for(ctx: DocumentContext, node: Node) -> Node:
    return (_council_of(ctx, node) or node) if node.type == "place" else node


def _label_accountability(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """ "Accountable to X" written as a label (no verb before it): the document's body answers to X."""
    for match in LABEL_ACCOUNTABLE.finditer(sentence.text):
        before = sentence.text[: match.start()]
        if re.search(r"\b(?:is|are|be|being|remains?|will|shall|not|directly|also)\s*$", before, _I):
            continue  # a sentence with a verb is read by the verb patterns
        relation = "accountable_to" if (match.group("verb") or "").lower().startswith("account") else "reports_to"
        subject = ctx.topic or ctx.subject
        earlier = [m.node for m in sentence.mentions if m.end <= sentence.start + match.start()]
        earlier = [n for n in earlier if n.type in ("body", "partnership")]
        if subject is None and earlier:
            subject = earlier[-1]
        if subject is None:
            continue
        for target in objects_after(sentence, sentence.start + match.end()):
            if target.type in (*ACTOR_TYPES, "role") and target != subject:
                yield _fact(ctx, sentence, subject, relation, target)


def _replacements(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """'X replaces Y', 'Y was replaced by X', 'X took over the functions of Y': Y renamed_to X."""
    kinds = (*ACTOR_TYPES, "plan", "agreement")
    for match in REPLACES.finditer(sentence.text):
        if REPLACED_BY.match(sentence.text, match.start()) or re.match(r"\s+by\b", sentence.text[match.end() :]):
            continue
        news = [n for n in subjects_before(ctx, sentence, sentence.start + match.start()) if n.type in kinds]
        if not news and sentence.mentions and sentence.mentions[0].end <= sentence.start + match.start():
            first = sentence.mentions[0]
            # "The Locality Plan has been developed from and now replaces ...": plans replace plans too.
            if _SUBJECT_LEAD.fullmatch(_between(sentence, sentence.start, first.start)) and first.node.type in kinds:
                news = [first.node]
        olds = [n for n in objects_after(sentence, sentence.start + match.end(), loose=True) if n.type in kinds]
        yield from _successions(ctx, sentence, olds, news)
    for match in REPLACED_BY.finditer(sentence.text):
        olds = [n for n in subjects_before(ctx, sentence, sentence.start + match.start()) if n.type in kinds]
        news = [n for n in objects_after(sentence, sentence.start + match.end()) if n.type in kinds]
        yield from _successions(ctx, sentence, olds, news)
    for match in FUNCTIONS_TO.finditer(sentence.text):
        # "... the CCG had been abolished under the Act and its functions had transferred to the ICB".
        earlier = [
            m
            for m in sentence.mentions
            if m.end <= sentence.start + match.start()
            and m.node.type in ACTOR_TYPES
            and (
                _ABOLITION_OF.search(sentence.text, 0, m.start - sentence.start)
                or not _AFTER_PREPOSITION.search(sentence.text, 0, m.start - sentence.start)
            )
        ]
        # "A and B agreed the plan and its functions ...": "its" is neither for certain.
        paired = len(earlier) > 1 and _COORDINATION.fullmatch(_between(sentence, earlier[-2].end, earlier[-1].start))
        olds = [earlier[-1].node] if earlier and not paired else []
        news = [n for n in objects_after(sentence, sentence.start + match.end()) if n.type in ACTOR_TYPES]
        yield from _successions(ctx, sentence, olds, news[:1])
    for match in TOOK_OVER.finditer(sentence.text):
        news = [n for n in subjects_before(ctx, sentence, sentence.start + match.start()) if n.type in ACTOR_TYPES]
        olds = [n for n in objects_after(sentence, sentence.start + match.end()) if n.type in ACTOR_TYPES]
        yield from _successions(ctx, sentence, olds, news)


def _successions(ctx: DocumentContext, sentence: Sentence, olds: list[Node], news: list[Node]) -> Iterator[Fact]:
    """Each old name renamed_to the one new name, when the sentence names exactly one successor."""
    if len(news) == 1:
        for old in olds:
            if old != news[0]:
                yield _fact(ctx, sentence, old, "renamed_to", news[0])


SUCCEEDED_AS_CHAIR = re.compile(
    r"\bsucceed(?:s|ed)?\s+[^.;]{1,60}?\s+as\s+(?:the\s+)?(?P<vice>vice[- ]?)?chair(?:man|person)?\s+(?:of|for)\s+", _I
)


def _succeeded_chairs(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """'In 2024 Councillor A succeeded Councillor B as Chair of the X': A chairs X (B did before)."""
    for match in SUCCEEDED_AS_CHAIR.finditer(sentence.text):
        at = sentence.start + match.start()
        before = [m for m in sentence.mentions if m.end <= at]
        if not before or before[-1].node.type != "person" or _between(sentence, before[-1].end, at).strip():
            continue
        bodies = [b for b in objects_after(sentence, sentence.start + match.end()) if b.type in ACTOR_TYPES]
        if not bodies:
            # The office was read as one name, "Chair of the X Board": its body.
            offices = [m.node for m in sentence.mentions if m.start < sentence.start + match.end() <= m.end]
            bodies = [b for b in (_office_body(ctx, o) for o in offices) if b is not None]
        if bodies:
            yield _fact(ctx, sentence, before[-1].node, "member_of" if match.group("vice") else "chairs", bodies[0])


def _elected_chairs(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """'X be elected Chair [of Y]' (chairs), 'X and Y be appointed Vice Chairs of Z' (members: no vice_chairs)."""
    for match in ELECTED_CHAIR.finditer(sentence.text):
        at = sentence.start + match.start()
        before = _without_aside([m for m in sentence.mentions if m.end <= at], sentence, at)
        if before and _ADJACENT.fullmatch(_between(sentence, before[-1].end, at)):
            chosen = _coordinated_backwards(sentence, before)
            people = [m.node for m in chosen if m.node.type in ("person", "role")]
            lead = sentence.text[: chosen[0].start - sentence.start]
            if re.search(r"(?:\band|,)\s*$", lead):  # "that Majid Hussain and Dr J Patterson be appointed"
                people = bare_people(re.sub(r"(?:\band|,)\s*$", "", lead)) + people
        else:
            lead = sentence.text[: match.start()]
            # "Ada Quill, Chief Officer of the CVS, was appointed ...": her name, before the office's aside.
            people = bare_people(lead) or bare_people(re.sub(r",[^,]{2,80},?\s*$", "", lead))
        if not people:
            continue
        named = (
            objects_after(sentence, sentence.start + match.end())
            if match.group(0).rstrip().lower().endswith(("of", "for"))
            else []
        )
        bodies = [b for b in named if b.type in ACTOR_TYPES]
        if not bodies:
            # The office was read as one name, "Vice Chair of the Health and Wellbeing Board": its body.
            offices = [m.node for m in sentence.mentions if m.start < sentence.start + match.end() <= m.end]
            bodies = [b for b in (_office_body(ctx, o) for o in offices) if b is not None]
        body = bodies[0] if bodies else (ctx.topic or ctx.subject)
        if body is None or body.type not in ACTOR_TYPES:
            continue
        relation = "member_of" if match.group("vice") else "chairs"
        for person in people:
            yield _fact(ctx, sentence, person, relation, body)


def _without_aside(before: list[Mention], sentence: Sentence, at: int) -> list[Mention]:
    """'Councillor A Smith, Leader of the Council, be appointed': the names inside the office's aside are not
    the ones appointed; the person before it is."""
    for k in range(len(before) - 1, -1, -1):
        if before[k].node.type == "person":
            gap = _between(sentence, before[k].end, at)
            if k < len(before) - 1 and re.fullmatch(r"\s*,\s*(?:the\s+)?[A-Z][^,;()]{1,60},\s*", gap):
                return before[: k + 1]
            break
    return before


# "RESOLVED that Majid Hussain be elected ...": a name with no title, between the resolution's words and its verb.
_BARE_PERSON = re.compile(
    r"(?:^|\b(?:that|That|and|RESOLVED|Resolved|AGREED|Agreed|NOTED|DECIDED)\b[\s:–-]*)"
    r"((?:[A-Z][a-z]+|[A-Z]\.)(?:\s+[A-Z][a-zA-Z'’-]+){1,2})\s*$"
)


def bare_people(text: str) -> list[Node]:
    """People named without a title just before a verb ("that A Smith and B Jones be appointed")."""
    found: list[Node] = []
    rest = text.rstrip()
    while True:
        match = _BARE_PERSON.search(rest)
        if match is None or type_for(match.group(1)) != "organisation":
            break
        name = re.sub(r"^(?:That|The|This)\s+", "", match.group(1))  # "RESOLVED – That Councillor Chauhan"
        if len(name.split()) < 2 or name.split()[0] in ("The", "This"):
            break
        # A surname alone is a poor name: "Councillor Chauhan" keeps the title; "Councillor Jo Smith" need not.
        plain = re.sub(r"^(?:Councillor|Cllr)\.?\s+", "", name)
        found.insert(0, Node(plain if len(plain.split()) >= 2 else name, "person"))
        rest = rest[: match.start(1)].rstrip()
        if not rest.endswith(" and") and not rest.endswith(","):
            break
        rest = rest[: -len("and")] if rest.endswith("and") else rest[:-1]
    return found


def _appointed_members(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """'X be appointed as a member of Y', 'X as the Council's substitute member of Y'."""
    for match in APPOINTED_MEMBER.finditer(sentence.text):
        at = sentence.start + match.start()
        before = _without_aside([m for m in sentence.mentions if m.end <= at], sentence, at)
        if not before:
            continue
        last = before[-1]
        if not _ADJACENT.fullmatch(_between(sentence, last.end, at)):
            continue
        members = [
            m.node for m in _coordinated_backwards(sentence, before) if m.node.type in ("person", "role", *ACTOR_TYPES)
        ]
        bodies = []
        if match.group(0).rstrip().lower().endswith(("of", "on")):
            bodies = [
                b for b in objects_after(sentence, sentence.start + match.end()) if b.type in ("body", "partnership")
            ]
        if not bodies:
            # "X as the Council's member and Y as its substitute member of Z": the body named later in the sentence.
            later = [m.node for m in sentence.mentions if m.start >= sentence.start + match.end()]
            later = [n for n in later if n.type in ("body", "partnership")]
            bodies = (
                later[-1:] if later and re.search(r"\bmembers?\s+(?:of|on)\b", sentence.text[match.end() :]) else []
            )
        if not bodies and re.search(r"\b(?:substitute|deputy|alternate)\s+members?\s*$", match.group(0), _I):
            # "X be appointed as a member of the GM ICP and Y as the substitute member": the body named before.
            earlier = [m for m in before[:-1] if m.node.type in ("body", "partnership")]
            bodies = [earlier[-1].node] if earlier else []
            members = [last.node] if last.node.type in ("person", "role") else []
        for body in bodies[:1]:
            for member in members:
                if member != body:
                    yield _fact(ctx, sentence, member, "member_of", body)


def _delegated_attendance(ctx: DocumentContext, sentence: Sentence, previous: list[Sentence]) -> Iterator[Fact]:
    """'authorises the Assistant Director of Partnerships to attend the X Board': that officer sits on X."""
    for match in DELEGATED_ATTENDANCE.finditer(sentence.text):
        at = sentence.start + match.start()
        before = [m for m in sentence.mentions if m.end <= at]
        if not before or before[-1].node.type not in ("person", "role"):
            continue
        lead = sentence.text[: before[-1].start - sentence.start]
        if not _AUTHORISING.search(lead) or _between(sentence, before[-1].end, at).strip():
            continue
        for body in objects_after(sentence, sentence.start + match.end()):
            if body.type in ("body", "partnership"):
                yield _fact(ctx, sentence, before[-1].node, "member_of", body)


_EXTRACTORS: tuple[Callable[[DocumentContext, Sentence, list[Sentence]], Iterator[Fact]], ...] = (
    _verb_facts(REPORTS_TO, "reports_to"),
    _verb_facts(ACCOUNTABLE_TO, "accountable_to"),
    _verb_facts(HELD_TO_ACCOUNT, "held_to_account_by", (*ACTOR_TYPES, "role", "person")),
    _verb_facts(OVERSIGHT, "oversees", (*ACTOR_TYPES, "plan", "agreement"), loose=True),
    # a workstream of a programme is part of it, as a place is part of its system
    _verb_facts(PART_OF, "part_of", (*ACTOR_TYPES, "plan")),
    _verb_facts(REPRESENTED_ON, "member_of", ("body", "partnership")),
    _verb_facts(JOINED, "member_of", ("body", "partnership")),
    _active_chairs,
    _label_chair,
    _reversed_facts(OVERSEEN_BY, "oversees", (*ACTOR_TYPES, "plan", "agreement"), ACTOR_TYPES),
    _reversed_facts(ASSURED_BY, "reports_to", ACTOR_TYPES, ACTOR_TYPES),
    _listed_committees,
    _successor,
    _membership_label,
    _chair_shall_be,
    _mergers,
    _verb_facts(ESTABLISHED_BY, "established_by", ACTOR_TYPES),
    _reversed_facts(ESTABLISHES, "established_by", ACTOR_TYPES, ACTOR_TYPES),
    _delegations,
    _renames,
    _chairs,
    _meets,
    _decision_making,
    _membership,
    _signatories,
    _support,
    _committee_of,
    _label_accountability,
    _replacements,
    _elected_chairs,
    _appointed_members,
    _delegated_attendance,
    _composition,
    _involvement,
    _succeeded_chairs,
    _inline_member_list,
)
