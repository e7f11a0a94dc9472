"""The ingest pipeline against a real store: re-ingest, changes, removals, inferred metadata, PDFs."""

from __future__ import annotations

import json

import pytest

from index.store import Store
from ingest.pipeline import run_ingest
from tests.pdfs import write_text_pdf

MOU = "2021-one-halton-icp-memorandum-of-understanding.txt"
UPDATE = "2021-01-20-hwb-report-one-halton-update.txt"


@pytest.fixture()
def corpus(make_settings, token_counter):
    """A private corpus copy, its settings and an ingest function bound to a fresh store."""
    settings = make_settings()
    store = Store(settings.db_path).open()

    def ingest(**kwargs):
        return run_ingest(settings.corpus_dir, store, token_counter, settings.chunk_tokens, **kwargs)

    yield settings, store, ingest
    store.close()


def snapshot(store: Store) -> dict[str, dict[str, list[str]]]:
    """Every document's section and chunk ids, keyed by document id."""
    return {
        doc["id"]: {
            "sections": [s["id"] for s in store.sections_for(doc["id"])],
            "chunks": [c["id"] for c in store.chunks_for(doc["id"])],
        }
        for doc in store.list_documents()
    }


def test_reingest_changes_nothing(corpus):
    _, store, ingest = corpus
    first = ingest()
    ids = snapshot(store)
    ingested_at = {d["id"]: d["ingested_at"] for d in store.list_documents()}

    second = ingest()

    assert sorted(first.added) == sorted(second.unchanged)
    assert len(first.added) == 5 and not first.failed
    assert not (second.added or second.updated or second.removed or second.failed)
    assert not second.changed
    assert (second.documents, second.sections, second.chunks) == (first.documents, first.sections, first.chunks)
    assert snapshot(store) == ids
    assert {d["id"]: d["ingested_at"] for d in store.list_documents()} == ingested_at


def test_changed_file_replaces_its_document_only(corpus):
    settings, store, ingest = corpus
    ingest()
    before = snapshot(store)
    path = settings.corpus_dir / UPDATE
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\n10.0 PUBLICATION OF THIS REPORT\n\n10.1 This report was published with a glockenspiel appendix.\n",
        encoding="utf-8",
    )

    report = ingest()

    assert report.updated == [UPDATE]
    assert len(report.unchanged) == 4 and not report.added and not report.removed
    after = snapshot(store)
    assert after.keys() == before.keys()
    for doc_id in before:
        if doc_id != "hwb-2021-update":
            assert after[doc_id] == before[doc_id], doc_id
    assert after["hwb-2021-update"] != before["hwb-2021-update"]
    assert "10.0 PUBLICATION OF THIS REPORT" in [s["path"] for s in store.sections_for("hwb-2021-update")]
    new_text = [c for c in store.chunks_for("hwb-2021-update") if "glockenspiel" in c["text"]]
    assert len(new_text) == 1
    assert store.counts()["documents"] == 5
    # The old version's rows are gone, not left beside the new ones.
    assert len(store.chunks_for("hwb-2021-update")) == len(after["hwb-2021-update"]["chunks"])
    hits = store.lexical_search('"glockenspiel"', 5)
    assert [h[0] for h in hits] == [new_text[0]["id"]]


def test_removed_file_is_removed(corpus):
    settings, store, ingest = corpus
    ingest()
    before = snapshot(store)
    (settings.corpus_dir / MOU).unlink()

    report = ingest()

    assert report.removed == [MOU]
    assert report.documents == 4
    after = snapshot(store)
    assert "icp-mou-2021" not in after
    assert after == {k: v for k, v in before.items() if k != "icp-mou-2021"}
    assert store.lexical_search('"31st" AND "march" AND "2022"', 5) == []


def test_renamed_file_keeps_its_document(corpus):
    settings, store, ingest = corpus
    ingest()
    (settings.corpus_dir / MOU).rename(settings.corpus_dir / "mou-2021.txt")
    manifest_path = settings.corpus_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["documents"]:
        if entry["file"] == MOU:
            entry["file"] = "mou-2021.txt"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    ingest()

    assert store.get_document("icp-mou-2021")["source_file"] == "mou-2021.txt"
    assert store.counts()["documents"] == 5


def test_files_without_a_manifest_entry_get_inferred_metadata(corpus):
    settings, store, ingest = corpus
    ingest()
    (settings.corpus_dir / "2022-03-01-one-halton-board-terms-of-reference.md").write_text(
        "# One Halton Board Terms of Reference\n\n"
        "## Purpose\n\n"
        "The **One Halton Board** leads the partnership and reports to the Health and Wellbeing Board.\n\n"
        "- It meets monthly.\n- It is quorate when six partners attend.\n",
        encoding="utf-8",
    )
    (settings.corpus_dir / "2020-07-halton-carers-note.txt").write_text(
        "Halton Carers Centre Briefing\n\nThe Carers Centre will report to the Better Care Fund Board each quarter.\n",
        encoding="utf-8",
    )

    report = ingest()

    assert not report.failed
    assert sorted(report.added) == [
        "2020-07-halton-carers-note.txt",
        "2022-03-01-one-halton-board-terms-of-reference.md",
    ]
    tor = store.get_document("2022-03-01-one-halton-board-terms-of-reference")
    assert tor["title"] == "One Halton Board Terms of Reference"
    assert tor["date"] == "2022-03-01"
    assert tor["kind"] == "terms of reference"
    assert tor["page_count"] is None
    note = store.get_document("2020-07-halton-carers-note")
    assert note["title"] == "Halton Carers Centre Briefing"
    assert note["date"] == "2020-07"
    tor_text = store.get_document(tor["id"], with_text=True)["clean_text"]
    assert "**" not in tor_text and "The One Halton Board leads the partnership" in tor_text
    assert "• It is quorate when six partners attend." in tor_text
    assert any("quorate" in c["text"] for c in store.chunks_for(tor["id"]))


def test_markdown_headings_become_sections(corpus):
    settings, store, ingest = corpus
    (settings.corpus_dir / "2022-03-01-board-terms-of-reference.md").write_text(
        "# One Halton Board Terms of Reference\n\n"
        "## Purpose\n\n"
        "The One Halton Board leads the partnership and reports to the Health and Wellbeing Board.\n\n"
        "## Membership\n\n"
        "The Board has one member from each partner organisation.\n",
        encoding="utf-8",
    )
    ingest()

    doc = store.get_document("2022-03-01-board-terms-of-reference", with_text=True)
    assert "#" not in doc["clean_text"]
    assert {"Purpose", "Membership"} <= {s["heading"] for s in store.sections_for(doc["id"])}


PDF_PAGES = [
    [
        "1.0 Introduction",
        "",
        "This plan sets out how the partners of One Halton will work together on",
        "prevention and early help across the borough.",
    ],
    [
        "2.0 Governance",
        "",
        "The Board is quorate when five partners are present and it reports to the",
        "Health and Wellbeing Board every two months.",
    ],
    [
        "3.0 Review",
        "",
        "The partners will review these arrangements each spring and publish a summary.",
    ],
]


def test_multi_page_pdf_chunks_carry_their_page(corpus):
    settings, store, ingest = corpus
    ingest()
    write_text_pdf(settings.corpus_dir / "2023-05-one-halton-plan.pdf", PDF_PAGES)

    report = ingest()

    assert report.added == ["2023-05-one-halton-plan.pdf"]
    assert not report.failed
    doc = store.get_document("2023-05-one-halton-plan", with_text=True)
    assert doc["page_count"] == 3
    assert doc["title"] == "One Halton Plan"  # it opens with a section, so its name titles it
    assert doc["date"] == "2023-05"
    sections = {s["number"]: s for s in store.sections_for(doc["id"])}
    assert [sections[n]["page"] for n in ("1.0", "2.0", "3.0")] == [1, 2, 3]
    chunks = store.chunks_for(doc["id"])
    pages = {}
    for word in ("prevention", "quorate", "spring"):
        (chunk,) = [c for c in chunks if word in c["text"]]
        pages[word] = (chunk["page"], chunk["page_end"])
        assert doc["clean_text"][chunk["start"] : chunk["end"]] == chunk["text"]
    assert pages == {"prevention": (1, 1), "quorate": (2, 2), "spring": (3, 3)}
    (quorate,) = [c for c in chunks if "quorate" in c["text"]]
    assert quorate["text"].startswith(
        "The Board is quorate when five partners are present and it reports to the Health"
    )
    assert quorate["heading_path"] == "2.0 Governance"


def test_ids_are_stable_across_stores(corpus, tmp_path, token_counter):
    settings, store, ingest = corpus
    write_text_pdf(settings.corpus_dir / "2023-05-one-halton-plan.pdf", PDF_PAGES)
    ingest()
    other = Store(tmp_path / "other" / "store.db").open()
    try:
        run_ingest(settings.corpus_dir, other, token_counter, settings.chunk_tokens)
        assert snapshot(other) == snapshot(store)
        assert len(snapshot(other)) == 6
        assert other.chunks_fingerprint() == store.chunks_fingerprint()
    finally:
        other.close()
