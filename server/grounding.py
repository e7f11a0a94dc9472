"""What a sentence must hold to answer a question, beyond sharing its words: the relation stated, an
outcome rather than a plan, the right body, the thing asked about."""

from __future__ import annotations

import re

# Words a sentence must use to state a relation the graph does not hold.
RELATION_CUES = {
    "chairs": re.compile(r"\bchair|\bled by\b", re.I),
    "reports_to": re.compile(r"\breport|\baccountab|\bresponsib|\banswerab|\bassurance", re.I),
    "accountable_to": re.compile(r"\baccountab|\breport|\bresponsib|\banswerab", re.I),
    "held_to_account": re.compile(r"\baccount", re.I),
    "meets": re.compile(r"\bmeet|\bmonthly|\bquarterly|\bweekly|\bannual|\bfortnight", re.I),
    "decision": re.compile(r"\bdecision|\bdecide|\bdelegat|\bapprov|\bsign", re.I),
    "renamed": re.compile(r"\brenam|\bname|\bformerly|\bcalled|\breplac|\bknown as|\bbecom|\bbecame", re.I),
    "supports": re.compile(r"\bsupport|\badmin|\bsecretariat", re.I),
    "oversees": re.compile(r"\boversee|\boversight|\boverseen", re.I),
    "established": re.compile(r"\bestablish|\bset up\b|\bconstitut|\bcreated\b|\bformed\b", re.I),
    "delegates": re.compile(r"\bdelegat", re.I),
    "members": re.compile(
        r"\bmember|\bpartner|\bconsist|\bcompris|\binclud|\bsignator|\borganisations|\bmade up|\btogether|"
        r"\bemploy|\bteams?\b|\bstaff",
        re.I,
    ),
}

CUE_PHRASES = {
    "chairs": "who chairs it",
    "reports_to": "whom it reports to",
    "accountable_to": "whom it is accountable to",
    "held_to_account": "who holds it to account",
    "meets": "how often it meets",
    "decision": "who decides",
    "renamed": "what it was renamed",
    "supports": "who supports it",
    "oversees": "who oversees it",
    "established": "who established it",
    "delegates": "who delegates to it",
    "members": "who its members are",
}

# A question about what happened: "what did the scrutiny conclude?", "who was appointed?".
OUTCOME_QUESTION = re.compile(
    r"\b(?:did|has|have|had|was|were|got|get|gets|been)\s+(?:[\w&/-]+\s+){0,10}?"
    r"(conclu|decid|decis|vot|chose|choos|appoint|elect|select|approv|recommend|award|reject|resolv|back|adopt)\w*"
    # "was listed as a voting member": a word that says what kind of member, not what was done
    r"(?!\w|\s+(?:members?|membership|rights?|representatives?|seats?)\b)"
    # "How many people completed the programme?": a count of something done.
    r"|\bhow many\s+(?:[\w&/-]+\s+){1,3}?(complet|attend|finish|graduat|achiev)ed\b",
    re.I,
)

# What a document may write for the outcome asked about: "what did the board decide?" is answered
# by "the Board approved ...".
_OUTCOME_WORDS = {
    "conclu": ("conclu", "found", "recommend"),
    "back": ("backed", "support", "agreed", "endorse", "prefer", "recommend"),
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
    "adopt": ("adopt", "renamed", "became", "now called", "now known"),
}

# "What did the Provider Alliance end up being renamed to?": the outcome, not the proposal.
FINAL_OUTCOME = re.compile(
    r"\b(?:end(?:s|ed)? up|finally|eventually|in the end|ultimately|settled on|actually (?:renamed|called|became))\b|"
    r"\b(?:did|has|have|had|was|were)\b.*\badopt",
    re.I,
)


# "When was the agreement signed?": a formal act whose date only a statement of that act gives. A date the
# agreement began operating, or was presented, is another date. (Other verbs are paraphrased too freely:
# "when did the report go to the Board?" is answered by "presented to the Board on ...".)
_FORMAL_ACTS = (
    (
        re.compile(r"\bsign(?:ed|s|ing)?\b|\bsign\s+off\b", re.I),
        re.compile(r"\bsign|\bexecut|\bdated\b|\bentered\s+into", re.I),
    ),
    (
        re.compile(r"\b(?:approv|ratif|adopt|endors)\w*", re.I),
        re.compile(r"\bapprov|\bratif|\badopt|\bendors|\bagreed\b|\bsign|\bresolved\b", re.I),
    ),
)


def formal_act_cue(question: str) -> re.Pattern[str] | None:
    """What a statement must say to date the formal act a 'when' question asks about, if it asks about one."""
    if not re.match(r"\s*(?:when|on what date|what date)\b", question, re.I):
        return None
    return next((cue for asked, cue in _FORMAL_ACTS if asked.search(question)), None)


def states_outcome(verb: str, text: str) -> bool:
    """Whether a sentence uses the verb (or a word for the same outcome) for something done
    ("appointed", "voted", "approved"), not for something planned ("to appoint", "will vote")."""
    words_for = "|".join(re.escape(w) for w in _OUTCOME_WORDS.get(verb.lower(), (verb,)))
    for m in re.finditer(rf"\b(?:{words_for})\w*", text, re.I):
        before = text[: m.start()].lower().split()[-2:]
        if not any(w in ("to", "will", "would", "shall", "may", "could", "should", "be", "been") for w in before):
            return True
    return False


QUALIFIER = re.compile(
    r"\b(?:before|after|since|prior to|ahead of|following|until)\s+(?:the\s+)?(?:[\w/&'’-]+\s+){0,3}?"
    r"(?:report|meeting|hwb|hwbb|board|plan|mou|(?:19|20)\d{2}(?:/\d{2})?)\b",
    re.I,
)

PERSON_NAME = re.compile(
    r"(?:(?:Dr|Cllr|Councillor|Mr|Mrs|Ms|Miss|Prof|Professor|Sir|Dame)\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}"
)

ASKS_WHO = re.compile(r"\s*(?:who|whom|which (?:body|bodies|board|group|organi[sz]ations?|partners?|team))\b", re.I)

ANAPHOR = re.compile(
    r"\s*(?:\d+(?:\.\d+)*\s+)?(?:this|these|it|they|such)\b(?!\s+(?:report|document|plan|mou)\b)", re.I
)

# Possessives that name no owner ("the board's chair", "today's plan").
HOME_WORDS = frozenset(
    {"partner", "partners", "council", "board", "chair", "plan", "today", "what", "who", "when", "where", "how"}
    | {"it", "that", "there", "here", "let", "year", "month", "week"}
)


# "Who is the clinical lead?", "name of the SRO": a person is asked for, and only a sentence naming one answers.
ASKS_PERSON = re.compile(
    r"\b(?:name of|who is|who's|who was)\s+the\s+(?:[\w&-]+\s+){0,4}?"
    r"(?:lead|chair|chairman|chairperson|officer|director|manager|head|leader|sro|secretary|clinician|executive|ceo)\b",
    re.I,
)
TITLED_NAME = re.compile(r"\b(?:Dr|Cllr|Councillor|Mr|Mrs|Ms|Miss|Prof|Professor|Sir|Dame)\.?\s+[A-Z][a-z'’-]+")
