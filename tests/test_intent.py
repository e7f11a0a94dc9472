"""Question intent: what kind of answer a question wants, and what value it expects."""

import pytest

from server.intent import classify, expected_type, satisfies
from server.sentences import definition_bonus, definition_subject


@pytest.mark.parametrize(
    ("question", "expects"),
    [
        ("when does the MoU end?", "date"),
        ("In what month will the programme begin?", "date"),
        ("how much was the iBCF grant for 2018/19?", "money"),
        ("how often does the board meet?", "frequency"),
        ("what is the population of Halton?", "number"),
        ("what is population health management", None),
        ("who chairs the forum?", None),
        ("what's the email address of the PMO?", "contact"),
        ("what's the One Halton budget for 2020/21?", "money"),
        ("what did the board decide about the budget?", None),
        ("how long do partners have to resolve a dispute?", "duration"),
        ("did the team save any money?", "money"),
        ("total size of the pooled budget?", "money"),
        ("what time do the board's meetings start?", "time"),
        ("what is the start time of the forum?", "time"),
        ("when preparing its strategy, whose guidance must the partnership follow?", None),
        ("when's the next meeting after the April one?", "date"),
        ("What time period does the place plan cover?", None),  # a span of years, not a time of day
        ("What is the start time of the agreement?", None),
        ("where did the board meet on 14 september 2023?", "venue"),
        ("where is the place team based?", "venue"),
        ("where do the project groups report into?", None),  # a body, not a building
    ],
)
def test_expected_value(question, expects):
    assert expected_type(question) == expects


def test_a_meeting_named_as_an_occasion_is_no_question_how_often_a_body_meets():
    assert (
        classify("Northby Board - which council leaders are listed at the jan 2025 meeting?").relation_name != "meets"
    )
    assert classify("who attended the board's last meeting?").relation_name != "meets"
    assert classify("how often does the board meet?").relation_name == "meets"
    assert classify("does the forum hold its meetings in public?").relation_name == "meets"


def test_a_time_of_day_is_no_date_and_a_meeting_time_question_is_no_frequency_question():
    assert satisfies("time", "The meeting commenced at 2.00 pm in the Council Chamber.")
    assert satisfies("time", "Meetings start at 10:30 and close by noon.")
    assert not satisfies("time", "The Board meets quarterly; it last met on 12 May 2021 (item 4.2).")
    assert classify("what time does the Northby board meet?").expects == "time"
    assert classify("what time does the Northby board meet?").relation_name != "meets"


@pytest.mark.parametrize(
    ("question", "kind", "relation"),
    [
        ("who does the Provider Alliance report to?", "relation", "reports_to"),
        ("who sits on the programme board?", "relation", "members"),
        ("what are the six priorities of the strategy?", "list", None),
        ("what is population health management", "definition", None),
        ("what's an SDF?", "definition", None),
        ("what do they mean by an accountable care system", "definition", None),
        ("how does the 2018 report define an accountable care system?", "definition", None),
        ("how much is the independent chair paid?", "fact", None),
        ("Which changes does the High Impact Change Model cover?", "list", None),
        ("which boards and groups were to govern the programme?", "list", None),
        ("what status does the MoU have?", "fact", None),
        ("what values do the ICP partners sign up to?", "list", None),
        ("which partnerships is the council a member of?", "relation", "members"),
        ("which GP organisations sit on it?", "relation", "members"),
        ("which NHS trusts were partners in both?", "relation", "members"),
        ("who represents the borough council on the care partnership?", "relation", "members"),
        ("how many representatives does the council have?", "fact", None),
        ("who is the vice-chair of the health & wellbeing board", "fact", None),
        ("key statutory functions of the shadow board?", "list", None),
        ("what roles has Jo Smith held on the boards?", "relation", "roles"),
        ("who did the council appoint as its clinical lead?", "fact", None),
        ("what is the role of the board?", "definition", None),
        ("who chaired the board in 2019?", "relation", "chairs"),
    ],
)
def test_question_kind(question, kind, relation):
    intent = classify(question)
    assert intent.kind == kind
    assert intent.relation_name == relation


def test_values_are_recognised_as_written():
    assert satisfies("date", "The programme, which will commence in March 2021, for six months")
    assert not satisfies("date", "Partners may agree to extend it")
    assert satisfies("money", "2018/19: £1,827,114")
    assert not satisfies("number", "In 2016/17 the service expanded")
    assert satisfies("duration", "by a process of discussion within 20 Operational Days of such matter")
    assert satisfies("duration", "for a duration of six months")
    assert not satisfies("duration", "Partners will resolve disputes in good faith")


def test_definition_sentences_are_preferred_by_how_they_name_the_subject():
    subject = definition_subject("what is population health management")
    assert subject == "population health management"
    labelled = definition_bonus("provider alliance", "Provider Alliance: To bring about real collaboration")
    defined = definition_bonus(subject, "Population health management is an approach based on populations")
    opens = definition_bonus(subject, "A population health management approach moves away from silos")
    mentions = definition_bonus(subject, "Whilst primary care supports population health management, others are")
    assert labelled > opens > mentions and defined > opens
    numbered = definition_bonus("accountable care system", "3.1 An accountable care system (ACS) is one in which")
    assert numbered == labelled
    assert definition_subject("what is the purpose of the provider alliance?") == "provider alliance"
    assert definition_subject("what do they mean by an accountable care system") == "accountable care system"


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("how many GP practices are in the widnes PCN?", "practic"),
        ("How many places make up Cheshire and Merseyside?", "place"),
        ("how many admissions did the team avoid", "admiss"),
        ("the budget, and how many people does it support", "peopl"),
        ("how much is it?", ""),
        ("how many PCNs are there in Northby?", "pcn"),
        ("how many gps sit on the board", "gp"),
    ],
)
def test_what_a_how_many_question_counts(question, noun):
    from server.sentences import counted_noun

    assert counted_noun(question) == noun


def test_outcome_words_are_told_from_plans():
    from server.grounding import OUTCOME_QUESTION, states_outcome

    verb = OUTCOME_QUESTION.search("who was appointed as the clinical lead?").group(1)
    assert not states_outcome(verb, "It was agreed at the Forum to appoint a Clinical Lead")
    assert states_outcome(verb, "Dr Smith was appointed as Clinical Lead in May")
    verb = OUTCOME_QUESTION.search("which option did the board vote for?").group(1)
    assert states_outcome(verb, "The Board approved option one")
    assert not states_outcome(verb, "Members will vote on the options in March")
    assert OUTCOME_QUESTION.search("who chairs the board?") is None
    # a kind of member is not an act: "voting member" asks who was listed, not who voted
    assert OUTCOME_QUESTION.search("which mayor was listed as a voting member of the board in 2012?") is None
    assert OUTCOME_QUESTION.search("who was elected chair?").group(1) == "elect"
    counted = OUTCOME_QUESTION.search("how many people completed the programme?")
    assert counted.group(2) == "complet"
    assert not states_outcome("complet", "The programme will run for six months")


def test_document_names_are_taken_out_of_a_question_scoped_to_that_document():
    from index.scope import without_document_words

    assert without_document_words("What values are in the ICP MoU?") == "What values are ?"
    assert without_document_words("How does the January 2018 HWB report define it?") == "How does define it?"
    assert without_document_words("which organisations make up one halton according to the 2019 place plan") == (
        "which organisations make up one halton"
    )


def test_a_date_that_closes_a_period_answers_only_questions_about_an_end():
    from server.intent import asks_end, only_closing_dates

    assert only_closing_dates("This agreement shall take effect from the date signed until 31st March 2022.")
    assert not only_closing_dates("The MoU was signed on 1 April 2021 and runs until 31st March 2022.")
    assert not only_closing_dates("The Board met on 20 January 2021.")
    assert not only_closing_dates("No date here.")
    assert asks_end("When does the MoU expire?") and asks_end("how long does it last")
    assert not asks_end("When was the MoU signed?")


def test_the_subject_of_a_definition_stops_before_what_it_is_compared_with():
    assert definition_subject("what's an ICP in relation to an ICS?") == "icp"
    assert definition_subject("What is a PCN compared to a GP practice?") == "pcn"


def test_a_programme_named_before_a_kind_of_document_picks_the_document_it_titles():
    """ "The ACS MoU" is the memorandum appended to the Accountable Care System report, not the ICP's MoU;
    "the ICP MoU" and a bare "the MoU" are the ICP's."""
    from index.scope import document_scope

    documents = [
        {"id": "acs", "kind": "board report", "title": "The development of an Accountable Care System", "date": "2018"},
        {
            "id": "mou",
            "kind": "memorandum of understanding",
            "title": "ICP Memorandum of Understanding",
            "date": "2021",
        },
        {"id": "upd", "kind": "board report", "title": "One Halton - Update Report", "date": "2021-01-20"},
    ]
    assert document_scope("What did the ACS MoU partners agree?", documents) == {"acs"}
    assert document_scope("What is in the ICP MoU?", documents) == {"mou"}
    assert document_scope("What does the MoU say about disputes?", documents) == {"mou"}
    assert document_scope("In the update report, what about the ICP?", documents) == {"upd"}


def test_what_a_document_says_about_something_is_not_a_membership_question():
    assert classify("What does the ICP MoU say about disputes between partners?").relation_name != "members"
    assert classify("Who are the partners in the ICP MoU?").relation_name == "members"


def test_an_appointment_to_a_named_body_asks_for_its_members():
    question = "both councils appointed people to the Northby Care Partnership - who did each appoint?"
    masked = "both councils appointed people to the X - who did each appoint?"  # the body's name masked, as asked
    assert classify(question, masked=masked).relation_name == "members"
    asked = "which councillors did the council appoint to the X"
    assert classify(asked.replace("X", "care partnership"), masked=asked).relation_name == "members"
    assert (
        classify("who did X appoint as its clinical lead?", masked="who did X appoint as its clinical lead?").kind
        == "fact"
    )


def test_who_founded_a_body_and_who_delegates_are_graph_questions_but_when_is_a_date():
    assert classify("who set up the Northby Housing Forum?").relation_name == "established"
    assert classify("which council established the board?").relations == ("established_by",)
    assert classify("who delegates functions to the place committee?").relation_name == "delegates"
    assert classify("when was the board established?").relation_name != "established"
    assert classify("what is the board's scheme of delegation?").relation_name != "delegates"
    assert classify("which organisations formed the partnership?").relation_name == "members"


def test_what_reports_to_a_body_and_its_committees_look_below_it():
    assert (classify("which groups report to the place board?").direction, classify("x").direction) == ("in", "out")
    assert classify("what reports into the ICB?").relation_name == "reporting_in"
    assert classify("what does the quality group report to").relation_name == "reports_to"
    assert classify("who does the alliance report to?").direction == "out"
    assert classify("list the sub-groups of the health and wellbeing board").relations == ("sub_committee_of",)
    assert classify("what sits under the place board?").direction == "in"
    assert classify("which committees are members of the forum?").relation_name == "members"


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("Venue: The Board Room, First Floor, 14 Mill Lane, Northby, NB3 6AL", True),
        ("The team remains based at Hartley House.", True),
        ("The meeting was held online via Microsoft Teams.", True),
        ("MINUTES of the meeting held on Thursday 14 September 2023 at 2.00pm", False),
    ],
)
def test_a_venue_is_a_place_a_meeting_can_be_held(text, held):
    assert satisfies("venue", text) is held


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("what's the quorum for the board?", "quorum"),
        ("how many practices are in the network", "practices"),
        ("is there parking for board members at the civic centre", "parking"),
        ("are there any webcasts of the meetings?", "webcasts"),
        ("what was supposed to happen next?", ""),
    ],
)
def test_the_thing_a_question_turns_on(question, focus):
    from server.sentences import focus_word

    assert focus_word(question) == focus


def test_a_date_that_closes_a_period_is_told_apart_from_one_that_opens_it() -> None:
    from server.intent import closes_a_period, only_closing_dates

    assert closes_a_period("Term: 1 April 2023 to 31 March 2026")
    assert closes_a_period("This agreement shall take effect from the date signed until 31st March 2022.")
    assert not closes_a_period("Date of this Agreement: 1 April 2023")
    assert not only_closing_dates("Term: 1 April 2023 to 31 March 2026")  # it opens one too
