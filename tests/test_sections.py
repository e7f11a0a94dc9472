"""Sections of the five real documents: numbering, appendices, plain headings, spans and paths."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest

from core.records import Section
from ingest.clean import CleanResult, RawLine, clean_lines, strip_markup
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
