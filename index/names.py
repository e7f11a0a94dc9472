"""The names a store was ingested with: national names, its corpus profile and the abbreviations its text defines."""

from __future__ import annotations

from core.aliases import AliasTable
from core.profile import CorpusProfile, names_table, profile_from_json
from index.store import Store


def stored_profile(store: Store) -> CorpusProfile:
    """The corpus profile saved at ingest (an empty one for a store ingested without a profile)."""
    data = store.profile()
    try:
        return profile_from_json(data, "the stored corpus profile") if data else CorpusProfile()
    except ValueError:  # written by this code at ingest, so only a hand-edited store gets here
        return CorpusProfile()


def learned_abbreviations(store: Store) -> dict[str, list[str]]:
    """Short form -> every long form the documents give it (ICP may be two partnerships in two papers)."""
    learned: dict[str, list[str]] = {}
    for row in store.abbreviations():
        forms = learned.setdefault(row["abbreviation"], [])
        if row["expansion"].lower() not in (f.lower() for f in forms):
            forms.append(row["expansion"])
    return learned


def corpus_names(store: Store) -> AliasTable:
    """The alias table for this store: the profile's bodies first, then the national table; the first
    long form a document gives an abbreviation the table lacks."""
    first = {short: forms[0] for short, forms in learned_abbreviations(store).items()}
    return names_table(stored_profile(store), first)
