"""A corpus profile: what is true of one corpus only, kept beside that corpus (`profile.json`).

A profile names the partnership, the app's welcome text and example questions, and the corpus's
own bodies and abbreviations, in the alias table's format ("entities", "abbreviations"). Every key
is optional and a corpus with no profile works: the app is then titled from its documents or plain
"Governance assistant", and names come from the national table in core/data and from the text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.aliases import AliasEntry, AliasTable, load_aliases
from core.errors import IngestError

PROFILE_NAME = "profile.json"
DEFAULT_PRODUCT = "Governance assistant"
DEFAULT_WELCOME = (
    "Ask a question about the partnership's board reports, minutes, terms of reference, memoranda of "
    "understanding and plans. Each answer cites the exact passages it rests on."
)


@dataclass(frozen=True)
class CorpusProfile:
    partnership: str = ""  # "Weston Together"; empty when the corpus has no profile
    welcome: str = DEFAULT_WELCOME
    example_questions: tuple[str, ...] = ()
    entities: tuple[AliasEntry, ...] = ()
    abbreviations: dict[str, str] = field(default_factory=dict)
    source: str = ""  # the file it was read from, for messages

    @property
    def product_name(self) -> str:
        return f"{self.partnership} governance assistant" if self.partnership else DEFAULT_PRODUCT

    def to_json(self) -> dict[str, Any]:
        return {
            "partnership": self.partnership,
            "welcome": self.welcome,
            "example_questions": list(self.example_questions),
            "entities": [
                {"canonical": e.canonical, "type": e.type, "aliases": list(e.aliases), "contextual": list(e.contextual)}
                for e in self.entities
            ],
            "abbreviations": [{"abbreviation": a, "expansion": x} for a, x in self.abbreviations.items()],
        }


def profile_from_json(data: Any, source: str = PROFILE_NAME) -> CorpusProfile:
    """A profile from its parsed JSON; raises ValueError naming what is malformed."""
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    partnership = data.get("partnership", "")
    welcome = data.get("welcome") or DEFAULT_WELCOME
    examples = data.get("example_questions", [])
    if not isinstance(partnership, str) or not isinstance(welcome, str):
        raise ValueError("'partnership' and 'welcome' must be strings")
    if not isinstance(examples, list) or not all(isinstance(q, str) for q in examples):
        raise ValueError("'example_questions' must be a list of strings")
    entities: list[AliasEntry] = []
    for i, entry in enumerate(data.get("entities", [])):
        if not isinstance(entry, dict) or not isinstance(entry.get("canonical"), str) or not entry.get("type"):
            raise ValueError(f"entity {i + 1} needs a 'canonical' name and a 'type'")
        entities.append(
            AliasEntry(
                canonical=entry["canonical"],
                type=str(entry["type"]),
                aliases=tuple(str(a) for a in entry.get("aliases", ())),
                contextual=tuple(str(a) for a in entry.get("contextual", ())),
            )
        )
    abbreviations: dict[str, str] = {}
    for i, item in enumerate(data.get("abbreviations", [])):
        if not isinstance(item, dict) or not item.get("abbreviation") or not item.get("expansion"):
            raise ValueError(f"abbreviation {i + 1} needs 'abbreviation' and 'expansion'")
        abbreviations[str(item["abbreviation"])] = str(item["expansion"])
    return CorpusProfile(
        partnership=partnership.strip(),
        welcome=welcome.strip(),
        example_questions=tuple(q.strip() for q in examples if q.strip()),
        entities=tuple(entities),
        abbreviations=abbreviations,
        source=source,
    )


def load_profile(corpus_dir: Path) -> CorpusProfile:
    """The corpus folder's profile.json, or an empty profile when there is none.

    A profile that is not valid JSON, or not of the documented shape, is an IngestError naming the
    file and the fault: ingesting with half a profile would store the wrong names.
    """
    path = Path(corpus_dir) / PROFILE_NAME
    if not path.is_file():
        return CorpusProfile()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise IngestError(f"{path}: not valid JSON ({err}); fix it and ingest again") from err
    try:
        return profile_from_json(data, str(path))
    except ValueError as err:
        raise IngestError(f"{path}: {err}; fix it and ingest again") from err


def names_table(profile: CorpusProfile, learned: dict[str, str] | None = None) -> AliasTable:
    """The national alias table, extended by the corpus profile and by abbreviations learned from the text.

    The profile's entries come first, so a corpus may name a body its own way; a learned abbreviation
    never overrides one the profile or the national table defines.
    """
    national = load_aliases()
    abbreviations = dict(learned or {})
    abbreviations.update(national.abbreviations)
    abbreviations.update(profile.abbreviations)
    return AliasTable(entries=(*profile.entities, *national.entries), abbreviations=abbreviations)
