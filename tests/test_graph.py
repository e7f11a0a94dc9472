"""The knowledge graph: names resolve through the alias table, edges come from text with exact evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.aliases import name_key
from core.profile import load_profile, names_table
from core.records import DocumentMeta, Edge, Entity, stable_id
from evaluation.graph_eval import graph_payload, load_gold, score_graph
from index.store import Store
from ingest.clean import clean_text
from ingest.graph import extract_graph
from ingest.sections import build_sections

ROOT = Path(__file__).resolve().parent.parent
# The unit documents below borrow One Halton's bodies, so they read with its corpus profile's names.
HALTON_NAMES = names_table(load_profile(ROOT / "corpus"))


def _extract(text: str, title: str = "Test paper", doc_id: str = "doc") -> tuple[list[Entity], list[Edge], list, str]:
    cleaned = clean_text(text)
    sections = build_sections(doc_id, title, cleaned.blocks, len(cleaned.text), cleaned.toc_titles)
    meta = DocumentMeta(doc_id, title, "report", "2020", "test", f"{doc_id}.txt")
    entities, edges, commitments = extract_graph(meta, cleaned.text, sections, cleaned.blocks, HALTON_NAMES)
    return entities, edges, commitments, cleaned.text


def _triples(entities: list[Entity], edges: list[Edge]) -> set[tuple[str, str, str]]:
    names = {e.id: e.name for e in entities}
    found = set()
    for edge in edges:
        target = names[edge.target_id]
        if edge.source_id == edge.target_id:
            target = next(iter(edge.attributes.values()))
        found.add((names[edge.source_id], edge.relation, target))
    return found


TERMS_OF_REFERENCE = """Appendix 3: Terms of Reference

Widnes Care Programme Board

Terms of Reference

The Widnes Care Programme Board is a forum for partnership working. It is not a decision making body.

Membership

Chief Executives from the following organisations:-

Independent Chair

Halton Borough Council

NHS Halton CCG

Reporting Arrangements

The Widnes Care Programme Board will meet on a bi-monthly basis.

It will be accountable to the Halton Health & Wellbeing Board.

Administrative Support

HCCG

Key Tasks

To ensure effective leadership of the programme;

To make recommendations to the Health and Wellbeing Board;
"""


def test_terms_of_reference_give_typed_edges_about_the_body_they_describe() -> None:
    entities, edges, commitments, _ = _extract(TERMS_OF_REFERENCE)
    triples = _triples(entities, edges)
    board = "Widnes Care Programme Board"
    assert (board, "is_decision_making", "false") in triples
    assert (board, "meets", "bi-monthly") in triples
    assert (board, "accountable_to", "Health and Wellbeing Board") in triples
    assert ("Halton Borough Council", "member_of", board) in triples
    assert ("NHS Halton Clinical Commissioning Group", "member_of", board) in triples
    assert ("Independent Chair", "member_of", board) in triples
    assert ("NHS Halton Clinical Commissioning Group", "supports", board) in triples
    tasks = [c for c in commitments if c.kind == "key_task"]
    assert [c.body for c in tasks] == [board, board]
    assert tasks[0].text.startswith("To ensure effective leadership")


def test_every_quote_is_the_exact_clean_text_at_its_span() -> None:
    _, edges, commitments, text = _extract(TERMS_OF_REFERENCE)
    assert edges and commitments
    for edge in edges:
        for ev in edge.evidence:
            assert text[ev.start : ev.end] == ev.quote
            assert ev.document_id == "doc" and ev.section_id
    for c in commitments:
        assert text[c.evidence.start : c.evidence.end] == c.evidence.quote == c.text


def test_ids_are_stable_hashes_of_canonical_names() -> None:
    entities, edges, _, _ = _extract(TERMS_OF_REFERENCE)
    by_name = {e.name: e for e in entities}
    hwb = by_name["Health and Wellbeing Board"]
    # The id hashes the name's comparison key, so every spelling of one name is one node.
    assert hwb.id == stable_id("entity", name_key("Health and Wellbeing Board"))
    assert hwb.id == stable_id("entity", name_key("Health & Well-Being Board"))
    assert "Halton Health & Wellbeing Board" in hwb.aliases
    accountable = next(e for e in edges if e.relation == "accountable_to")
    assert accountable.id == stable_id(accountable.source_id, "accountable_to", hwb.id)


def test_one_fact_in_two_documents_is_one_edge_id() -> None:
    first = "1.0 Governance\n\nThe Provider Alliance will be accountable to the HWB.\n"
    second = "2.0 Arrangements\n\nThe One Halton Provider Alliance is accountable to the Halton HWB.\n"
    _, edges_a, _, _ = _extract(first, doc_id="a")
    _, edges_b, _, _ = _extract(second, doc_id="b")
    assert [e.id for e in edges_a] == [e.id for e in edges_b]
    assert edges_a[0].evidence[0].document_id == "a" and edges_b[0].evidence[0].document_id == "b"


def test_rename_and_the_meeting_frequency_belong_to_the_new_name() -> None:
    text = (
        "4.0 Governance\n\nThe BCF Executive Commissioning Board has been renamed the Operational Commissioning "
        "Committee (OCC) and now meets on a monthly basis and the Better Care Board is now called the Executive "
        "Partnership Board.\n"
    )
    entities, edges, _, _ = _extract(text)
    triples = _triples(entities, edges)
    assert ("BCF Executive Commissioning Board", "renamed_to", "Operational Commissioning Committee") in triples
    assert ("Better Care Board", "renamed_to", "Executive Partnership Board") in triples
    assert ("Operational Commissioning Committee", "meets", "monthly") in triples
    assert not any(s == "BCF Executive Commissioning Board" and r == "meets" for s, r, _ in triples)


def test_a_proposed_rename_is_marked_proposed() -> None:
    text = (
        "3.15 Next steps:\n\n- Restart the Provider Alliance. "
        "Consider a name change to the 'Partnership Collaborative' or similar.\n"
    )
    _, edges, _, _ = _extract(text)
    rename = next(e for e in edges if e.relation == "renamed_to")
    assert rename.attributes == {"status": "proposed"}
    assert rename.confidence < 1


def test_an_ambiguous_definite_name_is_left_alone() -> None:
    text = (
        "1.0 Background\n\nWe met the Widnes Alliance Board and the Runcorn Alliance Board last year to plan.\n\n"
        "2.0 Reporting\n\nThe Board will be accountable to the Halton Health and Wellbeing Board.\n"
    )
    _, edges, _, _ = _extract(text)
    assert not [e for e in edges if e.relation == "accountable_to"]


def test_the_board_resolves_to_the_board_the_passage_is_about() -> None:
    text = (
        "3.0 Supporting information\n\n3.7 The One Halton Accountable Care Programme Board is not a decision making "
        "body. The Board will be the reporting body to the Halton Health and Well Being Board.\n\n"
        "3.8 The Board will have an independent chair, Dr David Colin-Thome.\n"
    )
    entities, edges, _, _ = _extract(text)
    triples = _triples(entities, edges)
    acpb = "One Halton Accountable Care Programme Board"
    assert (acpb, "reports_to", "Health and Wellbeing Board") in triples
    assert ("David Colin-Thome", "chairs", acpb) in triples
    person = next(e for e in entities if e.name == "David Colin-Thome")
    assert person.type == "person" and "Dr David Colin-Thome" in person.aliases


def test_partner_list_and_signatories_table() -> None:
    text = (
        "10 Designated Leads\n\n10.2 The partnership will consist of:\n\n- Halton Borough Council\n- Halton Housing\n"
        "- Runcorn Primary Care Network\n\n16 Signatories\n\nOrganisation\tSignature\tName\n"
        "Halton Borough Council\t\t\nHealthwatch Halton\t\t\n"
    )
    title = "One Halton Integrated Care Partnership Memorandum of Understanding"
    entities, edges, _, _ = _extract(text, title=title)
    triples = _triples(entities, edges)
    icp = "One Halton Integrated Care Partnership"
    assert {("Halton Borough Council", "partner_of", icp), ("Halton Housing Trust", "partner_of", icp)} <= triples
    assert ("Runcorn Primary Care Network", "partner_of", icp) in triples
    assert ("Halton Borough Council", "signatory_of", title) in triples
    assert ("Healthwatch Halton", "signatory_of", title) in triples


def test_flattened_chart_label_gives_a_meeting_frequency_with_lower_confidence() -> None:
    text = (
        "Governance chart follows.\n\nHalton\n\nHealth & Wellbeing\n\nBoard (Quarterly)\n\nGoverning Body (Monthly)\n"
    )
    _, edges, _, _ = _extract(text)
    meets = [e for e in edges if e.relation == "meets"]
    assert len(meets) == 1  # "Governing Body" names no body in particular
    assert meets[0].attributes == {"frequency": "quarterly"} and meets[0].confidence < 1
    assert meets[0].evidence[0].quote.startswith("Halton")


def test_numbered_commitments_values_and_principles() -> None:
    text = (
        "7 Our Commitment\n\n7.1 We agree to put patients and residents at the heart of what we do.\n\n"
        "7.2 We will be transparent in the decisions and actions that are taken.\n\n8 Values and Behaviours\n\n"
        "8.1 We support each other and work collaboratively.\n\n9 Governance\n\n"
        "9.1 The key principles of our governance arrangements will be:\n\n"
        "a) An acknowledgement that the arrangement does not affect sovereignty.\n"
    )
    _, _, commitments, _ = _extract(text, title="One Halton Integrated Care Partnership Memorandum of Understanding")
    found = {(c.clause, c.kind) for c in commitments}
    assert {("7.1", "commitment"), ("7.2", "commitment"), ("8.1", "value"), ("9.1(a)", "principle")} <= found
    assert {c.body for c in commitments} == {"One Halton Integrated Care Partnership"}


def test_alias_table_resolves_variants_and_expands_abbreviations() -> None:
    table = HALTON_NAMES
    for variant in ("HWB", "Halton Health & Wellbeing Board", "Halton Health and Well Being Board"):
        assert table.resolve(variant) == "Health and Wellbeing Board"
    assert table.resolve("HCCG") == table.resolve("Halton CCG") == "NHS Halton Clinical Commissioning Group"
    assert table.resolve("the Council") is None
    assert table.resolve("the Council", contextual=True) == "Halton Borough Council"
    assert "Primary Care Network" in table.expansions("PCN")
    assert "Primary Care Network" in table.expansions("PCNs")
    assert table.expansions("HWB") == ["Health and Wellbeing Board"]
    assert table.expansions("nonsense") == []
    assert name_key("The Halton Health & Well-being Board") == name_key("Halton Health and Wellbeing Board")


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    from core.settings import Settings
    from ingest.chunks import WordPieceCounter
    from ingest.pipeline import run_ingest

    settings = Settings.from_env()
    store = Store(tmp_path_factory.mktemp("graph") / "store.db").open()
    report = run_ingest(ROOT / "corpus", store, WordPieceCounter(settings.model_path).load(), settings.chunk_tokens)
    assert not report.failed
    return store


def test_corpus_graph_meets_the_gold_set(corpus_store: Store) -> None:
    payload = graph_payload(corpus_store)
    gold_edges, gold_aliases = load_gold()
    scores = score_graph(payload["nodes"], payload["edges"], gold_edges, gold_aliases)
    assert scores["overall"]["precision"] >= 0.95
    assert scores["overall"]["recall"] >= 0.9
    assert scores["aliases"]["accuracy"] >= 0.95
    for relation in ("partner_of", "member_of", "signatory_of", "reports_to", "renamed_to", "meets"):
        assert scores["relations"][relation]["recall"] >= 0.9, relation


def test_corpus_evidence_is_exact_and_names_are_canonical(corpus_store: Store) -> None:
    payload = graph_payload(corpus_store)
    texts = {
        d["id"]: corpus_store.get_document(d["id"], with_text=True)["clean_text"] for d in corpus_store.list_documents()
    }
    for edge in payload["edges"]:
        for ev in edge["evidence"]:
            assert texts[ev["document"]["id"]][ev["start"] : ev["end"]] == ev["quote"]
            assert ev["url"].startswith(f"/documents/{ev['document']['id']}?start=")
    names = {n["name"] for n in payload["nodes"]}
    assert "Health and Wellbeing Board" in names and "Halton Health & Wellbeing Board" not in names


def test_the_corpus_graph_without_its_profile_still_finds_most_gold_edges() -> None:
    from core.settings import Settings
    from evaluation.alias_free import alias_free_scores

    scores = alias_free_scores(Settings.from_env({}))
    assert scores["overall"]["recall"] >= 0.8
    assert scores["overall"]["precision"] >= 0.95


def test_a_body_and_its_plural_are_one_node_named_in_the_singular() -> None:
    from index.graph import variant_merges

    nodes = [
        {"id": "kind", "name": "Health and Wellbeing Boards", "type": "body", "aliases": []},
        {"id": "board", "name": "Health and Wellbeing Board", "type": "body", "aliases": []},
        {"id": "other", "name": "Safeguarding Board", "type": "body", "aliases": []},
    ]
    assert variant_merges(nodes) == {"kind": "board"}
