"""PDFs as councils publish them: running headers and footers, page breaks, two columns, scans."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from core.errors import IngestError
from index.store import Store
from ingest.clean import RawLine, clean_lines
from ingest.furniture import find_furniture
from ingest.loaders import read_raw_lines
from ingest.pdf import extract_page_lines
from ingest.pipeline import parse_file, run_ingest
from tests.pdfs import (
    PlacedLine,
    paginate,
    placed_pdf_bytes,
    two_column_page,
    write_blank_pdf,
    write_placed_pdf,
    write_text_pdf,
)

HEADER = "Halton Borough Council - Health and Wellbeing Board"
FOOTER = "Page {page} of {pages}"

# Five pages of a board report; page 3 ends mid-sentence and page 4 carries it on.
BODIES = [
    [
        "1.0 PURPOSE OF THE REPORT",
        "This report asks the Board to endorse the revised governance structure of the",
        "partnership and the terms of reference of its new Integrated Care Partnership Board.",
    ],
    [
        "2.0 BACKGROUND",
        "The partners agreed in 2018 to plan services together for the people of the borough",
        "and to pool the budgets for community care, reablement and hospital discharge.",
    ],
    [
        "3.0 THE PROPOSAL",
        "The Integrated Care Partnership Board will oversee the delivery of the plan and",
        "will adopt the principles, guidance and clinical",
    ],
    [
        "models developed by the Clinical Reference Group over the last two years.",
        "It will meet every two months and will report to the Board twice a year.",
    ],
    [
        "4.0 RECOMMENDATION",
        "That the Board endorses the revised structure and notes the timetable for the review.",
    ],
]


def running_pages(bodies: list[list[str]], header: str | None = HEADER, footer: str | None = FOOTER):
    """Pages holding exactly these bodies, each with the running header and footer."""
    size = max(len(body) for body in bodies)
    lines = [line for body in bodies for line in body + [""] * (size - len(body))]
    return paginate(lines, header=header, footer=footer, body_lines=size)


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def cleaned(path: Path):
    return clean_lines(read_raw_lines(path)[0])


@pytest.mark.parametrize(
    ("header", "footer"),
    [
        (HEADER, FOOTER),
        (HEADER, "- {page} -"),
        ("Agenda Item 5 Page {page}", "{page}"),
        (HEADER + " - 20 January 2021", "Page {page}"),
    ],
)
def test_running_header_and_footer_are_removed_and_no_word_is_lost(tmp_path, header, footer):
    path = write_placed_pdf(tmp_path / "report.pdf", running_pages(BODIES, header, footer))
    # The furniture is really in what pypdf extracts, at the top and bottom of every page.
    assert all(header.split()[0] in page.extract_text() for page in PdfReader(path).pages)

    result = cleaned(path)

    first_word = header.split()[0]
    assert not [b.text for b in result.blocks if first_word in b.text]
    assert not re.search(r"Page \d|^\s*-? ?\d+ ?-?\s*$", result.text, re.MULTILINE)
    assert words(result.text) == words(" ".join(line for body in BODIES for line in body))
    assert len(result.removed) == 2 * len(BODIES)


def test_furniture_never_reaches_a_chunk(tmp_path, token_counter, base_settings):
    path = write_placed_pdf(tmp_path / "2021-01-20-board-report.pdf", running_pages(BODIES))

    parsed = parse_file(path, path.read_bytes(), None, token_counter, base_settings.chunk_tokens)

    assert parsed.chunks
    assert not [c.text for c in parsed.chunks if "Borough Council" in c.text or re.search(r"Page \d", c.text)]
    # The running header is not taken for the title either.
    assert "Borough Council" not in parsed.meta.title and parsed.meta.title.strip()


def test_sentence_over_a_page_break_is_one_block_on_its_first_page(tmp_path):
    path = write_placed_pdf(tmp_path / "report.pdf", running_pages(BODIES))

    blocks = cleaned(path).blocks

    (block,) = [b for b in blocks if "clinical" in b.text]
    assert "guidance and clinical models developed by the Clinical Reference Group" in block.text
    assert block.page == 3
    (later,) = [b for b in blocks if "every two months" in b.text]
    assert later.page == 4


def test_capitalised_continuation_over_a_page_break_rejoins(tmp_path):
    bodies = [list(body) for body in BODIES]
    bodies[2][-1] = "will be overseen on behalf of the partners by the"
    bodies[3][0] = "Joint Commissioning Group, which meets monthly."

    blocks = cleaned(write_placed_pdf(tmp_path / "report.pdf", running_pages(bodies))).blocks

    (block,) = [b for b in blocks if "Joint Commissioning Group" in b.text]
    assert "partners by the Joint Commissioning Group, which meets monthly." in block.text
    assert block.page == 3


def test_real_text_that_repeats_twice_at_a_page_top_is_kept(tmp_path):
    repeated = "The Board noted the report and thanked the officers."
    bodies = [list(body) for body in BODIES]
    bodies[1].insert(0, repeated)
    bodies[3].insert(0, repeated)
    bodies[3][1] = "Models developed by the Clinical Reference Group over the last two years."

    result = cleaned(write_placed_pdf(tmp_path / "report.pdf", running_pages(bodies)))

    assert [b.text for b in result.blocks].count(repeated) == 2
    assert repeated not in result.removed


def test_a_short_document_keeps_a_line_that_tops_both_its_pages(tmp_path):
    # Two pages are too few for repetition to mean anything; only the page numbers go.
    path = write_placed_pdf(tmp_path / "note.pdf", running_pages(BODIES[:2]))

    result = cleaned(path)

    assert [b.text for b in result.blocks].count(HEADER) == 2
    assert not re.search(r"Page \d", result.text)


def test_header_numbered_as_part_of_an_agenda_pack_is_furniture():
    # Page 1 of this PDF is page 14 of the agenda pack it was cut from.
    lines = [
        RawLine(text, page)
        for page in range(1, 6)
        for text in (f"Agenda Item 5 Page {page + 13}", f"{2 * page}.1 The Board meets in public every month.")
    ]

    furniture = find_furniture(lines)

    assert sorted(lines[i].text for i in furniture) == [f"Agenda Item 5 Page {n}" for n in range(14, 19)]


LEFT = [
    "The partners agreed that they would pool",
    "their budgets for community services from",
    "April and that the pooled fund would be",
    "overseen by the Joint Commissioning Group.",
    "",
    "The group reports to the Board twice a",
    "year on spending against the fund.",
]
RIGHT = [
    "The hospital discharge scheme works with",
    "the care homes in both towns over the",
    "winter months to free beds sooner.",
    "",
    "Carers are offered a break each quarter.",
]


def test_two_column_page_is_read_column_by_column(tmp_path):
    page = [PlacedLine(HEADER, 72, 790, 9), *two_column_page(LEFT, RIGHT), PlacedLine("Page 1 of 1", 267, 58, 9)]
    path = write_placed_pdf(tmp_path / "leaflet.pdf", [page])
    # What makes the fix necessary: pypdf's own order reads across the columns of this page.
    plain = PdfReader(path).pages[0].extract_text()
    assert "would pool The hospital discharge" in plain

    lines = [line.text for line in read_raw_lines(path)[0] if line.text]

    assert lines == [HEADER, *[t for t in LEFT if t], *[t for t in RIGHT if t], "Page 1 of 1"]
    texts = [b.text for b in clean_lines(read_raw_lines(path)[0]).blocks]
    # One page is too few to tell a running header from a title, so it opens the first paragraph.
    assert texts[0].endswith(
        "they would pool their budgets for community services from April and that the pooled fund would "
        "be overseen by the Joint Commissioning Group."
    )
    assert texts[1:] == [
        "The group reports to the Board twice a year on spending against the fund.",
        "The hospital discharge scheme works with the care homes in both towns over the winter months to "
        "free beds sooner.",
        "Carers are offered a break each quarter.",
    ]


@pytest.mark.parametrize(
    "page",
    [
        [PlacedLine(line, 72, 700 - 14 * i) for i, line in enumerate(LEFT + RIGHT)],
        # A form of labels and values has a gutter too, but it is a table, not two columns of text.
        [PlacedLine(t, 72, 700 - 14 * i) for i, t in enumerate(["REPORT TO:", "DATE:", "SUBJECT:", "WARDS:"])]
        + [
            PlacedLine(t, 230, 700 - 14 * i)
            for i, t in enumerate(["Health and Wellbeing Board", "17 January 2018", "One Halton", "Borough wide"])
        ],
    ],
    ids=["single-column", "label-value-form"],
)
def test_pages_without_two_text_columns_keep_pypdf_order(page):
    pdf_page = PdfReader(io.BytesIO(placed_pdf_bytes([page]))).pages[0]

    assert extract_page_lines(pdf_page) == pdf_page.extract_text().splitlines()


def test_pdf_without_a_text_layer_is_reported_and_skipped(tmp_path):
    path = write_blank_pdf(tmp_path / "2022-scanned-minutes.pdf", 4)

    with pytest.raises(IngestError, match=r"no text layer \(scanned image\?\): nothing to ingest"):
        read_raw_lines(path)


def test_pdf_with_some_empty_pages_keeps_its_text(tmp_path):
    path = write_text_pdf(tmp_path / "plan.pdf", [["The plan begins here."], [], ["The plan ends here."]])

    lines, pages = read_raw_lines(path)

    assert pages == 3
    assert [(line.text, line.page) for line in lines if line.text] == [
        ("The plan begins here.", 1),
        ("The plan ends here.", 3),
    ]


def test_pipeline_stores_no_running_header(make_settings, token_counter):
    settings = make_settings(copy_corpus=False)
    write_placed_pdf(settings.corpus_dir / "2021-01-20-board-report.pdf", running_pages(BODIES))
    write_blank_pdf(settings.corpus_dir / "2021-02-scanned-minutes.pdf", 2)
    store = Store(settings.db_path).open()
    try:
        report = run_ingest(settings.corpus_dir, store, token_counter, settings.chunk_tokens)

        assert report.added == ["2021-01-20-board-report.pdf"]
        assert report.failed == [
            (
                "2021-02-scanned-minutes.pdf",
                "2021-02-scanned-minutes.pdf: no text layer (scanned image?): nothing to ingest "
                "(2 page(s) without extractable text; it may be scanned images, which need OCR first)",
            )
        ]
        chunks = store.chunks_for("2021-01-20-board-report")
        assert chunks
        assert not [c["text"] for c in chunks if HEADER in c["text"] or re.search(r"Page \d+ of", c["text"])]
        (split,) = [c for c in chunks if "clinical models developed" in c["text"]]
        assert split["page"] == 3
        doc = store.get_document("2021-01-20-board-report", with_text=True)
        assert doc["page_count"] == 5
        assert HEADER not in doc["clean_text"]
    finally:
        store.close()


def test_pdf_corpus_renders_each_text_with_its_header_and_a_manifest(tmp_path):
    from evaluation.pdf_corpus import render_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # Every page opens and ends with a clause alike but for its number: content, not furniture.
    body = "\n".join(f"{n}.0 Clause {n} says the Board meets in public every month." for n in range(1, 121))
    (corpus / "2021-board-mou.txt").write_text(body + "\n", encoding="utf-8")
    (corpus / "manifest.json").write_text(
        '{"documents": [{"file": "2021-board-mou.txt", "id": "mou", "title": "Board MoU"}]}', encoding="utf-8"
    )

    (pdf,) = render_corpus(corpus, tmp_path / "out")

    pages = PdfReader(pdf).pages
    assert len(pages) == 3
    assert all(p.extract_text().splitlines()[0] == "Board MoU" for p in pages)
    assert pages[2].extract_text().splitlines()[-1] == "Page 3 of 3"
    manifest = (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8")
    assert '"file": "2021-board-mou.pdf"' in manifest
    result = cleaned(pdf)
    assert "Board MoU" not in result.text and "Page" not in result.text
    assert words(result.text) == words(body)
