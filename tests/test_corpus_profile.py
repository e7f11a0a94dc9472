"""Any partnership's papers: the corpus profile, names learned from the text, relations in general wording."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.errors import IngestError
from core.profile import CorpusProfile, load_profile, names_table
from core.records import DocumentMeta, Edge, Entity
from index.names import corpus_names, learned_abbreviations, stored_profile
from index.service import build_analyzer
from index.store import Store
from ingest.abbreviations import find_abbreviations, plausible_definition
from ingest.clean import clean_text
from ingest.graph import extract_graph
from ingest.pipeline import run_ingest
from ingest.sections import build_sections

ROOT = Path(__file__).resolve().parent.parent
NO_PROFILE = names_table(CorpusProfile())


def _graph(text: str, title: str = "Paper", body: str = "") -> set[tuple[str, str, str]]:
    cleaned = clean_text(text)
    sections = build_sections("doc", title, cleaned.blocks, len(cleaned.text), cleaned.toc_titles)
    meta = DocumentMeta("doc", title, "report", "2022", "", "doc.txt", body)
    found = find_abbreviations("doc", cleaned.text)
    entities, edges, _ = extract_graph(meta, cleaned.text, sections, cleaned.blocks, NO_PROFILE, found)
    return _triples(entities, edges)


def _triples(entities: list[Entity], edges: list[Edge]) -> set[tuple[str, str, str]]:
    names = {e.id: e.name for e in entities}
    return {(names[e.source_id], e.relation, names[e.target_id]) for e in edges}


def _ingested(tmp_path: Path, token_counter, files: dict[str, str]) -> Store:
    """A store holding a corpus of the given papers (name -> text), ingested without failures."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    store = Store(tmp_path / "store.db").open()
    assert not run_ingest(corpus, store, token_counter, 96).failed
    return store


# --- the profile ---------------------------------------------------------------------------------------


def test_the_default_corpus_profile_holds_its_own_bodies_and_core_only_national_ones() -> None:
    profile = load_profile(ROOT / "corpus")
    assert profile.partnership and profile.example_questions
    national = json.loads((ROOT / "core" / "data" / "aliases.json").read_text(encoding="utf-8"))
    national_names = " ".join(e["canonical"] for e in national["entities"]).lower()
    for entry in profile.entities:
        assert entry.canonical.lower() not in national_names, entry.canonical
    assert names_table(profile).resolve("the Council", contextual=True) is not None
    assert NO_PROFILE.resolve("the Council", contextual=True) is None
    assert NO_PROFILE.expansion("ICB") == "Integrated Care Board"


def test_a_profile_that_is_not_json_stops_ingest_before_anything_is_written(tmp_path, token_counter) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "paper.txt").write_text("The Board will meet monthly.\n", encoding="utf-8")
    (corpus / "profile.json").write_text('{"partnership": "X",', encoding="utf-8")
    store = Store(tmp_path / "store.db").open()
    with pytest.raises(IngestError) as err:
        run_ingest(corpus, store, token_counter, 96)
    assert "profile.json" in str(err.value) and "not valid JSON" in str(err.value)
    assert store.counts()["documents"] == 0 and store.profile() == {}


def test_a_profile_of_the_wrong_shape_is_named(tmp_path) -> None:
    (tmp_path / "profile.json").write_text('{"example_questions": "who?"}', encoding="utf-8")
    with pytest.raises(IngestError, match="example_questions"):
        load_profile(tmp_path)


def test_a_corpus_without_a_profile_learns_its_names_and_is_titled_plainly(tmp_path, token_counter) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tor.txt").write_text(
        "Riverside Integrated Commissioning Partnership Terms of Reference\n\n"
        "The Riverside Integrated Commissioning Partnership (ICP) is a joint committee of the Riverside "
        "City Council and the Riverside Integrated Care Board.\n\n"
        "The ICP will meet monthly. It is supported by the Riverside Care Forum (RCF).\n",
        encoding="utf-8",
    )
    store = Store(tmp_path / "store.db").open()
    report = run_ingest(corpus, store, token_counter, 96)
    assert not report.failed
    assert stored_profile(store).partnership == "" and not stored_profile(store).entities
    assert learned_abbreviations(store) == {
        "ICP": ["Integrated Commissioning Partnership"],
        "RCF": ["Riverside Care Forum"],
    }
    # A generic abbreviation the document defines otherwise means its own body there.
    assert corpus_names(store).expansion("ICP") == "Integrated Care Partnership"
    analyzer = build_analyzer(store)
    assert "Riverside Care Forum" in analyzer.abbreviations["rcf"]
    # The paper's own meaning of a national abbreviation names its body, but is no search synonym.
    assert "Integrated Commissioning Partnership" not in analyzer.abbreviations["icp"]
    from index.graph import GraphIndex
    from server.branding import branding_for

    graph = GraphIndex(store).load()
    brand = branding_for(stored_profile(store), graph)
    assert brand.product_name == "Governance assistant"
    edges = {(graph.nodes[e.source]["name"], e.relation, graph.nodes[e.target]["name"]) for e in graph.edges}
    assert any("Riverside Integrated Commissioning Partnership" in q for q in brand.example_questions)
    edges = {(graph.nodes[e.source]["name"], e.relation, graph.nodes[e.target]["name"]) for e in graph.edges}
    assert (
        "Riverside Integrated Commissioning Partnership",
        "meets",
        "Riverside Integrated Commissioning Partnership",
    ) in edges
    assert ("Riverside Integrated Commissioning Partnership", "sub_committee_of", "Riverside City Council") in edges


def test_a_place_whose_council_is_named_only_in_an_office_is_still_home(tmp_path, token_counter) -> None:
    minutes = (
        "Weston Commissioning Board\n\nThe Board considered a report of the Strategic Director of "
        "Commissioning, Weston Council, on the Weston Health and Wellbeing Board.\n\n"
        "RESOLVED that Anna Clarke be elected Chair for the duration of the meeting.\n"
    )
    store = _ingested(tmp_path, token_counter, {"minutes.txt": minutes})
    from index.graph import GraphIndex

    graph = GraphIndex(store).load()
    assert "weston" in graph.home
    # "Weston's ..." names this corpus's board; another place's possessive still does not.
    assert [graph.name(i) for i in graph.find_mentions("who chaired weston's commissioning board?")] == [
        "Weston Commissioning Board"
    ]
    assert graph.find_mentions("who chaired eastfield's commissioning board?") == []


def test_terms_of_reference_for_a_named_board_read_the_board_as_it(tmp_path, token_counter) -> None:
    tor = (
        "Terms of Reference for the Eastmoor Place Board\n\n1. Accountability\n\n"
        "1.1 The Board is answerable to the Eastmoor Health and Wellbeing Board.\n\n"
        "2. Membership\n\n2.1 The Board will be chaired by the Leader of Eastmoor Council.\n"
    )
    store = _ingested(tmp_path, token_counter, {"tor.txt": tor})
    from index.graph import GraphIndex

    graph = GraphIndex(store).load()
    edges = {(graph.name(e.source), e.relation, graph.name(e.target)) for e in graph.edges}
    assert ("Eastmoor Place Board", "accountable_to", "Eastmoor Health and Wellbeing Board") in edges
    assert ("Leader of Eastmoor Council", "chairs", "Eastmoor Place Board") in edges


# --- abbreviations ---------------------------------------------------------------------------------------


def test_schwartz_hearst_pairs_keep_their_span_and_drop_clauses() -> None:
    text = (
        "Plans of the Integrated Care Board (ICB) and the Joint Strategic Needs Assessment (JSNA).\n"
        "Update to wording in Section 4 (ToR)"
    )
    found = find_abbreviations("doc", text)
    assert [(a.abbreviation, a.expansion) for a in found] == [
        ("ICB", "Integrated Care Board"),
        ("JSNA", "Joint Strategic Needs Assessment"),
    ]
    assert text[found[0].start : found[0].end] == "Integrated Care Board (ICB)"
    assert not plausible_definition("ToR", "to wording in Section 4")


# --- relations in general wording ----------------------------------------------------------------------------


def test_a_joint_committee_and_a_sub_group_are_committees_of_their_parents() -> None:
    triples = _graph(
        "Approval was given to the establishment of the Northshire Care Partnership as a joint committee of the "
        "Northshire Integrated Care Board and the Northshire County Council.\n\n"
        "The Best Start in Life Partnership is the children's sub-group of the Northshire Health and Wellbeing Board.\n"
    )
    assert ("Northshire Care Partnership", "sub_committee_of", "Northshire Integrated Care Board") in triples
    assert ("Northshire Care Partnership", "sub_committee_of", "Northshire County Council") in triples
    assert ("Best Start in Life Partnership", "sub_committee_of", "Northshire Health and Wellbeing Board") in triples


def test_an_accountable_to_label_belongs_to_the_body_the_paper_is_about() -> None:
    triples = _graph(
        "Draft 9th January 2017 WESTON HEALTH & WELL-BEING BOARD Terms of Reference (Approved 24th January 2017) "
        "Accountable to Weston City Council Cabinet and City Mayor. Background: the Board brings partners together."
    )
    assert ("Weston Health & Well-Being Board", "accountable_to", "Weston City Council Cabinet") in triples
    assert ("Weston Health & Well-Being Board", "accountable_to", "City Mayor") in triples


def test_replacement_is_read_in_the_right_direction() -> None:
    triples = _graph(
        "The Weston Locality Plan has been developed from and now replaces Weston’s Joint Health and Wellbeing "
        "Strategy (2013-16).\n\nThe Eastfield Care Forum was replaced by the Eastfield Care Board in 2019.\n"
    )
    assert ("Joint Health and Wellbeing Strategy", "renamed_to", "Weston Locality Plan") in triples
    assert ("Eastfield Care Forum", "renamed_to", "Eastfield Care Board") in triples
    assert ("Weston Locality Plan", "renamed_to", "Joint Health and Wellbeing Strategy") not in triples


def test_minutes_elect_a_chair_of_their_board_and_vice_chairs_are_members() -> None:
    minutes = (
        "Agenda and minutes\n\nWeston Commissioning Board\nThursday, 28th November, 2019 1.00 pm\n\n"
        "Election of Chair\n\nRESOLVED that Anna Clarke be elected Chair for the duration of the meeting.\n\n"
        "Appointment of Vice-Chairs\n\n"
        "RESOLVED: that Sam Patel and Dr.J Rivers be appointed Vice Chairs of the Weston Health and Wellbeing Board\n"
    )
    triples = _graph(minutes, title="Agenda and minutes", body="Weston Commissioning Board")
    assert ("Anna Clarke", "chairs", "Weston Commissioning Board") in triples
    assert ("Sam Patel", "member_of", "Weston Health and Wellbeing Board") in triples
    assert ("J Rivers", "member_of", "Weston Health and Wellbeing Board") in triples
    assert not any(r == "chairs" and s in ("Sam Patel", "J Rivers") for s, r, _ in triples)


def test_appointed_members_and_delegated_attendance() -> None:
    triples = _graph(
        "RESOLVED that Councillor Mary Jones be appointed as a member of the Northshire Care Partnership.\n\n"
        "The Cabinet authorises the Assistant Director of Partnerships to attend the Eastfield Alliance Board.\n"
    )
    assert ("Mary Jones", "member_of", "Northshire Care Partnership") in triples
    assert ("Assistant Director of Partnerships", "member_of", "Eastfield Alliance Board") in triples


def test_a_letterhead_council_is_the_council_and_a_shadow_board_came_before_the_board() -> None:
    triples = _graph(
        "WESTON COUNCIL\n\nAGENDA ITEM 5\n\nPartnership arrangements\n\n"
        "Weston Health and Wellbeing Board existed in shadow form since May 2011 and became a formal committee "
        "of the Council in April 2013.\n"
    )
    board = "Weston Health and Wellbeing Board"
    assert (board, "sub_committee_of", "Weston Council") in triples
    assert ("Weston Shadow Health and Wellbeing Board", "renamed_to", board) in triples


def test_a_systems_component_bodies_are_part_of_it_and_take_its_area() -> None:
    triples = _graph(
        "An update was given on the Northshire Integrated Care System (ICS), which starts in April. The ICS "
        "would include the creation of a statutory Integrated Care Partnership (ICP), which would be a joint "
        "committee, and an Integrated Care Board (ICB) (previously referred to as the ICS NHS body).\n"
    )
    system = "Northshire Integrated Care System"
    assert ("Northshire Integrated Care Partnership", "part_of", system) in triples
    assert ("Northshire Integrated Care Board", "part_of", system) in triples
    assert ("ICS NHS body", "renamed_to", "Northshire Integrated Care Board") in triples
    assert (system, "renamed_to", "Northshire Integrated Care Board") not in triples


def test_a_membership_that_consists_of_bodies_and_a_joint_committee_of_an_areas_councils() -> None:
    triples = _graph(
        "The Northshire Integrated Care Partnership will be established as a joint committee "
        "of the Integrated Care Board and the eight Northshire local authorities.\n\n"
        "The minimum core membership would consist of 8 representatives from the 8 districts and a member of "
        "the ICB.\n"
    )
    icp, icb = "Northshire Integrated Care Partnership", "Northshire Integrated Care Board"
    assert (icp, "sub_committee_of", icb) in triples
    assert (icp, "sub_committee_of", "Northshire local authorities") in triples
    assert (icb, "member_of", icp) in triples


def test_a_former_body_in_a_bracket_and_a_councils_involvement_in_a_partnership() -> None:
    triples = _graph(
        "Key partners:\n\n- Eastfield District Council\n\n"
        "- Northshire and Eastfield ICB (formerly commissioning was led by Eastfield CCG)\n\n"
        "The Cabinet notes the work of the Eastfield Health Alliance and endorses the continued involvement of the "
        "Council within the partnership.\n"
    )
    assert ("Eastfield CCG", "renamed_to", "Northshire and Eastfield ICB") in triples
    assert ("Eastfield District Council", "member_of", "Eastfield Health Alliance") in triples


def test_what_a_boards_work_includes_is_not_its_membership() -> None:
    triples = _graph(
        "The Weston Health and Wellbeing Board's work includes the Weston Better Care Fund and reports from the "
        "Weston Safeguarding Board. The Weston Plan includes the Weston Integrated Care Board.\n"
    )
    assert not [t for t in triples if t[1] in ("member_of", "part_of")]


def test_a_quoted_short_form_an_abbreviations_board_and_the_body_a_committee_is_established_by() -> None:
    triples = _graph(
        'Weston Borough Council\n\nThe Weston Health and Wellbeing Board (the "HWB") is accountable to the '
        "Council.\n\nThe Weston Place Board is established by NHS Northshire Integrated Care Board (the ICB) as a "
        "committee of the ICB Board. The Delivery Group sits under the Weston Place Board.\n"
    )
    assert ("Weston Health and Wellbeing Board", "accountable_to", "Weston Borough Council") in triples
    assert ("Weston Place Board", "sub_committee_of", "NHS Northshire Integrated Care Board") in triples
    assert not any(s == "NHS Northshire Integrated Care Board" and r == "sub_committee_of" for s, r, _ in triples)
    assert ("Delivery Group", "sub_committee_of", "Weston Place Board") in triples
    assert not any('"' in s or '"' in t for s, _, t in triples)


def test_asides_pronouns_and_a_colon_list_of_committees() -> None:
    triples = _graph(
        "Eastfield City Council\n\nThe Eastfield Care Alliance Board will remain a sub-committee of the Eastfield "
        "Health and Wellbeing Board and will be accountable to it.\n\n"
        "The Board of the ICB is chaired by the ICB Chair, Morwenna Quill.\n\n"
        "Two place committees have been established as sub-committees of the Eastfield Integrated Care Board: the "
        "North Place Committee and the South Place Committee.\n\n"
        "RESOLVED that Councillor Ada Lovell, Leader of the Council, be appointed as Chair of the Eastfield Care "
        "Alliance Board.\n"
    )
    alliance, board, icb = (
        "Eastfield Care Alliance Board",
        "Eastfield Health and Wellbeing Board",
        "Eastfield Integrated Care Board",
    )
    assert (alliance, "sub_committee_of", board) in triples
    assert (alliance, "accountable_to", board) in triples
    assert (board, "accountable_to", board) not in triples
    assert ("North Place Committee", "sub_committee_of", icb) in triples
    assert ("South Place Committee", "sub_committee_of", icb) in triples
    assert ("Morwenna Quill", "chairs", icb) in triples
    assert ("Ada Lovell", "chairs", alliance) in triples
    assert not any(s == "Eastfield City Council" and r == "chairs" for s, r, _ in triples)


def test_successions_in_the_words_papers_use() -> None:
    triples = _graph(
        "Northby Council\n\nThe Integrated Commissioning Board was dissolved and replaced by the Northby Place "
        "Board. NHS Northby Clinical Commissioning Group (CCG) had been abolished under the Health and Care Act 2022 "
        "and its functions had transferred to NHS Northby Integrated Care Board (ICB). The Northby Forum would be "
        "formally renamed the Northby Partnership Board. In 2024 Councillor Ivo Penn succeeded Councillor Jo Rusk as "
        "Chair of the Northby Place Board. The Northby Place Board reports through the Place Director to the Northby "
        "Health and Wellbeing Board. Northby is part of the Northshire Sustainability and Transformation Partnership.\n"
    )
    place = "Northby Place Board"
    assert ("Integrated Commissioning Board", "renamed_to", place) in triples
    assert ("NHS Northby Clinical Commissioning Group", "renamed_to", "NHS Northby Integrated Care Board") in triples
    assert ("Northby Forum", "renamed_to", "Northby Partnership Board") in triples
    assert ("Ivo Penn", "chairs", place) in triples
    assert not any(s == "Jo Rusk" for s, _, _ in triples)
    assert (place, "reports_to", "Northby Health and Wellbeing Board") in triples
    assert ("Northby", "part_of", "Northshire Sustainability and Transformation Partnership") in triples


def test_lists_of_members_in_clauses_inline_and_in_an_attendance_list() -> None:
    triples = _graph(
        "NORTHBY HEALTH AND WELLBEING BOARD\n\nPresent:\n"
        "Councillor Una Vale (Chair) – Executive Member for Health\n"
        "Dr Tom Reed (Vice Chair) – Clinical Chair\nCouncillor Eli Marsh – opposition member\n\n"
        "1. Member practices\n\n1.1 The following practices are the Core Practices and members of the Northby "
        "Primary Care Network:\n\n(i) Brook Lane Surgery (ODS code Y1)\n\n(ii) Harbour Medical Centre;\n\n"
        "2. Membership\n\n2.1 The following organisations are members of the Northby Care Partnership: Northby "
        "Council; NHS Northby Integrated Care Board; and the Northby Hospitals NHS Foundation Trust.\n"
    )
    hwb, pcn, care = "Northby Health and Wellbeing Board", "Northby Primary Care Network", "Northby Care Partnership"
    assert ("Una Vale", "chairs", hwb) in triples
    assert ("Tom Reed", "member_of", hwb) in triples and ("Tom Reed", "chairs", hwb) not in triples
    # Those present are members who came (officers and guests are "in attendance"); only a "(Chair)" chairs.
    assert ("Eli Marsh", "member_of", hwb) in triples and ("Eli Marsh", "chairs", hwb) not in triples
    assert ("Brook Lane Surgery", "member_of", pcn) in triples
    assert ("Harbour Medical Centre", "member_of", pcn) in triples
    for member in ("Northby Council", "NHS Northby Integrated Care Board", "Northby Hospitals NHS Foundation Trust"):
        assert (member, "member_of", care) in triples


def test_a_structure_list_relates_each_entry_to_the_body_its_line_names() -> None:
    triples = _graph(
        "Northby Council\n\nGovernance structure\n\nThe following groups report into the Northby Place Board:\n\n"
        "- Northby Urgent Care Delivery Group\n\n- Northby Ageing Well Board\n\n"
        "These are sub-groups of the Northby Health and Wellbeing Board:\n\n- Northby Children's Partnership\n\n"
        "The following groups report to the Northby Care Partnership: the Northby Finance Group and the Northby "
        "Quality Group.\n"
    )
    place, hwb, care = "Northby Place Board", "Northby Health and Wellbeing Board", "Northby Care Partnership"
    assert ("Northby Urgent Care Delivery Group", "reports_to", place) in triples
    assert ("Northby Ageing Well Board", "reports_to", place) in triples
    assert ("Northby Children's Partnership", "sub_committee_of", hwb) in triples
    assert ("Northby Finance Group", "reports_to", care) in triples
    assert ("Northby Quality Group", "reports_to", care) in triples
    assert not any(s == "Northby Council" for s, _, _ in triples)


def test_a_name_the_text_does_not_state_a_relation_for_makes_no_edge() -> None:
    triples = _graph(
        "The Northshire Care Partnership and the Eastfield Alliance Board met in March. "
        "Members discussed the replacement of the boiler at the Civic Centre.\n"
    )
    assert not [t for t in triples if t[1] in ("sub_committee_of", "renamed_to", "member_of", "chairs")]


def test_a_bare_body_is_the_documents_own_places_and_short_forms_meet_their_full_name() -> None:
    triples = _graph(
        "Weston City Council and NHS Weston CCG work together. The Weston Provider Alliance brings providers "
        "together.\n\nThe Provider Alliance is a sub-group of the Health and Wellbeing Board.\n"
    )
    assert ("Weston Provider Alliance", "sub_committee_of", "Weston Health and Wellbeing Board") in triples


def test_no_place_is_assumed_where_two_places_compete() -> None:
    triples = _graph(
        "Weston City Council and Eastfield City Council work together.\n\n"
        "The Provider Alliance is a sub-group of the Health and Wellbeing Board.\n"
    )
    assert ("Provider Alliance", "sub_committee_of", "Health and Wellbeing Board") in triples


def test_the_graph_folds_legal_suffixes_and_partnership_prefixes_across_papers(tmp_path, token_counter) -> None:
    papers = {
        "a.txt": "Riverside Together is made up of a number of organisations.\n\n"
        "The Riverside Together Provider Alliance is a sub-group of the Riverside Care Board.\n",
        "b.txt": "The Provider Alliance is accountable to the Riverside Care Board.\n\n"
        "Eastfield Ambulance Service is a member of the Riverside Care Board.\n\n"
        "Eastfield Ambulance Service NHS Trust is a member of the Northshire Care Partnership.\n",
    }
    store = _ingested(tmp_path, token_counter, papers)
    from index.graph import GraphIndex

    graph = GraphIndex(store).load()
    names = {n["name"]: n for n in graph.nodes.values()}
    assert "Provider Alliance" not in names and "Eastfield Ambulance Service" not in names
    assert "Provider Alliance" in names["Riverside Together Provider Alliance"]["aliases"]
    edges = {(graph.name(e.source), e.relation, graph.name(e.target)) for e in graph.edges}
    assert ("Riverside Together Provider Alliance", "accountable_to", "Riverside Care Board") in edges
    assert ("Eastfield Ambulance Service NHS Trust", "member_of", "Riverside Care Board") in edges


def test_a_membership_list_marks_its_chair_and_keeps_long_offices() -> None:
    triples = _graph(
        "Weston City Council\n\nThe Health and Wellbeing Board is where partners meet.\n\n"
        "4. Membership\n\nVoting Members\n\nElected Mayor - Weston City Council (Chair)\n\n"
        "Deputy Mayor – Weston City Council (Vice-Chair)\n\n"
        "Director of Public Health, Weston City Council\n\n"
        "Executive Member for Wellbeing Care and Learning – Adult Social Care and Public Health Services\n"
    )
    board = "Weston Health and Wellbeing Board"
    # A mayor is the mayor of the place, not of its council.
    assert ("Elected Mayor of Weston", "chairs", board) in triples
    assert ("Deputy Mayor of Weston", "member_of", board) in triples
    assert ("Director of Public Health of Weston City Council", "member_of", board) in triples
    office = "Executive Member for Wellbeing Care and Learning – Adult Social Care and Public Health Services"
    assert (office, "member_of", board) in triples
    assert not any(s == "Voting Members" for s, _, _ in triples)


def test_minutes_take_their_place_from_the_venue() -> None:
    minutes = (
        "Agenda and draft minutes\n\nHealth and Well Being Board - Thursday, 15th June, 2023 10.00 am\n\n"
        "Venue: Crompton Suite, Civic Centre, Weston, West Street, Weston, WE1 1NL.\n\n"
        "RESOLVED: that Sam Patel be appointed Vice Chair of the Health and Wellbeing Board\n"
    )
    triples = _graph(minutes, title="Agenda and draft minutes")
    # The node keeps the name as first written ("Well Being"); every spelling is one node.
    assert ("Sam Patel", "member_of", "Weston Health and Well Being Board") in triples


def test_every_written_form_is_an_alias_whatever_the_papers_metadata() -> None:
    text = "The Board will have an independent chair, Dr Ann Moss.\n\nThe Weston Care Board meets monthly.\n"
    cleaned = clean_text(text)
    sections = build_sections("doc", "Minutes", cleaned.blocks, len(cleaned.text), cleaned.toc_titles)
    for body in ("", "Weston Care Board"):
        meta = DocumentMeta("doc", "Minutes", "minutes", "2022", "", "doc.txt", body)
        entities, _, _ = extract_graph(meta, cleaned.text, sections, cleaned.blocks, NO_PROFILE, [])
        person = next(e for e in entities if e.name == "Ann Moss")
        assert "Dr Ann Moss" in person.aliases, body


def test_a_substitute_member_sits_on_the_body_named_before() -> None:
    triples = _graph(
        "3. Councillor Jo Bell be appointed as a member of the Northshire Care Partnership and Councillor "
        "Amy Chen as the substitute member.\n"
    )
    assert ("Jo Bell", "member_of", "Northshire Care Partnership") in triples
    assert ("Amy Chen", "member_of", "Northshire Care Partnership") in triples


def test_a_section_label_in_flattened_text_ends_a_name() -> None:
    triples = _graph(
        "WESTON HEALTH & WELL-BEING BOARD Terms of Reference Accountable to Weston City Council Cabinet and City "
        "Mayor Background Health and Wellbeing Boards are a key element of the Act."
    )
    assert ("Weston Health & Well-Being Board", "accountable_to", "City Mayor") in triples


def test_a_learned_short_form_also_written_as_a_word_is_no_search_synonym(tmp_path, token_counter) -> None:
    plan = (
        "The Strategic Estates Network Delivery group (SEND) will meet monthly.\n\n"
        "Partners send their returns to the Riverside Care Forum (RCF) each quarter.\n"
    )
    store = _ingested(tmp_path, token_counter, {"plan.txt": plan})
    assert "SEND" in learned_abbreviations(store)
    analyzer = build_analyzer(store)
    assert "send" not in analyzer.abbreviations
    assert "Riverside Care Forum" in analyzer.abbreviations["rcf"]


def test_a_name_run_into_a_heading_in_capitals_ends_where_the_case_changes() -> None:
    from ingest.graph_names import NameResolver

    resolver = NameResolver(NO_PROFILE)
    text = "NHS Northby Integrated Care Board NORTHBY PLACE COMMITTEE TERMS OF REFERENCE"
    assert [m.node.name for m in resolver.find(text)] == [
        "NHS Northby Integrated Care Board",
        "Northby Place Committee",
    ]
    # A short form inside a name is no heading: "Northby HWB Executive Board" stays one name.
    assert [m.node.name for m in resolver.find("the Northby HWB Executive Board met")] == [
        "Northby HWB Executive Board"
    ]


def test_the_board_of_a_body_named_by_its_short_form_is_that_body() -> None:
    from ingest.graph_names import NameResolver

    resolver = NameResolver(NO_PROFILE)
    found = resolver.find(
        "NHS Northby Integrated Care Board (ICB). The NHS Northby ICB Board met; so did the ICB Board."
    )
    assert {m.node.name for m in found} == {"NHS Northby Integrated Care Board"}


def test_wording_that_states_no_relation_makes_no_edge() -> None:
    """Sentences a stranger's review found read wrongly: each states none of the relations it looks like."""
    for text in (
        "The Northby Partnership will succeed in improving outcomes for the Northby Health and Wellbeing Board.",
        "The Northby Place Committee (formally constituted by NHS Northshire ICB in July 2022) meets monthly.",
        "NHS Northby CCG and Northby Borough Council agreed the plan and its functions transferred to NHS "
        "Northshire ICB.",
        "Six councils are members of the Northby Partnership.",
        "The Northby Health and Wellbeing Board is chaired by the Chair of NHS Northshire ICB, Healthwatch Northby.",
    ):
        wrong = [t for t in _graph(text) if t[1] in ("renamed_to", "member_of") or "Healthwatch" in t[0]]
        assert wrong == [], text
    composed = _graph(
        "The Weston Care Programme Board comprises the partners set out in Appendix A and reports to the Weston "
        "Health and Wellbeing Board."
    )
    assert ("Weston Health and Wellbeing Board", "member_of", "Weston Care Programme Board") not in composed
    assert ("Weston Care Programme Board", "reports_to", "Weston Health and Wellbeing Board") in composed
    two_systems = _graph(
        "The Eastshire Integrated Care Partnership works alongside NHS Westshire Integrated Care Board. The "
        "Integrated Care Partnership reports to the Integrated Care Board."
    )
    assert (
        "Eastshire Integrated Care Partnership",
        "reports_to",
        "NHS Westshire Integrated Care Board",
    ) not in two_systems


def test_a_place_and_a_short_form_name_that_places_body(tmp_path, token_counter) -> None:
    """In a corpus of two places, "Northby HWB" is the Northby Health and Wellbeing Board, though the paper
    that shortened a board to "HWB" was Weston's."""
    from index.graph import GraphIndex

    store = _ingested(
        tmp_path,
        token_counter,
        {
            "weston-tor.txt": "Weston Health and Wellbeing Board Terms of Reference\n\n"
            "1. The Weston Health and Wellbeing Board (HWB) is a committee of Weston Borough Council.\n"
            "2. The HWB will meet quarterly.\n",
            "northby-tor.txt": "Northby Health and Wellbeing Board Terms of Reference\n\n"
            "1. The Northby Health and Wellbeing Board is a committee of Northby City Council.\n"
            "2. The Board will meet at least five times a year.\n",
        },
    )
    graph = GraphIndex(store).load()
    names = {graph.name(n) for n in graph.find_mentions("how often does the Northby HWB meet?")}
    assert names == {"Northby Health and Wellbeing Board"}
    assert graph.mask_mentions("who does northby hwb report to") == "who does X report to"
    assert {graph.name(n) for n in graph.find_mentions("the Weston HWB")} == {"Weston Health and Wellbeing Board"}
    # A short form that names no body of the place is left alone.
    assert not any("Wellbeing" in graph.name(n) for n in graph.find_mentions("the Northby PCN"))


def test_who_established_a_body_and_who_delegates_to_whom() -> None:
    found = _graph(
        "Northby Place Committee: Terms of Reference\n\n1. Establishment\n\n"
        "1.1 The Northby Place Committee was established by NHS Eastfield Integrated Care Board.\n\n"
        "1.2 NHS Eastfield Integrated Care Board delegates its primary care commissioning functions to the "
        "Northby Place Committee.\n\n"
        "1.3 Decisions on the pooled fund are delegated to the Northby Place Director by Northby Borough Council.\n\n"
        "1.4 The Weston Health and Wellbeing Board was set up jointly by Weston Borough Council and NHS Eastfield "
        "Integrated Care Board.\n\n"
        "1.5 Eastfield City Council has established the Eastfield Housing Forum.",
        title="Northby Place Committee: Terms of Reference",
    )
    assert {
        ("Northby Place Committee", "established_by", "NHS Eastfield Integrated Care Board"),
        ("NHS Eastfield Integrated Care Board", "delegates_to", "Northby Place Committee"),
        ("Northby Borough Council", "delegates_to", "Northby Place Director"),
        ("Weston Health and Wellbeing Board", "established_by", "Weston Borough Council"),
        ("Weston Health and Wellbeing Board", "established_by", "NHS Eastfield Integrated Care Board"),
        ("Eastfield Housing Forum", "established_by", "Eastfield City Council"),
    } <= found
    # "delegates" the noun, and "established under" a statute, state neither relation.
    for text in (
        "Weston Voluntary Action sends delegates to the Northby Place Committee.",
        "The Northby Health and Wellbeing Board was established under the Health and Social Care Act 2012.",
    ):
        assert not [t for t in _graph(text) if t[1] in ("delegates_to", "established_by")], text


def test_the_other_words_papers_use_for_accountability_assurance_succession_and_chairing() -> None:
    found = _graph(
        "The Weston Housing Forum is answerable to the Weston Place Committee. The Weston Urgent Care Group "
        "provides assurance to the Weston Place Committee. The Weston Mental Health Partnership assumed the "
        "responsibilities of the Weston Mental Health Steering Group in April 2023. The Weston Place Committee is "
        "presided over by the Weston Place Director."
    )
    assert {
        ("Weston Housing Forum", "accountable_to", "Weston Place Committee"),
        ("Weston Urgent Care Group", "reports_to", "Weston Place Committee"),
        ("Weston Mental Health Steering Group", "renamed_to", "Weston Mental Health Partnership"),
        ("Weston Place Director", "chairs", "Weston Place Committee"),
    } <= found


def test_the_chat_answers_who_established_a_body_from_the_graph(engine_over) -> None:
    """End to end, on a paper of an invented partnership: the founding body comes back as a graph fact with its
    quote, and "when was it established?" is a date question, answered from the passage, not the graph."""
    answers = engine_over(
        {
            "northby-place-committee-terms-of-reference.txt": "Northby Place Committee: Terms of Reference\n\n"
            "1. Establishment\n\n1.1 The Northby Place Committee was established by NHS Eastfield Integrated Care "
            "Board in July 2022.\n\n2. Meetings\n\n2.1 The Committee meets monthly.\n"
        }
    )
    founded = answers.answer("who established the northby place committee?")
    assert not founded.abstained and founded.kind == "relation:established"
    assert "NHS Eastfield Integrated Care Board" in founded.answer
    assert [f["relation"] for f in founded.facts] == ["established_by"]
    when = answers.answer("when was the northby place committee established?")
    assert not when.abstained and "July 2022" in when.answer and when.kind != "relation:established"


def test_the_chat_lists_a_bodys_committees_and_the_groups_reporting_to_it(engine_over) -> None:
    answers = engine_over(
        {
            "weston-icb-annual-report-2024.txt": "NHS Weston ICB Annual Report 2024\n\nGovernance\n\n"
            "The Board of NHS Weston Integrated Care Board is supported by three committees:\n\n"
            "1. Audit and Risk Committee – chaired by Ada Quill, Non-Executive Member.\n\n"
            "2. Remuneration Committee – chaired by Ben Hale, Non-Executive Member.\n\n"
            "3. Weston Place Committee – chaired by Councillor Cy Dunn.\n\n"
            "The following groups report to the Weston Place Committee: the Weston Estates Group and the Weston "
            "Digital Group.\n"
        }
    )
    committees = answers.answer("what are the committees of the weston icb board?")
    assert committees.kind == "relation:committees"
    for name in ("Audit and Risk Committee", "Remuneration Committee", "Weston Place Committee"):
        assert f"{name} is a sub-committee of" in committees.answer
    below = answers.answer("which groups report to the weston place committee?")
    assert below.kind == "relation:reporting_in"
    assert "Weston Estates Group reports to" in below.answer and "Weston Digital Group reports to" in below.answer
    above = answers.answer("who does the weston estates group report to?")
    assert above.kind == "relation:reports_to" and "Digital" not in above.answer


def test_every_relation_drawn_has_words_for_the_answers() -> None:
    from server.diagram import LINE_STYLES
    from server.facts import RELATION_PHRASES

    assert set(LINE_STYLES) <= set(RELATION_PHRASES)


def test_the_board_or_governing_body_of_a_body_is_that_body_and_no_other_board() -> None:
    found = _graph(
        "The Weston Place Committee is answerable to the Board of NHS Eastfield Integrated Care Board. The Weston "
        "Quality Group reports to the Board of Weston Community Health Trust. The Weston Finance Group reports to "
        "the Governing Body of NHS Weston Clinical Commissioning Group."
    )
    assert {
        ("Weston Place Committee", "accountable_to", "NHS Eastfield Integrated Care Board"),
        ("Weston Quality Group", "reports_to", "Weston Community Health Trust"),
        ("Weston Finance Group", "reports_to", "NHS Weston Clinical Commissioning Group"),
    } <= found
    # "the Board of Weston Community Health Trust" is not "the Board" named earlier in the paper.
    assert ("Weston Quality Group", "reports_to", "NHS Eastfield Integrated Care Board") not in found


def test_active_chairs_oversight_mergers_representation_and_label_lines() -> None:
    found = _graph(
        "Weston Place Board: Terms of Reference\n\n1. Membership\n\nChair: Councillor Ada Quill\n\n"
        "Reporting line: Weston Health and Wellbeing Board\n\n2. Other\n\n"
        "2.1 Councillor Ben Hale chairs the Weston Housing Forum.\n\n"
        "2.2 The Weston Carers Group is overseen by the Weston Place Board.\n\n"
        "2.3 The Weston Children's Trust merged with the Weston Youth Partnership to form the Weston Children and "
        "Young People's Partnership.\n\n"
        "2.4 The Weston Older People's Forum was merged into the Weston Ageing Well Board.\n\n"
        "2.5 The Weston Shadow Board became the Weston Integrated Care Partnership in April 2022.\n\n"
        "2.6 Weston Voluntary Action is represented on the Weston Place Board.\n\n"
        "2.7 The Weston Finance Group is responsible to the Weston Place Board.",
        title="Weston Place Board: Terms of Reference",
    )
    assert {
        ("Ada Quill", "chairs", "Weston Place Board"),
        ("Weston Place Board", "reports_to", "Weston Health and Wellbeing Board"),
        ("Ben Hale", "chairs", "Weston Housing Forum"),
        ("Weston Place Board", "oversees", "Weston Carers Group"),
        ("Weston Children's Trust", "renamed_to", "Weston Children and Young People's Partnership"),
        ("Weston Youth Partnership", "renamed_to", "Weston Children and Young People's Partnership"),
        ("Weston Older People's Forum", "renamed_to", "Weston Ageing Well Board"),
        ("Weston Shadow Board", "renamed_to", "Weston Integrated Care Partnership"),
        ("Weston Voluntary Action", "member_of", "Weston Place Board"),
        ("Weston Finance Group", "accountable_to", "Weston Place Board"),
    } <= found
    for text in (
        "The Vice Chairs of the Weston Place Board attend the Weston Housing Forum.",
        "Weston Borough Council became a member of the Weston Place Board.",
        "Weston Borough Council and NHS Eastfield ICB merged their budgets to form a pooled fund.",
    ):
        wrong = [t for t in _graph(text) if t[1] in ("chairs", "renamed_to")]
        assert wrong == [], text


def test_committees_listed_successors_membership_labels_and_the_office_that_chairs() -> None:
    title = "Weston Place Board: Terms of Reference"
    found = _graph(
        f"{title}\n\n1. Structure\n\n"
        "1.1 The Weston Place Board has three sub-committees: the Weston Finance Committee, the Weston Quality "
        "Committee and the Weston Estates Group.\n\n"
        "1.2 The Weston Digital Group is one of two working groups of the Weston Place Board.\n\n"
        "1.3 The Weston Place Board is accountable through the Weston Place Director to NHS Eastfield Integrated "
        "Care Board.\n\n"
        "1.4 The Weston Place Board is the successor body to the Weston Transformation Board.\n\n"
        "1.5 The Chair of the Board shall be the Cabinet Member for Adult Social Care.\n\n"
        "1.6 The Weston Housing Forum will be co-chaired by Councillor Ada Quill and Dr Ben Hale.\n\n"
        "Membership of the Board: Weston Borough Council, NHS Eastfield Integrated Care Board and Weston "
        "Voluntary Action.\n\n"
        "Each of the following organisations nominates one member to the Board: Weston Community Health Trust; "
        "Weston Housing Association.",
        title=title,
    )
    assert {
        ("Weston Finance Committee", "sub_committee_of", "Weston Place Board"),
        ("Weston Quality Committee", "sub_committee_of", "Weston Place Board"),
        ("Weston Estates Group", "sub_committee_of", "Weston Place Board"),
        ("Weston Digital Group", "sub_committee_of", "Weston Place Board"),
        ("Weston Place Board", "accountable_to", "NHS Eastfield Integrated Care Board"),
        ("Weston Transformation Board", "renamed_to", "Weston Place Board"),
        ("Cabinet Member for Adult Social Care", "chairs", "Weston Place Board"),
        ("Ada Quill", "chairs", "Weston Housing Forum"),
        ("Ben Hale", "chairs", "Weston Housing Forum"),
        ("Weston Borough Council", "member_of", "Weston Place Board"),
        ("Weston Voluntary Action", "member_of", "Weston Place Board"),
        ("Weston Community Health Trust", "member_of", "Weston Place Board"),
        ("Weston Housing Association", "member_of", "Weston Place Board"),
    } <= found
    for text in (
        "The Weston Place Board has three priorities: housing, employment and health.",
        "The Chair of the Board shall be elected annually by the Weston Place Board.",
    ):
        assert not [t for t in _graph(text, title=title) if t[1] in ("chairs", "sub_committee_of")], text


def test_a_list_of_committees_a_body_is_supported_by_names_each_before_its_dash() -> None:
    found = _graph(
        "NHS Weston ICB Annual Report\n\nGovernance\n\n"
        "The Board of NHS Weston Integrated Care Board is supported by three committees:\n\n"
        "1. Audit and Risk Committee – chaired by Ada Quill, Non-Executive Member. The committee provides "
        "assurance to the Board.\n\n"
        "2. Finance, Performance and Investment Committee – renamed in October 2024.\n\n"
        "3. Weston Place Committee – chaired by Councillor Ben Hale.\n\n"
        "Each of the place committees meets in public.",
        title="NHS Weston ICB Annual Report",
    )
    parent = "NHS Weston Integrated Care Board"
    assert {
        ("Audit and Risk Committee", "sub_committee_of", parent),
        ("Finance, Performance and Investment Committee", "sub_committee_of", parent),
        ("Weston Place Committee", "sub_committee_of", parent),
    } <= found
    assert not [t for t in found if t[1] == "sub_committee_of" and t[0].startswith(("Ada", "Ben", "Each"))]


VOTING_TERMS = """Weston Place Board: Terms of Reference

1. Purpose

The Weston Place Board brings partners together to plan services for the people of Weston.

2. Membership

2.1 The voting members of the Board are:
a) the Leader of Weston Borough Council;
b) the Chief Executive of Weston Community Health Trust.

2.2 The non-voting members of the Board are:
a) the Chief Executive of Weston Voluntary Action;
b) the Director of Children's Services.
"""


def test_voting_and_non_voting_members_keep_their_standing() -> None:
    cleaned = clean_text(VOTING_TERMS)
    title = "Weston Place Board: Terms of Reference"
    sections = build_sections("doc", title, cleaned.blocks, len(cleaned.text), cleaned.toc_titles)
    meta = DocumentMeta("doc", title, "terms of reference", "2022", "", "doc.txt", "")
    entities, edges, _ = extract_graph(meta, cleaned.text, sections, cleaned.blocks, NO_PROFILE)
    names = {e.id: e.name for e in entities}
    standing = {
        names[e.source_id]: e.attributes.get("standing")
        for e in edges
        if e.relation == "member_of" and names[e.target_id] == "Weston Place Board"
    }
    assert standing == {
        "Leader of Weston Borough Council": "voting",
        "Chief Executive of Weston Community Health Trust": "voting",
        "Chief Executive of Weston Voluntary Action": "non-voting",
        "Director of Children's Services": "non-voting",
        # The seat an organisation's officer fills is the organisation's, with the officer's standing.
        "Weston Borough Council": "voting",
        "Weston Community Health Trust": "voting",
        "Weston Voluntary Action": "non-voting",
    }
    # One edge a member, not a plain one beside the one with its standing.
    assert len([e for e in edges if e.relation == "member_of"]) == 7


def test_the_chat_lists_the_non_voting_members_only(engine_over) -> None:
    answers = engine_over({"weston-place-board-terms-of-reference.txt": VOTING_TERMS})
    result = answers.answer("who are the non-voting members of the weston place board?")
    assert "non-voting members of" in result.answer
    assert "Weston Voluntary Action" in result.answer and "Children's Services" in result.answer
    assert "Leader of Weston Borough Council" not in result.answer
    everyone = answers.answer("who are the members of the weston place board?")
    assert "Leader of Weston Borough Council" in everyone.answer and "Weston Voluntary Action" in everyone.answer


def test_appositions_portfolios_escalation_and_the_board_of_a_body() -> None:
    title = "Weston Place Board: Terms of Reference"
    found = _graph(
        f"{title}\n\n1. Status\n\n"
        '1.1 The Weston Place Board (the "Partnership Board" or "WPB") is the place-based partnership for Weston.\n\n'
        "1.2 The WPB succeeds the Weston Joint Commissioning Executive (WJCE).\n\n"
        "1.3 The Partnership Board is answerable to the Board of the Eastfield ICB for any functions delegated "
        "to it.\n\n"
        "1.4 The Cabinet Member for Adult Social Care and Health will chair the Partnership Board.\n\n"
        "1.5 The Weston Delivery Group, a sub-group of this Board, escalates to the Weston Place Board any matter "
        "it cannot resolve.\n\n"
        "1.6 Healthwatch Weston, a statutory member of the Weston Health and Wellbeing Board, attends as an "
        "observer.\n\n"
        "1.7 Weston North PCN is one of the four networks within Weston GP Federation.\n\n"
        "1.8 The Weston Carers Forum is answerable, through the Weston Community Trust's Board of Directors, to "
        "the Weston Place Board.\n\n"
        "1.9 The Board is supported by the Weston Finance Group, which reports to it monthly.",
        title=title,
    )
    assert {
        ("Weston Joint Commissioning Executive", "renamed_to", "Weston Place Board"),
        ("Cabinet Member for Adult Social Care and Health", "chairs", "Weston Place Board"),
        ("Weston Delivery Group", "sub_committee_of", "Weston Place Board"),
        ("Weston Delivery Group", "reports_to", "Weston Place Board"),
        ("Healthwatch Weston", "member_of", "Weston Health and Wellbeing Board"),
        ("Weston North PCN", "part_of", "Weston GP Federation"),
        ("Weston Carers Forum", "accountable_to", "Weston Place Board"),
        ("Weston Finance Group", "reports_to", "Weston Place Board"),
    } <= found, found
    assert [t for t in found if t[0] == "Weston Place Board" and t[1] == "accountable_to"]


def test_a_membership_clause_names_the_organisation_a_representative_comes_from() -> None:
    title = "Weston Place Board: Terms of Reference"
    found = _graph(
        f"{title}\n\n1. Purpose\n\nThe Weston Place Board brings partners together to plan services for Weston.\n\n"
        "2. Membership\n\n2.1 The members of the Board are:\n(a) the Leader of Weston Borough Council;\n"
        "(b) a representative from Weston Homes, as the largest social landlord in the borough;\n"
        "(c) two members nominated by Weston Voluntary Action;\n(d) the Director of Public Health.\n",
        title=title,
    )
    board = "Weston Place Board"
    for member in ("Leader of Weston Borough Council", "Weston Homes", "Weston Voluntary Action"):
        assert (member, "member_of", board) in found, member
    assert ("Director of Public Health", "member_of", board) in found


def _two_places_papers() -> dict[str, str]:
    """Two places' papers: Northby's terms of reference give a quorum and a staff transfer figure, Weston's
    Housing Group terms of reference (written for its Place Board) give another quorum; Weston's Place Board
    terms of reference give none."""
    return {
        "northby-place-board-terms-of-reference.txt": "Northby Place Board: Terms of Reference\n\n"
        "1. Status\n\n1.1 The Northby Place Board is a committee of Northby Borough Council.\n\n"
        "2. Transfer\n\n2.1 On 1 July 2022 forty-two staff of NHS Northby Clinical Commissioning Group transferred "
        "to the integrated care board.\n\n3. Quorum\n\n3.1 The quorum of the Board is five members, including "
        "one elected member.\n",
        "weston-place-board-terms-of-reference.txt": "Weston Place Board: Terms of Reference\n\n"
        "1. Status\n\n1.1 The Weston Place Board is a committee of Weston City Council.\n\n"
        "2. Membership\n\n2.1 The Weston Place Board has twelve members drawn from the partners.\n",
        "weston-housing-group-terms-of-reference.txt": "Weston Housing Group: Terms of Reference, for agreement "
        "by the Weston Place Board\n\n1. Purpose\n\n1.1 The Weston Housing Group plans homes for older people.\n\n"
        "2. Quorum\n\n2.1 A meeting of the Weston Housing Group is quorate when three members are present.\n",
    }


def test_a_statement_about_another_place_does_not_answer_for_the_place_asked(engine_over) -> None:
    answers = engine_over(_two_places_papers())
    northby = answers.answer("how many staff transferred from northby CCG to the integrated care board?")
    assert not northby.abstained and "forty-two staff" in northby.answer
    weston = answers.answer("how many staff transferred from weston CCG to the integrated care board?")
    assert weston.abstained and weston.declined.code == "other_place"
    assert "Northby" in weston.answer and "Weston" in weston.answer


def test_the_quorum_of_one_body_is_not_given_for_another(engine_over) -> None:
    answers = engine_over(_two_places_papers())
    northby = answers.answer("what is the quorum of the northby place board?")
    assert not northby.abstained and northby.kind == "fact" and "five members" in northby.answer
    # A fragment asks the same; the quorum clause is found though the lines naming the board outrank it.
    fragment = answers.answer("northby place board quorum?")
    assert not fragment.abstained and "five members" in fragment.answer
    # A word of the same family ("quorate") gives the quorum.
    housing = answers.answer("quorum for the weston housing group?")
    assert not housing.abstained and "three members" in housing.answer
    # The Housing Group's paper is written for the Place Board, but it is the Housing Group's quorum.
    weston = answers.answer("what is the quorum of the weston place board?")
    assert weston.abstained and weston.declined.code == "attribute_missing", weston.answer


def test_an_attribute_is_what_a_question_asks_of_a_body_but_an_aspect_is_not() -> None:
    from server.intent import asked_attribute, classify

    assert asked_attribute("what is the quorum of the Northby Place Board") == "quorum"
    assert asked_attribute("quorum for the weston housing group?") == "quorum"
    assert asked_attribute("what's the budget for the northby programme") == "budget"
    assert asked_attribute("what is the purpose of the Northby Place Board") == ""
    assert asked_attribute("what is the Northby Place Board") == ""
    assert asked_attribute("northby hwb quorum?") == "quorum"
    assert asked_attribute("northby pcn vision - what are the 3 parts?") == ""
    assert asked_attribute("northby board aims?") == asked_attribute("northby board priorities?") == ""  # aspects
    assert classify("what is the quorum of the Northby Place Board").kind == "fact"
    assert classify("what is the purpose of the Northby Place Board").kind == "definition"


def test_reporting_assurance_and_stood_down_bodies_in_other_words() -> None:
    found = _graph(
        "The Weston Housing Forum shall report quarterly to the Weston Health and Wellbeing Board. The Weston "
        "Health and Wellbeing Board receives assurance from the Weston Health Protection Board on outbreaks. "
        "The Weston Carers Group shall report to the Weston Delivery Group twice yearly, and by exception. "
        "Note that the Weston Place Committee of the ICB will be stood down on 29 February 2024 and its functions "
        "transferred to the Weston Joint Committee. The Weston Programme Board was stood down in September 2023 "
        "and its work transferred to the shadow Weston Neighbourhood Group."
    )
    assert {
        ("Weston Housing Forum", "reports_to", "Weston Health and Wellbeing Board"),
        ("Weston Health Protection Board", "reports_to", "Weston Health and Wellbeing Board"),
        ("Weston Carers Group", "reports_to", "Weston Delivery Group"),
        ("Weston Place Committee", "renamed_to", "Weston Joint Committee"),
        ("Weston Programme Board", "renamed_to", "Weston Neighbourhood Group"),
    } <= found
    assert not {t for t in found if t[0] == "Integrated Care Board" and t[1] == "renamed_to"}


def test_chairs_and_vice_chairs_in_other_words() -> None:
    found = _graph(
        "Weston Council is the council for the borough. The Leader of the Council shall chair the Weston Health "
        "and Wellbeing Board. The Weston Place Board is chaired by Professor Ada Quill, the Independent Chair "
        "appointed jointly by the Council and the ICB in 2022. The report was presented by Ben Hale, who chairs "
        "the Weston Urgent Care Group. Dr Cy Dunn, as Chair of the Weston Delivery Group, presented the plan. "
        "AGREED: Di Frost, Chief Officer of Weston CVS, was appointed Vice-Chair of the Weston Place Board for two "
        "years. That Dr Eve Gray be appointed as an additional Vice-Chair of the Weston Health and Wellbeing Board."
    )
    assert {
        ("Leader of Weston Council", "chairs", "Weston Health and Wellbeing Board"),
        ("Ada Quill", "chairs", "Weston Place Board"),
        ("Independent Chair", "chairs", "Weston Place Board"),
        ("Ben Hale", "chairs", "Weston Urgent Care Group"),
        ("Cy Dunn", "chairs", "Weston Delivery Group"),
        ("Di Frost", "member_of", "Weston Place Board"),
        ("Eve Gray", "member_of", "Weston Health and Wellbeing Board"),
    } <= found
    assert ("Di Frost", "chairs", "Weston Place Board") not in found


def test_joining_delegating_and_a_later_clause_with_its_own_subject() -> None:
    found = _graph(
        "Weston Homes joined the Weston Care Alliance as a full member in May 2024. NHS England delegated "
        "responsibility for commissioning primary medical services to NHS Weston Integrated Care Board from 1 July "
        "2022. NHS England has delegated dental services to NHS Weston Integrated Care Board; the Weston Place "
        "Board has in turn delegated these functions to the Weston Primary Care Committee."
    )
    assert {
        ("Weston Homes", "member_of", "Weston Care Alliance"),
        ("NHS England", "delegates_to", "NHS Weston Integrated Care Board"),
        ("Weston Place Board", "delegates_to", "Weston Primary Care Committee"),
    } <= found
    assert ("NHS England", "delegates_to", "Weston Primary Care Committee") not in found


def test_a_membership_list_names_the_organisations_its_officers_sit_for() -> None:
    found = _graph(
        "Weston Place Board: Terms of Reference\n\n3. Membership\n\n3.1 The Board shall be co-chaired by:\n"
        "(a) the Leader of Weston Borough Council; and\n(b) the Weston Place Director.\n\n"
        "3.2 The following shall be members:\n(a) the Director of Public Health, Weston Borough Council;\n"
        "(b) one clinical director from each of the three primary care networks;\n"
        "(c) the Chief Executive of Weston Homes;\n(d) the Chief Executive of Voluntary Action Weston.\n",
        title="Weston Place Board: Terms of Reference",
    )
    assert {
        ("Leader of Weston Borough Council", "chairs", "Weston Place Board"),
        ("Weston Homes", "member_of", "Weston Place Board"),
        ("Chief Executive of Weston Homes", "member_of", "Weston Place Board"),
        ("Voluntary Action Weston", "member_of", "Weston Place Board"),
    } <= found
    assert not {t for t in found if t[0] in ("Public Health", "Children's Services")}


def test_tables_state_reporting_lines_and_members() -> None:
    structure = _graph(
        "Weston Partnership Board: governance review\n\n4. Proposed structure\n\n"
        "Group\tStatus\tReports to\nWeston Delivery Group\tNew\tWeston Partnership Board\n"
        "Weston Frailty Group\tStood down\t-\n",
        title="Weston Partnership Board: governance review",
    )
    assert ("Weston Delivery Group", "reports_to", "Weston Partnership Board") in structure
    assert not {t for t in structure if t[0] == "Weston Frailty Group" and t[1] == "reports_to"}
    members = _graph(
        "Weston Primary Care Committee Annual Report 2023/24\n\n3. Membership and attendance\n\n"
        "Member | Organisation | Role on Board\n"
        "Dr Ada Quill | NHS Weston Integrated Care Board | Chair\n"
        "Chief Executive | Weston CVS | Member\n",
        title="Weston Primary Care Committee Annual Report 2023/24",
    )
    assert {
        ("Ada Quill", "chairs", "Weston Primary Care Committee"),
        ("Chief Executive of Weston CVS", "member_of", "Weston Primary Care Committee"),
        ("Weston CVS", "member_of", "Weston Primary Care Committee"),
    } <= members


def test_the_date_of_a_signing_is_not_the_date_something_began(engine_over) -> None:
    agreement = (
        "Northby Care Alliance Agreement\n\n1. Commencement\n\n"
        "1.1 The Northby Care Alliance began operating on 1 January 2018, hosted by Northby Borough Council.\n\n"
    )
    signed = engine_over(
        {"northby-care-alliance-agreement.txt": agreement + "1.2 The Agreement was signed on 12 December 2017.\n"}
    ).answer("when was the northby care alliance agreement signed?")
    assert not signed.abstained and "12 December 2017" in signed.answer
    answers = engine_over({"northby-care-alliance-agreement.txt": agreement})
    unsigned = answers.answer("when was the northby care alliance agreement signed?")
    assert unsigned.abstained and unsigned.declined.code == "value_missing", unsigned.answer
    began = answers.answer("when did the northby care alliance start operating?")
    assert not began.abstained and "1 January 2018" in began.answer


def test_what_a_body_is_for_comes_from_its_purpose_section(engine_over) -> None:
    answers = engine_over(
        {
            "northby-delivery-group-terms-of-reference.txt": "Northby Delivery Group: Terms of Reference\n\n"
            "1. STATUS\n\n1.1 The Northby Delivery Group is a formal sub-committee of the Northby Partnership "
            "Board.\n\n"
            "1.2 The Northby Delivery Group took over the work of the Northby Frailty Group in 2024.\n\n"
            "2. PURPOSE\n\n2.1 The Group leads the development of neighbourhood teams built around the primary care "
            "networks, so that people with complex needs are supported close to home.\n\n"
            "2.2 The Group will:\n(a) agree a neighbourhood model for each network area;\n"
            "(b) report progress to the Partnership Board.\n\n3. QUORUM\n\n3.1 Four members are a quorum.\n"
        }
    )
    for question in ("what is the northby delivery group for?", "whats the purpose of the northby delivery group"):
        result = answers.answer(question)
        assert not result.abstained and result.kind == "definition"
        assert "neighbourhood teams" in result.answer, (question, result.answer)
        assert "sub-committee" not in result.answer and "Four members" not in result.answer
    # What it is, not what it is for: the status clause still answers.
    what = answers.answer("what is the northby delivery group?")
    assert "sub-committee" in what.answer


def test_a_short_form_no_paper_defines_is_read_from_a_bodys_initials(engine_over) -> None:
    answers = engine_over(
        {
            "northby-partnership-board-report.txt": "Northby Health and Care Partnership Board\n\nGovernance report\n\n"
            "1. Accountability\n\n1.1 The Northby Health and Care Partnership Board is accountable to NHS Weston "
            "Integrated Care Board for the place budget.\n"
        }
    )
    for question in ("who is the NHCP board accountable to?", "who is the nhcp board accountable to?"):
        result = answers.answer(question)
        assert not result.abstained and "NHS Weston Integrated Care Board" in result.answer, result.answer
    assert answers.answer("who is the QZX board accountable to?").abstained


def test_an_entrys_own_standing_mark_and_an_office_of_either_title() -> None:
    cleaned = clean_text(
        "Weston Place Board: Terms of Reference\n\n3. Membership\n\n3.1 The following shall be members:\n"
        "(a) the Director of Public Health, Weston Borough Council;\n"
        "(b) the Chair or Manager of Healthwatch Weston (non-voting).\n"
    )
    title = "Weston Place Board: Terms of Reference"
    sections = build_sections("doc", title, cleaned.blocks, len(cleaned.text), cleaned.toc_titles)
    meta = DocumentMeta("doc", title, "terms of reference", "2022", "", "doc.txt", "")
    entities, edges, _ = extract_graph(meta, cleaned.text, sections, cleaned.blocks, NO_PROFILE)
    names = {e.id: e.name for e in entities}
    standing = {names[e.source_id]: e.attributes.get("standing") for e in edges if e.relation == "member_of"}
    assert standing["Healthwatch Weston"] == standing["Chair or Manager of Healthwatch Weston"] == "non-voting"
    assert standing["Weston Borough Council"] is None


@pytest.mark.parametrize(
    "question", ["what was the weston board called before?", "what was the weston board's name changed to?"]
)
def test_questions_about_a_former_name_ask_for_the_renaming(question) -> None:
    from server.intent import classify

    assert classify(question).relation_name == "renamed"
    assert classify("when did the weston board change its name?").expects == "date"  # a date, from a passage


def test_an_office_and_the_person_holding_it_are_one_chair_in_the_answer(engine_over) -> None:
    """'chaired by the Leader of Eastmoor Council, Councillor Ann Hale' is two graph facts (the office chairs,
    the person chairs) from one statement; the answer tells it once, office first, and keeps both facts."""
    answers = engine_over(
        {
            "eastmoor-place-board-terms-of-reference.txt": "Eastmoor Place Board: Terms of Reference\n\n"
            "1. Chairing\n\n1.1 The Board will be chaired by the Leader of Eastmoor Council, Councillor Ann Hale.\n\n"
            "2. Meetings\n\n2.1 The Board meets every two months.\n"
        }
    )
    result = answers.answer("who chairs the eastmoor place board?")
    assert result.kind == "relation:chairs"
    assert result.answer.startswith("The Leader of Eastmoor Council (Ann Hale) chairs the Eastmoor Place Board.")
    assert result.answer.count("Ann Hale") == 1
    assert {f["source_name"] for f in result.facts} == {"Leader of Eastmoor Council", "Ann Hale"}


@pytest.mark.parametrize(
    "intro",
    ["The partners of the Northby Care Partnership are:", "The partner organisations are:", "The partners will be:"],
)
def test_a_partner_list_introduced_in_other_words_lists_partners(intro: str) -> None:
    found = _graph(
        f"Northby Care Partnership Memorandum of Understanding\n\n1. Partners\n\n{intro}\n\n• Weston Housing Trust\n"
        "• Northby Borough Council\n\n2. Term\n\nThis MoU runs to 2025.\n",
        "Northby Care Partnership Memorandum of Understanding",
    )
    assert {
        ("Weston Housing Trust", "partner_of", "Northby Care Partnership"),
        ("Northby Borough Council", "partner_of", "Northby Care Partnership"),
    } <= found


def test_a_body_the_paper_names_in_quotes_stays_that_body_after_a_sentence_about_another_board() -> None:
    """'("the Board")' fixes what "the Board" means in the paper: a sentence about the ICB's Board in between
    does not make the next "The Board" the ICB's."""
    found = _graph(
        'Eastmoor Place Board Terms of Reference\n\n1. Status\n\n1.1 The Eastmoor Place Board ("the Board") '
        "brings together NHS Westmarch Integrated Care Board and Eastmoor Council.\n\n1.2 The ICB has delegated "
        "to the Board decisions on the place budget. In exercising ICB functions the Board is answerable to the "
        "Board of NHS Westmarch Integrated Care Board.\n\n1.3 The Board provides regular assurance reports to the "
        "Eastmoor Health and Wellbeing Board.\n",
        "Eastmoor Place Board Terms of Reference",
        "Eastmoor Place Board",
    )
    assert found == {
        ("NHS Westmarch Integrated Care Board", "delegates_to", "Eastmoor Place Board"),
        ("Eastmoor Place Board", "accountable_to", "NHS Westmarch Integrated Care Board"),
        ("Eastmoor Place Board", "reports_to", "Eastmoor Health and Wellbeing Board"),
    }


def test_more_words_for_renaming_chairing_and_a_councils_cabinet() -> None:
    found = _graph(
        "Eastmoor Borough Council\n\nReport to: Cabinet\n\n1. Eastmoor Borough Council agreed the report.\n\n"
        "2. The Eastmoor Joint Commissioning Board will in future be known as the Eastmoor Place Board.\n\n"
        "3. Cabinet delegated authority to the Director of Adult Social Services to sign the agreement.\n"
    )
    assert ("Eastmoor Joint Commissioning Board", "renamed_to", "Eastmoor Place Board") in found
    assert ("Eastmoor Borough Council Cabinet", "delegates_to", "Director of Adult Social Services") in found
    # "Report to: Cabinet" is the front sheet's label for the meeting, not a reporting line
    assert not [t for t in found if t[1] == "reports_to"]


def test_a_space_aligned_attendance_list_names_people_and_the_meeting_chair(tmp_path) -> None:
    minutes = (
        "Eastmoor Place Committee\nMinutes of the meeting held on 12 November 2024\nCouncil Chamber, Eastmoor "
        "Civic Centre\n\nMembers present:\n  Julia Penrose           Non-Executive Member, NHS Westmarch ICB (Chair)\n"
        "  Cllr Dan Amber          Leader, Eastmoor City Council\n  Mark Otley              Director of Place\n\n"
        "In attendance:\n  Priya Dean              Head of Governance\n\n1.  Welcome\n\n"
        "1.1  The meeting was chaired by Julia Penrose.\n"
    )
    path = tmp_path / "eastmoor-place-committee-minutes-2024-11-12.txt"
    path.write_text(minutes, encoding="utf-8")
    cleaned = clean_text(minutes)
    rows = [b.text for b in cleaned.blocks if b.kind == "row"]
    assert rows[0] == "Julia Penrose | Non-Executive Member, NHS Westmarch ICB (Chair)"
    # a clause number and its text are not two cells
    assert "1.1 The meeting was chaired by Julia Penrose." in [b.text for b in cleaned.blocks if b.kind != "row"]
    found = _graph(minutes, "Eastmoor Place Committee minutes, 12 November 2024", "Eastmoor Place Committee")
    assert ("Julia Penrose", "chairs", "Eastmoor Place Committee") in found
    assert {
        ("Dan Amber", "member_of", "Eastmoor Place Committee"),
        ("Mark Otley", "member_of", "Eastmoor Place Committee"),
    } <= found
    assert not [t for t in found if t[0] == "Priya Dean"]  # in attendance is not a member


def test_workstreams_monitoring_seats_chairs_drawn_from_and_committees_of_a_named_body() -> None:
    found = _graph(
        "Eastmoor Urgent Care Group Terms of Reference\n\n1. Status\n\n1.1 The Group is a workstream of the Eastmoor "
        "Place Programme and reports to the Eastmoor Place Sub-Committee of NHS Westmarch Integrated Care Board.\n\n"
        "1.2 The chair will be drawn from Eastmoor Hospitals NHS Foundation Trust.\n\n1.3 The Eastmoor VCSE Alliance "
        "has a seat on the Group.\n\n1.4 The Eastmoor Place Sub-Committee monitors the work of the Eastmoor Frailty "
        "Board.\n",
        "Eastmoor Urgent Care Group Terms of Reference",
        "Eastmoor Urgent Care Group",
    )
    assert {
        ("Eastmoor Urgent Care Group", "part_of", "Eastmoor Place Programme"),
        ("Eastmoor Urgent Care Group", "reports_to", "Eastmoor Place Sub-Committee"),
        ("Eastmoor Hospitals NHS Foundation Trust", "chairs", "Eastmoor Urgent Care Group"),
        ("Eastmoor VCSE Alliance", "member_of", "Eastmoor Urgent Care Group"),
        ("Eastmoor Place Sub-Committee", "oversees", "Eastmoor Frailty Board"),
    } <= found


def test_the_sub_committee_and_a_committee_noting_in_capitals_are_the_papers_body() -> None:
    found = _graph(
        "Eastmoor Place Sub-Committee Terms of Reference\n\n1. Constitution\n\n1.1 The Eastmoor Place Sub-Committee "
        '("the Sub-Committee") was constituted by the Board of NHS Westmarch Integrated Care Board.\n\n1.2 The '
        "Sub-Committee is a sub-committee of the ICB's Strategic Commissioning Committee.\n\n2. Changes\n\n2.1 The "
        "Sub-Committee NOTED that it took over the responsibilities of the Eastmoor Commissioning Executive.\n",
        "Eastmoor Place Sub-Committee Terms of Reference",
        "Eastmoor Place Sub-Committee",
    )
    assert {
        ("Eastmoor Place Sub-Committee", "sub_committee_of", "Strategic Commissioning Committee"),
        ("Eastmoor Commissioning Executive", "renamed_to", "Eastmoor Place Sub-Committee"),
    } <= found


def test_a_partnership_board_written_short_is_the_one_read_last() -> None:
    found = _graph(
        "Living Well in Eastmoor\n\n4. Delivery\n\n4.1 The Eastmoor Together Partnership Board (formerly the Eastmoor "
        "Health and Care Partnership Board) brings partners together.\n\n4.2 Delivery is overseen by the Eastmoor "
        "Together Partnership Board.\n\n4.3 The Partnership Board is accountable to the Eastmoor Health and "
        "Wellbeing Board.\n",
        "Living Well in Eastmoor",
    )
    assert ("Eastmoor Together Partnership Board", "accountable_to", "Eastmoor Health and Wellbeing Board") in found


def test_short_forms_people_type_for_part_of_a_name_and_for_a_whole_one(engine_over) -> None:
    """'the UCC delivery group' is the Eastmoor Urgent and Community Care Delivery Group; 'EPPB' is the board
    whose initials it is, though its minutes write "EPPB/23/13" (a reference, naming no body); a lettered
    "(b) Purpose" section answers "what does it do?", its clauses with it; "report to the" is no report."""
    answers = engine_over(
        {
            "eastmoor-ucc-group-terms-of-reference.txt": "Eastmoor Health and Care\n"
            "EASTMOOR URGENT AND COMMUNITY CARE DELIVERY GROUP\n\nTerms of Reference\n\n(a) Background\n\n"
            "The Eastmoor Discharge Group was replaced by the Eastmoor Urgent and Community Care Delivery Group on "
            "1 April 2024 after a review.\n\n(b) Purpose\n\nThe Group will lead the improvement of urgent care for "
            "Eastmoor, including:\n(i) the winter plan;\n(ii) the two-hour urgent community response service; and\n"
            "(iii) the virtual ward.\n\n(c) Chair\n\nThe chair will be drawn from Eastmoor Hospitals NHS Trust.\n\n"
            "(d) Frequency\n\nThe Group will meet monthly, except in August.\n",
            "eastmoor-place-partnership-board-minutes-2023-03-14.txt": "Eastmoor Place Partnership Board\n"
            "Minutes of the meeting held on 14 March 2023\n\nEPPB/23/13 WELCOME\n\nThe Board welcomed members. "
            "The Eastmoor Population Health Group reports to the Eastmoor Place Partnership Board. The Eastmoor "
            "Falls Group reports to the Eastmoor Place Partnership Board.\n",
        }
    )
    chair = answers.answer("which organisation does the chair of the UCC delivery group come from?")
    assert not chair.abstained and "Eastmoor Hospitals NHS Trust" in chair.answer
    does = answers.answer("what does the eastmoor UCC delivery group do")
    assert "lead the improvement of urgent care" in does.answer and "virtual ward" in does.answer
    reporting = answers.answer("which groups report to the EPPB?")
    assert reporting.kind == "relation:reporting_in"
    assert "Eastmoor Population Health Group" in reporting.answer and "Eastmoor Falls Group" in reporting.answer


def test_what_partners_commit_to_is_a_list_of_commitments_not_of_partners(engine_over) -> None:
    answers = engine_over(
        {
            "eastmoor-alliance-agreement-2023.txt": "Eastmoor Provider Alliance Agreement\n\n4. Alliance Partners\n\n"
            "The partners of the Eastmoor Provider Alliance are:\n• Eastmoor Council\n"
            "• Eastmoor Hospitals NHS Trust\n\n"
            "5. Commitments\n\n5.1 Each Alliance Partner commits to:\n(a) act best for Eastmoor;\n"
            "(b) share activity data with the other partners; and\n(c) give six months' notice before leaving.\n\n"
            "- - - - - - - - - - - - - - - - - - - -\n\n6. Term\n\n6.1 The Agreement runs to 31 March 2026.\n",
        }
    )
    result = answers.answer("what do eastmoor alliance partners commit to")
    assert result.kind != "relation:members"
    assert "best for Eastmoor" in result.answer and "six months" in result.answer
    assert "- - - -" not in result.answer


def test_a_role_and_organisation_members_table_laid_out_with_spaces() -> None:
    found = _graph(
        "Eastmoor Urgent Care Group Terms of Reference\n\n(d) Membership\n\n"
        "  Role                                                  Organisation\n"
        "  Chief Operating Officer (Chair)                       Eastmoor Hospitals NHS Foundation Trust\n"
        "  Director of Public Health (Vice-Chair)                Eastmoor Council\n"
        "  Operations Manager                                    Westmarch Ambulance Service NHS Trust\n\n"
        "(e) Quorum\n\nThe Group is quorate when three members are present.\n",
        "Eastmoor Urgent Care Group Terms of Reference",
        "Eastmoor Urgent Care Group",
    )
    group = "Eastmoor Urgent Care Group"
    assert {
        ("Chief Operating Officer of Eastmoor Hospitals NHS Foundation Trust", "chairs", group),
        ("Eastmoor Hospitals NHS Foundation Trust", "member_of", group),
        ("Eastmoor Council", "member_of", group),
        ("Westmarch Ambulance Service NHS Trust", "member_of", group),
    } <= found
    # a header cell over a row is no name ("Organisation Chief Operating Officer"), and "(Chair)" no short form
    assert not [t for t in found if t[0].startswith("Organisation") or "Operating Officer of Eastmoor Council" in t[0]]


def test_a_committee_named_for_what_it_is_for_an_agreement_about_one_body_and_a_council_s_own_board() -> None:
    found = _graph(
        "Memorandum of Understanding for the establishment of the Eastmoor Integrated Care Partnership Board\n\n"
        "BETWEEN:\n\n(1) EASTMOOR BOROUGH COUNCIL; and\n(2) NHS WESTMARCH FELLS INTEGRATED CARE BOARD\n\n"
        "1. Status\n\n1.1 The Board shall report to the HWB twice a year.\n\n1.2 The Partners considered, and decided "
        "against, constituting the Board as a sub-committee of the HWB.\n\n1.3 The Eastmoor Joint Committee for "
        'Health and Care ("the Joint Committee") is hereby renamed the Eastmoor Place Committee for Health and '
        "Care.\n",
        "Memorandum of Understanding for the establishment of the Eastmoor Integrated Care Partnership Board",
    )
    assert ("Eastmoor Integrated Care Partnership Board", "reports_to", "Eastmoor Health and Wellbeing Board") in found
    assert (
        "Eastmoor Joint Committee for Health and Care",
        "renamed_to",
        "Eastmoor Place Committee for Health and Care",
    ) in found
    assert not [t for t in found if t[1] == "sub_committee_of"]  # an option turned down


def test_a_co_chair_chairs_and_a_vice_chair_is_a_member_in_lists_and_tables() -> None:
    listed = _graph(
        "Eastmoor Place Board minutes\n\nPresent:\n• Cllr Ann Hale (Co-Chair)\n• Dr Tom Reed (Vice-Chair)\n\n"
        "1. Welcome\n\nThe Board met.\n",
        "Eastmoor Place Board minutes, 12 November 2024",
        "Eastmoor Place Board",
    )
    assert {("Ann Hale", "chairs", "Eastmoor Place Board"), ("Tom Reed", "member_of", "Eastmoor Place Board")} <= listed
    tabled = _graph(
        "Eastmoor Place Board minutes\n\nMembers present:\n"
        "  Mark Pell (Co-Chair)      Place Director, NHS Westmarch ICB\n"
        "  Jo Lamb                   Chief Executive, Eastmoor Homes\n\n1. Welcome\n\nThe Board met.\n",
        "Eastmoor Place Board minutes, 12 November 2024",
        "Eastmoor Place Board",
    )
    assert ("Mark Pell", "chairs", "Eastmoor Place Board") in tabled
    assert ("Mark Pell", "member_of", "Eastmoor Place Board") not in tabled
