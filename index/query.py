"""Turning what a person typed into safe lexical and dense queries.

People type abbreviations (HWB, CCG, PCN), informal phrasing and typos. Lexical terms are quoted
so that nothing a user types can be read as FTS5 syntax; abbreviations are expanded from the
alias data file; a word the corpus never uses is matched to its closest corpus word.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

import snowballstemmer
from wordfreq import zipf_frequency

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "being",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "tell",
        "show",
        "give",
        "find",
        "please",
        "know",
        "want",
        "does",
        "did",
        "who's",
        "what's",
        "whats",
        "whos",
        "s",
        "t",
        "d",
        "ll",
        "re",
        "ve",
        "m",
        "i'm",
        "ok",
        "okay",
    ]
)
# Words people use in questions that say nothing about which passage answers them: fillers, and the verbs
# and connectives of asking ("what values does the plan list", "an ICP in relation to an ICS").
_FILLERS = (
    "actually exactly really basically currently latest get got getting gets give gave given go going goes went "
    "say says tell told know think want wants like thing things bit sort kind extra left still ever anything "
    "something anyone someone lot lots right much many long under over above below before after during against "
    "between list lists listed mention mentions mentioned describe describes described relation relationship "
    "relate related compare compared comparison versus vs set rest meant "
    # "how often": the question's expected value (a frequency) says it; papers write "quarterly", not "often"
    "often"
)
STOPWORDS = STOPWORDS | frozenset(_FILLERS.split())
_WORD = re.compile(r"[A-Za-z0-9£][A-Za-z0-9£'’&-]*")


_POSSESSIVE = re.compile(r"['’]s$")
_PLURAL_ABBREVIATION = re.compile(r"[A-Z][A-Z&]+s")
_MONTHS = {
    "jan": "january",
    "feb": "february",
    "mar": "march",
    "apr": "april",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}


_STEMMER = snowballstemmer.stemmer("english")
_LONGEST_PHRASE = 6
# A word the corpus never uses tells nothing about which passage answers, but it may be the point of
# the question ("salary"): it weighs as much as a common word, not as a rare one.
UNKNOWN_WEIGHT = 1.5
# How common a word is in English at large (wordfreq's Zipf scale: 3 is once per million words, 6 once per
# thousand). A word below this that no document uses is a specialised term ("webcast", "quorum", "turnout"):
# it names what the question is about, and no passage can answer about it. A commoner missing word is as
# often the question's framing ("how often", "what happened", "how big") as its topic, so it decides nothing.
SPECIALISED_ZIPF = 4.0
# A word as common as this in English is no contraction of a corpus word ("govt" may be one, "info" is not).
_CONTRACTION_ZIPF = 4.0
# Nouns that say only what kind of thing is asked for; the word before them says which one.
_KIND_HEADS = frozenset(
    [
        *("policy", "policies", "procedure", "procedures", "protocol", "protocols", "scheme", "schemes"),
        *("number", "numbers", "address", "rate", "rates", "statistics", "figures", "register"),
    ]
)
# Words that name kinds of body and document: in every passage, they weigh little. The words of the
# partnership's own name and places join them per corpus (`home_words`).
_GENERIC_TERMS = frozenset(
    [
        "nhs",
        "board",
        "boards",
        "body",
        "bodies",
        "group",
        "groups",
        "partner",
        "partners",
        "partnership",
        "document",
        "documents",
        "plan",
        "plans",
        "report",
        "reports",
        # every board report opens with "PURPOSE OF THE REPORT": "the purpose of X" is about X
        "purpose",
    ]
)

Weights = dict[str, float]
Alternatives = dict[str, list[set[str]]]


# "who attends but isnt a member", "whats the quorum": contractions typed without their apostrophe.
_APOSTROPHE_DROPPED = re.compile(
    r"\b(is|are|was|were|does|do|did|has|have|had|can|could|would|should|wo|must)nt\b|\b(what|who|where|when|how|that)s\b",
    re.I,
)


def _with_apostrophe(match: re.Match[str]) -> str:
    if match.group(1):
        return f"{match.group(1)}n't"
    return f"{match.group(2)}'s"


def with_apostrophes(text: str) -> str:
    """ "isnt" as "isn't", "whats" as "what's"."""
    return _APOSTROPHE_DROPPED.sub(_with_apostrophe, text)


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Snowball (Porter 2) stem, cached: the same few thousand corpus words recur in every query."""
    return str(_STEMMER.stemWord(word))


@functools.lru_cache(maxsize=20_000)
def stems_of(text: str) -> frozenset[str]:
    """The text's word stems, and its runs of up to six consecutive content-word stems as phrases
    ("integr care partnership"): what an abbreviation stands for must be there as a phrase, not as
    words scattered over "Integrated Care System ... Health and Care Partnership"."""
    found = words(text)
    stems = {stem(w) for w in found}
    run = [stem(w) for w in found if w not in STOPWORDS]
    for n in range(2, _LONGEST_PHRASE + 1):
        stems.update(" ".join(run[i : i + n]) for i in range(len(run) - n + 1))
    return frozenset(stems)  # cached: the same passages come back query after query


def phrase_of(text: str) -> set[str]:
    """The stems an expansion needs in a passage: its words, and the words together as one phrase."""
    run = [stem(w) for w in words(text) if w not in STOPWORDS]
    return set(run) | ({" ".join(run)} if 1 < len(run) <= _LONGEST_PHRASE else set())


def coverage(weights: Weights, alternatives: Alternatives, stems: AbstractSet[str]) -> float:
    """Weight of the question words a text contains; an abbreviation counts if its expansion is there."""
    covered = 0.0
    for s, w in weights.items():
        if s in stems or any(alt and alt <= stems for alt in alternatives.get(s, ())):
            covered += w
    return covered


def words(text: str) -> list[str]:
    """Lower-case words, possessives folded ("chair's" -> "chair")."""
    out = []
    for w in _WORD.findall(text):
        if _PLURAL_ABBREVIATION.fullmatch(w):
            w = w[:-1]  # "ICSs", "PCNs": the abbreviation itself ("icss" would stem to nothing known)
        w = _POSSESSIVE.sub("", w).strip("'’-").lower()
        if w:
            out.append(w)
    return out


def _any_written(expansions: Iterable[str], stems: Collection[str]) -> bool:
    """Whether every content word of some expansion is among the stems."""
    for expansion in expansions:
        needed = [stem(w) for w in words(expansion) if w not in STOPWORDS]
        if needed and all(s in stems for s in needed):
            return True
    return False


def _consonants(word: str) -> int:
    return sum(1 for c in word if c not in "aeiou")


@dataclass(frozen=True)
class AnalysedQuery:
    original: str
    terms: list[str]  # content words, corrected, lower case
    expansions: list[str] = field(default_factory=list)  # alias expansions (phrases)

    @property
    def dense_text(self) -> str:
        """The text the embedder reads: the question, plus what its abbreviations stand for."""
        if not self.expansions:
            return self.original
        return f"{self.original} ({'; '.join(self.expansions)})"

    def _lexical_parts(self) -> list[tuple[str, tuple[str, ...]]]:
        """(FTS5 text, words) of each group: a typed term alone, or the content words of an expansion together."""
        parts: list[tuple[str, tuple[str, ...]]] = [(f'"{t}"', (t,)) for t in self.terms]
        for phrase in self.expansions:
            phrase_words = tuple(w for w in words(phrase) if w not in STOPWORDS)
            if phrase_words:
                parts.append(("(" + " AND ".join(f'"{w}"' for w in phrase_words) + ")", phrase_words))
        seen: dict[str, tuple[str, ...]] = {}
        for text, group in parts:
            seen.setdefault(text, group)
        return list(seen.items())

    @property
    def lexical_groups(self) -> list[tuple[str, ...]]:
        """What lexical search looks for: a passage matches when it holds every word of any one group, and
        scores by all of them. A group is one typed term (a phrasal verb is one term: "sign up"), or the content
        words of one expansion."""
        return [group for _, group in self._lexical_parts()]

    @property
    def fts(self) -> str:
        """The lexical groups as an FTS5 MATCH expression that cannot be a syntax error: quoted words, AND within
        a group, OR between them."""
        return " OR ".join(text for text, _ in self._lexical_parts())


class QueryAnalyzer:
    """Knows the corpus vocabulary and the alias table; turns raw text into an AnalysedQuery."""

    def __init__(
        self,
        vocabulary: Iterable[str],
        abbreviations: dict[str, list[str]] | None = None,
        stem_counts: Counter[str] | None = None,
        passages: int = 1,
        home_words: Iterable[str] = (),
        aliases: dict[str, list[str]] | None = None,
    ) -> None:
        """`stem_counts` is how many passages contain each stem (for weighting), out of `passages`;
        `home_words` name the corpus's own partnership and places ("one", "weston"), which weigh little;
        `aliases` are the abbreviations among `abbreviations` (the rest are everyday synonyms), for `mentions`."""
        self.vocabulary = {w for w in vocabulary if len(w) > 1}
        self.home_terms = frozenset(w.lower() for w in home_words)
        self.generic_terms = _GENERIC_TERMS | self.home_terms
        self.stem_counts: Counter[str] = stem_counts or Counter()
        self.passages = max(1, passages)
        self.abbreviations = {k.lower(): v for k, v in (abbreviations or {}).items()}
        self.aliases = {k.lower(): v for k, v in (aliases or {}).items()}
        # Typos rarely hit the first letter: bucketing by (first letter, length) keeps difflib fast.
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for w in self.vocabulary:
            if w.isalpha():
                buckets[(w[0], len(w))].append(w)
        self._buckets = buckets
        self._corrections: dict[str, str] = {}

    def correct(self, word: str) -> str:
        """The closest corpus word for a word the corpus never uses (typos, and contractions such as "cttee"
        for "committee"), else the word itself."""
        if word in self.vocabulary or len(word) < 3 or not word.isalpha():
            return word
        if word not in self._corrections:
            match: list[str] = []
            if len(word) >= 5:
                candidates = [
                    w for n in range(len(word) - 1, len(word) + 2) for w in self._buckets.get((word[0], n), ())
                ]
                match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.82)
            if len(self._corrections) > 10_000:
                self._corrections.clear()
            self._corrections[word] = match[0] if match else self._expanded_contraction(word)
        return self._corrections[word]

    def _expanded_contraction(self, word: str) -> str:
        """The corpus word a consonant skeleton shortens ("cttee" -> committee, "mtgs" -> meetings, "cllr" ->
        councillor): a word of four to six letters, none in English, with no vowel but a closing "e", whose
        letters stand in order in a corpus word with the same first and last letters (the commonest such word);
        else the word itself. Three letters are as often an abbreviation ("pct") as a skeleton."""
        if not 4 <= len(word) <= 6 or re.search(r"[aeiou]", word.rstrip("e")):
            return word
        if word in self.aliases or (word.endswith("s") and (word[:-1] in self.vocabulary or word[:-1] in self.aliases)):
            return word  # "pcns": the plural of a word the corpus uses, or a known short form, is no skeleton
        if zipf_frequency(word, "en", wordlist="small") >= _CONTRACTION_ZIPF:
            return word
        pattern = re.compile(".*?".join(map(re.escape, word)) + "$")
        # ... and it must keep more than half the corpus word's consonants: "cttee" keeps three of committee's
        # five, while "cvss" keeps four of conversations' eight (it is more likely a plural short form).
        skeletons = [
            w
            for w in self.vocabulary
            if w.isalpha()
            and len(w) >= len(word) + 2
            and w[0] == word[0]
            and w[-1] == word[-1]
            and pattern.match(w)
            and 2 * _consonants(word) > _consonants(w)
        ]
        return max(skeletons, key=lambda w: (self.stem_counts.get(stem(w), 0), w)) if skeletons else word

    def may_shorten(self, word: str) -> bool:
        """Whether the word may be a corpus word cut short ("govt", "dept", "docs"): a corpus word starts with
        all of it but its last letter, and ends in that letter."""
        head = word[:-1]
        return len(head) >= 3 and any(
            w.startswith(head) and w.endswith(word[-1]) and len(w) >= len(word) + 2 for w in self.vocabulary
        )

    def corrected(self, text: str) -> str:
        """The text with each word the corpus never uses replaced by its closest corpus word ("accountble")."""

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            better = self.correct(word.lower())
            return word if better == word.lower() else better

        return re.sub(r"[A-Za-z]{3,}", fix, with_apostrophes(text))

    def analyse(self, text: str) -> AnalysedQuery:
        terms: list[str] = []
        expansions: list[str] = []
        for raw in self._terms_of(words(text)):
            for expansion in self.abbreviations.get(raw, []):
                if expansion.lower() not in (e.lower() for e in expansions):
                    expansions.append(expansion)
            if raw in STOPWORDS:
                continue
            term = _MONTHS.get(raw) or self.correct(raw)
            if term not in terms:
                terms.append(term)
        return AnalysedQuery(original=text, terms=terms, expansions=expansions)

    def _terms_of(self, typed: list[str]) -> list[str]:
        """The typed words, with a phrasal verb the synonym file knows kept as one term: in "what do
        partners sign up to?" the point is agreeing, and "sign" alone would find the signatures."""
        out: list[str] = []
        i = 0
        while i < len(typed):
            pair = " ".join(typed[i : i + 2])
            if " " in pair and pair in self.abbreviations:
                out.append(pair)
                i += 2
            else:
                out.append(typed[i])
                i += 1
        return out

    def is_unknown(self, word: str, within: Collection[str] | None = None) -> bool:
        """True when no passage uses the word, nor a longer word it abbreviates ("admin", "rehab"); `within`
        (a set of word stems) asks it of some passages only."""
        stems = self.stem_counts if within is None else within
        s = stem(word)
        if word.endswith("s") and stem(word[:-1]) in stems:
            return False  # "sdfs": the plural of a known abbreviation
        return s not in stems and not (len(s) >= 4 and any(k.startswith(s) for k in stems))

    def mentions(self, word: str, within: Collection[str] | None = None) -> bool:
        """Whether some passage mentions the word: itself, its stem or plural, a longer word it shortens, or
        what it abbreviates ("HWB" where only "Health and Wellbeing Board" is written). One-letter words and
        everyday synonyms ("expire" for "until") are no mention: a passage using them is not about the word.
        Search's "no passage mentions ..." and the chat's "no document mentions ..." both ask this.
        `within` (the word stems of some documents' passages) asks it of those passages only."""
        stems = self.stem_counts if within is None else within
        word = word.lower()
        if " " in word:  # a phrasal verb read as one term ("sign up"): its verb
            return all(self.mentions(w, within) for w in word.split() if w not in STOPWORDS)
        if len(word) < 2:
            return False
        if not self.is_unknown(word, within):
            return True
        return _any_written(self.aliases.get(word, ()), stems)

    def unmentioned(self, text: str, within: Collection[str] | None = None) -> list[str]:
        """The words of a query (corrected, as search reads them) that no passage mentions; one-letter words
        ("1" in "1=1") are too short to search for, so they are neither mentioned nor missing."""
        return [t for t in self.analyse(text).terms if len(t) > 1 and not self.mentions(t, within)]

    def unknown_terms(self, text: str) -> list[str]:
        """The specialised words of a question that no document mentions: words rare in English (below
        `SPECIALISED_ZIPF`) that no passage uses, nor a variant, an expansion or the document wording the
        synonym file gives for them ("expire" -> "until"). Numbers and codes ("425k", "s75") are not words."""
        found = []
        typed = words(text)
        for term in self.unmentioned(text):
            if not term.isalpha() or len(term) < 4 or self.has_document_wording(term) or self.may_shorten(term):
                continue
            # ... or any word naming which policy, procedure or number is meant ("the parking policy", "the
            # social media policy", "the phone number"): a common word, but the point of the question.
            names_kind = any(a == term and b in _KIND_HEADS for a, b in itertools.pairwise(typed))
            if names_kind or zipf_frequency(term, "en", wordlist="small") < SPECIALISED_ZIPF:
                found.append(term)
        return found

    def has_document_wording(self, term: str) -> bool:
        """Whether some passage uses what the synonym file gives for the term ("salary" -> "remuneration")."""
        return _any_written(self.abbreviations.get(term, ()), self.stem_counts)

    def mentions_any(self, text: str, within: Collection[str] | None = None) -> bool:
        """Whether some passage mentions at least one of the query's words; False when it has none to look for
        (only punctuation, emoji or words like "the")."""
        return any(self.mentions(t, within) for t in self.analyse(text).terms)

    def _rarity(self, passages_with: int) -> float:
        return math.log((self.passages + 1) / (passages_with + 0.5))

    def _idf(self, stems: set[str]) -> float:
        """Rarity of a phrase: that of its commonest word, 0 if some word of it is in no passage."""
        counts = [self.stem_counts.get(s, 0) for s in stems if " " not in s]
        if not counts or not all(counts):
            return 0.0
        return self._rarity(max(counts))

    def weights(self, text: str) -> tuple[Weights, Alternatives]:
        """Weight of each question word by its rarity in the corpus, and for abbreviations the stems of
        what they stand for: "CCG" is covered by "Clinical Commissioning Group" and the other way round."""
        weights: Weights = {}
        alternatives: Alternatives = {}
        for term in self.analyse(text).terms:
            s = stem(term)
            if s in weights:
                continue
            df = self.stem_counts.get(s, 0)
            if not df and not self.is_unknown(term):
                df = 5  # a short form of a corpus word
                # ... and the words it shortens cover it ("rehab" -> "Rehabilitation", "admin" -> "Administrative")
                longer = sorted((k for k in self.stem_counts if k.startswith(s)), key=len)[:5]
                if longer:
                    alternatives[s] = [{k} for k in longer]
            idf = self._rarity(df) if df else UNKNOWN_WEIGHT
            expansions = self.abbreviations.get(term, [])
            if expansions:
                alternatives[s] = alternatives.get(s, []) + [phrase_of(e) for e in expansions]
                if " " in term:
                    # The phrasal verb as written still counts, particle and all ("signed off by the Board").
                    alternatives[s].append({stem(w) for w in term.split()})
                if not df:
                    # "expire" is in no document, but what it stands for is ("until"): weigh it as that. A
                    # phrasal verb ("sign off") is a common verb in other words: it weighs as its commonest.
                    rarities = [self._idf(alt) for alt in alternatives[s] if alt and self._idf(alt)]
                    if rarities:
                        idf = min(rarities) if " " in term else max([idf, *rarities])
            weights[s] = max(0.1, idf) * (0.3 if term in self.generic_terms else 1.0)
        return weights, alternatives
