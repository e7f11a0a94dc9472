"""Cleaning raw lines into blocks: wraps rejoined, furniture dropped and reported, markup stripped."""

from __future__ import annotations

import re
from collections import Counter

from ingest.clean import CleanResult, RawLine, clean_lines, clean_text, strip_markup


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[A-Za-z]+", text))


def assert_spans_exact(result: CleanResult) -> None:
    assert result.blocks, "cleaning produced no blocks"
    for block in result.blocks:
        assert result.text[block.start : block.end] == block.text
    starts = [b.start for b in result.blocks]
    assert starts == sorted(starts)
    assert all(a.end < b.start for a, b in zip(result.blocks, result.blocks[1:], strict=False))


def assert_no_word_lost(raw: str, result: CleanResult) -> None:
    before = words("\n".join(strip_markup(line) for line in raw.splitlines()))
    after = words(result.text) + words("\n".join(result.removed))
    assert before == after


# Lines 107-111 of the 2018 board report as extracted from its PDF: trailing spaces, a blank line
# inside the sentence and a double space after the full stop.
HARD_WRAPPED = (
    "3.7     The One Halton Accountable Care Programme Board is not a decision making \n"
    "\n"
    "body.  Through the MoU it provides the forum by which the partners provide \n"
    "system leadership and meaningful engagement in the development of the \n"
    "One Halton model. \n"
)


def test_hard_wrapped_sentence_is_rejoined_into_one_block():
    result = clean_text(HARD_WRAPPED)

    assert len(result.blocks) == 1
    text = result.blocks[0].text
    assert "is not a decision making body. Through the MoU" in text
    assert text.endswith("in the development of the One Halton model.")
    assert_spans_exact(result)
    assert_no_word_lost(HARD_WRAPPED, result)


def test_hyphen_wrap_is_joined_without_a_space():
    raw = (
        "The One Halton AC Programme Board will meet on a bi-\n"
        "monthly basis and report to the Health and Wellbeing Board.\n"
    )
    result = clean_text(raw)

    assert result.text == (
        "The One Halton AC Programme Board will meet on a bi-monthly basis "
        "and report to the Health and Wellbeing Board."
    )
    assert_spans_exact(result)


def test_spaced_dash_at_line_end_is_not_glued_to_the_next_word():
    raw = "Partners agreed three priorities -\nprevention, integration and finance.\n"
    result = clean_text(raw)

    assert "priorities - prevention" in result.text


def test_page_numbers_are_removed_and_reported():
    raw = (
        "The Board will meet monthly and report to the Health and Wellbeing Board in\n"
        "writing.\n"
        "\n"
        "12\n"
        "\n"
        "Members will be drawn from the partner organisations listed below.\n"
        "Page 13 of 40\n"
        "The chair will be independent of the partners.\n"
    )
    result = clean_text(raw)

    assert result.removed == ["12", "Page 13 of 40"]
    assert [b.text for b in result.blocks] == [
        "The Board will meet monthly and report to the Health and Wellbeing Board in writing.",
        "Members will be drawn from the partner organisations listed below.",
        "The chair will be independent of the partners.",
    ]
    assert "12" not in result.text and "Page" not in result.text
    assert_spans_exact(result)
    assert_no_word_lost(raw, result)


def test_bullets_stay_separate_items():
    raw = (
        "Membership of the Board:\n"
        "• Chief Executive, Halton Borough Council\n"
        "- Accountable Officer, NHS Halton CCG\n"
        "* Independent Chair\n"
    )
    result = clean_text(raw)

    assert [(b.kind, b.text) for b in result.blocks] == [
        ("para", "Membership of the Board:"),
        ("item", "• Chief Executive, Halton Borough Council"),
        ("item", "• Accountable Officer, NHS Halton CCG"),
        ("item", "• Independent Chair"),
    ]
    # Consecutive items are single-spaced, a paragraph break is a blank line.
    assert result.text == (
        "Membership of the Board:\n\n"
        "• Chief Executive, Halton Borough Council\n"
        "• Accountable Officer, NHS Halton CCG\n"
        "• Independent Chair"
    )
    assert_spans_exact(result)


def test_numbered_clause_written_as_a_bullet_is_not_an_item():
    result = clean_text("- 7.4 We agree to put Primary Care at the centre of our care model.\n")

    assert [(b.kind, b.text) for b in result.blocks] == [
        ("para", "7.4 We agree to put Primary Care at the centre of our care model.")
    ]


def test_markdown_and_html_are_stripped_without_losing_words():
    raw = (
        "**Reporting** arrangements are set out in [the annex](#annex) and in __Appendix 3__.\n"
        "<p>The partners will meet <i>every</i> quarter.</p>\n"
        "Costs are shown in \\(brackets\\) &amp; in pounds.\n"
        "Partner\tRole\tLead\n"
        "Halton Borough Council\tHost\tDavid Parr\n"
        "NHS Halton CCG\t\tSimon Banks\n"
    )
    result = clean_text(raw)

    assert [(b.kind, b.text) for b in result.blocks] == [
        ("para", "Reporting arrangements are set out in the annex and in Appendix 3."),
        ("para", "The partners will meet every quarter."),
        ("para", "Costs are shown in (brackets) & in pounds."),
        ("row", "Partner | Role | Lead"),
        ("row", "Halton Borough Council | Host | David Parr"),
        ("row", "NHS Halton CCG | – | Simon Banks"),
    ]
    for markup in ("**", "__", "](", "<p>", "</p>", "<i>", "&amp;", "\t", "\\"):
        assert markup not in result.text
    assert_spans_exact(result)
    assert_no_word_lost(raw, result)


def test_inline_html_tag_leaves_no_space_before_punctuation():
    result = clean_text("The partners will meet <strong>quarterly</strong>.\n")

    assert result.text == "The partners will meet quarterly."


def test_table_of_contents_is_removed_and_its_titles_returned():
    raw = (
        "Contents\n"
        "1 Introduction.....\t3\n"
        "2 Background.....\t4\n"
        "3 Governance Arrangements ........ 6\n"
        "4 Duration ........ 9\n"
        "\n"
        "1 Introduction\n"
        "\n"
        "This memorandum sets out how the partners will work together.\n"
    )
    result = clean_text(raw)

    assert result.toc_titles == ["Introduction", "Background", "Governance Arrangements", "Duration"]
    assert result.removed[0] == "Contents"
    assert len(result.removed) == 5
    assert "....." not in result.text and "Contents" not in result.text
    assert [b.text for b in result.blocks] == [
        "1 Introduction",
        "This memorandum sets out how the partners will work together.",
    ]
    assert_spans_exact(result)
    assert_no_word_lost(raw, result)


def test_two_dotted_lines_are_not_a_table_of_contents():
    raw = "Total cost ..... 12\nTotal saving ..... 4\n\nThe plan balances.\n"
    result = clean_text(raw)

    assert result.toc_titles == []
    assert "Total cost" in result.text and "Total saving" in result.text


def test_blocks_keep_the_page_they_started_on():
    lines = [
        RawLine("Halton Borough Council will host the partnership and provide its secretariat", 1),
        RawLine("and the finance lead for the pooled budget.", 2),
        RawLine("", 2),
        RawLine("The Board meets monthly.", 2),
        RawLine("", 3),
        RawLine("The Board reports to the Health and Wellbeing Board.", 3),
    ]
    result = clean_lines(lines)

    assert [(b.page, b.text[:20]) for b in result.blocks] == [
        (1, "Halton Borough Counc"),
        (2, "The Board meets mont"),
        (3, "The Board reports to"),
    ]
    assert_spans_exact(result)


def test_a_text_exports_running_lines_are_not_text():
    cleaned = clean_text(
        "Northby Board Terms of Reference\nOFFICIAL\n\n1. Purpose\n\nThe Board plans care.\n\n"
        "----------------------------------------\nNBB Terms of Reference v2.0              Page 1 of 2\nOFFICIAL\n"
        "----------------------------------------\n\n2. Membership\n\nThe Board has ten members.\n"
    )
    assert "Page 1 of 2" not in cleaned.text and "OFFICIAL" not in cleaned.text and "-----" not in cleaned.text
    assert "The Board plans care." in cleaned.text and "The Board has ten members." in cleaned.text
    assert "NBB Terms of Reference v2.0              Page 1 of 2" in cleaned.removed
