"""The names a store was ingested with: national names, its corpus profile and the abbreviations its text defines."""

from __future__ import annotations

import re

from core.aliases import AliasTable, name_key, place_level_bodies
from core.profile import CorpusProfile, names_table, profile_from_json
from index.protocols import CorpusStore


def stored_profile(store: CorpusStore) -> CorpusProfile:
    """The corpus profile saved at ingest (an empty one for a store ingested without a profile)."""
    data = store.profile()
    try:
        return profile_from_json(data, "the stored corpus profile") if data else CorpusProfile()
    except ValueError:  # written by this code at ingest, so only a hand-edited store gets here
        return CorpusProfile()


def learned_abbreviations(store: CorpusStore) -> dict[str, list[str]]:
    """Short form -> every long form the documents give it (ICP may be two partnerships in two papers)."""
    learned: dict[str, list[str]] = {}
    for row in store.abbreviations():
        forms = learned.setdefault(row["abbreviation"], [])
        if row["expansion"].lower() not in (f.lower() for f in forms):
            forms.append(row["expansion"])
    return learned


def corpus_names(store: CorpusStore) -> AliasTable:
    """The alias table for this store: the profile's bodies first, then the national table; the first
    long form a document gives an abbreviation the table lacks."""
    first = {short: forms[0] for short, forms in learned_abbreviations(store).items()}
    return names_table(stored_profile(store), first)


_COUNCIL_END = re.compile(r"\b(?:council|ccg|clinical commissioning group)$")


def home_words(store: CorpusStore) -> frozenset[str]:
    """Words naming the corpus's own partnership and places: the profile's partnership name, and each
    place that both names a council or CCG in the graph and leads a local body there ("Weston Health and
    Wellbeing Board" beside "Weston Borough Council")."""
    found = set(stored_profile(store).partnership.lower().split())
    local = place_level_bodies()
    rows = store.entities()
    keys = [name_key(name) for row in rows for name in (row["name"], *row["aliases"])]
    # A council may be written only inside an office's name ("Director of Commissioning of Weston Council").
    councils = {
        " " + key.split(" of ")[-1]
        for row in rows
        for key in (name_key(row["name"]),)
        if row["type"] in ("organisation", "role") and _COUNCIL_END.search(key)
    }
    for key in keys:
        for body in local:
            if key.endswith(" " + body) and len(key) > len(body) + 1:
                place = key[: -len(body) - 1]
                if len(place.split()) <= 2 and any(c.startswith(" " + place + " ") for c in councils):
                    found.update(place.split())
    kinds_of_council = {"borough", "city", "county", "district", "metropolitan"}
    return frozenset(w for w in found if w.isalpha() and len(w) > 1 and w not in kinds_of_council)


def weak_words(store: CorpusStore) -> frozenset[str]:
    """Home words that tell passages apart by nothing: the partnership's name, and its place when the
    corpus has one place only (across several partnerships' papers, "Eastfield" picks the right paper)."""
    profile = frozenset(stored_profile(store).partnership.lower().split())
    places = home_words(store) - profile
    return profile | (places if len(places) <= 1 else frozenset())
