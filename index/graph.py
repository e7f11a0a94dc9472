"""Graph look-ups over the stored entities and edges: the API shape, name resolution, neighbours."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.aliases import name_key, place_level_bodies
from core.errors import NotFound
from index.names import corpus_names, home_words
from index.protocols import CorpusStore
from index.search import passage_url

# Facts about one body (how often it meets, whether it decides): attributes of that body, never lines.
ATTRIBUTE_RELATIONS = ("meets", "is_decision_making")
# Words that name no particular body on their own, even where a document uses them as a short form.
_GENERIC_NAMES = frozenset(
    {
        "board",
        "council",
        "partnership",
        "group",
        "forum",
        "committee",
        "alliance",
        "trust",
        "the board",
        "the council",
        "programme",
        "plan",
        "strategy",
    }
)


def normalise_name(name: str) -> str:
    name = name.lower().replace("&", " and ").replace("well being", "wellbeing").replace("’", "'")
    name = re.sub(r"[^a-z0-9' ]+", " ", name)
    name = re.sub(r"^(?:the|a|an)\s+", "", name.strip())
    return re.sub(r"\s+", " ", name).strip()


@dataclass
class GraphEdge:
    id: str
    source: str
    target: str
    relation: str
    attributes: dict[str, Any]
    confidence: float
    evidence: list[dict[str, Any]] = field(default_factory=list)

    @property
    def newest_date(self) -> str:
        return max((e["document"]["date"] for e in self.evidence), default="")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "target": self.target,
            "relation": self.relation,
            "attributes": self.attributes,
            "confidence": self.confidence,
            "evidence": self.evidence,
        }


_LEGAL_SUFFIX = re.compile(r"\s+(?:nhs foundation trust|foundation trust|nhs trust|nhs ft|ltd|limited)$")
_SECTOR_SUFFIX = re.compile(r"\s+(?:community healthcare|healthcare)$")


_COUNCIL_PLACE = re.compile(r"^(?P<place>.+?) (?:metropolitan )?(?:borough |city |county |district )?council$")


_KINDS_OF_COUNCIL = frozenset({"borough", "city", "county", "district", "metropolitan", "local", "parish", "town"})
# "Full Council", "Leader Northby Council", "Head of Housing Northby Council": an office or a meeting, not a place.
_NOT_PLACE_WORDS = frozenset(
    {"full", "leader", "head", "consultant", "manager", "director", "officer", "lead", "member", "cabinet", "chair"}
    | {"chief", "executive", "mayor", "deputy", "portfolio", "holder", "of", "for"}
)


def _council_places(nodes: list[dict[str, Any]]) -> set[str]:
    """The places the graph's councils name ("Northby City Council" -> northby)."""
    places = set()
    for node in nodes:
        match = _COUNCIL_PLACE.match(normalise_name(node["name"]))
        if match and node["type"] == "organisation":
            place = match.group("place")
            words = place.split()
            if len(words) <= 3 and not _NOT_PLACE_WORDS & set(words) and place not in _KINDS_OF_COUNCIL:
                places.add(place)
    return places


_LINKING_WORDS = ("and", "of", "the", "for", "in")


def _initials(name: str) -> tuple[str, ...]:
    """A name's initials, and those of the name without its head noun ("the NHCP Board")."""
    words = [w for w in normalise_name(name).split() if w not in ("and", "of", "the", "for", "in", "nhs")]
    if len(words) < 2:
        return ()
    full = "".join(w[0] for w in words)
    headless = full[:-1] if words[-1] in ("board", "committee", "group", "forum") and len(words) >= 3 else ""
    return (full, headless) if headless else (full,)


def place_names(nodes: list[dict[str, Any]]) -> set[str]:
    """The graph's places: its place nodes and the places its councils name."""
    return ({normalise_name(n["name"]) for n in nodes if n["type"] == "place"} | _council_places(nodes)) - {""}


def name_prefixes(nodes: list[dict[str, Any]]) -> set[str]:
    """Words that qualify a body's name without changing which body it is: the partnership and place
    names of the graph ("weston together", "weston"), the places its councils name, and "nhs"."""
    prefixes = {"nhs"} | _council_places(nodes)
    for node in nodes:
        name = normalise_name(node["name"])
        if node["type"] in ("partnership", "place") and len(name.split()) <= 3:
            prefixes.add(name)
    return prefixes


def _variant_key(name: str, expand: Callable[[str], str | None]) -> str:
    """A name with its short forms spelt out and plurals, '&' and legal suffixes folded: "Southvale &
    Weston Hospital NHS Foundation Trust" and "Southvale and Weston Hospitals" meet; so do "NHS Weston
    CCG" and "NHS Weston Clinical Commissioning Group"."""
    spelt = " ".join((expand(w) or w) if w.isupper() and len(w) > 1 else w for w in name.split())
    words = [
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in normalise_name(spelt).split()
    ]
    key = _LEGAL_SUFFIX.sub("", " ".join(words))
    # Word breaks do not tell bodies apart: "North West" / "Northwest", "Well Being" / "Wellbeing".
    return re.sub(r"^nhs\s+", "", key).replace(" ", "")


def _is_plural_of(name: str, last_words: set[str]) -> bool:
    """Whether a name ends in the plural of another name's last word ("... Boards" beside "... Board")."""
    last = name.split()[-1].lower()
    return last.endswith("s") and last[:-1] in last_words


def variant_merges(
    nodes: list[dict[str, Any]],
    expand: Callable[[str], str | None] | None = None,
    canonical: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """Node id -> the id of the node it is another name of, across the corpus.

    Two folds, each only where it points at exactly one node: a legal suffix ("St Helens and Knowsley
    Teaching Hospitals" is "... Teaching Hospitals NHS Trust"), and a place or partnership prefix
    ("Provider Alliance" is "Weston Together Provider Alliance" where no other body ends so).
    """
    actors = [n for n in nodes if n["type"] in ("organisation", "body", "partnership")]
    by_key: dict[str, str] = {normalise_name(n["name"]): n["id"] for n in actors}
    merges: dict[str, str] = {}
    by_base: dict[str, list[dict[str, Any]]] = {}
    for node in actors:
        base = _variant_key(node["name"], expand or (lambda _word: None))
        if len(normalise_name(node["name"]).split()) >= 2:
            by_base.setdefault(base, []).append(node)
    for group in by_base.values():
        if len(group) > 1:
            # The name the corpus profile or national table gives wins; then a singular over its plural (a
            # paper's "Health and Wellbeing Boards are ..." names the kind, not the board); else the fullest form.
            lasts = {n["name"].split()[-1].lower() for n in group}
            keep = max(
                group,
                key=lambda n: (n["name"] in canonical, not _is_plural_of(n["name"], lasts), len(n["name"]), n["name"]),
            )
            merges.update({n["id"]: keep["id"] for n in group if n["id"] != keep["id"]})
    prefixes = name_prefixes(nodes)
    local = place_level_bodies()
    by_key.update({normalise_name(n["name"]): n["id"] for n in nodes if n["type"] == "role"})
    offices = [n for n in nodes if n["type"] == "role"]
    for node in [*actors, *offices]:
        key = normalise_name(node["name"])
        if node["id"] in merges or len(key.split()) < 2 or any(key.startswith(p + " ") for p in prefixes):
            continue
        if name_key(node["name"]) in local:
            continue  # every place has one; ingest already named it for its paper's place where it could
        longer = {by_key[f"{p} {key}"] for p in prefixes if f"{p} {key}" in by_key} - {node["id"]}
        if len(longer) == 1:
            merges[node["id"]] = next(iter(longer))
    for source in list(merges):  # follow chains to their end
        seen = {source}
        while merges[source] in merges and merges[source] not in seen:
            seen.add(merges[source])
            merges[source] = merges[merges[source]]
    return merges


def _as_written(text: str, normalised: str) -> str | None:
    """The stretch of `text` that normalises to `normalised` (a name found in it), as the text writes it."""
    parts = []
    for word in normalised.split():
        if word == "and":
            parts.append(r"(?:and|&)")
        elif word == "wellbeing":
            parts.append(r"well[\s-]*being")
        else:
            parts.append(r"[\s'’]*".join(re.escape(piece) for piece in word.split("'")))
    match = re.search(r"(?<![\w])" + r"[^A-Za-z0-9&]*".join(parts) + r"(?![\w])", text, re.IGNORECASE)
    return match.group(0).strip() if match else None


class GraphIndex:
    """The whole graph in memory (it is small), rebuilt from the store after each ingest."""

    def __init__(self, store: CorpusStore) -> None:
        self.store = store
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: list[GraphEdge] = []
        self._names: dict[str, str] = {}  # normalised name or alias -> node id
        self.home: frozenset[str] = frozenset()  # words naming the corpus's own partnership and places
        self._place_short_form: re.Pattern[str] | None = None  # "<place> <short form>", as in "Weston HWB"
        self._expand: Callable[[str], str | None] = lambda _: None
        self.folded: dict[str, str] = {}  # id of a node read as a variant of another -> the node kept
        self.places: tuple[str, ...] = ()  # the places of the graph and its councils, normalised, longest first

    def load(self) -> GraphIndex:
        self.nodes = {n["id"]: dict(n) for n in self.store.entities()}
        table = corpus_names(self.store)
        canonical = frozenset(entry.canonical for entry in table.entries)
        folds = variant_merges(list(self.nodes.values()), table.expansion, canonical)
        self.folded = dict(folds)
        for old_id, new_id in folds.items():
            kept, gone = self.nodes[new_id], self.nodes.pop(old_id)
            kept["aliases"] = sorted({*kept["aliases"], gone["name"], *gone["aliases"]} - {kept["name"]}, key=str.lower)
        merged: dict[tuple[str, str, str, str], GraphEdge] = {}
        for row in self.store.edges():
            attributes = json.loads(row["attributes"] or "{}")
            source = str(folds.get(row["source_id"], row["source_id"]))
            target = str(folds.get(row["target_id"], row["target_id"]))
            if source == target and row["source_id"] != row["target_id"]:
                continue  # two names of one body: no relation between them
            key = (source, row["relation"], target, json.dumps(attributes, sort_keys=True))
            edge = merged.get(key)
            if edge is None:
                edge = GraphEdge(
                    id=row["id"],
                    source=source,
                    target=target,
                    relation=row["relation"],
                    attributes=attributes,
                    confidence=float(row["confidence"]),
                )
                merged[key] = edge
            edge.confidence = max(edge.confidence, float(row["confidence"]))
            item = {
                "document": {"id": row["document_id"], "title": row["document_title"], "date": row["document_date"]},
                "section": row["section_path"],
                "quote": row["quote"],
                "start": row["start"],
                "end": row["end"],
                "url": passage_url(row["document_id"], row["start"], row["end"]),
            }
            if item not in edge.evidence:
                edge.evidence.append(item)
        for edge in merged.values():
            edge.evidence.sort(key=lambda e: e["document"]["date"], reverse=True)
        self.edges = [e for e in merged.values() if e.source in self.nodes and e.target in self.nodes]
        self._names = {}
        self.home = home_words(self.store)
        short_forms: dict[str, set[str]] = {}
        prefixes = name_prefixes(list(self.nodes.values()))
        prefix_pattern = re.compile(
            r"^(?:" + "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True)) + r")\s+"
        )
        for node in self.nodes.values():
            entry = table.entry(node["name"])
            # The alias table's abbreviations ("HWB") name the node too, though a document may never write them.
            extra = [a for a in (entry.aliases if entry else ()) if a != node["name"] and a not in node["aliases"]]
            node["aliases"] = sorted([*node["aliases"], *extra], key=str.lower)
            known = [node["name"], *node["aliases"]]
            for name in known:
                normalised = normalise_name(name)
                self._names.setdefault(normalised, node["id"])
                # People say "the ACS board" for "One Halton ACS Board": the place prefix may be dropped
                # when at least two words are left and the shorter name still points at one node only.
                short = prefix_pattern.sub("", normalised)
                if short != normalised and len(short.split()) >= 2:
                    short_forms.setdefault(short, set()).add(node["id"])
                # ... and the legal suffix: "North West Boroughs Healthcare" or "North West Boroughs" for
                # "North West Boroughs Healthcare NHS Foundation Trust".
                plain = _LEGAL_SUFFIX.sub("", normalised)
                for shorter in (plain, _SECTOR_SUFFIX.sub("", plain)):
                    if shorter != normalised and len(shorter.split()) >= 2:
                        short_forms.setdefault(shorter, set()).add(node["id"])
        for short, node_ids in short_forms.items():
            if len(node_ids) == 1:
                self._names.setdefault(short, next(iter(node_ids)))
        # The places of the graph and those its councils name ("Northby City Council" -> northby).
        places = sorted(
            ({normalise_name(n["name"]) for n in self.nodes.values() if n["type"] == "place"} | prefixes) - {"", "nhs"},
            key=len,
            reverse=True,
        )
        self.places = tuple(sorted(place_names(list(self.nodes.values())), key=len, reverse=True))
        self._expand = table.expansion
        self._place_short_form = (
            re.compile(r"(?<=\s)(" + "|".join(re.escape(p) for p in places) + r") ([a-z]{2,6}s?)(?=\s)")
            if places
            else None
        )
        return self

    def payload(self) -> dict[str, Any]:
        return {
            "nodes": [
                {"id": n["id"], "name": n["name"], "type": n["type"], "aliases": n["aliases"]}
                for n in sorted(self.nodes.values(), key=lambda n: n["name"].lower())
            ],
            "edges": [e.to_json() for e in self.edges],
        }

    def node(self, node_id: str) -> dict[str, Any]:
        node = self.nodes.get(node_id)
        if node is None:
            raise NotFound(f"no entity with id '{node_id}'")
        return node

    def entity_payload(self, node_id: str) -> dict[str, Any]:
        node = self.node(node_id)
        outgoing = [e.to_json() for e in self.edges if e.source == node_id]
        incoming = [e.to_json() for e in self.edges if e.target == node_id and e.source != node_id]
        return {
            "id": node["id"],
            "name": node["name"],
            "type": node["type"],
            "aliases": node["aliases"],
            "outgoing": outgoing,
            "incoming": incoming,
        }

    def resolve(self, name: str) -> str | None:
        return self._names.get(normalise_name(name))

    def _mention_spans(self, norm: str) -> list[tuple[int, int, str]]:
        found: list[tuple[int, int, str]] = []
        for name in sorted(self._names, key=len, reverse=True):
            if len(name) < 3 or name in _GENERIC_NAMES or name not in norm:  # the substring test is the cheap one
                continue
            for m in re.finditer(rf"(?<=\s){re.escape(name)}(?=\s)", norm):
                if any(s < m.end() and m.start() < e for s, e, _ in found):
                    continue
                # "Warrington's Health and Wellbeing Board" is some other place's board, not this one.
                before = norm[: m.start()].split()
                if before and before[-1].endswith("'s") and before[-1][:-2] not in self.home:
                    continue
                found.append((m.start(), m.end(), self._names[name]))
        return sorted(found)

    def _normalised(self, text: str) -> str:
        """The text as names are matched: normalised, and "Weston's Commissioning Board" read as the Weston
        Commissioning Board when Weston is one of the corpus's own places."""
        norm = " " + normalise_name(text) + " "
        norm = re.sub(r"\b([a-z]+)'s(?=\s)", lambda m: m.group(1) if m.group(1) in self.home else m.group(0), norm)
        if self._place_short_form is not None:
            # "Weston HWB" in a corpus of several places: the Weston Health and Wellbeing Board, when there is
            # one, not whichever board a paper happened to shorten to "HWB".
            norm = self._place_short_form.sub(self._place_body, norm)
        return norm

    def _place_body(self, m: re.Match[str]) -> str:
        expansion = self._expand(m.group(2).upper())
        if not expansion:
            return m.group(0)
        named = f"{m.group(1)} {normalise_name(expansion)}"
        return named if named in self._names else m.group(0)

    def places_named(self, text: str) -> set[str]:
        """The places a text names as written, longest first: "Greater Northby" is not also "Northby". A
        name two places share ("Northby and Weston Hospitals") names neither on its own."""
        norm = " " + re.sub(r"'s\b", "", normalise_name(text)) + " "
        spans: list[tuple[int, int, str]] = []
        for place in self.places:
            if place not in norm:
                continue
            for m in re.finditer(rf"(?<=\s){re.escape(place)}(?=\s)", norm):
                if not any(s < m.end() and m.start() < e for s, e, _ in spans):
                    spans.append((m.start(), m.end(), place))
        spans.sort()
        shared: set[int] = set()
        for i in range(len(spans) - 1):
            if norm[spans[i][1] : spans[i + 1][0]] == " and ":
                shared |= {i, i + 1}
        return {place for i, (_, _, place) in enumerate(spans) if i not in shared}

    def initialism(self, letters: str) -> str | None:
        """The one body whose name's initials are these letters ("KHCP" -> Kestlewick Health and Care
        Partnership), for short forms a paper uses without defining them; None when none or several."""
        key = letters.lower()
        # Initials of the whole name first ("KHCP" is the Partnership), then of a name without its head noun
        # ("the NHCP Board" is the Partnership Board).
        for which in (0, 1):
            found = {
                node_id
                for node_id, node in self.nodes.items()
                if node["type"] in ("body", "partnership", "organisation")
                for name in (node["name"], *node["aliases"])
                if len(_initials(name)) > which and _initials(name)[which] == key
            }
            if found:
                return next(iter(found)) if len(found) == 1 else None
        return None

    def initialism_within(self, letters: str, following: str) -> str | None:
        """The words of a body's name that a short form stands for, where the words after it in the question go on
        as the name does: "UCC delivery group" -> "urgent and community care" (of the Orrindale Urgent and
        Community Care Delivery Group). None when no name, or names that differ, read so."""
        key = letters.lower()
        after = normalise_name(following).split()[:2]
        if len(key) < 2 or not after:
            return None
        found: set[str] = set()
        for node in self.nodes.values():
            if node["type"] not in ("body", "partnership", "organisation"):
                continue
            for name in (node["name"], *node["aliases"]):
                words = normalise_name(name).split()
                for i in range(len(words)):
                    j, spelt = i, ""
                    while j < len(words) and len(spelt) < len(key):
                        if words[j] not in _LINKING_WORDS:
                            spelt += words[j][0]
                        j += 1
                    if spelt == key and words[j : j + len(after)] == after and words[i] not in _LINKING_WORDS:
                        found.add(" ".join(words[i:j]))
        return next(iter(found)) if len(found) == 1 else None

    def find_mentions(self, text: str) -> list[str]:
        """Node ids named in a text, in order of appearance, longest names winning overlaps."""
        ordered: list[str] = []
        for _, _, node_id in self._mention_spans(self._normalised(text)):
            if node_id not in ordered:
                ordered.append(node_id)
        return ordered

    def written_names(self, text: str) -> list[tuple[str, str]]:
        """(node id, the name as the text writes it) for each body a text names, in order of appearance:
        "Currently we have a Provider Group ..." -> [(the Northby Provider Alliance's id, "Provider Group")]."""
        norm = self._normalised(text)
        found: list[tuple[str, str]] = []
        for start, end, node_id in self._mention_spans(norm):
            written = _as_written(text, norm[start:end].strip())
            if written is None:  # a form the text spells too differently to find again: the name it stands for
                known = [self.nodes[node_id]["name"], *self.nodes[node_id]["aliases"]]
                written = next((k for k in known if normalise_name(k) == norm[start:end].strip()), known[0])
            found.append((node_id, written))
        return found

    def mask_mentions(self, text: str) -> str:
        """The text (normalised) with each named body replaced by 'X', so a body called the
        'Accountable Care Programme Board' does not make a question look like one about accountability."""
        norm = self._normalised(text)
        for start, end, node_id in reversed(self._mention_spans(norm)):
            if self.nodes[node_id]["type"] in ("role", "person"):
                continue  # "the independent chair of X" still asks who chairs
            norm = norm[:start] + "X" + norm[end:]
        return norm.strip()

    def edges_from(self, node_id: str, relations: tuple[str, ...]) -> list[GraphEdge]:
        return [e for e in self.edges if e.source == node_id and e.relation in relations]

    def edges_to(self, node_id: str, relations: tuple[str, ...]) -> list[GraphEdge]:
        return [e for e in self.edges if e.target == node_id and e.relation in relations]

    def name(self, node_id: str) -> str:
        return str(self.nodes[node_id]["name"]) if node_id in self.nodes else node_id
