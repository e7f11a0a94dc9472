"""Sections of the five real documents: numbering, appendices, plain headings, spans and paths."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest

from core.records import Section
from ingest.clean import CleanResult, RawLine, clean_lines, clean_text, strip_markup
from ingest.loaders import read_raw_lines
from ingest.sections import build_sections
from tests.conftest import CORPUS, corpus_file

DOCUMENTS = sorted(p.name for p in CORPUS.iterdir() if p.suffix == ".txt")


@cache
def parsed(name_start: str) -> tuple[list[RawLine], CleanResult, list[Section]]:
    path = corpus_file(name_start)
    raw_lines, _ = read_raw_lines(path)
    cleaned = clean_lines(raw_lines)
    sections = build_sections(path.stem, path.stem, cleaned.blocks, len(cleaned.text), cleaned.toc_titles)
    return raw_lines, cleaned, sections


def section_text(name_start: str, section: Section) -> str:
    return parsed(name_start)[1].text[section.start : section.end]


def find(sections: list[Section], *, heading: str | None = None, number: str | None = None) -> Section:
    found = [
        s for s in sections if (heading is None or s.heading == heading) and (number is None or s.number == number)
    ]
    assert len(found) == 1, f"expected one section {number or ''} {heading or ''}, got {[s.path for s in found]}"
    return found[0]


def children(sections: list[Section], parent: Section) -> list[Section]:
    return [s for s in sections if s.parent_id == parent.id]


def test_2018_report_appendix_3_has_reporting_arrangements():
    _, _, sections = parsed("2018-01-17")
    appendix = find(sections, number="Appendix 3")
    reporting = find(sections, heading="Reporting Arrangements")

    assert appendix.heading == "Terms of Reference"
    assert reporting.parent_id == appendix.id
    assert reporting in children(sections, appendix)
    assert reporting.path == "Appendix 3: Terms of Reference › Reporting Arrangements"
    assert "bi-monthly" in section_text("2018-01-17", reporting)


def test_mou_clause_14_is_duration_until_march_2022():
    _, _, sections = parsed("2021-one-halton-icp")
    duration = find(sections, number="14")

    assert duration.heading == "Duration"
    assert duration.depth == 1 and duration.parent_id is None
    assert "31st March 2022" in section_text("2021-one-halton-icp", duration)
    clause = find(sections, number="14.1")
    assert clause.parent_id == duration.id
    assert clause.kind == "clause"


def test_mou_table_of_contents_did_not_become_sections():
    _, cleaned, sections = parsed("2021-one-halton-icp")

    assert not [s.path for s in sections if "....." in s.heading or "....." in s.path]
    assert "Contents" not in [s.heading for s in sections]
    # Each numbered heading appears once: the ToC line "12 Duration" did not add a second Duration.
    numbered = Counter(s.heading for s in sections if s.number and "." not in s.number)
    assert numbered["Duration"] == 1
    assert all(count == 1 for count in numbered.values()), numbered
    assert "Duration" in cleaned.toc_titles


def test_bcf_plan_section_4_1_sits_under_4_0():
    _, _, sections = parsed("2017-halton-better-care")
    four = find(sections, number="4.0")
    four_one = find(sections, number="4.1")

    assert four.depth == 1 and four.parent_id is None
    assert four_one.parent_id == four.id
    assert four_one.depth == four.depth + 1
    assert four.start < four_one.start and four_one.end <= four.end
    assert four_one.path.startswith(four.path + " › 4.1 ")


def test_place_plan_roles_and_responsibilities_sits_under_governance():
    _, _, sections = parsed("2019-one-halton-place")
    governance = find(sections, heading="Governance")
    roles = find(sections, heading="Roles and Responsibilities:")

    assert roles.parent_id == governance.id
    assert roles.path == f"{governance.path} › Roles and Responsibilities:"
    assert governance.start < roles.start and roles.end <= governance.end


@pytest.mark.parametrize("name", DOCUMENTS)
def test_section_spans_and_paths_are_consistent(name):
    _, cleaned, sections = parsed(name)
    by_id = {s.id: s for s in sections}

    assert sections, name
    assert len(by_id) == len(sections), "section ids must be unique"
    assert [s.ordinal for s in sections] == list(range(len(sections)))
    assert sections[0].start == 0
    for s in sections:
        assert 0 <= s.start <= s.body_start <= s.body_end <= s.end <= len(cleaned.text), s.path
        assert cleaned.text[s.start : s.end].strip(), f"empty section {s.path}"
        if s.parent_id is None:
            assert s.depth == 1, s.path
            assert " › " not in s.path or " › " in s.heading, s.path
            continue
        parent = by_id[s.parent_id]
        assert parent.ordinal < s.ordinal
        assert parent.start <= s.start and s.end <= parent.end, f"{s.path} escapes {parent.path}"
        assert s.depth > parent.depth
        assert s.path.startswith(parent.path + " › "), s.path
        assert s.path.endswith(s.heading), s.path


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_content_word_is_lost_in_cleaning(name):
    raw_lines, cleaned, _ = parsed(name)
    raw_words = Counter(w for line in raw_lines for w in re.findall(r"[A-Za-z]+", strip_markup(line.text)))
    kept = Counter(re.findall(r"[A-Za-z]+", cleaned.text))
    dropped = Counter(w for line in cleaned.removed for w in re.findall(r"[A-Za-z]+", line))

    assert sum(raw_words.values()) > 1000
    missing = raw_words - (kept + dropped)
    invented = (kept + dropped) - raw_words
    assert not missing, f"words lost: {missing.most_common(10)}"
    assert not invented, f"words invented: {invented.most_common(10)}"


# --- heading styles of other partnerships' papers, on small documents written here ---------------


def outline(text: str) -> list[Section]:
    cleaned = clean_text(text)
    return build_sections("doc", "Doc", cleaned.blocks, len(cleaned.text), cleaned.toc_titles)


def headings(sections: list[Section]) -> list[str]:
    return [s.heading for s in sections if s.kind == "heading"]


def test_whole_numbers_with_a_dot_are_top_level_headings():
    sections = outline(
        "1. PURPOSE OF THE REPORT\n\n"
        "1.1 The purpose of this report is to brief the Board on the new governance structure.\n\n"
        "2. Background\n\n"
        "The Board was established in shadow form in 2012 and became a formal committee in 2013.\n\n"
        "2.1 A report was presented to the Board in March outlining the proposed structure.\n\n"
        "3. Recommendations\n\n"
        "That the Board notes the report and agrees the revised terms of reference.\n"
    )
    one, two, three = find(sections, number="1"), find(sections, number="2"), find(sections, number="3")

    assert (one.heading, two.heading, three.heading) == ("PURPOSE OF THE REPORT", "Background", "Recommendations")
    assert all(s.depth == 1 and s.parent_id is None and s.kind == "heading" for s in (one, two, three))
    assert find(sections, number="1.1").parent_id == one.id
    assert find(sections, number="2.1").parent_id == two.id
    assert two.path == "2 Background"


def test_a_numbered_list_of_short_lines_is_not_a_run_of_headings():
    sections = outline(
        "Our Priorities\n\n"
        "The partnership has agreed four priorities for the next five years:\n\n"
        "1. Place Based Integration\n"
        "2. Prevention and Population Health\n"
        "3. Workforce\n"
        "4. Information and Digital\n\n"
        "Each priority has a lead officer who reports to the Board every quarter.\n"
    )

    assert [s.number for s in sections if s.number] == []
    assert "Workforce" not in headings(sections)


def test_numbered_sentences_are_not_headings():
    sections = outline(
        "BACKGROUND\n\n"
        "1. As set out in the Act, the Boards will promote integration between the NHS and local services.\n\n"
        "2. The key statutory functions of the board are:\n\n"
        "- Local democratic accountability\n"
        "- Joint working between commissioners and providers\n"
    )

    assert [s.number for s in sections if s.number] == []
    assert headings(sections) == ["BACKGROUND"]


def test_lettered_clauses_sit_under_their_numbered_clause():
    sections = outline(
        "2 Recommendations\n\n"
        "2.1 That the Board:\n\n"
        "(a) notes the current status of the Alliance and endorses the involvement of the Council;\n\n"
        "(b) approves the acceptance of funding for the healthy housing project, subject to:\n\n"
        "(i) the agreement of the final memorandum of understanding; and\n\n"
        "(ii) a report to the next meeting on the spending proposals;\n\n"
        "(c) authorises the Assistant Director to attend the Board.\n\n"
        "2.2 The Board will review the arrangements after twelve months of operation.\n"
    )
    clause = find(sections, number="2.1")
    a, b, c = (find(sections, number=f"2.1({x})") for x in "abc")
    b_i, b_ii = find(sections, number="2.1(b)(i)"), find(sections, number="2.1(b)(ii)")

    assert all(s.kind == "clause" for s in (a, b, c, b_i, b_ii))
    assert [a.parent_id, b.parent_id, c.parent_id] == [clause.id] * 3
    assert a.depth == b.depth == c.depth == clause.depth + 1
    assert b_i.parent_id == b.id and b_ii.parent_id == b.id and b_i.depth == b.depth + 1
    assert a.heading.startswith("notes the current status")
    assert find(sections, number="2.2").parent_id == find(sections, number="2").id


def test_bare_lettered_clauses_with_a_bracket_or_a_dot():
    sections = outline(
        "4 Membership\n\n"
        "4.1 The partnership is to consist of:\n\n"
        "a) one member appointed by the integrated care board\n\n"
        "b) one member appointed by each of the local authorities\n\n"
        "c) any members appointed by the partnership\n"
    )
    parent = find(sections, number="4.1")

    assert [s.number for s in children(sections, parent)] == ["4.1(a)", "4.1(b)", "4.1(c)"]


def test_lettered_items_outside_a_numbered_clause_stay_list_items():
    text = (
        "To provide Cabinet with an update on the Alliance and to seek approval to accept its funding.\n\n"
        "RESOLVED that Cabinet –\n\n"
        "(a) notes the current status of the Alliance and endorses the continued involvement of the Council;\n\n"
        "(b) approves the acceptance of funding from the Clinical Commissioning Group for the project.\n"
    )
    sections = outline(text)
    resolved = find(sections, heading="RESOLVED that Cabinet –")

    assert not [s for s in sections if s.kind == "clause"]
    assert "(b) approves the acceptance" in clean_text(text).text[resolved.start : resolved.end]


def test_headings_in_capitals_on_a_line_of_their_own():
    sections = outline(
        "Report presented by:\n\n"
        "Director of Public Health\n\n"
        "PURPOSE OF THE REPORT\n\n"
        "The purpose of this report is to brief the Panel on the final governance structure.\n\n"
        "BACKGROUND\n\n"
        "As set out in the Act, Boards will promote integration and partnership working.\n\n"
        "TERMS OF REFERENCE\n\n"
        "- The Board will meet every two months.\n"
        "- The Board will be quorate with four members present.\n\n"
        "MEMBERSHIP\n\n"
        "Elected Mayor (Chair)\n\n"
        "Director of Public Health\n"
    )

    assert headings(sections) == ["PURPOSE OF THE REPORT", "BACKGROUND", "TERMS OF REFERENCE", "MEMBERSHIP"]
    assert all(s.depth == 1 for s in sections)


def test_a_title_block_in_capitals_is_not_a_run_of_headings():
    sections = outline(
        "BOROUGH COUNCIL\n\n"
        "AGENDA ITEM 5\n\n"
        "OVERVIEW & SCRUTINY BOARD\n\n"
        "10 DECEMBER 2013\n\n"
        "The Board is asked to note the new partnership landscape and consider how scrutiny can add value.\n"
    )

    assert headings(sections) == []


def test_short_title_case_lines_over_prose_are_headings():
    sections = outline(
        "Agenda and minutes\n\n"
        "Apologies for Absence\n\n"
        "Apologies for absence were received from Councillor Smith and Dr Jones.\n\n"
        "Urgent Business\n\n"
        "Urgent business, if any, introduced by the Chair\n\n"
        "There were no items of urgent business received.\n\n"
        "Declarations of Interest\n\n"
        "There were no declarations of interest received.\n"
    )

    assert headings(sections) == ["Apologies for Absence", "Urgent Business", "Declarations of Interest"]


def test_fragments_are_not_headings():
    sections = outline(
        "Our Services\n\n"
        "The service supports people to remain at home during periods of acute illness.\n\n"
        "Registered Nurses including\n\n"
        "Nurse Practitioners provide expert clinical assessment, examination and diagnostic testing.\n\n"
        "¹ See Appendix 4 for the consultation\n\n"
        "The performance framework with the metrics included within it is attached here.\n\n"
        "Performance framework 2017-18.xlsx\n\n"
        "On the following page the chart shows the governance structure of the partnership.\n"
    )

    assert headings(sections) == ["Our Services"]


def test_a_bullet_holding_a_label_over_prose_is_a_heading():
    sections = outline(
        "Appendix 1\n"
        "- Purpose\n"
        "The Board has a statutory duty to promote the health and wellbeing of the borough's communities.\n"
        "- Principles\n"
        "To collaborate effectively, the Board agrees to the following principles:\n"
        "- Shared business – the strategy and high-level performance management.\n"
        "- Shared priorities – a small number of key priorities.\n"
        "3. Role\n"
        "- Provide strategic direction.\n"
        "- Review progress against priorities.\n"
        "4. Membership\n"
        "Voting Members\n"
        "Elected Mayor (Chair)\n"
    )
    appendix = find(sections, number="Appendix 1")
    purpose, principles = find(sections, heading="Purpose"), find(sections, heading="Principles")
    role, membership = find(sections, number="3"), find(sections, number="4")

    assert [s.parent_id for s in (purpose, principles, role, membership)] == [appendix.id] * 4
    assert (role.heading, membership.heading) == ("Role", "Membership")
    assert role.depth == purpose.depth == appendix.depth + 1
    assert not [h for h in headings(sections) if h.startswith(("Shared", "Provide", "Review"))]


def test_one_word_bullets_of_a_real_list_are_not_headings():
    sections = outline(
        "Membership\n\n"
        "The Board has three officers:\n"
        "- Chair\n"
        "- Treasurer\n"
        "- Secretary\n\n"
        "The officers are elected at the annual meeting and serve for a term of two years.\n\n"
        "Other members of the Board are appointed by the partner organisations.\n"
        "- Healthwatch\n"
        "- Police\n\n"
        "Each partner organisation may name a substitute to attend in the member's absence.\n"
    )

    assert headings(sections) == ["Membership"]


def test_lettered_sub_clauses_start_again_under_each_numbered_clause():
    text = (
        "Terms of Reference\n\n3. Membership\n\n3.1 The Board shall be co-chaired by:\n(a) the Leader of the Council; "
        "and\n(b) the Place Director.\n\n3.2 The following shall be members:\n(a) the Director of Public Health;\n"
        "(b) one clinical director from each network;\n(c) the Chief Executive of Northby Homes.\n"
    )
    cleaned = clean_text(text)
    sections = build_sections("doc", "Terms of Reference", cleaned.blocks, len(cleaned.text), cleaned.toc_titles)
    numbers = [s.number for s in sections if s.number]
    assert numbers == ["3.1", "3.1(a)", "3.1(b)", "3.2", "3.2(a)", "3.2(b)", "3.2(c)"]
    assert find(sections, number="3.2").depth == find(sections, number="3.1").depth


def test_a_paper_that_letters_its_headings_has_lettered_sections_with_their_own_sub_clauses() -> None:
    text = (
        "Eastmoor Urgent Care Group\n\nTerms of Reference\n\n(a) Background\n\nThe Eastmoor Discharge Group was "
        "replaced by the Eastmoor Urgent Care Group on 1 April 2024 after a review of its remit.\n\n(b) Purpose\n\n"
        "The Group will lead the improvement of urgent and community care for Eastmoor, including:\n"
        "(i) the winter and surge plan;\n(ii) the virtual ward.\n\n(c) Quorum\n\nThe Group is quorate when four "
        "members are present, including one from the Council.\n"
    )
    cleaned = clean_text(text)
    sections = build_sections(
        "doc", "Eastmoor Urgent Care Group Terms of Reference", cleaned.blocks, len(cleaned.text), cleaned.toc_titles
    )
    found = [(s.number, s.heading, s.depth) for s in sections if s.number]
    assert found[:3] == [("(a)", "Background", 1), ("(b)", "Purpose", 1), ("(b)(i)", "the winter and surge plan;", 2)]
    assert ("(c)", "Quorum", 1) in found


def test_a_lettered_list_after_a_colon_is_no_heading() -> None:
    text = "Eastmoor Board\n\n1 Membership\n\nThe members are:\n\n(a) Eastmoor Council\n(b) Eastmoor Hospitals\n"
    cleaned = clean_text(text)
    sections = build_sections("doc", "Eastmoor Board", cleaned.blocks, len(cleaned.text), cleaned.toc_titles)
    assert not [s for s in sections if s.number and s.number.startswith("(")]
