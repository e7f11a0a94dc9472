"""What kind of question was asked: a graph relation, a list, a definition, a fact, and what it expects."""

from __future__ import annotations

import re
from dataclasses import dataclass

# relation questions: (name, pattern, relations, direction). direction "out": the named body is the
# edge's source ("who does X report to"); "in": the named body is the target ("who chairs X").
_RELATION_INTENTS: list[tuple[str, re.Pattern[str], tuple[str, ...], str]] = [
    (
        # "what roles has Majid Hussain held?", "which posts does Cllr Jones hold?": a person's offices.
        "roles",
        re.compile(
            r"\b(?:what|which)\s+(?:roles?|positions?|posts?|offices?)\b(?!\s+(?:of|in)\s+(?:the\s+)?X\b)"
            r"(?=.*\b(?:has|have|had|does|do|did|is|was|held|hold|holds)\b)",
            re.I,
        ),
        ("chairs", "member_of"),
        "out",
    ),
    (
        # "which groups report to the Board?", "what reports into the ICB?": the bodies below X, not X's own line.
        "reporting_in",
        re.compile(
            r"\b(?:what|which)\s+(?:(?!(?:does|do|did|is|are|was|were|has|have)\b)[a-z&-]+\s+){0,3}?"
            r"(?:reports?|is\s+accountable|are\s+accountable)\s+(?:in)?to\b",
            re.I,
        ),
        ("reports_to", "accountable_to"),
        "in",
    ),
    (
        # "what are the committees of the ICB board?", "list the sub-groups of the HWB", "what sits under X?".
        "committees",
        re.compile(
            r"^(?!.*\bmembers?\b).*(?:\b(?:sub[- ]?committees?|committees|sub[- ]?groups?|working\s+groups|groups)\s+"
            r"(?:of|under|below|beneath|does|do|has|have|reporting)\b|\b(?:what|which)\b[^?]*\bsits?\s+(?:under|below|beneath)\b)",
            re.I,
        ),
        ("sub_committee_of",),
        "in",
    ),
    (
        # "who set up the Forum?", "which body established the Board?": who founded it (not when: a date).
        "established",
        re.compile(
            # not "formed" or "created": "which organisations formed the partnership?" asks for its members
            r"\b(?:who|which\s+[a-z]+)\b[^?]*\b(?:established|establish|set\s+up|constituted)\b",
            re.I,
        ),
        ("established_by",),
        "out",
    ),
    (
        # "who delegates to the Place Committee?", "which functions does the ICB delegate to whom?".
        "delegates",
        re.compile(r"\b(?:who|whom|which\s+[a-z]+)\b[^?]*\bdelegat|\bdelegat\w*\b[^?]*\b(?:who|whom)\b", re.I),
        ("delegates_to",),
        "both",
    ),
    (
        "renamed",
        re.compile(
            r"renam|new name|now called|called now|used to be called|previously called|formerly|old name|"
            # "what was the Board called before?", "when did it change its name?"
            r"\bcalled\s+(?:before|previously|originally|earlier)\b|\bchanged?\s+(?:its\s+|their\s+|the\s+)?names?\b|"
            r"\bnames?\s+(?:was\s+|were\s+|been\s+)?changed\b|"
            r"what happened to|replac|now known as|known as now|"
            r"\bwhat(?:'s|’s| is| are)\s+(?:it|that|this|they|those|these|X)\s+(?:called\s+)?"
            r"(?:now|today|these days)\b",
            re.I,
        ),
        ("renamed_to",),
        "both",
    ),
    ("held_to_account", re.compile(r"held to account|hold\w* .* to account", re.I), ("held_to_account_by",), "out"),
    (
        "accountable_to",
        re.compile(r"\baccountable\s+(?:to|for)\b|\banswer(?:s|able)? to\b|\baccountability\b", re.I),
        ("accountable_to", "reports_to"),
        "out",
    ),
    (
        "reports_to",
        re.compile(
            r"\breport(?:s|ing|ed)?\s+(?:in)?to\b|\bwho does .* report|\breport(?:s|ing)? line|\breports? up\b", re.I
        ),
        ("reports_to", "accountable_to"),
        "out",
    ),
    (
        "chairs",
        # A vice-chair is no chair: the graph keeps vice-chairs as members, so their passages answer.
        re.compile(
            r"(?<!vice[- ])(?<!vice)(?<!deputy )\bchair(?:s|ed|ing|man|person)?\b"
            r"|\bin charge\b|\bwho leads\b|\bheads?\b",
            re.I,
        ),
        ("chairs",),
        "in",
    ),
    ("meets", re.compile(r"how often|\bmeet(?:s|ing|ings)?\b|\bfrequen", re.I), ("meets",), "self"),
    (
        "decision",
        re.compile(r"decision|\bdecide|binding|make decisions|take decisions", re.I),
        ("is_decision_making",),
        "self",
    ),
    (
        "supports",
        re.compile(r"administrative|admin support|secretariat|who supports|support(?:s)? (?:the|it)\b", re.I),
        ("supports",),
        "in",
    ),
    ("oversees", re.compile(r"oversee|oversight|overseen", re.I), ("oversees",), "in"),
    (
        "members",
        re.compile(
            r"\bmember(?:s|ship)?\b|\bpartners?\b|\bsignator|\bwho signed\b|\bwho (?:sits|is|are|else is) (?:on|in)\b|"
            r"\bmake[s]? up\b|\bconsist|\bwhich (?:[a-z&]+ )?(?:organi[sz]ations|orgs)\b|"
            r"\bwho(?:'s| is) involved\b|\bwho else\b|\bwho (?:represents|attends|sits for)\b|"
            # "both appointed people to the ICP - who did each council appoint?"
            # (an appointment to a body, not "who did X appoint as its clinical lead?", which asks for a person)
            r"\bappoint(?:ed|s)?\b[^?]*\bto (?:the )?X\b[^?]*\bwho\b|"
            r"\b(?:who|which)\b[^?]*\bappoint\w*\b[^?]*\bto (?:the )?X\b|"
            # a terse query: "GP federations on the ACS board?"
            r"^\s*(?!(?:who|what|which|how|when|where|why|is|are|does|do|did|can)\b)[\w&-]+(?:\s+[\w&-]+){0,3}\s+on\s+"
            r"(?:the\s+)?X\s*\??\s*$",
            re.I,
        ),
        ("member_of", "partner_of", "signatory_of"),
        "in",
    ),
    ("part_of", re.compile(r"\bpart of\b|\bsits? (?:under|within)\b|\bbelongs?\b", re.I), ("part_of",), "out"),
]

# The thing a "what/which ..." question asks for: its first words ("which NHS trusts", "what values").
_ASKS_FOR_THING = re.compile(
    r"\s*(?:what|which)\s+(?!(?:is|are|was|were|does|do|did|has|have)\b)([a-z&]+(?:\s+[a-z&]+){0,2})", re.I
)
_MEMBER_NOUNS = frozenset(
    {
        "partners",
        "partner",
        "members",
        "member",
        "partnerships",
        "partnership",
        "committees",
        "forums",
        "networks",
        "pcns",
        "board",
        "organisations",
        "organisation",
        "organizations",
        "orgs",
        "bodies",
        "body",
        "signatories",
        "groups",
        "trusts",
        "councillors",
        "councillor",
        "representatives",
        "representative",
        "people",
        "councils",
        "agencies",
        "providers",
        "commissioners",
        "teams",
        "charities",
        "services",
        "boards",
        "gp",
        "other",
        "else",
        "x",
    }
)
_SAYS_ABOUT = re.compile(r"\b(?:say|says|said|state|states|mention|mentions)\s+(?:\w+\s+){0,2}?about\b", re.I)
_COUNT = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
_COMMITS = re.compile(r"\bcommit(?:s|ted|ting)?\s+(?:to|themselves)\b|\bcommitments?\b", re.I)
_LIST = re.compile(
    # "what do the partners commit to?": the commitments, as a list
    r"\bcommit(?:s|ted)?\s+to\s*\??\s*$|"
    rf"^\s*(?:what|which) (?:are|were) the\b|\b{_COUNT} (?:\w+ ){{0,2}}\w+s\b|^\s*list\b|"
    # "which changes does the model cover", "which boards and groups were to govern ...": a plural thing
    r"^\s*(?:what|which)\s+(?:[a-z-]+\s+){0,3}?[a-z-]{2,}(?<!s)(?<!u)(?<!i)s\s+"
    r"(?:are|were|will|would|do|does|did|have|has|should|must|make|form|cover|include)\b|"
    r"\bwhat \w+s does .* (?:list|set out|include)|"
    r"\b(?:what are|list|name)\b.*\b(?:priorit|principle|objective|value|aim|goal|area|theme|task|commitment|"
    r"workstream|work stream|outcome|element|option|step|scheme|standard|categor)|\bpriorities\b|\bprinciples\b|"
    r"\bobjectives\b|\bvalues\b|\bkey tasks\b|\bworkstreams\b|\bthemes\b|\bgoals\b|"
    # "key statutory functions of the board?": the things a body does, asked for as a list.
    r"\b(?:statutory |main |key |core )*(?:functions|duties|responsibilities)\b",
    re.I,
)
_DEFINITION = re.compile(
    r"^\s*(?:what(?:'s| is| are| does)|define|meaning of|explain)\b|\bpurpose\b|\bstand for\b|\bmean[st]? by\b|"
    r"\bhow (?:does|did|do) .* (?:define|describe)\b|"
    r"\bwhat .* (?:mean|for)\??$",
    re.I,
)

MONEY = re.compile(r"£\s?\d[\d,.]*\s*(?:m|k|bn|million|billion)?|\b\d[\d,.]*\s*(?:million|billion|pounds)\b", re.I)
# "May" counts only beside a day or a year: "partners may agree" holds no date.
DATE = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:january|february|march|april|june|july|august|september|october|"
    r"november|december)\b(?:\s+\d{4})?|\b\d{1,2}(?:st|nd|rd|th)?\s+may\b|\bmay\s+\d{4}\b|"
    r"\b(?:19|20)\d{2}(?:/\d{2})?\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    re.I,
)
# A count or a quantity, but not a year: "2016/17" does not answer "how many practices?".
NUMBER = re.compile(
    r"(?<![/\d])\b(?!(?:19|20)\d{2}\b)\d[\d,.]*%?(?![\d/])|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|twenty)\b",
    re.I,
)
CONTACT = re.compile(r"\S+@\S+\.\w+|\b0\d{3,4}[ -]?\d{3}[ -]?\d{3,4}\b|\bwww\.\S+|https?://\S+")
# Where a meeting was held or a body is based: a venue label, a kind of building or room, a postcode, or online.
VENUE = re.compile(
    r"(?i:\b(?:venue|held at|held in|location|address|room|hall|chamber|centre|center|house|building|offices|"
    r"civic|library|hub|hospital|online|virtual(?:ly)?|microsoft teams|ms teams|zoom)\b)"
    r"|\b[A-Z]{1,2}\d{1,2}[A-Z]?\s\d[A-Z]{2}\b"
)
# "How long ...?": a duration ("within 20 Operational Days", "for six months") or an end date.
DURATION = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty)\s+(?:\w+\s+)?"
    r"(?:days?|weeks?|months?|years?)\b",
    re.I,
)
FREQUENCY = re.compile(
    r"\b(?:bi-?monthly|monthly|weekly|quarterly|annual(?:ly)?|yearly|fortnightly|daily|"
    r"six[- ]monthly|every \w+|each \w+|times a \w+)\b",
    re.I,
)

# "What time do meetings start?": a time of day ("2.00 pm", "10:30", "noon"), not a date.
TIME_OF_DAY = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\b(?:[01]?\d|2[0-3]):[0-5]\d\b|\b(?:noon|midday)\b",
    re.I,
)


@dataclass(frozen=True)
class Intent:
    kind: str  # relation | list | definition | fact
    relation_name: str | None = None
    relations: tuple[str, ...] = ()
    direction: str = "out"
    expects: str | None = None  # money | date | time | duration | number | frequency | contact | venue | None


_MONEY_WORDS = (
    # "what's the budget for ...?" asks for a sum; "what did the Board decide about the budget?" does not.
    r"how much|\bsalar(?:y|ies)\b|\bpaid\b|\bpay\b|\bwages?\b|\bfees?\b|\bcost|"
    r"\bwhat(?:'s|’s|s| is| was| were| are)\s+(?:the\s+)?(?:[\w&/-]+\s+){0,4}?budgets?\b|\bbudget (?:of|for) \d|"
    r"\bfund(?:ing|ed)?\b.*\bhow|\bspend|£|\bsum\b|\bamount\b|\bworth\b|\bvalue of\b|"
    r"\bsize of (?:the )?(?:[\w-]+ ){0,3}?(?:budget|fund|pool|grant|allocation)|\bmoney\b|\bsav(?:e|ed|ings?)\b"
)


# What starts on a day, not at an hour: "the start time of the agreement" asks when it began.
_STARTS_ON_A_DATE = re.compile(
    r"\b(?:agreement|mou|memorandum|contract|plan|strategy|programme|fund|scheme|project|pilot|partnership)\b"
)


def expected_type(question: str) -> str | None:
    q = question.lower()
    if re.search(r"\bwhat date\b|\bon which date\b|\b(?:which|what) (?:year|month)\b", q):
        return "date"  # "who signed it, and on what date?" needs the date as well as the name
    if re.search(r"\b(?:what|which) time\b(?!\s*(?:period|frame|scale|span|limit|line)s?\b)|\btime of day\b", q) or (
        re.search(r"\bstart(?:ing)? time\b", q) and not _STARTS_ON_A_DATE.search(q)
    ):
        return "time"  # a time of day, whatever the sentence names (the board, its meetings)
    if re.match(r"\s*(?:who|whom|whose|which (?:body|board|group|organi[sz]ation|partner|committee|forum))\b", q):
        return None  # asks for a body or a person, whatever else it mentions ("who has oversight of the budget")
    if re.search(r"^\s*where\b.*\b(?:meet|meets|met|meeting|held|based|located|(?:take|takes|took) place)\b", q):
        return "venue"  # "where did the board meet?", not "where do the groups report to?"
    if re.search(r"\be-?mail\b|\bphone\b|\btelephone\b|\bcontact (?:number|details)\b|\bwebsite\b|\baddress\b", q):
        return "contact"
    if re.search(_MONEY_WORDS, q):
        return "money"
    if re.search(r"how often|\bfrequen", q):
        return "frequency"
    # "the population of Halton" asks for a number; "population health management" does not.
    if re.search(r"\bhow many\b|\bnumber of\b|\bwhat percentage\b|\bhow big\b|\bpopulation (?:of|size)\b", q):
        return "number"
    # "When preparing the strategy, whose guidance ...?": "when" before a verb's -ing form opens a clause.
    if re.search(
        r"\bwhen\b(?!\s+\w+ing\b)|\bwhat date\b|\bwhich year\b|\bwhat year\b|\buntil\b|\bexpire|\bdeadline", q
    ):
        return "date"
    if re.search(r"\bhow long\b|\bfor how many (?:days|weeks|months|years)\b", q):
        return "duration"
    return None


# A particular meeting, named as the occasion of what is asked: "at the jan 2025 meeting", "since its last meeting".
_OCCASION = re.compile(
    r"\b(?:at|in|to|from|of|since|before|after|for|during)\s+(?:the|a|its|their|that|this)\s+"
    r"(?:[\w/.-]+\s+){0,4}?meetings?\b|\b(?:last|next|previous|first|latest|recent|inaugural)\s+meetings?\b",
    re.I,
)


# What a question may ask of a body that a passage gives without the word: its purpose, its role, a date.
_ASPECTS = frozenset(
    {
        "purpose",
        "point",
        "role",
        "roles",
        "aim",
        "aims",
        "function",
        "functions",
        "job",
        "remit",
        "meaning",
        "difference",
        "differences",
        "relationship",
        "status",
        "process",
        "approach",
        "position",
        "reason",
        "impact",
        "outcome",
        "outcomes",
        "result",
        "results",
        "benefit",
        "benefits",
        "vision",
        "ambition",
        "ambitions",
        "focus",
        "scope",
        "structure",
        "arrangement",
        "arrangements",
        "responsibility",
        "responsibilities",
        "duty",
        "duties",
        "objective",
        "objectives",
        "goal",
        "goals",
        "priority",
        "priorities",
        "name",
        "names",
        "date",
        "dates",
        "time",
        "day",
        "year",
        "years",
        "size",
        "length",
        "value",
        "amount",
        "total",
        "number",
        "level",
        "cost",
        "details",
        "detail",
        "terms",
        "term",
        "kind",
        "type",
        "view",
        "story",
        "history",
        "idea",
        "rest",
        "list",
        "summary",
        "content",
        "contents",
        "basis",
        "nature",
        "form",
        "way",
        "part",
    }
)
_ATTRIBUTE = re.compile(
    r"^\s*(?:(?:what|which)(?:'s|’s|s|\s+is|\s+are|\s+was|\s+were)\s+)?(?:the\s+|its\s+|their\s+)?"
    r"([a-z][a-z-]{2,})\s+(?:of|for)\s+(?:the\s+|an?\s+)?[a-z0-9]",
    re.I,
)


# "Northby HWB quorum?": a fragment naming the thing, then what is wanted of it.
_ATTRIBUTE_LAST = re.compile(
    r"^(?!.*\b(?:who|whom|whose|what|which|when|where|why|how)\b)"
    r"(?!\s*(?:is|are|was|were|do|does|did|can|could|will|would|should|has|have|list|tell|show|give)\b)"
    r"(?:[\w&'’/-]+\s+){1,8}([a-z]{4,})\s*\?*\s*$",
    re.I,
)


def asked_attribute(question: str) -> str:
    """The attribute a question asks of something: "quorum for the X?", "what is the quorum of the X",
    "X quorum?" -> quorum. Not an aspect a passage may give without the word ("the purpose of X")."""
    m = _ATTRIBUTE.match(question) or _ATTRIBUTE_LAST.match(question)
    if not m:
        return ""
    word = m.group(1).lower()
    singular = word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else word
    aspect = word in _ASPECTS or singular in _ASPECTS
    return "" if aspect or word.endswith(("ed", "ing")) else word


def classify(question: str, masked: str | None = None) -> Intent:
    """The intent of a question. `masked` is the question with body names replaced by 'X' (so a body's
    own name, "Accountable Care Programme Board", is not read as a question about accountability)."""
    expects = expected_type(question)
    probe = masked if masked is not None else question
    # A question after a sum, a date or contact details is a fact question even when it names a role:
    # "how much is the independent chair paid?" is not asking who chairs.
    value_question = expects in ("money", "date", "time", "duration", "number", "contact", "venue")
    for name, pattern, relations, direction in _RELATION_INTENTS:
        if name == "meets" and expects not in (None, "frequency"):
            continue  # "when was the last meeting" asks for a date, not how often a body meets
        if name == "meets" and expects is None and not pattern.search(_OCCASION.sub(" ", probe)):
            continue  # "who is listed at the January meeting?" names an occasion, not how often it meets
        if (
            name == "members"
            and (thing := _ASKS_FOR_THING.match(probe))
            and not _MEMBER_NOUNS & set(thing.group(1).lower().split())
        ):
            continue  # "what values do the partners sign up to?" asks for values, not for partners
        if name == "decision" and re.search(r"^\s*what\b.*\b(?:did|has|have|had)\b.*\bdecide", probe, re.I):
            continue  # "what did the board decide about ...?" asks for an outcome, not whether it decides
        if name == "members" and _SAYS_ABOUT.search(probe):
            continue  # "what does the MoU say about disputes between partners?" asks what it says
        if name == "members" and _COMMITS.search(probe):
            continue  # "what do the alliance partners commit to?" asks for the commitments, not the partners
        if pattern.search(probe) and not (value_question and name != "meets"):
            return Intent("relation", name, relations, direction, expects)
    if _LIST.search(question):
        return Intent("list", expects=expects)
    if _DEFINITION.search(question) and expects is None and not asked_attribute(question):
        return Intent("definition")  # "what is the quorum of X?" asks for the quorum, not what X is
    return Intent("fact", expects=expects)


# "When was the MoU signed?" is not answered by "from the date signed until 31st March 2022": a date
# that only closes a period answers a question about an end, and no other.
_ASKS_END = re.compile(
    r"\b(?:end|ends|ended|ending|expir\w*|until|last|lasts|lasted|run|runs|terminat\w*|finish\w*|deadline|"
    r"how long|close|closes|closed)\b",
    re.I,
)
_CLOSING = re.compile(
    r"(?:\b(?:until|till|up to|expir\w*|ending|ends)\s+(?:on\s+|the\s+)?|\d{4}\s*(?:to|–|-)\s*)$", re.I
)


def only_closing_dates(text: str) -> bool:
    """Every date in the text closes a period ("until 31st March 2022")."""
    found = list(DATE.finditer(text))
    return bool(found) and all(_CLOSING.search(text[max(0, m.start() - 20) : m.start()]) for m in found)


def closes_a_period(text: str) -> bool:
    """Some date in the text closes a period: "until 31st March 2022", "1 April 2023 to 31 March 2026"."""
    return any(_CLOSING.search(text[max(0, m.start() - 20) : m.start()]) for m in DATE.finditer(text))


def asks_end(question: str) -> bool:
    return bool(_ASKS_END.search(question))


def satisfies(expects: str | None, text: str) -> bool:
    """Whether a sentence holds the kind of value the question asks for."""
    if expects is None:
        return True
    if expects == "duration":
        return bool(DURATION.search(text) or DATE.search(text))
    pattern = {
        "money": MONEY,
        "date": DATE,
        "time": TIME_OF_DAY,
        "number": NUMBER,
        "frequency": FREQUENCY,
        "contact": CONTACT,
        "venue": VENUE,
    }[expects]
    return bool(pattern.search(text))


# "What is the Board for?", "whats the purpose of the group", "what is the MoU trying to achieve?": what a body
# or an agreement is for, which its "Purpose" section says.
_ASKS_PURPOSE = re.compile(
    r"\b(?:purpose|point|aims?|remit|objectives?)\s+of\b|\bwhat\s+(?:is|are|was|'s|’s)\s+.+\s+for\s*\??\s*$"
    r"|\btrying\s+to\s+(?:achieve|do)\b|\b(?:set\s+up|established|there)\s+for\s*\??\s*$|\bwhy\s+(?:does|do|did)\s+.+\s+exist\b"
    # "what does the delivery group do?", "what is the role of the Board?"
    r"|^\s*what\s+(?:does|do|will)\s+.+\s+do\s*\??\s*$|\brole\s+of\s+the\b",
    re.I,
)
PURPOSE_HEADING = re.compile(
    r"^\s*(?:(?:\d+(?:\.\d+)*\.?|\([a-z]\)|[a-z][.)])\s*)?(?:(?:our|the|its)\s+)?(?:purpose|aims?|role|objectives?|remit|vision|functions?|"
    r"why\s+we\s+exist|introduction\s+and\s+purpose)(?:\s+(?:and|&)\s+(?:scope|role|remit|objectives|functions|aims))?\s*:?\s*$",
    re.I,
)


def asks_purpose(question: str) -> bool:
    return bool(_ASKS_PURPOSE.search(question))
