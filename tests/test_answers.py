"""The answer engine in-process over the real corpus: graph facts, time order, lists, citations, abstention."""

from __future__ import annotations

import re
from typing import Any

import pytest

from core.errors import InvalidInput, NotFound
from server.decline import CHECKS, Decline

MARKER = re.compile(r"\[(\d{1,3})\]")
HEADER = re.compile(r"^According to .+ \((\d{4}(?:-\d{2}-\d{2})?)\)(?:,.*)?:$")
DATE_NOTICE = "The documents differ by date; newest first."


@pytest.fixture(scope="module")
def clean_texts(services) -> dict[str, str]:
    store = services.search.store
    return {d["id"]: store.get_document(d["id"], with_text=True)["clean_text"] for d in store.list_documents()}


def headers(answer: str) -> list[str]:
    """The dates of the 'According to <title> (<date>)...:' lines, in answer order."""
    return [m.group(1) for line in answer.split("\n") if (m := HEADER.match(line))]


def unbacked_lines(answer: str, citations: list[dict[str, Any]]) -> list[str]:
    """Lines that state something without a [n] marker naming one of the citations."""
    bad = []
    for line in answer.split("\n"):
        if not line.strip() or HEADER.match(line) or line == DATE_NOTICE:
            continue
        markers = [int(n) for n in MARKER.findall(line)]
        if not markers or not all(1 <= n <= len(citations) for n in markers):
            bad.append(line)
    return bad


# --- graph facts ---------------------------------------------------------------------------------


def test_relation_answer_carries_facts_with_evidence(services, clean_texts):
    result = services.answers.answer("Who does the Provider Alliance report to?")
    assert result.kind == "relation:reports_to"
    assert result.abstained is False
    assert result.facts
    cited = {(c["document"]["id"], c["start"], c["end"]) for c in result.citations}
    for fact in result.facts:
        assert fact["relation"] in ("reports_to", "accountable_to")
        assert fact["source_name"] == "One Halton Provider Alliance"
        assert fact["target_name"] == "Health and Wellbeing Board"
        assert fact["statement"] in result.answer
        assert fact["evidence"]
        for ev in fact["evidence"]:
            doc = ev["document"]["id"]
            assert ev["quote"] == clean_texts[doc][ev["start"] : ev["end"]]
            assert (doc, ev["start"], ev["end"]) in cited


def test_chair_comes_from_the_graph(services):
    result = services.answers.answer("Who chairs the Health and Wellbeing Board?")
    assert result.kind == "relation:chairs"
    assert "Rob Polhill" in result.answer
    assert {f["source_name"] for f in result.facts} == {"Rob Polhill"}
    assert all("Polhil" in c["quote"] for c in result.citations)


def test_attribute_facts_answer_how_often_and_whether_decisions(services):
    meets = services.answers.answer("How often does the One Halton Accountable Care Programme Board meet?")
    assert meets.kind == "relation:meets"
    assert "bi-monthly" in meets.answer
    assert [f["attributes"].get("frequency") for f in meets.facts] == ["bi-monthly"]
    decision = services.answers.answer("Is the One Halton Accountable Care Programme Board a decision making body?")
    assert decision.kind == "relation:decision"
    assert "is not a decision-making body" in decision.answer
    assert all(str(f["attributes"].get("value")).lower() == "false" for f in decision.facts)


# --- time ----------------------------------------------------------------------------------------


def test_membership_across_documents_is_newest_first(services):
    result = services.answers.answer("Which partnerships is Halton Borough Council a member of?")
    assert result.kind == "relation:members"
    lines = result.answer.split("\n")
    assert lines[0] == DATE_NOTICE
    dates = headers(result.answer)
    assert len(set(dates)) >= 3
    assert dates == sorted(dates, reverse=True)
    assert dates[0].startswith("2021")
    assert "One Halton Integrated Care Partnership" in lines[2]


def test_partners_of_one_halton_lead_with_the_newest_document(services):
    result = services.answers.answer("Who are the partners of One Halton?")
    dates = headers(result.answer)
    assert len(set(dates)) > 1, result.answer
    assert dates == sorted(dates, reverse=True)
    assert dates[0].startswith("2021")
    assert "Mersey Care" in result.answer.split("According to")[1]


def test_passages_from_several_documents_are_newest_first(services):
    result = services.answers.answer("Where does ultimate responsibility for One Halton lie?")
    assert result.abstained is False
    dates = headers(result.answer)
    assert len(set(dates)) >= 2, result.answer
    assert dates == sorted(dates, reverse=True), result.answer
    assert "Health" in result.answer and "Wellbeing Board" in result.answer


# --- lists ---------------------------------------------------------------------------------------


def _items(answer: str) -> list[str]:
    return [line[2:] for line in answer.split("\n") if line.startswith("• ")]


def test_list_question_returns_the_whole_list(services):
    result = services.answers.answer("What are the objectives of the One Halton ICP?")
    assert result.kind == "list"
    items = _items(result.answer)
    assert len(items) >= 5
    assert items[0].startswith("to develop an Outcomes Framework")
    assert any("research and development culture" in i for i in items)


def test_workstreams_are_listed(services):
    result = services.answers.answer("What are the workstreams of One Halton?")
    items = _items(result.answer)
    assert len(items) == 4
    joined = " ".join(items)
    for workstream in ("Place Based Integration", "Prevention / Population Health", "Workforce", "Digital"):
        assert workstream in joined


def test_membership_is_a_list_of_organisations(services):
    result = services.answers.answer("Who are the partners of the One Halton ICP?")
    items = [MARKER.sub("", i).strip() for i in _items(result.answer)]
    assert len(items) >= 8
    assert "Mersey Care NHS Foundation Trust" in items
    assert "Healthwatch Halton" in items
    assert len(items) == len(set(items))


# --- every statement cited -----------------------------------------------------------------------

CITED_QUESTIONS = [
    "Who does the Provider Alliance report to?",
    "Who are the partners of the One Halton ICP?",
    "Which partnerships is Halton Borough Council a member of?",
    "What is the revised One Halton budget for 2020/21?",
    "What is an accountable care system?",
    "How often does the One Halton Accountable Care Programme Board meet?",
    "Who chairs the Health and Wellbeing Board?",
    "What are the values of One Halton?",
    "Where does ultimate responsibility for One Halton lie?",
    "What are the objectives of the One Halton ICP?",
    "What are the workstreams of One Halton?",
]


@pytest.mark.parametrize("question", CITED_QUESTIONS)
def test_every_statement_carries_a_citation(services, question):
    result = services.answers.answer(question)
    assert result.abstained is False
    assert result.citations
    assert unbacked_lines(result.answer, result.citations) == []
    used = {int(n) for n in MARKER.findall(result.answer)}
    assert used == set(range(1, len(result.citations) + 1)), "a citation is listed but never referenced"


@pytest.mark.parametrize("question", CITED_QUESTIONS)
def test_citations_point_at_real_spans(services, clean_texts, question):
    result = services.answers.answer(question)
    assert headers(result.answer) == sorted(headers(result.answer), reverse=True)
    for c in result.citations:
        doc = c["document"]["id"]
        span = clean_texts[doc][c["start"] : c["end"]]
        assert c["quote"] and c["quote"] in span
        assert c["url"] == f"/documents/{doc}?start={c['start']}&end={c['end']}#passage"


def test_marker_check_catches_an_uncited_line():
    """The invariant above is only worth something if it can fail."""
    citations = [{"document": {"id": "d"}}]
    assert unbacked_lines("According to X (2021):\nA claim. [1]", citations) == []
    assert unbacked_lines("According to X (2021):\nA claim.\nAnother. [1]", citations) == ["A claim."]
    assert unbacked_lines("A claim. [2]", citations) == ["A claim. [2]"]


# --- abstention ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["What is the phone number of the One Halton PMO?", "How much is the independent chair paid?"],
)
def test_abstains_when_the_documents_do_not_say(services, question):
    result = services.answers.answer(question)
    assert result.abstained is True, result.answer
    assert result.answer.startswith("The documents do not say")
    assert result.citations == [] and result.facts == []
    assert not MARKER.search(result.answer)
    assert result.related, "an abstention should still point at the closest passages"
    assert result.declined is not None and result.declined.code in CHECKS
    assert result.answer == result.declined.sentence() and result.answer.count("do not say") == 1


def test_a_word_no_document_uses_is_named_in_the_decline(services):
    result = services.answers.answer("What is the quorum of the board?")
    assert result.abstained and result.declined is not None
    assert result.declined.code == "unknown_word"
    assert "“quorum”" in result.answer


def test_a_specialised_word_decides_even_when_the_other_words_match(services):
    """ "Board" and "meetings" match many passages; "webcast" is in none, and is what is asked."""
    result = services.answers.answer("Are the board meetings webcast?")
    assert result.abstained and result.declined is not None
    assert result.declined.code == "unknown_word" and "“webcast”" in result.answer
    assert not services.answers.answer("How often does the Health and Wellbeing Board meet?").abstained


def test_an_unknown_decline_check_is_refused():
    with pytest.raises(ValueError, match="unknown decline check"):
        Decline("because_i_said_so", "no reason")


def test_answers_carry_no_decline(services):
    result = services.answers.answer("Who chairs the Health and Wellbeing Board?")
    assert not result.abstained and result.declined is None
    assert result.to_json()["decline_reason"] is None


# --- conversations and validation ----------------------------------------------------------------


def test_ask_resolves_a_pronoun_to_the_previous_answers_body(services):
    first = services.answers.ask("Who chairs the Health and Wellbeing Board?")
    second = services.answers.ask("How often does it meet?", first.conversation_id)
    assert second.conversation_id == first.conversation_id
    assert second.resolved_question == "How often does the Health and Wellbeing Board meet?"
    assert second.kind == "relation:meets"
    assert "Health and Wellbeing Board meets" in second.answer
    turns = services.conversations.turns(first.conversation_id)
    assert [t["question"] for t in turns] == ["Who chairs the Health and Wellbeing Board?", "How often does it meet?"]


def test_ask_with_a_new_subject_is_not_rewritten(services):
    first = services.answers.ask("Who chairs the Health and Wellbeing Board?")
    second = services.answers.ask("Who does the Provider Alliance report to?", first.conversation_id)
    assert second.resolved_question == "Who does the Provider Alliance report to?"


def test_ask_unknown_conversation_raises_not_found(services):
    with pytest.raises(NotFound):
        services.answers.ask("Who chairs it?", "no-such-conversation")


@pytest.mark.parametrize("question", ["", " \t\n ", "\x00\x07", "?!", "x" * 2001])
def test_validate_rejects_unusable_questions(services, question):
    with pytest.raises(InvalidInput):
        services.answers.validate(question)


def test_validate_cleans_control_characters_and_spaces(services):
    assert services.answers.validate("  who\x00chairs \n\t the   board?  ") == "who chairs the board?"


def test_graph_evidence_lifts_a_member_list_that_shares_no_words_with_the_question(services):
    """ "Who sits on the programme board?" shares no word with the list of its members; the graph's
    evidence brings the list up as a third ranked list in search."""
    searcher = services.search.searcher
    question = "who sits on the one halton accountable care programme board?"

    def lists_members(hits) -> bool:
        return any("Widnes Highfield Health" in h.chunk["text"] for h in hits[:3])

    assert services.answers.evidence_chunks(question)
    assert lists_members(searcher.search(question, k=10))
    channel, searcher.evidence = searcher.evidence, None
    try:
        assert not lists_members(searcher.search(question, k=10))
    finally:
        searcher.evidence = channel
    # Not a relation question: no graph evidence is added.
    assert services.answers.evidence_chunks("what are the opening hours of the urgent care centres") == []


def test_list_question_prefers_the_list_its_intro_and_count_name(services):
    """Two five-item lists sit side by side in the BCF plan; the question's words pick the one whose
    intro line says "five areas of focus"."""
    result = services.answers.answer("In the BCF plan, what are the 5 areas of focus?")
    items = " ".join(_items(result.answer))
    assert "Families and children" in items and "Older people" in items
    assert "regardless of discipline" not in items


def test_date_comes_from_the_sentence_that_holds_it_beside_the_one_naming_the_subject(services):
    """The sentence naming the programme has no date; the next one ("which will commence in March
    2021") has. The answer gives the dated sentence rather than abstaining."""
    result = services.answers.answer("In what month will the One Halton System Leadership Programme begin?")
    assert not result.abstained
    assert "March 2021" in result.answer
    assert any("March 2021" in c["quote"] for c in result.citations)


def test_a_value_from_a_passage_about_something_else_is_no_answer(services):
    """The BCF plan gives iBCF sums but no Disabled Facilities Grant figure: no sum is offered."""
    result = services.answers.answer("How much Disabled Facilities Grant money goes into the Halton BCF pool?")
    assert result.abstained


def test_a_count_must_count_what_was_asked(services):
    """A sentence with a number in it answers "how many places?" only if it counts places."""
    result = services.answers.answer("How many places make up Cheshire and Merseyside?")
    assert not result.abstained and "nine places" in result.answer
    result = services.answers.answer("How many GP practices are there in the Widnes primary care network?")
    assert result.abstained


def test_is_something_part_of_a_partnership_lists_the_partnerships_parts(services):
    """ "Is the fire service part of One Halton?" names only the whole; the answer is its partner
    lists (where Cheshire Fire & Rescue Service appears), not what One Halton itself is part of."""
    result = services.answers.answer("Is the fire service part of One Halton?")
    assert result.kind == "relation:members"
    assert "Cheshire Fire & Rescue Service" in result.answer


@pytest.mark.parametrize(
    "question",
    ["What are Warrington's health and wellbeing priorities?", "When does Knowsley's better care fund plan end?"],
)
def test_another_places_body_is_not_halton_s(services, question):
    """ "Warrington & Halton Hospitals" in a sentence does not make it about Warrington's priorities."""
    result = services.answers.answer(question)
    assert result.abstained
    assert "'s" in result.answer  # the reason names whose body was asked about


@pytest.mark.parametrize(
    "question", ["When will the One Halton ICP MoU expire?", "What date does the ICP memorandum finish?"]
)
def test_an_everyday_word_finds_the_clause_that_says_it_in_the_documents_words(services, question):
    """Clause 14.1 says "until 31st March 2022" and never names the MoU: the document's title and the
    word the question turns on ("expire" -> "until") carry it."""
    result = services.answers.answer(question)
    assert not result.abstained
    assert "31st March 2022" in result.answer


def test_a_list_without_bullets_after_a_colon_comes_back_as_a_list(services):
    """The BCF plan lists the High Impact Change Model's changes as short lines ending in ";" after
    "The changes cover:"; the answer lists all eight and stops where the list does."""
    result = services.answers.answer("Which changes does the High Impact Change Model cover?")
    items = [MARKER.sub("", i).strip() for i in _items(result.answer)]
    assert len(items) == 8
    assert items[0] == "Early discharge planning;" and items[-1] == "Enhancing health in care homes."
    assert result.answer.split("\n")[1].startswith("The changes cover:")


def test_a_plan_is_no_answer_to_what_happened(services):
    """The 2021 update says the Forum agreed "to appoint a Clinical Lead" for cancer prevention; it
    never says who was appointed."""
    result = services.answers.answer("Who did One Halton appoint as its cancer prevention clinical lead?")
    assert result.abstained
    assert "planned" in result.answer


def test_who_questions_get_the_sentence_naming_a_body_with_what_this_refers_to(services):
    """ "This will be coordinated and overseen by the newly formed Provider Alliance" names the body;
    the sentence before it says what "this" is."""
    result = services.answers.answer("Who will coordinate the phased approach of bringing in teams and services?")
    lines = result.answer.split("\n")
    assert any("Provider Alliance" in line for line in lines)
    assert any(line.startswith("We are adopting a phased approach") for line in lines)


def test_who_holds_a_role_comes_from_the_name_above_the_role_line(services):
    """Signature blocks put the name on the line above the role: "David Parr" / "One Halton Senior
    Responsible Officer"."""
    result = services.answers.answer("Who is the Senior Responsible Officer for One Halton?")
    assert not result.abstained
    assert "David Parr" in result.answer
    assert any(c["quote"] == "David Parr" for c in result.citations)


def test_how_long_is_answered_by_a_duration(services):
    result = services.answers.answer("How long does the One Halton System Leadership Programme last?")
    assert not result.abstained
    assert "six months" in result.answer


def test_a_partner_named_without_its_legal_suffix_is_recognised(services):
    graph = services.graph
    [node] = graph.find_mentions("is north west boroughs still part of it?")
    assert graph.name(node) == "North West Boroughs Healthcare NHS Foundation Trust"
    # Two trusts share "Warrington and Halton ... Hospitals": each short form still names one of them.
    old, new = graph.find_mentions("warrington and halton hospitals, now warrington and halton teaching hospitals")
    assert graph.name(old) != graph.name(new)


def test_who_replaced_a_partner_is_about_the_partner_not_the_partnership(services):
    result = services.answers.answer("Who replaced North West Boroughs Healthcare in the One Halton partnership?")
    assert result.answer.split("\n")[1].startswith("According to")
    assert "does not include North West Boroughs Healthcare NHS Foundation Trust" in result.answer
    assert "Mersey Care NHS Foundation Trust" in result.answer


def test_what_is_it_called_now_is_a_rename_question(services):
    result = services.answers.answer("The BCF plan mentions the Better Care Board - what is that called now?")
    assert result.kind == "relation:renamed"
    assert "Executive Partnership Board" in result.answer
    assert "newest list" not in result.answer  # not a partner: no partner list tacked on


def test_a_list_of_numbered_clauses_comes_back_whole_under_its_heading(services):
    """Inside the MoU its own name tells passages apart no better than "the"; the question's other words
    find clause 8, and its five clauses come back as the list."""
    result = services.answers.answer("What values and behaviours are set out in the ICP MoU?")
    lines = result.answer.split("\n")
    assert lines[1].startswith("8 Values and Behaviours")
    items = [MARKER.sub("", i).strip() for i in _items(result.answer)]
    assert len(items) == 5 and items[3] == "8.4 We assume good intentions."


def test_a_time_qualifier_narrows_the_answer_without_describing_it(services):
    """ "... before the January 2021 update report" must not make the report's own date line the answer."""
    result = services.answers.answer("When did the One Halton Forum last meet before the January 2021 update report?")
    assert "15 December 2020" in result.answer
    assert "MEETING DATE" not in result.answer


def test_a_sentence_that_announces_a_list_brings_the_list(services):
    result = services.answers.answer("What's the Halton PCN vision?")
    assert "Our PCN vision has three elements:" in result.answer
    items = " ".join(_items(result.answer))
    assert "Keep local people healthy" in items and "great place to work" in items


def test_who_decides_after_a_body_that_does_not(services):
    """A question that names a non-deciding board and asks who decides gets the deciders and that board."""
    result = services.answers.answer("The programme board could not decide anything, so who makes the decisions?")
    lines = result.answer.split("\n")
    assert "Health and Wellbeing Board is a decision-making body" in lines[0]
    assert any("Programme Board is not a decision-making body" in line for line in lines[1:])


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Who signed the ICP MoU on behalf of Halton Housing for Halton Housing?", "who signed"),
        ("How many people completed the System Leadership Programme?", "planned"),
    ],
)
def test_questions_about_people_or_outcomes_the_documents_never_give(services, question, reason):
    result = services.answers.answer(question)
    assert result.abstained
    assert reason in result.answer


def test_a_typo_does_not_hide_what_a_question_asks(services):
    result = services.answers.answer("Who is the One Halton ACS programme board accountble to?")
    assert result.kind.startswith("relation:")
    assert "Health and Well" in result.answer


def test_which_body_decides_is_a_graph_question_wherever_it_is_asked(services):
    result = services.answers.answer("In the 2019 place plan, which body is the decision making body for One Halton?")
    assert "Health and Wellbeing Board is a decision-making body" in result.answer


def test_a_person_asked_for_must_be_named(services):
    """The 2021 update says a Clinical Lead would be appointed; it names nobody."""
    result = services.answers.answer("What is the name of the clinical lead for cancer prevention?")
    assert result.abstained


def test_two_membership_lists_are_compared_name_by_name(services):
    result = services.answers.answer(
        "Which NHS trusts were on both the 2018 ACS board and the 2021 ICP MoU partner list?"
    )
    lines = result.answer.split("\n")
    both = next(line for line in lines if line.startswith("On both lists:"))
    assert "St Helens & Knowsley Teaching Hospitals NHS Trust [" in both
    assert "Mersey Care" not in both
    only = [line for line in lines if line.startswith("Only in ")]
    assert any("Mersey Care NHS Foundation Trust [" in line for line in only)
    assert any("North West Boroughs Healthcare NHS Foundation Trust [" in line for line in only)
    assert all(re.search(r"\[\d+\]", line) for line in lines if line.startswith(("On both", "Only in")))


def test_a_sum_for_a_named_year_is_that_years_sum(services):
    result = services.answers.answer("How much iBCF money did Halton get for 2019/20?")
    assert "£904,208" in result.answer
    result = services.answers.answer(
        "How much will One Halton get from the Cheshire and Merseyside Health and Care Partnership for 2021/22?"
    )
    assert result.abstained  # the update gives 2020/21's sum, not 2021/22's


def test_numbered_clauses_are_a_list_only_under_a_heading_that_names_the_question(services):
    result = services.answers.answer("Which values and behaviours do partners sign up to in the ICP MoU?")
    assert result.answer.split("\n")[1].startswith("8 Values and Behaviours")
    result = services.answers.answer("What values and behaviours do the ICP partners sign up to?")
    assert "14 Duration" not in result.answer


def test_a_terse_query_about_who_is_on_a_board_gets_its_members(services):
    result = services.answers.answer("GP federations on the ACS programme board?")
    assert result.kind == "relation:members"
    assert "GP Health Connect" in result.answer


def test_how_a_named_report_defines_something(services):
    """The words naming the report choose the document; they are not what the passage must be about."""
    result = services.answers.answer("How does the January 2018 HWB report define an accountable care system?")
    assert not result.abstained
    assert "all health and social care for a given population" in result.answer


def test_labelled_lines_after_a_colon_are_a_list_however_long(services):
    """The BCF plan's values are lines such as "Openness: We will undertake to deliver ...": too long for
    short-line items, but the labels make them a list, all seven of them and nothing after."""
    result = services.answers.answer("Which values does the Better Care Fund plan set out?")
    items = [MARKER.sub("", i).strip() for i in _items(result.answer)]
    labels = [item.split(":")[0] for item in items]
    assert labels == ["Partnership", "Openness", "Caring", "Honesty", "Leadership", "Quality", "Transformation"]


def test_a_phrasal_verb_finds_what_partners_agree_to_not_where_they_sign(services):
    """ "Sign up to" asks what partners agree to: the MoU's values clauses, not its signature date."""
    result = services.answers.answer("Which values and behaviours do partners in the ICP sign up to?")
    assert not result.abstained
    assert "We assume good intentions." in result.answer
    assert "date signed" not in result.answer


def test_an_end_date_is_no_answer_to_when_something_was_signed(services):
    """The MoU runs "from the date signed until 31st March 2022": it never says when it was signed."""
    signed = services.answers.answer("When was the ICP memorandum signed?")
    assert signed.abstained
    ends = services.answers.answer("When does the ICP memorandum come to an end?")
    assert not ends.abstained and "31st March 2022" in ends.answer


@pytest.mark.parametrize(
    "question",
    ["What was the Provider Alliance eventually renamed to?", "What new name did the Provider Alliance adopt?"],
)
def test_a_proposed_name_is_no_answer_to_which_name_was_adopted(services, question):
    """The 2021 update proposes "a name change to the 'Partnership Collaborative' or similar"; it never says
    the name was adopted, so a question about the outcome is not answered with the proposal."""
    result = services.answers.answer(question)
    assert result.abstained
    assert any("Partnership Collaborative" in r["text"] for r in result.related)


def test_a_proposed_rename_is_reported_as_proposed(services):
    result = services.answers.answer("Is the Provider Alliance being renamed?")
    assert not result.abstained and "proposed to be renamed" in result.answer


def test_a_statement_is_compared_across_documents_newest_first(services):
    """The vision is worded one way in the 2018 report and another in the 2019 plan and the 2021 MoU; each
    document's own statement is shown, found under the heading that names it, with a verdict."""
    changed = services.answers.answer("Has the wording of the One Halton vision changed since 2018?")
    assert not changed.abstained
    lines = changed.answer.split("\n")
    assert lines[0].startswith("The wording differs")
    dated = [line for line in lines if line.startswith("According to")]
    assert len(dated) == 3 and "(2021" in dated[0] and "(2018" in dated[-1]
    assert "right level of treatment close to home" in changed.answer
    assert changed.answer.count("Working better together") == 2
    assert not unbacked_lines(changed.answer, changed.citations)

    same = services.answers.answer("Is the vision in the ICP MoU the same as in the 2019 place plan?")
    assert same.answer.startswith("The documents word it the same")
    assert "right level of treatment" not in same.answer


def test_comparing_lists_is_not_answered_with_one_sentence_a_document(services):
    result = services.answers.answer("Are the values in the BCF plan the same as those in the ICP MoU?")
    assert "word it the same" not in result.answer and "wording differs" not in result.answer


def test_a_sentence_a_pdf_table_split_over_lines_and_passages_is_read_whole(services, clean_texts):
    """The BCF plan's table cell "This staff group are employed by one of the following three organisations:
    Halton / Borough Council; Warrington & Halton / Hospitals NHS Trust or Bridgewater" sits in the passage
    after the one naming the service; the answer joins the lines and quotes the text as written."""
    result = services.answers.answer("Which organisations employ the RARS staff?")
    assert not result.abstained
    assert "Halton Borough Council; Warrington & Halton Hospitals NHS Trust or Bridgewater" in result.answer
    for c in result.citations:
        assert c["quote"] in clean_texts[c["document"]["id"]][c["start"] : c["end"]]


@pytest.mark.parametrize("question", ["How long does the ICP MoU last?", "How long will the ICP memorandum run for?"])
def test_how_long_an_agreement_lasts_is_answered_by_its_duration_clause(services, question):
    result = services.answers.answer(question)
    assert not result.abstained and "until 31st March 2022" in result.answer


def test_who_holds_a_role_at_an_organisation_is_the_name_over_that_organisations_role_line(services):
    """ "David Parr" stands over "One Halton Senior Responsible Officer / Chief Executive Halton Borough
    Council": he answers for the Council, and nobody named answers for Bridgewater."""
    council = services.answers.answer("Who is the chief executive of Halton Borough Council?")
    assert not council.abstained and "David Parr" in council.answer
    elsewhere = services.answers.answer("Who is the chief executive of Bridgewater?")
    assert elsewhere.abstained


@pytest.mark.parametrize(
    "question",
    [
        "Who signed the MoU on behalf of Healthwatch Halton?",
        "What did the Health and Wellbeing Board decide about the ACS vision?",
    ],
)
def test_questions_about_who_signed_or_what_was_decided_are_not_answered_with_memberships(services, question):
    assert services.answers.answer(question).abstained


def test_lines_of_a_report_header_are_not_run_together(services):
    result = services.answers.answer("Who is the reporting officer for the January 2021 update?")
    assert "David Parr" in result.answer
    assert "PORTFOLIO" not in result.answer


def test_an_undated_document_is_named_undated_not_with_empty_brackets():
    from server.engine_base import source_label

    assert source_label("Terms of Reference", "") == "Terms of Reference (undated)"
    assert source_label("Terms of Reference", None) == "Terms of Reference (undated)"
    assert source_label("Minutes", "2021-10-21") == "Minutes (2021-10-21)"


def test_the_word_a_question_turns_on_must_be_in_the_answers_passage(services):
    from server.sentences import passage_units

    engine = services.answers
    hit = engine.searcher.search("who does the Provider Alliance report to?", 1)[0]
    best = passage_units([hit])[0]
    assert "quorum" not in hit.chunk["text"].lower()
    # The rarest word by far, absent from the passage: the passage cannot answer the question.
    assert engine._missing_key_word(best, {"quorum": 6.0, "alliance": 1.0}, {}) == "quorum"
    # Present (a word of the passage itself), or not dominant: no objection.
    from index.search import passage_stems

    own = sorted(passage_stems(hit.chunk))[0]
    assert engine._missing_key_word(best, {own: 6.0, "quorum": 1.0}, {}) is None
    assert engine._missing_key_word(best, {"quorum": 1.5, "alliance": 1.0}, {}) is None
    assert "key_word_missing" in CHECKS


def test_a_persons_roles_come_from_the_graph_with_their_evidence(services):
    result = services.answers.answer("what roles has Rob Polhill held?")
    assert result.kind == "relation:roles"
    assert "Rob Polhill chairs the Health and Wellbeing Board" in result.answer
    assert result.citations and all(c["quote"] for c in result.citations)


def test_a_yes_no_membership_question_says_yes_when_a_list_names_the_member(services):
    result = services.answers.answer("Is Healthwatch Halton a partner in One Halton?")
    assert "Yes: Healthwatch Halton is a partner in One Halton" in result.answer
    # A body no list names gets the lists, never a "No" the documents do not state.
    other = services.answers.answer("Is the Northshire Ambulance Service a partner in One Halton?")
    assert "Yes:" not in other.answer and "No:" not in other.answer


NORTHBY_MINUTES = """Northby Wellbeing Board - Thursday 16th January, 2025 2.00 pm

Present: Councillor Ada Quill (Chair), Dr Sam Weston, Jo Eastfield.

1. Apologies for absence
Apologies were received from Councillor Tom Fenby.

2. Minutes of the previous meeting
The minutes of the Northby Wellbeing Board meeting held on 12 September 2024 were submitted and approved as a
correct record.

3. Date of next meeting
The Board noted the dates of future meetings.
"""


@pytest.fixture()
def minutes_engine(engine_over):
    return engine_over({"northby-board-minutes-2025-01-16.txt": NORTHBY_MINUTES})


def test_a_date_asked_for_relative_to_a_named_one_is_another_date(minutes_engine):
    """The meeting's own heading gives 16 January; the meeting before it is the one the minutes approve."""
    result = minutes_engine.answer("When did the Northby Wellbeing Board meet before the 16 Jan 2025 meeting?")
    assert not result.abstained, result.answer
    assert "12 September 2024" in result.answer
    assert "16th January" not in result.answer.split("\n", 1)[1]  # not the named meeting's own heading


NORTHBY_AGREEMENT = """Northby Section 75 Agreement

1. Definitions
"Host Partner" means the Council.
"Pooled Fund Manager" means the Council's Head of Finance (Adults and Health).

2. Governance
2.1 The Northby Joint Board will be quorate when at least four voting members are present.
2.2 The Joint Board will meet monthly.
"""


def test_a_role_defined_by_its_office_answers_who_holds_it_and_quorate_answers_quorum(engine_over):
    engine = engine_over({"northby-s75-agreement.txt": NORTHBY_AGREEMENT})
    holder = engine.answer("Who is the pooled fund manager in the Northby agreement?")
    assert not holder.abstained, holder.answer
    assert "Head of Finance" in holder.answer
    quorum = engine.answer("What is the quorum of the Northby Joint Board?")
    assert not quorum.abstained, quorum.answer
    assert "at least four voting members" in quorum.answer
