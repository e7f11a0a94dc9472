"""What the app calls itself and which questions it offers, from the corpus profile or, failing that, the graph."""

from __future__ import annotations

from dataclasses import dataclass

from core.profile import DEFAULT_PRODUCT, CorpusProfile
from index.graph import GraphIndex

# Questions the graph can answer, by relation: "source <relation> target".
_QUESTION_FOR = {
    "reports_to": "Who does the {source} report to?",
    "accountable_to": "Who is the {source} accountable to?",
    "sub_committee_of": "What is the {source} a committee of?",
    "chairs": "Who chairs the {target}?",
    "member_of": "Who are the members of the {target}?",
    "renamed_to": "What replaced the {source}?",
}
_EXAMPLES = 5


@dataclass(frozen=True)
class Branding:
    product_name: str  # "Weston Together governance assistant", or "Governance assistant"
    partnership: str
    welcome: str
    example_questions: tuple[str, ...]


def branding_for(profile: CorpusProfile, graph: GraphIndex | None) -> Branding:
    """The profile's name, welcome and examples; without examples, questions the corpus's own graph answers."""
    examples = profile.example_questions or (_graph_questions(graph) if graph is not None else ())
    return Branding(
        product_name=profile.product_name if profile.partnership else DEFAULT_PRODUCT,
        partnership=profile.partnership,
        welcome=profile.welcome,
        example_questions=tuple(examples),
    )


def _graph_questions(graph: GraphIndex) -> tuple[str, ...]:
    questions: list[str] = []
    asked: set[str] = set()
    for relation, template in _QUESTION_FOR.items():
        for edge in graph.edges:
            if edge.relation != relation:
                continue
            source, target = graph.nodes[edge.source]["name"], graph.nodes[edge.target]["name"]
            question = template.format(source=source, target=target)
            subject = target if "{target}" in template else source
            if subject in asked or len(question) > 90:
                continue
            asked.add(subject)
            questions.append(question)
            break
        if len(questions) >= _EXAMPLES:
            break
    return tuple(questions)
