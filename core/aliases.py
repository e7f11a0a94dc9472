"""The alias table: canonical names of partnership bodies and the abbreviations documents use.

The table is data (core/data/aliases.json), so adding a body or an abbreviation needs no code.
Ingest resolves entity mentions with it; search expands query abbreviations (HWB, PCN) with it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "aliases.json"
SYNONYMS_PATH = Path(__file__).resolve().parent / "data" / "synonyms.json"

_PUNCT = re.compile(r"[^\w\s]")


def name_key(name: str) -> str:
    """A comparison key under which spelling variants of one name meet.

    '&' and 'and', 'Well Being' and 'Wellbeing', a possessive, a leading 'the', a trailing 'Ltd', a doubled
    'NHS' prefix ("NHS Bridgewater ... NHS Foundation Trust") and punctuation do not tell bodies
    apart in these documents, so they are ignored.
    """
    text = name.replace("’", "'").replace("&", " and ").lower()
    text = re.sub(r"'s\b", "", text)  # "Northby's Health and Wellbeing Board" is Northby's board
    text = " ".join(_PUNCT.sub(" ", text).split())
    text = text.replace("well being", "wellbeing").replace("northwest", "north west")
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    if len(words) > 1 and words[-1] in ("ltd", "limited"):
        words = words[:-1]
    if len(words) > 2 and words[0] == "nhs" and "nhs" in words[1:]:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class AliasEntry:
    canonical: str
    type: str
    aliases: tuple[str, ...] = ()
    contextual: tuple[str, ...] = ()  # names ("the Council") that hold only where context is unambiguous


@dataclass(frozen=True)
class AliasTable:
    entries: tuple[AliasEntry, ...]
    abbreviations: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_key: dict[str, AliasEntry] = {}
        contextual: dict[str, AliasEntry] = {}
        for entry in self.entries:
            for name in (entry.canonical, *entry.aliases):
                by_key.setdefault(name_key(name), entry)
            for name in entry.contextual:
                contextual.setdefault(name_key(name), entry)
        # Frozen for callers; the lookup dicts are derived once here.
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_contextual", contextual)
        object.__setattr__(self, "_abbrev", {k.lower(): v for k, v in self.abbreviations.items()})

    def entry(self, name: str, contextual: bool = False) -> AliasEntry | None:
        """The entry a name belongs to; contextual names ("the Council") only when asked."""
        key = name_key(name)
        found = self._by_key.get(key)  # type: ignore[attr-defined]
        if found is None and contextual:
            found = self._contextual.get(key)  # type: ignore[attr-defined]
        return found

    def resolve(self, name: str, contextual: bool = False) -> str | None:
        """The canonical name for a variant, or None when the table does not know it."""
        found = self.entry(name, contextual)
        return found.canonical if found else None

    def expansion(self, abbreviation: str) -> str | None:
        """The generic expansion of an abbreviation (PCN -> Primary Care Network), singular or plural."""
        abbrev = self._abbrev  # type: ignore[attr-defined]
        text = abbreviation.strip()
        if text.lower() in abbrev:
            return abbrev[text.lower()]
        if text.endswith("s") and text[:-1].lower() in abbrev:
            return abbrev[text[:-1].lower()] + "s"
        return None

    def expansions(self, term: str) -> list[str]:
        """Everything a query term may stand for: its generic expansion and the body it names."""
        found: list[str] = []
        generic = self.expansion(term)
        if generic:
            found.append(generic)
            if generic.endswith("s") and term.strip().endswith("s"):
                found.append(generic[:-1])
        canonical = self.resolve(term)
        if canonical and canonical not in found and name_key(canonical) != name_key(term):
            found.append(canonical)
        return found

    def surface_forms(self) -> list[tuple[str, AliasEntry]]:
        """Every written form the table knows (canonical names and aliases), with its entry."""
        return [(name, entry) for entry in self.entries for name in (entry.canonical, *entry.aliases)]


def load_aliases(path: Path | str | None = None) -> AliasTable:
    """Read the alias table from JSON (the packaged core/data/aliases.json by default)."""
    data = json.loads(Path(path or DEFAULT_PATH).read_text(encoding="utf-8"))
    entries = tuple(
        AliasEntry(
            canonical=e["canonical"],
            type=e["type"],
            aliases=tuple(e.get("aliases", ())),
            contextual=tuple(e.get("contextual", ())),
        )
        for e in data.get("entities", ())
    )
    abbreviations = {a["abbreviation"]: a["expansion"] for a in data.get("abbreviations", ())}
    return AliasTable(entries=entries, abbreviations=abbreviations)


def place_level_bodies() -> frozenset[str]:
    """Name keys of bodies every local authority has one of ("health and wellbeing board", "cabinet"):
    written bare, they are the paper's own place's, and never another place's of the same name."""
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    return frozenset(name_key(n) for n in data.get("place_level_bodies", ()))


def load_synonyms(path: Path | str | None = None) -> dict[str, list[str]]:
    """Everyday word -> the document wording for it, from core/data/synonyms.json by default."""
    data = json.loads(Path(path or SYNONYMS_PATH).read_text(encoding="utf-8"))
    return {word.lower(): list(alternatives) for word, alternatives in data.get("synonyms", {}).items()}


def abbreviation_map(
    table: AliasTable | None = None, learned: dict[str, list[str]] | None = None
) -> dict[str, list[str]]:
    """Lower-case abbreviation -> what it stands for: the table's abbreviations and upper-case aliases
    (HWB, PCN, HBC ...), and the long forms the documents themselves define (`learned`)."""
    table = table or load_aliases()
    candidates = set(table.abbreviations)
    for name, _entry in table.surface_forms():
        if " " not in name and name.isupper() and len(name) >= 2:
            candidates.add(name)
    mapping: dict[str, list[str]] = {}
    for abbreviation in candidates:
        expansions = table.expansions(abbreviation)
        if expansions:
            mapping.setdefault(abbreviation.lower(), [])
            mapping[abbreviation.lower()].extend(e for e in expansions if e not in mapping[abbreviation.lower()])
    for abbreviation, forms in (learned or {}).items():
        known = mapping.setdefault(abbreviation.lower(), [])
        known.extend(f for f in forms if f.lower() not in (k.lower() for k in known))
    return mapping
