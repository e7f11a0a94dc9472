"""Plain-English sentences for graph facts: "The X reports to the Y."."""

from __future__ import annotations

import re

from index.graph import GraphEdge, GraphIndex

RELATION_PHRASES = {
    "reports_to": "reports to",
    "accountable_to": "is accountable to",
    "held_to_account_by": "is held to account by",
    "chairs": "chairs",
    "supports": "supports",
    "oversees": "oversees",
    "part_of": "is part of",
    "sub_committee_of": "is a sub-committee of",
    "member_of": "is a member of",
    "partner_of": "is a partner in",
    "signatory_of": "is a signatory of",
    "renamed_to": "was renamed",
    "delegates_to": "delegates to",
    "established_by": "was established by",
}


GROUP_PHRASES = {"member_of": "members", "partner_of": "partners", "signatory_of": "signatories"}


def the(name: str, lower: bool = False) -> str:
    """'the Health and Wellbeing Board' but 'Halton Borough Council' (organisations take no article)."""
    if re.search(r"\b(?:board|committee|forum|alliance|group|partnership|office|team|body)\b", name, re.I) and not (
        name.lower().startswith("the ")
    ):
        return ("the " if lower else "The ") + name
    return name


def the_office(name: str) -> str:
    """'The Leader of the Council', 'The ICB Chair': an office is one post, so it takes the article."""
    return name if re.match(r"(?:the|a|an)\s", name, re.I) else "The " + name


def frequency_phrase(frequency: str) -> str:
    f = frequency.strip().lower()
    if f.startswith(("on ", "every ", "each ", "once ", "twice ")):
        return f
    return f"on a {f} basis" if f.endswith("ly") else f


def fact_sentence(g: GraphIndex, edge: GraphEdge, holder: str = "") -> str:
    """One graph fact as a sentence (its evidence quote is cited beside it). `holder` names the person who holds
    the office the edge starts from, where the same statement names both ("the Leader of the Council, Cllr
    Ann Hale"): "The Leader of the Council (Ann Hale) chairs the Board."."""
    source, target = g.name(edge.source), g.name(edge.target)
    if g.nodes.get(edge.source, {}).get("type") == "role":
        source = the_office(source)
    if holder:
        source = f"{source} ({holder})"
    if edge.relation == "meets":
        frequency = edge.attributes.get("frequency", "regularly")
        return f"The {source} meets {frequency_phrase(frequency)}."
    if edge.relation == "is_decision_making":
        is_decision = str(edge.attributes.get("value", "")).lower() == "true"
        return f"The {source} is {'a' if is_decision else 'not a'} decision-making body."
    if edge.relation == "renamed_to":
        proposed = edge.attributes.get("status") == "proposed"
        verb = "was proposed to be renamed" if proposed else "was renamed"
        return f"The {source} {verb} the {target}."
    if edge.relation == "supports" and edge.attributes.get("kind"):
        return f"{source} provides {edge.attributes['kind']} support to the {target}."
    return f"{the(source)} {RELATION_PHRASES.get(edge.relation, edge.relation)} {the(target, lower=True)}."
