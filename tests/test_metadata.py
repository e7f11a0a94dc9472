"""Metadata inferred from a document's own text (title, date, kind, body) for files without a manifest entry.

The documents are small, made-up papers in the layouts English councils and NHS bodies publish: a
minutes page, a cabinet report front sheet, a report whose line breaks were lost, terms of reference,
and a file with no structure at all.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from core.records import DocumentMeta
from evaluation.metadata_eval import score_metadata
from ingest.metadata import infer_meta, reconcile
from ingest.titles import TITLE_LIMIT


def meta_of(tmp_path: Path, name: str, text: str) -> DocumentMeta:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return infer_meta(path, path.read_text(encoding="utf-8").splitlines())


MINUTES_PAGE = """Agenda and draft minutes

Adult Social Care Scrutiny Panel - Tuesday, 3rd March, 2020 6.00 pm

Venue: Council Chamber, Town Hall, Northbridge, NB1 2AB. View directions

Contact: Sam Clerk 01234 567890

Items
No. Item

1.

Apologies for Absence

Minutes:

Apologies were received from Councillor Green.

2.

Minutes of the Previous Meeting pdf icon PDF 120 KB

Minutes:

The minutes of the meeting held on 4 February 2020 were approved as a correct record.
"""

CABINET_REPORT = """NORTHBRIDGE BOROUGH COUNCIL

REPORT TO:  Cabinet

DATE:                 14 October 2021

REPORTING OFFICER: Strategic Director, People

PORTFOLIO: Adult Social Care

SUBJECT: Integrated Care Partnership Memorandum of

Understanding

WARDS: All

1.0 PURPOSE OF THE REPORT

1.1 To ask Cabinet to sign the memorandum, which takes effect on 1 April 2022 under the Health and
Care Act 2022.
"""

FLATTENED_REPORT = (
    "Part One open to the public ITEM NO. 7 ______________________________________ REPORT OF The Director "
    "of Public Health ______________________________________ TO Health and Wellbeing Board ON 3 March 2015 "
    "______________________________________ TITLE: Joint Strategic Needs Assessment Refresh "
    "______________________________________ RECOMMENDATION: That the Board notes the refreshed assessment "
    "and agrees the priorities for 2015/16. ______________________________________ EXECUTIVE SUMMARY: The "
    "assessment was last refreshed in March 2013 and is refreshed every two years under the Regulations 2013."
)

TERMS_OF_REFERENCE = """Terms of Reference

Northbridge Place Partnership Board

Approved: 24 January 2017

1. Purpose

1.1 The Board leads the place partnership. These terms come into effect on 1 April 2017.

2. Membership

2.1 One member from each partner organisation.
"""


def test_a_minutes_page_is_titled_and_dated_by_its_meeting(tmp_path):
    meta = meta_of(tmp_path, "panel-page.txt", MINUTES_PAGE)
    assert meta.kind == "minutes"
    assert meta.body == "Adult Social Care Scrutiny Panel"
    assert meta.date == "2020-03-03"  # the meeting, not the previous one its minutes approve
    assert meta.title == "Adult Social Care Scrutiny Panel minutes, 3 March 2020"


def test_minutes_that_say_whose_meeting_in_a_sentence(tmp_path):
    text = (
        "Minutes of the meeting of the Northbridge Health and Wellbeing Board held on Wednesday 12 March 2020 "
        "at 2.00 pm\n\nPresent: Councillor Green (Chair)\n\n1. Apologies\n\nNone were received.\n"
    )
    meta = meta_of(tmp_path, "hwb.txt", text)
    assert (meta.kind, meta.body, meta.date) == ("minutes", "Northbridge Health and Wellbeing Board", "2020-03-12")
    assert meta.title.startswith("Northbridge Health and Wellbeing Board minutes")


def test_a_cabinet_report_front_sheet(tmp_path):
    meta = meta_of(tmp_path, "cabinet-paper.txt", CABINET_REPORT)
    assert meta.title == "Integrated Care Partnership Memorandum of Understanding"  # wrapped value rejoined
    assert meta.date == "2021-10-14"  # the report's date, not the date the memorandum takes effect
    assert meta.body == "Cabinet"
    assert meta.kind == "report"  # a report about an MoU is still a report


def test_a_flattened_report_yields_its_title_field(tmp_path):
    meta = meta_of(tmp_path, "jsna-paper.txt", FLATTENED_REPORT)
    assert meta.title == "Joint Strategic Needs Assessment Refresh"
    assert meta.date == "2015-03-03"
    assert meta.body == "Health and Wellbeing Board"
    assert meta.kind == "board report"


def test_a_flattened_report_without_underscores(tmp_path):
    text = (
        "REPORT TO: Health Select Committee TITLE: Winter Pressures Plan RECOMMENDATION: That the Committee "
        "notes the plan. BACKGROUND: " + "The plan covers hospital discharge and home care capacity. " * 12
    )
    meta = meta_of(tmp_path, "winter.txt", text)
    assert meta.title == "Winter Pressures Plan"
    assert meta.body == "Health Select Committee"


def test_terms_of_reference(tmp_path):
    meta = meta_of(tmp_path, "tor.txt", TERMS_OF_REFERENCE)
    assert meta.title == "Northbridge Place Partnership Board Terms of Reference"
    assert meta.kind == "terms of reference"
    assert meta.date == "2017-01-24"
    assert meta.body == "Northbridge Place Partnership Board"


@pytest.mark.parametrize(
    "heading",
    [
        "Terms of Reference for the Eastmoor Place Board",
        "TERMS OF REFERENCE: EASTMOOR PLACE BOARD",
        "Terms of Reference of the Eastmoor Place Board",
    ],
)
def test_terms_of_reference_that_name_their_body_after_the_label_belong_to_it(tmp_path, heading):
    meta = meta_of(tmp_path, "tor.txt", f"{heading}\n\n1. Purpose\n\nThe Board plans care for older people.\n")
    assert meta.kind == "terms of reference"
    assert meta.body.lower() == "eastmoor place board"


def test_terms_of_reference_for_a_purpose_name_no_body(tmp_path):
    meta = meta_of(tmp_path, "tor.txt", "Terms of Reference for the review of winter funding\n\n1. Purpose\n\nText.\n")
    assert meta.body == ""


def test_minutes_named_so_only_by_their_file_are_titled_by_their_meeting(tmp_path):
    text = (
        "Northby Wellbeing Board - Thursday 16th January, 2025 2.00 pm\n\nPresent: Councillor Ada Quill (Chair)\n\n"
        "1. Apologies for absence\nApologies were received from Councillor Tom Fenby.\n"
    )
    meta = meta_of(tmp_path, "northby-board-minutes-2025-01-16.txt", text)
    assert meta.title == "Northby Wellbeing Board minutes, 16 January 2025"
    assert (meta.kind, meta.date, meta.body) == ("minutes", "2025-01-16", "Northby Wellbeing Board")


def test_a_deeds_dated_line_is_its_date_not_its_title(tmp_path):
    deed = (
        "DATED the 1st day of April 2015\n\n(1) NORTHBY BOROUGH COUNCIL\n(2) NHS NORTHBY INTEGRATED CARE BOARD\n\n"
        "POOLED BUDGET AGREEMENT FOR COMMUNITY EQUIPMENT SERVICES\nmade under section 75 of the Act\n\n"
        '1. DEFINITIONS\n"Host Partner" means the Council.\n'
    )
    meta = meta_of(tmp_path, "deed.txt", deed)
    assert meta.date == "2015-04-01"
    assert "DATED" not in meta.title and "Agreement" in meta.title


def test_a_file_with_no_title_date_or_structure_still_gets_a_title(tmp_path):
    meta = meta_of(tmp_path, "notes.txt", "the board met and talked about housing and the winter plan.\nmore.\n")
    assert meta.title == "the board met and talked about housing and the winter plan"
    assert (meta.date, meta.kind, meta.body) == ("", "document", "")
    assert meta.id == "notes"


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("northbridge-place-board-minutes-2025-01-16.txt", "2025-01-16"),
        ("northbridge-strategy-2017.txt", "2017"),
        ("2018-01-17-hwb-report-northbridge-care-system.txt", "2018-01-17"),
        ("2020-07-carers-note.txt", "2020-07"),
        ("northbridge-plan-2019-2024.txt", "2019"),
        ("northbridge-briefing.txt", ""),
    ],
)
def test_a_date_in_the_file_name_anywhere(tmp_path, name, date):
    meta = meta_of(tmp_path, name, "Northbridge Carers Briefing\n\nThe centre reports to the Board each quarter.\n")
    assert meta.date == date


def test_the_text_date_beats_the_file_name_and_the_disagreement_is_logged(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="ingest.metadata"):
        meta = meta_of(
            tmp_path, "board-2019-05-01.txt", "Health and Wellbeing Board\n\nDate of Meeting: 27 July 2021\n"
        )
    assert meta.date == "2021-07-27"
    assert any("2021-07-27" in r.getMessage() and "2019-05-01" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("first_lines", "date"),
    [
        ("Northbridge Cabinet\n\nThursday 16th January, 2025\n", "2025-01-16"),
        ("TO Cabinet ON 26 July 2011\n", "2011-07-26"),
        ("Health Scrutiny – 12 July 2012\n", "2012-07-12"),
        ("NORTHBRIDGE COUNCIL\nOVERVIEW & SCRUTINY BOARD\n10 DECEMBER 2013\n", "2013-12-10"),
        ("Public Document Pack\n\nDATE: Wednesday, 24 April 2019\n\nTIME: 2.00 pm\n", "2019-04-24"),
        ("Report title: Winter Plan\nDate: 25/05/2022\n", "2022-05-25"),
        ("Joint Health and Wellbeing Strategy 2022-2027\n\nMarch 2022\n", "2022-03"),
        ("Report to: Cabinet Date: 12 March 2020 Report of: Director of Public Health\n", "2020-03-12"),
        ("Meeting: 12/01/2022 - Health and Wellbeing Board (Item 45)\n", "2022-01-12"),
    ],
)
def test_dates_as_papers_state_them(tmp_path, first_lines, date):
    body = "\nThe paper sets out the proposals in full and asks the members to agree them at this meeting.\n"
    assert meta_of(tmp_path, "paper.txt", first_lines + body).date == date


def test_revision_history_dates_the_document_by_its_latest_version(tmp_path):
    text = (
        "Northbridge ICB Governance Handbook\n\nRevision History\n\nDateSummaryVersion\n"
        "25/05/2022Initial draft0.1\n07/06/2022Committee terms added0.2\n18/05/2023Section 9 added1.0\n\n"
        "1. Introduction\n\nThis handbook brings the corporate documents of the Board together in one place.\n"
    )
    meta = meta_of(tmp_path, "handbook.txt", text)
    assert meta.date == "2023-05-18"
    assert meta.kind == "handbook"


@pytest.mark.parametrize(
    "text",
    [
        "Health and Wellbeing Board Terms of Reference\n\nEstablishment of HWBs as formal Council committees was "
        "required by the Health and Care Act 2012 and the Regulations 2013, last reviewed in March 2021.\n",
        "Supporting Bodies\n\nThe minutes of the meeting held on 21 March 2023 were approved as a correct record by "
        "the Board, which will next meet on 4 July 2023 at the Town Hall.\n",
        "Agenda item\n\nDate of next meeting: 5 May 2020\n",
    ],
)
def test_dates_of_other_things_never_date_the_document(tmp_path, text):
    assert meta_of(tmp_path, "paper.txt", text).date == ""


@pytest.mark.parametrize(
    "label",
    [
        "Agenda item",
        "Agenda and minutes",
        "Agenda and draft minutes",
        "Public Document Pack",
        "Decision details",
        "Appendix 1",
        "Part One open to the public",
        "AGENDA ITEM 5",
        "NORTHBRIDGE COUNCIL",
        "Thursday, 15th June, 2023 10.00 am",
        "Venue: Committee Room 2, Town Hall",
        "Contact: Sam Clerk, Democratic Services",
        "Minutes:",
    ],
)
def test_page_furniture_is_never_the_title(tmp_path, label):
    text = f"{label}\n\nCarers Strategy Refresh\n\nThe strategy sets out how the partners support carers.\n"
    assert meta_of(tmp_path, "paper.txt", text).title == "Carers Strategy Refresh"


def test_a_labelled_title_loses_its_label(tmp_path):
    meta = meta_of(tmp_path, "paper.txt", "Title: Health & Wellbeing Board: New Terms of Reference\n\nText.\n")
    assert meta.title == "Health & Wellbeing Board: New Terms of Reference"


def test_an_agenda_item_page_is_titled_by_the_item(tmp_path):
    text = (
        "10 Establishment of the Integrated Care Partnership Board PDF 324 KB\n\nAdditional documents:\n\n"
        "Minutes:\n\nConsideration was given to a report of the Deputy Chief Executive.\n"
    )
    meta = meta_of(tmp_path, "item.txt", text)
    assert meta.title == "Establishment of the Integrated Care Partnership Board"
    assert meta.kind == "minutes"


def test_a_name_line_and_a_kind_line_make_one_title(tmp_path):
    text = "Northbridge Integrated Care Partnership\n\nMemorandum of Understanding\n\nBetween\n\nthe partners\n"
    meta = meta_of(tmp_path, "2021-mou.txt", text)
    assert meta.title == "Northbridge Integrated Care Partnership Memorandum of Understanding"
    assert meta.kind == "memorandum of understanding"
    assert meta.date == "2021"


def test_a_text_that_opens_with_a_section_takes_its_title_from_the_file_name(tmp_path):
    text = "1.0 Introduction\n\nThe fund in 2017 - 2019 builds on the work undertaken by the fund in earlier years.\n"
    meta = meta_of(tmp_path, "2017-northbridge-better-care-fund-plan-2017-2019.txt", text)
    assert meta.title == "Northbridge Better Care Fund Plan 2017-2019"
    assert meta.kind == "better care fund plan"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Northbridge City Council - Record of Decision (Cabinet)\n\nI approve the:\n", "decision"),
        ("Agenda item\n\nTo update Cabinet.\n\nDecision:\n\nRESOLVED that Cabinet notes the update.\n", "decision"),
        ("Public Document Pack\n\nHealth and Care Commissioning Board\n\nDear Member,\n", "agenda"),
        ("ICS Governance Framework\n\nOur framework sets out how we work.\n", "framework"),
        ("Joint Health and Wellbeing Strategy 2022-2027\n\nOur aims.\n", "strategy"),
        ("Section 75 Partnership Agreement\n\nBetween the Council and the ICB.\n", "agreement"),
        ("Northbridge Locality Plan\n\nOur plan for the next five years.\n", "plan"),
        ("NHS Northbridge ICB Governance Handbook\n\nIntroduction\n", "handbook"),
        ("Case study: the Northbridge place\n\nBackground.\n", "case study"),
        ("Supporting Bodies\n\nThe Board is supported by several groups.\n", "document"),
    ],
)
def test_kind_from_the_text(tmp_path, text, kind):
    assert meta_of(tmp_path, "paper.txt", text).kind == kind


def test_kind_falls_back_to_the_file_name(tmp_path):
    text = "Background and context\n\nThe place has three partners and 360,000 people.\n"
    meta = meta_of(tmp_path, "northbridge-place-case-study.txt", text)
    assert meta.kind == "case study"
    assert meta.title == "Northbridge Place Case Study"


def test_a_decision_names_the_body_that_took_it(tmp_path):
    text = (
        "Agenda item\n\nReport of the Strategic Director People\n\n"
        "Northbridge City Council - Record of Decision (Cabinet)\n"
    )
    meta = meta_of(tmp_path, "decision.txt", text)
    assert meta.body == "Cabinet"
    assert meta.title == "Northbridge City Council - Record of Decision (Cabinet)"


def test_long_titles_are_cut_at_a_boundary(tmp_path):
    text = (
        "Agenda item\n\nTo provide Cabinet with an update on the Northbridge Health and Wellbeing Alliance and to "
        "seek Cabinet's approval to accept funding offered to the Council from both partners and the associated "
        "governance framework.\n"
    )
    title = meta_of(tmp_path, "paper.txt", text).title
    assert title == "To provide Cabinet with an update on the Northbridge Health and Wellbeing Alliance"
    assert len(title) <= TITLE_LIMIT


def test_all_caps_titles_are_made_readable_keeping_abbreviations(tmp_path):
    text = (
        "NORTHBRIDGE COUNCIL\nAGENDA ITEM 5\nOVERVIEW & SCRUTINY BOARD\n10 DECEMBER 2013\n"
        "NHS AND COUNCIL PARTNERSHIP LANDSCAPE\n"
    )
    meta = meta_of(tmp_path, "paper.txt", text + "PURPOSE OF THE REPORT\n- To introduce the landscape.\n")
    assert meta.title == "NHS and Council Partnership Landscape"
    assert meta.body == "Overview & Scrutiny Board"


def test_the_manifest_wins_and_a_disagreement_is_logged(caplog):
    manifest = DocumentMeta("hwb-2018", "Accountable Care System", "board report", "2018-01-17", "HBC", "a.txt")
    inferred = replace(manifest, title="Something else", date="2019-02-02", body="Health and Wellbeing Board")
    with caplog.at_level(logging.INFO, logger="ingest.metadata"):
        merged = reconcile(manifest, inferred)
    assert (merged.title, merged.date, merged.kind) == ("Accountable Care System", "2018-01-17", "board report")
    assert merged.body == "Health and Wellbeing Board"  # the manifest had none
    messages = [r.getMessage() for r in caplog.records]
    assert any("a.txt" in m and "date" in m and "2019-02-02" in m for m in messages)
    assert any("a.txt" in m and "title" in m and "Something else" in m for m in messages)
    assert reconcile(replace(manifest, body="Cabinet"), inferred).body == "Cabinet"


# --- the scorer ---------------------------------------------------------------------------------


def test_score_metadata_counts_dates_titles_and_bodies(tmp_path):
    gold = {
        "documents": {
            "a.txt": {"dates": ["2020-01-02", "2020"], "title_any": ["Board"], "title_not": ["Agenda item"]},
            "b.txt": {"dates": [], "title_any": ["Plan"], "title_not": [], "bodies": ["", "Cabinet"]},
            "c.txt": {"dates": ["2021-03-04"], "title_any": ["Terms"], "title_not_contains": ["TITLE:"]},
            "d.txt": {"dates": [], "title_any": ["Strategy"]},
        }
    }
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    documents = [
        {"source_file": "a.txt", "title": "Agenda item Board", "date": "2020"},
        {"source_file": "b.txt", "title": "Locality Plan", "date": "2019", "body": "Cabinet"},
        {"source_file": "c.txt", "title": "TITLE: Terms of Reference", "date": "2021-03-04"},
        {"source_file": "other.txt", "title": "x", "date": ""},
    ]
    scores = score_metadata(documents, path)
    assert (scores["dates_right"], scores["dated"]) == (2, 2)
    assert (scores["undated_right"], scores["undated"]) == (0, 2)
    assert (scores["titles_ok"], scores["total"]) == (1, 4)
    assert (scores["bodies_right"], scores["with_body"]) == (1, 1)
    failures = "\n".join(scores["failures"])
    assert "a.txt: title 'Agenda item Board' is (or begins with) the label 'Agenda item'" in failures
    assert "b.txt: date '2019', want none" in failures
    assert "c.txt: title 'TITLE: Terms of Reference' contains 'TITLE:'" in failures
    assert "d.txt: not among the documents" in failures


def test_the_dev_gold_file_describes_each_dev_document_once():
    gold = json.loads((Path(__file__).parent.parent / "evaluation" / "dev_metadata.json").read_text("utf-8"))
    assert len(gold["documents"]) == 18
    for name, want in gold["documents"].items():
        assert name.endswith(".txt") and want["title_any"], name
        assert all(len(d) in (4, 7, 10) for d in want["dates"]), name


# --- through the pipeline, the store and the app ------------------------------------------------


@pytest.fixture()
def ingested_app(tmp_path, make_settings, token_counter):
    from fastapi.testclient import TestClient

    from index.embedder import HashEmbedder
    from index.service import SearchService
    from index.store import Store
    from ingest.pipeline import run_ingest
    from server.app import Services, create_app

    settings = make_settings(copy_corpus=False)
    (settings.corpus_dir / "cabinet-paper.txt").write_text(CABINET_REPORT, encoding="utf-8")
    (settings.corpus_dir / "notes.txt").write_text("the board met about housing.\n\nIt agreed a plan.\n", "utf-8")
    store = Store(settings.db_path).open()
    report = run_ingest(settings.corpus_dir, store, token_counter, settings.chunk_tokens)
    assert not report.failed, report.failed
    store.close()
    search = SearchService.open(settings, embedder=HashEmbedder(32))
    services = Services.open(settings, search=search)
    with TestClient(create_app(settings, services=services)) as client:
        yield client
    services.close()
    search.close()


def test_inferred_metadata_reaches_the_api_and_the_library_page(ingested_app):
    documents = {d["id"]: d for d in ingested_app.get("/api/documents").json()["documents"]}
    assert set(documents) == {"cabinet-paper", "notes"}
    paper = documents["cabinet-paper"]
    assert paper["title"] == "Integrated Care Partnership Memorandum of Understanding"
    assert (paper["date"], paper["kind"], paper["body"]) == ("2021-10-14", "report", "Cabinet")
    assert {"id", "title", "kind", "date", "publisher", "body", "source_file"} <= set(paper)
    assert documents["notes"]["date"] == "" and documents["notes"]["body"] == ""
    one = ingested_app.get("/api/documents/cabinet-paper").json()
    assert one["body"] == "Cabinet" and one["date"] == "2021-10-14"

    soup = BeautifulSoup(ingested_app.get("/documents").text, "html.parser")
    rows = {row.select_one("a").get_text(strip=True): row for row in soup.select("tbody tr")}
    cells = [td.get_text(strip=True) for td in rows["the board met about housing"].select("td")]
    assert "undated" in cells
    assert "2021-10-14" in [td.get_text(strip=True) for td in rows[paper["title"]].select("td")]


def test_a_decision_page_is_dated_by_its_decision_not_its_publication(tmp_path):
    text = (
        "Decision details\n\nHealth and Wellbeing Strategy refresh\n\nDecision Maker: Cabinet\n\n"
        "Decision status: Implemented\n\nDecision:\n\nCabinet approved the strategy.\n\n"
        "Publication date: 14/03/2022\n\nDate of decision: 10/03/2022\n"
    )
    meta = meta_of(tmp_path, "decision.txt", text)
    assert (meta.title, meta.date, meta.kind, meta.body) == (
        "Health and Wellbeing Strategy refresh",
        "2022-03-10",
        "decision",
        "Cabinet",
    )


def test_capitalised_minutes_header(tmp_path):
    text = (
        "NORTHBRIDGE COUNCIL\nHEALTH AND WELLBEING BOARD\nMINUTES OF THE MEETING HELD ON 12 MARCH 2020\n"
        "PRESENT: Cllr Green (Chair), Cllr Brown\n1. APOLOGIES\n"
    )
    meta = meta_of(tmp_path, "minutes.txt", text)
    assert (meta.kind, meta.body, meta.date) == ("minutes", "Health and Wellbeing Board", "2020-03-12")
    assert meta.title == "Health and Wellbeing Board minutes, 12 March 2020"


def test_an_nhs_board_paper_front_sheet(tmp_path):
    text = (
        "ICB Board Meeting in Public\nAgenda Item No: 8\nDate of meeting: 18 July 2023\n"
        "Report Title: Joint Forward Plan\nReport Author: Director of Strategy\n"
    )
    meta = meta_of(tmp_path, "paper.txt", text)
    assert (meta.title, meta.date, meta.kind, meta.body) == ("Joint Forward Plan", "2023-07-18", "report", "")


def test_an_organisation_over_a_one_word_title(tmp_path):
    text = "Northbridge Integrated Care Board\nConstitution\nVersion 1.2 – March 2023\n1. Introduction\n"
    meta = meta_of(tmp_path, "cover.txt", text)
    assert meta.title == "Northbridge Integrated Care Board Constitution"
    assert meta.date == "2023-03"


def test_a_board_paper_is_dated_by_its_own_meeting_not_by_the_meetings_that_saw_it_before(tmp_path):
    text = (
        "NHS NORTHBY INTEGRATED CARE BOARD\n\nBoard meeting in public: 11 January 2024\nItem 9\n\n"
        "Report title: Weston place governance\nPurpose: For decision\n"
        "Previously considered by: Weston Place Committee, 23 November 2023; Weston Cabinet, 19 December 2023\n\n"
        "1. SUMMARY\n\n1.1 This report asks the Board to approve a new structure.\n"
    )
    meta = meta_of(tmp_path, "board-paper.txt", text)
    assert (meta.title, meta.date, meta.kind) == ("Weston place governance", "2024-01-11", "report")
    assert "Weston Place Committee" not in meta.body


def test_terms_of_reference_belong_to_the_group_they_name_not_to_the_board_it_reports_to(tmp_path):
    text = (
        "Northby Housing and Health Group\n\nTerms of Reference - DRAFT v0.3, for agreement by the Place Board\n\n"
        "Name of group: Northby Housing and Health Group (HHG)\nReports to: Northby Place Board\n\n"
        "1. Purpose\n\nThe group plans homes for older people.\n"
    )
    meta = meta_of(tmp_path, "hhg.txt", text)
    assert (meta.kind, meta.body) == ("terms of reference", "Northby Housing and Health Group")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (  # a meeting label and a front sheet's fields over the paper's own title
            "NHS Northby Clinical Commissioning Group\nOFFICIAL\n\nGOVERNING BODY MEETING IN PUBLIC\n\n"
            "Agenda Item: 7.2\n"
            "Date of meeting: 16 June 2022\nPaper for: Approval\n\nTRANSFER OF CCG FUNCTIONS: CLOSEDOWN REPORT\n\n"
            "1. PURPOSE OF THE REPORT\n",
            "Transfer of CCG Functions: Closedown Report",
        ),
        (  # an appendix's agenda label, and the parties over the line naming the document
            "Agenda Item 8 - Appendix A\n\nReport to: Northby Health and Wellbeing Board\n"
            "Date of meeting: 12 March 2024\n\n"
            "NORTHBY METROPOLITAN BOROUGH COUNCIL AND NHS WESTON AND EASTFIELD INTEGRATED CARE BOARD\n\n"
            "SECTION 75 PARTNERSHIP AGREEMENT 2024-2027: SUMMARY OF KEY TERMS\n\n"
            "This summary is provided for information.\n",
            "Section 75 Partnership Agreement 2024-2027: Summary of Key Terms",
        ),
        (  # a purpose field and a cabinet member field are fields, not titles
            "OFFICIAL\n\nAgenda Item 6\n\nReport to: Northby Partnership Board\nDate of meeting: 12 October 2023\n"
            "Cabinet Member: Councillor Ada Quill, Cabinet Member for Health\nPurpose: For decision\n\n"
            "NORTHBY GOVERNANCE REVIEW\n\n1. PURPOSE OF REPORT\n\n1.1 The review found 17 groups.\n",
            "Northby Governance Review",
        ),
        (  # the partnership heads the page; the paper is its group's terms of reference
            "Northby Health and Care Partnership\n\nNEIGHBOURHOOD DELIVERY GROUP\n\nTERMS OF REFERENCE\n\n"
            "Approved by the Northby Partnership Board: 14 December 2023\n\n1. STATUS\n\n"
            "1.1 The group is a sub-committee.\n",
            "Neighbourhood Delivery Group Terms of Reference",
        ),
        (  # the running head of a council's constitution, over the part that is this paper
            "NORTHBY COUNCIL CONSTITUTION\nPART 3 - SECTION 6\n\nHEALTH AND WELLBEING BOARD\nTERMS OF REFERENCE\n\n"
            "Adopted by Council: 29 September 2022\n\n1. STATUS\n\n1.1 The Board is a committee of the Council.\n",
            "Health and Wellbeing Board Terms of Reference",
        ),
    ],
)
def test_a_title_is_the_papers_own_not_its_labels(tmp_path, text, title):
    meta = meta_of(tmp_path, "paper.txt", text)
    assert meta.title == title
    assert not meta.body.lower().startswith(("approved by", "adopted by"))


def test_a_front_sheet_laid_out_with_spaces_keeps_its_title_apart_from_its_banner_and_fields(tmp_path):
    text = (
        "OFFICIAL\nEastmoor Health and Wellbeing Board                              Agenda Item 6\n\n"
        "Report to:          Eastmoor Health and Wellbeing Board\nMeeting date:       23 July 2024\n"
        "Lead officers:      Martin Crane, Director of Adult Social Services\n"
        "                    Joanne Peel, Place Director (Eastmoor)\nReport status:      For decision\n\n"
        "BETTER CARE FUND: 2023/24 YEAR-END REPORT AND 2024/25 PLAN\n\n1. Purpose of report\n\n1.1 To report.\n"
    )
    meta = meta_of(tmp_path, "bcf.txt", text)
    assert (meta.title, meta.date) == ("Better Care Fund: 2023/24 Year-End Report and 2024/25 Plan", "2024-07-23")


def test_a_version_table_dates_the_paper_by_its_latest_version_and_approvals_name_no_meeting(tmp_path):
    text = (
        "NHS Westmarch Integrated Care Board\n\nEASTMOOR PLACE SUB-COMMITTEE\nTERMS OF REFERENCE\n\nDocument control\n"
        "  Version   Date            Author                 Change\n"
        "  1.0       July 2022       Corporate Secretary    First version\n"
        "  1.2       28 March 2023   Corporate Secretary    Revised membership\n\n"
        "Approved by:      Eastmoor Borough Council Cabinet, 18 May 2022\n"
        "                  Board of NHS Westmarch Integrated Care Board, 1 July 2022\n\n1 CONSTITUTION\n\n1.1 Text.\n"
    )
    meta = meta_of(tmp_path, "tor.txt", text)
    assert meta.date == "2023-03-28"
    assert (meta.title, meta.body) == (
        "Eastmoor Place Sub-Committee Terms of Reference",
        "Eastmoor Place Sub-Committee",
    )


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (  # a partnership's banner over the group's name and its kind
            "Eastmoor Health and Care\nEASTMOOR URGENT CARE DELIVERY GROUP\n\nTerms of Reference\n\nText follows.\n",
            "Eastmoor Urgent Care Delivery Group Terms of Reference",
        ),
        (  # a brand over a plan's own name; a short form in brackets keeps its capitals
            "Eastmoor Together\n\nLIVING WELL IN EASTMOOR\nOur Place Plan 2025-2030\n\nContents\n",
            "Living Well in Eastmoor Our Place Plan 2025-2030",
        ),
        ("EASTMOOR INTEGRATED COMMISSIONING EXECUTIVE (EICE)\nTERMS OF REFERENCE\n\n1. Purpose\n", None),
    ],
)
def test_banners_brands_and_short_forms_in_titles(tmp_path, text, title):
    meta = meta_of(tmp_path, "paper.txt", text)
    if title is None:
        assert "(EICE)" in meta.title
    else:
        assert meta.title == title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (  # a boxed front sheet: its rows are labelled fields
            "Eastmoor City Council\n\nRECORD OF EXECUTIVE DECISION\n\n+-----------------+----------------------+\n"
            "| Decision title  | Council participation in the Eastmoor |\n|                 | Place Committee       |\n"
            "| Date of decision | 8 June 2023          |\n+-----------------+----------------------+\n\n1. Decision\n",
            "Council participation in the Eastmoor Place Committee",
        ),
        (  # a marking and a reference on one line; a kind line run on into what the paper is for
            "NOT PROTECTIVELY MARKED                                  Ref: EST/MOU/2021/01\n\n"
            "MEMORANDUM OF UNDERSTANDING\nfor the establishment of the Eastmoor Partnership Board\n\n"
            "DATED 15 March 2021\n",
            "Memorandum of Understanding for the establishment of the Eastmoor Partnership Board",
        ),
        (  # the paper's place in a larger whole, then its own title
            "EASTMOOR BOROUGH COUNCIL CONSTITUTION\nPart 3 - Responsibility for Functions\nSection 3F\n\n"
            "CONSTITUTION OF THE EASTMOOR JOINT COMMITTEE FOR HEALTH AND CARE\n\nEffective from 1 April 2023\n",
            "Constitution of the Eastmoor Joint Committee for Health and Care",
        ),
        (
            "Appendix B to Agenda Item 6                                          OFFICIAL\n\n"
            "EASTMOOR PLACE PARTNERSHIP BOARD\n\nTERMS OF REFERENCE\n\nVersion 2.0 - approved 1 July 2022\n",
            "Eastmoor Place Partnership Board Terms of Reference",
        ),
        (
            "Stakeholder briefing\n3 February 2025\n\nEastmoor Together: changes to our groups from 1 April 2025\n\n"
            "Who this is for: partners.\n",
            "Eastmoor Together: changes to our groups from 1 April 2025",
        ),
    ],
)
def test_titles_under_boxes_markings_and_running_heads(tmp_path, text, title):
    assert meta_of(tmp_path, "paper.txt", text).title == title
